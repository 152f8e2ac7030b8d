"""Sign-in throttling: a moving window of *failed* attempts per account and per client address.

Every place that checks a password (the API's token endpoint, the sign-in page, accepting a family
invitation for an existing account) takes a `reserve` before verifying, and `release`s it when the
password was right; a reservation not released stays as a failure. Once either window is full the
attempt is refused with 429 and `Retry-After`, even when the password would be right, so guessing stops
paying; the refusal is logged. A successful sign-in leaves the windows as they were before it (an
attacker who knows the password gains nothing from a reset).

Counting an attempt as failed until it is known to be right is what holds against parallel guessing:
checking first and counting after let every attempt checked before the first one failed through (argon2
runs in a thread between the two), so 50 guesses at once all ran against a limit of 5. The reservation
is taken under a transaction-level advisory lock per window, so two attempts never both take the last
place.

The windows live in PostgreSQL (`sign_in_failures`, migration 0009), so every worker and every replica
counts the same failures and a restart forgets none: in each process's memory, `--workers N` had let
an attacker make N times the allowed guesses. The limits are `limits` strings ("5/15 minutes"). Emails
and addresses are stored only as keyed hashes.
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

#: The ids of the failure rows an attempt holds until it is known to be right.
Reservation = list[int]


class SignInThrottle:
    def __init__(self, per_account: str, per_address: str, secret: str) -> None:
        self._per_account: RateLimitItem = parse(per_account)
        self._per_address: RateLimitItem = parse(per_address)
        self._secret = secret.encode()

    def _key(self, kind: str, value: str) -> str:
        return hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

    def _windows(self, account: str, address: str) -> list[repository.FailureWindow]:
        return [
            repository.FailureWindow(
                "account", self._key("account", account.strip().lower()),
                self._per_account.get_expiry(), self._per_account.amount,
            ),
            repository.FailureWindow(
                "address", self._key("address", address),
                self._per_address.get_expiry(), self._per_address.amount,
            ),
        ]

    async def reserve(self, session: AsyncSession, account: str, address: str) -> Reservation:
        """A place in both windows, counted as a failure until released; TooManyRequests when this
        account or this address has used up its attempts. Committed at once, in a transaction of its
        own (a 401 rolls the request's back)."""
        taken = await repository.reserve_sign_in_attempt(_engine(session), self._windows(account, address))
        if isinstance(taken, repository.WindowFull):
            retry_after = max(1, math.ceil(taken.frees_in))
            log.warning("sign-in refused (429): too many failed attempts for this %s; retry after %ss",
                        taken.kind, retry_after)
            raise TooManyRequests(
                f"Too many failed sign-in attempts. Try again in {retry_after} seconds.",
                retry_after=retry_after,
            )
        return taken

    async def release(self, session: AsyncSession, reservation: Reservation) -> None:
        """The password was right: the attempt was not a failure."""
        await repository.release_sign_in_attempt(_engine(session), reservation)


def _engine(session: AsyncSession) -> AsyncEngine:
    engine = session.bind
    assert isinstance(engine, AsyncEngine), "sessions are bound to the engine (matcher.db.engine)"
    return engine
