"""Time a landlord's 10,000-home spreadsheet import over HTTP: dry run, import, and re-import.

The rows are generated (seeded): towns from the gazetteer, postcodes-free locations as town names or
coordinates, and one value in ten misspelt so normalisation does real work. Uses DATABASE_URL when set,
else an embedded PostgreSQL in a temporary directory.

    .venv/bin/python scripts/bench_property_import.py [--rows 10000] [--format csv|xlsx]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

import httpx

from matcher.api import create_app
from matcher.auth.passwords import hash_password
from matcher.auth.tokens import create_token
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.models import Organisation, User
from matcher.settings import Settings
from tests.imports.helpers import csv_file, home_row, xlsx_file

TOWNS = ["Shepshed", "Loughborough", "Leicester", "Nottingham", "Derby", "Coalville", "Melton Mowbray",
         "Hinckley", "Market Harborough", "Oakham"]
TYPOS = {"bungalow": "Bungalo", "flat": "Flatt"}


def rows(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        kind = rng.choice(["bungalow", "flat", "terraced_house"])
        location = rng.choice(TOWNS) if rng.random() < 0.7 else \
            f"{52.5 + rng.random() * 0.5:.4f}, {-1.5 + rng.random() * 0.5:.4f}"
        row = home_row(f"BENCH-{i:05d}", property_type=kind, location=location,
                       bedrooms=str(rng.randint(1, 4)), weekly_rent=f"{rng.randint(120, 320)}")
        if rng.random() < 0.1:
            row["property_type"] = TYPOS.get(kind, kind)
            row["features"] = "staff bedroom; enclosed_garden"
        out.append(row)
    return out


async def run(url: str, count: int, file_format: str) -> None:
    engine = create_engine(url, pool_size=4)
    sessionmaker = create_sessionmaker(engine)
    settings = Settings(environment="test", database_url=url)
    async with sessionmaker() as session, session.begin():
        landlord = Organisation(name="Bench Homes", kinds=["housing"])
        session.add(landlord)
        await session.flush()
        user = User(email="bench@homes.example", password_hash=hash_password("bench-password-1"),
                    role="provider", organisation_id=landlord.id)
        session.add(user)
        await session.flush()
        token = create_token(user.id, settings.secret_key, 60)
    app = create_app(settings, run_migrations=False)
    app.state.engine, app.state.sessionmaker = engine, sessionmaker
    data = rows(count, 12)
    payload = csv_file(data) if file_format == "csv" else xlsx_file(data)
    name = f"homes.{file_format}"
    headers = {"Authorization": f"Bearer {token}"}
    print(f"{count:,} homes, {file_format.upper()} file of {len(payload) / 1e6:.1f} MB")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                 timeout=600) as client:
        for label, query in (("dry run", "?dry_run=true"), ("import", ""), ("re-import (unchanged)", "")):
            started = time.perf_counter()
            answer = await client.post(f"/api/v1/properties/import{query}", headers=headers,
                                       files={"file": (name, payload, "application/octet-stream")})
            seconds = time.perf_counter() - started
            report = answer.json()
            print(f"{label:>22}: {seconds:6.1f} s  (HTTP {answer.status_code}; "
                  f"created {report.get('created')}, "
                  f"updated {report.get('updated')}, unchanged {report.get('unchanged')}, "
                  f"errors {len(report.get('errors', []))}, normalised {len(report.get('normalised', []))})")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    from matcher.db.migrate import upgrade_head

    given = os.environ.get("DATABASE_URL")
    server = None
    if given:
        url = given
    else:
        from matcher.db.embedded import start_embedded

        server = start_embedded(Path(tempfile.mkdtemp(prefix="matcher-import-bench-")),
                                database="matcher_import_bench")
        url = server.url
    try:
        upgrade_head(url)
        asyncio.run(run(url, args.rows, args.format))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
