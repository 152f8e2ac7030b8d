"""Jinja2 templates, their filters, and the friendly error pages (same status codes as the API)."""

from __future__ import annotations

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
    )
