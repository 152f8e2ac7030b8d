"""The home grid rule: the index knows a home only at a grid point, and the README says how far that is."""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic
from hypothesis import given
from hypothesis import strategies as st

from matcher.scoring.privacy import HOME_GRID_DEGREES, home_grid_point, max_grid_shift_km


@given(st.floats(49.8, 60.9), st.floats(-8.7, 1.8))
def test_a_home_moves_to_its_grid_point_and_no_further_than_stated(lat: float, lon: float) -> None:
    glat, glon = home_grid_point(lat), home_grid_point(lon)
    steps = glat / HOME_GRID_DEGREES, glon / HOME_GRID_DEGREES
    assert all(abs(s - round(s)) < 1e-6 for s in steps)  # on the grid
    assert abs(glat - lat) <= HOME_GRID_DEGREES / 2 + 1e-9
    assert abs(glon - lon) <= HOME_GRID_DEGREES / 2 + 1e-9
    assert geodesic((lat, lon), (glat, glon)).km <= max_grid_shift_km(lat) * 1.01  # ellipsoid vs sphere


def test_the_stated_bound_for_england() -> None:
    """docs/readme/i15.md: at most about 1.3 km at 52 degrees north, 1.11 km north-south alone."""
    assert max_grid_shift_km(52.0) == pytest.approx(1.30, abs=0.01)
    assert max_grid_shift_km(0.0) == pytest.approx(math.hypot(1.112, 1.112), abs=0.01)


def test_nearby_homes_share_a_grid_point() -> None:
    """Two homes a few hundred metres apart are indistinguishable to a search."""
    first, second = (52.7711, -1.2062), (52.7741, -1.2021)
    assert geodesic(first, second).km < 0.5
    assert (home_grid_point(first[0]), home_grid_point(first[1])) == (52.78, -1.2)
    assert (home_grid_point(second[0]), home_grid_point(second[1])) == (52.78, -1.2)
