"""Where the tests' PostgreSQL comes from: DATABASE_URL if set, else testcontainers where a Docker
engine answers, else an embedded pgserver. Each run gets its own fresh database, built by
`alembic upgrade head` (never create_all)."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url


def _docker_available() -> bool:
    """A Docker engine answers: only then is testcontainers worth trying."""
    host = os.environ.get("DOCKER_HOST", "")
    path = host.removeprefix("unix://") if host.startswith("unix://") or not host else ""
    if not host and not os.path.exists("/var/run/docker.sock"):
        return False
    if path and not os.path.exists(path or "/var/run/docker.sock"):
        return False
    import socket

    try:
        if host and not host.startswith("unix://"):
            return True  # a remote engine: let testcontainers try it
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(2)
            probe.connect(path or "/var/run/docker.sock")
            probe.sendall(b"GET /_ping HTTP/1.0\r\n\r\n")
            return b"OK" in probe.recv(1024)
    except OSError:
        return False


@contextmanager
def server_url() -> Iterator[str]:
    """A `postgresql+asyncpg://` URL of a server we may create databases on."""
    given = os.environ.get("MATCHER_TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if given:
        yield given
        return
    if os.environ.get("MATCHER_TEST_DOCKER", "auto") != "never" and _docker_available():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("pgvector/pgvector:pg16", driver="asyncpg") as container:
            yield container.get_connection_url()
        return
    from matcher.db.embedded import start_embedded

    data_dir = Path(os.environ.get("MATCHER_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="matcher-test-"))
    server = start_embedded(data_dir, database="postgres")
    try:
        yield server.url
    finally:
        server.stop()


def _plain(url: str) -> tuple[str, Callable[[str], str]]:
    parsed = make_url(url)

    def with_db(name: str) -> str:
        return parsed.set(database=name).render_as_string(hide_password=False)

    return parsed.set(drivername="postgresql").render_as_string(hide_password=False), with_db


async def _execute(url: str, sql: str) -> None:
    parsed = make_url(url)
    connection = await asyncpg.connect(
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
        host=parsed.query.get("host") or parsed.host,
        port=parsed.port,
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    """A new empty database on `server`, dropped afterwards."""
    _, with_db = _plain(server)
    name = f"matcher_test_{uuid.uuid4().hex[:10]}"
    admin = with_db("postgres")
    asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield with_db(name)
    finally:
        asyncio.run(_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
