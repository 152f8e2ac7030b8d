"""The one place errors become RFC 9457 problem+json (pages get their own renderer in matcher.web)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from matcher.errors import FieldError, InvalidInput, MatcherError, TooManyRequests
from matcher.validation_words import field_path

PROBLEM = "application/problem+json"
log = logging.getLogger(__name__)


def _message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def _location(error: dict[str, Any]) -> tuple[int | str, ...]:
    """Where the error is; a model-level rule raised with `validation.field_error` adds its field."""
    loc = tuple(error.get("loc", ()))
    named = (error.get("ctx") or {}).get("field")
    return (*loc, *str(named).split(".")) if isinstance(named, str) and named else loc


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    return [FieldError(field_path(_location(e)), _message(e)) for e in exc.errors()]


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers or None)


def error_headers(exc: MatcherError) -> dict[str, str]:
    """Headers an error carries to the client (pages and API alike): `Retry-After` on a 429."""
    return {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else {}


def _errors_json(errors: list[FieldError]) -> list[dict[str, str]]:
    return [{"field": e.field, "message": e.message} for e in errors]


async def _matcher_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MatcherError)
    extra = dict(exc.extra)
    if isinstance(exc, InvalidInput):
        extra["errors"] = _errors_json(exc.errors)
    return problem(exc.status, exc.title, exc.detail, headers=error_headers(exc), **extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    return problem(422, "Invalid input", detail, errors=_errors_json(errors))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), str(exc.detail))


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback and answered as a 500 in the same problem+json shape (never a 4xx)."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "Internal error", "Something went wrong on our side; it has been logged.")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, unexpected_error)
    app.add_exception_handler(MatcherError, _matcher_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
