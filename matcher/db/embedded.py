"""An embedded PostgreSQL for machines with nothing installed.

`pgserver` ships PostgreSQL 16 binaries in its wheel (CPython <= 3.12). Where it cannot install, we
fall back to `initdb`/`pg_ctl` found on PATH (or in `pg_config --bindir`), run in the same data
directory. PostgreSQL refuses to run as root, which pgserver works around; the PATH fallback does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "matcher"


class EmbeddedDatabaseUnavailable(RuntimeError):
    """Neither pgserver nor PostgreSQL binaries are usable: tell the person what to do."""


@dataclass(frozen=True)
class EmbeddedDatabase:
    """A running server: `url` for SQLAlchemy, `stop` to shut it down when we started it."""

    url: str
    socket_dir: str
    _stop: object | None = None

    def stop(self) -> None:
        if callable(self._stop):
            self._stop()


def _asyncpg_url(socket_dir: str, user: str = "postgres", database: str = DATABASE_NAME) -> str:
    return f"postgresql+asyncpg://{user}@/{database}?host={quote(socket_dir)}"


def start_embedded(data_dir: Path, database: str = DATABASE_NAME) -> EmbeddedDatabase:
    """Start (or reuse) a server whose files live in `data_dir/pgdata`, with `database` created."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir))  # platformdirs warns without it
    try:
        import pgserver
    except ImportError:
        return _start_from_path(data_dir, database)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pgserver.get_server(data_dir / "pgdata", cleanup_mode="stop")  # type: ignore[attr-defined]
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = server.get_postmaster_info().socket_dir
    return EmbeddedDatabase(
        url=_asyncpg_url(str(socket_dir), database=database), socket_dir=str(socket_dir), _stop=server.cleanup
    )


def _postgres_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0 and (Path(out.stdout.strip()) / "initdb").exists():
            return Path(out.stdout.strip())
    return None


def _start_from_path(data_dir: Path, database: str) -> EmbeddedDatabase:
    bindir = _postgres_bindir()
    if bindir is None:
        raise EmbeddedDatabaseUnavailable(
            "No embedded PostgreSQL: the 'pgserver' package is not installed (it needs CPython 3.11 or "
            "3.12) and no PostgreSQL binaries (initdb, pg_ctl) are on PATH. Either use Python 3.11/3.12, "
            "install PostgreSQL 16 (e.g. 'apt-get install postgresql'), or set DATABASE_URL."
        )
    if os.geteuid() == 0:
        raise EmbeddedDatabaseUnavailable(
            "PostgreSQL from PATH refuses to run as root; run as an ordinary user or set DATABASE_URL."
        )
    pgdata = data_dir / "pgdata"
    socket_dir = data_dir / "socket"
    socket_dir.mkdir(exist_ok=True)
    if not (pgdata / "PG_VERSION").exists():
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
        )
    status = subprocess.run([str(bindir / "pg_ctl"), "-D", str(pgdata), "status"], capture_output=True)
    if status.returncode != 0:
        subprocess.run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(pgdata),
                "-w",
                "-l",
                str(data_dir / "postgres.log"),
                "-o",
                f"-k {socket_dir} -c listen_addresses=''",
                "start",
            ],
            check=True,
            capture_output=True,
        )
    psql = shutil.which("psql") or str(bindir / "psql")
    check = subprocess.run(
        [
            psql,
            "-h",
            str(socket_dir),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{database}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if check.stdout.strip() != "1":
        subprocess.run(
            [psql, "-h", str(socket_dir), "-U", "postgres", "-c", f'CREATE DATABASE "{database}"'],
            check=True,
            capture_output=True,
        )

    def stop() -> None:
        subprocess.run([str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "stop"], capture_output=True)

    return EmbeddedDatabase(
        url=_asyncpg_url(str(socket_dir), database=database), socket_dir=str(socket_dir), _stop=stop
    )
