"""Security headers, the session cookie, sign-out, token types, the password policy and local docs."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from matcher.api.security_headers import CONTENT_SECURITY_POLICY
from tests.factories import PASSWORD, Factory
from tests.hardening.conftest import ClientWith
from tests.web.pages import csrf_token, sign_in

TEMPLATES = Path(__file__).parents[2] / "matcher" / "web" / "templates"


@pytest.mark.parametrize("url", ["/", "/sign-in", "/api/v1/organisations", "/healthz", "/no-such-page"])
async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient, url: str) -> None:
    answer = await client.get(url)
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in answer.headers  # development: plain http


async def test_api_answers_holding_people_are_never_cached(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    for url in ("/api/v1/cases", "/api/v1/users/me", "/api/v1/cases/not-an-id"):
        answer = await client.get(url, headers=commissioner.headers)
        assert answer.headers["cache-control"] == "no-store", url
    assert (await client.get("/api/v1/cases")).headers["cache-control"] == "no-store"  # the 401 too


def test_no_template_holds_an_inline_script_or_style() -> None:
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template
        assert "<style" not in html, template
        assert " style=" not in html, template
        assert not re.search(r"\son[a-z]+=", html), template


async def test_production_sends_hsts_and_a_secure_cookie_whatever_the_public_url(
    client_with: ClientWith,
) -> None:
    secrets = {"secret_key": "s" * 40, "identity_key": "3iMdTZ5WvD5AUL7ec0CzTk3SsGw6q4Hz2J0Nqnc1V1Q="}
    production = {"environment": "production", "public_url": "http://matcher.example", **secrets}
    async with client_with(**production) as client:
        answer = await client.get("/sign-in")
    assert answer.headers["strict-transport-security"].startswith("max-age=")
    assert "secure" in answer.headers["set-cookie"].lower()


async def test_signing_out_revokes_the_session_on_the_server(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    stolen = dict(client.cookies)
    assert (await client.get("/provider")).status_code == 200
    token = csrf_token((await client.get("/provider")).text)
    assert (await client.post("/sign-out", data={"csrf_token": token})).status_code == 303
    client.cookies.clear()
    client.cookies.update(stolen)  # the cookie as it was before signing out
    replayed = await client.get("/provider")
    assert replayed.status_code == 401
    await sign_in(client, provider.email)  # signing in again works
    assert (await client.get("/provider")).status_code == 200


async def _bearer(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    answer = await client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def test_signing_out_refuses_every_token_issued_before(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()  # holds a token issued at creation
    first = await _bearer(client, admin.email)
    assert (await client.get("/api/v1/users/me", headers=first)).status_code == 200
    answer = await client.post("/api/v1/auth/sign-out", headers=first)
    assert answer.status_code == 204
    for old in (first, admin.headers):
        refused = await client.get("/api/v1/users/me", headers=old)
        assert refused.status_code == 401
        assert "signed out" in refused.json()["detail"]
    again = await _bearer(client, admin.email)  # a token issued after signing out works at once
    assert (await client.get("/api/v1/users/me", headers=again)).status_code == 200
    other = await factory.admin()  # nobody else is signed out
    assert (await client.get("/api/v1/users/me", headers=other.headers)).status_code == 200


async def test_signing_out_of_the_pages_refuses_older_api_tokens(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    assert (await client.get("/api/v1/users/me", headers=provider.headers)).status_code == 200
    await sign_in(client, provider.email)
    token = csrf_token((await client.get("/provider")).text)
    assert (await client.post("/sign-out", data={"csrf_token": token})).status_code == 303
    assert (await client.get("/api/v1/users/me", headers=provider.headers)).status_code == 401


async def test_sign_out_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.post("/api/v1/auth/sign-out")).status_code == 401


async def test_a_token_of_another_type_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    member = await factory.admin()
    now = datetime.now(UTC)
    for typ in ("refresh", None):
        claims = {"sub": str(member.user_id), "iat": now, "exp": now + timedelta(minutes=5)}
        if typ:
            claims["typ"] = typ
        token = jwt.encode(claims, factory.settings.secret_key, algorithm="HS256")
        answer = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200


@pytest.mark.parametrize("password", ["password123456", "aaaaaaaaaaaa", "abcabcabcabc", "qwertyuiop12"])
async def test_common_and_repeated_passwords_are_refused(
    client: httpx.AsyncClient, factory: Factory, password: str
) -> None:
    admin = await factory.admin()
    answer = await client.post(
        "/api/v1/users",
        json={"email": f"{uuid.uuid4().hex[:8]}@test.example", "password": password, "role": "admin"},
        headers=admin.headers,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "password"
    assert "too easy to guess" in answer.json()["errors"][0]["message"]


async def test_a_family_cannot_choose_a_common_password(client: httpx.AsyncClient, factory: Factory) -> None:
    from tests.contacts.helpers import make_case
    from tests.families.test_invitations import _accept, _invite

    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    token = (await _invite(client, owner, case_id))["token"]
    weak = await _accept(client, token, "password1234")
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["field"] == "password"
    assert (await _accept(client, token)).status_code == 201  # the invitation stayed usable


async def test_docs_are_served_from_local_files(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "https://" not in page.text
    for asset in re.findall(r'(?:src|href)="(/docs/[^"]+)"', page.text):
        assert (await client.get(asset)).status_code == 200, asset
    assert "<script>" not in page.text


async def test_docs_can_be_turned_off(client_with: ClientWith) -> None:
    async with client_with(docs_enabled=False) as client:
        assert (await client.get("/docs")).status_code == 404
        assert (await client.get("/openapi.json")).status_code == 404


async def test_every_operation_documents_its_problem_responses(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    assert "Problem" in document["components"]["schemas"]
    operations = [op for ops in document["paths"].values() for op in ops.values()]
    assert len(operations) > 20
    for operation in operations:
        for status in ("401", "403", "404", "409", "413", "422", "429"):
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (operation["operationId"], status)
