"""The new-case page's narrative check: unsure findings read "check this", sure ones name what they are."""

from __future__ import annotations

import httpx

from tests.factories import Factory
from tests.web.pages import csrf_token, sign_in


async def test_unsure_findings_are_marked_check_this(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    token = csrf_token((await client.get("/cases/new")).text)
    checked = await client.post(
        "/cases/check-narrative",
        data={"text": "She met ngozi adeyemi-clarke. NHS 943 476 5919.", "csrf_token": token},
    )
    assert checked.status_code == 200
    assert "check this: it may be a name" in checked.text
    assert "(an NHS number)" in checked.text
    assert "1 marked" in checked.text


async def test_api_findings_carry_a_confidence(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.user("family")
    answer = await client.post(
        "/api/v1/anonymise", json={"text": "Mrs Okonkwo visits. NHS 943 476 5919."}, headers=member.headers
    )
    findings = answer.json()["findings"]
    assert [f["type"] for f in findings] == ["PERSON", "NHS_NUMBER"]
    assert all(0 < f["confidence"] <= 1 for f in findings)
    assert findings[1]["confidence"] == 0.99


async def test_the_page_check_takes_the_persons_address(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    token = csrf_token((await client.get("/cases/new")).text)
    text = "He misses rowan close and the park."
    plain = await client.post("/cases/check-narrative", data={"text": text, "csrf_token": token})
    assert "(a street address)" not in plain.text
    checked = await client.post(
        "/cases/check-narrative",
        data={"text": text, "known_addresses": "3 Rowan Close, Quorn", "csrf_token": token},
    )
    assert checked.status_code == 200
    assert "(a street address)" in checked.text
