"""Offer ranking: quality against cost, each kind priced against its own kind, every score explained."""

from __future__ import annotations

import pytest

from matcher.scoring.offers import (
    Benchmark,
    InvalidOfferWeights,
    OfferCriterion,
    OfferKind,
    OfferToRank,
    benchmark,
    benchmark_evidence,
    offer_weights,
    pounds,
    rank_offers,
)


def offer(
    offer_id: str, kind: OfferKind, cost: float, match: float, organisation: str | None = None
) -> OfferToRank:
    criteria = (
        OfferCriterion("location", match, 0.5, "9.4 km from Loughborough (family)"),
        OfferCriterion("pbs", match, 0.5, "PBS level 3"),
    )
    return OfferToRank(
        offer_id=offer_id,
        organisation_id=organisation or f"org-{offer_id}",
        kind=kind,
        weekly_cost=cost,
        match_score=match,
        match_criteria=criteria,
    )


def test_default_weights_are_sixty_forty_and_the_scores_are_exact() -> None:
    ranked = rank_offers([offer("a", "care", 2300.0, 0.8), offer("b", "care", 2875.0, 0.9)])
    # a: 0.6 × 0.8 + 0.4 × 2300/2300 = 0.88; b: 0.6 × 0.9 + 0.4 × 2300/2875 = 0.54 + 0.32 = 0.86
    assert [(r.offer_id, r.score, r.cost_score) for r in ranked] == [("a", 0.88, 1.0), ("b", 0.86, 0.8)]


def test_quality_alone_orders_by_match_score_and_cost_alone_by_price() -> None:
    offers = [offer("a", "care", 2300.0, 0.8), offer("b", "care", 2875.0, 0.9)]
    assert [r.offer_id for r in rank_offers(offers, quality=1, cost=0)] == ["b", "a"]
    assert [r.score for r in rank_offers(offers, quality=1, cost=0)] == [0.9, 0.8]
    assert [r.score for r in rank_offers(offers, quality=0, cost=1)] == [1.0, 0.8]


def test_weights_are_normalised_so_three_to_two_is_sixty_forty() -> None:
    offers = [offer("a", "care", 2300.0, 0.8), offer("b", "care", 2875.0, 0.9)]
    assert rank_offers(offers, 3, 2) == rank_offers(offers, 0.6, 0.4)
    assert offer_weights(3, 1) == (0.75, 0.25)


def test_each_kind_is_priced_against_its_own_kind() -> None:
    ranked = rank_offers(
        [
            offer("care", "care", 2000.0, 0.5),
            offer("home", "home", 200.0, 0.5),
            offer("both", "both", 2500.0, 0.5),
            offer("home2", "home", 250.0, 0.5),
        ]
    )
    by_id = {r.offer_id: r for r in ranked}
    assert by_id["care"].cost_score == 1.0
    assert by_id["both"].cost_score == 1.0
    assert by_id["home"].cost_score == 1.0
    assert by_id["home2"].cost_score == 0.8
    assert by_id["home2"].score == 0.62  # 0.6 × 0.5 + 0.4 × 0.8


def test_criteria_are_the_match_criteria_rescaled_plus_cost_and_sum_to_the_score() -> None:
    ranked = rank_offers([offer("a", "care", 2300.0, 0.8), offer("b", "care", 2875.0, 0.9)])
    second = ranked[1]
    assert [c.criterion for c in second.criteria] == ["location", "pbs", "cost"]
    assert [c.weight for c in second.criteria] == [0.3, 0.3, 0.4]
    assert second.criteria[-1].evidence == "£2,875 a week; lowest care offer £2,300"
    assert ranked[0].criteria[-1].evidence == "£2,300 a week; the lowest care offer"
    assert sum(c.score * c.weight for c in second.criteria) == pytest.approx(second.score)


def test_ties_break_on_the_organisation_then_the_offer() -> None:
    ranked = rank_offers([offer("2", "care", 1000.0, 0.5, "org-b"), offer("1", "care", 1000.0, 0.5, "org-a")])
    assert [r.organisation_id for r in ranked] == ["org-a", "org-b"]
    assert ranked[0].score == ranked[1].score == 0.7


@pytest.mark.parametrize(
    ("quality", "cost"),
    [(0, 0), (-0.1, 1), (1, -1), (float("nan"), 1), (1, float("nan")), (float("inf"), 1), (1, float("inf"))],
)
def test_unusable_weights_are_refused(quality: float, cost: float) -> None:
    with pytest.raises(InvalidOfferWeights):
        rank_offers([offer("a", "care", 1000.0, 0.5)], quality, cost)


def test_no_offers_rank_to_nothing() -> None:
    assert rank_offers([]) == []


def test_benchmark_needs_three_comparable_offers() -> None:
    assert benchmark(2000.0, [1900.0, 2100.0]) is None
    assert benchmark(2090.0, [1900.0, 2000.0, 2100.0]) == Benchmark(2000.0, 3, 4.5)
    assert benchmark(1800.0, [1900.0, 2000.0, 2100.0, 2300.0]) == Benchmark(2050.0, 4, -12.2)


def test_benchmark_evidence_reads_as_a_sentence() -> None:
    assert (
        benchmark_evidence(Benchmark(2000.0, 14, 4.5), "2:1", 2)
        == "4.5% above the median of 14 offers for 2:1 support at PBS level 2"
    )
    assert (
        benchmark_evidence(Benchmark(2000.0, 3, -12.2), None, 0)
        == "12.2% below the median of 3 offers for support at PBS level 0"
    )
    assert (
        benchmark_evidence(Benchmark(2000.0, 3, 0.0), "1:1", 1)
        == "at the median of 3 offers for 1:1 support at PBS level 1"
    )


def test_pounds_show_pence_only_when_there_are_some() -> None:
    assert pounds(2300.0) == "£2,300"
    assert pounds(2300.5) == "£2,300.50"
