"""Between HTML forms and the services' schemas: read fields, turn validation errors into an error
summary whose links land on the field at fault (the GOV.UK error summary pattern)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from matcher.errors import FieldError
from matcher.places import place_error_for_people
from matcher.validation_words import field_path, rule_words

_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$", re.IGNORECASE)
#: What a page's place box takes, for a place error that only lists the API's JSON forms.
ENTER_A_PLACE = "Enter a UK town or city (like Loughborough) or a postcode (like LE11 3TU)"


def field_id(path: str) -> str:
    """'service_area[0].name' -> 'service_area-0-name': a safe HTML id and link target."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


@dataclass(frozen=True, slots=True)
class PageError:
    """One error as the page shows it: the message, and the id of the field it links to."""

    field: str
    target: str
    message: str


class FormErrors:
    """Errors keyed by the form's own field paths; `summary` in the order of the form's fields."""

    def __init__(
        self,
        known_fields: Sequence[str],
        labels: Mapping[str, str] | None = None,
        allowed: Mapping[str, str] | None = None,
    ) -> None:
        self.known = list(known_fields)
        self.labels = dict(labels or {})
        #: What a field takes, in plain words ("a distance in kilometres, such as 40"), for its errors.
        self.allowed = dict(allowed or {})
        self.by_field: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def _place(self, path: str) -> str:
        """The form field an error path belongs to: itself, a field under it, or its nearest parent."""
        if path in self.known:
            return path
        for known in self.known:
            if known.startswith(path + ".") or known.startswith(path + "["):
                return known
        trimmed = path
        while True:
            shorter = re.sub(r"(\[\d+\]|\.[^.\[]+)$", "", trimmed)
            if shorter == trimmed or not shorter:
                break
            trimmed = shorter
            if trimmed in self.known:
                return trimmed
        return self.known[0] if self.known else path

    def add(self, path: str, message: str) -> None:
        self.by_field.setdefault(self._place(path), message)

    def add_all(self, errors: Iterable[FieldError]) -> None:
        for error in errors:
            self.add(error.field, self._friendly(error.field, error.message))

    def add_validation(
        self,
        exc: ValidationError,
        rename: Callable[[str], str] | None = None,
        words: Callable[[str, Mapping[str, Any]], str | None] | None = None,
    ) -> None:
        """Each error on the field it belongs to; `words(path, error)` may give a form's own message for
        an error (None: the usual message)."""
        for error in exc.errors():
            path = field_path(_location(error))
            if rename is not None:
                path = rename(path)
            said = words(path, error) if words is not None else None
            self.add(path, said or self._message(path, error))

    def get(self, path: str) -> str | None:
        return self.by_field.get(path)

    @property
    def summary(self) -> list[PageError]:
        order = {name: index for index, name in enumerate(self.known)}
        items = sorted(self.by_field.items(), key=lambda item: order.get(item[0], len(order)))
        return [PageError(name, field_id(name), message) for name, message in items]

    def _label(self, path: str) -> str:
        return self.labels.get(self._place(path), "This field")

    def _friendly(self, path: str, message: str) -> str:
        """Service messages are written for API clients ('must be 1 for single_occupancy'); lead with
        the field's label so a person knows what to change."""
        message = place_error_for_people(message.removeprefix("Value error, "), ENTER_A_PLACE)
        label = self._label(path)
        if message.startswith("holds "):  # the identifier screen: "The note holds a name: …"
            return f"{label} {message}"
        if message[:1].islower():
            return f"{label}: {message}"
        return message

    def _message(self, path: str, error: Mapping[str, Any]) -> str:
        label = self._label(path)
        kind = str(error.get("type", ""))
        context = error.get("ctx") or {}
        if kind == "missing" or (kind in ("int_parsing", "float_parsing") and error.get("input") == ""):
            return f"Enter {label[:1].lower() + label[1:]}"
        allowed = self.allowed.get(self._place(path))
        if allowed and kind.endswith(("_parsing", "than", "than_equal")):
            return f"{label} must be {allowed}"
        if kind == "string_too_short" and context.get("min_length") == 1:
            return f"Enter {label[:1].lower() + label[1:]}"
        said = rule_words(label, error, parsing_only=True)
        if said is not None:
            return said
        if kind == "too_short" and "min_length" in context:
            return f"Give at least {context['min_length']}: {label[:1].lower() + label[1:]}"
        return self._friendly(path, str(error.get("msg", "is not valid")))


def _location(error: Mapping[str, Any]) -> tuple[int | str, ...]:
    """Where the error is: a rule a model checks across fields (`validation.field_error`) names its field,
    as the API's problem details do, so a form shows it on that field and not on the form's first."""
    loc = tuple(error.get("loc", ()))
    named = (error.get("ctx") or {}).get("field")
    return (*loc, *str(named).split(".")) if isinstance(named, str) and named else loc


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def checked(form: FormData, name: str) -> list[str]:
    """Ticked checkboxes; anything outside the vocabulary is passed on so the service names it."""
    return [value for value in form.getlist(name) if isinstance(value, str) and value]


def number_or_blank(form: FormData, name: str) -> str:
    """The typed number as text for pydantic to parse ('' is reported as 'Enter …')."""
    return text(form, name).replace(",", "").removeprefix("£").strip()


def place(value: str) -> dict[str, Any]:
    """A town, a postcode (district) or "latitude, longitude" (as a page shows a place given by its
    coordinates) as the services' place forms."""
    if _POSTCODE_DISTRICT.match(value.strip()):
        return {"postcode": value.strip().upper()}
    coordinates = _COORDINATES.match(value)
    if coordinates:
        return {"latitude": float(coordinates.group(1)), "longitude": float(coordinates.group(2))}
    return {"name": value.strip()}


def place_text(location: Mapping[str, Any] | None) -> str:
    if not location:
        return ""
    if location.get("name"):
        return str(location["name"])
    if location.get("postcode"):
        return str(location["postcode"])
    if location.get("latitude") is not None:
        return f"{location['latitude']}, {location['longitude']}"
    return ""


def date_parts(form: FormData, name: str) -> dict[str, str]:
    return {part: text(form, f"{name}-{part}") for part in ("day", "month", "year")}


def read_date(
    form: FormData, name: str, label: str, errors: FormErrors, example: str = "15 1 2027"
) -> date | None:
    """A GOV.UK date input (day, month, year): all blank is no date; partial or impossible is an error
    (`example`: a date of the kind asked for, like a birth date's 21 11 1988)."""
    parts = date_parts(form, name)
    if not any(parts.values()):
        return None
    missing = [part for part, value in parts.items() if not value]
    if missing:
        errors.add(name, f"{label} must include a {' and '.join(missing)}")
        return None
    try:
        day, month, year = int(parts["day"]), int(parts["month"]), int(parts["year"])
        if year < 1000:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        errors.add(name, f"{label} must be a real date, like {example}")
        return None


def date_values(value: date | str | None) -> dict[str, str]:
    if value is None or value == "":
        return {"day": "", "month": "", "year": ""}
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
