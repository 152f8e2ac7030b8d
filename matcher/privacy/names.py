"""People's names: the case's own names matched loosely, and anyone else's found by a first-name list.

Known names are the bigger risk (the person and their family are who a provider could identify), so
they are matched generously: nicknames, short forms, diminutives, misspellings and possessives. Names
nobody listed ("her brother Callum visits") are found from the first-name list, but only where the
text treats the word as a name, because many first names are also ordinary words ("he will go").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from nicknames import NickNamer
from rapidfuzz import fuzz
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from matcher import vocab

from ._finding import DOUBTFUL, LIKELY, PERSON, VALIDATED, Finding, make
from ._namedata import (
    CUE_WORDS,
    DOMAIN_WORDS,
    NICKNAME_GROUPS,
    ORDINARY_WORDS,
    ORG_WORDS,
    PARTICLES,
    PERSON_LIKE_ORDINARY,
    PLACE_WORDS,
    TITLE_WORDS,
    first_names,
    place_names,
    surnames,
)
from .addresses import STREET_TYPES
from .model import COMMON_WORDS, NAME_LIKE, UNKNOWN_WORD, Entity

#: A word of letters in any script, with the combining marks some scripts lower-case into ("i̇" of "İ").
_WORD_RE: Final = re.compile(r"[^\W\d_][^\W\d_\u0300-\u036f]*(?:[-'’][^\W\d_][^\W\d_\u0300-\u036f]*)*")
_POSSESSIVE_RE: Final = re.compile(r"['’]s?$", re.IGNORECASE)
_SENTENCE_END: Final = ".!?\n•*"
_DIMINUTIVE_ENDINGS: Final = ("ie", "ey", "y", "o", "a", "s")
_FUZZY_MIN_RATIO: Final = 80.0
_FUZZY_LOOSE_RATIO: Final = 72.0
_MIN_PART: Final = 2
#: Words that follow a person's name as the subject of a sentence ("jon was", "sam likes").
_AFTER_A_SUBJECT: Final = frozenset(
    "and is was has had likes loves enjoys said says visits visited went goes comes came lives lived "
    "will would can could may might does did gets got wants needs".split()
)
#: A known name (the case's own) matched: the strongest evidence a name detector has.
KNOWN: Final = VALIDATED


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str  # without any possessive ending

    @property
    def lower(self) -> str:
        return self.word.lower()

    @property
    def capitalised(self) -> bool:
        return self.word[0].isupper() and (self.word[1:].islower() or len(self.word) == 1 or
                                          "-" in self.word or "'" in self.word)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if "'" in word or "’" in word:
            stem = re.sub(r"['’][^\W\d_]+$", "", word)
            if stem != word and word[len(stem) + 1:].lower() == "s":
                word = stem
        else:
            word = _POSSESSIVE_RE.sub("", word) or word
        tokens.append(_Token(m.start(), m.start() + len(word), word))
    return tokens


def _nickname_index(public: bool = True) -> dict[str, frozenset[str]]:
    """Each name with the names it is also written as. Our own groups are interchangeable sets; the
    public `nicknames` dataset (some 2,700 curated name/short-form pairs) adds each pair both ways
    ("Margaret" catches "Peggy", "Peggy" catches "Margaret") without chaining pairs into groups, since
    "ron" of Aaron and of Ronald does not make Aaron a Ronald. `public=False` is the table alone, for the
    anonymiser report's side-by-side figures."""
    index: dict[str, set[str]] = {}
    for group in NICKNAME_GROUPS:
        for name in group:
            index.setdefault(name, set()).update(group)
    if public:
        for canonical, short in _public_pairs():
            index.setdefault(canonical, {canonical}).add(short)
            index.setdefault(short, {short}).add(canonical)
    return {k: frozenset(v) for k, v in index.items()}


def _public_pairs() -> list[tuple[str, str]]:
    """The dataset's pairs in which neither name is more often an English word than a name: it gives
    "day" for David, "see" for Seymour and "than" for Nathaniel, and "the day was long" is about no
    one. zxcvbn's English lists (Wikipedia, film and television) keep each word only in the list where
    it ranks highest, so a word in them is more common as a word than as a name."""
    words = set(FREQUENCY_LISTS["english_wikipedia"]) | set(FREQUENCY_LISTS["us_tv_and_film"])
    return [
        (canonical, short)
        for canonical, shorts in NickNamer().nickname_lookup.items()
        for short in shorts
        if canonical.isalpha() and short.isalpha() and canonical not in words and short not in words
    ]


_NICKNAMES: Final = _nickname_index()


def known_name_parts(known_names: Sequence[str]) -> frozenset[str]:
    """Each word of each identity name, lower-cased; initials are dropped because they match too much."""
    parts: set[str] = set()
    for full in known_names:
        for part in re.split(r"[\s\-]+", full):
            clean = re.sub(r"[^A-Za-z'’]", "", part).strip("'’")
            if sum(ch.isalpha() for ch in clean) >= _MIN_PART:
                parts.add(clean.lower())
    return frozenset(parts)


def _strip_diminutive(word: str) -> str | None:
    """"jonny" -> "jon", "katie" -> "kat": the stem a short form was built from, if it has one."""
    for ending in _DIMINUTIVE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if len(stem) >= 4 and stem[-1] == stem[-2]:
                stem = stem[:-1]
            return stem
    return None


@lru_cache(maxsize=4096)
def _matches_known(word: str, part: str, is_first_name: bool) -> bool:
    """Whether a word is plausibly the known name part: nickname, short form, diminutive or misspelling."""
    if word == part or word in _NICKNAMES.get(part, ()):
        return True
    if len(part) < 3:
        return False
    if is_first_name and len(word) >= 3 and part.startswith(word):
        return True
    stem = _strip_diminutive(word)
    if stem is not None and part.startswith(stem) and (is_first_name or len(stem) >= 4):
        return True
    if min(len(word), len(part)) < 4:
        return False
    ratio = fuzz.ratio(word, part)
    # Spelling variants of longer names drift further ("Ameera" / "Amira") but keep their first letter.
    return ratio >= _FUZZY_MIN_RATIO or (ratio >= _FUZZY_LOOSE_RATIO and word[0] == part[0]
                                         and min(len(word), len(part)) >= 5)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in _SENTENCE_END or before.endswith(":")


def _is_cue(word: str) -> bool:
    return word in CUE_WORDS or any(piece in CUE_WORDS for piece in word.split("-"))


def _cue_before(text: str, tokens: list[_Token], index: int) -> str | None:
    """The cue word just before a token ("brother Callum", "Mum (Janet)", "brother is Callum")."""
    if index == 0:
        return None
    prev = tokens[index - 1]
    if re.search(r"[.!?;\n]", text[prev.end:tokens[index].start]):
        return None
    if _is_cue(prev.lower):
        return prev.lower
    if prev.lower in {"is", "was", "and"} and index >= 2:
        before = tokens[index - 2]
        if _is_cue(before.lower) and not re.search(r"[.!?;\n]", text[before.end:prev.start]):
            return before.lower
    return None


def _word_pieces(word: str) -> list[str]:
    """"sarah-jane" -> ["sarah-jane", "sarah", "jane"]: either half of a double name can be the match."""
    pieces = [word]
    if "-" in word:
        pieces.extend(p for p in word.split("-") if len(p) >= _MIN_PART)
    return pieces


def _is_known(tok: _Token, parts: frozenset[str], names: frozenset[str], sentence_start: bool) -> bool:
    for piece in _word_pieces(tok.lower):
        is_first_name = piece in names
        if piece in parts:
            return True
        # A capitalised common word at the start of a sentence ("Call", "There") is no evidence of a
        # name, so loose matching needs a real first name or a capital that the grammar did not force.
        if (is_first_name or not sentence_start) and piece not in ORDINARY_WORDS and \
                any(_matches_known(piece, p, is_first_name) for p in parts):
            return True
        if is_first_name and piece in ORDINARY_WORDS and any(piece in _NICKNAMES.get(p, ()) for p in parts):
            return True
    return False


def _next_is_place(text: str, tokens: list[_Token], index: int) -> bool:
    nxt = index + 1
    return (nxt < len(tokens) and text[tokens[index].end:tokens[nxt].start] == " "
            and tokens[nxt].lower in PLACE_WORDS)


def _next_is_surname(text: str, tokens: list[_Token], index: int, names: frozenset[str]) -> bool:
    """"Grace Dent": an ordinary-word first name followed by a capitalised non-word reads as a full name."""
    nxt = index + 1
    if nxt >= len(tokens) or text[tokens[index].end:tokens[nxt].start] != " ":
        return False
    tok = tokens[nxt]
    return (tok.capitalised and len(tok.word) > 2 and tok.lower not in ORDINARY_WORDS
            and tok.lower not in PLACE_WORDS and tok.lower not in names)


def find_names(
    text: str,
    known_names: Sequence[str] = (),
    entities: Sequence[Entity] = (),
    blocked: Sequence[Finding] = (),
) -> list[Finding]:
    """Names from the rules (known names, titles, cues, the name list) and from the model's PERSON spans.

    `entities` are the statistical model's; `blocked` are the structured findings (emails, addresses…),
    which a model span may not overlap: "14 Ashby Road" is an address even if the model reads a person.
    """
    ruled = _rule_names(text, known_names, entities)
    ruled = sorted(ruled + [f for f in _initialled_names(text) if not any(_overlaps(f, r) for r in ruled)],
                   key=lambda f: f.start)
    found = _with_model_names(text, ruled, entities, blocked, known_name_parts(known_names))
    kept = [f for f in found if f.confidence >= KNOWN or not _names_a_thing(text, f, entities)]
    return _without_inner([_with_title(text, _widened(text, f, entities)) for f in kept])


def _without_inner(findings: list[Finding]) -> list[Finding]:
    """Findings inside a longer one (widened over them) are dropped: one "[name]" per name."""
    return [f for f in findings
            if not any(o is not f and o.start <= f.start and f.end <= o.end
                       and o.end - o.start > f.end - f.start for o in findings)]


def _widened(text: str, finding: Finding, entities: Sequence[Entity]) -> Finding:
    """A name found in part, widened over the rest of it where the words say so unmistakably:

    - over surname particles and the surname after them ("Aaliyah van" of "Aaliyah van der Stael de
      Jonge", "annabel van" of "annabel van santen"), see `_particle_surname_end`;
    - over a middle initial and the word on its other side ("Philippine" before "G. Grenier");
    - over the capitalised word just before a one-word name when it is the first name, see
      `_first_name_before`.
    Nothing is widened over a word of an ordinary, place, firm or role kind, nor across a sentence.
    """
    start, end = finding.start, finding.end
    end = _particle_surname_end(text, start, end)
    start, end = _across_initial(text, start, end)
    start = _first_name_before(text, start, end, entities)
    if (start, end) == (finding.start, finding.end):
        return finding
    return Finding(finding.type, start, end, text[start:end], finding.replacement, finding.confidence)


_PARTICLE_RUN_RE: Final = re.compile(
    r"(?:[ \t]+(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + r")\b){1,3}"
    r"[ \t]+(" + _WORD_RE.pattern + ")"
)
#: After a name that ends in a particle: any further particles, then the surname ("van" + "der Stael").
_AFTER_PARTICLE_RE: Final = re.compile(_PARTICLE_RUN_RE.pattern.replace("{1,3}", "{0,2}", 1))


def _particle_surname_end(text: str, start: int, end: int) -> int:
    """The end of the surname when one to three particles and a surname follow a name (repeatedly:
    "van der Stael de Jonge"), or when the name already ends in a particle ("annabel van" + "santen").

    The word after the particles is the surname when it is capitalised, or lower-case in a name
    written all in lower case; never an ordinary, common, place or firm word ("Sarah de facto")."""
    lower_name = text[start:end].islower()
    while True:
        words = _WORD_RE.findall(text, start, end)
        if words and words[-1].lower() in PARTICLES and len(words) > 1:
            m = _AFTER_PARTICLE_RE.match(text, end)  # the name ends in a particle: the words after it
        else:
            m = _PARTICLE_RUN_RE.match(text, end)
        if m is None or not _surname_word(m.group(1)) or (m.group(1).islower() and not lower_name):
            return end
        end = m.end(1)


def _surname_word(word: str) -> bool:
    lower = word.lower()
    if lower in PARTICLES or lower in ORDINARY_WORDS or lower in COMMON_WORDS or lower in CUE_WORDS \
            or lower in PLACE_WORDS or lower in ORG_WORDS or lower in STREET_TYPES or lower in _NOT_NAMES \
            or lower in place_names() or len(lower) < 2:
        return False
    return word[0].isupper() or word.islower()


_INITIAL_AFTER_RE: Final = re.compile(r"[ \t]+[A-Z]\.[ \t]+(" + _WORD_RE.pattern + ")")
_INITIAL_BEFORE_RE: Final = re.compile(r"(" + _WORD_RE.pattern + r")[ \t]+$")


_INITIALLED_RE: Final = re.compile(
    r"(?<![\w'’])(" + _WORD_RE.pattern + r")[ \t]+[A-Z]\.[ \t]+(" + _WORD_RE.pattern + ")"
)


def _initialled_names(text: str) -> list[Finding]:
    """"Robin W. Françoise": a listed first name, a middle initial and a capitalised surname are a
    name whatever the words are elsewhere (a first name that is an ordinary word, a place-word
    surname: "Tony R. Hall")."""
    found: list[Finding] = []
    for m in _INITIALLED_RE.finditer(text):
        first, last = m.group(1), m.group(2)
        if first[0].isupper() and first.lower() in first_names() and last[0].isupper() \
                and _initial_surname(last):
            found.append(make(PERSON, text, m.start(), m.end(), confidence=LIKELY))
    return found


def _initial_surname(word: str) -> bool:
    """The word after a middle initial is the surname unless it is a place, firm or ordinary word
    that is no census surname ("Hall", "Wood" and "Porter" are surnames there)."""
    return _surname_word(word) or word.lower() in _PLACE_SURNAMES or word.lower() in surnames()


def _across_initial(text: str, start: int, end: int) -> tuple[int, int]:
    """"Philippine G. Grenier": a first name, a middle initial and a surname are one name, so a finding
    that holds the initial's one side (or starts at the initial) is widened over the other."""
    after = _INITIAL_AFTER_RE.match(text, end)
    if after and after.group(1)[0].isupper() and _initial_surname(after.group(1)):
        end = after.end(1)
    if re.match(r"[A-Z]\.[ \t]", text[start:start + 3]):
        before = _INITIAL_BEFORE_RE.search(text, max(0, start - 40), start)
        if before and before.group(1)[0].isupper() and _surname_word(before.group(1)) \
                and before.group(1).lower() not in TITLE_WORDS:
            start = before.start(1)
    return start, end


def _first_name_before(text: str, start: int, end: int, entities: Sequence[Entity]) -> int:
    """"Ajoke Fagunwa" with only "Fagunwa" found: a one-word name after a capitalised word, inside a
    sentence, takes that word as its first name when it is no ordinary, place, firm or role word, the
    model gives it no other label (not "Leicester Fagunwa", "English Fagunwa", "Mencap Fagunwa"), and
    either the name found is no listed first name (so likely the surname) or the word is one."""
    if not _WORD_RE.fullmatch(text, start, end):
        return start
    before = _WORD_BEFORE_RE.search(text, max(0, start - 30), start)
    if before is None or before.end() != start or text[before.end(1):start] != " ":
        return start
    word = before.group(1)
    if not word[0].isupper() or not word[1:].islower() or _at_sentence_start(text, before.start(1)):
        return start
    lower, found = word.lower(), text[start:end].lower()
    if not _surname_word(word) or lower in TITLE_WORDS or lower in _DOMAIN_WORDS \
            or lower.removesuffix("s") in ORDINARY_WORDS:
        return start  # "Mrs", "Makaton", "Fridays"
    if found in first_names() and (lower not in first_names() or lower in ORDINARY_WORDS):
        return start  # "On Fridays Alice": the name found is a first name, and the word before is none
    if any(e.label != "PERSON" and e.label not in _OWN_WORDS and e.start < before.end(1)
           and before.start(1) < e.end for e in entities):
        return start
    return before.start(1)


def _with_title(text: str, finding: Finding) -> Finding:
    """The title just before a name is part of it ("Mr Harris", not "Mr [name]"): redacting the name
    alone would leave the person's title, and with it often their gender, beside the gap."""
    window = text[max(0, finding.start - 6) : finding.start]
    title = _TITLE_BEFORE_RE.search(window)
    if title is None:
        return finding
    start = finding.start - len(window) + title.start()
    return Finding(finding.type, start, finding.end, text[start : finding.end], finding.replacement,
                   finding.confidence)


def _rule_names(text: str, known_names: Sequence[str], entities: Sequence[Entity]) -> list[Finding]:
    """Known-name variants anywhere they are capitalised, and other first names where used as names."""
    parts = known_name_parts(known_names)
    names = first_names()
    tokens = _tokens(text)
    flagged: dict[int, float] = {}
    for i, tok in enumerate(tokens):
        lower = tok.lower
        if len(lower) < _MIN_PART:
            continue
        start = _at_sentence_start(text, tok.start)
        if tok.capitalised:
            if parts and _is_known(tok, parts, names, start):
                flagged[i] = KNOWN
                continue
        elif parts and lower not in ORDINARY_WORDS and (
            lower in parts or _lower_short_form(text, tokens, i, parts)
            or (tok.word.isupper() and _is_known(tok, parts, names, True))
        ):
            # The family's names in lower case ("smith"), their usual short forms ("maggie" of
            # Margaret) or in capitals ("MARGARET", and loosely "MAGGIE") are still their names.
            flagged[i] = KNOWN
            continue
        if not tok.capitalised:
            if _particle_after_title(text, tokens, i):
                flagged[i] = flagged[i + 1] = LIKELY  # "Mx de Wit", "Mr van der Berg"
            continue
        cue = _cue_before(text, tokens, i)
        pieces = _word_pieces(lower)
        is_first_name = any(p in names for p in pieces)
        if cue in TITLE_WORDS:
            flagged[i] = LIKELY
        elif cue is not None and (is_first_name or (
                cue not in _NAMING_CUES and lower not in ORDINARY_WORDS and lower not in PLACE_WORDS
                and not _is_cue(lower) and lower not in _NOT_NAMES and len(lower) >= 3)):
            flagged[i] = LIKELY
        elif is_first_name and not _next_is_place(text, tokens, i):
            if all(p not in ORDINARY_WORDS for p in pieces if p in names):
                flagged[i] = LIKELY
            elif not start and lower in PERSON_LIKE_ORDINARY and _next_is_surname(text, tokens, i, names):
                flagged[i] = LIKELY
    flagged = _with_surnames(text, tokens, flagged)
    return [_doubted_by_model(f, entities) for f in _merge(text, tokens, flagged)]


def _lower_short_form(text: str, tokens: list[_Token], index: int, parts: frozenset[str]) -> bool:
    """A known name's usual short form written in lower case: "johnny", "maggie"; a three-letter one
    only where it reads as the subject ("jon was settled"), because "rob himself of sleep" is a verb.

    Lower case matches no further: a misspelt or clipped lower-case word is as likely an ordinary one,
    and the short forms that are words ("will", "pat") never get here (ORDINARY_WORDS)."""
    lower = tokens[index].lower
    if not any(lower in _NICKNAMES.get(p, ()) for p in parts):
        return False
    if len(lower) >= 4:
        return True
    nxt = index + 1
    return (nxt < len(tokens) and text[tokens[index].end:tokens[nxt].start] == " "
            and tokens[nxt].lower in _AFTER_A_SUBJECT)


def _particle_after_title(text: str, tokens: list[_Token], index: int) -> bool:
    """A surname particle right after a title, before a capitalised word: "Mx de Wit", "Dr van der Berg"."""
    tok = tokens[index]
    if tok.lower not in PARTICLES or index == 0 or index + 1 >= len(tokens):
        return False
    nxt = tokens[index + 1]
    if text[tok.end:nxt.start] != " " or not (nxt.capitalised or nxt.lower in PARTICLES):
        return False
    before = index - 1
    while before >= 0 and tokens[before].lower in PARTICLES:
        before -= 1
    return (before >= 0 and tokens[before].lower in TITLE_WORDS
            and not re.search(r"[.!?;\n]", text[tokens[before].end:tok.start].replace(".", "", 1)))


def _doubted_by_model(finding: Finding, entities: Sequence[Entity]) -> Finding:
    """A list-only name that the model reads as part of a place or organisation is shown as "check this"."""
    if finding.confidence >= KNOWN:
        return finding
    for ent in entities:
        if ent.label in _PLACE_LABELS and ent.start <= finding.start and finding.end <= ent.end:
            return replace(finding, confidence=DOUBTFUL)
    return finding


def _with_surnames(text: str, tokens: list[_Token], flagged: dict[int, float]) -> dict[int, float]:
    """"Callum Wright": a capitalised word straight after a flagged name is taken as the surname."""
    result = dict(flagged)
    for i, confidence in flagged.items():
        j = i + 1
        if j < len(tokens) and j not in result:
            nxt = tokens[j]
            gap = text[tokens[i].end:nxt.start]
            # "Dr Guy Hall": after a title and a first name, a place word that is a common surname
            place_surname = (nxt.lower in _PLACE_SURNAMES and tokens[i].lower in first_names()
                             and _title_before(text, tokens[i].start))
            if (gap == " " and nxt.capitalised and (nxt.lower not in ORDINARY_WORDS or place_surname)
                    and nxt.lower not in CUE_WORDS and len(nxt.word) > 1):
                result[j] = confidence
    return dict(sorted(result.items()))


def _merge(text: str, tokens: list[_Token], flagged: dict[int, float]) -> list[Finding]:
    """Adjacent name words become one finding so "[name]" replaces a full name once, not twice."""
    runs: list[list[int]] = []
    for i in flagged:
        if runs and i == runs[-1][-1] + 1 and text[tokens[i - 1].end:tokens[i].start] == " ":
            runs[-1].append(i)
        else:
            runs.append([i])
    return [make(PERSON, text, tokens[run[0]].start, tokens[run[-1]].end,
                 confidence=max(flagged[i] for i in run)) for run in runs]


# --- the model's names ---------------------------------------------------------------------------------

#: Cues that name pets, homes and groups as often as people: they need a listed first name after them.
_NAMING_CUES: Final = frozenset({"called", "named", "name", "calls"})
_PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC", "ORG"})
_TRIM_RE: Final = re.compile(r"^[\s\"'“‘(\[]+|[\s\"'”’)\],.;:!?]+$")


def _overlaps(a: Finding | Entity, b: Finding | Entity) -> bool:
    return a.start < b.end and b.start < a.end


def _span_confidence(text: str, ent: Entity, parts: frozenset[str]) -> float | None:
    """How much evidence beyond the model a PERSON span has; None when it is too weak to report.

    The model alone over-reads capitals ("Match of the Day", "Bollywood"), so a span needs a second
    sign: a known name, a listed first name or surname, or a word that is no ordinary English word.
    """
    words = _WORD_RE.findall(text[ent.start:ent.end])
    lowered = [_POSSESSIVE_RE.sub("", w).lower() for w in words]
    if not words or any(ch.isdigit() for ch in text[ent.start:ent.end]):
        return None
    if all(w in CUE_WORDS or w in _NOT_NAMES for w in lowered):
        return None  # "Mum", "Nan", "Support Worker": a role, not a name
    if all(w in _DOMAIN_WORDS for w in lowered):
        return None  # "Makaton", "Prader-Willi", "Talking Mats": this field's words, not people
    if any(w in parts for w in lowered):
        return KNOWN
    surname_place = ent.label == "PERSON" and _first_name_and_place_surname(lowered)
    if ((lowered[-1] in PLACE_WORDS and not surname_place) or lowered[-1] in ORG_WORDS
            or " ".join(lowered) in place_names()):
        return None  # "Abbey Park", "Melton Mowbray", "Hazelwood Homes": a place or firm, not a person
    capitalised = all(w[:1].isupper() for w in words)
    sentence_start = _at_sentence_start(text, ent.start)
    ordinary = all(w in ORDINARY_WORDS for w in lowered)
    person_verb = ent.label == "PERSON" and capitalised and _person_verb_after(text, ent.end)
    if len(words) == 1 and ordinary and sentence_start:
        if person_verb and lowered[0] in first_names():
            return LIKELY  # "Jack enjoys…", "Dawn has been…": the model's person, the subject of a verb
        return None  # "Bill the electricity…", "Grace before meals…": a word the grammar capitalised
    places = place_names()
    if any(w in places for w in lowered) and not any(w in first_names() for w in lowered):
        return None  # "Leicester Mencap's": a place-led organisation
    listed = any(w in first_names() or w in surnames() for w in lowered if w not in ORDINARY_WORDS)
    if len(words) == 1 and ent.familiar and lowered[0] not in first_names():
        if person_verb and lowered[0] not in ORDINARY_WORDS:
            return DOUBTFUL  # "Daan has been…", "Paulo enjoys…": a word the model knows, yet a subject
        return None  # "Irish", "Down's": an ordinary word that is also someone's surname somewhere
    if listed:
        return LIKELY if capitalised or len(words) > 1 else DOUBTFUL
    if not ent.familiar:
        return LIKELY if capitalised else DOUBTFUL
    if ent.label == "PERSON" and capitalised and not any(w in ORDINARY_WORDS for w in lowered):
        return DOUBTFUL  # "Daan", "Siya Som": the model's person, in no list, yet no ordinary word either
    return None


#: Verbs that, straight after a capitalised word, make it a person doing something ("Jack enjoys",
#: "Dawn has been"); "is" and "was" are left out: "Will is a strong word", "Hope is that…".
_PERSON_VERBS: Final = frozenset("""
    has had enjoys enjoyed likes liked loves loved lives lived visits visited moved wants wanted would
    says said goes went comes came calls called knows knew helps helped works worked attends attended
    asks asked prefers preferred needs needed gets got speaks spoke phones rang rings writes wrote
""".split())
_NEXT_WORD_RE: Final = re.compile(r"(?:['’]s)?[ \t]+([a-z]+)")


def _person_verb_after(text: str, end: int) -> bool:
    m = _NEXT_WORD_RE.match(text, end)
    return bool(m and m.group(1) in _PERSON_VERBS)


def _with_model_names(
    text: str, ruled: list[Finding], entities: Sequence[Entity], blocked: Sequence[Finding],
    parts: frozenset[str],
) -> list[Finding]:
    """Add the model's PERSON spans that overlap no structured finding; widen rule names they extend.

    Besides PERSON spans: runs of words the vocabulary does not know (NAME_LIKE, UNKNOWN_WORD), and
    spans the model gave another label that are a title and a name ("Mx de Wit" read as a building)
    or are made of listed and unknown words only ("Mateo Mercader" read as an organisation).
    """
    found = list(ruled)
    for ent in entities:
        candidate = _person_candidate(text, ent, entities)
        if candidate is None:
            continue
        span, ceiling, title_led = candidate
        if any(_overlaps(span, b) for b in blocked):
            continue
        confidence = _span_confidence(text, span, parts)
        if confidence is None and title_led and not _place_like(text, span):
            confidence = LIKELY  # "Mx de Wit": the title says a person, whatever the model's label
        if confidence is None:
            continue
        confidence = confidence if confidence >= KNOWN else min(confidence, ceiling)
        touching = [f for f in found if _overlaps(span, f)]
        if touching:
            lo = min(span.start, *(f.start for f in touching))
            hi = max(span.end, *(f.end for f in touching))
            best = max(max(f.confidence for f in touching), min(LIKELY, ceiling))
            found = [f for f in found if f not in touching]
            found.append(make(PERSON, text, lo, hi, confidence=best))
        else:
            found.append(make(PERSON, text, span.start, span.end, confidence=confidence))
    return sorted(found, key=lambda f: f.start)


_OWN_WORDS: Final = frozenset({NAME_LIKE, UNKNOWN_WORD})
_WHERE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})


def _person_candidate(
    text: str, ent: Entity, entities: Sequence[Entity]
) -> tuple[Entity, float, bool] | None:
    """The span worth weighing as a person's name, the highest confidence it may get, and whether a
    title stands before it; None for spans that are not candidates."""
    others = [o for o in entities if o is not ent and o.label not in _OWN_WORDS and _overlaps(ent, o)]
    ceiling = LIKELY
    if ent.label in _OWN_WORDS:
        persons = [o for o in others if o.label == "PERSON"]
        if persons and not (ent.label == NAME_LIKE and _extends(ent, persons)):
            return None  # the model read these words as a person itself
        if persons:
            # "gbadebo edun" with only "edun" the model's person: the run of unknown words around it
            # is the rest of the name (widened where it touches the person's finding)
            return ent, LIKELY, _title_before(text, ent.start)
        places = [o for o in others if o.label in _WHERE_LABELS]
        if ent.label == UNKNOWN_WORD and (places or not _stands_alone(text, ent)):
            # one unknown word the model reads as a place ("Zakopane") or as part of a longer name, or
            # that stands in a longer proper name ("Melton Mowbray", "Ashgrove Court", "Ashby-de-la-Zouch")
            return None
        beside = _person_beside(text, ent, entities) if ent.label == UNKNOWN_WORD else None
        if beside is not None:
            # "Honoré Masse" with only "Masse" the model's person: an unknown word just before or
            # after a person's name is more of it
            span = Entity("PERSON", min(ent.start, beside.start), max(ent.end, beside.end), False)
            return span, LIKELY, _title_before(text, span.start)
        if ent.label == UNKNOWN_WORD or others:
            ceiling = DOUBTFUL  # weaker evidence: shown as "check this"
    elif ent.label != "PERSON" and not _title_before(text, ent.start):
        if not _foreign_name_shaped(text, ent):
            return None
        ceiling = DOUBTFUL
    trimmed = _TRIM_RE.sub("", text[ent.start:ent.end])
    if not trimmed:
        return None
    start = text.index(trimmed, ent.start)
    title = _TITLE_AT_START_RE.match(trimmed)
    if title and ent.label != "PERSON":
        start += title.end()  # "Mx de Wit" as a building: the name is what follows the title
        trimmed = trimmed[title.end():]
        if not trimmed:
            return None
    day = _LEADING_DAY_RE.match(trimmed)
    if day and day.group(1).lower().removesuffix("s") in _DAYS and day.end() < len(trimmed):
        start += day.end()  # "On Fridays Ayinke takes him": the day is no part of the name
        trimmed = trimmed[day.end():]
    span = Entity(ent.label, start, start + len(trimmed), ent.familiar)
    return span, ceiling, _title_before(text, span.start)


def _person_beside(text: str, word: Entity, entities: Sequence[Entity]) -> Entity | None:
    """The model's person span one space before or after a word, on the same line and capitalised."""
    for ent in entities:
        if ent.label != "PERSON" or not text[ent.start:ent.start + 1].isupper():
            continue
        if ent.start == word.end + 1 and text[word.end] == " " or \
                ent.end == word.start - 1 and text[ent.end] == " ":
            return ent
    return None


def _extends(run: Entity, persons: Sequence[Entity]) -> bool:
    """Whether a run reaches past every person span it overlaps (it is not already inside one)."""
    return all(run.start < p.start or p.end < run.end for p in persons)


_WORD_BEFORE_RE: Final = re.compile(r"([^\W\d_][\w'’]*)[ \t]+$")
_WORD_AFTER_RE: Final = re.compile(r"[ \t]+([^\W\d_][\w'’]*)")


def _stands_alone(text: str, ent: Entity) -> bool:
    """A word not attached by a hyphen, and beside no capitalised word that makes it part of the name
    of a place or firm: a place, street or firm word ("Ashgrove Court", "Hazelwood Path"), an ordinary
    word or a town ("Melton
    Mowbray"). A capitalised word of another kind beside it ("Prisha Vasa") is more of the name."""
    if text[ent.start - 1:ent.start] == "-" or text[ent.end:ent.end + 1] == "-":
        return False
    before = _WORD_BEFORE_RE.search(text, max(0, ent.start - 30), ent.start)
    after = _WORD_AFTER_RE.match(text, ent.end)
    for m in (before, after):
        if m is None or not m.group(1)[0].isupper() or m.group(1).lower() in TITLE_WORDS:
            continue
        if m is before and _at_sentence_start(text, m.start(1)):
            continue  # "The", "When": capitalised because a sentence starts there
        word = m.group(1).lower()
        if word in PLACE_WORDS or word in STREET_TYPES or word in ORG_WORDS or word in ORDINARY_WORDS \
                or word in place_names():
            return False
    return True


_LEADING_DAY_RE: Final = re.compile(r"([A-Z][a-z]+)[ \t]+")
_DAYS: Final = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_TITLE_AT_START_RE: Final = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+")
_TITLE_BEFORE_RE: Final = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s*$")


def _title_before(text: str, start: int) -> bool:
    """Whether a title ends the text just before `start`, or the span itself starts with one."""
    return bool(_TITLE_BEFORE_RE.search(text[max(0, start - 6):start])
                or _TITLE_AT_START_RE.match(text, start))


def _foreign_name_shaped(text: str, ent: Entity) -> bool:
    """Two or three words cased alike, none an ordinary English word, a place or firm word or a town,
    and at least one unknown to the vocabulary: a name the model took for a place or organisation."""
    words = _WORD_RE.findall(text[ent.start:ent.end])
    lowered = [w.lower() for w in words]
    cased_alike = all(w[:1].isupper() for w in words) or all(w.islower() for w in words)
    if ent.familiar or not 2 <= len(words) <= 3 or not cased_alike:
        return False
    if any(w in ORDINARY_WORDS or w in PLACE_WORDS or w in ORG_WORDS or w in _DOMAIN_WORDS for w in lowered):
        return False
    return " ".join(lowered) not in place_names() and not any(w in place_names() for w in lowered)


def _place_like(text: str, span: Entity) -> bool:
    """Whether a span after a title names a place: it ends in a place word or is a town, except a
    place word that is a surname after a listed first name ("Mx Karen Hill", not "Mx Abbey Park")."""
    lowered = [w.lower() for w in _WORD_RE.findall(text[span.start:span.end])]
    if not lowered or " ".join(lowered) in place_names():
        return True
    return lowered[-1] in PLACE_WORDS and not _first_name_and_place_surname(lowered)


def _first_name_and_place_surname(lowered: Sequence[str]) -> bool:
    """"paige wood", "karen hill": a listed first name (no ordinary word) and a place word that is a
    common surname."""
    return (len(lowered) == 2 and lowered[-1] in _PLACE_SURNAMES and lowered[0] in first_names()
            and lowered[0] not in ORDINARY_WORDS)


_PHRASE_RE: Final = re.compile(r"[A-Z][\w'’]*(?:(?:-[a-z]+)*-[A-Z][\w'’]*|\s+[A-Z][\w'’]*)*")


def _in_a_town_name(text: str, finding: Finding) -> bool:
    """Whether the proper-name phrase holding the finding is a town: "Milton Keynes", "Stoke-on-Trent"."""
    if _title_before(text, finding.start):
        return False
    lo = max(0, finding.start - 40)
    for m in _PHRASE_RE.finditer(text, lo, min(len(text), finding.end + 40)):
        if m.start() <= finding.start and finding.end <= m.end():
            phrase = m.group().lower()
            # one word ("Ashley", "Kerry", "Mark") is a first name as often as a town: not enough
            several = bool(re.search(r"[\s-]", phrase))
            return several and (phrase in place_names() or bool(_TOWN_JOIN_RE.search(phrase)))
    return False


#: The lower-case joins of English town names ("Newark-on-Trent", "Ashby-de-la-Zouch"); people's
#: double names join capitalised words ("Sarah-Jane").
_TOWN_JOIN_RE: Final = re.compile(r"-(?:on|upon|under|le|by|in|cum|de|la|next|the|super|over)-")


#: Place words that are also common English surnames: after a listed first name, in a span the model
#: reads as a person, they are the surname ("Paige Wood", "rachel green"), not a place.
_PLACE_SURNAMES: Final = frozenset(
    "wood woods hill hall green lane house cross church ward marsh field fields bridge brook ford".split()
)

#: Words after which a capitalised phrase is the title of a work, not a person ("the song Hey Jude").
_WORK_WORDS: Final = frozenset("""
    song songs film films movie movies book books album albums show shows programme programmes program
    series game games musical novel novels character characters cartoon cartoons toy toys brand
""".split())
_JOINED_ORG_RE: Final = re.compile(r"\s+(?:and|&)\s+$")


def _names_a_thing(text: str, finding: Finding, entities: Sequence[Entity]) -> bool:
    """A name that is part of the name of a thing: a firm, a place, a work, rather than a person.

    - joined by "and"/"&" to what the model reads as an organisation ("Marks and Spencer");
    - inside a longer name the model gives another label that has a lower-case joining word
      ("Thomas the Tank Engine"): people's names have no "the", "of" or "and" inside;
    - followed straight away by a place noun or a capitalised word that names a firm ("the Robin Hood
      pub", "Jessop Hospital", "Pebblebrook Housing Trust"), unless that word is also a surname
      ("Callum Hall"); a possessive is a person's ("Sarah's house");
    - the capitalised (or hyphenated) phrase of two words or more that it is in is a town of the
      gazetteer or joined like one ("Milton Keynes", "Newark-on-Trent"), unless a title stands before;
    - the capitalised phrase it is in follows a word for a work ("the song Hey Jude").
    """
    for ent in entities:
        if ent.label not in _PLACE_LABELS:
            continue
        if ent.end <= finding.start and _JOINED_ORG_RE.search(text[ent.end:finding.start]) and \
                ent.label == "ORG":
            return True
        longer = ent.end - ent.start > finding.end - finding.start
        if longer and ent.start <= finding.start and finding.end <= ent.end:
            inner = text[ent.start:ent.end]
            if re.search(r"\s(?:the|of|and|&|on|in)\s", inner):
                return True
    after = re.match(r"[ \t]+([A-Za-z]+)", text[finding.end:finding.end + 40])
    if after:  # straight after the name: "Sarah's house" is Sarah's, "the Robin Hood pub" is a pub
        word, capital = after.group(1).lower(), after.group(1)[0].isupper()
        surname = capital and word in _PLACE_SURNAMES
        if (capital and word in ORG_WORDS) or (word in PLACE_WORDS and not surname):
            return True  # "the Robin Hood pub", "Jessop Hospital", "Ashgrove Court" (but "Callum Hall")
    if _in_a_town_name(text, finding):
        return True
    before = text[max(0, finding.start - 80):finding.start]
    lead = re.search(r"((?:[A-Z][\w'’-]*\s+)*)$", before)
    head = before[: lead.start()] if lead else before
    previous = re.search(r"([A-Za-z]+)\s*$", head)
    return bool(previous and previous.group(1).lower() in _WORK_WORDS)


_DOMAIN_WORDS: Final = DOMAIN_WORDS | frozenset(
    word
    for code in (*vocab.COMMUNICATION, *vocab.SPECIALISTS, *vocab.CLIENT_GROUPS)
    for word in code.split("_")
)

#: Words the model sometimes tags as a person that never name one in a pen picture.
_NOT_NAMES: Final = frozenset("""
    he she they him her them his hers i me you we us it someone somebody anyone everyone nobody person
    people staff carer carers worker workers support key team manager nurse doctor gp social dr mr mrs
    ms miss mx sir madam lady gentleman man woman boy girl baby child children adult
""".split())
