"""The one settings object. Everything configurable comes from the environment (prefix MATCHER_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from cryptography.fernet import Fernet
from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Values that must never reach production: they are in the repository for development only.
DEVELOPMENT_SECRET = "development-only-secret-change-me"
DEVELOPMENT_IDENTITY_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktY2hhbmdlLW1lISE="  # Fernet key, dev only


class Settings(BaseSettings):
    """Read once per process; `get_settings()` caches it."""

    model_config = SettingsConfigDict(env_prefix="MATCHER_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    #: `postgresql+asyncpg://…`; unset means start an embedded PostgreSQL in `data_dir`.
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "MATCHER_DATABASE_URL")
    )
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("matcher")))
    secret_key: str = DEVELOPMENT_SECRET
    #: Fernet key that encrypts case identity records at rest.
    identity_key: str = DEVELOPMENT_IDENTITY_KEY
    token_minutes: int = 8 * 60
    pool_size: int = 10
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "no-reply@matcher.example"
    public_url: str = "http://127.0.0.1:8000"
    #: Largest request body accepted, in bytes (413 above it, refused before the body is read).
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    #: Failed sign-ins allowed per account and per client address (`limits` notation) before a 429.
    sign_in_limit_per_account: str = "5/15 minutes"
    sign_in_limit_per_address: str = "50/15 minutes"
    #: Serve /docs, /redoc and /openapi.json (turn off in production if the API should not be browsable).
    docs_enabled: bool = True
    #: i12: the largest spreadsheet a landlord may upload, and the most homes in one file.
    import_max_bytes: int = 10 * 1024 * 1024
    import_max_rows: int = 20_000

    @model_validator(mode="after")
    def _refuse_development_secrets_in_production(self) -> Settings:
        try:  # comma-separated keys rotate: the first encrypts, any decrypts
            for key in self.identity_key.split(","):
                Fernet(key.strip())
        except ValueError as exc:
            raise ValueError("MATCHER_IDENTITY_KEY must be one or more Fernet keys, comma-separated") from exc
        if self.environment == "production":
            if self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32:
                raise ValueError("MATCHER_SECRET_KEY must be set to a random value of 32+ characters")
            if self.identity_key == DEVELOPMENT_IDENTITY_KEY:
                raise ValueError("MATCHER_IDENTITY_KEY must be set (a Fernet key) outside development")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
