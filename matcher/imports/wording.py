"""An import's values and problems in the words a landlord uses: 'Weekly rent: £250 → blank'."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from matcher import vocab
from matcher.imports.columns import column_label
from matcher.imports.schemas import ImportReport, RowError
from matcher.places import place_error_for_people
from matcher.scoring.offers import pounds
from matcher.validation_words import rule_words

BLANK = "blank"
_CODED = frozenset({"property_type", "living_arrangement", "status", "accessibility"})
_CODED_LISTS = frozenset({"features", "assistive_technology", "tenure"})
_SHOWN_TEXT = 60


def value_words(name: str, value: Any, partner_names: Mapping[uuid.UUID, str] | None = None) -> str:
    """A stored or imported value of column `name` as a page shows it; nothing is 'blank'."""
    if value is None or value == "" or value == []:
        return BLANK
    if name == "weekly_rent":
        return pounds(float(value))
    if name == "available_from":
        day = value.date() if isinstance(value, datetime) else value
        return f"{day.day} {day:%B %Y}" if isinstance(day, date) else str(day)
    if name in _CODED:
        return vocab.label(str(value))
    if name in _CODED_LISTS:
        return ", ".join(vocab.label(str(code)) for code in value)
    if name == "care_partner_ids":
        names = partner_names or {}
        return ", ".join(names.get(uuid.UUID(str(p)), str(p)) for p in value)
    if name == "location" and isinstance(value, Mapping):
        if value.get("name"):
            return str(value["name"])
        if value.get("postcode"):
            return str(value["postcode"])
        return f"{value.get('latitude')}, {value.get('longitude')}"
    if name in ("title", "description"):
        text = str(value)
        return f"‘{text[:_SHOWN_TEXT]}…’" if len(text) > _SHOWN_TEXT else f"‘{text}’"
    return str(value)


#: A place the import cannot read, in the words of its file's `location` column.
LOCATION_ASKED = ("Location must be a UK town or city (like Loughborough), a postcode (like LE11 3TU) or "
                  "latitude, longitude (like 52.77, -1.30)")


def place_problem(message: str) -> str:
    """The places service's message without the JSON forms it lists for API clients (any other message as
    it is)."""
    return place_error_for_people(message, LOCATION_ASKED)


def validation_message(column: str, error: Mapping[str, Any], message: str) -> str:
    """A rule the row breaks, said with the column's name ('Bedrooms must be a whole number, like 2')."""
    label = column_label(column) if column != "row" else "This row"
    said = rule_words(label, error, quote_input=True)
    if said is not None:
        return said
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind == "too_long":
        return f"{label}: give at most {context.get('max_length')}"
    if kind.startswith(("date_", "datetime_")):
        return f"{label} must be a date, like 31/01/2027"
    if kind.startswith("uuid_"):
        return (f"{label}: give each care provider's name as it is registered on this service (ask the care "
                "provider), or its id")
    if "max_occupants must be" in message:
        return message.replace("max_occupants", "Max occupants").replace("single_occupancy",
                                                                          "a home lived in alone")
    return place_problem(message)


def for_people(report: ImportReport) -> ImportReport:
    """The report as the import pages show it (the API answers with `report` itself): rows numbered as
    the spreadsheet numbers them (its header is row 1), problems in readable labels, and each value read
    as the label of what it was read as. Call it once: its rows are the spreadsheet's, not data rows."""
    shift = report._header_row
    shown = report.model_copy(deep=True)
    shown.errors = [RowError(row=error.row + shift if error.row else 0, field=error.field,
                             message=error.words) for error in report.errors]
    for normalised in shown.normalised:
        normalised.row += shift
        if normalised.field in _CODED | _CODED_LISTS:
            normalised.to = vocab.label(normalised.to)
    for row in shown.rows:
        row.row += shift
    return shown
