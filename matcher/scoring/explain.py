"""Criterion lists with evidence: the one place a reported score gets its plain-English reason.

Search and explain both build their criteria here, from the same score values, so the text beside a
figure cannot drift between the ranked list and the explanation of one candidate.

Reporting, not ranking, is most of a search's work: some 40 candidates are decoded from the packed
store, measured on the ellipsoid and described. A home shown in the housing list is often in a package
too, and so is a provider, so `Evidence` works each of those out once per search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .columns import F64
from .criteria import location_text, needs_text, property_fit_text, readiness_text
from .geo import from_places_km
from .narrative import NarrativeIndex, QueryVector
from .pbs import cqc_evidence_text, pbs_evidence_text
from .query import QueryContext
from .splice import Rows
from .types import CareProvider, CriterionScore, Home, ServiceArea
from .weights import CARE_CRITERIA, HOME_CRITERIA, PACKAGE_CRITERIA, used_weights

KmAreas = list[tuple[float, ServiceArea]]


def _listed(
    criteria: tuple[str, ...],
    values: Mapping[str, float],
    shown: Mapping[str, float],
    evidence: Mapping[str, str],
) -> list[CriterionScore]:
    """`shown`: the list's used weights, already rounded for display."""
    return [
        CriterionScore(criterion=c, score=round(values[c], 4), weight=shown[c], evidence=evidence[c])
        for c in criteria
    ]


class Evidence:
    """One search's (or one explanation's) listings, distances and texts, each worked out once.

    Holds nothing beyond the search: a listing changes between searches, and the texts depend on the
    query. Distances are the WGS84 geodesic from each case place, in the places' order, the figures
    `constraints.home_place_km` and `constraints.provider_place_km` give for one listing; `measure_*`
    computes them for many listings in one call.
    """

    def __init__(
        self,
        ctx: QueryContext,
        weights: Mapping[str, float],
        narrative: NarrativeIndex,
        qvec: QueryVector,
        providers: Rows[CareProvider],
        homes: Rows[Home],
    ) -> None:
        self.ctx = ctx
        self._narrative, self._qvec = narrative, qvec
        self._providers, self._homes = providers, homes
        self._home_row0 = len(providers)  # narrative rows: providers first, then homes
        self._shown = {
            criteria: {c: round(u, 4) for c, u in used_weights(criteria, weights).items()}
            for criteria in (CARE_CRITERIA, HOME_CRITERIA, PACKAGE_CRITERIA)
        }
        self._home: dict[int, Home] = {}
        self._provider: dict[int, CareProvider] = {}
        self._home_km: dict[int, list[float]] = {}
        self._provider_km: dict[int, KmAreas] = {}
        self._home_text: dict[int, dict[str, str]] = {}
        self._care_text: dict[int, dict[str, str]] = {}
        self._words: dict[int, str] = {}

    # ------------------------------------------------------------------------------ listings

    def home(self, i: int) -> Home:
        home = self._home.get(i)
        if home is None:
            home = self._home[i] = self._homes[i]
        return home

    def provider(self, j: int) -> CareProvider:
        provider = self._provider.get(j)
        if provider is None:
            provider = self._provider[j] = self._providers[j]
        return provider

    # ----------------------------------------------------------------------------- distances

    def measure_homes(self, positions: Iterable[int]) -> None:
        """Every case place's km to each of these homes, in one geodesic call."""
        new = [i for i in dict.fromkeys(positions) if i not in self._home_km]
        if not new:
            return
        km = self._from_places([self.home(i) for i in new])
        for i, row in zip(new, km.tolist(), strict=True):
            self._home_km[i] = row

    def home_km(self, i: int) -> list[float]:
        if i not in self._home_km:
            self.measure_homes((i,))
        return self._home_km[i]

    def measure_providers(self, positions: Iterable[int]) -> None:
        """Per case place, each provider's nearest service-area centre (ties to the first area) and its
        km, in one geodesic call for all their areas."""
        new = [j for j in dict.fromkeys(positions) if j not in self._provider_km]
        if not new:
            return
        areas = [self.provider(j).service_area for j in new]
        km = self._from_places([a for own in areas for a in own])
        start = 0
        for j, own in zip(new, areas, strict=True):
            if not own:
                self._provider_km[j] = []
                continue
            block = km[start : start + len(own)]
            start += len(own)
            nearest = np.argmin(block, axis=0).tolist()
            self._provider_km[j] = [(float(block[a, p]), own[a]) for p, a in enumerate(nearest)]

    def provider_km(self, j: int) -> KmAreas:
        if j not in self._provider_km:
            self.measure_providers((j,))
        return self._provider_km[j]

    def _from_places(self, points: Sequence[Home | ServiceArea]) -> F64:
        """(points, places) km, as `constraints.home_place_km` and `provider_place_km` measure."""
        lat = np.array([p.latitude for p in points], dtype=np.float64)
        lon = np.array([p.longitude for p in points], dtype=np.float64)
        return from_places_km(self.ctx.place_lat, self.ctx.place_lon, lat, lon)

    # --------------------------------------------------------------------------------- texts

    def words(self, row: int) -> str:
        """The narrative's shared words for this index row (`NarrativeIndex.evidence`)."""
        text = self._words.get(row)
        if text is None:
            text = self._words[row] = self._narrative.evidence(row, self._qvec)
        return text

    def _home_texts(self, i: int) -> dict[str, str]:
        text = self._home_text.get(i)
        if text is None:
            home, ctx = self.home(i), self.ctx
            text = self._home_text[i] = {
                "location": location_text(self.home_km(i), ctx.places),
                "property_fit": property_fit_text(home, ctx),
                "readiness": readiness_text(home.available_from, ctx, "Available"),
            }
        return text

    def _care_texts(self, j: int) -> dict[str, str]:
        """A provider's texts but location, which only its own list shows (a package's is the home's)."""
        text = self._care_text.get(j)
        if text is None:
            provider, ctx = self.provider(j), self.ctx
            text = self._care_text[j] = {
                "pbs": pbs_evidence_text(provider.pbs)
                + cqc_evidence_text(provider.cqc_rating, provider.cqc_imported_at),
                "needs": needs_text(provider, ctx),
                "readiness": readiness_text(provider.earliest_start, ctx, "Can start"),
            }
        return text

    # ------------------------------------------------------------------------------ criteria

    def home_criteria(self, i: int, values: Mapping[str, float]) -> list[CriterionScore]:
        text = {**self._home_texts(i), "narrative": self.words(self._home_row0 + i)}
        return _listed(HOME_CRITERIA, values, self._shown[HOME_CRITERIA], text)

    def provider_criteria(self, j: int, values: Mapping[str, float]) -> list[CriterionScore]:
        km_areas = self.provider_km(j)
        location = (
            location_text([km for km, _ in km_areas], self.ctx.places, [a for _, a in km_areas])
            if km_areas
            else "No service area stated"
        )
        text = {**self._care_texts(j), "location": location, "narrative": self.words(j)}
        return _listed(CARE_CRITERIA, values, self._shown[CARE_CRITERIA], text)

    def package_criteria(
        self,
        j: int,
        i: int,
        values: Mapping[str, float],
        fit_text: str,
        parts: Mapping[str, float],
    ) -> list[CriterionScore]:
        """Location and property from the home, PBS and needs from the provider, the rest from both."""
        home_text, care_text = self._home_texts(i), self._care_texts(j)
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
                f"Care: {self.words(j)}. "
                f"Home: {self.words(self._home_row0 + i)}"
            ),
            "readiness": f"The later of the two. {later}",
            "package_fit": fit_text,
        }
        return _listed(PACKAGE_CRITERIA, values, self._shown[PACKAGE_CRITERIA], text)
