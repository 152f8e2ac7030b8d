"""The identity record (name, date of birth, NHS number, address, family names) encrypted at rest.

The pen picture is what gets shared; the identity is what must never be. Keeping it as one Fernet
token in its own column means a database dump, a backup or a careless `SELECT *` shows ciphertext,
and only code holding `MATCHER_IDENTITY_KEY` (this module) can read it.

`MATCHER_IDENTITY_KEY` may hold several comma-separated Fernet keys to rotate without downtime: the
first encrypts, every one of them decrypts (cryptography's `MultiFernet`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class IdentityKeyError(ValueError):
    """The configured key is not a usable Fernet key: a deployment mistake, refused at start."""


class IdentityUnreadable(RuntimeError):
    """A stored identity no configured key opens: the key was changed without keeping the old one."""


@lru_cache(maxsize=4)
def _cipher(key: str) -> MultiFernet:
    keys = [part.strip() for part in key.split(",") if part.strip()]
    if not keys:
        raise IdentityKeyError("MATCHER_IDENTITY_KEY is empty; generate one with `python -c 'from "
                               "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`")
    try:
        return MultiFernet([Fernet(part) for part in keys])
    except (ValueError, TypeError) as exc:
        raise IdentityKeyError("MATCHER_IDENTITY_KEY must be one or more comma-separated Fernet keys "
                               "(32 url-safe base64-encoded bytes each)") from exc


def validate_identity_key(key: str) -> None:
    """Raise `IdentityKeyError` unless `key` is usable, so a bad key stops the service at start-up
    rather than at the first case a commissioner saves."""
    _cipher(key)


def encrypt_identity(identity: Mapping[str, Any], key: str) -> bytes:
    """The identity as a Fernet token (JSON inside; dates as ISO strings)."""
    plain = json.dumps(dict(identity), default=str, separators=(",", ":"), sort_keys=True)
    return _cipher(key).encrypt(plain.encode("utf-8"))


def decrypt_identity(token: bytes, key: str) -> dict[str, Any]:
    try:
        plain = _cipher(key).decrypt(bytes(token))
    except InvalidToken as exc:
        raise IdentityUnreadable("A case's identity record cannot be decrypted with MATCHER_IDENTITY_KEY; "
                                 "if the key was rotated, list the old key after the new one.") from exc
    value = json.loads(plain)
    if not isinstance(value, dict):
        raise IdentityUnreadable("A case's identity record is not a JSON object.")
    return value


class KnownIdentifiers(NamedTuple):
    """What a free-text note about a case must not hold, from its identity record."""

    names: list[str]
    addresses: list[str]
    birth_dates: list[date]
    nhs_numbers: list[str]


def known_identifiers(token: bytes | None, key: str) -> KnownIdentifiers:
    """The person's and family's names, the person's address, date of birth and NHS number, from a
    case's identity record: what a free-text note about the case must not hold
    (`matcher.screening.screen_free_text`). Nothing when the case has no identity record or no configured
    key opens it (the generic detectors still run)."""
    if token is None:
        return KnownIdentifiers([], [], [], [])
    try:
        identity = decrypt_identity(token, key)
    except IdentityUnreadable:
        return KnownIdentifiers([], [], [], [])
    names = [identity.get("full_name"), identity.get("known_as"), *(identity.get("family_names") or [])]
    address = identity.get("address")
    born = identity.get("date_of_birth")
    nhs = identity.get("nhs_number")
    return KnownIdentifiers(
        [n for n in names if isinstance(n, str) and n],
        [address] if isinstance(address, str) else [],
        [date.fromisoformat(born)] if isinstance(born, str) and born else [],
        [nhs] if isinstance(nhs, str) and nhs else [],
    )
