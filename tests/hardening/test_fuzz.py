"""A bounded schemathesis run over the OpenAPI document, as three roles, against a live server: no
generated request may be a server error (5xx). Bounded (a few examples per operation and role) so it
takes well under two minutes; the full run (`schemathesis run --checks all`) is the same idea, longer.

The server is a real uvicorn on a free port in a thread, with its own engine (its own event loop) on
the tests' database, so generated requests go through the whole stack: HTTP parsing, middleware, the
database.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

from matcher.api import create_app
from matcher.settings import Settings
from tests.api.test_cases import case_body
from tests.factories import Factory, property_body

EXAMPLES_PER_OPERATION = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_server(database_url: str) -> Iterator[str]:
    app = create_app(Settings(environment="test", database_url=database_url), run_migrations=False)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _fuzz(base_url: str, headers_by_role: dict[str, dict[str, str]], statuses: list[int]) -> list[str]:
    # the same 30 s as every generated request: the first GET builds the document (some 0.7 s of CPU)
    # while the live server's index warms up beside it, which took more than httpx's default 5 s once
    document = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    for operation in operations:
        strategy = operation.as_strategy()
        for role, headers in headers_by_role.items():
            try:
                _fuzz_one(strategy, base_url, role, headers, failures, statuses)
            except Unsatisfiable:
                continue
    assert len(operations) > 20, "the document lists the API's operations"
    return failures


def _fuzz_one(strategy: Any, base_url: str, role: str, headers: dict[str, str], failures: list[str],
              statuses: list[int]) -> None:
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def call(case: schemathesis.Case[Any]) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        statuses.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{role} {case.method} {case.formatted_path} -> {response.status_code}: "
                            f"{response.text[:200]}")

    call()


async def test_generated_requests_never_get_a_server_error(
    live_server: str, client: httpx.AsyncClient, factory: Factory
) -> None:
    admin, commissioner = await factory.admin(), await factory.commissioner()
    provider = await factory.provider("care", "housing")
    case = await client.post("/api/v1/cases", json=case_body(), headers=commissioner.headers)
    assert case.status_code == 201, case.text
    home = await client.post("/api/v1/properties", json=property_body(provider.organisation_id),
                             headers=provider.headers)
    assert home.status_code == 201, home.text
    shared = await client.post(f"/api/v1/cases/{case.json()['id']}/contacts",
                               json={"organisation_id": str(provider.organisation_id)},
                               headers=commissioner.headers)
    assert shared.status_code == 201, shared.text
    roles = {"admin": admin.headers, "commissioner": commissioner.headers, "provider": provider.headers}
    statuses: list[int] = []
    failures = await asyncio.to_thread(_fuzz, live_server, roles, statuses)
    assert failures == [], "\n".join(failures)
    assert len(statuses) > 300  # the run did generate requests
    assert any(200 <= status < 300 for status in statuses)  # and some got through the validation
