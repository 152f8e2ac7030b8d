"""Rules for contacts: who may contact whom for a case, who may move a contact where, what a provider
is shown of a case shared with it. Every move goes through `transitions.TRANSITIONS` and leaves a
`ContactEvent` (who, when, from, to, reason, note); every share and every read of a pen picture by a
provider is written to the append-only audit log.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.audit import record_pen_picture_event
from matcher.auth import Actor
from matcher.cases.identity import known_identifiers
from matcher.contacts import repository
from matcher.contacts.access import require_open, require_owner, visible_case
from matcher.contacts.repository import ContactRow, EventRow, ReferralRow
from matcher.contacts.schemas import (
    ContactEventOut,
    ContactIn,
    ContactOut,
    ContactPatch,
    PlaceOut,
    PropertyRef,
    ReferralOut,
)
from matcher.contacts.transitions import (
    ANSWER_SHARED,
    REASON_REQUIRED,
    UNSHARED_AFTER,
    PartyRole,
    allowed_from,
    statuses_set_by,
    who_may,
)
from matcher.db.models import Case, Contact, ContactEvent
from matcher.errors import Conflict, Forbidden, InvalidInput, NotFound
from matcher.privacy.postcodes import normalise_postcode
from matcher.screening import screen_free_text
from matcher.vocab import DECLINE_REASONS

CONTACT_NOT_FOUND = "No contact with that id."
REFERRAL_NOT_FOUND = "No referral with that id has been shared with your organisation."
PROVIDER_KINDS = frozenset({"care", "housing"})

ContactRole = Literal["commissioner", "provider", "admin"]


# --- shaping -----------------------------------------------------------------------------------------

def _events_out(events: list[EventRow], *, notes_of: uuid.UUID | None = None,
                show_users: bool) -> list[ContactEventOut]:
    """The history. For a provider (`notes_of`: its organisation) its own organisation's notes are kept,
    and the commissioner's answers to its requests for more information (ANSWER_SHARED); the
    commissioner's other notes are internal. The provider still sees every status change."""
    def note(e: EventRow) -> str | None:
        if notes_of is None or (e.by_organisation_id == notes_of and e.by_role == "provider"):
            return e.event.note
        if e.by_role == "commissioner" and (e.event.from_status, e.event.to_status) == ANSWER_SHARED:
            return e.event.note
        return None

    return [ContactEventOut(from_status=e.event.from_status, to_status=e.event.to_status,
                            reason=e.event.reason, note=note(e), by_role=e.by_role,
                            by_user_id=e.event.user_id if show_users else None, at=e.event.at)
            for e in events]


def _property_ref(row: ContactRow) -> PropertyRef | None:
    if row.contact.property_id is None:
        return None
    return PropertyRef(id=row.contact.property_id, title=row.property_title, area=row.property_area)


def contact_out(row: ContactRow, events: list[EventRow], *, acting: bool) -> ContactOut:
    """`acting`: the caller runs the case (an owning commissioner), so it is told its next moves."""
    contact = row.contact
    return ContactOut(
        id=contact.id, case_id=contact.case_id, organisation_id=contact.organisation_id,
        organisation_name=row.organisation_name, organisation_active=not row.organisation_left,
        property=_property_ref(row), status=contact.status,
        reason=contact.reason, shared_at=contact.shared_at, version=contact.version,
        allowed_transitions=list(allowed_from("commissioner", contact.status)) if acting else [],
        history=_events_out(events, show_users=True), created_at=contact.created_at,
        updated_at=contact.updated_at,
    )


def shareable_places(location: dict[str, Any]) -> list[PlaceOut]:
    """Names and labels of the places that matter to the person: towns or postcode districts, never
    coordinates and never a full postcode (DOMAIN.md: location to district level only)."""
    places = []
    for place in location.get("places") or []:
        if not isinstance(place, dict):
            continue
        name = place.get("area") or place.get("name") or place.get("postcode")
        if not isinstance(name, str) or not name.strip():
            continue
        postcode = normalise_postcode(name)
        if postcode is not None:
            name = postcode.split(" ")[0]
        label = place.get("label")
        places.append(PlaceOut(name=name, label=label if isinstance(label, str) else None))
    return places


def shows_pen_picture(contact: Contact) -> bool:
    """A withdrawn or declined contact no longer shows the case to the provider (UNSHARED_AFTER)."""
    return contact.shared_at is not None and contact.status not in UNSHARED_AFTER


def referral_out(row: ReferralRow, events: list[EventRow],
                 kept_places: list[dict[str, Any]] | None = None) -> ReferralOut:
    contact, case = row.contact.contact, row.case
    history = _events_out(events, notes_of=contact.organisation_id, show_users=False)
    common: dict[str, Any] = dict(
        id=contact.id, reference=case.reference, commissioner_organisation=row.commissioner_name,
        property=_property_ref(row.contact),
        status=contact.status, reason=contact.reason, shared_at=contact.shared_at, version=contact.version,
        allowed_transitions=list(allowed_from("provider", contact.status)), history=history)
    if not shows_pen_picture(contact):
        # Status only: the pen picture, needs and places are the live case, which goes on changing. The
        # places as they were when it stopped being shared (towns or districts) are kept, so the inbox
        # still says where the referral was about.
        kept = [PlaceOut.model_validate(p) for p in kept_places or []]
        return ReferralOut(**common, pen_picture=None, housing_spec=None, places=kept, max_distance_km=None,
                           target_move_date=None)
    distance = case.location.get("max_distance_km") if isinstance(case.location, dict) else None
    return ReferralOut(
        **common, pen_picture=case.pen_picture, housing_spec=case.housing_spec,
        places=shareable_places(case.location if isinstance(case.location, dict) else {}),
        max_distance_km=float(distance) if isinstance(distance, int | float) else None,
        target_move_date=case.target_move_date,
    )


# --- audit -------------------------------------------------------------------------------------------

async def _audit_share(session: AsyncSession, actor: Actor, contact: Contact) -> None:
    await record_pen_picture_event(session, case_id=contact.case_id, action="shared", actor=actor, detail={
        "organisation_id": str(contact.organisation_id), "contact_id": str(contact.id),
        "property_id": str(contact.property_id) if contact.property_id else None})


async def _audit_read(session: AsyncSession, actor: Actor, contact: Contact, via: str) -> None:
    await record_pen_picture_event(session, case_id=contact.case_id, action="read", actor=actor, detail={
        "organisation_id": str(contact.organisation_id), "contact_id": str(contact.id), "via": via})


async def _screen_note(note: str | None, case: Case, identity_key: str) -> None:
    """A note is screened as the pen picture is, the case's own names and address included; the identity
    record is decrypted only when there is a note to screen."""
    if note and note.strip():
        await screen_free_text("note", note, *known_identifiers(case.identity_encrypted, identity_key))


# --- commissioners -----------------------------------------------------------------------------------

async def create_contact(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                         body: ContactIn, *, identity_key: str) -> ContactOut:
    """Shortlist or contact an organisation (optionally about one of its homes). Contacting shares the
    pen picture with that organisation there and then, and the share is audited."""
    # The case row is locked so two requests cannot both open a contact with the same organisation.
    case, view = await visible_case(session, actor, case_id, for_update=True)
    require_owner(view, "contact providers for it")
    require_open(case)
    organisation = await repository.get_organisation(session, body.organisation_id)
    if organisation is None:
        raise InvalidInput.for_field("organisation_id", "no organisation with that id")
    if not PROVIDER_KINDS & set(organisation.kinds):
        raise InvalidInput.for_field("organisation_id", "not a care or housing organisation")
    if organisation.deactivated_at is not None:
        # Nobody there can sign in to read a shared pen picture, so it must not be shared.
        raise InvalidInput.for_field("organisation_id", "that organisation has closed its account")
    if body.property_id is not None:
        home = await repository.get_property(session, body.property_id)
        if home is None or home.organisation_id != organisation.id:
            raise InvalidInput.for_field("property_id", "not a property of that organisation")
    if await repository.open_contact_exists(session, case_id, organisation.id, body.property_id):
        raise Conflict("This case already has an open contact with that organisation"
                       + (" about that home." if body.property_id else "."))
    await _screen_note(body.note, case, identity_key)
    shared = body.status == "contacted"
    contact = await repository.add_contact(session, Contact(
        case_id=case_id, organisation_id=organisation.id, property_id=body.property_id, status=body.status,
        shared_at=func.now() if shared else None))
    await repository.add_event(session, ContactEvent(contact_id=contact.id, user_id=actor.user_id,
                                                     from_status=None, to_status=body.status, note=body.note))
    if shared:
        await _audit_share(session, actor, contact)
    return await _commissioner_view(session, contact.id, acting=True)


async def list_case_contacts(session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, limit: int,
                             offset: int) -> tuple[list[ContactOut], int]:
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden("Families see the contacts in the family view: GET /cases/{id}/family-view.")
    rows, total = await repository.list_case_contacts(session, case_id, limit=limit, offset=offset)
    history = await repository.events_for(session, [row.contact.id for row in rows])
    return [contact_out(row, history[row.contact.id], acting=view == "owner") for row in rows], total


async def get_case_contact(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                           contact_id: uuid.UUID) -> ContactOut:
    """One contact of a case, as the case's commissioners (and admins) see it; 404 when the contact is
    another case's, so an id from elsewhere reveals nothing."""
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden("Families see the contacts in the family view: GET /cases/{id}/family-view.")
    row = await repository.get_contact(session, contact_id)
    if row is None or row.contact.case_id != case_id:
        raise NotFound(CONTACT_NOT_FOUND)
    history = await repository.events_for(session, [contact_id])
    return contact_out(row, history[contact_id], acting=view == "owner")


async def _commissioner_view(session: AsyncSession, contact_id: uuid.UUID, *, acting: bool) -> ContactOut:
    row = await repository.get_contact(session, contact_id)
    assert row is not None  # the caller has just found or written it in this transaction
    history = await repository.events_for(session, [contact_id])
    return contact_out(row, history[contact_id], acting=acting)


# --- both parties ------------------------------------------------------------------------------------

async def _contact_role(session: AsyncSession, actor: Actor, contact: Contact) -> ContactRole:
    """How the actor stands to a contact; 404 when it may not see it at all. A provider sees a contact
    only once the pen picture has been shared with it (a shortlisted contact is invisible to it)."""
    if _is_shared_with(actor, contact):
        return "provider"
    case = await repository.get_case(session, contact.case_id)
    if case is not None and actor.role == "commissioner" and actor.belongs_to(case.organisation_id):
        return "commissioner"
    if actor.is_admin:
        return "admin"
    raise NotFound(CONTACT_NOT_FOUND)


def _is_shared_with(actor: Actor, contact: Contact) -> bool:
    """The actor is a user of the contacted organisation and the pen picture has been shared with it."""
    return (actor.role == "provider" and actor.belongs_to(contact.organisation_id)
            and contact.shared_at is not None)


def _refused(role: PartyRole, current: str, wanted: str) -> Conflict | Forbidden:
    """403 for the other party's status (a provider accepting the placement: not its decision); 409 for
    a status this role may set, but not from where the contact is now (or that nobody sets)."""
    allowed = list(allowed_from(role, current))
    others = [r for r in who_may(current, wanted) if r != role]
    setters = [r for r in ("commissioner", "provider") if r != role and wanted in statuses_set_by(r)]
    if wanted not in statuses_set_by(role) and setters:
        return Forbidden(f"A {role} never sets '{wanted}' (the contact is '{current}'): only the "
                         f"{setters[0]} does.",
                         current_status=current, allowed=allowed)
    detail = f"A {role} cannot move a contact from '{current}' to '{wanted}'. "
    detail += (f"Allowed from '{current}': {', '.join(allowed)}." if allowed
               else f"'{current}' allows you no move.")
    if others:
        detail += f" Only the {others[0]} can set '{wanted}' now."
    return Conflict(detail, current_status=current, allowed=allowed)


def _check_reason(status: str, reason: str | None) -> None:
    if status in REASON_REQUIRED and reason is None:
        raise InvalidInput.for_field(
            "reason", f"required when declining; allowed: {', '.join(DECLINE_REASONS)}",
            allowed=list(DECLINE_REASONS))
    if status not in REASON_REQUIRED and reason is not None:
        raise InvalidInput.for_field("reason", "only a declined contact takes a reason code")


async def update_contact(session: AsyncSession, actor: Actor, contact_id: uuid.UUID,
                         body: ContactPatch, *, identity_key: str) -> ContactOut | ReferralOut:
    """Move a contact one step along the state machine. The write is a compare-and-set on `version`,
    so of two concurrent changes exactly one lands and the other gets 409 saying what is allowed now.

    A note is screened against the case's identity record as well as the generic detectors: the
    provider reads its own notes and the commissioner's answers, so neither may name the person."""
    row = await repository.get_contact(session, contact_id)
    if row is None:
        raise NotFound(CONTACT_NOT_FOUND)
    contact = row.contact
    role = await _contact_role(session, actor, contact)
    if role == "admin":
        raise Forbidden("Admins can read contacts but not change them: the commissioner and the provider do.")
    case: Case | None = None
    if role == "commissioner":
        # Locked (as contact creation does) so the case cannot be closed under this change. The provider
        # may still answer (decline, say) on a closed case: it is the commissioner's case that is closed.
        case = await repository.get_case(session, contact.case_id, for_update=True)
        assert case is not None  # the contact hangs off it
        require_open(case)
    current, version = contact.status, contact.version
    if body.version is not None and body.version != version:
        raise Conflict(f"The contact has changed since version {body.version}: it is now '{current}' "
                       f"(version {version}).", current_status=current, version=version,
                       allowed=list(allowed_from(role, current)))
    if body.status not in allowed_from(role, current):
        raise _refused(role, current, body.status)
    _check_reason(body.status, body.reason)
    if body.note:
        case = case or await repository.get_case(session, contact.case_id)
        assert case is not None
        await _screen_note(body.note, case, identity_key)
    share = body.status == "contacted" and contact.shared_at is None
    if share:
        organisation = await repository.get_organisation(session, contact.organisation_id)
        if organisation is not None and organisation.deactivated_at is not None:
            raise InvalidInput.for_field("status", "that organisation has closed its account, so the pen "
                                         "picture cannot be shared with it")
    changed = await repository.change_status(session, contact.id, version=version, from_status=current,
                                             to_status=body.status, reason=body.reason, share=share)
    if not changed:
        now = await repository.get_contact(session, contact.id)
        status = now.contact.status if now else current
        raise Conflict(f"Someone changed this contact at the same time: it is now '{status}'. "
                       f"Allowed from '{status}': {', '.join(allowed_from(role, status)) or 'nothing'}.",
                       current_status=status, allowed=list(allowed_from(role, status)))
    await repository.add_event(session, ContactEvent(contact_id=contact.id, user_id=actor.user_id,
                                                     from_status=current, to_status=body.status,
                                                     reason=body.reason, note=body.note))
    if share:
        await _audit_share(session, actor, contact)
    if body.status in UNSHARED_AFTER and contact.shared_at is not None:
        await _keep_area(session, contact)
    if role == "provider":
        return await _provider_view(session, actor, contact.id, via="update")
    return await _commissioner_view(session, contact.id, acting=True)


async def _keep_area(session: AsyncSession, contact: Contact) -> None:
    """The places the provider saw until now, kept for its inbox (coarse names only, as shared)."""
    case = await repository.get_case(session, contact.case_id)
    if case is not None:
        location = case.location if isinstance(case.location, dict) else {}
        await repository.keep_referral_area(
            session, contact.id, [p.model_dump(mode="json") for p in shareable_places(location)])


# --- providers ---------------------------------------------------------------------------------------

def _require_provider(actor: Actor) -> uuid.UUID:
    if actor.role != "provider" or actor.organisation_id is None:
        raise Forbidden("Referrals are what has been shared with a provider organisation; "
                        "commissioners see their contacts under GET /cases/{id}/contacts.")
    return actor.organisation_id


async def list_referrals(session: AsyncSession, actor: Actor, *, limit: int,
                         offset: int) -> tuple[list[ReferralOut], int]:
    """Each pen picture returned is a read by the provider, so each is audited."""
    organisation_id = _require_provider(actor)
    rows, total = await repository.list_referrals(session, organisation_id, limit=limit, offset=offset)
    history = await repository.events_for(session, [row.contact.contact.id for row in rows])
    for row in rows:
        if shows_pen_picture(row.contact.contact):
            await _audit_read(session, actor, row.contact.contact, via="list")
    kept = await repository.referral_areas_for(session, [row.contact.contact.id for row in rows])
    return [referral_out(row, history[row.contact.contact.id], kept.get(row.contact.contact.id))
            for row in rows], total


async def count_referrals(session: AsyncSession, actor: Actor) -> tuple[int, int]:
    """(waiting for the provider's answer, all) of the referrals shared with the actor's organisation.

    Counts only, for a start page: no pen picture is returned, so nothing is audited as a read.
    """
    organisation_id = _require_provider(actor)
    rows, total = await repository.list_referrals(session, organisation_id, limit=1000, offset=0)
    waiting = sum(1 for row in rows if row.contact.contact.status == "contacted")
    return waiting, total


async def get_referral(session: AsyncSession, actor: Actor, contact_id: uuid.UUID) -> ReferralOut:
    row = await repository.get_referral(session, contact_id)
    if row is None:
        raise NotFound(REFERRAL_NOT_FOUND)
    contact = row.contact.contact
    if _is_shared_with(actor, contact):
        return await _provider_view(session, actor, contact_id, via="referral")
    commissioner = actor.role == "commissioner" and actor.belongs_to(row.case.organisation_id)
    if commissioner or actor.is_admin:
        raise Forbidden("A referral is the provider's view of a contact; see GET /cases/{id}/contacts.")
    raise NotFound(REFERRAL_NOT_FOUND)


async def _provider_view(session: AsyncSession, actor: Actor, contact_id: uuid.UUID, *,
                         via: str) -> ReferralOut:
    row = await repository.get_referral(session, contact_id)
    assert row is not None  # found or written in this transaction
    if shows_pen_picture(row.contact.contact):
        await _audit_read(session, actor, row.contact.contact, via=via)
    history = await repository.events_for(session, [contact_id])
    kept = await repository.referral_areas_for(session, [contact_id])
    return referral_out(row, history[contact_id], kept.get(contact_id))

