"""Time allocation of 50 waiting cases against the bench marketplace (20,000 care providers, 100,000 homes).

Seeds `matcher seed --size bench` into a fresh embedded PostgreSQL (or DATABASE_URL), builds the search
index from it as the service does, then times the two parts of `POST /allocations` in-process, `--repeat`
times on the same index (the figures of a shared machine vary; each run and the range are printed):
the packages of each case that can matter (`matcher.allocation.service.eligible_packages`) and the
integer programme (`matcher.scoring.allocation.allocate`: pruning, then HiGHS). A measurement, not a
test: it prints what it saw.

    .venv/bin/python scripts/bench_allocation.py [--cases 50] [--providers 20000] [--properties 100000]
                                                 [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.allocation.service import eligible_packages  # noqa: E402
from matcher.bench import varied_searches  # noqa: E402
from matcher.scoring import CaseQuery, Marketplace  # noqa: E402
from matcher.scoring.allocation import Allocation, CaseOptions, _prune_all, _Variables, allocate  # noqa: E402
from matcher.search.service import case_query  # noqa: E402


async def _marketplace(
    url: str, providers: int, properties: int
) -> tuple[Marketplace, dict[str, int], float]:
    from matcher.db.engine import create_engine, create_sessionmaker
    from matcher.search import repository
    from matcher.seeding import load_marketplace

    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    report = await load_marketplace(sessionmaker, size="bench", providers=providers, properties=properties)
    async with sessionmaker() as session:
        care = await repository.load_providers(session)
        homes = await repository.load_homes(session)
    await engine.dispose()
    capacities = {p.organisation_id: p.new_packages for p in care}
    return Marketplace.build(care, homes), capacities, report.seconds


def _queries(n: int) -> list[CaseQuery]:
    return [
        case_query(
            [{**p, "name": "place"} for p in b["location"]["places"]],
            b["location"]["max_distance_km"],
            date.fromisoformat(b["target_move_date"]),
            b["pen_picture"],
            b["housing_spec"],
        )
        for b in varied_searches(n, seed=11)
    ]


def _run(
    market: Marketplace, queries: list[CaseQuery], capacities: dict[str, int], cases: int
) -> tuple[list[CaseOptions], Allocation, tuple[float, float, float, list[float]]]:
    started = time.perf_counter()
    per_case: list[float] = []
    options: list[CaseOptions] = []
    for i, query in enumerate(queries):
        t = time.perf_counter()
        options.append(CaseOptions(f"case-{i}", tuple(eligible_packages(market, query, cases))))
        per_case.append((time.perf_counter() - t) * 1000)
    packages_seconds = time.perf_counter() - started
    t = time.perf_counter()
    result = allocate(options, capacities, "most_people_then_score")
    solve_seconds = time.perf_counter() - t
    return options, result, (packages_seconds, solve_seconds, time.perf_counter() - started, per_case)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--providers", type=int, default=20_000)
    parser.add_argument("--properties", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from matcher.db.embedded import start_embedded
    from matcher.db.migrate import upgrade_head

    server = None
    scratch = None
    url = os.environ.get("DATABASE_URL")
    if not url:
        scratch = Path(tempfile.mkdtemp(prefix="matcher-bench-alloc-"))
        server = start_embedded(scratch, database="matcher_bench")
        url = server.url
    try:
        upgrade_head(url)
        print(f"Seeding {args.providers:,} care providers and {args.properties:,} homes...", file=sys.stderr)
        market, capacities, seed_seconds = asyncio.run(_marketplace(url, args.providers, args.properties))
    finally:
        if server is not None:
            server.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)  # a bench database is a few hundred MB

    queries = _queries(args.cases)
    market.search(queries[0], None, 10)  # warm-up (TF-IDF vocabulary lookups, numpy)
    runs: list[tuple[float, float, float, list[float]]] = []
    for _ in range(max(1, args.repeat)):
        options, result, timing = _run(market, queries, capacities, args.cases)
        runs.append(timing)
        packages_seconds, solve_seconds, total, per_case = timing
        print(
            f"run {len(runs)}: packages {packages_seconds:.2f} s (per case p50 "
            f"{statistics.median(per_case):.0f} ms, max {max(per_case):.0f} ms), integer programme "
            f"{solve_seconds:.2f} s, end to end {total:.2f} s"
        )

    def span(k: int) -> str:
        values = [r[k] for r in runs]
        return f"{min(values):.2f} s" if len(values) == 1 else f"{min(values):.2f}-{max(values):.2f} s"

    counts = [len(o.packages) for o in options]
    variables = _Variables.of(options, capacities)
    rows = [
        ("marketplace", f"{market.provider_count:,} care providers, {market.home_count:,} homes"),
        ("seed (generate + insert)", f"{seed_seconds:.1f} s"),
        (
            "cases",
            f"{len(options)}; packages that can matter per case: median {statistics.median(counts):.0f}, "
            f"max {max(counts)}, total {sum(counts):,}",
        ),
        ("runs", f"{len(runs)} on the same index (range shown)"),
        ("packages that can matter, all cases", span(0)),
        ("integer programme (pruning + HiGHS)", span(1)),
        (
            "  variables after pruning by competitors",
            f"{len(_prune_all(variables, len(options))):,} of {len(variables.case):,}",
        ),
        ("allocation end to end (in-process)", f"{span(2)}  (target < 2 s)"),
        (
            "people matched",
            f"{result.people_matched} of {len(options)}, total score {result.total_score:.2f}",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
