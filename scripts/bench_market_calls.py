"""Time what a market call costs: finding every eligible recipient of a case (today's search with a limit
as large as the marketplace, as `matcher.market_calls.service._eligible_recipients` does) and ranking
offers. Uses the synthetic marketplace of scripts/bench_scoring.py (deterministic).

    .venv/bin/python scripts/bench_market_calls.py [--providers 5000] [--homes 25000] [--calls 50]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import queries, synth  # noqa: E402

from matcher.scoring import Marketplace  # noqa: E402
from matcher.scoring.offers import OfferCriterion, OfferToRank, rank_offers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5_000)
    parser.add_argument("--homes", type=int, default=25_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--offers", type=int, default=500)
    args = parser.parse_args()

    providers, homes = synth(args.providers, args.homes)
    market = Marketplace.build(providers, homes)
    print(f"marketplace: {market.provider_count} providers, {market.home_count} homes")
    limit = market.provider_count + market.home_count
    today = date(2025, 3, 1)
    times, recipients, packages = [], [], []
    for query in queries(args.calls):
        started = time.perf_counter()
        outcome = market.search(query, None, limit, today=today)
        times.append((time.perf_counter() - started) * 1000)
        organisations = {r.organisation_id for r in outcome.care} | {
            r.organisation_id for r in outcome.housing
        }
        recipients.append(len(organisations))
        packages.append(len(outcome.packages))
    ms = np.array(times)
    print(
        f"eligible recipients per call ({len(ms)} calls): p50 {np.percentile(ms, 50):.0f} ms  "
        f"p95 {np.percentile(ms, 95):.0f} ms  max {ms.max():.0f} ms; recipients per call: median "
        f"{int(np.median(recipients))}, max {max(recipients)}; packages reported: max {max(packages)} "
        f"(limit {limit})"
    )

    rng = np.random.default_rng(3)
    offers = [
        OfferToRank(
            str(i),
            f"org-{i}",
            ("care", "home", "both")[i % 3],
            float(rng.integers(150, 4000)),
            float(rng.random()),
            tuple(
                OfferCriterion(c, float(rng.random()), 0.2, "evidence")
                for c in ("location", "pbs", "needs", "narrative", "readiness")
            ),
        )
        for i in range(args.offers)
    ]
    started = time.perf_counter()
    for _ in range(100):
        rank_offers(offers)
    print(f"rank_offers, {args.offers} offers: {(time.perf_counter() - started) * 10:.2f} ms per ranking")


if __name__ == "__main__":
    main()
