"""A small map as inline SVG: the places that matter, providers' service areas, homes. No tiles, no
script, no network: it draws from latitude and longitude alone, and the page lists the same things in
words beside it, so the map is never the only way to read the results."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT, MARGIN = 640, 480, 30
KM_PER_DEGREE = 111.32


@dataclass(frozen=True, slots=True)
class Point:
    kind: str  # "place" | "home" | "area"
    label: str
    latitude: float
    longitude: float
    radius_km: float = 0.0


@dataclass(slots=True)
class Shape:
    kind: str
    label: str
    x: float
    y: float
    r: float = 0.0
    number: int = 0


@dataclass(slots=True)
class MapPicture:
    width: int = WIDTH
    height: int = HEIGHT
    shapes: list[Shape] = field(default_factory=list)
    scale_km: float = 0.0
    scale_px: float = 0.0


def draw(points: list[Point]) -> MapPicture | None:
    """Positions on an equirectangular projection around the points' middle, fitted to the box
    (service-area circles included); None when there is nothing to draw."""
    if not points:
        return None
    middle = sum(p.latitude for p in points) / len(points)
    squash = math.cos(math.radians(middle))

    def project(p: Point) -> tuple[float, float]:
        return p.longitude * squash * KM_PER_DEGREE, -p.latitude * KM_PER_DEGREE

    xs, ys = [], []
    for p in points:
        x, y = project(p)
        xs += [x - p.radius_km, x + p.radius_km]
        ys += [y - p.radius_km, y + p.radius_km]
    span_x, span_y = max(max(xs) - min(xs), 5.0), max(max(ys) - min(ys), 5.0)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    picture = MapPicture()
    numbers = {"place": 0, "home": 0, "area": 0}
    # Areas first, so homes and places are drawn over them.
    for p in sorted(points, key=lambda q: {"area": 0, "home": 1, "place": 2}[q.kind]):
        x, y = project(p)
        numbers[p.kind] += 1
        picture.shapes.append(
            Shape(
                p.kind,
                p.label,
                WIDTH / 2 + (x - centre_x) * scale,
                HEIGHT / 2 + (y - centre_y) * scale,
                p.radius_km * scale,
                numbers[p.kind],
            )
        )
    nice = [1, 2, 5, 10, 20, 50, 100, 200]
    picture.scale_km = next((k for k in nice if k * scale >= 60), nice[-1])
    picture.scale_px = picture.scale_km * scale
    return picture
