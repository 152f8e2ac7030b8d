"""listing changes: which listing rows changed at which marketplace version (the live search index)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "listing_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.UUID(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_changes")),
    )
    op.create_index(op.f("ix_listing_changes_version"), "listing_changes", ["version"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_listing_changes_version"), table_name="listing_changes")
    op.drop_table("listing_changes")
