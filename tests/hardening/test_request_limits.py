"""Requests that would cost memory or crash a parser are refused early: bodies over the configured size
(413, before reading them), API writes without a token (401 before the body is read), huge offsets and
deeply nested JSON (422, not 500)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.factories import Factory, property_body
from tests.hardening.conftest import ClientWith


async def test_a_body_declared_too_large_is_413_problem_json(
    client_with: ClientWith, factory: Factory
) -> None:
    admin = await factory.admin()
    async with client_with(max_body_bytes=4096) as client:
        answer = await client.post(
            "/api/v1/organisations",
            json={"name": "Big Ltd", "kinds": ["care"], "description": "x" * 5000},
            headers=admin.headers,
        )
        fits = await client.post(
            "/api/v1/organisations", json={"name": "Small Ltd", "kinds": ["care"]}, headers=admin.headers
        )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert "4096 bytes" in answer.json()["detail"]
    assert fits.status_code == 201


async def test_a_streamed_body_is_cut_off_at_the_limit(client_with: ClientWith, factory: Factory) -> None:
    admin = await factory.admin()

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked
        yield b'{"name": "Streamed Ltd", "kinds": ["care"], "description": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}'

    async with client_with(max_body_bytes=8192) as client:
        answer = await client.post(
            "/api/v1/organisations",
            content=chunks(),
            headers={**admin.headers, "content-type": "application/json"},
        )
    assert answer.status_code == 413
    assert answer.json()["status"] == 413


async def test_an_api_write_without_a_token_is_401_before_its_body_is_read(client: httpx.AsyncClient) -> None:
    read: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        read.append(1)
        yield b'{"name": "Anonymous Ltd", "kinds": ["care"]}'

    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        answer = await client.post(
            "/api/v1/organisations", content=body(), headers={**headers, "content-type": "application/json"}
        )
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
    assert read == []


@pytest.mark.parametrize("url", ["/api/v1/organisations", "/api/v1/properties", "/api/v1/cases",
                                 "/api/v1/referrals"])
async def test_a_huge_offset_is_422_not_500(client: httpx.AsyncClient, factory: Factory, url: str) -> None:
    commissioner = await factory.commissioner()
    provider = await factory.provider("care")
    member = provider if url.endswith("referrals") else commissioner
    answer = await client.get(url, params={"offset": "9223372036854775808"}, headers=member.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "offset"


async def test_deeply_nested_json_is_422_not_500(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    for nested in ("[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000):
        body = property_body(landlord.organisation_id)
        raw = httpx.Request("POST", "/", json=body).content.decode()
        raw = raw[:-1] + f', "features": {nested}}}'
        answer = await client.post(
            "/api/v1/properties", content=raw,
            headers={**landlord.headers, "content-type": "application/json"},
        )
        assert answer.status_code == 422, answer.text
        assert "nest" in answer.json()["detail"]
    # a string that merely contains brackets is not nesting
    note = {**property_body(landlord.organisation_id), "description": "[" * 500 + " a long story"}
    assert (await client.post("/api/v1/properties", json=note, headers=landlord.headers)).status_code == 201
