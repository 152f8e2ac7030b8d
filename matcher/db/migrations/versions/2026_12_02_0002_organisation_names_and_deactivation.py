"""organisation names unique after normalising; organisations deactivatable (soft delete); sign-out
revokes page sessions

Revision ID: 0002
Revises: 0001
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


def name_key(name: str) -> str:
    """As matcher.organisations.names.name_key at the time of this migration (kept here, frozen)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).casefold()).strip()

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("organisations", sa.Column("name_key", sa.Text(), nullable=True))
    op.add_column("organisations", sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    taken: set[str] = set()
    rows = bind.execute(sa.text("SELECT id, name FROM organisations ORDER BY created_at, id")).all()
    for organisation_id, name in rows:
        key, n = name_key(name), 1
        while key in taken:  # existing duplicates keep their names; their keys are told apart
            n += 1
            key = f"{name_key(name)} ({n})"
        taken.add(key)
        bind.execute(sa.text("UPDATE organisations SET name_key = :key WHERE id = :id"),
                     {"key": key, "id": organisation_id})
    op.alter_column("organisations", "name_key", nullable=False)
    op.create_unique_constraint(op.f("uq_organisations_name_key"), "organisations", ["name_key"])
    op.add_column("users", sa.Column("sessions_revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "sessions_revoked_at")
    op.drop_constraint(op.f("uq_organisations_name_key"), "organisations", type_="unique")
    op.drop_column("organisations", "deactivated_at")
    op.drop_column("organisations", "name_key")
