"""The case and home forms when they cannot be saved: every problem said at once, on its own field, in
words; a redaction once accepted stays accepted."""

from __future__ import annotations

import html
import re

import httpx

from tests.factories import Factory
from tests.web.pages import form_fields, post_form, sign_in
from tests.web.test_page_messages import _home_form, _new_case_form

REFERENCE_SAID = "The case reference must not contain the person's name"
LABEL_SAID = (
    "Why place 3 matters must not contain a phone number or other identifiers: write who or what the place "
    "is, like family"
)
NARRATIVE_SAID = "The pen picture contains the person's name and a phone number"


def _jo_case(step: str) -> dict[str, str | list[str]]:
    """The tester's case: the person's name in the reference, a phone number as place 3's label and in
    the pen picture with the person's name."""
    return {
        **_new_case_form("Jo Bloggs case", step),
        "identity.full_name": "Jo Bloggs",
        "location.places[2].name": "Loughborough",
        "location.places[2].label": "07700 900123",
        "pen_picture.narrative": "Jo likes trains. Call Jo on 07700 900123.",
    }


def _summary(page: str) -> str:
    """The error summary's messages as read (links' targets left out)."""
    listed = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", listed.split(">", 1)[1]))


async def test_a_refused_save_lists_every_problem_and_an_accepted_redaction_is_kept(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    refused = await post_form(client, "/cases/new", _jo_case("4"))
    assert refused.status_code == 422
    summary = _summary(refused.text)
    assert REFERENCE_SAID in summary
    assert LABEL_SAID in summary
    assert NARRATIVE_SAID in summary
    assert summary.index(REFERENCE_SAID) < summary.index(LABEL_SAID) < summary.index(NARRATIVE_SAID)
    assert "Check your answers" in refused.text  # said where every answer is, each with its Change
    assert 'href="#answer-reference"' in refused.text
    assert 'id="answer-reference"' in refused.text
    assert "found PERSON" not in html.unescape(refused.text)
    assert "UK town" not in summary

    # Change the pen picture: that step says its problem and offers the redaction there too.
    fields = form_fields(refused.text, "/cases/new")
    step_two = await client.post("/cases/new", data={**fields, "goto": "2"})
    assert NARRATIVE_SAID in _summary(step_two.text)
    assert REFERENCE_SAID not in _summary(step_two.text)  # said on its own step, which is not this one
    assert "Use this version and save the case" in step_two.text

    # "Use this version": the other problems remain, the narrative carried on is the redacted one.
    kept = await client.post("/cases/new", data={**fields, "redact": "yes"})
    assert kept.status_code == 422
    summary = _summary(kept.text)
    assert REFERENCE_SAID in summary
    assert LABEL_SAID in summary
    assert "pen picture contains" not in summary
    carried = form_fields(kept.text, "/cases/new")
    assert "07700 900123" not in carried["pen_picture.narrative"][0]
    assert "likes trains" in carried["pen_picture.narrative"][0]

    # Change the first step: its problems are said there, the redacted narrative still carried.
    step_one = await client.post("/cases/new", data={**carried, "goto": "1"})
    assert step_one.status_code == 200
    shown = html.unescape(step_one.text)
    assert REFERENCE_SAID in shown
    assert LABEL_SAID in shown
    fields = form_fields(step_one.text, "/cases/new")
    assert "07700 900123" not in fields["pen_picture.narrative"][0]
    fields |= {"reference": ["LEI-2027-031"], "location.places[2].label": ["day centre"]}
    back = await client.post("/cases/new", data=fields)
    assert back.status_code == 200
    assert "Check your answers" in back.text  # straight back, not through steps 2 and 3 again
    assert "govuk-error-summary" not in back.text
    saved = await client.post("/cases/new", data=form_fields(back.text, "/cases/new"))
    assert saved.status_code == 303, saved.text
    page = html.unescape((await client.get(saved.headers["location"])).text)
    assert "07700 900123" not in page
    assert "likes trains" in page


async def test_the_reference_and_place_labels_are_checked_for_identifiers_on_the_first_step(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    first = await post_form(client, "/cases/new", _jo_case("1"))
    assert first.status_code == 422
    summary = _summary(first.text)
    assert REFERENCE_SAID in summary
    assert LABEL_SAID in summary
    assert 'href="#location-places-2-label"' in first.text
    assert "pen picture" not in summary  # that is the next step's, checked at save


async def test_a_feature_both_must_have_and_nice_to_have_is_said_on_nice_to_have_in_words(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {**_new_case_form("LEI-2027-032", "3"), "housing_spec.must_have": ["staff_bedroom"],
            "housing_spec.nice_to_have": ["staff_bedroom"]}
    answer = await post_form(client, "/cases/new", form)
    assert answer.status_code == 422
    summary = _summary(answer.text)
    assert "Staff bedroom (sleep-in room) is ticked as a must-have, so untick it here" in summary
    assert 'href="#housing_spec-nice_to_have"' in answer.text
    assert "must_have" not in summary
    assert "staff_bedroom" not in summary


async def test_the_date_of_birth_is_asked_for_with_a_birth_date_example(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {**_new_case_form("LEI-2027-033", "1"), "identity.full_name": "Sam Carter",
            "identity.date_of_birth-day": "31", "identity.date_of_birth-month": "2",
            "identity.date_of_birth-year": "1988"}
    impossible = await post_form(client, "/cases/new", form)
    assert "Date of birth must be a real date, like 21 11 1988" in _summary(impossible.text)
    future = await post_form(client, "/cases/new", {**form, "identity.date_of_birth-day": "1",
                                                    "identity.date_of_birth-year": "2999"})
    assert future.status_code == 422
    assert "Date of birth must be in the past" in _summary(future.text)
    assert "1900-01-01" not in html.unescape(future.text)


async def test_one_person_or_shared_with_the_wrong_number_is_said_on_the_number_in_words(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    await sign_in(client, landlord.email)
    said = "A home for one person on their own has 1 person; a shared home has 2 to 4"
    for arrangement, occupants in (("single_occupancy", "3"), ("shared", "1")):
        answer = await post_form(client, "/provider/homes/new",
                                 {**_home_form("Loughborough"), "living_arrangement": arrangement,
                                  "max_occupants": occupants})
        assert answer.status_code == 422
        summary = _summary(answer.text)
        assert said in summary, arrangement
        assert 'href="#max_occupants"' in answer.text
        assert 'href="#title"' not in answer.text
        assert "max_occupants" not in summary
        assert "single_occupancy" not in summary


async def test_the_care_offer_says_a_blank_distance_naturally_and_its_summary_follows_the_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    carer = await factory.provider("care")
    await sign_in(client, carer.email)
    answer = await post_form(client, "/provider/care-offer", {
        "capacity.new_packages": "", "service_area[2].name": "Loughborough", "service_area[2].radius_km": "",
        "pbs.staff_trained_pct": "",
    })
    assert answer.status_code == 422
    summary = _summary(answer.text)
    assert "Enter how far you travel from area 3, in kilometres" in summary
    targets = [part.split('"', 1)[0] for part in answer.text.split('govuk-error-summary__list', 1)[1]
               .split("</ul>", 1)[0].split('href="#')[1:]]
    page_order = [target for target in targets if f'id="{target}"' in answer.text]
    assert targets == page_order
    positions = [answer.text.index(f'id="{target}"') for target in targets]
    assert positions == sorted(positions), targets


async def test_check_your_answers_says_why_each_place_matters(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: it read "Loughborough, LE11 3TU (matters 0.5)", without the answers to "Why it
    matters", so they could not be checked."""
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {**_new_case_form("LEI-2027-040", "3"), "location.places[1].name": "Loughborough",
            "location.places[1].label": "day centre", "location.places[1].weight": "0.5"}
    check = await post_form(client, "/cases/new", form)
    assert check.status_code == 200, check.text
    assert "Check your answers" in check.text
    assert "Leicester (family); Loughborough (day centre, matters 0.5)" in html.unescape(check.text)


async def test_why_not_with_the_box_empty_says_what_to_enter(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: pressing Explain with no name showed the page again with no word."""
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    saved = await post_form(client, "/cases/new", _new_case_form("LEI-2027-041", "4"))
    assert saved.status_code == 303, saved.text
    case_url = saved.headers["location"].split("?")[0].split("#")[0]
    page = await client.get(f"{case_url}/why-not", params={"provider": " "})
    assert page.status_code == 422
    assert "<title>Error:" in page.text
    assert 'href="#provider">Enter the name of a care provider' in page.text


async def test_an_unknown_town_is_said_with_the_other_problems_on_the_home_form(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: an unknown town ('Xyzzyville') was only said once every other error was
    mended, one more round."""
    landlord = await factory.provider("housing")
    await sign_in(client, landlord.email)
    home = await post_form(client, "/provider/homes/new", {**_home_form("Xyzzyville"), "bedrooms": "lots"})
    assert home.status_code == 422
    said = _summary(home.text)
    assert "Xyzzyville" in said
    assert "Bedrooms" in said


async def test_an_unknown_area_is_said_with_the_other_problems_on_the_care_offer_form(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    carer = await factory.provider("care")
    await sign_in(client, carer.email)
    offer = await post_form(client, "/provider/care-offer", {
        "capacity.new_packages": "",
        "service_area[0].name": "Loughborough", "service_area[0].radius_km": "10",
        "service_area[1].name": "Xyzzyville", "service_area[1].radius_km": "10",
    })
    assert offer.status_code == 422
    said = _summary(offer.text)
    assert "Area 2" in said
    assert "Xyzzyville" in said


async def test_a_past_move_date_is_said_at_the_step_that_asks_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: step 1 took 1 1 2020 and only 'Check your answers' refused it, in a message
    with no field name."""
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    form = {**_new_case_form("LEI-2027-042", "1"), "target_move_date-day": "1",
            "target_move_date-month": "1", "target_move_date-year": "2020"}
    step = await post_form(client, "/cases/new", form)
    assert step.status_code == 422
    said = _summary(step.text)
    assert "The hoped-for move date must be today or later" in said
