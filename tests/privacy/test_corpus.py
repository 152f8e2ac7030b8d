"""The anonymiser against the labelled corpus: the figures are computed here, never written in."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.privacy import DATE, EMAIL, NHS_NUMBER, NINO, PERSON, PHONE, POSTCODE
from matcher.privacy.evaluation import Scores, load_corpus, score

CORPUS = Path(__file__).with_name("corpus.jsonl")


@pytest.fixture(scope="module")
def scores() -> Scores:
    return score(load_corpus(CORPUS))


def test_corpus_is_big_and_mixed() -> None:
    examples = load_corpus(CORPUS)
    assert len(examples) >= 200
    assert sum(1 for ex in examples if not ex.expected) >= 50


@pytest.mark.parametrize("kind", [NHS_NUMBER, NINO, POSTCODE, EMAIL, PHONE])
def test_full_recall_for_structured_identifiers(scores: Scores, kind: str) -> None:
    assert scores.recall(kind) == 1.0, [m for m in scores.misses if m[1].type == kind]


def test_date_recall(scores: Scores) -> None:
    recall = scores.recall(DATE)
    assert recall is not None
    assert recall >= 0.98


def test_name_recall(scores: Scores) -> None:
    recall = scores.recall(PERSON)
    assert recall is not None
    assert recall >= 0.95, scores.misses


def test_precision(scores: Scores) -> None:
    assert scores.precision >= 0.95, scores.false_positives
