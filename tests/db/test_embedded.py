"""The embedded PostgreSQL: starts in a data directory, is reused, and explains itself when it cannot run."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from matcher.db.embedded import EmbeddedDatabaseUnavailable, start_embedded


def test_starts_creates_the_database_and_reuses_the_directory(tmp_path: Path) -> None:
    first = start_embedded(tmp_path)
    try:
        assert first.url.startswith("postgresql+asyncpg://")
        assert "/matcher?" in first.url
        assert (tmp_path / "pgdata" / "PG_VERSION").read_text().strip() == "16"
        second = start_embedded(tmp_path)
        assert second.url == first.url
    finally:
        first.stop()


def test_without_pgserver_or_binaries_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pgserver(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pgserver":
            raise ImportError("no pgserver")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pgserver)
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(EmbeddedDatabaseUnavailable, match="DATABASE_URL"):
        start_embedded(tmp_path)
