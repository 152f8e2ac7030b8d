"""A commissioner answers a provider's request for more information (the move from
`more_info_requested` back to `contacted`): the provider reads that answer, so it is screened like the pen
picture, the case's own names and address among what it must not hold."""

from __future__ import annotations

import uuid

import httpx

from tests.contacts.helpers import contact
from tests.factories import Factory, Member
from tests.web.browser.data import api, case_body


async def _asked(client: httpx.AsyncClient, factory: Factory) -> tuple[Member, Member, str]:
    """A case written through the API (its identity record encrypted), shared with a provider who asked."""
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    case = await api(client, "POST", "/cases", owner, json=case_body(
        reference=f"LEI-{uuid.uuid4().int % 10**6:06d}",
        identity={"full_name": "Jonathan Example", "known_as": "Jonny", "family_names": ["Margaret Example"],
                  "address": "14 Brookside Avenue, Loughborough", "date_of_birth": "2006-02-03"}))
    made = await contact(client, owner, uuid.UUID(case["id"]), provider.organisation_id)
    url = f"/api/v1/contacts/{made['id']}"
    asked = await client.patch(url, headers=provider.headers,
                               json={"status": "more_info_requested", "note": "Does he use a wheelchair?"})
    assert asked.status_code == 200, asked.text
    return owner, provider, url


async def test_the_answer_reaches_the_provider_and_its_next_answer_is_open(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner, provider, url = await _asked(client, factory)
    answered = await client.patch(url, json={"status": "contacted", "note": "No, he walks well.",
                                             "version": 2}, headers=owner.headers)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "contacted"
    referral = (await client.get(url.replace("/contacts/", "/referrals/"), headers=provider.headers)).json()
    assert referral["history"][-1]["note"] == "No, he walks well."
    assert referral["allowed_transitions"] == ["interested", "declined", "more_info_requested"]


async def test_an_answer_naming_the_person_or_their_family_or_address_is_refused(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner, provider, url = await _asked(client, factory)
    # Nicknames and addresses the generic detectors would miss: only the case's identity record knows them.
    for note in ("Jonny walks well.", "His sister Margaret Example visits.",
                 "He lives at 14 Brookside Avenue."):
        refused = await client.patch(url, json={"status": "contacted", "note": note}, headers=owner.headers)
        assert refused.status_code == 422, (note, refused.text)
        assert [e["field"] for e in refused.json()["errors"]] == ["note"]
        assert note not in refused.text  # the refusal does not echo the identifier back
    referral = (await client.get(url.replace("/contacts/", "/referrals/"), headers=provider.headers)).json()
    assert referral["status"] == "more_info_requested"  # nothing moved, nothing stored
    assert [h["note"] for h in referral["history"]][-1] == "Does he use a wheelchair?"


async def test_an_answer_giving_the_persons_date_of_birth_is_refused_in_any_format(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """Found from outside: notes allow dates ("can start 1 February"), so the person's own date of birth
    went to the provider; it is refused however it is written, and other dates still pass."""
    owner, provider, url = await _asked(client, factory)
    for note in ("Her date of birth is 03/02/2006.", "Born 3 February 2006.", "DOB 3rd Feb 06",
                 "Born on 2006-02-03.", "Her birthday is 3 February."):
        refused = await client.patch(url, json={"status": "contacted", "note": note}, headers=owner.headers)
        assert refused.status_code == 422, (note, refused.text)
        assert refused.json()["errors"][0]["field"] == "note"
        assert "date of birth" in refused.json()["errors"][0]["message"]
    plan = "She could move on 4 February 2027."
    answered = await client.patch(url, json={"status": "contacted", "note": plan}, headers=owner.headers)
    assert answered.status_code == 200, answered.text


async def test_a_provider_note_naming_the_person_is_refused_too(client: httpx.AsyncClient,
                                                                factory: Factory) -> None:
    owner, provider, url = await _asked(client, factory)
    await client.patch(url, json={"status": "contacted", "note": "No."}, headers=owner.headers)
    refused = await client.patch(url, json={"status": "interested", "note": "We met Jonny before."},
                                 headers=provider.headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "note"
