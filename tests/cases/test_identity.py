"""The identity record's encryption: unreadable without the key, rotatable, refused when misconfigured."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from matcher.cases.identity import (
    IdentityKeyError,
    IdentityUnreadable,
    decrypt_identity,
    encrypt_identity,
    validate_identity_key,
)
from matcher.settings import DEVELOPMENT_IDENTITY_KEY

IDENTITY = {"full_name": "Jonathan Smith", "date_of_birth": "1994-05-02", "family_names": ["Margaret Smith"]}


def test_an_identity_round_trips_and_the_token_shows_nothing() -> None:
    key = Fernet.generate_key().decode()
    token = encrypt_identity(IDENTITY, key)
    assert b"Jonathan" not in token
    assert b"1994" not in token
    assert decrypt_identity(token, key) == IDENTITY


def test_the_same_identity_encrypts_differently_each_time() -> None:
    key = DEVELOPMENT_IDENTITY_KEY
    assert encrypt_identity(IDENTITY, key) != encrypt_identity(IDENTITY, key)


def test_another_key_cannot_read_it() -> None:
    token = encrypt_identity(IDENTITY, Fernet.generate_key().decode())
    with pytest.raises(IdentityUnreadable, match="MATCHER_IDENTITY_KEY"):
        decrypt_identity(token, Fernet.generate_key().decode())


def test_keys_rotate_by_listing_the_old_key_after_the_new() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = encrypt_identity(IDENTITY, old)
    assert decrypt_identity(token, f"{new},{old}") == IDENTITY
    assert decrypt_identity(encrypt_identity(IDENTITY, f"{new},{old}"), new) == IDENTITY


@pytest.mark.parametrize("key", ["", "not-a-key", "c2hvcnQ=", " , "])
def test_a_malformed_key_is_refused(key: str) -> None:
    with pytest.raises(IdentityKeyError):
        validate_identity_key(key)


def test_the_development_key_is_a_valid_fernet_key() -> None:
    validate_identity_key(DEVELOPMENT_IDENTITY_KEY)
