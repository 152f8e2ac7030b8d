"""What the search index may know of a home's position: a grid point, never the exact one.

A search answers distances from any place the searcher names, so an exact position could be found by
trilateration (three searches, three distances). Only the owner may know where a home really is;
everyone else learns roughly the district or town. The index therefore holds every home at the nearest
point of a HOME_GRID_DEGREES grid, and every distance, location score and `nearby` package is computed
from that point.

How far it moves a home: at most half a grid step in each direction, i.e. up to 0.01 degrees of
latitude (1.11 km) and 0.01 degrees of longitude (0.69 km at England's 52 degrees north), so at most
about 1.3 km in a straight line (`max_grid_shift_km`), 0.65 km on average.
"""

from __future__ import annotations

import math

#: Grid step in degrees: about 2.2 km north-south, 1.4 km east-west in England.
HOME_GRID_DEGREES = 0.02

#: Mean Earth radius used for the bound below (the same as geo.EARTH_RADIUS_KM).
_EARTH_KM = 6371.0088


def home_grid_point(degrees: float) -> float:
    """The nearest grid coordinate to a latitude or a longitude (rounded to 6 places so the same grid
    point is always the same float)."""
    return round(round(degrees / HOME_GRID_DEGREES) * HOME_GRID_DEGREES, 6)


def max_grid_shift_km(latitude: float) -> float:
    """The furthest the grid can move a home at this latitude: half a step in both directions."""
    half = math.radians(HOME_GRID_DEGREES / 2)
    north = _EARTH_KM * half
    east = _EARTH_KM * half * math.cos(math.radians(latitude))
    return math.hypot(north, east)
