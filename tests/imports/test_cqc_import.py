"""`matcher import-cqc FILE`: CQC location ids and ratings matched by name and place, idempotently."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher import cli
from matcher.db.models import Organisation
from tests.factories import Factory
from tests.test_cli import cli_database  # noqa: F401 - the command line against the tests' database

FIXTURES = Path(__file__).parent / "fixtures"


async def _by_name(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, Organisation]:
    async with sessionmaker() as session:
        return {o.name: o for o in (await session.execute(select(Organisation))).scalars()}


async def _world(factory: Factory) -> None:
    await factory.organisation("care", name="Oakfield Support", office={"name": "Leicester"})
    await factory.organisation("care", "housing", name="Birchwood Care", office={"postcode": "LE11 3TU"})
    await factory.organisation("care", name="Cedar Care Services")  # no office: cannot be confirmed
    await factory.organisation("housing", name="Totally Unknown Homes", office={"name": "Derby"})


@pytest.mark.usefixtures("cli_database")
async def test_hsca_file_sets_ids_and_worst_rating_and_reports_each_kind_of_row(
    factory: Factory, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    await _world(factory)
    path = str(FIXTURES / "hsca_active_locations_sample.csv")
    assert await asyncio.to_thread(cli.main, ["import-cqc", path]) == 0
    out = capsys.readouterr()
    assert "3 rows matched, 1 ambiguous, 2 unmatched" in out.out
    assert "Cedar House" in out.out  # the ambiguous row is listed for a person to decide
    assert "Matching CQC locations" in out.err  # the progress bar
    organisations = await _by_name(sessionmaker)
    oakfield, birchwood = organisations["Oakfield Support"], organisations["Birchwood Care"]
    assert oakfield.cqc_location_ids == ["1-101000001", "1-101000002"]
    assert oakfield.cqc_rating == "requires_improvement"  # the worse of its two locations
    assert birchwood.cqc_location_ids == ["1-101000003"]  # the Nottingham "Birchwood Care" is another
    assert birchwood.cqc_rating == "outstanding"
    assert oakfield.cqc_imported_at is not None
    assert organisations["Cedar Care Services"].cqc_rating is None
    assert organisations["Totally Unknown Homes"].cqc_location_ids == []

    assert await asyncio.to_thread(cli.main, ["import-cqc", path]) == 0
    assert "0 organisations updated, 2 already up to date" in capsys.readouterr().out
    again = await _by_name(sessionmaker)
    assert again["Oakfield Support"].cqc_imported_at == oakfield.cqc_imported_at


@pytest.mark.usefixtures("cli_database")
async def test_directory_layout_sets_location_ids_and_keeps_ratings(
    factory: Factory, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    await factory.organisation("care", name="Oakfield Support", office={"name": "Leicester"},
                               cqc_rating="good")
    path = str(FIXTURES / "cqc_directory_sample.csv")
    assert await asyncio.to_thread(cli.main, ["import-cqc", path]) == 0
    assert "CQC care directory: 1 rows matched" in capsys.readouterr().out
    oakfield = (await _by_name(sessionmaker))["Oakfield Support"]
    assert (oakfield.cqc_location_ids, oakfield.cqc_rating) == (["1-101000001"], "good")


@pytest.mark.usefixtures("cli_database")
async def test_a_file_that_is_not_the_cqcs_is_refused_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.csv"
    other.write_text("colour,size\nred,big\n")
    assert await asyncio.to_thread(cli.main, ["import-cqc", str(other)]) == 2
    assert "no CQC header row" in capsys.readouterr().err
    assert await asyncio.to_thread(cli.main, ["import-cqc", str(tmp_path / "missing.csv")]) == 2
