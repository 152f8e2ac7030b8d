"""Every table, in one place, so one migration history describes the whole schema.

Codes are stored as text (checked at the edge against `matcher.vocab`), sets of codes as text[]
arrays, and nested parts that are always read whole (PBS evidence, service areas, a case's pen
picture) as JSONB. Relationships are deliberately absent: each query says what it loads.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from matcher.organisations.names import name_key

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(
        UUID(as_uuid=True), primary_key=True, default=uuid.uuid4, server_default=func.gen_random_uuid()
    )


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def _updated() -> Mapped[datetime]:
    return mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


def _codes() -> Mapped[list[str]]:
    return mapped_column(ARRAY(Text), nullable=False, server_default=text("'{}'"))


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kinds: Mapped[list[str]] = _codes()
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    registered_provider: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    cqc_location_ids: Mapped[list[str]] = _codes()
    cqc_rating: Mapped[str | None] = mapped_column(String(40))
    #: i12: when `matcher import-cqc` last set the CQC facts (null: set by hand, or never).
    cqc_imported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    office: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()
    # --- i09: names unique after normalising (matcher.organisations.names); soft delete ---
    name_key: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_organisations_name_lower", func.lower(name)),)

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        """Whoever sets the name sets its unique, normalised key too."""
        self.name_key = name_key(name)
        return name


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = _uuid_pk()
    email: Mapped[str] = mapped_column(String(320), nullable=False, unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    created_at: Mapped[datetime] = _created()
    # --- i09: signing out revokes every page session of this user issued before this moment ---
    sessions_revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInFailure(Base):
    """One failed sign-in, counted per account and per client address by every process alike
    (`matcher.auth.throttle`). `key` is a keyed hash of the email or address, never the text itself."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_kind_key_at", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # "account" or "address"
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False,
                                         index=True)


class CareOffer(Base):
    """One per care organisation: what it offers, where, its PBS evidence and its capacity now."""

    __tablename__ = "care_offers"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    service_types: Mapped[list[str]] = _codes()
    client_groups: Mapped[list[str]] = _codes()
    ratios: Mapped[list[str]] = _codes()
    nights: Mapped[list[str]] = _codes()
    female_staff_only: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    male_staff_only: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    specialists: Mapped[list[str]] = _codes()
    communication: Mapped[list[str]] = _codes()
    languages: Mapped[list[str]] = _codes()
    pbs: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    pbs_level: Mapped[int] = mapped_column(Integer, nullable=False)  # derived from `pbs`, kept for filters
    #: [{"name", "radius_km", "latitude", "longitude"}], resolved when written.
    service_area: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    new_packages: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    earliest_start: Mapped[date | None] = mapped_column(Date)
    #: "Empty beds are not always available beds": capacity has its own last-confirmed time.
    capacity_updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class Property(Base):
    __tablename__ = "properties"

    id: Mapped[uuid.UUID] = _uuid_pk()
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    property_type: Mapped[str] = mapped_column(String(40), nullable=False)
    living_arrangement: Mapped[str] = mapped_column(String(40), nullable=False)
    max_occupants: Mapped[int] = mapped_column(Integer, nullable=False)
    bedrooms: Mapped[int] = mapped_column(Integer, nullable=False)
    accessibility: Mapped[str] = mapped_column(String(1), nullable=False, server_default="G")
    features: Mapped[list[str]] = _codes()
    assistive_technology: Mapped[list[str]] = _codes()
    tenure: Mapped[list[str]] = _codes()
    weekly_rent: Mapped[float | None] = mapped_column(Float)
    available_from: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="available")
    #: The location as given ({"name"} / {"postcode"} / {"latitude","longitude"}), for the owner.
    location: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    latitude: Mapped[float] = mapped_column(Float, nullable=False)
    longitude: Mapped[float] = mapped_column(Float, nullable=False)
    #: What everyone else sees: the postcode district or the town.
    area: Mapped[str] = mapped_column(String(120), nullable=False)
    care_partner_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    #: The case holding the home while `status` is `reserved`; one case only, enforced by the row.
    reserved_case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    #: i12: the landlord's own key for the home, so a spreadsheet import updates instead of duplicating.
    external_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    __table_args__ = (
        Index("ix_properties_status_lat_lon", "status", "latitude", "longitude"),
        Index("uq_properties_organisation_external_ref", "organisation_id", "external_ref", unique=True),
        CheckConstraint("(status = 'reserved') = (reserved_case_id IS NOT NULL)", name="reserved_has_case"),
        CheckConstraint("max_occupants BETWEEN 1 AND 4", name="max_occupants_range"),
    )


class Postcode(Base):
    """Centroids of full postcodes ("LE11 3TU") and districts ("LE11"), from `matcher import-postcodes`."""

    __tablename__ = "postcodes"

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # "unit" or "district"
    latitude: Mapped[float] = mapped_column(Float, nullable=False)
    longitude: Mapped[float] = mapped_column(Float, nullable=False)


class MarketplaceVersion(Base):
    """One row whose counter moves on every listing change, so search indexes know when to refresh."""

    __tablename__ = "marketplace_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default="0")


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[uuid.UUID] = _uuid_pk()
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reference: Mapped[str] = mapped_column(String(80), nullable=False)
    #: The identity record, Fernet-encrypted JSON; never shown to providers or families.
    identity_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    location: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    target_move_date: Mapped[date | None] = mapped_column(Date)
    pen_picture: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    housing_spec: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="open")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    __table_args__ = (Index("uq_cases_organisation_reference", "organisation_id", "reference", unique=True),)


class PenPictureAudit(Base):
    """Append-only (a trigger refuses UPDATE and DELETE): who created, changed, shared, read."""

    __tablename__ = "pen_picture_audit"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)  # created|updated|shared|read
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default=text("'{}'"))
    at: Mapped[datetime] = _created()


class SearchRecord(Base):
    """What a search for a stored case showed on the day: weights, ranked ids and scores."""

    __tablename__ = "search_records"

    id: Mapped[uuid.UUID] = _uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    weights: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    results: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    took_ms: Mapped[float] = mapped_column(Float, nullable=False)
    at: Mapped[datetime] = _created()


class Contact(Base):
    """One provider, or one property, approached for one case."""

    __tablename__ = "contacts"

    id: Mapped[uuid.UUID] = _uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(40))
    shared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()


class ContactEvent(Base):
    __tablename__ = "contact_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = _created()


class PropertyEvent(Base):
    """Every property status change: who, when, why, for which case."""

    __tablename__ = "property_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    property_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("properties.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = _created()


class FamilyInvitation(Base):
    __tablename__ = "family_invitations"

    id: Mapped[uuid.UUID] = _uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(128), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: When a commissioner took away the access this accepted invitation gave (the row stays, for history).
    access_removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()


class FamilyAccess(Base):
    """Which case(s) a family user may see: exactly these, nothing else."""

    __tablename__ = "family_access"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)


class Suggestion(Base):
    __tablename__ = "suggestions"

    id: Mapped[uuid.UUID] = _uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    provider_name: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    created_at: Mapped[datetime] = _created()


class OutboxEmail(Base):
    """Emails are written here in the request's transaction and sent afterwards, so none is lost."""

    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = _created()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)


# --- i14: market calls ---


class MarketCall(Base):
    """An anonymised requirement sent to the whole eligible market at once, open until `closes_at`.

    `day_ratio` and `required_pbs_level` are copied from the case when the call opens, so offers can be
    benchmarked against calls that asked the same, whatever the case says later."""

    __tablename__ = "market_calls"

    id: Mapped[uuid.UUID] = _uuid_pk()
    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="open")
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    day_ratio: Mapped[str | None] = mapped_column(String(10))
    required_pbs_level: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    excluded_organisation_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    awarded_offer_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    #: Set (once, atomically) by the reminder job a day before closing, so no one is reminded twice.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed', 'awarded')", name="status_known"),
        Index("ix_market_calls_status_closes_at", "status", "closes_at"),
    )


class MarketCallRecipient(Base):
    """One organisation a call was sent to, with what the search found eligible of it that day
    (`match`: its care score, its eligible homes and single-organisation packages, each with criteria)."""

    __tablename__ = "market_call_recipients"

    id: Mapped[uuid.UUID] = _uuid_pk()
    call_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("market_calls.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    care_eligible: Mapped[bool] = mapped_column(Boolean, nullable=False)
    eligible_property_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    match: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[datetime] = _created()

    __table_args__ = (
        Index("uq_market_call_recipients_call_organisation", "call_id", "organisation_id", unique=True),
    )


class MarketCallOffer(Base):
    """One organisation's offer to one call (revised in place while the call is open; history in
    `MarketCallEvent`). `kind` is what it offers: `care`, `home` or `both`."""

    __tablename__ = "market_call_offers"

    id: Mapped[uuid.UUID] = _uuid_pk()
    call_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("market_calls.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    weekly_cost: Mapped[Decimal] = mapped_column(Numeric(10, 2), nullable=False)
    earliest_start: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="submitted")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The database clock when the offer was last made or revised (always before the call's closes_at).
    submitted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp(), nullable=False
    )
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    __table_args__ = (
        Index("uq_market_call_offers_call_organisation", "call_id", "organisation_id", unique=True),
        CheckConstraint("weekly_cost > 0", name="weekly_cost_positive"),
        CheckConstraint("kind IN ('care', 'home', 'both')", name="kind_known"),
        CheckConstraint("status IN ('submitted', 'accepted', 'not_selected')", name="status_known"),
    )


class MarketCallEvent(Base):
    """Every status change of a call or of one of its offers (an offer's revisions too): who, when."""

    __tablename__ = "market_call_events"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    call_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("market_calls.id", ondelete="CASCADE"), nullable=False, index=True
    )
    offer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("market_call_offers.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = _created()
# --- i13b: the area a referral was about, kept once it stops being shared ---


class ReferralArea(Base):
    """The shareable places of a case (towns or postcode districts, with labels) as the provider last
    saw them, saved when its referral is declined or withdrawn: the inbox goes on saying where it was
    about, while later edits of the live case never reach that provider."""

    __tablename__ = "referral_areas"

    contact_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    places: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[datetime] = _created()
# --- i15: the live search index ---


class ListingChange(Base):
    """Which listing rows changed at which marketplace version, written in the transaction of the change.

    Each search process applies the rows after the version it holds (`matcher.search.index`), so a change
    reaches every index as that one row instead of a full rebuild. `kind` is "care" (key: the
    organisation of a care offer), "home" (key: a property) or "all" (no key: rebuild, e.g. after seeding).
    """

    __tablename__ = "listing_changes"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    key: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    at: Mapped[datetime] = _created()
# --- jobs: the landlord's spreadsheet uploads and import jobs, shared by every worker ---


class ImportJob(Base):
    """One spreadsheet upload from its preview to the end of its import (`matcher.imports.jobs`).

    In the database, not in a worker's memory, because `matcher serve` runs several workers: the confirm
    and the progress polls may reach any of them. `data` is the file, kept only until the import ends.
    """

    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
    )
    filename: Mapped[str | None] = mapped_column(Text)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), nullable=False, server_default="pending")
    done: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    total: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    problem: Mapped[str | None] = mapped_column(Text)
    skip_invalid: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _updated()

    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'checking', 'writing', 'done', 'failed')", name="status_known"
        ),
        Index("ix_import_jobs_updated_at", "updated_at"),
    )
