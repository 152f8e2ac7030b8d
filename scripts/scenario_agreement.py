"""Print how far the scorer agrees with the labelled scenarios in tests/scenarios/scenarios.json.

/tmp/venv/bin/python scripts/scenario_agreement.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scenarios.agreement import measure  # noqa: E402


def main() -> None:
    rows = measure()
    print(f"{'case':28s} {'list':8s} {'P@3':>5s} {'pairs':>6s}  expected -> got")
    for r in rows:
        print(f"{r.case:28s} {r.kind:8s} {r.precision:5.2f} {r.pairwise:6.2f}  {r.expected} -> {r.got[:5]}")
    n = len(rows)
    print(
        f"overall: precision@3 {sum(r.precision for r in rows) / n:.3f}, "
        f"pairwise agreement {sum(r.pairwise for r in rows) / n:.3f} over {n} lists"
    )


if __name__ == "__main__":
    main()
