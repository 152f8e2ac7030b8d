"""Offers to a market call, ranked by quality against cost and explained (API.md, "Market calls").

`score = quality × match score + cost × cost score`, where the match score is the search's score for the
provider, home or package offered, and the cost score is the lowest weekly cost among the offers of the
same kind (care alone, a home alone, or both) divided by this offer's weekly cost, so the cheapest offer of
each kind scores 1 on cost and one twice as dear scores 0.5. The weights are normalised to sum to 1, and
every criterion is reported with its share of the final weight, so the score a commissioner reads is the
weighted sum of the criteria they read.

Plain data in, ranked and explained offers out: no database, no web. Ties break on the organisation's id
and then the offer's id, so the same offers always come back in the same order.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

OfferKind = Literal["care", "home", "both"]

DEFAULT_QUALITY: Final = 0.6
DEFAULT_COST: Final = 0.4
#: Under this many comparable offers there is no benchmark (a median of two says little).
BENCHMARK_MINIMUM: Final = 3

KIND_WORDS: Final[dict[str, str]] = {"care": "care", "home": "home", "both": "care and home"}


class InvalidOfferWeights(ValueError):
    """The quality and cost weights cannot be used (not finite, negative, or both zero)."""


@dataclass(frozen=True, slots=True)
class OfferCriterion:
    criterion: str
    score: float
    weight: float
    evidence: str


@dataclass(frozen=True, slots=True)
class OfferToRank:
    """One offer as the ranking needs it; `match_criteria` are the search's, with weights summing to 1."""

    offer_id: str
    organisation_id: str
    kind: OfferKind
    weekly_cost: float
    match_score: float
    match_criteria: tuple[OfferCriterion, ...] = ()


@dataclass(frozen=True, slots=True)
class RankedOffer:
    offer_id: str
    organisation_id: str
    kind: OfferKind
    weekly_cost: float
    score: float
    match_score: float
    cost_score: float
    criteria: tuple[OfferCriterion, ...]


@dataclass(frozen=True, slots=True)
class Benchmark:
    median_weekly_cost: float
    offers_compared: int
    difference_pct: float


def offer_weights(quality: float, cost: float) -> tuple[float, float]:
    """(quality, cost) normalised to sum to 1."""
    if not (math.isfinite(quality) and math.isfinite(cost)):
        raise InvalidOfferWeights("quality and cost must each be a finite number")
    if quality < 0 or cost < 0:
        raise InvalidOfferWeights("quality and cost must each be 0 or more")
    total = quality + cost
    if total <= 0:
        raise InvalidOfferWeights("quality and cost cannot both be 0")
    return quality / total, cost / total


def pounds(amount: float) -> str:
    """£2,300 or £2,300.50: how a page and an explanation write a weekly cost."""
    whole = round(amount, 2)
    return f"£{whole:,.0f}" if whole == int(whole) else f"£{whole:,.2f}"


def _cost_evidence(offer: OfferToRank, lowest: float) -> str:
    kind = KIND_WORDS[offer.kind]
    if offer.weekly_cost == lowest:
        return f"{pounds(offer.weekly_cost)} a week; the lowest {kind} offer"
    return f"{pounds(offer.weekly_cost)} a week; lowest {kind} offer {pounds(lowest)}"


def rank_offers(
    offers: Sequence[OfferToRank], quality: float = DEFAULT_QUALITY, cost: float = DEFAULT_COST
) -> list[RankedOffer]:
    """Every offer scored and explained, best first. Offers with a weekly cost of 0 or less are a bug
    upstream (the database refuses them), so they raise rather than divide by zero."""
    q, c = offer_weights(quality, cost)
    lowest: dict[str, float] = {}
    for offer in offers:
        if offer.weekly_cost <= 0:
            raise ValueError(f"offer {offer.offer_id} has a weekly cost of {offer.weekly_cost}")
        lowest[offer.kind] = min(lowest.get(offer.kind, offer.weekly_cost), offer.weekly_cost)
    ranked = []
    for offer in offers:
        cost_score = lowest[offer.kind] / offer.weekly_cost
        quality_criteria = tuple(
            OfferCriterion(m.criterion, m.score, round(m.weight * q, 4), m.evidence)
            for m in offer.match_criteria
        )
        cost_criterion = OfferCriterion(
            "cost", round(cost_score, 4), round(c, 4), _cost_evidence(offer, lowest[offer.kind])
        )
        criteria = (*quality_criteria, cost_criterion)
        ranked.append(
            RankedOffer(
                offer_id=offer.offer_id,
                organisation_id=offer.organisation_id,
                kind=offer.kind,
                weekly_cost=offer.weekly_cost,
                score=round(q * offer.match_score + c * cost_score, 4),
                match_score=offer.match_score,
                cost_score=round(cost_score, 4),
                criteria=criteria,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.organisation_id, r.offer_id))
    return ranked


def benchmark(weekly_cost: float, comparable: Sequence[float]) -> Benchmark | None:
    """This offer against the weekly costs of comparable offers (other calls asking the same support);
    None under BENCHMARK_MINIMUM of them. `difference_pct` is how far above (+) or below (−) the median."""
    if len(comparable) < BENCHMARK_MINIMUM:
        return None
    median = float(statistics.median(comparable))
    return Benchmark(
        median_weekly_cost=round(median, 2),
        offers_compared=len(comparable),
        difference_pct=round((weekly_cost - median) / median * 100, 1),
    )


def benchmark_evidence(found: Benchmark, day_ratio: str | None, pbs_level: int) -> str:
    """ "4.5% above the median of 14 offers for 2:1 support at PBS level 2"."""
    support = f"{day_ratio} support" if day_ratio else "support"
    pct = found.difference_pct
    where = "at" if pct == 0 else ("above" if pct > 0 else "below")
    amount = "" if pct == 0 else f"{abs(pct):g}% "
    return (
        f"{amount}{where} the median of {found.offers_compared} offers for {support} at PBS level {pbs_level}"
    )
