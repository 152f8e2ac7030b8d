"""Sign-in throttling: a moving window of *failed* attempts per account and per client address.

Every place that checks a password (the API's token endpoint, the sign-in page, accepting a family
invitation for an existing account) asks `check` before verifying and calls `failed` after a wrong
password. Once either window is full the attempt is refused with 429 and `Retry-After`, even when the
password would be right, so guessing stops paying; the refusal is logged. A successful sign-in leaves the
windows as they are (an attacker who knows the password gains nothing from a reset).

The windows live in PostgreSQL (`sign_in_failures`, migration 0009), so every worker and every replica
counts the same failures and a restart forgets none: in each process's memory, `--workers N` had let
an attacker make N times the allowed guesses. The limits are `limits` strings ("5/15 minutes"). Emails
and addresses are stored only as keyed hashes. Attempts checked at the same moment, before any of them
has failed, can together pass the limit by how many run at once (argon2 runs in a thread between the two).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math

from limits import RateLimitItem, parse
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from matcher.auth import repository
from matcher.errors import TooManyRequests

log = logging.getLogger(__name__)


class SignInThrottle:
    def __init__(self, per_account: str, per_address: str, secret: str) -> None:
        self._per_account: RateLimitItem = parse(per_account)
        self._per_address: RateLimitItem = parse(per_address)
        self._secret = secret.encode()

    def _key(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def _windows(self, account: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [
            (self._per_account, "account", self._key("account", account.strip().lower())),
            (self._per_address, "address", self._key("address", address)),
        ]

    async def check(self, session: AsyncSession, account: str, address: str) -> None:
        """Raise TooManyRequests when this account or this address has used up its failed attempts."""
        for limit, kind, key in self._windows(account, address):
            failures, frees_in = await repository.recent_sign_in_failures(
                session, kind, key, limit.get_expiry(), limit.amount
            )
            if failures >= limit.amount:
                retry_after = max(1, math.ceil(frees_in))
                log.warning("sign-in refused (429): too many failed attempts for this %s; retry after %ss",
                            kind, retry_after)
                raise TooManyRequests(
                    f"Too many failed sign-in attempts. Try again in {retry_after} seconds.",
                    retry_after=retry_after,
                )

    async def failed(self, session: AsyncSession, account: str, address: str) -> None:
        """Counted in a transaction of its own: the request's is rolled back by the 401 that follows."""
        engine = session.bind
        assert isinstance(engine, AsyncEngine), "sessions are bound to the engine (matcher.db.engine)"
        windows = self._windows(account, address)
        await repository.add_sign_in_failures(
            engine, [(kind, key) for _, kind, key in windows], max(w.get_expiry() for w, _, _ in windows)
        )
