"""Criterion lists with evidence: the one place a reported score gets its plain-English reason.

Search and explain both build their criteria here, from the same score values, so the text beside a
figure cannot drift between the ranked list and the explanation of one candidate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .criteria import location_text, needs_text, property_fit_text, readiness_text
from .narrative import NarrativeIndex, QueryVector
from .pbs import cqc_evidence_text, pbs_evidence_text
from .query import QueryContext
from .types import CareProvider, CriterionScore, Home, ServiceArea
from .weights import CARE_CRITERIA, HOME_CRITERIA, PACKAGE_CRITERIA, used_weights


def _listed(
    criteria: tuple[str, ...],
    values: Mapping[str, float],
    weights: Mapping[str, float],
    evidence: Mapping[str, str],
) -> list[CriterionScore]:
    used = used_weights(criteria, weights)
    return [
        CriterionScore(criterion=c, score=round(values[c], 4), weight=round(used[c], 4), evidence=evidence[c])
        for c in criteria
    ]


def _home_text(home: Home, kms: Sequence[float], ctx: QueryContext) -> dict[str, str]:
    return {
        "location": location_text(kms, ctx.places),
        "property_fit": property_fit_text(home, ctx),
        "readiness": readiness_text(home.available_from, ctx, "Available"),
    }


def _provider_text(
    provider: CareProvider,
    km_areas: Sequence[tuple[float, ServiceArea]],
    ctx: QueryContext,
) -> dict[str, str]:
    location = (
        location_text([km for km, _ in km_areas], ctx.places, [a for _, a in km_areas])
        if km_areas
        else "No service area stated"
    )
    return {
        "location": location,
        "pbs": pbs_evidence_text(provider.pbs)
        + cqc_evidence_text(provider.cqc_rating, provider.cqc_imported_at),
        "needs": needs_text(provider, ctx),
        "readiness": readiness_text(provider.earliest_start, ctx, "Can start"),
    }


def home_criteria(
    home: Home,
    values: Mapping[str, float],
    kms: Sequence[float],
    ctx: QueryContext,
    weights: Mapping[str, float],
    narrative: NarrativeIndex,
    row: int,
    qvec: QueryVector,
) -> list[CriterionScore]:
    text = _home_text(home, kms, ctx)
    text["narrative"] = narrative.evidence(row, qvec)
    return _listed(HOME_CRITERIA, values, weights, text)


def provider_criteria(
    provider: CareProvider,
    values: Mapping[str, float],
    km_areas: Sequence[tuple[float, ServiceArea]],
    ctx: QueryContext,
    weights: Mapping[str, float],
    narrative: NarrativeIndex,
    row: int,
    qvec: QueryVector,
) -> list[CriterionScore]:
    text = _provider_text(provider, km_areas, ctx)
    text["narrative"] = narrative.evidence(row, qvec)
    return _listed(CARE_CRITERIA, values, weights, text)


def package_criteria(
    provider: CareProvider,
    home: Home,
    values: Mapping[str, float],
    kms: Sequence[float],
    fit_text: str,
    ctx: QueryContext,
    weights: Mapping[str, float],
    narrative: NarrativeIndex,
    provider_row: int,
    home_row: int,
    qvec: QueryVector,
    parts: Mapping[str, float],
) -> list[CriterionScore]:
    """Location and property from the home, PBS and needs from the provider, the rest from both."""
    home_text = _home_text(home, kms, ctx)
    care_text = _provider_text(provider, [], ctx)
    later = (
        f"Care: {care_text['readiness']}"
        if parts["care_readiness"] < parts["home_readiness"]
        else f"Home: {home_text['readiness']}"
    )
    text = {
        "location": home_text["location"],
        "property_fit": home_text["property_fit"],
        "pbs": care_text["pbs"],
        "needs": care_text["needs"],
        "narrative": (
            f"Mean of care {parts['care_narrative']:.2f} and home {parts['home_narrative']:.2f}. "
            f"Care: {narrative.evidence(provider_row, qvec)}. "
            f"Home: {narrative.evidence(home_row, qvec)}"
        ),
        "readiness": f"The later of the two. {later}",
        "package_fit": fit_text,
    }
    return _listed(PACKAGE_CRITERIA, values, weights, text)
