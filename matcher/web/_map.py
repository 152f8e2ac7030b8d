"""The results map as inline SVG, drawn on the server: a UK base layer of county and unitary outlines,
zoomed to the places and homes of the search, markers clustered where they would overlap, providers'
service areas as circles that the page shows only when asked. No tiles, no script, no network.

The page lists the same things in words beside the map and every marker links to its line in that
list, so the map is never the only way to read the results (and reads as a list without CSS or SVG).
The outlines (`data/uk_outlines.json`, Natural Earth, public domain; see `data/LICENCE.txt`) are read
once per process.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from dataclasses import dataclass, field

WIDTH, HEIGHT, MARGIN = 640, 520, 36
KM_PER_DEGREE = 111.32
#: Markers closer than this (in pixels of the 640-wide picture) are drawn as one numbered cluster.
CLUSTER_PX = 22.0
#: The smallest stretch of country shown, so one town alone still shows its neighbours.
MIN_SPAN_KM = 30.0
#: Outline points closer than this to the previous one are dropped: invisible, and they only add bytes.
MIN_STEP_PX = 0.8
#: An outline is named on the map only where it is this wide on screen, so names do not crowd.
LABEL_MIN_PX = 110.0
_KIND_ORDER = {"place": 0, "home": 1, "area": 2}
_PREFIX = {"place": "P", "home": "H", "area": "A"}


@dataclass(frozen=True, slots=True)
class Point:
    kind: str  # "place" | "home" | "area"
    label: str
    latitude: float
    longitude: float
    radius_km: float = 0.0


@dataclass(slots=True)
class Marker:
    """One point on the picture; `key` ("P1", "H2", "A3") is also its line's id in the list."""

    kind: str
    label: str
    key: str
    x: float
    y: float
    r: float = 0.0  # service-area radius in pixels (areas only)


@dataclass(slots=True)
class Cluster:
    x: float
    y: float
    members: list[Marker]

    @property
    def label(self) -> str:
        return f"{len(self.members)} here: " + "; ".join(f"{m.key} {m.label}" for m in self.members)


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    d: str  # SVG path data
    label_x: float | None = None
    label_y: float | None = None


@dataclass(slots=True)
class MapPicture:
    width: int = WIDTH
    height: int = HEIGHT
    outlines: list[Outline] = field(default_factory=list)
    circles: list[Marker] = field(default_factory=list)  # service areas, drawn only on demand
    singles: list[Marker] = field(default_factory=list)  # places and homes drawn on their own
    clusters: list[Cluster] = field(default_factory=list)  # two or more places/homes/areas together
    markers: list[Marker] = field(default_factory=list)  # every numbered point, in list order
    scale_km: float = 0.0
    scale_px: float = 0.0


@dataclass(frozen=True, slots=True)
class _Area:
    name: str
    rings: tuple[tuple[float, ...], ...]  # flat lon, lat, lon, lat, ...
    west: float
    south: float
    east: float
    north: float


@functools.cache
def _outlines() -> tuple[_Area, ...]:
    data = json.loads(importlib.resources.files("matcher.web.data").joinpath("uk_outlines.json")
                      .read_text(encoding="utf-8"))
    areas = []
    for area in data["areas"]:
        rings = tuple(tuple(ring) for ring in area["rings"])
        lons = [v for ring in rings for v in ring[0::2]]
        lats = [v for ring in rings for v in ring[1::2]]
        areas.append(_Area(area["name"], rings, min(lons), min(lats), max(lons), max(lats)))
    return tuple(areas)


class _Projection:
    """Equirectangular around the middle latitude (good enough at county scale), fitted to the box."""

    def __init__(self, west: float, south: float, east: float, north: float) -> None:
        self.squash = math.cos(math.radians((south + north) / 2))
        # A little room beyond the outermost points, so no marker sits on the edge.
        span_x = max((east - west) * self.squash * KM_PER_DEGREE * 1.15, MIN_SPAN_KM)
        span_y = max((north - south) * KM_PER_DEGREE * 1.15, MIN_SPAN_KM)
        self.scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)  # px per km
        self.centre = ((west + east) / 2, (south + north) / 2)

    def __call__(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = (longitude - self.centre[0]) * self.squash * KM_PER_DEGREE * self.scale
        y = (self.centre[1] - latitude) * KM_PER_DEGREE * self.scale
        return WIDTH / 2 + x, HEIGHT / 2 + y

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the picture, for choosing the outlines to draw."""
        half_w = WIDTH / 2 / (self.scale * KM_PER_DEGREE * self.squash)
        half_h = HEIGHT / 2 / (self.scale * KM_PER_DEGREE)
        (lon, lat) = self.centre
        return lon - half_w, lat - half_h, lon + half_w, lat + half_h


def _path(area: _Area, project: _Projection) -> tuple[str, float]:
    """SVG path data for the area's rings, and its width on screen."""
    parts: list[str] = []
    xs: list[float] = []
    for ring in area.rings:
        last: tuple[float, float] | None = None
        steps: list[str] = []
        for i in range(0, len(ring), 2):
            x, y = project(ring[i], ring[i + 1])
            if last is not None and abs(x - last[0]) + abs(y - last[1]) < MIN_STEP_PX:
                continue
            steps.append(f"{x:.1f} {y:.1f}")
            xs.append(x)
            last = (x, y)
        if len(steps) >= 3:
            parts.append("M" + "L".join(steps) + "Z")
    return "".join(parts), (max(xs) - min(xs)) if xs else 0.0


def _label_position(area: _Area, project: _Projection) -> tuple[float, float]:
    largest = max(area.rings, key=len)
    lon = sum(largest[0::2]) / (len(largest) // 2)
    lat = sum(largest[1::2]) / (len(largest) // 2)
    return project(lon, lat)


def _clusters(markers: list[Marker]) -> list[Cluster]:
    """Greedy: each marker joins the first cluster within CLUSTER_PX of that cluster's first member."""
    clusters: list[Cluster] = []
    for marker in markers:
        for cluster in clusters:
            if math.hypot(cluster.x - marker.x, cluster.y - marker.y) < CLUSTER_PX:
                cluster.members.append(marker)
                break
        else:
            clusters.append(Cluster(marker.x, marker.y, [marker]))
    for cluster in clusters:
        cluster.x = sum(m.x for m in cluster.members) / len(cluster.members)
        cluster.y = sum(m.y for m in cluster.members) / len(cluster.members)
    return clusters


def keys(points: list[Point]) -> list[str]:
    """The list keys ("P1", "H1", "A1", ...) of `points` in their given order, as the map numbers them."""
    counts = {"place": 0, "home": 0, "area": 0}
    out = []
    for p in points:
        counts[p.kind] += 1
        out.append(f"{_PREFIX[p.kind]}{counts[p.kind]}")
    return out


def draw(points: list[Point]) -> MapPicture | None:
    """The picture for `points`, zoomed to the places and homes (the middles of service areas when there
    are neither: a 50 km circle would otherwise zoom the map out to half the country); None when there
    is nothing to draw."""
    if not points:
        return None
    focus = [p for p in points if p.kind != "area"] or points
    project = _Projection(min(p.longitude for p in focus), min(p.latitude for p in focus),
                          max(p.longitude for p in focus), max(p.latitude for p in focus))
    picture = MapPicture()
    west, south, east, north = project.bounds()
    for area in _outlines():
        if area.east < west or area.west > east or area.north < south or area.south > north:
            continue
        d, width_px = _path(area, project)
        if not d:
            continue
        if width_px >= LABEL_MIN_PX:
            x, y = _label_position(area, project)
            inside = MARGIN / 2 < x < WIDTH - MARGIN / 2 and MARGIN / 2 < y < HEIGHT - MARGIN / 2
            picture.outlines.append(Outline(area.name, d, x, y) if inside else Outline(area.name, d))
        else:
            picture.outlines.append(Outline(area.name, d))
    for p, key in zip(points, keys(points), strict=True):
        x, y = project(p.longitude, p.latitude)
        marker = Marker(p.kind, p.label, key, x, y, p.radius_km * project.scale)
        picture.markers.append(marker)
        if p.kind == "area":
            picture.circles.append(marker)
    drawn = sorted(picture.markers, key=lambda m: _KIND_ORDER[m.kind])
    for cluster in _clusters(drawn):
        if len(cluster.members) == 1:
            picture.singles.append(cluster.members[0])
        else:
            picture.clusters.append(cluster)
    nice = [1, 2, 5, 10, 20, 50, 100, 200]
    picture.scale_km = next((k for k in nice if k * project.scale >= 60), nice[-1])
    picture.scale_px = picture.scale_km * project.scale
    return picture
