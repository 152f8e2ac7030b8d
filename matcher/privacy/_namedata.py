"""Word lists behind the name detector, kept apart from the logic so they can be reviewed on their own.

First names and surnames come from the US Census Bureau's 1990 name lists (public domain), shipped
by the MIT-licensed `names` package: 5,494 first names and 88,799 surnames. They replace
`gender-guesser`, whose code is GPL-3.0 and whose data GFDL, neither of which fits an MIT project.
A US list misses some British and Irish names; `EXTRA_FIRST_NAMES` adds the common ones, and the
statistical model (`matcher.privacy.model`) finds the names no list holds.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Final


def _census_names(filename: str, limit: int | None = None) -> set[str]:
    """The first column of one census list, lower-cased; the lists are sorted by frequency."""
    text = resources.files("names").joinpath(filename).read_text(encoding="utf-8")
    lines = [line.split(None, 1)[0].lower() for line in text.splitlines() if line.strip()]
    return set(lines[:limit])


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Lower-cased first names, read once per process."""
    census = _census_names("dist.male.first") | _census_names("dist.female.first")
    short_forms = {name for group in NICKNAME_GROUPS for name in group}
    return frozenset(census | EXTRA_FIRST_NAMES | short_forms)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The 20,000 most frequent census surnames: evidence that a span the model found is a name."""
    return frozenset(_census_names("dist.all.last", 20_000))


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Lower-cased UK town and county names from the places gazetteer's data file (GeoNames, CC BY 4.0)."""
    data = resources.files("matcher.places.data").joinpath("gb_towns.tsv").read_text(encoding="utf-8")
    found: set[str] = set()
    for line in data.splitlines():
        if line.startswith(("#", "name\t")):
            continue
        columns = line.split("\t")
        found.update(c.lower() for c in columns[:1] + columns[2:3] if c)
    return frozenset(found)


#: Names common in the UK and Ireland today that the 1990 US list lacks.
EXTRA_FIRST_NAMES: Final = frozenset("""
    jayden kayden brayden aiden jaxon kai alfie archie freddie harley reggie ollie tommy theo teddy
    callum kieran declan rhys cerys niamh siobhan aoife saoirse ffion carys dylan evie isla ellie
    poppy maisie millie darcie lacey kacey shannon chantelle jade jordan kayleigh leanne zoe zara
    zayn zain amir ayesha fatima hamza imran mohammed muhammad priya rajesh sanjay sunita yusuf zainab
""".split())

#: Words that are first names but far more often ordinary English (or places, months, brands) in a
#: pen picture. An unknown token in this set is flagged only with a cue ("her brother Mark").
ORDINARY_WORDS: Final = frozenset("""
    will may hope guy win red major art non london chance march price summer america june april king
    bill key august mark india river rock miles justice judge brain spring rich gay christian royal
    faith jack rose stone bet frank israel jones prince sky dick forest honor honour ray era grant max
    storm asia taylor don bell heaven lane grace joy angel charity duke gray grey mac chase ear diamond
    kit walker buddy crystal dean hunter honey ward gene carter chelsea liberty foster precious robin
    eve chip clay con dawn autumn cooper oral alpha des noble pat sue unity skip loyal patience
    destiny sandy trace turner cherry earl victor chuck jake kent madison marvel sunshine rocky ion
    lean haven miracle sterling easter harmony warner ally cam cliff les bee olive bud fairy nest
    penny reed sunny buzz dot bailey brooks jo palmer buck cal blair amber berry tab lance lou
    newton chad ginger hay pierce nova rex baron holly glen heather coral hardy genesis ivory
    sherman sincere crawford ivy merry mick sage eden melody chester venus fletcher belle raven
    tucker daisy jade valentine velvet brook iris heath gore meta doyle carey gale rusty willow
    jewel piper dusty earnest sonny lyric laurel blossom emerald forrest meadow mare windy stormy
    marquis berth terra aspen fawn marlin bobo cleo moray page parker mason bishop baker cook
    porter hall hill wood young white green brown black long short north south west east
    sunday monday tuesday wednesday thursday friday saturday january february july september
    october november december christmas easter lincoln melton chester kingston sheffield
    derby york devon dale dallas houston denver phoenix columbus sydney paris victoria georgia
    virginia florence montana dakota kenya cleveland trinity pearl ruby jasmine poppy saffron
    sorrel clement constance prudence mercy verity felicity happy hero sonny star bonnie sunny
    tanner tyler walker wade rider ryder carver sawyer gardner hunter fisher miller mills
    drew dash dart marsh rod reg pip lolly kitty minnie polly dolly candy sugar sweet
    all an and are as at be but by can do for go has he her his if in is it me my no not of on
    or our she so the to up us we who you call rush essence princess queen van di ap mo del isis sierra
    geneva brooklyn stanford francisco cruz hey tank engine
    irish english scottish welsh british french german polish indian african american asian caribbean
    chinese italian spanish portuguese dutch turkish
""".split())

#: The ordinary words above that, followed by a capitalised surname, are almost always a person
#: ("Grace Dent", "Frank Sinatra"), unlike "May Day" or "Royal Infirmary".
PERSON_LIKE_ORDINARY: Final = frozenset("""
    will bill mark grace frank taylor jack rose hope faith joy ray dawn pat sue don guy dean max sandy
    holly ruby daisy heather penny june april august carter hunter tyler drew chuck rob rich dick art
    gene kit earl victor jake angel crystal amber ivy jade pearl olive summer autumn skye
""".split())

#: Words that, just before a capitalised token, say a person is being named.
CUE_WORDS: Final = frozenset("""
    mr mrs ms miss mx dr
    brother brothers sister sisters mum mom mother dad father parent parents nan nana nanna gran
    granny grandma grandmother grandad granddad grandpa grandfather aunt auntie aunty uncle cousin
    son daughter nephew niece stepdad stepmum stepfather stepmother stepbrother stepsister
    friend friends boyfriend girlfriend partner wife husband fiance fiancee neighbour neighbor
    called named name calls carer sibling twin godmother godfather housemate flatmate
    worker keyworker nurse teacher advocate manager coordinator co-ordinator therapist psychologist
    psychiatrist consultant gp doctor
""".split())

#: Words after a name that show it names a place or organisation ("Abbey Park", "Melton Road"), so a
#: first name standing before one is not flagged unless it is one of the case's known names.
PLACE_WORDS: Final = frozenset("""
    park road street avenue lane close drive way crescent court gardens garden place terrace grove walk
    row hill view square mews rise green house hall centre center school college academy hospital
    church chapel club group farm lodge manor surgery practice ward unit trust bridge wood woods
    cross market station estate village town city county river lake
    pub inn arms tavern hotel cafe café restaurant shop shops store library museum theatre cinema
    stadium pool
""".split())

#: Words that end or follow the name of a firm or service ("Hazelwood Homes", "Pebblebrook Housing
#: Trust", "Oakfield Care Partnership"): a name standing before one of them names the organisation.
ORG_WORDS: Final = frozenset("""
    homes housing properties property futures services service partnership partners support
    living care trust association group ltd limited plc llp cic charity foundation society network
    pathways solutions company agency consortium alliance collective project projects
""".split())

#: Lower-case words that start many surnames ("de Wit", "van Dijk", "al Hassan", "ter Horst").
PARTICLES: Final = frozenset(
    "de da di del della der den van von ter ten le la du dos das al el bin ibn".split()
)

#: Cues that may name someone other than a family member but still a person: any capitalised word
#: after them is a name even when it is not in the first-name list ("Mrs Patel").
TITLE_WORDS: Final = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})

#: Common English short forms. Each group is one set of interchangeable names; a known name in a group
#: catches every other member ("Elizabeth" catches "Liz", "Beth", "Betty").
NICKNAME_GROUPS: Final = tuple(frozenset(g.split()) for g in (
    "jonathan jon jonny jonnie john johnny jack", "william will bill billy willy liam",
    "robert rob robbie bob bobby bert", "richard rich richie rick ricky dick",
    "michael mike mikey mick micky mickey", "thomas tom tommy", "james jim jimmy jamie",
    "joseph joe joey", "daniel dan danny", "christopher chris kit", "matthew matt matty",
    "andrew andy drew", "anthony tony ant", "edward ed eddie ted teddy ned", "samuel sam sammy",
    "benjamin ben benny benji", "alexander alex alec sandy", "nicholas nick nicky", "stephen steve stevie",
    "steven steve stevie", "david dave davey", "charles charlie chas chuck", "frederick fred freddie freddy",
    "alfred alf alfie", "henry harry hal", "peter pete", "patrick pat paddy", "timothy tim timmy",
    "kenneth ken kenny", "gerald gerry", "terence terry", "lawrence laurence larry", "leonard len lenny",
    "ronald ron ronnie", "donald don donnie", "douglas doug", "gregory greg", "philip phil", "phillip phil",
    "raymond ray", "nathan nate nat", "nathaniel nate nat", "zachary zach zak", "oliver olly ollie",
    "archibald archie", "theodore theo ted teddy", "callum cal", "jacob jake", "joshua josh",
    "elizabeth liz lizzie lizzy beth betty bess bessie eliza libby", "margaret maggie meg peggy madge",
    "katherine kate katie kathy kat kitty", "catherine kate katie cathy cath kat", "kathleen kath kathy",
    "rebecca becky becca", "susan sue susie suzy", "deborah debbie deb debs", "jennifer jen jenny",
    "patricia pat patty tricia trish", "victoria vicky vicki tori", "samantha sam sammy",
    "alexandra alex alexa lexi", "christine chris chrissie tina", "christina chris tina",
    "jacqueline jackie jacqui", "josephine jo josie", "joanne jo", "sarah sara sally sadie",
    "ann anne annie anna", "mary molly polly", "helen nell nellie", "eleanor ellie nell nora",
    "abigail abby abbie gail", "amanda mandy", "barbara barb babs", "dorothy dot dottie",
    "frances fran frankie", "francis frank frankie", "gillian gill jill", "jessica jess jessie",
    "kimberley kim", "kimberly kim", "lucinda lucy cindy", "nicola nicky nikki", "pamela pam",
    "sandra sandy", "teresa tess tessa terri", "theresa tess tessa terri", "valerie val",
    "wendy wend", "yvonne vonnie", "charlotte lottie charlie", "emily em emmy", "emma em",
    "georgina georgie gina", "harriet hattie", "isabel izzy bella", "isabella izzy bella",
    "louise lou lulu", "madeleine maddie", "matilda tilly tilda", "natalie nat", "natasha tash tasha",
    "penelope penny", "rosemary rosie", "stephanie steph", "sophie soph", "zoe zo",
))


#: Words of this domain that the model may read as a person but that never name one in a pen picture:
#: communication systems, conditions named after people, services and the law. Every code word of the
#: controlled vocabularies (`matcher.vocab`: "makaton", "pecs", ...) is added to these.
DOMAIN_WORDS: Final = frozenset("""
    makaton pecs bsl signalong widgit proloquo lámh lamh talking mats easy read objects reference
    intensive interaction tacpac sensory integration teacch son-rise
    autism autistic asperger asperger's aspergers tourette tourette's rett rett's prader willi
    angelman fragile down down's williams smith-magenis cornelia lange dravet lennox gastaut
    epilepsy pica pbs bild rrn cqc nhs nice mencap dols mca atu camhs lda ofsted
    care act mental health act court protection
""".split())
