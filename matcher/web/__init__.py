"""Server-rendered pages (Jinja2, GOV.UK Design System style) for people who are not technical."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

__all__ = ["router"]
