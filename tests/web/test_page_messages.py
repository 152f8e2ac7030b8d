"""What people read when a form cannot be saved: plain words, the field named, a way back, nothing lost."""

from __future__ import annotations

import html

import httpx

from tests.contacts.helpers import build_world
from tests.factories import Factory
from tests.web.pages import csrf_token, post_form, sign_in


def _home_form(location: str) -> dict[str, str | list[str]]:
    return {
        "title": "Two-bedroom flat near the park",
        "location": location,
        "property_type": "flat",
        "living_arrangement": "single_occupancy",
        "max_occupants": "1",
        "bedrooms": "2",
        "accessibility": "G",
        "weekly_rent": "180",
        "status": "available",
        "description": "A quiet flat on the ground floor.",
    }


async def test_an_unknown_town_on_the_home_form_is_said_plainly_with_the_nearest_names(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    await sign_in(client, landlord.email)
    answer = await post_form(client, "/provider/homes/new", _home_form("Lowborough"))
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "No UK town or city called 'Lowborough' is known. Did you mean" in text
    assert "Loughborough" in text
    assert "{" not in text.split("govuk-error-summary", 1)[1].split("</div>", 1)[0]  # no JSON shown
    assert 'href="#location"' in answer.text  # the summary links to the one box for the place
    assert "Two-bedroom flat near the park" in text  # what was typed is kept


def _new_case_form(reference: str, step: str) -> dict[str, str | list[str]]:
    return {
        "step": step,
        "reference": reference,
        "location.places[0].name": "Leicester",
        "location.places[0].label": "family",
        "location.max_distance_km": "40",
        "pen_picture.client_groups": ["autism"],
        "pen_picture.narrative": "Enjoys music and long walks; needs a calm home.",
        "housing_spec.living_arrangement": ["single_occupancy"],
        "housing_spec.property_types": ["flat"],
    }


async def test_a_case_reference_already_used_is_said_on_the_first_step_and_nothing_typed_is_lost(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    saved = await post_form(client, "/cases/new", _new_case_form("REV-001", "4"))
    assert saved.status_code == 303, saved.text
    first_step = await post_form(client, "/cases/new", _new_case_form("REV-001", "1"))
    assert first_step.status_code == 422
    said = "Your organisation already has a case with the reference ‘REV-001’. Enter a different reference"
    assert said in html.unescape(first_step.text)
    assert 'href="#reference"' in first_step.text
    # Saved straight from the check page (a colleague took the reference meanwhile): the form comes back.
    at_save = await post_form(client, "/cases/new", _new_case_form("REV-001", "4"))
    assert at_save.status_code == 422
    assert said in html.unescape(at_save.text)
    assert "Enjoys music and long walks" in html.unescape(at_save.text)
    other = await post_form(client, "/cases/new", _new_case_form("REV-002", "1"))
    assert other.status_code == 200  # step 2 follows


async def test_a_referral_answered_meanwhile_comes_back_with_the_latest_and_the_note_kept(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    page = f"/provider/referrals/{world.contact_id}"
    await sign_in(client, world.contacted.email)
    opened = await client.get(page)  # the first tab
    token = csrf_token(opened.text)
    answered = await client.post(page, data={"status": "more_info_requested", "note": "Any history of falls?",
                                             "version": "1", "csrf_token": token})
    assert answered.status_code == 303, answered.text
    stale = await client.post(page, data={"status": "interested", "note": "We can visit next week",
                                          "version": "1", "csrf_token": token}, headers={"referer": page})
    assert stale.status_code == 422
    shown = html.unescape(stale.text)
    said = "This referral changed while you had the page open: it is now ‘More information requested’"
    assert said in shown
    assert "version" not in shown.split("govuk-error-summary", 1)[1].split("</div>", 1)[0]
    assert "We can visit next week" in shown  # what was typed is kept
    assert 'name="version" value="2"' in stale.text  # sending again answers the latest


async def test_a_refused_form_links_back_to_the_page_it_came_from(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    await sign_in(client, world.owner.email)
    search = f"/cases/{world.case_id}/search"
    token = csrf_token((await client.get("/")).text)  # the sign-out form
    data = {"property_id": str(world.property_id), "csrf_token": token}
    first = await client.post(f"/cases/{world.case_id}/reservations", data=data)
    assert first.status_code == 303, first.text
    host = client.base_url.netloc.decode()
    again = await client.post(f"/cases/{world.case_id}/reservations", data=data,
                              headers={"referer": f"http://{host}{search}?tab=homes"})
    assert again.status_code == 409
    assert "Nothing was changed" in again.text
    assert f'href="{search}?tab=homes"' in html.unescape(again.text)
    elsewhere = await client.post(f"/cases/{world.case_id}/reservations", data=data,
                                  headers={"referer": "https://evil.example/phish"})
    assert "evil.example" not in elsewhere.text  # only a page on this site


async def test_check_your_answers_lists_every_answer_that_excludes_candidates(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {
        **_new_case_form("REV-003", "3"),
        "target_move_date-day": "1", "target_move_date-month": "3", "target_move_date-year": "2027",
        "pen_picture.staffing.day_ratio": "2:1", "pen_picture.staffing.night": "waking_night",
        "pen_picture.required_pbs_level": "2", "pen_picture.restrictive_interventions_in_plan": "yes",
        "housing_spec.nice_to_have": ["quiet_location"], "housing_spec.tenure": ["social_rent"],
        "housing_spec.max_weekly_rent": "£250",
    }
    check = await post_form(client, "/cases/new", form)
    assert check.status_code == 200, check.text
    shown = html.unescape(check.text)
    for key, value in [
        ("Hoped-for move date", "1 March 2027"), ("Staffing in the day", "2:1"),
        ("Night cover", "Waking night"), ("Restrictive interventions in the plan", "Yes"),
        ("Nice to have", "Quiet location"), ("Tenure", "Social rent"), ("Highest weekly rent", "£250"),
    ]:
        row = f'<dt class="govuk-summary-list__key">{key}</dt>\n  <dd class="govuk-summary-list__value">'
        assert row + value in shown, key
    assert "££" not in shown
    assert "Change<span class=\"govuk-visually-hidden\"> PBS level needed" in shown


async def test_the_persons_address_on_the_case_form_keeps_its_street_out_of_the_pen_picture(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {**_new_case_form("ADDR-001", "4"), "identity.full_name": "Sam Carter",
            "identity.address": "3 Rowan Close, Quorn",
            "pen_picture.narrative": "Misses rowan close and the walk to the shops."}
    refused = await post_form(client, "/cases/new", form)
    assert refused.status_code == 422
    assert "street address" in html.unescape(refused.text)
    saved = await post_form(client, "/cases/new", {**form, "pen_picture.narrative": "Misses his old street."})
    assert saved.status_code == 303, saved.text
    edit = await client.get(saved.headers["location"].rstrip("/") + "/edit")
    assert "3 Rowan Close, Quorn" in html.unescape(edit.text)
