"""A generated corpus for the anonymiser: thousands of pen-picture sentences nobody here wrote by hand.

Names, phones, emails, addresses and dates come from Faker in several locales; NHS and NI numbers are
made valid here (Faker has neither) and written with the spacing people use. Hard negatives (ordinary
words that are also names, towns, staff roles, numbers that are not identifiers) fill the rest.

Two parts with fixed seeds: `tune` (for looking at misses while improving the detectors) and
`held_out` (only ever scored: the report prints its figures, never its misses). The held-out part
also uses a third of the sentence templates that the tune part never sees, so a detector tuned to a
template's wording gains nothing there.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from faker import Faker

from matcher.privacy import ADDRESS, DATE, EMAIL, NHS_NUMBER, NINO, PERSON, PHONE, POSTCODE
from matcher.privacy.evaluation import Example, Expected

TUNE_SEED: Final = 20261201
HELD_OUT_SEED: Final = 20261202
TUNE_SIZE: Final = 4000
HELD_OUT_SIZE: Final = 2500

NAME_LOCALES: Final = ("en_GB", "en_GB", "en_IE", "en_US", "en_IN", "fr_FR", "de_DE", "es_ES", "it_IT",
                       "pl_PL", "nl_NL", "yo_NG", "tr_TR", "pt_PT")
PHONE_LOCALES: Final = ("en_GB", "en_GB", "en_GB", "en_US", "en_IE", "fr_FR", "de_DE", "es_ES", "it_IT",
                        "pl_PL", "nl_NL", "en_IN", "pt_PT")
ADDRESS_LOCALES: Final = ("en_GB", "en_GB", "en_US", "en_IE")

# --- templates: "{}" is where the identifier goes ------------------------------------------------------

_TEMPLATES: Final[dict[str, tuple[str, ...]]] = {
    PERSON: (
        "{} enjoys going to the cinema on Fridays.", "Her brother {} visits most weekends.",
        "He gets on well with {}, who lives next door.", "His support worker, {}, knows him best.",
        "She often talks about {} from her old day service.", "Please speak to {} before the visit.",
        "{} has been her advocate since 2019.", "He likes {} to help him with shopping.",
        "The referral was made by {} at the council.", "Her friend {} comes to tea on Sundays.",
        "When upset he asks for {}.", "{} would like a ground-floor flat near the shops.",
        "Last year {} moved back in with his parents.", "She calls her aunt {} every evening.",
        "According to {}, he sleeps better with a night light.", "Their neighbour {} has a key.",
    ),
    PHONE: (
        "You can reach his sister on {}.", "Call {} to arrange a visit.", "Her mobile is {}.",
        "Contact the family on {} after 5pm.", "Tel: {}", "Mum's number is {} if there is a problem.",
        "The day centre can be reached on {} during the week.", "Ring {} and ask for the duty team.",
        "Phone number: {}.", "He has a new phone, {}, since March.",
    ),
    EMAIL: (
        "Contact {} for the assessment notes.", "Her email is {}.", "Send the plan to {} please.",
        "Email: {}", "He writes to {} most weeks.", "The advocate uses {} for letters.",
        "Copies go to {} and the duty team.", "Reply to {} with any questions.",
    ),
    DATE: (
        "Born {}, she moved to the area as a teenager.", "Date of birth: {}.", "DOB {}",
        "He was born on {} in Leicester.", "Her birthday is {}.", "The last review was on {}.",
        "She started at the college on {}.", "He moved into supported living on {}.",
        "The tenancy ended {} after a fall.", "Next review due {}.",
    ),
    ADDRESS: (
        "He currently lives at {} with his mum.", "Her address is {}.", "Address: {}",
        "She stays at {} during the week.", "The family home is {}.", "Post can go to {} for now.",
        "He used to live at {} before the move.", "Visits take place at {}.",
    ),
    POSTCODE: (
        "Postcode {}.", "She lives near {} at the moment.", "Home postcode: {}", "The flat is at {}.",
        "Post goes to {} for now.", "His current postcode is {}.",
    ),
    NHS_NUMBER: (
        "NHS number: {}", "His NHS no. is {}.", "NHS {}", "Her NHS number is {} (checked).",
        "Quote NHS number {} on letters.", "NHS No {}.",
    ),
    NINO: (
        "NI number {}", "National Insurance number: {}.", "His NINO is {}.", "NI no. {} for benefits.",
        "Benefits are paid against NI number {}.", "NI: {}",
    ),
}

#: Sentences with no identifier that trip detectors: names that are words, places, roles, numbers.
_NEGATIVES: Final = (
    "He will go to the market in May if the weather is good.", "Bill the electricity bill monthly.",
    "She has hope for the future and wants to work.", "They may visit in June or July.",
    "Will is a strong word for what he shows: he is determined.", "He likes to rob the bank in Monopoly.",
    "Her key worker visits twice a week.", "The Social Worker will attend the review.",
    "His Support Worker helps with cooking.", "The Team Manager signed off the plan.",
    "She enjoys walks in Victoria Park and Abbey Park.", "He supports Leicester City and Derby County.",
    "They went to Skegness for a week in August.", "She likes Marks and Spencer for clothes.",
    "He needs 2:1 support in the community and 1:1 at home.", "She has 24/7 support at present.",
    "He scored 7/10 on the last quiz night.", "She goes swimming 2-3 times a week.",
    "He is 34 and has lived in 3 homes since 2015.", "She takes 20mg twice daily.",
    "Room 12 is on the ground floor.", "He likes Motown and old jazz records.",
    "She watches Coronation Street every evening.", "He has a diagnosis of Down's syndrome.",
    "She was diagnosed with Parkinson's disease.", "Mum and Dad visit on Sundays.",
    "Nan takes him to church at Christmas.", "He prefers a Monday appointment.",
    "The GP surgery is on the high street.", "The review is in the spring.",
    "Grace before meals matters to her family.", "He likes the colour rose and the smell of lavender.",
    "She enjoys the Grand National every April.", "Phase 2 of the plan starts soon.",
    "He wants to live near Loughborough or Shepshed.", "The nearest town is Market Harborough.",
    "He enjoys trips to the seaside at Great Yarmouth.", "She would like a home in Oakham.",
    "He likes Star Wars and Doctor Who.", "Her favourite band is Take That.",
    "The flat should have 2 bedrooms and a garden.", "Staff need level 3 training.",
    "She likes Jack Daniel's sauce on chips.", "He goes to Scouts on Tuesday evenings.",
    "A carer comes at 8am and 6pm.", "He enjoys Match of the Day on Saturdays.",
    "She reads the Bible and goes to Mass.", "The Chair of the panel agreed the budget.",
    "He likes Lord of the Rings.", "Her dog is called Biscuit.",
)

_TITLES: Final = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mx")


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            number = "".join(map(str, digits)) + str(check)
            break
    layouts = (
        lambda n: f"{n[:3]} {n[3:6]} {n[6:]}", lambda n: n, lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}",
        lambda n: f"{n[:3]}  {n[3:6]}  {n[6:]}", lambda n: f"{n[:4]} {n[4:7]} {n[7:]}",
        lambda n: " ".join(n[i:i + 2] for i in range(0, 10, 2)), lambda n: f"{n[:3]} {n[3:6]}{n[6:]}",
    )
    return rng.choice(layouts)(number)


def _nino(rng: random.Random) -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = rng.choice(first) + rng.choice(second)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = rng.choice("ABCD")
    layouts = (
        f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}", f"{prefix}{digits}{suffix}",
        f"{prefix} {digits} {suffix}", f"{prefix}{digits[:2]} {digits[2:4]} {digits[4:]}{suffix}",
        f"{prefix.lower()} {digits} {suffix.lower()}",
        f"{prefix}-{digits[:2]}-{digits[2:4]}-{digits[4:]}-{suffix}",
        f"{prefix} {digits[:2]}{digits[2:4]}{digits[4:]} {suffix}",
    )
    return rng.choice(layouts)


def _name(rng: random.Random) -> str:
    fake = _faker(rng.choice(NAME_LOCALES))
    first, last = fake.first_name(), fake.last_name()
    forms: tuple[Callable[[], str], ...] = (
        lambda: f"{first} {last}", lambda: first, lambda: f"{rng.choice(_TITLES)} {last}",
        lambda: f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}", lambda: f"{first} {last}".lower(),
        lambda: f"{rng.choice(_TITLES)} {first} {last}", lambda: f"{first} {last}",
    )
    return rng.choice(forms)()


def _phone(rng: random.Random) -> str:
    locale = rng.choice(PHONE_LOCALES)
    number = str(_faker(locale).phone_number())
    if rng.random() < 0.1:  # numbers from further afield, written internationally
        layout = rng.choice(("+47 {:02d} {:02d} {:02d} {:02d}", "+46 8 {:03d} {:02d} {:02d}{}",
                             "+61 4{:02d} {:03d} {:03d}{}", "+1 ({:03d}) {:03d}-{:04d}{}"))
        number = layout.format(*(rng.randint(10, 99) for _ in range(4))).rstrip("{}")
    return number


def _email(rng: random.Random) -> str:
    fake = _faker(rng.choice(NAME_LOCALES))
    user = fake.user_name()
    roll = rng.random()
    if roll < 0.15:
        domain = rng.choice(("münchen.de", "bücher.example", "café.fr", "xn--mnchen-3ya.de", "例え.jp",
                             "xn--bcher-kva.example", "straße.de"))
        return f"{user}@{domain}"
    if roll < 0.3:
        domain = rng.choice(("gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "btinternet.com"))
        return f"{user} at {domain}"
    return str(fake.email())


def _date(rng: random.Random) -> str:
    fake = _faker("en_GB")
    day = fake.date_of_birth(minimum_age=18, maximum_age=90)
    formats = ("%d/%m/%Y", "%d-%b-%Y", "%-d-%b-%Y", "%d %B %Y", "%-d %B %Y", "%B %-d, %Y", "%Y-%m-%d",
               "%d.%m.%Y", "%b-%Y", "%m/%Y", "%-m-%-d-%Y", "%-d/%-m/%y", "%-dth %B %Y", "%B %Y", "%d-%m-%Y")
    fmt = rng.choice(formats)
    text = day.strftime(fmt)
    if fmt == "%-dth %B %Y":
        suffix = "th" if 11 <= day.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
        text = f"{day.day}{suffix} {day.strftime('%B %Y')}"
    if rng.random() < 0.2:
        text = text.upper()
    elif rng.random() < 0.2:
        text = text.lower()
    return text


def _address(rng: random.Random) -> str:
    fake = _faker(rng.choice(ADDRESS_LOCALES))
    street = str(fake.street_address()).replace("\n", ", ")
    if not street[:1].isdigit() and street.split()[0] not in {"Flat", "Studio", "Apartment", "Unit"}:
        street = f"{rng.randint(1, 250)} {street}"
    if rng.random() < 0.15:
        street = f"Flat {rng.randint(1, 120)}{rng.choice('ABCDR')}, {street}"
    if rng.random() < 0.3:
        street = f"{street}, {fake.city()}"
    return street


def _postcode(rng: random.Random) -> str:
    code = str(_faker("en_GB").postcode())
    outward, inward = code.split()
    layouts = (f"{outward} {inward}", f"{outward}{inward}", f"{outward}  {inward}",
               f"{outward} {inward}".lower(),
               f"{outward[:2]} {outward[2:]} {inward}" if len(outward) > 2 else code)
    return rng.choice(layouts)


_MAKERS: Final[dict[str, Callable[[random.Random], str]]] = {
    PERSON: _name, PHONE: _phone, EMAIL: _email, DATE: _date, ADDRESS: _address, POSTCODE: _postcode,
    NHS_NUMBER: _nhs_number, NINO: _nino,
}
_WEIGHTS: Final = {PERSON: 4, PHONE: 2, EMAIL: 2, DATE: 2, ADDRESS: 2, POSTCODE: 1, NHS_NUMBER: 1, NINO: 1}


@dataclass(frozen=True, slots=True)
class _Part:
    seed: int
    size: int
    held_out: bool


def _templates(kind: str, held_out: bool) -> Sequence[str]:
    every = _TEMPLATES[kind]
    return every if held_out else [t for i, t in enumerate(every) if i % 3 != 2]


def _negatives(held_out: bool) -> Sequence[str]:
    return _NEGATIVES if held_out else [t for i, t in enumerate(_NEGATIVES) if i % 3 != 2]


def _generate(part: _Part) -> list[Example]:
    rng = random.Random(part.seed)
    Faker.seed(part.seed)
    kinds = [k for k, w in _WEIGHTS.items() for _ in range(w)]
    examples: list[Example] = []
    for _ in range(part.size):
        pieces: list[str] = []
        expected: list[Expected] = []
        length = 0
        for _sentence in range(rng.randint(1, 3)):
            if rng.random() < 0.3:
                sentence = rng.choice(_negatives(part.held_out))
                pieces.append(sentence)
            else:
                kind = rng.choice(kinds)
                template = rng.choice(_templates(kind, part.held_out))
                value = _MAKERS[kind](rng)
                before, after = template.split("{}")
                if not before and value[:1].islower() and kind != PERSON:
                    value = value[:1].upper() + value[1:]
                start = length + len(before)
                expected.append(Expected(kind, start, start + len(value), value))
                pieces.append(before + value + after)
            length += len(pieces[-1]) + 1
        examples.append(Example(" ".join(pieces), (), tuple(expected)))
    return examples


@cache
def tune() -> tuple[Example, ...]:
    return tuple(_generate(_Part(TUNE_SEED, TUNE_SIZE, held_out=False)))


@cache
def held_out() -> tuple[Example, ...]:
    return tuple(_generate(_Part(HELD_OUT_SEED, HELD_OUT_SIZE, held_out=True)))


#: The family's own names as people type them in a hurry: in capitals, in lower case, or as written.
#: Held out like the rest (nobody tunes on it); its seed is its own.
KNOWN_CASES_SEED: Final = 20261203
KNOWN_CASES_SIZE: Final = 600
_KNOWN_TEMPLATES: Final = (
    "{} visits on Sundays.", "Staff should ask {} before changing the routine.",
    "He phones {} most evenings.", "NOTE: {} IS THE MAIN CONTACT.", "her brother {} takes her swimming.",
    "Lives near {} and wants to stay close.", "{} and the team agreed the plan.",
)
_KNOWN_NEGATIVES: Final = (
    "He enjoys music, buses and walks by the canal.", "PLEASE NOTE: PBS PLAN ATTACHED.",
    "staff should knock before entering.", "He can rob himself of sleep worrying about appointments.",
    "She will mark the date on her calendar.",
)


@cache
def known_names_any_case() -> tuple[Example, ...]:
    """Texts naming someone on the identity record (its names given as `known_names`), in any casing."""
    rng = random.Random(KNOWN_CASES_SEED)
    Faker.seed(KNOWN_CASES_SEED)
    examples: list[Example] = []
    for _ in range(KNOWN_CASES_SIZE):
        fake = _faker(rng.choice(NAME_LOCALES))
        person, relative = f"{fake.first_name()} {fake.last_name()}", fake.first_name()
        known = (person, relative)
        if rng.random() < 0.25:
            examples.append(Example(rng.choice(_KNOWN_NEGATIVES), known, ()))
            continue
        name = rng.choice([*person.split(), relative])
        value = rng.choice((name, name.upper(), name.lower()))
        before, after = rng.choice(_KNOWN_TEMPLATES).split("{}")
        expected = Expected(PERSON, len(before), len(before) + len(value), value)
        examples.append(Example(before + value + after, known, (expected,)))
    return tuple(examples)


#: The person's own address as people type it: the street line as written, in lower case or in capitals,
#: with or without its house number, the identity record holding the whole address. A second set holds
#: street lines typed in one case with nobody's record to match them by. Both held out: nobody tunes on
#: them; each has its own seed.
OWN_ADDRESS_SEED: Final = 20261204
ONE_CASE_STREETS_SEED: Final = 20261205
ADDRESS_CASES_SIZE: Final = 500
_ADDRESS_MENTIONS: Final = (
    "He lived at {} until last year.", "mum still lives on {} and he visits.", "HIS OLD HOME WAS {}.",
    "Trips back to {} upset him.", "She grew up at {} and misses the neighbours.", "Previous address: {}",
    "the family moved away from {} in the spring.",
)


def _street_line(rng: random.Random) -> tuple[str, str, str]:
    """(street line, street name, the whole address as a record holds it), from Faker."""
    fake = _faker(rng.choice(ADDRESS_LOCALES))
    number = str(fake.building_number())
    street = str(fake.street_name())
    record = f"{number} {street}, {fake.city()}, {fake.postcode()}"
    return f"{number} {street}", street, record


def _address_cases(seed: int, known: bool) -> tuple[Example, ...]:
    rng = random.Random(seed)
    Faker.seed(seed)
    examples: list[Example] = []
    for _ in range(ADDRESS_CASES_SIZE):
        line, street, record = _street_line(rng)
        records = (record,) if known else ()
        if rng.random() < 0.25:
            examples.append(Example(rng.choice(_negatives(held_out=True)), (), (), records))
            continue
        written = rng.choice((line, street)) if known else line
        casings = (written, written.upper(), written.lower()) if known else (line.upper(), line.lower())
        value = rng.choice(casings)
        before, after = rng.choice(_ADDRESS_MENTIONS).split("{}")
        expected = Expected(ADDRESS, len(before), len(before) + len(value), value)
        examples.append(Example(before + value + after, (), (expected,), records))
    return tuple(examples)


@cache
def own_address_any_case() -> tuple[Example, ...]:
    """The identity record's own street, mentioned in any casing, with or without the house number."""
    return _address_cases(OWN_ADDRESS_SEED, known=True)


@cache
def streets_in_one_case() -> tuple[Example, ...]:
    """Street lines (house number and street) in lower case or capitals, with no record to match them."""
    return _address_cases(ONE_CASE_STREETS_SEED, known=False)


#: Short forms of the names on an identity record, taken from the public `nicknames` dataset (curated
#: by others, Apache-2.0): the record holds "Margaret Okafor", the text says "peggy". Every pair of the
#: dataset may be drawn, those the detector leaves out as English words included. Hard negatives: Faker's
#: English lorem sentences holding, in lower case, a word that is one of the record's short forms in the
#: dataset ("day" for David), so a table that takes words for names loses precision here. Held out.
SHORT_FORMS_SEED: Final = 20261206
SHORT_FORMS_SIZE: Final = 800
_SHORT_FORM_TEMPLATES: Final = (
    "{} rings the house on Friday evenings.", "Ask {} about the new bus route first.",
    "THE TEAM SHOULD CALL {} IF PLANS CHANGE.", "he settles best when {} is there.",
    "Her cousin {} helps with the shopping.", "{} would like to be near the coast.",
    "Before a move, staff meet {} twice.",
)


@cache
def known_short_forms() -> tuple[Example, ...]:
    """Texts naming someone on the record by one of the dataset's short forms of the name, in any casing,
    and sentences using such a short form as the ordinary word it also is."""
    from faker.providers.lorem.en_US import Provider as EnglishLorem
    from nicknames import NickNamer

    rng = random.Random(SHORT_FORMS_SEED)
    Faker.seed(SHORT_FORMS_SEED)
    fake = _faker("en_GB")
    lookup = NickNamer().nickname_lookup
    pairs = sorted((c, s) for c, shorts in lookup.items() for s in shorts if c.isalpha() and s.isalpha())
    english = list(EnglishLorem.word_list)
    words = sorted((c, s) for c, s in pairs if s in set(english))
    examples: list[Example] = []
    for _ in range(SHORT_FORMS_SIZE):
        if rng.random() < 0.25:
            canonical, word = rng.choice(words)
            known = (f"{canonical.capitalize()} {fake.last_name()}", fake.first_name())
            sentence = fake.sentence(nb_words=9, ext_word_list=english).rstrip(".").split()
            sentence.insert(rng.randint(1, len(sentence)), word)
            examples.append(Example(" ".join(sentence) + ".", known, ()))
            continue
        canonical, short = rng.choice(pairs)
        known = (f"{canonical.capitalize()} {fake.last_name()}", fake.first_name())
        value = rng.choice((short.capitalize(), short.lower(), short.upper()))
        before, after = rng.choice(_SHORT_FORM_TEMPLATES).split("{}")
        if before.isupper() or after.isupper():
            value = value.upper()
        expected = Expected(PERSON, len(before), len(before) + len(value), value)
        examples.append(Example(before + value + after, known, (expected,)))
    return tuple(examples)


#: NHS numbers, postcodes, phone numbers and dates as pasted from a word processor or a clinical system:
#: each separator of a generated value swapped, at random, for a look-alike (a non-breaking or thin space,
#: an en or em dash, a minus sign, an underscore between digits). Negatives get non-breaking spaces too,
#: so the set checks that reading look-alikes as separators finds nothing new in plain prose. Written
#: after `privacy/separators.py`; held out like the rest (its misses are never printed).
LOOK_ALIKE_SEED: Final = 20261207
LOOK_ALIKE_SIZE: Final = 800
_LOOK_ALIKE_SPACES: Final = ("\u00a0", "\u2009", "\u202f", "\u2007")
_LOOK_ALIKE_DASHES: Final = ("\u2013", "\u2014", "\u2212", "\u2011")


def _look_alike(value: str, rng: random.Random) -> str:
    """`value` with its separators swapped for look-alikes; each kept as it is with chance 1/4."""
    out = []
    for i, c in enumerate(value):
        between_digits = 0 < i < len(value) - 1 and value[i - 1].isdigit() and value[i + 1].isdigit()
        if c in " -/." and rng.random() < 0.75:
            choices = [*_LOOK_ALIKE_SPACES, *_LOOK_ALIKE_DASHES] + (["_"] if between_digits else [])
            if c == " ":
                choices = [*_LOOK_ALIKE_SPACES, *_LOOK_ALIKE_SPACES] + (["_"] if between_digits else [])
            out.append(rng.choice(choices))
        else:
            out.append(c)
    return "".join(out)


@cache
def look_alike_separators() -> tuple[Example, ...]:
    rng = random.Random(LOOK_ALIKE_SEED)
    Faker.seed(LOOK_ALIKE_SEED)
    kinds = [NHS_NUMBER, POSTCODE, PHONE, DATE]
    examples: list[Example] = []
    while len(examples) < LOOK_ALIKE_SIZE:
        if rng.random() < 0.25:
            sentence = rng.choice(_negatives(held_out=True))
            examples.append(Example("".join(c if c != " " or rng.random() < 0.7 else "\u00a0"
                                            for c in sentence), (), ()))
            continue
        kind = rng.choice(kinds)
        plain = _MAKERS[kind](rng)
        value = _look_alike(plain, rng)
        if value == plain:
            continue  # nothing swapped: the held-out set already has it
        before, after = rng.choice(_templates(kind, held_out=True)).split("{}")
        start = len(before)
        expected = Expected(kind, start, start + len(value), value)
        examples.append(Example(before + value + after, (), (expected,)))
    return tuple(examples)
