"""The list envelope every collection answers: {"items": [...], "total": N}."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class ItemList(BaseModel, Generic[T]):
    items: list[T]
    total: int
