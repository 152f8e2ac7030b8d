"""Refuse what would cost the service memory or crash a parser, before the body is read.

One pure ASGI middleware, outermost of ours, so nothing reads a body it has not bounded:

* a body larger than `max_body_bytes` is a 413: at once when `Content-Length` says so, else as soon as the
  streamed bytes pass the limit (the rest is never read);
* an API write without a bearer token that is even well signed is a 401 before one byte of its body is
  read (a 200 MB body without a token used to be buffered whole before the 401); the token's user is
  still checked against the database by the route;
* JSON nested deeper than `MAX_JSON_DEPTH` is a 422 (deep nesting made the parsers recurse into a 500).
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from matcher.api.problems import problem
from matcher.auth.tokens import read_token

MAX_JSON_DEPTH = 64
#: API writes that need no token: signing in, and accepting a family invitation (the token is in the path).
_ANONYMOUS_WRITES = re.compile(r"^/api/v1/(auth/token|family-invitations/[^/]+/accept)$")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class BodyTooLarge(Exception):
    pass


def json_depth(body: bytes) -> int:
    """How deeply `body`'s arrays and objects nest, counted without recursion (strings skipped)."""
    depth = deepest = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub(b"", body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class GuardRequestBodies:
    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        secret_key: str,
        upload_paths: re.Pattern[str] | None = None,
        max_upload_bytes: int = 0,
    ) -> None:
        """`upload_paths` (spreadsheet uploads) may carry up to `max_upload_bytes` instead; their own
        handlers then apply their limits (bytes and rows) with a message about the file."""
        self.app = app
        self.default_max_body_bytes = max_body_bytes
        self.secret_key = secret_key
        self.upload_paths = upload_paths
        self.max_upload_bytes = max(max_upload_bytes, max_body_bytes)

    def _limit(self, scope: Scope) -> int:
        if self.upload_paths is not None and self.upload_paths.match(scope.get("path", "")):
            return self.max_upload_bytes + 64 * 1024  # room for the multipart envelope
        return self.default_max_body_bytes

    def _refusal(self, scope: Scope, limit: int) -> tuple[int, str, str] | None:
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length", b"").decode("latin-1").strip()
        if length.isdigit() and int(length) > limit:
            return 413, "Request too large", self._too_large_detail(limit)
        path: str = scope.get("path", "")
        if scope.get("method") in _WRITES and path.startswith("/api/") and not _ANONYMOUS_WRITES.match(path):
            scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or read_token(token.strip(), self.secret_key) is None:
                return 401, "Not signed in", (
                    "Send a bearer token: POST /api/v1/auth/token with your email and password."
                )
        return None

    @staticmethod
    def _too_large_detail(limit: int) -> str:
        return f"The request body is larger than the {limit} bytes this service accepts."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        refusal = self._refusal(scope, limit)
        if refusal is not None:
            await problem(*refusal)(scope, receive, send)
            return
        received = 0
        started = False
        chunks: list[bytes] = []
        is_json = b"json" in dict(scope.get("headers", [])).get(b"content-type", b"")

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                body: bytes = message.get("body", b"")
                received += len(body)
                if received > limit:
                    raise BodyTooLarge
                if is_json:
                    chunks.append(body)
                    if not message.get("more_body", False) and json_depth(b"".join(chunks)) > MAX_JSON_DEPTH:
                        raise JsonTooDeep
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await problem(413, "Request too large", self._too_large_detail(limit))(scope, receive, send)
        except JsonTooDeep:
            if started:
                raise
            message = f"must not nest arrays or objects more than {MAX_JSON_DEPTH} deep"
            await problem(422, "Invalid input", f"body: {message}",
                          errors=[{"field": "body", "message": message}])(scope, receive, send)


class JsonTooDeep(Exception):
    pass
