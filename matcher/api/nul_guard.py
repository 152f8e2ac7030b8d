"""Refuse NUL characters before they reach PostgreSQL, which cannot store them in text (a 500 otherwise).

One ASGI middleware covers every JSON body, form and query string, so no schema can forget it; the 422
names the field, like every other validation error.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matcher.api.problems import problem
from matcher.validation import nul_path


def _form_nul_field(raw: bytes) -> str | None:
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return next((key.replace("\x00", "") or "form" for key, value in pairs if "\x00" in key + value), None)


def _body_nul_field(content_type: str, body: bytes) -> str | None:
    if b"\\u0000" not in body and b"\x00" not in body and b"%00" not in body:
        return None
    if "json" in content_type:
        try:
            return nul_path(json.loads(body))
        except (ValueError, RecursionError):
            # Not JSON after all, or nested too deeply (GuardRequestBodies refuses that first): the
            # route's own parsing answers.
            return None
    if "x-www-form-urlencoded" in content_type:
        return _form_nul_field(body)
    return None


class RefuseNulCharacters:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = _form_nul_field(scope.get("query_string", b""))
        body = b""
        replay = receive
        if field is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            chunks: list[bytes] = []
            message: Message = {"more_body": True}
            while message.get("more_body", False):
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
            body = b"".join(chunks)
            headers = dict(scope.get("headers", []))
            field = _body_nul_field(headers.get(b"content-type", b"").decode("latin-1"), body)
            delivered = False

            async def replay() -> Message:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

        if field is not None:
            message_text = "must not contain a NUL character (\\u0000)"
            response = problem(422, "Invalid input", f"{field}: {message_text}",
                               errors=[{"field": field, "message": message_text}])
            await response(scope, replay, send)
            return
        await self.app(scope, replay, send)
