"""Removing a family member's access from the case page: a Remove access button on an accepted invitation,
a confirmation page, then a success banner and the invitation shown as "Access removed". The family pages
then no longer list that case; another organisation's commissioner gets 404 and takes nothing away."""

from __future__ import annotations

import html
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.contacts.helpers import contact
from tests.factories import Factory, Member
from tests.web.browser.data import api, case_body
from tests.web.pages import csrf_token, post_form, sign_in

FAMILY_PASSWORD = "a-long-family-password"


def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
async def family_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser, for the family member, so the commissioner's session stays in `client`."""
    async with _browser(app) as browser:
        yield browser


async def _accepted(client: httpx.AsyncClient, family: httpx.AsyncClient, owner: Member, case_id: str,
                    email: str, *, on_page: bool) -> str:
    """Invite `email` to the case and accept (on the page, which signs the family browser in, or through
    the API); the invitation's id."""
    invitation = await api(client, "POST", f"/cases/{case_id}/family-invitations", owner,
                           json={"email": email})
    if on_page:
        answer = await post_form(family, f"/family/accept/{invitation['token']}",
                                 {"password": FAMILY_PASSWORD, "confirm": FAMILY_PASSWORD})
        assert answer.status_code == 303, answer.text
    else:
        await api(client, "POST", f"/family-invitations/{invitation['token']}/accept", owner,
                  json={"password": FAMILY_PASSWORD})
    listed = await api(client, "GET", f"/cases/{case_id}/family-invitations", owner)
    return str(next(i["id"] for i in listed if i["email"] == email))


async def test_a_commissioner_removes_a_family_members_access_after_confirming(
    client: httpx.AsyncClient, family_client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    other = await api(client, "POST", "/cases", owner, json=case_body(reference="LEI-2027-099"))
    invitation = await _accepted(client, family_client, owner, case["id"], "mum@family.example", on_page=True)
    await _accepted(client, family_client, owner, other["id"], "mum@family.example", on_page=False)
    listed = await family_client.get("/family")
    assert listed.status_code == 200
    assert case["reference"] in listed.text
    assert other["reference"] in listed.text

    await sign_in(client, owner.email)
    page = await client.get(f"/cases/{case['id']}")
    confirm_url = f"/cases/{case['id']}/family-invitations/{invitation}/remove-access"
    assert f'href="{confirm_url}"' in page.text
    assert 'Remove access<span class="govuk-visually-hidden"> for mum@family.example</span>' in page.text

    confirm = await client.get(confirm_url)
    assert confirm.status_code == 200
    assert "Are you sure you want to remove mum@family.example's access to this case?" in confirm.text
    assert "They will no longer see which providers were contacted" in confirm.text
    assert "govuk-button--warning" in confirm.text
    assert f'href="/cases/{case["id"]}#invitations">Cancel</a>' in confirm.text

    removed = await client.post(confirm_url, data={"csrf_token": csrf_token(confirm.text)})
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/cases/{case['id']}#invitations"
    after = await client.get(f"/cases/{case['id']}")
    assert "govuk-notification-banner--success" in after.text
    assert "mum@family.example can no longer see this case." in after.text
    assert "Access removed" in after.text
    assert confirm_url not in after.text
    # The confirmation page is for an accepted invitation only: asking again is not found.
    assert (await client.get(confirm_url)).status_code == 404

    # The family member still follows the other case, and only that one.
    assert (await family_client.get(f"/family/cases/{case['id']}")).status_code == 404
    assert (await family_client.get(f"/family/cases/{other['id']}")).status_code == 200
    home = await family_client.get("/family")
    assert home.status_code == 303  # one case left: straight to it
    assert home.headers["location"] == f"/family/cases/{other['id']}"


async def test_a_family_member_with_no_case_left_is_signed_out_of_the_pages(
    client: httpx.AsyncClient, family_client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    invitation = await _accepted(client, family_client, owner, case["id"], "dad@family.example", on_page=True)
    assert (await family_client.get(f"/family/cases/{case['id']}")).status_code == 200

    await sign_in(client, owner.email)
    confirm_url = f"/cases/{case['id']}/family-invitations/{invitation}/remove-access"
    assert (await post_form(client, confirm_url, {})).status_code == 303

    gone = await family_client.get(f"/family/cases/{case['id']}")
    assert gone.status_code == 401
    assert "Sign in" in gone.text


async def test_another_organisation_cannot_remove_access_and_the_withdraw_button_never_does(
    client: httpx.AsyncClient, family_client: httpx.AsyncClient, factory: Factory, app: FastAPI
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    invitation = await _accepted(client, family_client, owner, case["id"], "gran@family.example",
                                 on_page=True)
    confirm_url = f"/cases/{case['id']}/family-invitations/{invitation}/remove-access"

    stranger = await factory.commissioner()
    await sign_in(client, stranger.email)
    assert (await client.get(confirm_url)).status_code == 404
    assert (await post_form(client, "/cases", {}, action=confirm_url)).status_code == 404

    # The family member (who is no commissioner) cannot open or use it either.
    assert (await family_client.get(confirm_url)).status_code == 403

    # The owner's Withdraw button, posted for an accepted invitation (a page left open), takes nothing away.
    async with _browser(app) as owners:
        await sign_in(owners, owner.email)
        withdraw = await post_form(owners, f"/cases/{case['id']}", {},
                                   action=f"/cases/{case['id']}/family-invitations/{invitation}/withdraw")
        assert withdraw.status_code == 409
        assert "remove the family member's access instead" in withdraw.text.replace("&#39;", "'")
        assert (await family_client.get(f"/family/cases/{case['id']}")).status_code == 200
        listed = await api(client, "GET", f"/cases/{case['id']}/family-invitations", owner)
        assert [i["state"] for i in listed] == ["accepted"]
        # Its own commissioner may open it.
        assert (await owners.get(confirm_url)).status_code == 200


async def test_a_suggestion_naming_someone_is_shown_again_with_the_problem_in_words(
    client: httpx.AsyncClient, family_client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: the family got a bare error page reading 'note: … (found PERSON)', and lost
    what they had typed."""
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    await _accepted(client, family_client, owner, case["id"], "dad@family.example", on_page=True)
    url = f"/family/cases/{case['id']}"
    refused = await post_form(family_client, url, {
        "provider_name": "Sunrise Support", "note": "Please ring me on 07700 900456 about them"},
        action=f"{url}/suggestions")
    assert refused.status_code == 422
    page = refused.text
    assert "govuk-error-summary" in page
    assert "Take out a phone number" in page
    assert "PHONE" not in page
    assert 'value="Sunrise Support"' in page
    assert "Please ring me on 07700 900456 about them" in page
    listed = await api(client, "GET", f"/cases/{case['id']}/suggestions", owner)
    assert listed["total"] == 0
    both = await post_form(family_client, url, {"provider_name": "", "note": "NHS/9434765919"},
                           action=f"{url}/suggestions")
    said = html.unescape(both.text.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0])
    assert "Enter the name of the provider" in said  # both problems in one round (found from outside)
    assert "Take out an NHS number" in said


async def test_a_commissioner_closes_and_reopens_a_case_from_its_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: no page could close or reopen a case, a closed case's page did not say so,
    and its refusals told page users to send PATCH /cases/{id}."""
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    case = await api(client, "POST", "/cases", owner, json=case_body())
    made = await contact(client, owner, uuid.UUID(case["id"]), provider.organisation_id)
    await sign_in(client, owner.email)
    url = f"/cases/{case['id']}"
    asked = await client.get(f"{url}/close")
    assert asked.status_code == 200
    assert "Are you sure you want to close this case?" in asked.text
    token = csrf_token(asked.text)
    closed = await client.post(f"{url}/status", data={"status": "closed", "csrf_token": token})
    assert closed.status_code == 303
    page = await client.get(url)
    assert 'id="case-closed"' in page.text
    assert (await api(client, "GET", f"/cases/{case['id']}", owner))["status"] == "closed"
    refused = await client.post(f"{url}/contacts/{made['id']}", data={
        "status": "withdrawn", "confirm": "yes", "csrf_token": token})
    assert refused.status_code == 409
    assert "Reopen it from the case page first" in refused.text
    assert "PATCH" not in refused.text
    reopened = await client.post(f"{url}/status", data={"status": "open", "csrf_token": token})
    assert reopened.status_code == 303
    assert (await api(client, "GET", f"/cases/{case['id']}", owner))["status"] == "open"
