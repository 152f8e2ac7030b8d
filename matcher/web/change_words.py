"""The market gaps' "one change that adds most" in a commissioner's words, not the API's field codes."""

from __future__ import annotations

from datetime import date

from matcher import vocab
from matcher.allocation.schemas import UnlockOut
from matcher.scoring.relaxation import counted


def _labels(codes: str) -> str:
    return ", ".join(vocab.label(c.strip()).lower() for c in codes.split(",") if c.strip())


def _day(value: str) -> str:
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.day} {d:%B %Y}"


def _what(field: str, before: str, after: str) -> str:
    if field in ("must_have", "specialists"):
        return f"{vocab.label(before)} not required"
    if field in ("property_types", "tenure", "living_arrangement"):
        thing = {"property_types": "type of home", "tenure": "tenure", "living_arrangement": "arrangement"}
        wanted = f"any {thing[field]}" if after == "any" else _labels(after)
        return f"Accept {wanted} (not only {_labels(before)})"
    if field == "max_distance_km":
        return f"Look up to {after} km away instead of {before} km"
    if field == "max_weekly_rent":
        return f"Rent up to £{after} a week instead of £{before}"
    if field == "min_bedrooms":
        return f"{after} bedroom{'s' if after != '1' else ''} instead of {before}"
    if field == "min_accessibility":
        return f"Accessibility {after} instead of {before}"
    if field == "target_move_date":
        return f"Move on {_day(after)} instead of {_day(before)}"
    if field == "required_pbs_level":
        return f"PBS level {after} instead of {before}"
    return f"{vocab.label(field)}: {before} to {after}"


def change_in_words(unlock: UnlockOut) -> str:
    """ "Robust fixtures not required: adds 3 homes, 2 packages" """
    added = counted(unlock.adds.housing, unlock.adds.care, unlock.adds.packages)
    return f"{_what(unlock.field, unlock.before, unlock.after)}: adds {added}"
