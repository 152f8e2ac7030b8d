"""Jinja2 templates, their filters, and the friendly error pages (same status codes as the API)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from matcher import vocab
from matcher.auth import Actor
from matcher.web import _session
from matcher.web import _words as words
from matcher.web._forms import field_id

SERVICE_NAME = "Care and housing matcher"
TEMPLATES_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def _label(code: object) -> str:
    if code is None:
        return ""
    return vocab.label(str(code))


def _date_long(value: object) -> str:
    """'15 January 2027' (GOV.UK style), for dates and datetimes; '' for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, datetime | date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _date_parts_long(parts: object) -> str:
    """A GOV.UK date input's {day, month, year} as '1 March 2027'; as typed when it is no date."""
    if not isinstance(parts, dict):
        return str(parts)
    try:
        return _date_long(date(int(parts["year"]), int(parts["month"]), int(parts["day"])))
    except (KeyError, TypeError, ValueError):
        return " ".join(str(parts.get(k, "")) for k in ("day", "month", "year")).strip()


def _days_since(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date()
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if not isinstance(value, date):
        return None
    return (datetime.now(UTC).date() - value).days


def _percent(value: object) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{round(float(value) * 100)}%"


def _km(value: object) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{float(value):.1f} km"


def _money(value: object) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"£{float(value):,.2f}"


def choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, readable label) pairs for radios and checkboxes."""
    return [(code, vocab.label(code)) for code in codes]


templates.env.filters.update(
    label=_label,
    date_long=_date_long,
    date_parts_long=_date_parts_long,
    days_since=_days_since,
    percent=_percent,
    km=_km,
    money=_money,
    fid=field_id,
    gender=words.gender,
    age_band=words.age_band,
    decline_reason=words.decline_reason,
    exclusion=words.exclusion,
)
templates.env.globals.update(service_name=SERVICE_NAME, vocab=vocab, choices=choices)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def current_actor(request: Request) -> Actor | None:
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else None


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    web_session = _session.load(request)
    context.setdefault("actor", current_actor(request))
    context.setdefault("flash", web_session.pop_flash())
    context.setdefault("errors", [])
    context.setdefault("values", {})
    context.update(
        request=request, csrf_token=web_session.csrf, csrf_field=_session.CSRF_FIELD, path=request.url.path
    )
    response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


_ERROR_TITLES = {
    400: "There is a problem with the request",
    403: "You cannot see or do this",
    404: "Page not found",
    405: "Page not found",
    409: "This could not be done",
    422: "There is a problem with what was sent",
    503: "Sorry, the service is unavailable",
}


def came_from(request: Request) -> str | None:
    """The page on this site whose form was sent (the Referer's path), so a refusal is never a dead end."""
    referer = request.headers.get("referer")
    if not referer or request.method in ("GET", "HEAD"):
        return None
    parts = urlsplit(referer)
    if parts.netloc != request.headers.get("host") or not parts.path.startswith("/") or "\\" in referer:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


_ID = r"([0-9a-fA-F-]{32,36})"
#: Where a refused page leads back to: (pattern of the refused page's path, the role whose pages they are,
#: the place to go back to, its words). The place is built from the pattern and an id parsed as a UUID,
#: never copied from the request, so the link can only ever be one of these pages of this site.
_WAYS_BACK: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(rf"^/cases/{_ID}/.+$"), "commissioner", "/cases/{id}", "Go back to the case"),
    (re.compile(r"^/cases/(?:new|check-narrative)/?$"), "commissioner", "/cases", "Go back to your cases"),
    (re.compile(r"^/provider/referrals/.+$"), "provider", "/provider/referrals", "Go back to your referrals"),
    (re.compile(r"^/provider/market-calls/.+$"), "provider", "/provider/market-calls",
     "Go back to your market calls"),
    (re.compile(r"^/provider/homes/.+$"), "provider", "/provider/homes", "Go back to your homes"),
    (re.compile(r"^/provider/.+$"), "provider", "/provider", "Go back to your dashboard"),
    (re.compile(rf"^/family/cases/{_ID}/.+$"), "family", "/family/cases/{id}", "Go back to the search"),
    (re.compile(r"^/allocation/.+$"), "commissioner", "/allocation", "Go back to allocation"),
]
#: A page that is not there (or not this person's) has no page of it to go back to.
_NO_WAY_BACK = frozenset({401, 404, 405})


def way_back(request: Request, status_code: int) -> tuple[str, str] | None:
    """(href, words) of the page a refused request belongs to, for the signed-in person whose pages they
    are; None when there is none (then the start page is the way on)."""
    actor = current_actor(request)
    if actor is None or status_code in _NO_WAY_BACK:
        return None
    path = request.url.path
    for pattern, role, place, said in _WAYS_BACK:
        found = pattern.match(path)
        if found is None or actor.role != role:
            continue
        if found.groups():
            try:
                place = place.format(id=uuid.UUID(found.group(1)))
            except ValueError:
                return None
        return (place, said) if place != path.rstrip("/") else None
    return None


def render_error(request: Request, status_code: int, detail: str, title: str | None = None) -> HTMLResponse:
    """The friendly page for an error; a 401 is the sign-in page itself, with the same status."""
    if status_code == 401:
        next_url = request.url.path if request.method == "GET" else "/"
        return render(
            request, "sign_in.html", status_code=401, next_url=next_url, notice="Sign in to see this page."
        )
    heading = title or _ERROR_TITLES.get(status_code, "Sorry, there is a problem with the service")
    return render(
        request,
        "error.html",
        status_code=status_code,
        heading=heading,
        detail=detail,
        status=status_code,
        back=came_from(request),
        way_back=way_back(request, status_code),
    )
