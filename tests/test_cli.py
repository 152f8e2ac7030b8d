"""The command line, against the tests' real database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher import cli
from matcher.db.models import CareOffer, Case, Organisation, Postcode, Property, User
from matcher.settings import get_settings


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


async def _count(sessionmaker: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def _run(args: list[str]) -> int:
    return cli.main(args)


async def test_seed_demo_loads_the_marketplace_once(
    cli_database: str, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    assert await asyncio.to_thread(_run, ["seed", "--size", "demo"]) == 0
    assert "Seeded" in capsys.readouterr().err
    assert await _count(sessionmaker, Property) == 300
    assert await _count(sessionmaker, CareOffer) == 60
    assert await _count(sessionmaker, Case) == 5
    organisations = await _count(sessionmaker, Organisation)
    assert await asyncio.to_thread(_run, ["seed", "--size", "demo"]) == 0
    assert "nothing seeded" in capsys.readouterr().err
    assert await _count(sessionmaker, Organisation) == organisations
    async with sessionmaker() as session:
        emails = set((await session.execute(select(User.email))).scalars())
    assert {
        "admin@demo.example",
        "commissioner@demo.example",
        "care@demo.example",
        "housing@demo.example",
    } <= emails


async def test_user_add_prints_the_new_id(
    cli_database: str, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    code = await asyncio.to_thread(
        _run, ["user", "add", "Boss@Test.Example", "--role", "admin", "--password", "a-long-password"]
    )
    assert code == 0
    user_id = uuid.UUID(capsys.readouterr().out.strip())
    async with sessionmaker() as session:
        user = await session.get(User, user_id)
    assert user is not None
    assert user.email == "boss@test.example"
    assert user.role == "admin"
    refused = await asyncio.to_thread(
        _run, ["user", "add", "p@test.example", "--role", "provider", "--password", "a-long-password"]
    )
    assert refused == 2
    assert "organisation" in capsys.readouterr().err
    weak = await asyncio.to_thread(
        _run, ["user", "add", "weak@test.example", "--role", "admin", "--password", "password1234"]
    )
    assert weak == 2
    assert "password: password is too easy to guess" in capsys.readouterr().err


async def test_import_postcodes_reports_and_is_idempotent(
    cli_database: str, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    sample = Path(__file__).parent / "places" / "fixtures" / "onspd_sample.csv"
    assert await asyncio.to_thread(_run, ["import-postcodes", str(sample)]) == 0
    first = await _count(sessionmaker, Postcode)
    assert first > 0
    assert "skipped" in capsys.readouterr().out
    assert await asyncio.to_thread(_run, ["import-postcodes", str(sample)]) == 0
    assert await _count(sessionmaker, Postcode) == first
    assert await asyncio.to_thread(_run, ["import-postcodes", "/no/such/file.csv"]) == 2


def test_every_documented_command_parses() -> None:
    parser = cli.build_parser()
    for argv in (
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--seed"],
        ["migrate"],
        ["seed", "--size", "bench", "--providers", "10", "--properties", "20"],
        ["user", "add", "a@b.example", "--role", "family", "--password", "x", "--organisation", "y"],
        ["import-postcodes", "file.csv"],
        ["bench", "--searches", "5"],
    ):
        assert parser.parse_args(argv).run is not None


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [("127.0.0.1", 8803, "http://127.0.0.1:8803"), ("0.0.0.0", 9000, "http://127.0.0.1:9000"),
     ("::1", 8000, "http://[::1]:8000")],
)
def test_links_point_where_serve_listens_unless_configured(
    host: str, port: int, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.settings import Settings

    monkeypatch.delenv("MATCHER_PUBLIC_URL", raising=False)
    assert cli.served_url(Settings(), host, port) == expected
    configured = Settings(public_url="https://matcher.example.org")
    assert cli.served_url(configured, host, port) == "https://matcher.example.org"
