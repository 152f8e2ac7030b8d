"""Rules for market calls: one anonymised requirement sent to every eligible provider at once, offers
collected until a closing time the database keeps, ranked by quality against cost, one awarded.

- Opening a call shares the pen picture and housing specification with every care organisation the
  case's search finds eligible and every housing organisation with an eligible home, minus those the
  commissioner leaves out. Each share is audited like a contact's, each recipient's users are emailed (a
  link to sign in, never the pen picture), and the family view lists the recipients as contacted.
- A recipient makes one offer (and revises it) while the call is open by the database clock; after
  `closes_at`, or once closed early, an offer is 409. Recipients never see each other's offers.
- Awarding accepts one offer, marks the others `not_selected`, and moves the awarded organisation's
  contact for the case (created if absent) to `offered` through the contact state machine.

Who may call what: docs/authorisation.md, "Market calls".
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.audit import record_pen_picture_event
from matcher.auth import Actor
from matcher.cases.identity import KnownIdentifiers, known_identifiers
from matcher.contacts import repository as contacts
from matcher.contacts.access import CaseView, case_view, require_open, require_owner, visible_case
from matcher.contacts.service import shareable_places
from matcher.contacts.transitions import TRANSITIONS
from matcher.db.models import Case, Contact, ContactEvent, MarketCall, MarketCallEvent, MarketCallRecipient
from matcher.errors import Conflict, Forbidden, InvalidInput, NotFound
from matcher.families.outbox import queue_email
from matcher.market_calls import repository
from matcher.market_calls.repository import CallRow, InboxRow
from matcher.market_calls.schemas import (
    BenchmarkOut,
    CriterionOut,
    EligibleHomeOut,
    MarketCallIn,
    MarketCallOut,
    OfferHistoryOut,
    OfferIn,
    OfferPatch,
    OwnOfferOut,
    ProviderCallOut,
    RankedOfferOut,
    RankedOffers,
    RecipientCounts,
)
from matcher.scoring import CaseQuery
from matcher.scoring.offers import (
    InvalidOfferWeights,
    OfferCriterion,
    OfferToRank,
    benchmark,
    benchmark_evidence,
    offer_weights,
    pounds,
    rank_offers,
)
from matcher.screening import screen_free_text
from matcher.search import service as search
from matcher.search.index import MarketplaceIndex
from matcher.settings import Settings

CALL_NOT_FOUND: Final = "No market call with that id."
OFFER_NOT_FOUND: Final = "No offer with that id."
CALL_CLOSED: Final = "This market call is closed: offers were accepted until its closing time."


# --- who is eligible ---------------------------------------------------------------------------------


@dataclass
class Eligible:
    """What the search found eligible of one organisation: its care (score and criteria), its homes and
    its single-organisation packages (by property id)."""

    care: dict[str, Any] | None = None
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    packages: dict[str, dict[str, Any]] = field(default_factory=dict)


def _criteria_json(items: Any) -> list[dict[str, Any]]:
    return [
        {"criterion": c.criterion, "score": c.score, "weight": c.weight, "evidence": c.evidence}
        for c in items
    ]


async def _eligible_recipients(
    session: AsyncSession, index: MarketplaceIndex, query: CaseQuery
) -> dict[uuid.UUID, Eligible]:
    """EVERY eligible candidate of the case, by organisation: the one place that asks the search.

    Until the search offers "all eligible candidates of a case", this runs today's search with a limit
    as large as the marketplace, so no eligible care provider or home is cut. Single-organisation
    packages beyond that limit (possible only when pairs outnumber providers and homes together) are
    not reported; `_match` then falls back to the lower of the care and home scores. Re-point this one
    function when the search grows its own."""
    snapshot = await index.current(session)
    marketplace = snapshot.marketplace
    limit = max(1, marketplace.provider_count + marketplace.home_count)
    outcome = await asyncio.to_thread(marketplace.search, query, None, limit)
    found: dict[uuid.UUID, Eligible] = {}
    for care in outcome.care:
        found.setdefault(uuid.UUID(care.organisation_id), Eligible()).care = {
            "score": care.score,
            "criteria": _criteria_json(care.criteria),
        }
    for home in outcome.housing:
        found.setdefault(uuid.UUID(home.organisation_id), Eligible()).homes[home.property_id] = {
            "title": home.title,
            "score": home.score,
            "criteria": _criteria_json(home.criteria),
        }
    for package in outcome.packages:
        if package.kind == "single_organisation":
            found.setdefault(uuid.UUID(package.organisation_id), Eligible()).packages[package.property_id] = {
                "score": package.score,
                "criteria": _criteria_json(package.criteria),
            }
    return found


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation a call for the case would go to now (for the page that opens one)."""

    organisation_id: uuid.UUID
    name: str
    care: bool
    homes: int


async def would_receive(
    session: AsyncSession, index: MarketplaceIndex, actor: Actor, case_id: uuid.UUID
) -> list[Candidate]:
    """Who a call opened now would go to, by name, so the commissioner can leave some out."""
    query = await search.stored_case_query(session, actor, case_id)
    eligible = await _eligible_recipients(session, index, query)
    names = await repository.organisation_names(session, list(eligible))
    return sorted(
        (
            Candidate(org, names.get(org, ""), found.care is not None, len(found.homes))
            for org, found in eligible.items()
        ),
        key=lambda c: (c.name.lower(), str(c.organisation_id)),
    )


# --- shaping -----------------------------------------------------------------------------------------


def _closed_at(call: Any, status: str) -> datetime | None:
    """When the call stopped taking offers: closed early by the commissioner, else its closing time once
    passed; None while it is open."""
    return call.closed_at if call.closed_at is not None else (call.closes_at if status != "open" else None)


def _call_out(row: CallRow) -> MarketCallOut:
    call = row.call
    closed_at = _closed_at(call, row.status)
    return MarketCallOut(
        id=call.id,
        case_id=call.case_id,
        status=row.status,
        closes_at=call.closes_at,
        closed_at=closed_at,
        note=call.note,
        recipients=RecipientCounts(care=row.care, housing=row.housing),
        offers=row.offers,
        excluded_organisation_ids=list(call.excluded_organisation_ids),
        awarded_offer_id=call.awarded_offer_id,
        created_at=call.created_at,
    )


def _own_offer_out(offer: Any) -> OwnOfferOut:
    return OwnOfferOut(
        id=offer.id,
        property_id=offer.property_id,
        kind=offer.kind,
        weekly_cost=float(offer.weekly_cost),
        earliest_start=offer.earliest_start,
        note=offer.note,
        status=offer.status,
        submitted_at=offer.submitted_at,
    )


def _call_over_for(row: InboxRow, offer: Any) -> bool:
    """Awarded to someone else (or to this recipient without an accepted offer): the person's needs are no
    longer this organisation's business, as for a declined referral, so it sees the outcome only."""
    return row.status == "awarded" and (offer is None or offer.status != "accepted")


def _provider_call_out(row: InboxRow, offer: Any) -> ProviderCallOut:
    case, recipient = row.case, row.recipient
    if _call_over_for(row, offer):
        return ProviderCallOut(
            id=row.call.id, status=row.status, closes_at=row.call.closes_at,
            closed_at=_closed_at(row.call, row.status), note="",
            commissioner_organisation=row.commissioner_name, pen_picture={}, housing_spec={}, places=[],
            max_distance_km=None, target_move_date=None, care_eligible=recipient.care_eligible,
            eligible_homes=[], offer=_own_offer_out(offer) if offer is not None else None,
        )
    location = case.location if isinstance(case.location, dict) else {}
    distance = location.get("max_distance_km")
    homes = recipient.match.get("homes") or {}
    eligible = [
        EligibleHomeOut(property_id=uuid.UUID(pid), title=home["title"], score=home["score"])
        for pid, home in sorted(homes.items(), key=lambda kv: (-kv[1]["score"], kv[0]))
    ]
    return ProviderCallOut(
        id=row.call.id,
        status=row.status,
        closes_at=row.call.closes_at,
        closed_at=_closed_at(row.call, row.status),
        note=row.call.note,
        commissioner_organisation=row.commissioner_name,
        pen_picture=case.pen_picture,
        housing_spec=case.housing_spec,
        places=shareable_places(location),
        max_distance_km=float(distance) if isinstance(distance, int | float) else None,
        target_move_date=case.target_move_date,
        care_eligible=recipient.care_eligible,
        eligible_homes=eligible,
        offer=_own_offer_out(offer) if offer is not None else None,
    )


# --- opening a call ----------------------------------------------------------------------------------


async def _screen_note(note: str, known: KnownIdentifiers) -> None:
    """Every recipient reads the note, so it is held to the pen picture's rule: no identifiers (dates are
    allowed: a note says when visits or a start could be)."""
    await screen_free_text("note", note, *known)


async def open_call(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    case_id: uuid.UUID,
    body: MarketCallIn,
    settings: Settings,
) -> MarketCallOut:
    case, view = await visible_case(session, actor, case_id, for_update=True)
    require_owner(view, "open a market call for it")
    require_open(case)
    if body.closes_at <= await repository.database_now(session):
        raise InvalidInput.for_field("closes_at", "must be in the future")
    await _screen_note(body.note, known_identifiers(case.identity_encrypted, settings.identity_key))
    excluded = set(body.exclude_organisation_ids)
    known = await repository.organisation_names(session, sorted(excluded))
    for position, organisation_id in enumerate(body.exclude_organisation_ids):
        if organisation_id not in known:  # a typo here would send the call to the one meant
            raise InvalidInput.for_field(
                f"exclude_organisation_ids[{position}]", "no organisation with that id"
            )
    query = await search.stored_case_query(session, actor, case_id)
    eligible = {
        org: found
        for org, found in (await _eligible_recipients(session, index, query)).items()
        if org not in excluded and (found.care is not None or found.homes)
    }
    staffing = (case.pen_picture or {}).get("staffing") or {}
    call = await repository.add_call(
        session,
        MarketCall(
            case_id=case.id,
            closes_at=body.closes_at,
            note=body.note.strip(),
            day_ratio=staffing.get("day_ratio"),
            required_pbs_level=int((case.pen_picture or {}).get("required_pbs_level") or 0),
            excluded_organisation_ids=sorted(excluded),
            created_by=actor.user_id,
        ),
    )
    await repository.add_recipients(
        session,
        [
            MarketCallRecipient(
                call_id=call.id,
                organisation_id=org,
                care_eligible=found.care is not None,
                eligible_property_ids=[uuid.UUID(p) for p in sorted(found.homes)],
                match={"care": found.care, "homes": found.homes, "packages": found.packages},
            )
            for org, found in sorted(eligible.items(), key=lambda kv: str(kv[0]))
        ],
    )
    await repository.add_event(
        session, MarketCallEvent(call_id=call.id, user_id=actor.user_id, from_status=None, to_status="open")
    )
    for org in sorted(eligible, key=str):
        await record_pen_picture_event(
            session,
            case_id=case.id,
            action="shared",
            actor=actor,
            detail={"organisation_id": str(org), "market_call_id": str(call.id)},
        )
    await _email_recipients(session, settings, call, list(eligible), reminder=False)
    row = await repository.get_call(session, call.id)
    assert row is not None  # written just now
    return _call_out(row)


async def _email_recipients(
    session: AsyncSession,
    settings: Settings,
    call: MarketCall,
    organisation_ids: list[uuid.UUID],
    *,
    reminder: bool,
) -> int:
    """One email per user of each organisation: when the call closes and a link to sign in. Never the
    pen picture, the case reference or the place: an email may reach the wrong inbox."""
    url = f"{settings.public_url.rstrip('/')}/provider/market-calls/{call.id}"
    closes = f"{call.closes_at.astimezone(UTC):%d %B %Y at %H:%M} UTC"
    if reminder:
        subject = "Reminder: a market call you received closes tomorrow"
        lead = "A market call sent to your organisation closes within a day, and you have not made an offer."
    else:
        subject = "A new market call: a commissioner is looking for support and a home"
        lead = (
            "A commissioner has sent an anonymised requirement for a care and housing package to every "
            "provider whose listing fits it, including your organisation."
        )
    body = (
        f"{lead}\n\nOffers close on {closes}.\n\nSign in to read the requirement and make an offer: "
        f"{url}\n\nIf you were not expecting this email, you can ignore it.\n"
    )
    emails = await repository.recipient_emails(session, organisation_ids)
    for email in emails:
        await queue_email(session, email, subject, body)
    return len(emails)


async def send_reminders(session: AsyncSession, settings: Settings) -> int:
    """Remind the recipients without an offer of every open call closing within a day, once per call
    (the call is claimed in the same UPDATE that marks it reminded). Returns the emails queued."""
    queued = 0
    for call in await repository.claim_due_reminders(session):
        waiting = await repository.organisations_without_offer(session, call.id)
        queued += await _email_recipients(session, settings, call, waiting, reminder=True)
    return queued


# --- reading calls -----------------------------------------------------------------------------------


async def _call_and_view(
    session: AsyncSession, actor: Actor, call_id: uuid.UUID
) -> tuple[CallRow, CaseView | None, Case | None]:
    row = await repository.get_call(session, call_id)
    if row is None:
        raise NotFound(CALL_NOT_FOUND)
    case = await contacts.get_case(session, row.call.case_id)
    view = await case_view(session, actor, case) if case is not None else None
    return row, view, case


async def list_case_calls(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[MarketCallOut], int]:
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden(
            "Families see the providers contacted in the family view: GET /cases/{id}/family-view."
        )
    rows, total = await repository.list_case_calls(session, case_id, limit=limit, offset=offset)
    return [_call_out(row) for row in rows], total


async def get_call(
    session: AsyncSession, actor: Actor, call_id: uuid.UUID
) -> MarketCallOut | ProviderCallOut:
    """The commissioners' (and admins') view, or the recipient's; 404 for everyone else."""
    row, view, _case = await _call_and_view(session, actor, call_id)
    if view in ("owner", "admin"):
        return _call_out(row)
    if view == "family":
        raise Forbidden(
            "Families see the providers contacted in the family view: GET /cases/{id}/family-view."
        )
    organisation_id = _recipient_organisation(actor)
    inbox = await repository.inbox_call(session, call_id, organisation_id) if organisation_id else None
    if inbox is None:
        raise NotFound(CALL_NOT_FOUND)
    offer = await repository.own_offer(session, call_id, inbox.recipient.organisation_id)
    if not _call_over_for(inbox, offer):
        await _audit_read(session, actor, inbox, via="market_call")
    return _provider_call_out(inbox, offer)


def _recipient_organisation(actor: Actor) -> uuid.UUID | None:
    return actor.organisation_id if actor.role == "provider" else None


async def _audit_read(session: AsyncSession, actor: Actor, row: InboxRow, *, via: str) -> None:
    await record_pen_picture_event(
        session,
        case_id=row.case.id,
        action="read",
        actor=actor,
        detail={
            "organisation_id": str(row.recipient.organisation_id),
            "market_call_id": str(row.call.id),
            "via": via,
        },
    )


async def inbox(
    session: AsyncSession, actor: Actor, *, limit: int, offset: int
) -> tuple[list[ProviderCallOut], int]:
    """The open calls sent to the provider's organisation; each pen picture returned is an audited read."""
    organisation_id = _recipient_organisation(actor)
    if organisation_id is None:
        raise Forbidden(
            "Market calls are received by provider organisations; commissioners see theirs "
            "under GET /cases/{id}/market-calls."
        )
    rows, total = await repository.open_calls_for(session, organisation_id, limit=limit, offset=offset)
    out = []
    for row in rows:
        await _audit_read(session, actor, row, via="market_call_list")
        out.append(_provider_call_out(row, await repository.own_offer(session, row.call.id, organisation_id)))
    return out, total


async def own_offers(
    session: AsyncSession, actor: Actor, *, call_state: str | None, limit: int, offset: int
) -> tuple[list[OfferHistoryOut], int]:
    """The provider organisation's offers and their outcomes (accepted, not selected, or waiting for a
    decision on a closed call): the inbox lists only open calls, so this is where an outcome is found."""
    organisation_id = _recipient_organisation(actor)
    if organisation_id is None:
        raise Forbidden("Offers are made by provider organisations; commissioners read them per call.")
    rows, total = await repository.offers_made_by(
        session, organisation_id, call_state=call_state, limit=limit, offset=offset
    )
    return [
        OfferHistoryOut(
            id=row.offer.id,
            call_id=row.call.id,
            call_status=row.call_status,
            closes_at=row.call.closes_at,
            closed_at=row.call.closed_at,
            commissioner_organisation=row.commissioner_name,
            property_id=row.offer.property_id,
            kind=row.offer.kind,
            weekly_cost=float(row.offer.weekly_cost),
            earliest_start=row.offer.earliest_start,
            status=row.offer.status,
            submitted_at=row.offer.submitted_at,
        )
        for row in rows
    ], total


# --- closing -----------------------------------------------------------------------------------------


async def _owned_call_for_update(
    session: AsyncSession, actor: Actor, call_id: uuid.UUID, action: str
) -> tuple[MarketCall, str, Case]:
    row, view, case = await _call_and_view(session, actor, call_id)
    if view is None and not await _is_recipient(session, actor, call_id):
        raise NotFound(CALL_NOT_FOUND)
    if view != "owner" or case is None:
        raise Forbidden(f"Only the commissioners of the case's organisation can {action}.")
    locked = await repository.lock_call(session, call_id)
    assert locked is not None  # found above; calls are never deleted but with their case
    return locked[0], locked[1], case


async def _is_recipient(session: AsyncSession, actor: Actor, call_id: uuid.UUID) -> bool:
    organisation_id = _recipient_organisation(actor)
    return (
        organisation_id is not None
        and await repository.get_recipient(session, call_id, organisation_id) is not None
    )


async def close_call(session: AsyncSession, actor: Actor, call_id: uuid.UUID) -> MarketCallOut:
    """Close before `closes_at`. Taking the call's row lock waits for offers being made this instant
    (they hold it FOR SHARE), so an offer either lands before the close or is refused after it."""
    call, status, _case = await _owned_call_for_update(session, actor, call_id, "close its market calls")
    if status == "awarded":
        raise Conflict("This market call has been awarded already.", call_status=status)
    if call.status == "open":
        await repository.close_call(session, call_id, status="closed")
        await repository.add_event(
            session,
            MarketCallEvent(
                call_id=call_id,
                user_id=actor.user_id,
                from_status="open",
                to_status="closed",
                note="closed early" if status == "open" else None,
            ),
        )
    row = await repository.get_call(session, call_id)
    assert row is not None
    return _call_out(row)


# --- offers ------------------------------------------------------------------------------------------


def _offer_kind(
    recipient: MarketCallRecipient, property_id: uuid.UUID | None, includes_care: bool | None
) -> str:
    if property_id is not None and property_id not in set(recipient.eligible_property_ids):
        raise InvalidInput.for_field(
            "property_id",
            "must be one of your organisation's homes that fit this call (listed under eligible_homes)",
        )
    if property_id is None:
        if not recipient.care_eligible:
            raise InvalidInput.for_field(
                "property_id",
                "required: your organisation was sent this call for "
                "its homes; name one of its eligible homes",
            )
        return "care"
    wants_care = recipient.care_eligible if includes_care is None else includes_care
    if wants_care and not recipient.care_eligible:
        raise InvalidInput.for_field("includes_care", "your organisation's care offer does not fit this call")
    return "both" if wants_care else "home"


async def _recipient_for_offer(
    session: AsyncSession, actor: Actor, call_id: uuid.UUID
) -> MarketCallRecipient:
    """The actor's organisation's recipient row; 404 for a non-recipient, 403 for those who see the call
    but do not offer (its commissioners, admins, the family)."""
    organisation_id = _recipient_organisation(actor)
    recipient = (
        await repository.get_recipient(session, call_id, organisation_id)
        if organisation_id is not None
        else None
    )
    if recipient is not None:
        return recipient
    row, view, _case = await _call_and_view(session, actor, call_id)
    if view is not None:
        raise Forbidden("Offers are made by the organisations the call was sent to.")
    raise NotFound(CALL_NOT_FOUND)


def _refuse_a_past_start(earliest_start: date | None) -> None:
    """A start before today is a slip (2020 for 2027), and the commissioner would compare it as given
    (found from outside: offers "from 2 March 2021" were listed)."""
    if earliest_start is not None and earliest_start < date.today():
        raise InvalidInput.for_field(
            "earliest_start", "must be today or later; leave it blank if it is not known yet"
        )


async def make_offer(session: AsyncSession, actor: Actor, call_id: uuid.UUID, body: OfferIn) -> OwnOfferOut:
    recipient = await _recipient_for_offer(session, actor, call_id)
    _refuse_a_past_start(body.earliest_start)
    if not await repository.lock_call_open_for_offers(session, call_id):
        raise Conflict(CALL_CLOSED)
    kind = _offer_kind(recipient, body.property_id, body.includes_care)
    offer_id = await repository.insert_offer(
        session,
        {
            "call_id": call_id,
            "organisation_id": recipient.organisation_id,
            "property_id": body.property_id,
            "kind": kind,
            "weekly_cost": body.weekly_cost,
            "earliest_start": body.earliest_start,
            "note": body.note.strip(),
            "created_by": actor.user_id,
            "submitted_at": func.clock_timestamp(),
        },
    )
    if offer_id is None:
        existing = await repository.own_offer(session, call_id, recipient.organisation_id)
        raise Conflict(
            "Your organisation has already made an offer to this call: revise it with PATCH /offers/{id}.",
            offer_id=str(existing.id) if existing else None,
        )
    await repository.add_event(
        session,
        MarketCallEvent(
            call_id=call_id, offer_id=offer_id, user_id=actor.user_id, from_status=None, to_status="submitted"
        ),
    )
    offer = await repository.get_offer(session, offer_id)
    assert offer is not None
    return _own_offer_out(offer)


async def revise_offer(
    session: AsyncSession, actor: Actor, offer_id: uuid.UUID, body: OfferPatch
) -> OwnOfferOut:
    offer = await repository.get_offer(session, offer_id)
    if offer is None:
        raise NotFound(OFFER_NOT_FOUND)
    if not (actor.role == "provider" and actor.belongs_to(offer.organisation_id)):
        _row, view, _case = await _call_and_view(session, actor, offer.call_id)
        if view is not None:
            raise Forbidden("Only the organisation that made an offer can revise it.")
        raise NotFound(OFFER_NOT_FOUND)
    recipient = await repository.get_recipient(session, offer.call_id, offer.organisation_id)
    assert recipient is not None  # only recipients make offers
    if not await repository.lock_call_open_for_offers(session, offer.call_id):
        raise Conflict(CALL_CLOSED)
    given = body.model_fields_set
    property_id = body.property_id if "property_id" in given else offer.property_id
    includes_care = body.includes_care
    if includes_care is None and "property_id" not in given:
        includes_care = offer.kind in ("care", "both")
    values: dict[str, Any] = {
        "property_id": property_id,
        "kind": _offer_kind(recipient, property_id, includes_care),
    }
    if body.weekly_cost is not None:
        values["weekly_cost"] = body.weekly_cost
    if "earliest_start" in given:
        _refuse_a_past_start(body.earliest_start)
        values["earliest_start"] = body.earliest_start
    if body.note is not None:
        values["note"] = body.note.strip()
    await repository.revise_offer(session, offer.id, values)
    await repository.add_event(
        session,
        MarketCallEvent(
            call_id=offer.call_id,
            offer_id=offer.id,
            user_id=actor.user_id,
            from_status=offer.status,
            to_status=offer.status,
            note="revised",
        ),
    )
    revised = await repository.get_offer(session, offer.id)
    assert revised is not None
    return _own_offer_out(revised)


# --- ranking -----------------------------------------------------------------------------------------


def _match(
    recipient: MarketCallRecipient, kind: str, property_id: uuid.UUID | None
) -> tuple[float, list[Any]]:
    """The search's score (and criteria) for what is offered: the provider, the home or the package."""
    match: Mapping[str, Any] = recipient.match
    care = match.get("care")
    home = (match.get("homes") or {}).get(str(property_id)) if property_id else None
    if kind == "care" and care:
        return float(care["score"]), list(care["criteria"])
    if kind == "home" and home:
        return float(home["score"]), list(home["criteria"])
    package = (match.get("packages") or {}).get(str(property_id)) if property_id else None
    if package:
        return float(package["score"]), list(package["criteria"])
    if care and home:  # a package the search did not report (see _eligible_recipients)
        lower = care if care["score"] <= home["score"] else home
        return float(lower["score"]), list(lower["criteria"])
    return 0.0, []


def _normalised(criteria: list[Any]) -> tuple[OfferCriterion, ...]:
    total = sum(float(c["weight"]) for c in criteria)
    return tuple(
        OfferCriterion(
            c["criterion"], float(c["score"]), float(c["weight"]) / total if total > 0 else 0.0, c["evidence"]
        )
        for c in criteria
    )


async def ranked_offers(
    session: AsyncSession,
    actor: Actor,
    call_id: uuid.UUID,
    *,
    quality: float,
    cost: float,
    limit: int | None = None,
    offset: int = 0,
) -> RankedOffers:
    """Every offer is ranked (the cost score needs them all); `limit` and `offset` cut the ranked list."""
    row, view, _case = await _call_and_view(session, actor, call_id)
    if view not in ("owner", "admin"):
        if view == "family" or await _is_recipient(session, actor, call_id):
            raise Forbidden("Only the case's commissioners see the offers; providers never see each other's.")
        raise NotFound(CALL_NOT_FOUND)
    try:
        q, c = offer_weights(quality, cost)
    except InvalidOfferWeights as exc:
        raise InvalidInput.for_field("quality", str(exc)) from exc
    offers = await repository.offers_of(session, call_id)
    recipients = {r.organisation_id: r for r in await repository.recipients_of(session, call_id)}
    inputs = []
    for offer_row in offers:
        offer = offer_row.offer
        score, criteria = _match(recipients[offer.organisation_id], offer.kind, offer.property_id)
        inputs.append(
            OfferToRank(
                offer_id=str(offer.id),
                organisation_id=str(offer.organisation_id),
                kind=offer.kind,  # type: ignore[arg-type]
                weekly_cost=float(offer.weekly_cost),
                match_score=score,
                match_criteria=_normalised(criteria),
            )
        )
    comparable = await repository.comparable_costs(session, row.call)
    by_id = {str(r.offer.id): r for r in offers}
    items = []
    for ranked in rank_offers(inputs, q, c):
        offer_row = by_id[ranked.offer_id]
        offer = offer_row.offer
        found = benchmark(ranked.weekly_cost, comparable.get(offer.kind, []))
        items.append(
            RankedOfferOut(
                id=offer.id,
                organisation_id=offer.organisation_id,
                organisation_name=offer_row.organisation_name,
                property_id=offer.property_id,
                property_title=offer_row.property_title,
                kind=offer.kind,
                weekly_cost=ranked.weekly_cost,
                earliest_start=offer.earliest_start,
                note=offer.note,
                status=offer.status,
                score=ranked.score,
                match_score=ranked.match_score,
                criteria=[
                    CriterionOut(criterion=x.criterion, score=x.score, weight=x.weight, evidence=x.evidence)
                    for x in ranked.criteria
                ],
                benchmark=None
                if found is None
                else BenchmarkOut(
                    median_weekly_cost=found.median_weekly_cost,
                    offers_compared=found.offers_compared,
                    difference_pct=found.difference_pct,
                    evidence=benchmark_evidence(found, row.call.day_ratio, row.call.required_pbs_level),
                ),
            )
        )
    page = items[offset : None if limit is None else offset + limit]
    return RankedOffers(items=page, total=len(items), quality=round(q, 4), cost=round(c, 4))


# --- awarding ----------------------------------------------------------------------------------------


def _path_to_offered(status: str) -> list[tuple[str, str]] | None:
    """The shortest walk through the contact state machine from `status` to `offered`, as (role, status)
    steps, never through `declined` or `withdrawn`; None when there is none."""
    queue: deque[tuple[str, list[tuple[str, str]]]] = deque([(status, [])])
    seen = {status}
    while queue:
        current, path = queue.popleft()
        if current == "offered":
            return path
        for role, moves in TRANSITIONS.items():
            for nxt in moves.get(current, ()):
                if nxt not in seen and nxt not in ("declined", "withdrawn"):
                    seen.add(nxt)
                    queue.append((nxt, [*path, (role, nxt)]))
    return None


async def _contact_to_offered(session: AsyncSession, actor: Actor, case: Case, offer: Any) -> None:
    """The awarded organisation's open contact for the case (about the offered home, if any) walks the
    state machine to `offered`: the provider's own step (`interested`) is its offer, made by the user who
    made it; the commissioner's steps are the awarding commissioner's. No open contact: a new one, shared
    (the call shared the pen picture already), then the same walk."""
    contact: Contact | None = await repository.open_contact(
        session, case.id, offer.organisation_id, offer.property_id
    )
    if contact is None:
        contact = await contacts.add_contact(
            session,
            Contact(
                case_id=case.id,
                organisation_id=offer.organisation_id,
                property_id=offer.property_id,
                status="contacted",
                shared_at=func.now(),
            ),
        )
        await contacts.add_event(
            session,
            ContactEvent(
                contact_id=contact.id,
                user_id=actor.user_id,
                from_status=None,
                to_status="contacted",
                note="Market call awarded",
            ),
        )
    path = _path_to_offered(contact.status)
    if path is None:  # cannot happen from an open status; refuse rather than jump the state machine
        raise Conflict(f"The organisation's contact is '{contact.status}' and cannot move to 'offered'.")
    status, version = contact.status, contact.version
    for role, to_status in path:
        user_id = offer.created_by if role == "provider" else actor.user_id
        note = "Offer made to the market call" if role == "provider" else "Market call awarded"
        if not await contacts.change_status(
            session,
            contact.id,
            version=version,
            from_status=status,
            to_status=to_status,
            reason=None,
            share=False,
        ):
            raise Conflict("The organisation's contact changed at the same time; try again.")
        await contacts.add_event(
            session,
            ContactEvent(
                contact_id=contact.id, user_id=user_id, from_status=status, to_status=to_status, note=note
            ),
        )
        status, version = to_status, version + 1


async def _require_home_free(
    session: AsyncSession, property_id: uuid.UUID | None, case_id: uuid.UUID
) -> None:
    """409 when the offered home is no longer free for this case: since the offer it was let, withdrawn or
    reserved for another case. Awarding it anyway would move the contact to `offered` about a home the
    person cannot have; the commissioner awards another offer instead."""
    if property_id is None:
        return
    home = await repository.home_for_update(session, property_id)
    if home is None:
        raise Conflict("The home in this offer no longer exists: award another offer.",
                       property_status="deleted")
    if home.status == "available" or (home.status == "reserved" and home.reserved_case_id == case_id):
        return
    now = {"reserved": "reserved for another case", "withdrawn": "withdrawn from the market"}
    raise Conflict(f"The home in this offer, {home.title}, has been {now.get(home.status, home.status)} "
                   "since the offer was made: award another offer, or ask the landlord.",
                   property_status=home.status)


async def award(
    session: AsyncSession, actor: Actor, call_id: uuid.UUID, offer_id: uuid.UUID
) -> MarketCallOut:
    call, status, case = await _owned_call_for_update(session, actor, call_id, "award its market calls")
    require_open(case)
    if status == "open":
        raise Conflict(
            "This market call is still open: close it early (POST /market-calls/{id}/close) or "
            "wait for its closing time before awarding.",
            call_status=status,
        )
    if status == "awarded":
        raise Conflict("This market call has been awarded already.", call_status=status)
    offer = await repository.get_offer(session, offer_id)
    if offer is None or offer.call_id != call_id:
        raise InvalidInput.for_field("offer_id", "not an offer made to this market call")
    organisation = await contacts.get_organisation(session, offer.organisation_id)
    if organisation is None or organisation.deactivated_at is not None:
        # Nobody there can sign in to take the placement on (found from outside: it was awarded, then
        # moved to offered and accepted), as a contact with it cannot be made either.
        raise Conflict(
            f"{organisation.name if organisation else 'This organisation'} has left the service since it "
            "made the offer: award another offer.",
            organisation_active=False,
        )
    await _require_home_free(session, offer.property_id, case.id)
    if call.status == "open":  # past its closing time: record the close first
        await repository.add_event(
            session,
            MarketCallEvent(
                call_id=call_id,
                user_id=None,
                from_status="open",
                to_status="closed",
                note="closing time passed",
            ),
        )
    await repository.set_awarded(session, call_id, offer.id)
    await repository.add_event(
        session,
        MarketCallEvent(call_id=call_id, user_id=actor.user_id, from_status="closed", to_status="awarded"),
    )
    for changed_id, from_status, to_status in await repository.set_offer_statuses(session, call_id, offer.id):
        await repository.add_event(
            session,
            MarketCallEvent(
                call_id=call_id,
                offer_id=changed_id,
                user_id=actor.user_id,
                from_status=from_status,
                to_status=to_status,
            ),
        )
    await _contact_to_offered(session, actor, case, offer)
    row = await repository.get_call(session, call_id)
    assert row is not None
    return _call_out(row)


def weekly_cost_text(amount: Decimal | float) -> str:
    return pounds(float(amount))


async def commissioner_call(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID, call_id: uuid.UUID
) -> MarketCallOut:
    """A call of this case, for its commissioners (the pages' address names both); 404 otherwise."""
    found = await get_call(session, actor, call_id)
    if not isinstance(found, MarketCallOut) or found.case_id != case_id:
        raise NotFound(CALL_NOT_FOUND)
    return found


async def count_open_calls(session: AsyncSession, actor: Actor) -> int:
    """How many calls sent to the provider's organisation are still open (for its start page): counted
    without reading any pen picture, so nothing is audited."""
    organisation_id = _recipient_organisation(actor)
    if organisation_id is None:
        return 0
    _, total = await repository.open_calls_for(session, organisation_id, limit=0, offset=0)
    return total
