"""A PATCH merges each part (RFC 7396): objects merge, values replace, null removes."""

from __future__ import annotations

from typing import Any

from matcher.cases.service import merge_patch


def test_objects_merge_and_values_replace() -> None:
    stored: dict[str, Any] = {
        "a": 1, "staffing": {"day_ratio": "2:1", "night": "waking_night"}, "groups": ["x", "y"]
    }
    merged = merge_patch(stored, {"staffing": {"night": "sleep_in"}, "groups": ["z"]})
    assert merged == {"a": 1, "staffing": {"day_ratio": "2:1", "night": "sleep_in"}, "groups": ["z"]}
    assert stored["staffing"]["night"] == "waking_night"  # the stored part is left alone


def test_null_removes_a_member_so_the_default_applies() -> None:
    assert merge_patch({"a": 1, "b": 2}, {"a": None}) == {"b": 2}
    assert merge_patch({"a": 1}, {"missing": None}) == {"a": 1}


def test_an_object_replaces_a_non_object() -> None:
    assert merge_patch({"a": 1}, {"a": {"b": 2}}) == {"a": {"b": 2}}
