"""Input rules shared by every schema: what no field may hold, whatever it is."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError


def field_error(field: str, message: str) -> PydanticCustomError:
    """For a rule a model checks across fields: raise this, and the 422 names `field`, not `body`."""
    return PydanticCustomError("field_rule", "{message}", {"field": field, "message": message})


def refuse_nulls(data: Any, nullable: frozenset[str]) -> Any:
    """A PATCH sends only what changes; an explicit null for a required field is a mistake, not a delete."""
    if isinstance(data, dict):
        nulls = sorted(k for k, v in data.items() if v is None and k not in nullable)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; send only the fields to change")
    return data


def nul_path(value: Any, path: str = "") -> str | None:
    """The field path of the first string holding a NUL character (PostgreSQL cannot store one), or None."""
    if isinstance(value, str):
        return path or "body" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = nul_path(item, f"{path}.{key}" if path else str(key)) or (
                (f"{path}.{key}" if path else str(key)) if isinstance(key, str) and "\x00" in key else None
            )
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None
