"""Detection time of a 2,000-character pen picture (p50/p95) and the memory the model costs.

Usage: python scripts/bench_anonymiser.py [--runs 200] [--worker]

Without --worker the model runs in this process (as in tests and the CLI); with --worker a detection
process is started as the service's parent would start it, and requests go over its unix socket.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.privacy import detect_identifiers, model  # noqa: E402
from matcher.privacy.worker import DetectionWorker  # noqa: E402

PEN_PICTURE = (
    "Jonathan (Jonny) Smith is 30 and has a learning disability and autism. He lives with his mum Janet "
    "at 33 Kings Court, Loughborough LE11 3TU, and his brother Callum visits on Sundays. He likes buses, "
    "Thomas the Tank Engine and going to the market in May. His support worker, Siobhan O'Neill, says he "
    "needs 2:1 support in the community. Call 07700 900123 or email jon.smith@example.org. NHS number "
    "943 476 5919. Born 2nd May 1994. He gets anxious when plans change and likes to know the day ahead. "
)


def _text(length: int = 2000) -> str:
    return (PEN_PICTURE * (length // len(PEN_PICTURE) + 1))[:length]


def _rss_mb(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss) / 1e6


def _cpu_s(worker: DetectionWorker | None) -> float:
    """CPU seconds used so far by this process and, if there is one, the detection worker."""
    total = sum(psutil.Process().cpu_times()[:2])
    if worker is not None and worker.pid is not None:
        total += sum(psutil.Process(worker.pid).cpu_times()[:2])
    return float(total)


async def _run(runs: int, names: tuple[str, ...]) -> list[float]:
    text = _text()
    for _ in range(5):
        await detect_identifiers(text, names)
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        await detect_identifiers(text, names)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--worker", action="store_true", help="use a detection worker process")
    args = parser.parse_args(argv[1:])
    names = ("Jonathan Smith", "Janet Smith", "Callum Smith")
    before = _rss_mb(psutil.Process().pid)
    worker = DetectionWorker.start() if args.worker else None
    try:
        if worker is None:
            started = time.perf_counter()
            model.load_pipeline()
            print(f"model load: {time.perf_counter() - started:.1f} s (in this process)")
        cpu_before = _cpu_s(worker)
        times = asyncio.run(_run(args.runs, names))
        cpu_ms = (_cpu_s(worker) - cpu_before) * 1000 / (args.runs + 5)
        quantiles = statistics.quantiles(times, n=100)
        print(f"detection of a {len(_text())}-character pen picture, {args.runs} runs "
              f"({'detection worker' if worker else 'in-process model'}):")
        print(f"  p50 {statistics.median(times):.1f} ms   p95 {quantiles[94]:.1f} ms   "
              f"max {max(times):.1f} ms")
        print(f"  CPU time per detection {cpu_ms:.1f} ms (all processes; on a busy machine the wall-clock "
              f"figures above grow, this one much less; load average {psutil.getloadavg()[0]:.1f} on "
              f"{psutil.cpu_count()} cores)")
        here = _rss_mb(psutil.Process().pid)
        if worker is not None and worker.pid is not None:
            print(f"  RSS: detection worker {_rss_mb(worker.pid):.0f} MB (model loaded), this process "
                  f"{here:.0f} MB (no model)")
        else:
            print(f"  RSS: this process {here:.0f} MB with the model loaded "
                  f"({here - before:.0f} MB more than before loading)")
    finally:
        if worker is not None:
            worker.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
