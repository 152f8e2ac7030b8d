"""Helpers for page tests over plain HTTP: sign in like a browser, find the form's CSRF token."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    token = csrf_token((await client.get("/sign-in")).text)
    answer = await client.post("/sign-in", data={"email": email, "password": password, "csrf_token": token})
    assert answer.status_code == 303, answer.text
    return answer


async def post_form(
    client: httpx.AsyncClient, form_url: str, data: dict[str, str | list[str]], action: str | None = None
) -> httpx.Response:
    """GET the page holding the form, then POST the form with that page's CSRF token."""
    page = await client.get(form_url)
    assert page.status_code == 200, page.text
    return await client.post(action or form_url, data={**data, "csrf_token": csrf_token(page.text)})
