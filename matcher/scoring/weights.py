"""Criterion weights: the commissioner's say in what matters most, echoed back normalised.

A weights mapping given by a caller is taken literally (a missing criterion weighs 0) so that "one weight
at 1" really ranks by that criterion alone; merging over defaults would silently reintroduce the rest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from matcher.vocab import CRITERIA

DEFAULT_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {
        "location": 0.25,
        "property_fit": 0.15,
        "pbs": 0.2,
        "needs": 0.15,
        "narrative": 0.1,
        "readiness": 0.1,
        "package_fit": 0.05,
    }
)

CARE_CRITERIA: Final = ("location", "pbs", "needs", "narrative", "readiness")
HOME_CRITERIA: Final = ("location", "property_fit", "narrative", "readiness")
PACKAGE_CRITERIA: Final = CRITERIA


#: Weights are relative; a cap keeps their sum finite (1e308 + 1e308 would overflow to infinity).
MAX_WEIGHT: Final = 1e6


class InvalidWeights(ValueError):
    """Weights a caller sent that cannot be used; the message names the offending key."""


def normalise_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """All seven criteria, summing to 1; None means the defaults."""
    source = DEFAULT_WEIGHTS if weights is None else weights
    for key, value in source.items():
        if key not in CRITERIA:
            raise InvalidWeights(f"unknown criterion {key!r}; allowed: {', '.join(CRITERIA)}")
        if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
            raise InvalidWeights(
                f"weight for {key!r} must be a number from 0 to {MAX_WEIGHT:g}, got {value!r}"
            )
    total = float(sum(source.values()))
    if total <= 0:
        raise InvalidWeights("at least one weight must be above 0")
    return {c: float(source.get(c, 0.0)) / total for c in CRITERIA}


def applicable_total(weights: Mapping[str, float], criteria: tuple[str, ...]) -> float:
    """The weight that a list's score is divided by: only the criteria that apply to it."""
    return float(sum(weights[c] for c in criteria))


def used_weights(criteria: tuple[str, ...], weights: Mapping[str, float]) -> dict[str, float]:
    """The weights a list's score was actually computed with: the normalised weights of the criteria
    that apply to that list, renormalised to sum to 1 over them (all 0 when none of them weighs, and the
    score is then 0). So for every result, sum(score * weight) over its criteria is its score."""
    total = applicable_total(weights, criteria)
    return {c: (weights[c] / total if total > 0 else 0.0) for c in criteria}
