"""Positive Behaviour Support competence: the level DOMAIN.md derives from evidence, and its score.

The level is a gate (hard constraint), the score ranks providers that pass the gate, so it rewards
evidence beyond the level's minimum and is lowered by placement breakdowns: a commissioner defending a
shortlist wants the provider whose track record is strongest, not only the one that ticks the boxes.
"""

from __future__ import annotations

from datetime import date

from .types import PbsEvidence

PBS_LEVEL_NAMES = ("none", "foundation", "competent", "specialist")


def _missing_for(level: int, e: PbsEvidence) -> list[str]:
    """What the evidence lacks for `level` itself (assuming the levels below are met)."""
    if level == 1:
        out = [] if e.pbs_policy else ["adopt a PBS policy"]
        if e.staff_trained_pct < 50:
            out.append(f"train at least 50% of staff in PBS (now {e.staff_trained_pct}%)")
        return out
    if level == 2:
        out = []
        if e.staff_trained_pct < 80:
            out.append(f"train at least 80% of staff in PBS (now {e.staff_trained_pct}%)")
        if not e.bild_act_certified_training:
            out.append("use BILD ACT certified training")
        if not e.rrn_certified_training:
            out.append("use RRN certified restrictive-intervention training")
        return out
    if level == 3:
        out = []
        if not e.pbs_lead:
            out.append("employ a PBS lead")
        if not e.practice_leadership:
            out.append("have managers coach staff on shift (practice leadership)")
        if not e.restrictive_practice_reduction:
            out.append("run a restrictive practice reduction programme with published figures")
        if e.discharges_supported_3y < 1:
            out.append("support at least one person out of hospital in three years")
        return out
    return []


def pbs_level(evidence: PbsEvidence) -> int:
    """0 none, 1 foundation, 2 competent, 3 specialist; each level needs all the ones below."""
    level = 0
    for candidate in (1, 2, 3):
        if _missing_for(candidate, evidence):
            break
        level = candidate
    return level


def pbs_next_steps(evidence: PbsEvidence) -> list[str]:
    """Plain-English steps that would lift the provider one level (empty at level 3), for its own page."""
    level = pbs_level(evidence)
    if level >= 3:
        return []
    return [step[0].upper() + step[1:] for step in _missing_for(level + 1, evidence)]


def missing_for_required(evidence: PbsEvidence, required: int) -> list[str]:
    """Every gap between the provider and the required level, for an exclusion's evidence."""
    level = pbs_level(evidence)
    out: list[str] = []
    for lv in range(level + 1, required + 1):
        out.extend(_missing_for(lv, evidence))
    return out


def pbs_score(evidence: PbsEvidence) -> float:
    """Half the level, half the strength of the evidence, minus a penalty per placement breakdown.

    Breakdowns are weighed against discharges supported, so a provider that has moved many people out
    of hospital is not punished as hard for one breakdown as a provider that has moved one.
    """
    e = evidence
    strength = (
        min(e.staff_trained_pct, 100) / 100
        + e.bild_act_certified_training
        + e.rrn_certified_training
        + e.pbs_lead
        + e.practice_leadership
        + e.restrictive_practice_reduction
        + min(e.discharges_supported_3y, 5) / 5
    ) / 7
    breakdown_rate = e.placement_breakdowns_3y / (e.placement_breakdowns_3y + e.discharges_supported_3y + 1)
    score = 0.5 * pbs_level(e) / 3 + 0.5 * strength - 0.4 * breakdown_rate
    return float(min(1.0, max(0.0, score)))


def pbs_evidence_text(evidence: PbsEvidence) -> str:
    """ "PBS level 3: BILD ACT certified training, 92% of staff trained, PBS lead in post"."""
    e = evidence
    parts: list[str] = []
    if e.bild_act_certified_training:
        parts.append("BILD ACT certified training")
    if e.rrn_certified_training:
        parts.append("RRN certified training")
    parts.append(f"{e.staff_trained_pct}% of staff trained")
    if e.pbs_lead:
        parts.append("PBS lead in post")
    if e.practice_leadership:
        parts.append("practice leadership")
    if e.restrictive_practice_reduction:
        parts.append("restrictive practice reduction programme")
    if e.discharges_supported_3y:
        n = e.discharges_supported_3y
        parts.append(f"{n} discharge{'s' if n != 1 else ''} from hospital supported in 3 years")
    if e.placement_breakdowns_3y:
        n = e.placement_breakdowns_3y
        parts.append(f"{n} placement breakdown{'s' if n != 1 else ''} in 3 years")
    if not e.pbs_policy:
        parts.insert(0, "no PBS policy")
    return f"PBS level {pbs_level(e)}: " + ", ".join(parts)


CQC_RATING_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}


def cqc_evidence_text(rating: str | None, imported_on: date | None) -> str:
    """The regulator's view beside the provider's own PBS evidence, and where it came from: a rating
    read from the CQC's directory says when; one an administrator typed says so."""
    if rating is None:
        return ""
    label = CQC_RATING_LABELS.get(rating, rating)
    source = f"imported {imported_on.day} {imported_on:%B %Y}" if imported_on else "set by an administrator"
    return f"; CQC rating {label} ({source})"
