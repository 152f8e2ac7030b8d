"""The case and home forms when they cannot be saved: every problem said at once, on its own field, in
words; a redaction once accepted stays accepted."""

from __future__ import annotations

import html
import re

import httpx

from tests.factories import Factory
from tests.web.pages import post_form, sign_in
from tests.web.test_page_messages import _home_form, _new_case_form

REFERENCE_SAID = "The case reference must not contain the person's name"
LABEL_SAID = (
    "Why place 3 matters must not contain a phone number or other identifiers: write who or what the place "
    "is, like family"
)
NARRATIVE_SAID = "The pen picture contains a name and a phone number"


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
