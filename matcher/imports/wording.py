"""An import's values and problems in the words a landlord uses: 'Weekly rent: £250 → blank'."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from matcher import vocab

BLANK = "blank"
_CODED = frozenset({"property_type", "living_arrangement", "status", "accessibility"})
_CODED_LISTS = frozenset({"features", "assistive_technology", "tenure"})
_SHOWN_TEXT = 60


def pounds(value: float) -> str:
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


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
