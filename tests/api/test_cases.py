"""Cases: only the owning commissioners see them; pen pictures never hold who the person is."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.cases.identity import decrypt_identity
from matcher.db.models import Contact, FamilyAccess
from matcher.settings import Settings
from tests.factories import Factory, Member, property_body

NHS = "943 476 5919"  # a valid NHS number (modulus-11 check digit)
DIRTY = f"Jonny's favourite walk is by the canal near LE11 3TU. His NHS number is {NHS}."


def case_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": "LEI-2027-014",
        "identity": {"full_name": "Jonathan Smith", "known_as": "Jon", "date_of_birth": "1994-05-02",
                     "nhs_number": NHS, "address": "12 Acacia Avenue, Loughborough",
                     "family_names": ["Margaret Smith"]},
        "location": {"places": [{"name": "Loughborough", "label": "family", "weight": 1.0}],
                     "max_distance_km": 40},
        "target_move_date": "2027-03-01",
        "pen_picture": {
            "age_band": "25-34", "gender": "male", "client_groups": ["learning_disability", "autism"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 2, "restrictive_interventions_in_plan": True,
            "specialists": ["speech_and_language_therapist"], "communication": ["makaton"], "language": None,
            "narrative": "He loves trains and long walks. He needs a calm, predictable routine and staff "
                         "who use Makaton. Loud noise and crowded rooms are known triggers.",
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"], "property_types": ["bungalow", "detached_house"],
            "min_bedrooms": 2, "must_have": ["staff_bedroom", "enclosed_garden"],
            "nice_to_have": ["quiet_location"],
            "min_accessibility": "D", "tenure": ["social_rent", "supported_exempt"], "max_weekly_rent": 250.0,
        },
    }
    body.update(overrides)
    return body


def with_narrative(narrative: str, **overrides: Any) -> dict[str, Any]:
    body = case_body(**overrides)
    body["pen_picture"] = {**body["pen_picture"], "narrative": narrative}
    return body


async def create(client: httpx.AsyncClient, member: Member, body: dict[str, Any] | None = None,
                 query: str = "") -> dict[str, Any]:
    answer = await client.post(f"/api/v1/cases{query}", json=body or case_body(), headers=member.headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


async def audit_actions(session: AsyncSession, case_id: str) -> list[str]:
    rows = await session.execute(text("SELECT action FROM pen_picture_audit WHERE case_id = :id ORDER BY id"),
                                 {"id": uuid.UUID(case_id)})
    return list(rows.scalars())


# --- create, read, list, change, close ---------------------------------------------------------------

async def test_commissioner_creates_a_case_and_reads_it_back_whole(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    assert created["reference"] == "LEI-2027-014"
    assert created["status"] == "open"
    assert created["organisation_id"] == str(commissioner.organisation_id)
    assert created["created_by"] == str(commissioner.user_id)
    assert created["findings"] == []
    assert created["identity"]["full_name"] == "Jonathan Smith"
    assert created["identity"]["nhs_number"] == "9434765919"  # stored normalised
    place = created["location"]["places"][0]
    assert place["name"] == "Loughborough"
    assert place["label"] == "family"
    assert place["weight"] == 1.0
    assert place["resolved"]["latitude"] == pytest.approx(52.77, abs=0.05)
    assert place["resolved"]["longitude"] == pytest.approx(-1.2, abs=0.05)
    assert created["pen_picture"] == case_body()["pen_picture"]
    assert created["housing_spec"] == case_body()["housing_spec"]
    assert created["target_move_date"] == "2027-03-01"

    read = await client.get(f"/api/v1/cases/{created['id']}", headers=commissioner.headers)
    assert read.status_code == 200
    assert {k: v for k, v in read.json().items()} == {k: v for k, v in created.items() if k != "findings"}


async def test_defaults_fill_what_a_minimal_case_leaves_out(client: httpx.AsyncClient,
                                                             factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner, {"reference": "MIN-1",
                                                  "location": {"places": [{"name": "Leicester"}]}})
    assert created["identity"] is None
    assert created["location"]["max_distance_km"] == 40
    assert created["location"]["places"][0]["weight"] == 1.0
    assert created["housing_spec"]["living_arrangement"] == ["single_occupancy"]
    assert created["housing_spec"]["min_bedrooms"] == 1
    assert created["housing_spec"]["min_accessibility"] == "G"
    assert created["housing_spec"]["max_weekly_rent"] is None
    assert created["pen_picture"]["required_pbs_level"] == 0
    assert created["target_move_date"] is None


async def test_places_can_be_coordinates_and_round_trip_into_a_patch(client: httpx.AsyncClient,
                                                                     factory: Factory) -> None:
    commissioner = await factory.commissioner()
    location = {"places": [{"latitude": 52.7721, "longitude": -1.2062, "label": "day centre", "weight": 2},
                           {"name": "Leicester", "label": "friends", "weight": 0.5}], "max_distance_km": 30}
    created = await create(client, commissioner, case_body(location=location))
    places = created["location"]["places"]
    assert places[0]["latitude"] == 52.7721
    assert places[0]["resolved"]["latitude"] == pytest.approx(52.7721)
    assert [p["weight"] for p in places] == [2, 0.5]
    # What GET answers can be sent straight back: the read-only "resolved" part is ignored.
    again = await client.patch(f"/api/v1/cases/{created['id']}", json={"location": created["location"]},
                               headers=commissioner.headers)
    assert again.status_code == 200, again.text
    assert again.json()["location"] == created["location"]


async def test_list_shows_only_the_organisations_cases_newest_first_and_filters_status(
        client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    other = await factory.commissioner()
    first = await create(client, commissioner, case_body(reference="A-1"))
    second = await create(client, commissioner, case_body(reference="A-2"))
    await create(client, other, case_body(reference="B-1"))
    await client.patch(f"/api/v1/cases/{first['id']}", json={"status": "closed"},
                       headers=commissioner.headers)

    listed = (await client.get("/api/v1/cases", headers=commissioner.headers)).json()
    assert listed["total"] == 2
    assert {c["reference"] for c in listed["items"]} == {"A-1", "A-2"}
    open_only = (await client.get("/api/v1/cases?status=open", headers=commissioner.headers)).json()
    assert [c["id"] for c in open_only["items"]] == [second["id"]]
    assert open_only["total"] == 1
    paged = (await client.get("/api/v1/cases?limit=1&offset=1", headers=commissioner.headers)).json()
    assert paged["total"] == 2
    assert len(paged["items"]) == 1
    bad = await client.get("/api/v1/cases?status=archived", headers=commissioner.headers)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"


async def test_patch_merges_into_each_part_and_null_resets_a_field(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    url = f"/api/v1/cases/{created['id']}"
    answer = await client.patch(url, headers=commissioner.headers, json={
        "pen_picture": {"required_pbs_level": 3, "staffing": {"night": "sleep_in"}},
        "housing_spec": {"max_weekly_rent": None, "min_bedrooms": 3},
        "identity": {"known_as": "Jonno"},
        "target_move_date": None,
    })
    assert answer.status_code == 200, answer.text
    case = answer.json()
    assert case["pen_picture"]["required_pbs_level"] == 3
    assert case["pen_picture"]["staffing"] == {"day_ratio": "2:1", "night": "sleep_in", "staff_gender": None}
    assert case["pen_picture"]["client_groups"] == ["learning_disability", "autism"]  # untouched
    assert case["housing_spec"]["max_weekly_rent"] is None
    assert case["housing_spec"]["min_bedrooms"] == 3
    assert case["housing_spec"]["must_have"] == ["staff_bedroom", "enclosed_garden"]
    assert case["identity"]["known_as"] == "Jonno"
    assert case["identity"]["full_name"] == "Jonathan Smith"
    assert case["target_move_date"] is None
    assert case["updated_at"] >= created["updated_at"]
    assert (await client.get(url, headers=commissioner.headers)).json()["identity"]["known_as"] == "Jonno"


async def test_closing_makes_a_case_read_only_until_it_is_reopened(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    url = f"/api/v1/cases/{created['id']}"
    closed = await client.patch(url, json={"status": "closed"}, headers=commissioner.headers)
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    refused = await client.patch(url, json={"housing_spec": {"min_bedrooms": 3}},
                                 headers=commissioner.headers)
    assert refused.status_code == 409
    reopened = await client.patch(url, json={"status": "open", "housing_spec": {"min_bedrooms": 3}},
                                  headers=commissioner.headers)
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    assert reopened.json()["housing_spec"]["min_bedrooms"] == 3
    wrong = await client.patch(url, json={"status": "finished"}, headers=commissioner.headers)
    assert wrong.status_code == 422
    assert "allowed: open, closed" in wrong.json()["errors"][0]["message"]


async def test_a_reference_is_unique_within_an_organisation_only(client: httpx.AsyncClient,
                                                                 factory: Factory) -> None:
    commissioner = await factory.commissioner()
    other = await factory.commissioner()
    await create(client, commissioner, case_body(reference="REF-1"))
    await create(client, other, case_body(reference="REF-1"))
    again = await client.post("/api/v1/cases", json=case_body(reference="REF-1"),
                              headers=commissioner.headers)
    assert again.status_code == 409
    second = await create(client, commissioner, case_body(reference="REF-2"))
    clash = await client.patch(f"/api/v1/cases/{second['id']}", json={"reference": "REF-1"},
                               headers=commissioner.headers)
    assert clash.status_code == 409


async def test_a_reference_that_names_the_person_is_refused(client: httpx.AsyncClient,
                                                             factory: Factory) -> None:
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/cases", json=case_body(reference="SMITH-J-01"),
                               headers=commissioner.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "reference"
    dated = await client.post("/api/v1/cases", json=case_body(reference="LEI 2027-03-01"),
                              headers=commissioner.headers)
    assert dated.status_code == 201  # a referral date is not an identifier


@pytest.mark.parametrize("reference", ["ZZ-9434765919", "ZZ-943 476 5919", "ZZ-02/05/1994", "ZZ-19940502"])
async def test_a_reference_holding_the_persons_nhs_number_or_birth_date_is_refused(
        client: httpx.AsyncClient, factory: Factory, reference: str) -> None:
    """Found from outside: such references were saved and shown in every provider's referral inbox."""
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/cases", json=case_body(reference=reference),
                               headers=commissioner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "reference"
    created = await create(client, commissioner)
    changed = await client.patch(f"/api/v1/cases/{created['id']}", json={"reference": reference},
                                 headers=commissioner.headers)
    assert changed.status_code == 422, changed.text


async def test_the_persons_numbers_in_shapes_the_detectors_miss_are_caught_in_the_narrative(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """Found from outside: "NHS/…" and "DOB:ddmmyyyy", common in clinical systems, reached providers."""
    commissioner = await factory.commissioner()
    narrative = "Loves trains. Records: NHS/9434765919. DOB:02051994. Likes music."
    refused = await client.post("/api/v1/cases", json=with_narrative(narrative), headers=commissioner.headers)
    assert refused.status_code == 422, refused.text
    assert {f["type"] for f in refused.json()["findings"]} == {"NHS_NUMBER", "DATE"}
    created = await create(client, commissioner, with_narrative(narrative), query="?redact=true")
    stored = created["pen_picture"]["narrative"]
    assert "9434765919" not in stored
    assert "02051994" not in stored
    assert stored.startswith("Loves trains.")
    assert stored.endswith("Likes music.")
    label = case_body(reference="LEI-2027-099")
    label["location"]["places"][0]["label"] = "ward 9434765919"
    assert (await client.post("/api/v1/cases", json=label, headers=commissioner.headers)).status_code == 422


# --- validation --------------------------------------------------------------------------------------

def _set(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    target = body
    for part in parents:
        target = target[part]
    target[last] = value
    return body


@pytest.mark.parametrize(("path", "value", "field"), [
    ("pen_picture.client_groups", ["autism", "grumpy"], "pen_picture.client_groups[1]"),
    ("pen_picture.age_band", "30-40", "pen_picture.age_band"),
    ("pen_picture.gender", "m", "pen_picture.gender"),
    ("pen_picture.staffing.day_ratio", "4:1", "pen_picture.staffing.day_ratio"),
    ("pen_picture.staffing.staff_gender", "any", "pen_picture.staffing.staff_gender"),
    ("pen_picture.required_pbs_level", 4, "pen_picture.required_pbs_level"),
    ("pen_picture.specialists", ["wizard"], "pen_picture.specialists[0]"),
    ("pen_picture.communication", ["semaphore"], "pen_picture.communication[0]"),
    ("pen_picture.language", "klingon", "pen_picture.language"),
    ("pen_picture.narrative", "x" * 20_001, "pen_picture.narrative"),
    ("housing_spec.living_arrangement", [], "housing_spec.living_arrangement"),
    ("housing_spec.living_arrangement", ["commune"], "housing_spec.living_arrangement[0]"),
    ("housing_spec.property_types", ["bungalow", "castle"], "housing_spec.property_types[1]"),
    ("housing_spec.must_have", ["moat"], "housing_spec.must_have[0]"),
    ("housing_spec.nice_to_have", ["door_sensors", "moat"], "housing_spec.nice_to_have[1]"),
    ("housing_spec.min_bedrooms", 0, "housing_spec.min_bedrooms"),
    ("housing_spec.min_accessibility", "Z", "housing_spec.min_accessibility"),
    ("housing_spec.tenure", ["freehold"], "housing_spec.tenure[0]"),
    ("housing_spec.max_weekly_rent", -1, "housing_spec.max_weekly_rent"),
    ("housing_spec.nice_to_have", ["staff_bedroom"], "housing_spec.nice_to_have"),
    ("location.places", [], "location.places"),
    ("location.places", [{"name": "Leicester"}] * 11, "location.places"),
    ("location.places", [{}], "location.places[0]"),
    ("location.places", [{"name": "Leicester", "postcode": "LE1"}], "location.places[0]"),
    ("location.places", [{"latitude": 52.7}], "location.places[0]"),
    ("location.places", [{"name": "Leicester", "weight": 0}], "location.places[0].weight"),
    ("location.places", [{"name": "Qwertyville"}], "location.places[0].name"),
    ("location.max_distance_km", 0, "location.max_distance_km"),
    ("location.max_distance_km", 501, "location.max_distance_km"),
    ("identity.nhs_number", "123 456 7890", "identity.nhs_number"),
    ("identity.date_of_birth", "2999-01-01", "identity.date_of_birth"),
    ("identity.full_name", "", "identity.full_name"),
    ("target_move_date", "next spring", "target_move_date"),
    ("target_move_date", "2020-03-01", "target_move_date"),  # a slip for 2027: nobody would be ready
    ("reference", "", "reference"),
    ("colour", "blue", "colour"),
])
async def test_each_invalid_field_is_a_422_naming_it(client: httpx.AsyncClient, factory: Factory, path: str,
                                                     value: Any, field: str) -> None:
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/cases", json=_set(case_body(), path, value),
                               headers=commissioner.headers)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert problem["title"] == "Invalid input"
    assert field in [e["field"] for e in problem["errors"]], problem["errors"]


async def test_a_wrong_code_names_the_allowed_codes(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    body = _set(case_body(), "pen_picture.client_groups", ["autism", "autsm"])
    error = (await client.post("/api/v1/cases", json=body, headers=commissioner.headers)).json()["errors"][0]
    assert error["field"] == "pen_picture.client_groups[1]"
    assert "did you mean 'autism'" in error["message"]
    assert "allowed: learning_disability, autism" in error["message"]


async def test_a_missing_reference_or_location_is_a_422(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    body = case_body()
    del body["reference"], body["location"]
    answer = await client.post("/api/v1/cases", json=body, headers=commissioner.headers)
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"reference", "location"}


async def test_patch_validates_what_it_is_sent(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    url = f"/api/v1/cases/{created['id']}"
    attempts = [
        ({"pen_picture": {"client_groups": ["robots"]}}, "pen_picture.client_groups[0]"),
        ({"housing_spec": {"must_have": ["quiet_location"]}}, "housing_spec"),  # already nice_to_have
        ({"location": {"places": []}}, "location.places"),
        ({"location": {"places": None}}, "location.places"),
        ({"location": {"places": [{"name": "Qwertyville"}]}}, "location.places[0].name"),
        ({"reference": None}, "reference"),
        ({"identity": {"nhs_number": "1234567890"}}, "identity.nhs_number"),
        ({"identity": {"full_name": None}}, "identity.full_name"),
    ]
    for body, field in attempts:
        answer = await client.patch(url, json=body, headers=commissioner.headers)
        assert answer.status_code == 422, (body, answer.text)
        assert field in [e["field"] for e in answer.json()["errors"]], (body, answer.json())
    unchanged = (await client.get(url, headers=commissioner.headers)).json()
    assert unchanged["updated_at"] == created["updated_at"]


# --- the narrative never holds an identifier ---------------------------------------------------------

async def test_a_narrative_with_identifiers_is_refused_with_each_finding(
        client: httpx.AsyncClient, factory: Factory, session: AsyncSession) -> None:
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/cases", json=with_narrative(DIRTY), headers=commissioner.headers)
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["title"] == "Invalid input"
    assert problem["errors"][0]["field"] == "pen_picture.narrative"
    assert "?redact=true" in problem["errors"][0]["message"]
    findings = problem["findings"]
    assert [f["type"] for f in findings] == ["PERSON", "POSTCODE", "NHS_NUMBER"]
    spans = [DIRTY[f["start"]:f["end"]] for f in findings]
    assert spans == ["Jonny", "LE11 3TU", NHS]
    assert all(set(f) == {"type", "start", "end", "replacement", "confidence"} for f in findings)
    assert findings[1]["replacement"] == "LE11"
    # The identifying text itself is never echoed back; the proposed redaction is.
    assert NHS not in answer.text
    assert "Jonny" not in answer.text
    assert "3TU" not in answer.text
    assert problem["redacted_narrative"].startswith("[name]'s favourite walk is by the canal near LE11.")
    # Nothing was stored.
    assert (await client.get("/api/v1/cases", headers=commissioner.headers)).json()["total"] == 0
    assert (await session.scalar(text("SELECT count(*) FROM pen_picture_audit"))) == 0


async def test_redact_stores_the_redacted_narrative_and_shows_what_was_replaced(
        client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner, with_narrative(DIRTY), query="?redact=true")
    narrative = created["pen_picture"]["narrative"]
    assert narrative == "[name]'s favourite walk is by the canal near LE11. His NHS number is [NHS number]."
    assert [(f["type"], f["replacement"]) for f in created["findings"]] == [
        ("PERSON", "[name]"), ("POSTCODE", "LE11"), ("NHS_NUMBER", "[NHS number]")]
    assert DIRTY[created["findings"][2]["start"]:created["findings"][2]["end"]] == NHS
    stored = (await client.get(f"/api/v1/cases/{created['id']}", headers=commissioner.headers)).json()
    assert stored["pen_picture"]["narrative"] == narrative
    assert "findings" not in stored


async def test_family_names_from_the_identity_are_caught_loosely(client: httpx.AsyncClient,
                                                                 factory: Factory) -> None:
    commissioner = await factory.commissioner()
    narrative = "He phones his mum Maggie every evening and it matters a lot to him."
    answer = await client.post("/api/v1/cases", json=with_narrative(narrative), headers=commissioner.headers)
    assert answer.status_code == 422
    assert [f["type"] for f in answer.json()["findings"]] == ["PERSON"]
    assert narrative[answer.json()["findings"][0]["start"]:answer.json()["findings"][0]["end"]] == "Maggie"


async def test_the_persons_own_street_is_caught_in_any_casing(client: httpx.AsyncClient,
                                                              factory: Factory) -> None:
    commissioner = await factory.commissioner()
    narrative = "He still talks about acacia avenue and the garden there."
    answer = await client.post("/api/v1/cases", json=with_narrative(narrative), headers=commissioner.headers)
    assert answer.status_code == 422
    finding = answer.json()["findings"][0]
    assert (finding["type"], narrative[finding["start"]:finding["end"]]) == ("ADDRESS", "acacia avenue")
    redacted = await client.post("/api/v1/cases?redact=true", json=with_narrative(narrative),
                                 headers=commissioner.headers)
    assert redacted.status_code == 201
    assert redacted.json()["pen_picture"]["narrative"] == (
        "He still talks about [address] and the garden there."
    )


async def test_changing_the_recorded_address_rechecks_the_stored_narrative(client: httpx.AsyncClient,
                                                                           factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner, with_narrative("He loves the walk along rowan close."))
    url = f"/api/v1/cases/{created['id']}"
    moved = {"identity": {"address": "3 Rowan Close, Loughborough"}}
    answer = await client.patch(url, json=moved, headers=commissioner.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "pen_picture.narrative"


async def test_anonymise_takes_the_persons_address(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    body = {"text": "Visits to 3 rowan close upset him.", "known_addresses": ["3 Rowan Close, Quorn"]}
    answer = await client.post("/api/v1/anonymise", json=body, headers=commissioner.headers)
    assert answer.status_code == 200
    assert answer.json()["redacted_text"] == "Visits to [address] upset him."


async def test_a_patched_narrative_is_checked_too(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    url = f"/api/v1/cases/{created['id']}"
    dirty = {"pen_picture": {"narrative": f"Ring his sister on 07700 900123 or jon.smith@example.com. {NHS}"}}
    refused = await client.patch(url, json=dirty, headers=commissioner.headers)
    assert refused.status_code == 422
    assert {f["type"] for f in refused.json()["findings"]} >= {"PHONE", "EMAIL", "NHS_NUMBER"}
    unchanged = (await client.get(url, headers=commissioner.headers)).json()
    assert unchanged["pen_picture"] == created["pen_picture"]
    redacted = await client.patch(f"{url}?redact=true", json=dirty, headers=commissioner.headers)
    assert redacted.status_code == 200
    text_now = redacted.json()["pen_picture"]["narrative"]
    assert "07700" not in text_now
    assert "example.com" not in text_now
    assert "[NHS number]" in text_now
    assert redacted.json()["findings"]


async def test_adding_a_family_name_rechecks_the_stored_narrative(client: httpx.AsyncClient,
                                                                  factory: Factory) -> None:
    commissioner = await factory.commissioner()
    # "Baker" is an ordinary word until the family's names say it is theirs
    narrative = with_narrative("Visits from the Baker side of the family keep him settled.")
    created = await create(client, commissioner, narrative)
    url = f"/api/v1/cases/{created['id']}"
    family = {"identity": {"family_names": ["Margaret Smith", "Tobiah Baker"]}}
    answer = await client.patch(url, json=family, headers=commissioner.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "pen_picture.narrative"
    accepted = await client.patch(f"{url}?redact=true", json=family, headers=commissioner.headers)
    assert accepted.status_code == 200
    assert accepted.json()["pen_picture"]["narrative"] == (
        "Visits from the [name] side of the family keep him settled."
    )
    assert accepted.json()["identity"]["family_names"] == ["Margaret Smith", "Tobiah Baker"]


# --- identity: encrypted at rest, shown to the owners only -------------------------------------------

async def test_the_identity_is_encrypted_at_rest(client: httpx.AsyncClient, factory: Factory,
                                                 session: AsyncSession, settings: Settings) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    query = text("SELECT identity_encrypted, cases::text AS whole FROM cases WHERE id = :id")
    row = (await session.execute(query, {"id": uuid.UUID(created["id"])})).one()
    raw = bytes(row.identity_encrypted)
    for secret in ("Jonathan", "Smith", "9434765919", "Acacia", "1994-05-02", "Margaret"):
        assert secret.encode() not in raw
        assert secret not in row.whole
    assert decrypt_identity(raw, settings.identity_key)["full_name"] == "Jonathan Smith"


async def test_every_commissioner_of_the_owning_organisation_sees_the_identity(
        client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    colleague = await factory.user("commissioner", commissioner.organisation_id)
    created = await create(client, commissioner)
    seen = await client.get(f"/api/v1/cases/{created['id']}", headers=colleague.headers)
    assert seen.status_code == 200
    assert seen.json()["identity"]["full_name"] == "Jonathan Smith"
    listed = (await client.get("/api/v1/cases", headers=colleague.headers)).json()
    assert listed["items"][0]["identity"]["nhs_number"] == "9434765919"


async def test_nobody_else_can_tell_the_case_exists(client: httpx.AsyncClient, factory: Factory,
                                                    sessionmaker: Any) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    case_id = created["id"]
    provider = await factory.provider("care")
    family = await factory.user("family")
    async with sessionmaker() as session, session.begin():
        # Even a provider the case was shared with, and the family invited to it, read no case record.
        session.add(Contact(case_id=uuid.UUID(case_id), organisation_id=provider.organisation_id,
                            status="contacted"))
        session.add(FamilyAccess(user_id=family.user_id, case_id=uuid.UUID(case_id)))
    outsiders = [await factory.commissioner(), provider, family, await factory.admin(),
                 await factory.user("commissioner")]  # the last one belongs to no organisation
    missing = f"/api/v1/cases/{uuid.uuid4()}"
    for outsider in outsiders:
        for url in (f"/api/v1/cases/{case_id}", f"/api/v1/cases/{case_id}/audit"):
            answer = await client.get(url, headers=outsider.headers)
            assert answer.status_code == 404, (outsider.role, url)
        patched = await client.patch(f"/api/v1/cases/{case_id}", json={"status": "closed"},
                                     headers=outsider.headers)
        assert patched.status_code == 404, outsider.role
        # Indistinguishable from a case that does not exist.
        assert patched.json() == (await client.patch(missing, json={"status": "closed"},
                                                     headers=outsider.headers)).json()
        assert "Jonathan" not in answer.text
    still = await client.get(f"/api/v1/cases/{case_id}", headers=commissioner.headers)
    assert still.json()["status"] == "open"


async def test_only_commissioners_create_and_list_cases(client: httpx.AsyncClient, factory: Factory) -> None:
    for member in (await factory.provider("care"), await factory.provider("housing"),
                   await factory.user("family"), await factory.admin()):
        created = await client.post("/api/v1/cases", json=case_body(), headers=member.headers)
        assert created.status_code == 403, member.role
        assert (await client.get("/api/v1/cases", headers=member.headers)).status_code == 403, member.role


async def test_without_a_token_every_case_endpoint_is_a_401(client: httpx.AsyncClient,
                                                             factory: Factory) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    url = f"/api/v1/cases/{created['id']}"
    answers = [await client.post("/api/v1/cases", json=case_body()), await client.get("/api/v1/cases"),
               await client.get(url), await client.patch(url, json={"status": "closed"}),
               await client.get(f"{url}/audit"),
               await client.get(url, headers={"Authorization": "Bearer not-a-token"})]
    assert [a.status_code for a in answers] == [401] * len(answers)


# --- audit -------------------------------------------------------------------------------------------

async def test_creating_and_changing_a_pen_picture_is_audited(client: httpx.AsyncClient, factory: Factory,
                                                              session: AsyncSession) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner, with_narrative(DIRTY), query="?redact=true")
    url = f"/api/v1/cases/{created['id']}"
    change = {"pen_picture": {"required_pbs_level": 3}, "identity": {"known_as": "Jonno"}}
    await client.patch(url, json=change, headers=commissioner.headers)
    await client.patch(url, json=change, headers=commissioner.headers)  # nothing changes: nothing recorded
    await client.patch(url, json={"status": "closed"}, headers=commissioner.headers)
    assert await audit_actions(session, created["id"]) == ["created", "updated", "updated"]

    log = (await client.get(f"{url}/audit", headers=commissioner.headers)).json()
    assert log["total"] == 3
    created_event, changed, closed = log["items"]
    assert created_event["action"] == "created"
    assert created_event["user_id"] == str(commissioner.user_id)
    assert created_event["user_email"] == commissioner.email
    assert created_event["organisation_id"] == str(commissioner.organisation_id)
    assert created_event["detail"]["redactions"] == {"NHS_NUMBER": 1, "PERSON": 1, "POSTCODE": 1}
    assert changed["detail"]["fields"] == ["identity.known_as", "pen_picture.required_pbs_level"]
    assert closed["detail"] == {"status": "closed", "fields": ["status"]}
    assert "Jonno" not in str(log)
    assert NHS not in str(log)
    assert created_event["at"] <= changed["at"] <= closed["at"]


async def test_the_audit_log_cannot_be_changed_or_deleted(client: httpx.AsyncClient, factory: Factory,
                                                          sessionmaker: Any) -> None:
    commissioner = await factory.commissioner()
    created = await create(client, commissioner)
    for statement in ("UPDATE pen_picture_audit SET action = 'read'", "DELETE FROM pen_picture_audit"):
        async with sessionmaker() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(text(statement))
            await session.rollback()
    async with sessionmaker() as session:
        assert await audit_actions(session, created["id"]) == ["created"]


async def test_a_move_date_that_has_passed_is_kept_and_searched_as_soon_as_possible(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """A past date typed is refused; one that passed since it was set stays, other changes still save,
    and the search reads it as today (as given it found nobody ready in time)."""
    commissioner = await factory.commissioner()
    made = await client.post("/api/v1/cases", json=case_body(), headers=commissioner.headers)
    assert made.status_code == 201, made.text
    case_id = made.json()["id"]
    async with factory.sessionmaker() as session, session.begin():
        await session.execute(text("UPDATE cases SET target_move_date = DATE '2021-06-01' WHERE id = :id"),
                              {"id": case_id})
    renamed = await client.patch(f"/api/v1/cases/{case_id}", json={"reference": "LEI-2027-999"},
                                 headers=commissioner.headers)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["target_move_date"] == "2021-06-01"
    moved_back = await client.patch(f"/api/v1/cases/{case_id}", json={"target_move_date": "2021-01-01"},
                                    headers=commissioner.headers)
    assert moved_back.status_code == 422
    assert moved_back.json()["errors"][0]["field"] == "target_move_date"
    landlord = await factory.provider("housing")
    home = await client.post("/api/v1/properties", headers=landlord.headers, json=property_body(
        landlord.organisation_id, available_from="2025-06-01", location={"name": "Loughborough"}))
    assert home.status_code == 201, home.text
    searched = await client.post(f"/api/v1/cases/{case_id}/search", json={}, headers=commissioner.headers)
    assert searched.status_code == 200, searched.text
    assert "not_ready_in_time" not in searched.json()["excluded"]["housing"]
    assert home.json()["id"] in [h["property_id"] for h in searched.json()["housing"]]
