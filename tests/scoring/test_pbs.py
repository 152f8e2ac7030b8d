from __future__ import annotations

from dataclasses import replace

import pytest

from matcher.scoring import PbsEvidence, pbs_level, pbs_next_steps
from tests.scoring.factories import pbs


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_the_minimum_evidence_for_a_level_gives_that_level(level: int) -> None:
    assert pbs_level(pbs(level)) == level


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (PbsEvidence(pbs_policy=True, staff_trained_pct=49), 0),
        (PbsEvidence(pbs_policy=False, staff_trained_pct=100), 0),
        (pbs(2, staff_trained_pct=79), 1),
        (pbs(2, bild_act_certified_training=False), 1),
        (pbs(2, rrn_certified_training=False), 1),
        (pbs(3, discharges_supported_3y=0), 2),
        (pbs(3, pbs_lead=False), 2),
        (pbs(3, practice_leadership=False), 2),
        (pbs(3, restrictive_practice_reduction=False), 2),
        (pbs(3, pbs_policy=False), 0),
    ],
)
def test_one_fact_short_of_a_level_drops_to_the_level_below(evidence: PbsEvidence, expected: int) -> None:
    assert pbs_level(evidence) == expected


def test_next_steps_name_only_what_is_missing_for_the_next_level() -> None:
    steps = pbs_next_steps(pbs(1, staff_trained_pct=60))
    assert steps == [
        "Train at least 80% of staff in PBS (now 60%)",
        "Use BILD ACT certified training",
        "Use RRN certified restrictive-intervention training",
    ]
    assert pbs_next_steps(pbs(3)) == []
    assert pbs_next_steps(PbsEvidence()) == [
        "Adopt a PBS policy",
        "Train at least 50% of staff in PBS (now 0%)",
    ]


def test_following_the_next_steps_raises_the_level_by_one() -> None:
    evidence = pbs(2, pbs_lead=True)
    assert pbs_level(evidence) == 2
    assert len(pbs_next_steps(evidence)) == 3
    assert (
        pbs_level(
            replace(
                evidence,
                practice_leadership=True,
                restrictive_practice_reduction=True,
                discharges_supported_3y=2,
            )
        )
        == 3
    )


def test_cqc_evidence_names_the_rating_and_where_it_came_from() -> None:
    from datetime import date

    from matcher.scoring.pbs import cqc_evidence_text

    assert cqc_evidence_text(None, None) == ""
    assert cqc_evidence_text("good", date(2026, 12, 2)) == "; CQC rating Good (imported 2 December 2026)"
    assert cqc_evidence_text("requires_improvement", None) == (
        "; CQC rating Requires improvement (set by an administrator)"
    )
