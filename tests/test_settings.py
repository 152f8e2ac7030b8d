"""One settings object that refuses development secrets in production."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from matcher.settings import Settings

GOOD_SECRET = "x" * 40


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="MATCHER_SECRET_KEY"):
        Settings(environment="production", identity_key=Fernet.generate_key().decode())


def test_production_refuses_the_development_identity_key() -> None:
    with pytest.raises(ValidationError, match="MATCHER_IDENTITY_KEY"):
        Settings(environment="production", secret_key=GOOD_SECRET)


def test_a_malformed_identity_key_is_refused_everywhere() -> None:
    with pytest.raises(ValidationError, match="Fernet"):
        Settings(identity_key="not-a-key")


def test_production_with_real_keys_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u:p@db/matcher")
    settings = Settings(environment="production", secret_key=GOOD_SECRET, identity_key=keys)
    assert settings.database_url == "postgresql+asyncpg://u:p@db/matcher"
