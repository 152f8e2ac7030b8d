"""Pydantic field types for the controlled vocabularies: a wrong code is a 422 naming the allowed ones.

A near miss ("bungalo") gets a "did you mean" from rapidfuzz, but is never silently corrected: API
clients must send the exact code; fuzzy normalisation is for imports and free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema
from rapidfuzz import process


def closest_code(value: str, allowed: Sequence[str], cutoff: float = 70.0) -> str | None:
    """The allowed code a person most likely meant, or None when nothing is close."""
    match = process.extractOne(value, allowed, score_cutoff=cutoff)
    return match[0] if match else None


def _checker(allowed: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        if value in allowed:
            return value
        hint = closest_code(value, allowed) if isinstance(value, str) else None
        did_you_mean = f" (did you mean '{hint}'?)" if hint else ""
        raise ValueError(f"'{value}' is not allowed{did_you_mean}; allowed: {', '.join(allowed)}")

    return check


def code(allowed: tuple[str, ...]) -> Any:
    """`Annotated[str, ...]` accepting only `allowed`, documented as an enum in OpenAPI."""
    return Annotated[
        str, AfterValidator(_checker(allowed)), WithJsonSchema({"type": "string", "enum": list(allowed)})
    ]
