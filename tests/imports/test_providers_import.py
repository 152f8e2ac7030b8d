"""`matcher import-providers FILE`: care providers in bulk, created once, updated, never duplicated."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher import cli
from matcher.db.models import CareOffer, Organisation
from matcher.imports.providers import PROVIDER_COLUMNS
from tests.test_cli import cli_database  # noqa: F401 - the command line against the tests' database


def _provider(name: str, **overrides: str) -> dict[str, str]:
    row = {"name": name, "description": f"{name} supports autistic adults.", "office": "Leicester",
           "service_types": "Supported living", "client_groups": "learning disability; Autsim",
           "ratios": "1:1; 2:1", "nights": "waking night", "pbs_policy": "yes", "staff_trained_pct": "85",
           "bild_act_certified_training": "yes", "rrn_certified_training": "yes",
           "service_area": "Leicester 30; Loughborough 20", "new_packages": "2",
           "earliest_start": "2027-02-01"}
    row.update(overrides)
    return row


def _write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(PROVIDER_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


async def _counts(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    async with sessionmaker() as session:
        return (int(await session.scalar(select(func.count()).select_from(Organisation)) or 0),
                int(await session.scalar(select(func.count()).select_from(CareOffer)) or 0))


@pytest.mark.usefixtures("cli_database")
async def test_providers_import_creates_then_updates_only_what_changed(
    tmp_path: Path, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [_provider("Alder Support"), _provider("Birch Care", new_packages="0")]
    path = _write(tmp_path / "providers.csv", rows)
    assert await asyncio.to_thread(cli.main, ["import-providers", path, "--dry-run"]) == 0
    assert "Dry run" in capsys.readouterr().out
    assert await _counts(sessionmaker) == (0, 0)

    assert await asyncio.to_thread(cli.main, ["import-providers", path]) == 0
    out = capsys.readouterr()
    assert "2 providers created, 0 updated, 0 unchanged" in out.out
    assert "Importing care providers" in out.err
    async with sessionmaker() as session:
        offer = (await session.execute(select(CareOffer).join(
            Organisation, Organisation.id == CareOffer.organisation_id).where(
            Organisation.name == "Alder Support"))).scalar_one()
    assert offer.client_groups == ["learning_disability", "autism"]  # "Autsim" normalised
    assert offer.pbs_level == 2
    assert [a["name"] for a in offer.service_area] == ["Leicester", "Loughborough"]

    rows[1] = _provider("Birch Care", new_packages="3")
    _write(tmp_path / "providers.csv", rows)
    assert await asyncio.to_thread(cli.main, ["import-providers", path]) == 0
    assert "0 providers created, 1 updated, 1 unchanged" in capsys.readouterr().out
    assert await _counts(sessionmaker) == (2, 2)


@pytest.mark.usefixtures("cli_database")
async def test_rows_with_errors_are_reported_by_row_and_field(
    tmp_path: Path, sessionmaker: async_sessionmaker[AsyncSession], capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "providers.csv", [
        _provider("Alder Support"), _provider("Bad One", service_types="spaceship", service_area="Nowhere")])
    assert await asyncio.to_thread(cli.main, ["import-providers", path]) == 1
    out = capsys.readouterr().out
    assert "row 2: service_types: 'spaceship' is not one of" in out
    assert "service_area" in out
    assert await _counts(sessionmaker) == (1, 1)
