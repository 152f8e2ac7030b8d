"""i12: landlords' own keys for homes (spreadsheet import) and when CQC facts were imported

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("properties", sa.Column("external_ref", sa.String(length=100), nullable=True))
    # NULLs are distinct in a unique index: homes listed by hand (no key) never collide.
    op.create_index(
        "uq_properties_organisation_external_ref",
        "properties",
        ["organisation_id", "external_ref"],
        unique=True,
    )
    op.add_column("organisations", sa.Column("cqc_imported_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("organisations", "cqc_imported_at")
    op.drop_index("uq_properties_organisation_external_ref", table_name="properties")
    op.drop_column("properties", "external_ref")
