"""A closed case is read-only for contacts, reservations and family invitations (409, reopen first),
but its reservations can still be released; a provider never sees the commissioner's notes; and once a
contact is withdrawn or declined the provider no longer sees the (live) pen picture."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import update

from matcher.cases.identity import encrypt_identity
from matcher.db.models import Case
from tests.contacts.helpers import NARRATIVE, World, audit_actions, build_world, make_property
from tests.factories import Factory


async def _close(client: httpx.AsyncClient, factory: Factory, world: World) -> None:
    """Close the case through the cases API. (The helper's case holds stand-in identity bytes, which the
    cases API would try to decrypt: give it a real encrypted identity record first.)"""
    identity = encrypt_identity({"first_name": "Jonathan", "last_name": "Smith"},
                                factory.settings.identity_key)
    async with factory.sessionmaker() as session, session.begin():
        await session.execute(update(Case).where(Case.id == world.case_id)
                              .values(identity_encrypted=identity))
    answer = await client.patch(f"/api/v1/cases/{world.case_id}", json={"status": "closed"},
                                headers=world.owner.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "closed"


def _is_closed_conflict(answer: httpx.Response) -> None:
    assert answer.status_code == 409, answer.text
    assert "closed" in answer.json()["detail"]
    assert "reopen" in answer.json()["detail"]


async def test_a_closed_case_cannot_be_acted_on_but_can_be_read(client: httpx.AsyncClient,
                                                                 factory: Factory) -> None:
    world = await build_world(client, factory)
    other_home = await make_property(factory.sessionmaker, world.contacted.organisation_id, title="Flat")
    rival = await factory.provider("care")
    await _close(client, factory, world)

    contacted = await client.post(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers,
                                  json={"organisation_id": str(rival.organisation_id)})
    _is_closed_conflict(contacted)
    moved = await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": "withdrawn"},
                               headers=world.owner.headers)
    _is_closed_conflict(moved)
    reserved = await client.post(f"/api/v1/properties/{other_home}/reservation", headers=world.owner.headers,
                                 json={"case_id": str(world.case_id)})
    _is_closed_conflict(reserved)
    invited = await client.post(f"/api/v1/cases/{world.case_id}/family-invitations",
                                json={"email": "brother@family.example"}, headers=world.owner.headers)
    _is_closed_conflict(invited)
    # Nothing was shared with the rival.
    assert (await client.get("/api/v1/referrals", headers=rival.headers)).json()["total"] == 0

    # Those who may not act at all are still told so (403), not that the case is closed.
    assert (await client.post(f"/api/v1/cases/{world.case_id}/contacts", headers=world.admin.headers,
                              json={"organisation_id": str(rival.organisation_id)})).status_code == 403
    # Reading goes on.
    listed = await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)
    assert listed.status_code == 200
    assert listed.json()["items"][0]["status"] == "contacted"
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    assert view.status_code == 200


async def test_a_home_held_by_a_closed_case_can_still_be_released(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    world = await build_world(client, factory)
    reserved = await client.post(f"/api/v1/properties/{world.property_id}/reservation",
                                 json={"case_id": str(world.case_id)}, headers=world.owner.headers)
    assert reserved.status_code == 201, reserved.text
    await _close(client, factory, world)
    released = await client.delete(f"/api/v1/properties/{world.property_id}/reservation",
                                   headers=world.owner.headers)
    assert released.status_code == 204, released.text


async def test_a_provider_never_sees_the_commissioners_notes(client: httpx.AsyncClient,
                                                             factory: Factory) -> None:
    world = await build_world(client, factory)
    home = await make_property(factory.sessionmaker, world.contacted.organisation_id, title="Second home")
    made = await client.post(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers,
                             json={"organisation_id": str(world.contacted.organisation_id),
                                   "property_id": str(home), "status": "shortlisted",
                                   "note": "COMMISSIONER-SHORTLIST-NOTE"})
    assert made.status_code == 201, made.text
    contact_id = made.json()["id"]
    steps = [(world.owner, {"status": "contacted", "note": "COMMISSIONER-SHARE-NOTE"}),
             (world.contacted, {"status": "interested", "note": "PROVIDER-NOTE"}),
             (world.owner, {"status": "assessment", "note": "COMMISSIONER-INTERNAL-NOTE"})]
    for member, body in steps:
        answer = await client.patch(f"/api/v1/contacts/{contact_id}", json=body, headers=member.headers)
        assert answer.status_code == 200, answer.text

    referral = await client.get(f"/api/v1/referrals/{contact_id}", headers=world.contacted.headers)
    assert referral.status_code == 200
    assert "COMMISSIONER" not in referral.text
    history = referral.json()["history"]
    assert [(e["from_status"], e["to_status"], e["by_role"]) for e in history] == [
        (None, "shortlisted", "commissioner"), ("shortlisted", "contacted", "commissioner"),
        ("contacted", "interested", "provider"), ("interested", "assessment", "commissioner")]
    assert [e["note"] for e in history] == [None, None, "PROVIDER-NOTE", None]
    assert all(e["at"] and e["by_user_id"] is None for e in history)
    listed = await client.get("/api/v1/referrals", headers=world.contacted.headers)
    assert "COMMISSIONER" not in listed.text
    # The commissioner sees every note.
    own = await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)
    for note in ("COMMISSIONER-SHORTLIST-NOTE", "COMMISSIONER-INTERNAL-NOTE", "PROVIDER-NOTE"):
        assert note in own.text


async def _pen_picture_gone(client: httpx.AsyncClient, factory: Factory, world: World, status: str) -> None:
    referral = await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)
    assert referral.status_code == 200
    body = referral.json()
    assert body["status"] == status
    for hidden in ("pen_picture", "housing_spec", "max_distance_km", "target_move_date"):
        assert body[hidden] is None, hidden
    # The area it was about (towns or districts, as shared) is kept, so the inbox still says where.
    kept = body["places"]
    assert kept
    assert NARRATIVE not in referral.text
    listed = await client.get("/api/v1/referrals", headers=world.contacted.headers)
    assert listed.json()["items"][0]["status"] == status
    assert listed.json()["items"][0]["pen_picture"] is None
    # A later edit of the live pen picture does not reach the provider either.
    async with factory.sessionmaker() as session, session.begin():
        await session.execute(update(Case).where(Case.id == world.case_id).values(
            pen_picture={"narrative": "LATER-EDIT"},
            location={"places": [{"name": "LATER-TOWN", "latitude": 52.0, "longitude": -1.0}]}))
    later = await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)
    assert "LATER-EDIT" not in later.text
    assert "LATER-TOWN" not in later.text
    assert later.json()["places"] == kept
    # Nothing was read, so nothing more is audited as a read.
    reads = [a for a, _, _ in await audit_actions(factory.sessionmaker, world.case_id) if a == "read"]
    assert reads == []


async def test_a_withdrawn_contact_no_longer_shows_the_pen_picture(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    world = await build_world(client, factory)
    withdrawn = await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": "withdrawn"},
                                   headers=world.owner.headers)
    assert withdrawn.status_code == 200, withdrawn.text
    await _pen_picture_gone(client, factory, world, "withdrawn")


async def test_a_declined_contact_no_longer_shows_the_pen_picture(client: httpx.AsyncClient,
                                                                  factory: Factory) -> None:
    world = await build_world(client, factory)
    declined = await client.patch(f"/api/v1/contacts/{world.contact_id}", headers=world.contacted.headers,
                                  json={"status": "declined", "reason": "no_capacity"})
    assert declined.status_code == 200, declined.text
    assert declined.json()["pen_picture"] is None
    assert declined.json()["reason"] == "no_capacity"
    await _pen_picture_gone(client, factory, world, "declined")


async def test_an_accepted_contact_keeps_the_pen_picture(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    moves = [(world.contacted, "interested"), (world.owner, "assessment"), (world.owner, "offered"),
             (world.owner, "accepted")]
    for member, status in moves:
        answer = await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": status},
                                    headers=member.headers)
        assert answer.status_code == 200, answer.text
    referral = await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)
    assert referral.json()["status"] == "accepted"
    assert referral.json()["pen_picture"]["narrative"] == NARRATIVE
    assert uuid.UUID(referral.json()["id"]) == world.contact_id
