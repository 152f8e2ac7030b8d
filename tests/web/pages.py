"""Helpers for page tests over plain HTTP: sign in like a browser, find the form's CSRF token."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    """The fields one form would send as a browser sends them: inputs with their values, checked boxes
    and radios only, and textareas' text (the pages' forms have no selects)."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside or "name" not in a:
            return
        if tag == "input" and a.get("type", "text") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, action: str) -> dict[str, list[str]]:
    """What submitting the form with this action, unchanged, would send (each name's values in order,
    as httpx sends a repeated field)."""
    reader = _FormReader(action)
    reader.feed(html)
    fields: dict[str, list[str]] = {}
    for name, value in reader.fields:
        fields.setdefault(name, []).append(value)
    return fields
