"""The rules pydantic says a value breaks, in plain words led by the field's label ('Bedrooms must be a
whole number, like 2'): one wording for the pages' form errors and the import's row errors, and the
path of the field each names, shared with the API's problem+json (so the imports need no web layer)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def rule_words(
    label: str, error: Mapping[str, Any], *, quote_input: bool = False, parsing_only: bool = False
) -> str | None:
    """`error` (one of `ValidationError.errors()`) as a sentence about `label`, or None for a kind of error
    these words do not cover (the caller words it).

    `quote_input`: a number's error names the text that is not one (": 'two' is not"), for a file whose
    cell the reader does not see beside the message. `parsing_only`: of a number's errors, word only
    `int_parsing` and `float_parsing` (a text that is no number, as a form's box gives) and leave the rest
    to the caller; otherwise every one (a spreadsheet's cell may hold 2.5 for a whole number)."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if parsing_only and kind.startswith(("int_", "float_")) and kind not in ("int_parsing", "float_parsing"):
        return None
    typed = error.get("input")
    shown = f": {typed!r} is not" if quote_input and isinstance(typed, str) and typed else ""
    if kind.startswith("int_"):
        return f"{label} must be a whole number, like 2{shown}"
    if kind.startswith("float_"):
        money = any(word in label.lower() for word in ("rent", "cost", "price", "pounds", "£"))
        return f"{label} must be a number, like {'180.50' if money else '12.5'}{shown}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = context.get("ge", context.get("gt"))
        return f"{label} must be {'at least' if kind.endswith('equal') else 'more than'} {bound}"
    if kind in ("less_than_equal", "less_than"):
        bound = context.get("le", context.get("lt"))
        return f"{label} must be {'at most' if kind.endswith('equal') else 'less than'} {bound}"
    if kind == "string_too_short":
        return f"{label} must be at least {context.get('min_length')} characters"
    if kind == "string_too_long":
        return f"{label} must be {context.get('max_length')} characters or fewer"
    return None


def field_path(loc: tuple[int | str, ...]) -> str:
    """('body', 'pen_picture', 'client_groups', 1) -> 'pen_picture.client_groups[1]'."""
    parts = [p for p in loc if p not in ("body", "query", "path", "form")]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif str(part).startswith(("function-after", "function-")):  # pydantic validator wrappers
            continue
        else:
            path += ("." if path else "") + str(part)
    return path or "body"
