"""The search's shortcuts give exactly what the plain computation they replace gives."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from matcher.scoring.columns import ProviderColumns
from matcher.scoring.constraints import provider_place_km
from matcher.scoring.criteria import area_place_dots, provider_place_dots
from matcher.scoring.geo import geodesic_km, geodesic_kms
from matcher.scoring.narrative import NarrativeIndex
from matcher.scoring.query import QueryContext
from tests.scoring import factories as f

SETTINGS = settings(max_examples=50, deadline=None)
WORDS = (
    "autism learning disability positive behaviour support consistent team garden quiet sensory routine "
    "makaton communication community walks music swimming the and of Autistic GARDEN café x-ray 2:1"
).split()


def test_narrative_matches_sklearn() -> None:
    texts = [f.provider().description, f.home().description, "Quiet garden, music and swimming."]
    index = NarrativeIndex(texts)
    rng = np.random.default_rng(3)
    for n in range(0, 80, 3):
        text = " ".join(rng.choice(WORDS, size=n).tolist())
        ours = index.query_vector(text)
        ref = sparse.csr_matrix(index._vectoriser.transform([text]))
        if ref.nnz == 0:
            assert ours is None
        else:
            assert ours is not None
            assert np.array_equal(ours, ref.toarray().ravel())  # bit for bit


def test_narrative_cache_returns_the_same_read_only_vector() -> None:
    index = NarrativeIndex([f.provider().description, f.home().description])
    first = index.query_vector(f.query().narrative)
    assert first is not None
    assert index.query_vector(f.query().narrative) is first
    assert not first.flags.writeable


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.floats(49.9, 55.8),
            st.floats(-5.5, 1.8),
            st.floats(-0.6, 0.6),
            st.floats(-0.9, 0.9),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_geodesics_are_geopys(pairs: list[tuple[float, float, float, float]]) -> None:
    """pyproj's Geod and geopy's geodesic are both Karney's algorithm: the same figure to a picometre,
    and the array call gives what the one-pair call gives."""
    lat1 = np.array([p[0] for p in pairs])
    lon1 = np.array([p[1] for p in pairs])
    lat2 = lat1 + np.array([p[2] for p in pairs])
    lon2 = lon1 + np.array([p[3] for p in pairs])
    whole = geodesic_kms(lat1, lon1, lat2, lon2)
    for i in range(len(pairs)):
        one = geodesic_km(lat1[i], lon1[i], lat2[i], lon2[i])
        assert whole[i] == one
        assert abs(one - geodesic((lat1[i], lon1[i]), (lat2[i], lon2[i])).km) < 1e-9
    assert len(geodesic_kms(lat1[:0], lon1[:0], lat2[:0], lon2[:0])) == 0


def test_geodesic_km_is_geopy() -> None:
    a, b = f.LEICESTER, f.NOTTINGHAM
    assert abs(geodesic_km(a[0], a[1], b[0], b[1]) - geodesic(a, b).km) < 1e-9
    assert geodesic_km(a[0], a[1], a[0], a[1]) == 0.0


@SETTINGS
@given(st.lists(st.tuples(st.floats(-0.3, 0.3), st.floats(-0.4, 0.4)), min_size=1, max_size=6))
def test_provider_place_km_is_the_geodesic_nearest(offsets: list[tuple[float, float]]) -> None:
    centre = f.LEICESTER
    areas = tuple(f.area(f"A{i}", (centre[0] + dy, centre[1] + dx)) for i, (dy, dx) in enumerate(offsets))
    # a duplicate centre: a tie goes to the first area, as before
    areas = areas + (f.area("Copy", (areas[0].latitude, areas[0].longitude)),)
    places = (f.place(), f.place("Melton", at=f.MELTON))
    got = provider_place_km(f.provider(service_area=areas), places)
    for (km, area), p in zip(got, places, strict=True):
        brute = min(
            (geodesic((p.latitude, p.longitude), (a.latitude, a.longitude)).km, i)
            for i, a in enumerate(areas)
        )
        assert abs(km - brute[0]) < 1e-9
        assert area is areas[brute[1]]


def test_padded_place_dots_match_reduceat() -> None:
    rng = np.random.default_rng(5)
    providers = [
        f.provider(
            f"p{i}",
            service_area=tuple(
                f.area(f"A{k}", (52 + rng.normal(0, 0.5), -1.2 + rng.normal(0, 0.5)))
                for k in range(int(rng.integers(0, 4)))
            ),
        )
        for i in range(40)
    ]
    cols = ProviderColumns.build(providers)
    assert cols.area_pad is not None
    ctx = QueryContext.compile(
        f.query(places=(f.place(), f.place("Melton", at=f.MELTON, weight=0.5))), f.TODAY
    )
    padded = provider_place_dots(cols, ctx, area_place_dots(cols, ctx))
    plain = provider_place_dots(replace(cols, area_pad=None), ctx)
    assert np.array_equal(padded, plain)
    assert np.all(padded[np.diff(cols.area_ptr) == 0] == -1.0)
