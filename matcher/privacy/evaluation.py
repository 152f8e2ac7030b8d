"""Scoring the anonymiser against a labelled corpus, shared by the report script and the corpus test.

A finding is correct when its type matches an expected identifier and the spans overlap: the
commissioner sees the highlight either way, so exact boundaries matter less than coverage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from ._finding import IDENTIFIER_TYPES, Finding
from .core import find_identifiers


@dataclass(frozen=True, slots=True)
class Expected:
    """One labelled identifier; its offsets are recovered from its text, first occurrence."""

    type: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Example:
    """One corpus line: the sentence, the identity names (and address) known for its case, and what
    must be found."""

    text: str
    known_names: tuple[str, ...]
    expected: tuple[Expected, ...]
    known_addresses: tuple[str, ...] = ()


@dataclass(slots=True)
class Scores:
    """Counts rather than ratios, so a report can show both the figure and how it was reached."""

    expected: dict[str, int] = field(default_factory=dict)
    recalled: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    correct_findings: int = 0
    found_by_type: dict[str, int] = field(default_factory=dict)
    correct_by_type: dict[str, int] = field(default_factory=dict)
    doubtful: int = 0
    misses: list[tuple[str, Expected]] = field(default_factory=list)
    false_positives: list[tuple[str, Finding]] = field(default_factory=list)

    def recall(self, kind: str) -> float | None:
        total = self.expected.get(kind, 0)
        return None if total == 0 else self.recalled.get(kind, 0) / total

    @property
    def overall_recall(self) -> float:
        total = sum(self.expected.values())
        return 1.0 if total == 0 else sum(self.recalled.values()) / total

    @property
    def precision(self) -> float:
        return 1.0 if self.findings == 0 else self.correct_findings / self.findings

    def type_precision(self, kind: str) -> float | None:
        total = self.found_by_type.get(kind, 0)
        return None if total == 0 else self.correct_by_type.get(kind, 0) / total


def load_corpus(path: Path) -> list[Example]:
    """Read the JSON-lines corpus; a labelled text that is not in its sentence is a corpus bug, so raise."""
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        text: str = record["text"]
        expected: list[Expected] = []
        for ident in record.get("identifiers", []):
            start = text.find(ident["text"])
            if start < 0 or ident["type"] not in IDENTIFIER_TYPES:
                raise ValueError(f"corpus line {number}: bad identifier {ident!r}")
            expected.append(Expected(ident["type"], start, start + len(ident["text"]), ident["text"]))
        examples.append(Example(text, tuple(record.get("known_names", ())), tuple(expected)))
    return examples


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _covered(exp: Expected, found: Sequence[Finding], min_coverage: float) -> bool:
    """Any overlap (min_coverage 0), or findings of its type covering that share of its characters."""
    same = [f for f in found if f.type == exp.type and _overlaps(f.start, f.end, exp.start, exp.end)]
    if not same:
        return False
    if min_coverage <= 0:
        return True
    covered: set[int] = set()
    for f in same:
        covered.update(range(max(f.start, exp.start), min(f.end, exp.end)))
    return len(covered) >= min_coverage * (exp.end - exp.start)


def score(examples: Iterable[Example], min_coverage: float = 0.0) -> Scores:
    """Recall per identifier type and precision over all findings (and per type).

    The model runs over all texts in batches first; the rules then run text by text with its entities.
    """
    examples = list(examples)
    entities = model.entities_many([ex.text for ex in examples])
    scores = Scores()
    for ex, ents in zip(examples, entities, strict=True):
        found = find_identifiers(ex.text, ex.known_names, ents, ex.known_addresses)
        for exp in ex.expected:
            scores.expected[exp.type] = scores.expected.get(exp.type, 0) + 1
            if _covered(exp, found, min_coverage):
                scores.recalled[exp.type] = scores.recalled.get(exp.type, 0) + 1
            else:
                scores.misses.append((ex.text, exp))
        for f in found:
            scores.findings += 1
            scores.found_by_type[f.type] = scores.found_by_type.get(f.type, 0) + 1
            scores.doubtful += f.doubtful
            if any(f.type == e.type and _overlaps(f.start, f.end, e.start, e.end) for e in ex.expected):
                scores.correct_findings += 1
                scores.correct_by_type[f.type] = scores.correct_by_type.get(f.type, 0) + 1
            else:
                scores.false_positives.append((ex.text, f))
    return scores
