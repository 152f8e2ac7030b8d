"""Health and the OpenAPI document."""

from __future__ import annotations

import httpx


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
