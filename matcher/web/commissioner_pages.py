"""Placeholder until the services it needs exist."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.web._routing import PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)
