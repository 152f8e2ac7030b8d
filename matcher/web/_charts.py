"""Bar charts as inline SVG, laid out here and drawn by `templates/allocation/_charts.html`.

No script and no plotting library: the geometry is a few rectangles. Every chart has a table beside it
with the same figures, so a screen-reader user, or anyone without images, reads the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
ROW = 28
LABEL_WIDTH = 170
TOP = 30
#: GOV.UK palette, each at least 3:1 against white.
KIND_COLOURS = {"housing": "#1d70b8", "care": "#d4351c", "package": "#4c2c92"}
WAITING_COLOUR, UNMATCHED_COLOUR, HOMES_COLOUR, CARE_COLOUR = "#505a5f", "#d4351c", "#1d70b8", "#00703c"


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # the figure, printed beside or inside the bar


@dataclass
class Chart:
    height: float
    rows: list[tuple[float, str]] = field(default_factory=list)  # (y of the text baseline, row label)
    bars: list[Bar] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, text)
    headings: list[tuple[float, str]] = field(default_factory=list)  # (x, text) above the columns


def _scale(largest: int, span: float) -> float:
    return span / largest if largest > 0 else 0.0


def unmet_by_area(needs: Sequence[tuple[str, str, int]]) -> Chart | None:
    """Stacked bars, one row per area: how many cases lack care, a home, or a package that joins them.

    needs: (area, kind, cases), as in the answer's `unmet_needs`.
    """
    if not needs:
        return None
    per_area: dict[str, dict[str, int]] = {}
    for area, kind, cases in needs:
        per_area.setdefault(area, {}).setdefault(kind, 0)
        per_area[area][kind] += cases
    areas = sorted(per_area, key=lambda a: (-sum(per_area[a].values()), a))
    unit = _scale(max(sum(v.values()) for v in per_area.values()), WIDTH - LABEL_WIDTH - 40)
    chart = Chart(height=TOP + ROW * len(areas) + 10)
    chart.legend = [
        (KIND_COLOURS[k], f"No {k if k != 'package' else 'package joining care and a home'}")
        for k in ("care", "housing", "package")
    ]
    for i, area in enumerate(areas):
        y = TOP + i * ROW
        chart.rows.append((y + ROW / 2 + 4, area))
        x = float(LABEL_WIDTH)
        for kind in ("care", "housing", "package"):
            n = per_area[area].get(kind, 0)
            if n:
                chart.bars.append(Bar(x, y + 4, n * unit, ROW - 8, KIND_COLOURS[kind], str(n)))
                x += n * unit
    return chart


def waiting_against_supply(areas: Sequence[tuple[str, int, int, int, int]]) -> Chart | None:
    """Two panels, each on its own scale: people waiting (and how many have no package) by district on
    the left; available homes and care providers with capacity there on the right.

    areas: (area, waiting, without_package, available_homes, care_with_capacity).
    """
    if not areas:
        return None
    half = (WIDTH - LABEL_WIDTH - 20) / 2
    people = _scale(max(a[1] for a in areas), half - 30)
    supply = _scale(max(max(a[3], a[4]) for a in areas), half - 30)
    chart = Chart(height=TOP + ROW * len(areas) + 10)
    chart.headings = [(LABEL_WIDTH, "People waiting"), (LABEL_WIDTH + half + 20, "Supply in the district")]
    chart.legend = [
        (WAITING_COLOUR, "Waiting"),
        (UNMATCHED_COLOUR, "Waiting with no package"),
        (HOMES_COLOUR, "Available homes"),
        (CARE_COLOUR, "Care providers with capacity"),
    ]
    for i, (area, waiting, without, homes, care) in enumerate(areas):
        y = TOP + i * ROW
        chart.rows.append((y + ROW / 2 + 4, area))
        chart.bars.append(
            Bar(LABEL_WIDTH, y + 4, waiting * people, (ROW - 8) / 2, WAITING_COLOUR, str(waiting))
        )
        chart.bars.append(
            Bar(
                LABEL_WIDTH,
                y + 4 + (ROW - 8) / 2,
                without * people,
                (ROW - 8) / 2,
                UNMATCHED_COLOUR,
                str(without),
            )
        )
        right = LABEL_WIDTH + half + 20
        chart.bars.append(Bar(right, y + 4, homes * supply, (ROW - 8) / 2, HOMES_COLOUR, str(homes)))
        chart.bars.append(
            Bar(right, y + 4 + (ROW - 8) / 2, care * supply, (ROW - 8) / 2, CARE_COLOUR, str(care))
        )
    return chart
