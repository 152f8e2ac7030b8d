"""The one exception tree. Each domain error carries its HTTP status; `matcher.api.problems` turns
them into problem+json (RFC 9457) and pages into friendly error pages. Anything else is a bug: a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid field: `field` is a path like `pen_picture.client_groups[1]`."""

    field: str
    message: str


class MatcherError(Exception):
    status: int = 500
    title: str = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class Unauthorised(MatcherError):
    status = 401
    title = "Not signed in"


class Forbidden(MatcherError):
    status = 403
    title = "Not allowed"


class NotFound(MatcherError):
    """Also what another organisation's object looks like: never reveal that it exists."""

    status = 404
    title = "Not found"


class Conflict(MatcherError):
    status = 409
    title = "Conflict"


class Gone(MatcherError):
    """It existed but is no more, e.g. an expired invitation."""

    status = 410
    title = "Gone"


class InvalidInput(MatcherError):
    status = 422
    title = "Invalid input"

    def __init__(self, detail: str, errors: list[FieldError] | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.errors = errors or []

    @classmethod
    def for_field(cls, field_path: str, message: str, **extra: Any) -> InvalidInput:
        return cls(f"{field_path}: {message}", [FieldError(field_path, message)], **extra)


class ServiceUnavailable(MatcherError):
    status = 503
    title = "Service unavailable"


class PayloadTooLarge(MatcherError):
    """A request or upload over a configured limit (bytes or rows): refused before it is read in full."""

    status = 413
    title = "Request too large"


class TooManyRequests(MatcherError):
    """Too many failed attempts: `retry_after` seconds until the next one is considered."""

    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.retry_after = max(1, retry_after)
