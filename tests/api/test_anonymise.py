"""POST /anonymise: anyone signed in can check a text before it goes into a pen picture."""

from __future__ import annotations

import httpx

from tests.factories import Factory

TEXT = "Jonny's mum rings on 07700 900123; his old address was 4 Mill Lane, LE11 3TU."


async def test_redacted_text_and_findings_with_offsets_into_the_input(client: httpx.AsyncClient,
                                                                      factory: Factory) -> None:
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/anonymise", json={"text": TEXT, "known_names": ["Jonathan Smith"]},
                               headers=commissioner.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    kinds = [f["type"] for f in body["findings"]]
    assert kinds[0] == "PERSON"
    assert "PHONE" in kinds
    assert "POSTCODE" in kinds
    spans = {f["type"]: TEXT[f["start"]:f["end"]] for f in body["findings"]}
    assert spans["PERSON"] == "Jonny"
    assert spans["PHONE"] == "07700 900123"
    assert spans["POSTCODE"] == "LE11 3TU"
    assert body["redacted_text"].startswith("[name]'s mum rings on [phone number];")
    assert body["redacted_text"].endswith("LE11.")  # a full postcode becomes its district
    assert "900123" not in body["redacted_text"]
    assert "3TU" not in body["redacted_text"]
    assert all("text" not in f for f in body["findings"])


async def test_known_names_are_only_found_when_given(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.provider("care")  # any signed-in user may check a text
    # "Baker" is an ordinary word as well as a surname: only the case's names make it one here
    text = "He loves the Baker family visits."
    plain = (await client.post("/api/v1/anonymise", json={"text": text}, headers=member.headers)).json()
    assert plain == {"redacted_text": text, "findings": []}
    named = (await client.post("/api/v1/anonymise", json={"text": text, "known_names": ["Ada Baker"]},
                               headers=member.headers)).json()
    assert named["redacted_text"] == "He loves the [name] family visits."
    assert named["findings"] == [
        {"type": "PERSON", "start": 13, "end": 18, "replacement": "[name]", "confidence": 0.99}
    ]


async def test_an_empty_text_is_fine(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.user("family")
    answer = await client.post("/api/v1/anonymise", json={"text": ""}, headers=member.headers)
    assert answer.json() == {"redacted_text": "", "findings": []}


async def test_signing_in_is_required(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/v1/anonymise", json={"text": "hello"})).status_code == 401


async def test_oversized_or_malformed_requests_are_a_422(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.commissioner()
    attempts = [({"text": "x" * 20_001}, "text"), ({}, "text"),
                ({"text": "a", "known_names": "Jon"}, "known_names"),
                ({"text": "a", "known_names": ["x" * 201]}, "known_names"),
                ({"text": "a", "extra": 1}, "extra")]
    for body, field in attempts:
        answer = await client.post("/api/v1/anonymise", json=body, headers=member.headers)
        assert answer.status_code == 422, body
        assert answer.json()["errors"][0]["field"] == field, answer.json()
