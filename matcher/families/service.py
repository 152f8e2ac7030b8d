"""Rules for families: a commissioner invites a family member to one case; the invitation is a
single-use token with an expiry (only its SHA-256 hash is stored); the family member then sees that
case's family view, and nothing else, and can suggest providers.

What a family sees is chosen, not filtered: organisation names, dates, statuses and decline reasons of
the contacts made, the public title and area of the homes considered, and the suggestions. Never notes,
the identity record, other cases, or anything of a listing beyond what is public.

An invitation to an email that already has a family account adds this case to that account when the
password given is that account's password (so one person can follow two cases); an email that belongs
to a staff account is refused, since a staff account must never gain family access by accident, with
the same answer as a wrong password, so that accepting cannot reveal which emails are staff.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.auth import repository as users
from matcher.auth.passwords import hash_password_async, verify_password_async
from matcher.auth.policy import password_problem
from matcher.auth.throttle import SignInThrottle
from matcher.contacts import repository as contacts
from matcher.contacts.access import require_open, require_owner, visible_case
from matcher.contacts.repository import ContactRow
from matcher.contacts.transitions import FINAL_STATUSES
from matcher.db.models import FamilyInvitation, Suggestion, User
from matcher.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from matcher.families import repository
from matcher.families.outbox import queue_email
from matcher.families.schemas import (
    AcceptIn,
    AcceptOut,
    FamilyViewOut,
    HousingOptionOut,
    InvitationIn,
    InvitationOut,
    InvitationSummaryOut,
    ProviderContactedOut,
    SuggestionIn,
    SuggestionOut,
)
from matcher.market_calls import repository as market_calls
from matcher.screening import screen_free_text
from matcher.settings import Settings

INVITATION_LIFETIME = timedelta(days=7)
_EXISTING_ACCOUNT = ("An account with this email already exists and cannot take this case with that "
                     "password: accept with that family account's password, or ask the commissioner to "
                     "invite another email address.")



def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite(session: AsyncSession, actor: Actor, case_id: uuid.UUID, body: InvitationIn,
                 settings: Settings) -> InvitationOut:
    case, view = await visible_case(session, actor, case_id, for_update=True)
    require_owner(view, "invite its family")
    require_open(case)
    token = secrets.token_urlsafe(32)
    email = body.email.strip().lower()
    expires_at = datetime.now(UTC) + INVITATION_LIFETIME
    await repository.add_invitation(session, FamilyInvitation(
        case_id=case_id, email=email, token_hash=token_hash(token), expires_at=expires_at,
        created_by=actor.user_id))
    url = f"{settings.public_url.rstrip('/')}/family/accept/{token}"
    # The email names nobody and no case: it may reach the wrong inbox.
    await queue_email(session, email, "You are invited to follow a care and housing search", (
        "A care co-ordinator has invited you to follow the search for a home and a support team for "
        "someone in your family.\n\n"
        f"Open this link to choose a password: {url}\n\n"
        f"The link works once and expires on {expires_at:%d %B %Y}. If you were not expecting this email, "
        "you can ignore it.\n"))
    return InvitationOut(token=token, expires_at=expires_at, email=email, accept_url=url)


@dataclass(frozen=True, slots=True)
class InvitationState:
    """What the accept page may say before asking for a password: the email the family will sign in
    with, and whether the link still works. The token itself is the proof that the reader may know."""

    state: Literal["open", "used", "expired", "unknown"]
    email: str | None = None
    expires_at: datetime | None = None


async def invitation_state(session: AsyncSession, token: str) -> InvitationState:
    known = await repository.get_invitation(session, token_hash(token))
    if known is None:
        return InvitationState("unknown")
    if known.accepted_at is not None:
        return InvitationState("used", known.email, known.expires_at)
    if known.expires_at <= datetime.now(UTC):
        return InvitationState("expired", known.email, known.expires_at)
    return InvitationState("open", known.email, known.expires_at)


async def accept(session: AsyncSession, token: str, body: AcceptIn, throttle: SignInThrottle,
                 address: str) -> AcceptOut:
    """Claim the invitation first (one UPDATE: single use even under concurrency); any refusal after
    that rolls the whole request back, so a refused acceptance leaves the invitation unused."""
    invitation = await repository.claim_invitation(session, token_hash(token))
    if invitation is None:
        known = await repository.get_invitation(session, token_hash(token))
        if known is None:
            raise NotFound("This invitation link is not valid: check it was copied whole, or ask the "
                           "commissioner for a new one.")
        if known.accepted_at is not None:
            raise Conflict("This invitation has already been used: sign in with your email and password.")
        raise Gone(f"This invitation expired on {known.expires_at:%d %B %Y}: "
                   "ask the commissioner for a new one.")
    attempt = await throttle.reserve(session, invitation.email, address)
    user = await users.get_user_by_email(session, invitation.email)
    created = user is None
    if user is None:
        await throttle.release(session, attempt)  # no password to guess: a new account
        problem = password_problem(body.password, email=invitation.email)
        if problem:
            raise InvalidInput.for_field("password", f"password {problem}")
        user = await users.add_user(session, User(email=invitation.email,
                                                  password_hash=await hash_password_async(body.password),
                                                  role="family", organisation_id=None))
    else:
        # A staff email and a wrong password get the same answer (and the same argon2 cost), so an
        # invitation cannot be used to learn which emails belong to staff accounts.
        right = await verify_password_async(body.password, user.password_hash)
        if right:
            await throttle.release(session, attempt)  # else the attempt stays counted as failed
        if not right or user.role != "family":
            raise Conflict(_EXISTING_ACCOUNT)
    await repository.grant_access(session, user.id, invitation.case_id)
    return AcceptOut(user_id=user.id, email=user.email, case_id=invitation.case_id, created=created)


async def family_view(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> FamilyViewOut:
    """For the family of the case, its commissioners (to see what the family sees) and admins."""
    case, _view = await visible_case(session, actor, case_id)
    rows = await contacts.all_case_contacts(session, case_id)
    providers = [ProviderContactedOut(name=row.organisation_name, contacted_on=row.contact.shared_at.date(),
                                      status=_family_status(row), reason=row.contact.reason)
                 for row in rows if row.contact.shared_at is not None]
    providers += await _market_call_recipients(session, case_id, {row.contact.organisation_id for row in rows
                                                                  if row.contact.shared_at is not None})
    options: dict[uuid.UUID, HousingOptionOut] = {}
    for row in rows:
        home_id = row.contact.property_id
        if home_id is not None and row.property_title is not None and row.property_area is not None:
            options[home_id] = HousingOptionOut(title=row.property_title, area=row.property_area,
                                                status=row.contact.status)
    for held in await repository.homes_held_for(session, case_id):
        status = "reserved" if held.held_now else ("let" if held.last_status == "let" else "released")
        options[held.property_id] = HousingOptionOut(title=held.title, area=held.area, status=status)
    suggestions, _total = await repository.list_suggestions(session, case_id)
    return FamilyViewOut(reference=case.reference, providers_contacted=providers,
                         housing_options=list(options.values()),
                         suggestions=[_suggestion_out(s) for s in suggestions])


def _family_status(row: ContactRow) -> str:
    """The contact's status; `organisation_left` while still open with an organisation since deactivated
    (it was "Asked, waiting for an answer" from someone who can never answer)."""
    if row.organisation_left and row.contact.status not in FINAL_STATUSES:
        return "organisation_left"
    return row.contact.status


#: What a family reads of a market call recipient: sent the call, made an offer, or not chosen; with
#: no offer once the call stopped taking them, `no_reply` (it was "contacted", waiting, for ever).
_MARKET_CALL_STATUS = {None: "contacted", "submitted": "offer_made", "accepted": "offer_accepted",
                       "not_selected": "not_selected"}
#: Sent several calls, a recipient shows the furthest it went in any.
_FURTHEST = ("no_reply", "contacted", "not_selected", "offer_made", "offer_accepted")


async def _market_call_recipients(session: AsyncSession, case_id: uuid.UUID,
                                  already: set[uuid.UUID]) -> list[ProviderContactedOut]:
    """Every organisation a market call for the case went to (the pen picture was shared with it), once,
    unless a contact already lists it (the contact says more). Sent several calls, it shows the furthest
    it went in any (an offer made to the second call is not hidden by silence on the first), since the
    first call was sent."""
    best: dict[uuid.UUID, ProviderContactedOut] = {}
    for row in await market_calls.family_recipients(session, case_id):
        if row.organisation_id in already:
            continue
        status = _MARKET_CALL_STATUS.get(row.offer_status, "contacted")
        if row.offer_status is None and row.call_status != "open":
            status = "no_reply"
        seen = best.get(row.organisation_id)
        if seen is None:  # rows come oldest call first: this is when it was first sent the pen picture
            best[row.organisation_id] = ProviderContactedOut(
                name=row.organisation_name, contacted_on=row.sent_at.date(), status=status, reason=None)
        elif _FURTHEST.index(status) > _FURTHEST.index(seen.status):
            seen.status = status
    already.update(best)
    return list(best.values())


def _suggestion_out(suggestion: Suggestion) -> SuggestionOut:
    return SuggestionOut(id=suggestion.id, provider_name=suggestion.provider_name, note=suggestion.note,
                         created_at=suggestion.created_at)


async def suggest(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                  body: SuggestionIn) -> SuggestionOut:
    _case, view = await visible_case(session, actor, case_id)
    if view != "family":
        raise Forbidden("Suggestions come from the family of the case.")
    await screen_free_text("note", body.note)
    suggestion = await repository.add_suggestion(session, Suggestion(
        case_id=case_id, user_id=actor.user_id, provider_name=body.provider_name.strip(),
        note=body.note.strip()))
    return _suggestion_out(suggestion)


async def list_suggestions(session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, limit: int,
                           offset: int) -> tuple[list[SuggestionOut], int]:
    await visible_case(session, actor, case_id)
    rows, total = await repository.list_suggestions(session, case_id, limit=limit, offset=offset)
    return [_suggestion_out(s) for s in rows], total


def _invitation_state(invitation: FamilyInvitation, now: datetime) -> str:
    if invitation.access_removed_at is not None:
        return "removed"
    if invitation.accepted_at is not None:
        return "accepted"
    return "expired" if invitation.expires_at <= now else "sent"


def _invitation_summary(invitation: FamilyInvitation, now: datetime) -> InvitationSummaryOut:
    return InvitationSummaryOut(id=invitation.id, email=invitation.email,
                                state=_invitation_state(invitation, now), created_at=invitation.created_at,
                                expires_at=invitation.expires_at, accepted_at=invitation.accepted_at,
                                access_removed_at=invitation.access_removed_at)


async def list_invitations(session: AsyncSession, actor: Actor,
                           case_id: uuid.UUID) -> list[InvitationSummaryOut]:
    """The case's invitations with their state, for its commissioners (and admins, read-only)."""
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden("Only the commissioners of the case's organisation can see its invitations.")
    now = datetime.now(UTC)
    return [_invitation_summary(i, now) for i in await repository.list_invitations(session, case_id)]


async def _owned_invitation(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                            invitation_id: uuid.UUID, action: str) -> FamilyInvitation:
    """The invitation, locked, for the case's own commissioners only (admins and families 403, everyone
    else 404, an invitation of another case 404). Allowed on a closed case: this only takes access away."""
    _case, view = await visible_case(session, actor, case_id)
    require_owner(view, action)
    invitation = await repository.get_case_invitation(session, case_id, invitation_id)
    if invitation is None:
        raise NotFound("No invitation with that id for this case.")
    return invitation


async def _withdraw_unused(session: AsyncSession, invitation: FamilyInvitation) -> None:
    withdrawn = invitation.accepted_at is None and await repository.delete_unused_invitation(
        session, invitation.id)
    if not withdrawn:
        raise Conflict("This invitation has already been accepted, so it can no longer be withdrawn: "
                       "remove the family member's access instead.")


async def _remove_access(session: AsyncSession, invitation: FamilyInvitation) -> None:
    """End the access an accepted invitation gave: the family member no longer sees this case. The
    invitation stays, marked (every accepted invitation of that email to this case, since the access is
    one per person and case). With no case left, the family member's sessions end too, so an open page
    stops at once; with another case left, that one keeps working. Unused invitations of that email to
    this case are withdrawn with it: a removal (often for safeguarding) must not be undone by accepting
    a second link still in the person's inbox."""
    if invitation.access_removed_at is not None:
        raise Conflict(f"The access of {invitation.email} to this case was already removed on "
                       f"{invitation.access_removed_at:%d %B %Y}.")
    await repository.mark_access_removed(session, invitation.case_id, invitation.email)
    await repository.delete_unused_invitations_to(session, invitation.case_id, invitation.email)
    user = await users.get_user_by_email(session, invitation.email)
    if user is None or user.role != "family":
        return  # the account was deleted meanwhile: nothing left to take away
    await repository.revoke_access(session, user.id, invitation.case_id)
    if not await users.family_case_ids(session, user.id):
        await users.revoke_sessions(session, user.id)


async def withdraw_invitation(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                              invitation_id: uuid.UUID) -> Literal["withdrawn", "access_removed"]:
    """The API's DELETE: an unused invitation is deleted, so its link stops working; an accepted one ends
    that family member's access to the case (`_remove_access`); one whose access was already removed is
    409."""
    invitation = await _owned_invitation(session, actor, case_id, invitation_id,
                                         "withdraw its family invitations")
    if invitation.accepted_at is None:
        await _withdraw_unused(session, invitation)
        return "withdrawn"
    await _remove_access(session, invitation)
    return "access_removed"


async def withdraw_unused_invitation(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                                     invitation_id: uuid.UUID) -> None:
    """The page's Withdraw button: an unused invitation only (409 if it was accepted meanwhile, so a page
    left open never removes access without the confirmation page)."""
    invitation = await _owned_invitation(session, actor, case_id, invitation_id,
                                         "withdraw its family invitations")
    await _withdraw_unused(session, invitation)


async def remove_family_access(session: AsyncSession, actor: Actor, case_id: uuid.UUID,
                               invitation_id: uuid.UUID) -> str:
    """The page's Remove access button: an accepted invitation only (an unused one is withdrawn instead);
    the email whose access was removed."""
    invitation = await _owned_invitation(session, actor, case_id, invitation_id,
                                         "remove a family member's access")
    if invitation.accepted_at is None:
        raise Conflict("This invitation has not been accepted, so there is no access to remove: "
                       "withdraw the invitation instead.")
    await _remove_access(session, invitation)
    return invitation.email
