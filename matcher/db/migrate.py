"""Run Alembic migrations from code (used on start, by `matcher migrate` and by the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_head(url: str) -> None:
    """Bring the schema to the newest revision; safe to call on every start (advisory-locked)."""
    command.upgrade(alembic_config(url), "head")
