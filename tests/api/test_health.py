"""Health and the OpenAPI document."""

from __future__ import annotations

import httpx
from fastapi import FastAPI


async def test_healthz_reports_database_ok(client: httpx.AsyncClient) -> None:
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok", "index": "cold"}


async def test_openapi_lists_the_contract(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/organisations",
        "/api/v1/properties",
        "/api/v1/organisations/{organisation_id}/care-offer",
    ):
        assert path in paths


async def test_healthz_says_when_the_index_is_warming_up(client: httpx.AsyncClient, app: FastAPI) -> None:
    """A load balancer sends no traffic until the first index is built (matcher.search.index)."""
    app.state.search_index._warming = True
    answer = await client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "warming_up", "database": "ok", "index": "warming_up"}
    app.state.search_index._warming = False
    assert (await client.get("/healthz")).json()["index"] == "cold"
