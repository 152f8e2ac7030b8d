"""What a provider sees of a case shared with it: the anonymised pen picture and the case's reference
(screened: it never names the person), never the identity, the case's id, or other providers' answers;
every read is audited."""

from __future__ import annotations

import httpx

from tests.contacts.helpers import IDENTITY_BYTES, NARRATIVE, audit_actions, build_world, contact
from tests.factories import Factory


async def test_a_provider_reads_the_pen_picture_shared_with_it(client: httpx.AsyncClient,
                                                               factory: Factory) -> None:
    world = await build_world(client, factory)
    listed = await client.get("/api/v1/referrals", headers=world.contacted.headers)
    assert listed.status_code == 200
    assert listed.json()["total"] == 1
    referral = listed.json()["items"][0]
    assert referral["id"] == str(world.contact_id)
    assert referral["pen_picture"]["narrative"] == NARRATIVE
    assert referral["housing_spec"]["min_bedrooms"] == 2
    assert referral["places"] == [{"name": "Loughborough", "label": "family"},
                                  {"name": "LE11", "label": "day centre"}]
    assert referral["max_distance_km"] == 40.0
    assert referral["status"] == "contacted"
    assert referral["allowed_transitions"] == ["interested", "declined", "more_info_requested"]
    assert referral["property"]["id"] == str(world.property_id)
    assert referral["commissioner_organisation"]
    async with factory.sessionmaker() as session:
        from matcher.db.models import Case

        case = await session.get(Case, world.case_id)
        assert case is not None
    assert referral["reference"] == case.reference  # in the list too, to quote to the commissioner
    one = await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)
    assert one.json() == referral


async def test_a_referral_carries_nothing_that_identifies_the_person_or_the_case(
        client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    text = (await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)).text
    async with factory.sessionmaker() as session:
        from matcher.db.models import Case

        case = await session.get(Case, world.case_id)
        assert case is not None
    # (Coordinates by key and by their negative longitude: a timestamp's seconds can look like 52.77.)
    for secret in (str(world.case_id), IDENTITY_BYTES.decode(), "Jonathan", "LE11 3TU",
                   "latitude", "longitude", "-1.2062", "identity"):
        assert secret not in text, secret


async def test_every_read_by_a_provider_is_audited(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    await client.get("/api/v1/referrals", headers=world.contacted.headers)
    await client.get(f"/api/v1/referrals/{world.contact_id}", headers=world.contacted.headers)
    await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": "interested"},
                       headers=world.contacted.headers)
    audit = await audit_actions(factory.sessionmaker, world.case_id)
    assert [action for action, _, _ in audit] == ["shared", "read", "read", "read"]
    assert {organisation for action, organisation, _ in audit if action == "read"} == {
        world.contacted.organisation_id}
    reads = [detail["via"] for action, _, detail in audit if action == "read"]
    assert reads == ["list", "referral", "update"]
    # Commissioners reading their own contacts are not provider reads.
    await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)
    assert len(await audit_actions(factory.sessionmaker, world.case_id)) == 4


async def test_a_provider_never_sees_other_providers_answers(client: httpx.AsyncClient,
                                                             factory: Factory) -> None:
    world = await build_world(client, factory)
    rival = await factory.provider("care")
    rival_contact = await contact(client, world.owner, world.case_id, rival.organisation_id)
    declined = await client.patch(f"/api/v1/contacts/{rival_contact['id']}", headers=rival.headers,
                                  json={"status": "declined", "reason": "risk_too_high",
                                        "note": "RIVAL-NOTE"})
    assert declined.status_code == 200
    mine = await client.get("/api/v1/referrals", headers=world.contacted.headers)
    assert mine.json()["total"] == 1
    assert "RIVAL-NOTE" not in mine.text
    assert "risk_too_high" not in mine.text
    assert rival_contact["id"] not in mine.text
    theirs = await client.get(f"/api/v1/referrals/{rival_contact['id']}", headers=world.contacted.headers)
    assert theirs.status_code == 404
    moved = await client.patch(f"/api/v1/contacts/{rival_contact['id']}", json={"status": "interested"},
                               headers=world.contacted.headers)
    assert moved.status_code == 404


async def test_the_provider_reads_its_own_notes_and_the_answers_to_its_questions_only(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """A commissioner's note is internal (docs/authorisation.md) except its answer to the provider's
    request for more information: the provider sees every move, but only that one commissioner note."""
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    for body, member in (({"status": "more_info_requested", "note": "Night support needs?"}, world.contacted),
                         ({"status": "contacted", "note": "One waking night."}, world.owner),
                         ({"status": "interested", "note": "We can meet him."}, world.contacted),
                         ({"status": "assessment", "note": "Budget not agreed yet."}, world.owner)):
        moved = await client.patch(url, json=body, headers=member.headers)
        assert moved.status_code == 200, moved.text
    referral = (await client.get(f"/api/v1/referrals/{world.contact_id}",
                                 headers=world.contacted.headers)).json()
    assert [h["note"] for h in referral["history"]][1:] == [
        "Night support needs?", "One waking night.", "We can meet him.", None]
    assert [h["by_role"] for h in referral["history"]][1:] == ["provider", "commissioner", "provider",
                                                               "commissioner"]
    assert all(h["by_user_id"] is None for h in referral["history"])
    # The other provider, and the family, read none of it.
    assert (await client.get(f"/api/v1/referrals/{world.contact_id}",
                             headers=world.not_contacted.headers)).status_code == 404
    family_view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    assert family_view.status_code == 200
    assert "One waking night" not in family_view.text
    assert "Budget" not in family_view.text
