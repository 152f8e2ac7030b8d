"""The market calls matrix of docs/authorisation.md, cell by cell: the test reads the table from the page,
so the page is the specification and cannot drift from the behaviour. One world per endpoint; each cell
acts on a call of its own."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Factory, Member
from tests.market_calls.helpers import World, build_world, in_days, offer, open_call

DOC = Path(__file__).resolve().parents[2] / "docs" / "authorisation.md"
ACTORS = (
    "admin",
    "owner",
    "other_commissioner",
    "care",
    "other_care",
    "landlord",
    "other_landlord",
    "family",
    "anonymous",
)


def _matrix() -> dict[str, dict[str, int]]:
    section = DOC.read_text().split("## Market calls matrix", 1)[1].split("\n## ", 1)[0]
    matrix: dict[str, dict[str, int]] = {}
    for line in section.splitlines():
        match = re.match(r"\| `([A-Z]+ [^`]+)` \|(.*)\|\s*$", line)
        if match:
            cells = [int(cell.strip()) for cell in match.group(2).split("|")]
            assert len(cells) == len(ACTORS), line
            matrix[match.group(1)] = dict(zip(ACTORS, cells, strict=True))
    return matrix


MATRIX = _matrix()

Call = Callable[[httpx.AsyncClient, World, dict[str, str], Member | None], Awaitable[httpx.Response]]


async def _open(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    return await client.post(
        f"/api/v1/cases/{w.case_id}/market-calls", json={"closes_at": in_days(2)}, headers=headers
    )


async def _list_case(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    await open_call(client, w)
    return await client.get(f"/api/v1/cases/{w.case_id}/market-calls", headers=headers)


async def _inbox(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    await open_call(client, w)
    return await client.get("/api/v1/market-calls", headers=headers)


async def _own_offers(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    made = await offer(client, w.care, call["id"], 2450.0)
    assert made.status_code == 201, made.text
    return await client.get("/api/v1/offers", headers=headers)


async def _get(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    return await client.get(f"/api/v1/market-calls/{call['id']}", headers=headers)


async def _close(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    return await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=headers)


async def _offer(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    home = w.home_id if m is w.landlord else (w.far_home_id if m is w.other_landlord else None)
    body = {"weekly_cost": 2450.0, "property_id": str(home) if home else None}
    return await client.post(f"/api/v1/market-calls/{call['id']}/offers", json=body, headers=headers)


async def _revise(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    made = await offer(client, w.care, call["id"], 2450.0)
    assert made.status_code == 201, made.text
    return await client.patch(
        f"/api/v1/offers/{made.json()['id']}", json={"weekly_cost": 2400.0}, headers=headers
    )


async def _ranked(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    assert (await offer(client, w.care, call["id"], 2450.0)).status_code == 201
    return await client.get(f"/api/v1/market-calls/{call['id']}/offers", headers=headers)


async def _award(
    client: httpx.AsyncClient, w: World, headers: dict[str, str], m: Member | None
) -> httpx.Response:
    call = await open_call(client, w)
    made = await offer(client, w.care, call["id"], 2450.0)
    closed = await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=w.owner.headers)
    assert closed.status_code == 200, closed.text
    return await client.post(
        f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made.json()["id"]}, headers=headers
    )


CALLS: dict[str, Call] = {
    "POST /cases/{id}/market-calls": _open,
    "GET /cases/{id}/market-calls": _list_case,
    "GET /market-calls": _inbox,
    "GET /market-calls/{id}": _get,
    "POST /market-calls/{id}/close": _close,
    "POST /market-calls/{id}/offers": _offer,
    "PATCH /offers/{id}": _revise,
    "GET /offers": _own_offers,
    "GET /market-calls/{id}/offers": _ranked,
    "POST /market-calls/{id}/award": _award,
}


def test_the_page_and_the_test_name_the_same_endpoints() -> None:
    assert set(MATRIX) == set(CALLS)


def test_every_endpoint_of_the_matrix_exists_in_the_api(app: FastAPI) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{}", path)

    published = {
        (method.upper(), shape(path))
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    }
    for endpoint in MATRIX:
        method, path = endpoint.split(" ")
        assert (method, shape("/api/v1" + path)) in published, endpoint


@pytest.mark.parametrize("endpoint", list(MATRIX))
async def test_every_cell_of_the_row(client: httpx.AsyncClient, factory: Factory, endpoint: str) -> None:
    world = await build_world(client, factory)
    wrong = []
    for actor in ACTORS:
        member: Member | None = None if actor == "anonymous" else getattr(world, actor)
        answer = await CALLS[endpoint](client, world, member.headers if member else {}, member)
        expected = MATRIX[endpoint][actor]
        if answer.status_code != expected:
            wrong.append(f"{actor}: {answer.status_code} (expected {expected}) {answer.text[:200]}")
        elif expected >= 400:
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["detail"]
    assert not wrong, f"{endpoint}\n" + "\n".join(wrong)
