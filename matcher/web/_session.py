"""The pages' session: a signed cookie (HttpOnly, SameSite=Lax, Secure in production or behind https)
holding only the signed-in user's id, when they signed in, a per-session CSRF token and a one-shot
message. Signing out records the moment on the user (server side), so a copy of the cookie taken before
is refused afterwards. Roles are read fresh from the
database on each request (as the API's bearer tokens are), so a deactivated user is out at once.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from matcher.settings import Settings

COOKIE = "matcher_session"
CSRF_FIELD = "csrf_token"
_SALT = "matcher.web.session"


@dataclass
class WebSession:
    user_id: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    flash: str | None = None
    changed: bool = False
    #: When this sign-in happened (Unix time): signing out revokes every session signed in before it.
    signed_in_at: float = 0.0

    def sign_in(self, user_id: str) -> None:
        """A fresh CSRF token on every sign-in, so a token seen before sign-in is useless after."""
        self.user_id = user_id
        self.csrf = secrets.token_urlsafe(32)
        self.signed_in_at = time.time()
        self.changed = True

    def sign_out(self) -> None:
        self.user_id = None
        self.csrf = secrets.token_urlsafe(32)
        self.changed = True

    def set_flash(self, message: str) -> None:
        self.flash = message
        self.changed = True

    def pop_flash(self) -> str | None:
        message, self.flash = self.flash, None
        if message is not None:
            self.changed = True
        return message

    def csrf_matches(self, token: object) -> bool:
        return isinstance(token, str) and bool(token) and hmac.compare_digest(token, self.csrf)


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=_SALT)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def load(request: Request) -> WebSession:
    """The request's session (read once, kept on request.state); a new one when absent or tampered."""
    existing = getattr(request.state, "web_session", None)
    if isinstance(existing, WebSession):
        return existing
    settings = _settings(request)
    web_session: WebSession | None = None
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data: dict[str, Any] = _serializer(settings).loads(raw, max_age=settings.token_minutes * 60)
            web_session = WebSession(user_id=data.get("u"), csrf=str(data["c"]), flash=data.get("f"),
                                     signed_in_at=float(data.get("t") or 0.0))
        except (BadSignature, KeyError, TypeError, ValueError):
            web_session = None
    if web_session is None:
        web_session = WebSession(changed=True)
    request.state.web_session = web_session
    return web_session


def save(request: Request, response: Response) -> None:
    """Write the cookie when the session changed (or sign-in refreshes it); never cached by proxies."""
    web_session = getattr(request.state, "web_session", None)
    if not isinstance(web_session, WebSession) or not (web_session.changed or web_session.user_id):
        return
    settings = _settings(request)
    value = _serializer(settings).dumps(
        {
            "u": web_session.user_id,
            "c": web_session.csrf,
            "f": web_session.flash,
            "t": web_session.signed_in_at,
        }
    )
    response.set_cookie(
        COOKIE,
        value,
        max_age=settings.token_minutes * 60,
        path="/",
        httponly=True,
        samesite="lax",
        # Production is always served over https (HSTS), whatever the public URL was written as.
        secure=settings.environment == "production" or settings.public_url.startswith("https://"),
    )
    response.headers.setdefault("Cache-Control", "no-store")
