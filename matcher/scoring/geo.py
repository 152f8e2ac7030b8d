"""Distances: fast spherical maths to filter and rank, geodesic (geopy) for every distance reported.

Points are stored as unit vectors so the distance from one place to 100,000 homes is a matrix product;
the chord length converts to a great-circle distance exactly. The sphere differs from the WGS84
ellipsoid by up to about 0.5%, so any decision close to a limit is taken again with geopy's geodesic:
`GEO_TOLERANCE` is the relative band where the sphere is not trusted.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from geopy.distance import geodesic

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


#: One geopy geodesic reused: geopy builds its geographiclib solver once per instance, not per call.
_GEODESIC = geodesic()


#: Geodesic results memoised by their exact coordinates: a case searched again (new weights, a wider
#: limit) reports the same homes and providers from the same places, and geopy costs ~70 us a call.
GEODESIC_CACHE_SIZE = 1 << 15


@lru_cache(maxsize=GEODESIC_CACHE_SIZE)
def _geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(_GEODESIC.measure((lat1, lon1), (lat2, lon2)))


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """WGS84 geodesic distance (geopy), the figure every report and every close boundary call uses."""
    return _geodesic_km(float(lat1), float(lon1), float(lat2), float(lon2))


def place_km(lat: F64, lon: F64, plat: F64, plon: F64) -> F64:
    """(n, places) ellipsoidal km, for re-ranking the few candidates near the top before reporting."""
    n, p = len(lat), len(plat)
    return ellipsoid_km(np.repeat(lat, p), np.repeat(lon, p), np.tile(plat, n), np.tile(plon, n)).reshape(
        n, p
    )


#: WGS84, as geopy's geodesic uses.
_A = 6378.137
_F = 1 / 298.257223563
_B = _A * (1 - _F)
#: Within this many km of a limit, even the ellipsoidal formula hands the decision to geopy.
ELLIPSOID_SLACK_KM = 0.002


#: Below this many pairs the scalar formula (math, no array overhead) is faster than the vectorised one.
SCALAR_MAX = 16


def _vincenty(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """One pair of ellipsoid_km, in plain floats: the same formula, iterated to the same tolerance."""
    big_l = math.radians(lon2 - lon1)
    u1 = math.atan((1 - _F) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - _F) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = big_l
    sin_sigma = cos_sigma = sigma = cos2_alpha = cos_2sm = 0.0
    for _ in range(20):
        previous = lam
        sl, cl = math.sin(lam), math.cos(lam)
        sin_sigma = math.sqrt((cu2 * sl) ** 2 + (cu1 * su2 - su1 * cu2 * cl) ** 2)
        cos_sigma = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cu1 * cu2 * sl / (1.0 if sin_sigma == 0 else sin_sigma)
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = 0.0 if cos2_alpha == 0 else cos_sigma - 2 * su1 * su2 / cos2_alpha
        c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
        lam = big_l + (1 - c) * _F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - previous) < 1e-12:
            break
    u_sq = cos2_alpha * (_A**2 - _B**2) / _B**2
    a_ = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b_ = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    d_sigma = (
        b_
        * sin_sigma
        * (
            cos_2sm
            + b_
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - b_ / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return _B * a_ * (sigma - d_sigma)


def ellipsoid_km(lat1: F64, lon1: F64, lat2: F64, lon2: F64) -> F64:
    """Vincenty's inverse on WGS84, vectorised, a fixed number of iterations.

    Agrees with geopy's geodesic to well under a metre for the distances a search deals in, so it can
    settle the few candidates the sphere leaves undecided in bulk; only those still within
    ELLIPSOID_SLACK_KM of a limit are measured one by one with geopy. A handful of pairs goes through
    the scalar `_vincenty` (array set-up would cost more than the arithmetic).
    """
    if len(lat1) <= SCALAR_MAX:
        return np.array(
            [
                _vincenty(a, b, c, d)
                for a, b, c, d in zip(
                    np.asarray(lat1, np.float64).tolist(),
                    np.asarray(lon1, np.float64).tolist(),
                    np.asarray(lat2, np.float64).tolist(),
                    np.asarray(lon2, np.float64).tolist(),
                    strict=True,
                )
            ],
            dtype=np.float64,
        )
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    big_l = np.radians(lon2 - lon1)
    u1 = np.arctan((1 - _F) * np.tan(phi1))
    u2 = np.arctan((1 - _F) * np.tan(phi2))
    su1, cu1, su2, cu2 = np.sin(u1), np.cos(u1), np.sin(u2), np.cos(u2)
    lam = big_l.copy()
    sin_sigma = cos_sigma = sigma = cos2_alpha = cos_2sm = np.zeros_like(lam)
    for _ in range(20):
        previous = lam
        sl, cl = np.sin(lam), np.cos(lam)
        sin_sigma = np.sqrt((cu2 * sl) ** 2 + (cu1 * su2 - su1 * cu2 * cl) ** 2)
        cos_sigma = su1 * su2 + cu1 * cu2 * cl
        sigma = np.arctan2(sin_sigma, cos_sigma)
        safe = np.where(sin_sigma == 0, 1.0, sin_sigma)
        sin_alpha = cu1 * cu2 * sl / safe
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = np.where(
            cos2_alpha == 0, 0.0, cos_sigma - 2 * su1 * su2 / np.where(cos2_alpha == 0, 1, cos2_alpha)
        )
        c = _F / 16 * cos2_alpha * (4 + _F * (4 - 3 * cos2_alpha))
        lam = big_l + (1 - c) * _F * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if not len(lam) or float(np.max(np.abs(lam - previous))) < 1e-12:
            break
    u_sq = cos2_alpha * (_A**2 - _B**2) / _B**2
    a_ = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b_ = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    d_sigma = (
        b_
        * sin_sigma
        * (
            cos_2sm
            + b_
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - b_ / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return np.asarray(_B * a_ * (sigma - d_sigma), dtype=np.float64)


def within(lat1: F64, lon1: F64, lat2: F64, lon2: F64, limit_km: F64) -> npt.NDArray[np.bool_]:
    """Pairwise "geodesic distance <= limit", geopy deciding whenever the ellipsoidal formula is too close."""
    km = ellipsoid_km(lat1, lon1, lat2, lon2)
    out = km <= limit_km
    for i in np.flatnonzero(np.abs(km - limit_km) <= ELLIPSOID_SLACK_KM):
        out[i] = geodesic_km(float(lat1[i]), float(lon1[i]), float(lat2[i]), float(lon2[i])) <= limit_km[i]
    return np.asarray(out, dtype=np.bool_)
