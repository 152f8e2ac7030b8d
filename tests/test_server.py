"""`matcher serve`: the index is built before any worker starts, and parent services run once beside it."""

from __future__ import annotations

import gc
import socket
import subprocess
import sys
import threading
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from matcher import server
from matcher.settings import Settings


def test_serve_runs_parent_services_once_beside_the_index_build(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    served: list[FastAPI] = []

    def service(context: server.ServeContext) -> Callable[[], None]:
        events.append(f"start (workers {context.workers}, in {threading.current_thread().name[:15]})")
        return lambda: events.append("stop")

    def worker(app: FastAPI, sock: socket.socket) -> None:
        served.append(app)
        index = app.state.search_index.status()
        events.append(f"worker on port {sock.getsockname()[1] > 0}, index {index.state}")

    monkeypatch.setattr(server, "parent_services", [service])
    monkeypatch.setattr(server, "_run_worker", worker)
    settings = Settings(environment="test", database_url=database_url)
    default = gc.get_threshold()
    try:
        assert server.serve(settings, "127.0.0.1", 0, 1) == 0
        assert gc.get_threshold() == server.GC_THRESHOLDS  # what the workers inherit
    finally:
        gc.set_threshold(*default)
    assert events == ["start (workers 1, in parent-services)", "worker on port True, index ready", "stop"]


def test_a_failing_parent_service_stops_those_started_before_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []

    def first(context: server.ServeContext) -> Callable[[], None]:
        events.append("first started")
        return lambda: events.append("first stopped")

    def second(context: server.ServeContext) -> Callable[[], None]:
        raise RuntimeError("no model")

    monkeypatch.setattr(server, "parent_services", [first, second])
    monkeypatch.setattr(server, "_run_worker", lambda app, sock: events.append("a worker ran"))
    settings = Settings(environment="test", database_url=database_url)
    with pytest.raises(RuntimeError, match="no model"):
        server.serve(settings, "127.0.0.1", 0, 1)
    assert events == ["first started", "first stopped"]


def test_default_workers_is_the_cores_available() -> None:
    assert server.default_workers() >= 1


_REPLACED_ARRAYS = """
import sys
from matcher import malloc
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
freed = bytearray(b"x") * (32 * 2**20 - 2**16)
del freed  # a large block freed: glibc raises its mmap threshold past it
start = rss_mb()
current, pins = bytearray(), []
for i in range(20):  # like index updates: each replaces a slightly larger array, the old one freed
    current = bytearray(b"y") * (4 * 2**20 + i * 2**16)
    pins.append(bytearray(b"z") * 100)  # small blocks allocated after it
if sys.argv[1] == "trimmed" and not malloc.trim():
    print("no glibc"); raise SystemExit
print(round(rss_mb() - start))
"""


def _growth_mb(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _REPLACED_ARRAYS, mode], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_trim_gives_replaced_arrays_back() -> None:
    """Replaced arrays must not pile up in a worker's heap (issue 15's memory growth per change)."""
    trimmed, kept = _growth_mb("trimmed"), _growth_mb("kept")
    if trimmed == "no glibc":
        pytest.skip("not glibc")
    # only the live array (about 5 MB) is held after a trim; the freed ones stayed in the heap before
    assert int(trimmed) <= 6 < int(kept), (trimmed, kept)


def test_listening_sockets_share_one_port() -> None:
    sockets = server._listening_sockets("127.0.0.1", 0, 3)
    try:
        assert len({s.getsockname()[1] for s in sockets}) == 1
        with socket.create_connection(sockets[0].getsockname(), timeout=5):
            pass  # the kernel hands the connection to one of them
    finally:
        for s in sockets:
            s.close()
