"""The contact state machine: every allowed and every refused move, for each role, through the API."""

from __future__ import annotations

import itertools
import uuid

import httpx
import pytest

from matcher.contacts.transitions import TRANSITIONS, allowed_from
from matcher.vocab import CONTACT_STATUSES
from tests.contacts.helpers import (
    build_world,
    contact_events,
    contact_row,
    set_contact_status,
)
from tests.factories import Factory

#: The specification, written out by hand: (role, from, to) that must be allowed. Everything else is refused.
ALLOWED = {
    ("commissioner", "shortlisted", "contacted"), ("commissioner", "shortlisted", "withdrawn"),
    ("commissioner", "contacted", "withdrawn"),
    ("commissioner", "more_info_requested", "contacted"),
    ("commissioner", "more_info_requested", "withdrawn"),
    ("commissioner", "interested", "assessment"), ("commissioner", "interested", "withdrawn"),
    ("commissioner", "assessment", "offered"), ("commissioner", "assessment", "withdrawn"),
    ("commissioner", "offered", "accepted"), ("commissioner", "offered", "withdrawn"),
    ("provider", "contacted", "interested"), ("provider", "contacted", "declined"),
    ("provider", "contacted", "more_info_requested"),
    ("provider", "more_info_requested", "interested"), ("provider", "more_info_requested", "declined"),
    ("provider", "interested", "declined"),
    ("provider", "assessment", "declined"),
}
ROLES = ("commissioner", "provider")


@pytest.mark.parametrize(("role", "source", "target"),
                         list(itertools.product(ROLES, CONTACT_STATUSES, CONTACT_STATUSES)))
def test_the_table_allows_exactly_the_specified_moves(role: str, source: str, target: str) -> None:
    assert (target in TRANSITIONS[role].get(source, ())) == ((role, source, target) in ALLOWED)  # type: ignore[index]


def test_final_states_allow_no_move_to_anyone() -> None:
    for role, status in itertools.product(ROLES, ("declined", "accepted", "withdrawn")):
        assert allowed_from(role, status) == ()  # type: ignore[arg-type]


def test_the_commissioner_can_withdraw_from_every_open_state() -> None:
    for status in ("shortlisted", "contacted", "more_info_requested", "interested", "assessment", "offered"):
        assert "withdrawn" in allowed_from("commissioner", status)


@pytest.mark.parametrize(("role", "source"), list(itertools.product(ROLES, CONTACT_STATUSES)))
async def test_every_move_from_a_state_is_allowed_or_refused_as_the_table_says(
        client: httpx.AsyncClient, factory: Factory, role: str, source: str) -> None:
    world = await build_world(client, factory)
    member = world.owner if role == "commissioner" else world.contacted
    url = f"/api/v1/contacts/{world.contact_id}"
    for target in CONTACT_STATUSES:
        await set_contact_status(factory.sessionmaker, world.contact_id, source)
        before = len(await contact_events(factory.sessionmaker, world.contact_id))
        body = {"status": target, "note": f"{role} moves to {target}"}
        if target == "declined":
            body["reason"] = "no_capacity"
        answer = await client.patch(url, json=body, headers=member.headers)
        events = await contact_events(factory.sessionmaker, world.contact_id)
        if source == "shortlisted" and role == "provider":
            # Nothing has been shared with the provider yet: the contact does not exist for it.
            assert answer.status_code == 404, (source, target, answer.text)
            continue
        if (role, source, target) in ALLOWED:
            assert answer.status_code == 200, (source, target, answer.text)
            assert answer.json()["status"] == target
            assert len(events) == before + 1
            last = events[-1]
            assert (last.from_status, last.to_status, last.user_id) == (source, target, member.user_id)
            assert last.note == f"{role} moves to {target}"
            assert last.reason == ("no_capacity" if target == "declined" else None)
            assert last.at is not None
        else:
            # The other party's status is not yours to set (403); yours, but not from here, is a 409.
            own = {t for (r, _s, t) in ALLOWED if r == role}
            others = {t for (r, _s, t) in ALLOWED if r != role}
            expected = 403 if target in others - own else 409
            assert answer.status_code == expected, (source, target, answer.text)
            problem = answer.json()
            assert problem["current_status"] == source
            assert problem["allowed"] == list(allowed_from(role, source))  # type: ignore[arg-type]
            assert f"'{source}'" in problem["detail"]
            assert len(events) == before  # a refused move leaves no trace in the history


async def test_declining_needs_a_reason_code_and_says_which(client: httpx.AsyncClient,
                                                            factory: Factory) -> None:
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    missing = await client.patch(url, json={"status": "declined"}, headers=world.contacted.headers)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "reason"
    assert "risk_too_high" in missing.json()["allowed"]
    wrong = await client.patch(url, json={"status": "declined", "reason": "too_busy"},
                               headers=world.contacted.headers)
    assert wrong.status_code == 422
    assert "no_capacity" in wrong.text
    stray = await client.patch(url, json={"status": "interested", "reason": "no_capacity"},
                               headers=world.contacted.headers)
    assert stray.status_code == 422
    declined = await client.patch(url, json={"status": "declined", "reason": "risk_too_high",
                                             "note": "We have no 2:1 team."}, headers=world.contacted.headers)
    assert declined.status_code == 200
    assert declined.json()["reason"] == "risk_too_high"
    assert (await contact_row(factory.sessionmaker, world.contact_id)).reason == "risk_too_high"


async def test_an_unknown_status_is_a_422_naming_the_statuses(client: httpx.AsyncClient,
                                                              factory: Factory) -> None:
    world = await build_world(client, factory)
    answer = await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": "keen"},
                                headers=world.contacted.headers)
    assert answer.status_code == 422
    assert "more_info_requested" in answer.text


async def test_a_stale_version_is_refused_with_the_current_state(client: httpx.AsyncClient,
                                                                 factory: Factory) -> None:
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    first = await client.patch(url, json={"status": "interested", "version": 1},
                               headers=world.contacted.headers)
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = await client.patch(url, json={"status": "withdrawn", "version": 1}, headers=world.owner.headers)
    assert stale.status_code == 409
    assert stale.json()["current_status"] == "interested"
    assert stale.json()["allowed"] == ["assessment", "withdrawn"]


async def test_the_whole_journey_keeps_who_when_and_why(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    steps = [(world.contacted, "more_info_requested", "Does he use a tablet?"),
             (world.owner, "contacted", "Yes: an iPad with Proloquo."),
             (world.contacted, "interested", None), (world.owner, "assessment", "Visit on the 3rd."),
             (world.owner, "offered", None), (world.owner, "accepted", "Family agreed.")]
    for member, status, note in steps:
        answer = await client.patch(url, json={"status": status, "note": note}, headers=member.headers)
        assert answer.status_code == 200, answer.text
    listed = await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)
    item = listed.json()["items"][0]
    assert item["status"] == "accepted"
    assert item["allowed_transitions"] == []
    history = item["history"]
    assert [h["to_status"] for h in history] == ["contacted"] + [s for _, s, _ in steps]
    assert [h["from_status"] for h in history] == [None, "contacted"] + [s for _, s, _ in steps[:-1]]
    assert history[1]["by_role"] == "provider"
    assert history[1]["by_user_id"] == str(world.contacted.user_id)
    assert history[2]["note"] == "Yes: an iPad with Proloquo."


async def test_answering_more_information_does_not_share_again(client: httpx.AsyncClient,
                                                                factory: Factory) -> None:
    world = await build_world(client, factory)
    shared_at = (await contact_row(factory.sessionmaker, world.contact_id)).shared_at
    url = f"/api/v1/contacts/{world.contact_id}"
    await client.patch(url, json={"status": "more_info_requested"}, headers=world.contacted.headers)
    await client.patch(url, json={"status": "contacted"}, headers=world.owner.headers)
    assert (await contact_row(factory.sessionmaker, world.contact_id)).shared_at == shared_at


async def test_an_unknown_contact_is_404(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    answer = await client.patch(f"/api/v1/contacts/{uuid.uuid4()}", json={"status": "withdrawn"},
                                headers=owner.headers)
    assert answer.status_code == 404
