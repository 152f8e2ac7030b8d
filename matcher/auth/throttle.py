"""Sign-in throttling: a moving window of *failed* attempts per account and per client address.

Every place that checks a password (the API's token endpoint, the sign-in page, accepting a family
invitation for an existing account) asks `check` before verifying and calls `failed` after a wrong
password. Once either window is full the attempt is refused with 429 and `Retry-After`, even when the
password would be right, so guessing stops paying; the refusal is logged. A successful sign-in leaves the
windows as they are (an attacker who knows the password gains nothing from a reset).

The counters live in memory (the `limits` library's MemoryStorage), per process: a restart forgets them,
and several processes each count on their own. For a multi-process deployment point `limits` at a shared
storage (Redis, memcached) here.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from matcher.errors import TooManyRequests

log = logging.getLogger(__name__)


class SignInThrottle:
    def __init__(self, per_account: str, per_address: str) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._per_account: RateLimitItem = parse(per_account)
        self._per_address: RateLimitItem = parse(per_address)

    def _keys(self, account: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        return [
            (self._per_account, "account", account.strip().lower()),
            (self._per_address, "address", address),
        ]

    def check(self, account: str, address: str) -> None:
        """Raise TooManyRequests when this account or this address has used up its failed attempts."""
        for limit, kind, key in self._keys(account, address):
            if not self._limiter.test(limit, kind, key):
                reset_at = self._limiter.get_window_stats(limit, kind, key).reset_time
                retry_after = max(1, math.ceil(reset_at - time.time()))
                log.warning("sign-in refused (429): too many failed attempts for this %s; retry after %ss",
                            kind, retry_after)
                raise TooManyRequests(
                    f"Too many failed sign-in attempts. Try again in {retry_after} seconds.",
                    retry_after=retry_after,
                )

    def failed(self, account: str, address: str) -> None:
        for limit, kind, key in self._keys(account, address):
            self._limiter.hit(limit, kind, key)
