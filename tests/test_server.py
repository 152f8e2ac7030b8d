"""`matcher serve`: the index is built before any worker starts, and parent services run once around it."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from matcher import server
from matcher.settings import Settings


def test_serve_builds_the_index_then_runs_parent_services_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    served: list[FastAPI] = []

    def service(context: server.ServeContext) -> Callable[[], None]:
        snapshot = context.app.state.search_index.snapshot
        events.append(f"start (index built: {snapshot is not None}, workers {context.workers})")
        return lambda: events.append("stop")

    def worker(app: FastAPI, sock: socket.socket) -> None:
        served.append(app)
        events.append(f"worker on port {sock.getsockname()[1] > 0}")

    monkeypatch.setattr(server, "parent_services", [service])
    monkeypatch.setattr(server, "_run_worker", worker)
    settings = Settings(environment="test", database_url=database_url)
    assert server.serve(settings, "127.0.0.1", 0, 1) == 0
    assert events == ["start (index built: True, workers 1)", "worker on port True", "stop"]
    assert served[0].state.search_index.status().state == "ready"


def test_default_workers_is_the_cores_available() -> None:
    assert server.default_workers() >= 1
