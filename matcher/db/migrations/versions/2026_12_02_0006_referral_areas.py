"""referral areas: the places a declined or withdrawn referral was about

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "referral_areas",
        sa.Column("contact_id", sa.UUID(), nullable=False),
        sa.Column("places", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_referral_areas_contact_id_contacts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_referral_areas")),
    )


def downgrade() -> None:
    op.drop_table("referral_areas")
