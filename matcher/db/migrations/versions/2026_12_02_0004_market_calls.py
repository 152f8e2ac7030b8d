"""market calls: calls, their recipients, offers and the status history of both

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _uuid_array(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, postgresql.ARRAY(sa.UUID()), server_default=sa.text("'{}'"), nullable=False)


def _at(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "market_calls",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("day_ratio", sa.String(length=10), nullable=True),
        sa.Column("required_pbs_level", sa.Integer(), server_default="0", nullable=False),
        _uuid_array("excluded_organisation_ids"),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("awarded_offer_id", sa.UUID(), nullable=True),
        sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.UUID(), nullable=True),
        _at("created_at"),
        _at("updated_at"),
        sa.CheckConstraint("status IN ('open', 'closed', 'awarded')",
                           name=op.f("ck_market_calls_status_known")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_market_calls_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_market_calls_created_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_calls")),
    )
    op.create_index(op.f("ix_market_calls_case_id"), "market_calls", ["case_id"], unique=False)
    op.create_index("ix_market_calls_status_closes_at", "market_calls", ["status", "closes_at"], unique=False)

    op.create_table(
        "market_call_recipients",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("call_id", sa.UUID(), nullable=False),
        sa.Column("organisation_id", sa.UUID(), nullable=False),
        sa.Column("care_eligible", sa.Boolean(), nullable=False),
        _uuid_array("eligible_property_ids"),
        sa.Column("match", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        _at("created_at"),
        sa.ForeignKeyConstraint(["call_id"], ["market_calls.id"],
                                name=op.f("fk_market_call_recipients_call_id_market_calls"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_market_call_recipients_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_call_recipients")),
    )
    op.create_index(op.f("ix_market_call_recipients_call_id"), "market_call_recipients", ["call_id"])
    op.create_index(op.f("ix_market_call_recipients_organisation_id"), "market_call_recipients",
                    ["organisation_id"])
    op.create_index("uq_market_call_recipients_call_organisation", "market_call_recipients",
                    ["call_id", "organisation_id"], unique=True)

    op.create_table(
        "market_call_offers",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("call_id", sa.UUID(), nullable=False),
        sa.Column("organisation_id", sa.UUID(), nullable=False),
        sa.Column("property_id", sa.UUID(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("weekly_cost", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("earliest_start", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=20), server_default="submitted", nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"),
                  nullable=False),
        _at("created_at"),
        _at("updated_at"),
        sa.CheckConstraint("weekly_cost > 0", name=op.f("ck_market_call_offers_weekly_cost_positive")),
        sa.CheckConstraint("kind IN ('care', 'home', 'both')", name=op.f("ck_market_call_offers_kind_known")),
        sa.CheckConstraint("status IN ('submitted', 'accepted', 'not_selected')",
                           name=op.f("ck_market_call_offers_status_known")),
        sa.ForeignKeyConstraint(["call_id"], ["market_calls.id"],
                                name=op.f("fk_market_call_offers_call_id_market_calls"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_market_call_offers_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["property_id"], ["properties.id"],
                                name=op.f("fk_market_call_offers_property_id_properties"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_market_call_offers_created_by_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_call_offers")),
    )
    op.create_index(op.f("ix_market_call_offers_call_id"), "market_call_offers", ["call_id"])
    op.create_index(op.f("ix_market_call_offers_organisation_id"), "market_call_offers", ["organisation_id"])
    op.create_index("uq_market_call_offers_call_organisation", "market_call_offers",
                    ["call_id", "organisation_id"], unique=True)

    op.create_table(
        "market_call_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("call_id", sa.UUID(), nullable=False),
        sa.Column("offer_id", sa.UUID(), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _at("at"),
        sa.ForeignKeyConstraint(["call_id"], ["market_calls.id"],
                                name=op.f("fk_market_call_events_call_id_market_calls"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offer_id"], ["market_call_offers.id"],
                                name=op.f("fk_market_call_events_offer_id_market_call_offers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_market_call_events_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_market_call_events")),
    )
    op.create_index(op.f("ix_market_call_events_call_id"), "market_call_events", ["call_id"])


def downgrade() -> None:
    op.drop_table("market_call_events")
    op.drop_table("market_call_offers")
    op.drop_table("market_call_recipients")
    op.drop_table("market_calls")
