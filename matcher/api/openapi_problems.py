"""The OpenAPI document lists the problem+json answers (RFC 9457) every operation can give.

FastAPI documents only the success and a 422 in its own shape; clients (and fuzzers checking
conformance) need the real ones: 401 without a valid token, 403 when you may see but not do, 404 for
what is not yours, 409 on a conflict, 413 for a body too large, 422 naming the field, 429 after too many
failed sign-ins, all `application/problem+json` with the `Problem` schema below.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from matcher.api.problems import PROBLEM

_STATUSES = {
    "401": "Not signed in: no valid bearer token",
    "403": "Signed in, but not allowed to do this",
    "404": "Not found, or not yours to see",
    "409": "Conflicts with the current state",
    "413": "Request body too large",
    "422": "Invalid input: `errors` names each field and what is allowed",
    "429": "Too many failed attempts: see the Retry-After header",
}
_PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
_METHODS = ("get", "put", "post", "delete", "patch")


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def with_problems(document: dict[str, Any]) -> dict[str, Any]:
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = _PROBLEM_SCHEMA
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _STATUSES.items():
                responses[status] = _problem_response(description)
            if "429" in responses and "headers" not in responses["429"]:
                responses["429"]["headers"] = {
                    "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
                }
    schemas = document["components"]["schemas"]
    if not any("HTTPValidationError" in str(op) for ops in document.get("paths", {}).values()
               for op in ops.values()):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return document


def document_problems(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(
                get_openapi(title=app.title, version=app.version, routes=app.routes)
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
