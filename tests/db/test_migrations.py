"""The schema is built only by migrations: one head, up and down cleanly, the audit log append-only."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.db.migrate import alembic_config
from tests.database import fresh_database


def test_there_is_exactly_one_head(database_url: str) -> None:
    assert len(ScriptDirectory.from_config(alembic_config(database_url)).get_heads()) == 1


def test_upgrade_downgrade_upgrade_on_a_fresh_database(database_url: str) -> None:
    server = (
        database_url.rsplit("/", 1)[0]
        + "/postgres"
        + ("?" + database_url.split("?", 1)[1] if "?" in database_url else "")
    )
    with fresh_database(server) as url:
        config = alembic_config(url)
        command.upgrade(config, "head")
        command.downgrade(config, "base")
        command.upgrade(config, "head")


async def test_audit_rows_cannot_be_changed_or_deleted(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO pen_picture_audit (case_id, action) VALUES (gen_random_uuid(), 'created')")
        )
    for statement in ("UPDATE pen_picture_audit SET action = 'read'", "DELETE FROM pen_picture_audit"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as connection:
                await connection.execute(text(statement))


async def test_a_reserved_home_must_name_its_case(engine: AsyncEngine) -> None:
    """The CHECK constraint makes 'reserved with no reservation' impossible whatever the code does."""
    async with engine.begin() as connection:
        organisation = (
            await connection.execute(
                text(
                    "INSERT INTO organisations (name, name_key, kinds) VALUES ('L', 'l', '{housing}') "
                    "RETURNING id"
                )
            )
        ).scalar_one()
    with pytest.raises(DBAPIError, match="reserved_has_case"):
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO properties (organisation_id, title, property_type, living_arrangement, "
                    "max_occupants, bedrooms, status, location, latitude, longitude, area) VALUES "
                    "(:o, 'Flat', 'flat', 'single_occupancy', 1, 1, 'reserved', '{}', 52.6, -1.1, 'LE1')"
                ),
                {"o": organisation},
            )


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    """A model change without a migration shows here as a non-empty autogenerate diff."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from matcher.db.models import Base

    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})  # type: ignore[arg-type]
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []
