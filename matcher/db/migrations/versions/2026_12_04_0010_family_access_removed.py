"""family access removed: an accepted invitation records when its family member's access was taken away

A commissioner can now end a family member's access to a case (a safeguarding concern, the person asked,
the wrong relative). The family_access row goes; the invitation stays, marked, so the case page can say
whose access was removed and when.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("family_invitations", sa.Column("access_removed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("family_invitations", "access_removed_at")
