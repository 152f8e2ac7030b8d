"""Distances: fast spherical maths to filter and rank, the WGS84 geodesic for every distance reported.

Points are stored as unit vectors so the distance from one place to 100,000 homes is a matrix product;
the chord length converts to a great-circle distance exactly. The sphere differs from the WGS84
ellipsoid by up to about 0.5%, so any decision close to a limit is taken again with the geodesic:
`GEO_TOLERANCE` is the relative band where the sphere is not trusted.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from pyproj import Geod

EARTH_RADIUS_KM = 6371.0088
#: Relative band (plus an absolute slack in km) inside which spherical distances are re-checked.
GEO_TOLERANCE = 0.006
GEO_SLACK_KM = 0.05

F64 = npt.NDArray[np.float64]


def unit_vectors(lat: F64, lon: F64) -> F64:
    """(n, 3) unit vectors for latitudes and longitudes in degrees."""
    la = np.radians(lat)
    lo = np.radians(lon)
    # Column-major, so each coordinate is one contiguous array for the column-by-column products.
    return np.asfortranarray(np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1))


def dots(xyz: F64, place_xyz: F64) -> F64:
    """(n, places) dot products, column by column: with an inner dimension of 3 this is several times
    faster than a matrix product, and it keeps to one thread."""
    out = np.empty((len(xyz), len(place_xyz)), dtype=np.float64)
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    for j, (px, py, pz) in enumerate(place_xyz):
        col = x * px
        col += y * py
        col += z * pz
        out[:, j] = col
    return out


def nearest_dot(xyz: F64, place_xyz: F64) -> F64:
    """Per point, the dot product with the nearest place (largest dot); -1 for no places."""
    best = np.full(len(xyz), -1.0)
    x, y, z = xyz[:, 0], xyz[:, 1], xyz[:, 2]
    for px, py, pz in place_xyz:
        col = x * px
        col += y * py
        col += z * pz
        np.maximum(best, col, out=best)
    return best


def dots_to_km(dots: F64) -> F64:
    """Great-circle km from dot products of unit vectors, via the chord (stable for short distances)."""
    chord = np.sqrt(np.clip(2.0 - 2.0 * dots, 0.0, 4.0))
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2.0, 1.0)), dtype=np.float64)


def km_to_dot(km: float) -> float:
    """The dot-product threshold equivalent to a great-circle distance."""
    return float(np.cos(min(km, np.pi * EARTH_RADIUS_KM) / EARTH_RADIUS_KM))


def band(limit_km: float) -> tuple[float, float]:
    """(low, high) spherical km: below low surely within the limit, above high surely beyond it."""
    slack = limit_km * GEO_TOLERANCE + GEO_SLACK_KM
    return max(limit_km - slack, 0.0), limit_km + slack


#: WGS84 geodesics (Karney's algorithm, as geopy's `geodesic` uses) computed in C by PROJ: the same
#: distance as geopy's to a picometre, about 1 us a call instead of 70, and vectorised.
_WGS84 = Geod(ellps="WGS84")


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS84 geodesic distance, the figure every report and every boundary call uses."""
    return float(_WGS84.inv(float(lon1), float(lat1), float(lon2), float(lat2))[2]) / 1000.0


def geodesic_kms(lat1: F64, lon1: F64, lat2: F64, lon2: F64) -> F64:
    """`geodesic_km` pair by pair over arrays, in one call."""
    if len(lat1) == 0:
        return np.zeros(0, dtype=np.float64)
    metres = _WGS84.inv(
        np.asarray(lon1, np.float64),
        np.asarray(lat1, np.float64),
        np.asarray(lon2, np.float64),
        np.asarray(lat2, np.float64),
    )[2]
    return np.asarray(metres, dtype=np.float64) / 1000.0


def place_km(lat: F64, lon: F64, plat: F64, plon: F64) -> F64:
    """(n, places) geodesic km, for re-ranking the few candidates near the top before reporting."""
    n, p = len(lat), len(plat)
    return geodesic_kms(np.repeat(lat, p), np.repeat(lon, p), np.tile(plat, n), np.tile(plon, n)).reshape(
        n, p
    )


def from_places_km(plat: F64, plon: F64, lat: F64, lon: F64) -> F64:
    """(n, places) geodesic km from each place to each of n points: the figures results report."""
    n, k = len(lat), len(plat)
    return geodesic_kms(np.tile(plat, n), np.tile(plon, n), np.repeat(lat, k), np.repeat(lon, k)).reshape(
        n, k
    )


def within(lat1: F64, lon1: F64, lat2: F64, lon2: F64, limit_km: F64) -> npt.NDArray[np.bool_]:
    """Pairwise "geodesic distance <= limit"."""
    return np.asarray(geodesic_kms(lat1, lon1, lat2, lon2) <= limit_km, dtype=np.bool_)
