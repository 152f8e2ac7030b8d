"""`matcher serve`: the index is built before any worker starts, and parent services run once beside it."""

from __future__ import annotations

import socket
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
    assert server.serve(settings, "127.0.0.1", 0, 1) == 0
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
