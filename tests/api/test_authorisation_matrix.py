"""The authorisation matrix of docs/authorisation.md, cell by cell: the test reads the table from the
page, so the page is the specification and cannot drift from the behaviour."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.contacts.helpers import World, build_world
from tests.factories import Factory, Member

DOC = Path(__file__).resolve().parents[2] / "docs" / "authorisation.md"
ACTORS = ("admin", "owner", "other_commissioner", "contacted", "not_contacted", "family", "other_family",
          "anonymous")


def _matrix() -> dict[str, dict[str, int]]:
    """{"POST /cases/{id}/contacts": {"admin": 403, ...}} from the page's table."""
    section = DOC.read_text().split("## Matrix", 1)[1].split("\n## ", 1)[0]
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


async def _reserved(client: httpx.AsyncClient, world: World) -> None:
    answer = await client.post(f"/api/v1/properties/{world.property_id}/reservation",
                               json={"case_id": str(world.case_id)}, headers=world.owner.headers)
    assert answer.status_code == 201, answer.text


async def _create_contact(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                          member: Member | None) -> httpx.Response:
    return await client.post(f"/api/v1/cases/{w.case_id}/contacts", headers=headers,
                             json={"organisation_id": str(w.not_contacted.organisation_id)})


async def _list_contacts(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                         member: Member | None) -> httpx.Response:
    return await client.get(f"/api/v1/cases/{w.case_id}/contacts", headers=headers)


async def _patch_contact(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                         member: Member | None) -> httpx.Response:
    status = "interested" if member is not None and member.role == "provider" else "withdrawn"
    return await client.patch(f"/api/v1/contacts/{w.contact_id}", json={"status": status}, headers=headers)


async def _list_referrals(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                          member: Member | None) -> httpx.Response:
    return await client.get("/api/v1/referrals", headers=headers)


async def _get_referral(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                        member: Member | None) -> httpx.Response:
    return await client.get(f"/api/v1/referrals/{w.contact_id}", headers=headers)


async def _reserve(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                   member: Member | None) -> httpx.Response:
    return await client.post(f"/api/v1/properties/{w.property_id}/reservation", headers=headers,
                             json={"case_id": str(w.case_id)})


async def _release(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                   member: Member | None) -> httpx.Response:
    await _reserved(client, w)
    return await client.delete(f"/api/v1/properties/{w.property_id}/reservation", headers=headers)


async def _let(client: httpx.AsyncClient, w: World, headers: dict[str, str],
               member: Member | None) -> httpx.Response:
    await _reserved(client, w)
    return await client.post(f"/api/v1/properties/{w.property_id}/let", headers=headers)


async def _invite(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                  member: Member | None) -> httpx.Response:
    return await client.post(f"/api/v1/cases/{w.case_id}/family-invitations", headers=headers,
                             json={"email": "sister@family.example"})


async def _accept(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                  member: Member | None) -> httpx.Response:
    invited = await client.post(f"/api/v1/cases/{w.case_id}/family-invitations", headers=w.owner.headers,
                                json={"email": f"brother-{uuid.uuid4().hex[:6]}@family.example"})
    assert invited.status_code == 201, invited.text
    return await client.post(f"/api/v1/family-invitations/{invited.json()['token']}/accept", headers=headers,
                             json={"password": "a-long-family-password"})


async def _list_invitations(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                            member: Member | None) -> httpx.Response:
    return await client.get(f"/api/v1/cases/{w.case_id}/family-invitations", headers=headers)


async def _withdraw_invitation(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                               member: Member | None) -> httpx.Response:
    invited = await client.post(f"/api/v1/cases/{w.case_id}/family-invitations", headers=w.owner.headers,
                                json={"email": f"aunt-{uuid.uuid4().hex[:6]}@family.example"})
    assert invited.status_code == 201, invited.text
    listed = await client.get(f"/api/v1/cases/{w.case_id}/family-invitations", headers=w.owner.headers)
    found = next(i["id"] for i in listed.json() if i["email"] == invited.json()["email"])
    return await client.delete(f"/api/v1/cases/{w.case_id}/family-invitations/{found}", headers=headers)


async def _family_view(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                       member: Member | None) -> httpx.Response:
    return await client.get(f"/api/v1/cases/{w.case_id}/family-view", headers=headers)


async def _suggest(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                   member: Member | None) -> httpx.Response:
    return await client.post(f"/api/v1/cases/{w.case_id}/suggestions", headers=headers,
                             json={"provider_name": "Brookside Care", "note": "They helped our cousin."})


async def _list_suggestions(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                            member: Member | None) -> httpx.Response:
    return await client.get(f"/api/v1/cases/{w.case_id}/suggestions", headers=headers)


async def _allocate(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                    member: Member | None) -> httpx.Response:
    return await client.post("/api/v1/allocations", headers=headers, json={"case_ids": [str(w.case_id)]})


async def _market_gaps(client: httpx.AsyncClient, w: World, headers: dict[str, str],
                       member: Member | None) -> httpx.Response:
    return await client.get("/api/v1/market/gaps", headers=headers)


CALLS: dict[str, Call] = {
    "POST /cases/{id}/contacts": _create_contact,
    "GET /cases/{id}/contacts": _list_contacts,
    "PATCH /contacts/{id}": _patch_contact,
    "GET /referrals": _list_referrals,
    "GET /referrals/{id}": _get_referral,
    "POST /properties/{id}/reservation": _reserve,
    "DELETE /properties/{id}/reservation": _release,
    "POST /properties/{id}/let": _let,
    "POST /cases/{id}/family-invitations": _invite,
    "POST /family-invitations/{token}/accept": _accept,
    "GET /cases/{id}/family-invitations": _list_invitations,
    "DELETE /cases/{id}/family-invitations/{invitation_id}": _withdraw_invitation,
    "GET /cases/{id}/family-view": _family_view,
    "POST /cases/{id}/suggestions": _suggest,
    "GET /cases/{id}/suggestions": _list_suggestions,
    "POST /allocations": _allocate,
    "GET /market/gaps": _market_gaps,
}


def test_the_page_and_the_test_name_the_same_endpoints() -> None:
    assert set(MATRIX) == set(CALLS)


def test_every_endpoint_of_the_matrix_exists_in_the_api(app: FastAPI) -> None:
    """Paths compared with their parameters blanked, so `{id}` matches `{case_id}`."""
    def shape(path: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{}", path)

    published = {(method.upper(), shape(path)) for path, operations in app.openapi()["paths"].items()
                 for method in operations}
    for endpoint in MATRIX:
        method, path = endpoint.split(" ")
        assert (method, shape("/api/v1" + path)) in published, endpoint


@pytest.mark.parametrize(("endpoint", "actor"), [(e, a) for e in MATRIX for a in ACTORS])
async def test_cell(client: httpx.AsyncClient, factory: Factory, endpoint: str, actor: str) -> None:
    world = await build_world(client, factory)
    member: Member | None = None if actor == "anonymous" else getattr(world, actor)
    headers = member.headers if member is not None else {}
    answer = await CALLS[endpoint](client, world, headers, member)
    expected = MATRIX[endpoint][actor]
    assert answer.status_code == expected, f"{endpoint} as {actor}: {answer.status_code} {answer.text}"
    if expected >= 400:
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["detail"]
