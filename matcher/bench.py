"""`matcher bench`: search speed in-process, over HTTP, and against a plain PostgreSQL query.

Builds a synthetic marketplace (default 20,000 care providers, 100,000 homes) in a fresh database,
runs the same varied searches three ways and prints the figures. A measurement, not a test: it asserts
nothing and prints what it saw.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

from matcher.vocab import ACCESSIBILITY, CLIENT_GROUPS, HOME_FEATURE_CODES, PROPERTY_TYPES, TENURES

SQL_HOUSING = """
SELECT id, 2 * 6371.0088 * asin(sqrt(
         power(sin(radians(latitude - $1) / 2), 2)
         + cos(radians($1)) * cos(radians(latitude)) * power(sin(radians(longitude - $2) / 2), 2))) AS km
FROM properties
WHERE status = 'available'
  AND latitude BETWEEN $3 AND $4 AND longitude BETWEEN $5 AND $6
  AND living_arrangement = ANY($7)
  AND (cardinality($8::text[]) = 0 OR property_type = ANY($8))
  AND bedrooms >= $9
  AND (features || assistive_technology) @> $10
  AND accessibility <= $11
  AND (cardinality($12::text[]) = 0 OR tenure && $12)
  AND ($13::float8 IS NULL OR weekly_rent <= $13)
  AND (available_from IS NULL OR available_from <= $14)
ORDER BY km, id
LIMIT $15
"""


@dataclass
class Figures:
    p50: float
    p95: float
    mean: float

    @classmethod
    def of(cls, samples: list[float]) -> Figures:
        ordered = sorted(samples)
        return cls(
            ordered[len(ordered) // 2],
            ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)],
            statistics.fmean(ordered),
        )


def varied_searches(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Inline search bodies (API.md shape) spread over the seeded towns, deterministic."""
    from seed.towns import TOWNS

    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        town = rng.choice(TOWNS)
        places = [{"latitude": town.latitude, "longitude": town.longitude, "label": "family", "weight": 1.0}]
        if rng.random() < 0.4:
            other = rng.choice(TOWNS)
            places.append(
                {"latitude": other.latitude, "longitude": other.longitude, "label": "friends", "weight": 0.5}
            )
        wanted = rng.sample(HOME_FEATURE_CODES, 4)
        must, nice = wanted[: rng.choice([0, 0, 1, 1, 2])], wanted[2:]
        bodies.append(
            {
                "location": {"places": places, "max_distance_km": rng.choice([20, 30, 40, 60])},
                "target_move_date": f"2027-{rng.randint(2, 9):02d}-01",
                "pen_picture": {
                    "age_band": "25-34",
                    "gender": "not_stated",
                    "client_groups": rng.sample(CLIENT_GROUPS[:5], rng.randint(1, 2)),
                    "staffing": {
                        "day_ratio": rng.choice([None, "1:1", "2:1"]),
                        "night": rng.choice([None, "waking_night", "sleep_in"]),
                        "staff_gender": None,
                    },
                    "required_pbs_level": rng.choice([0, 1, 2, 2, 3]),
                    "restrictive_interventions_in_plan": rng.random() < 0.3,
                    "specialists": [],
                    "communication": rng.sample(["makaton", "pecs", "easy_read"], rng.randint(0, 1)),
                    "language": None,
                    "narrative": rng.choice(
                        [
                            "Loves quiet routines, music and walks in the park; needs a calm home away from busy roads.",
                            "Enjoys swimming and bus trips; support from a consistent team who know autism well.",
                            "Needs a robust, sensory-friendly home with a garden and staff skilled in positive behaviour support.",
                        ]
                    ),
                },
                "housing_spec": {
                    "living_arrangement": ["single_occupancy"]
                    if rng.random() < 0.8
                    else ["single_occupancy", "shared"],
                    "property_types": rng.sample(PROPERTY_TYPES, rng.choice([0, 0, 2, 3])),
                    "min_bedrooms": rng.choice([1, 1, 2, 2, 3]),
                    "must_have": must,
                    "nice_to_have": nice,
                    "min_accessibility": rng.choice(["G", "G", "D", "C"]),
                    "tenure": rng.sample(TENURES, rng.choice([0, 0, 2])),
                    "max_weekly_rent": rng.choice([None, 250.0, 350.0]),
                },
                "limit": 10,
            }
        )
    return bodies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sql_args(body: dict[str, Any]) -> list[Any]:
    from datetime import date

    place = body["location"]["places"][0]
    km = body["location"]["max_distance_km"]
    dlat = km / 111.0
    dlon = km / (111.0 * math.cos(math.radians(place["latitude"])))
    spec = body["housing_spec"]
    worst = ACCESSIBILITY[ACCESSIBILITY.index(spec["min_accessibility"])]
    return [
        place["latitude"],
        place["longitude"],
        place["latitude"] - dlat,
        place["latitude"] + dlat,
        place["longitude"] - dlon,
        place["longitude"] + dlon,
        spec["living_arrangement"],
        spec["property_types"],
        spec["min_bedrooms"],
        spec["must_have"],
        worst,
        spec["tenure"],
        spec["max_weekly_rent"],
        date.fromisoformat(body["target_move_date"]),
        body["limit"],
    ]


async def _prepare(url: str, providers: int, properties: int) -> tuple[float, str]:
    from sqlalchemy import text

    from matcher.auth.tokens import create_token
    from matcher.db.engine import create_engine, create_sessionmaker
    from matcher.db.models import User
    from matcher.seeding import load_marketplace
    from matcher.settings import get_settings

    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    report = await load_marketplace(sessionmaker, size="bench", providers=providers, properties=properties)
    async with sessionmaker() as session, session.begin():
        commissioner = (
            await session.execute(text("SELECT id FROM users WHERE role = 'commissioner' LIMIT 1"))
        ).scalar_one()
        user = await session.get(User, commissioner)
        assert user is not None
        token = create_token(user.id, get_settings().secret_key, 120)
        await session.execute(text("ANALYZE"))
    await engine.dispose()
    return report.seconds, token


async def _in_process(url: str, bodies: list[dict[str, Any]]) -> tuple[float, Figures, float]:
    from matcher.db.engine import create_engine, create_sessionmaker
    from matcher.scoring import Marketplace
    from matcher.search import repository
    from matcher.search.service import case_query

    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session:
        started = time.perf_counter()
        providers = await repository.load_providers(session)
        homes = await repository.load_homes(session)
        marketplace = Marketplace.build(providers, homes)
        build_seconds = time.perf_counter() - started
    await engine.dispose()
    queries = [
        case_query(
            [{**p, "name": "place"} for p in b["location"]["places"]],
            b["location"]["max_distance_km"],
            __import__("datetime").date.fromisoformat(b["target_move_date"]),
            b["pen_picture"],
            b["housing_spec"],
        )
        for b in bodies
    ]
    samples = []
    found = 0
    for query in queries:
        t = time.perf_counter()
        outcome = marketplace.search(query, None, 10)
        samples.append((time.perf_counter() - t) * 1000)
        found += len(outcome.housing)
    return build_seconds, Figures.of(samples), found / len(queries)


async def _plain_sql(url: str, bodies: list[dict[str, Any]]) -> tuple[Figures, float]:
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    connection = await asyncpg.connect(
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
        host=parsed.query.get("host") or parsed.host,
        port=parsed.port,
    )
    statement = await connection.prepare(SQL_HOUSING)
    samples = []
    found = 0
    for body in bodies:
        t = time.perf_counter()
        rows = await statement.fetch(*_sql_args(body))
        samples.append((time.perf_counter() - t) * 1000)
        found += len(rows)
    await connection.close()
    return Figures.of(samples), found / len(bodies)


async def _over_http(
    url: str, token: str, bodies: list[dict[str, Any]], concurrency: int
) -> tuple[Figures, Figures, float, float, float]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "MATCHER_ENVIRONMENT": "development"}
    server = subprocess.Popen(
        [sys.executable, "-m", "matcher", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    process = psutil.Process(server.pid)
    peak = 0
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(
            base_url=base,
            timeout=120,
            headers={"Authorization": f"Bearer {token}"},
            limits=httpx.Limits(max_connections=concurrency),
        ) as client:
            for _ in range(300):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
            warm = time.perf_counter()
            (await client.post("/api/v1/search", json=bodies[0])).raise_for_status()  # builds the index
            first_seconds = time.perf_counter() - warm
            alone: list[float] = []  # one client: the latency of a search with no queue in front of it
            for body in bodies[: max(1, len(bodies) // 5)]:
                t = time.perf_counter()
                (await client.post("/api/v1/search", json=body)).raise_for_status()
                alone.append((time.perf_counter() - t) * 1000)
            queue = list(enumerate(bodies))
            samples: list[float] = []

            async def worker() -> None:
                while queue:
                    _, body = queue.pop()
                    t = time.perf_counter()
                    answer = await client.post("/api/v1/search", json=body)
                    samples.append((time.perf_counter() - t) * 1000)
                    if answer.status_code != 200:
                        raise RuntimeError(f"search failed: {answer.status_code} {answer.text[:500]}")

            async def watch_memory() -> None:
                nonlocal peak
                while queue or len(samples) < len(bodies):
                    peak = max(peak, process.memory_info().rss)
                    await asyncio.sleep(0.05)

            started = time.perf_counter()
            watcher = asyncio.create_task(watch_memory())
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
            watcher.cancel()
            peak = max(peak, process.memory_info().rss)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return Figures.of(alone), Figures.of(samples), len(bodies) / elapsed, peak / 2**20, first_seconds


def run_benchmark(args: argparse.Namespace) -> int:
    from matcher.db.embedded import start_embedded
    from matcher.db.migrate import upgrade_head

    bodies = varied_searches(args.searches)
    given = os.environ.get("DATABASE_URL")
    server = None
    if given:
        url = given
    else:
        server = start_embedded(Path(tempfile.mkdtemp(prefix="matcher-bench-")), database="matcher_bench")
        url = server.url
    try:
        upgrade_head(url)
        print(f"Seeding {args.providers:,} care providers and {args.properties:,} homes...", file=sys.stderr)
        seed_seconds, token = asyncio.run(_prepare(url, args.providers, args.properties))
        build_seconds, in_process, found = asyncio.run(_in_process(url, bodies))
        sql, sql_found = asyncio.run(_plain_sql(url, bodies))
        alone, http, rate, peak_mb, first = asyncio.run(_over_http(url, token, bodies, args.concurrency))
    finally:
        if server is not None:
            server.stop()
    rows = [
        (
            "marketplace",
            f"{args.providers:,} care providers, {args.properties:,} homes, {len(bodies)} searches",
        ),
        ("seed (generate + insert)", f"{seed_seconds:.1f} s"),
        ("index build (load + fit)", f"{build_seconds:.1f} s in-process; first HTTP search {first:.1f} s"),
        (
            "in-process search",
            f"p50 {in_process.p50:.1f} ms, p95 {in_process.p95:.1f} ms (mean {found:.1f} homes listed)",
        ),
        ("HTTP search, 1 client", f"p50 {alone.p50:.1f} ms, p95 {alone.p95:.1f} ms"),
        ("HTTP search, loaded", f"p50 {http.p50:.1f} ms, p95 {http.p95:.1f} ms with {args.concurrency} clients"),
        ("HTTP throughput", f"{rate:.0f} searches/s"),
        ("service peak memory", f"{peak_mb:.0f} MB RSS"),
        (
            "plain SQL housing query",
            f"p50 {sql.p50:.1f} ms, p95 {sql.p95:.1f} ms (mean {sql_found:.1f} homes listed)",
        ),
        ("SQL p95 / in-process p95", f"{sql.p95 / in_process.p95:.1f}x"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0
