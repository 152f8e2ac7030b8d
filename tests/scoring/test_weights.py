from __future__ import annotations

import pytest

from matcher.scoring import DEFAULT_WEIGHTS, InvalidWeights, normalise_weights
from matcher.vocab import CRITERIA


def test_defaults_cover_every_criterion_and_sum_to_one() -> None:
    assert set(DEFAULT_WEIGHTS) == set(CRITERIA)
    assert sum(normalise_weights(None).values()) == pytest.approx(1.0)


def test_given_weights_are_taken_literally_missing_ones_weigh_nothing() -> None:
    w = normalise_weights({"location": 3, "pbs": 1})
    assert w["location"] == pytest.approx(0.75)
    assert w["pbs"] == pytest.approx(0.25)
    assert w["needs"] == 0.0
    assert list(w) == list(CRITERIA)


@pytest.mark.parametrize(
    ("weights", "named"),
    [({"location": -1.0}, "location"), ({"distance": 1.0}, "distance"), ({"pbs": float("nan")}, "pbs")],
)
def test_a_bad_weight_is_refused_naming_its_key(weights: dict[str, float], named: str) -> None:
    with pytest.raises(InvalidWeights, match=named):
        normalise_weights(weights)


def test_all_zero_weights_are_refused() -> None:
    with pytest.raises(InvalidWeights):
        normalise_weights({"location": 0.0})
    assert issubclass(InvalidWeights, ValueError)


def test_huge_weights_are_refused_not_overflowed() -> None:
    with pytest.raises(InvalidWeights, match="location"):
        normalise_weights({"location": 1e308, "pbs": 1e308})
