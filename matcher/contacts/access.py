"""Who may see a case, and as what. One function, used by contacts, reservations and families, so the
authorisation matrix (docs/authorisation.md) has one source for "may this person see this case at all".

A case is seen by the commissioners of its organisation (`owner`: everything), an admin (`admin`:
read-only oversight, never an actor in the casework) and the family members invited to it (`family`:
the family view and suggestions only). Everyone else, providers included, gets 404: providers know a case
only as a referral (the contact id), never by the case's id.

A closed case is read-only: reading goes on, but acting on it (contacting, moving a contact as its
commissioner, reserving, inviting family) is 409 until it is reopened (`require_open`).
"""

from __future__ import annotations

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.contacts import repository
from matcher.db.models import Case
from matcher.errors import Conflict, Forbidden, NotFound

CaseView = Literal["owner", "admin", "family"]

CASE_NOT_FOUND = "No case with that id."
CASE_CLOSED = ('This case is closed, so it is read-only: reopen it with PATCH /cases/{id} {"status": "open"} '
               "first.")


async def case_view(session: AsyncSession, actor: Actor, case: Case) -> CaseView | None:
    if actor.role == "commissioner" and actor.belongs_to(case.organisation_id):
        return "owner"
    if actor.is_admin:
        return "admin"
    if actor.role == "family" and await repository.has_family_access(session, actor.user_id, case.id):
        return "family"
    return None


async def visible_case(session: AsyncSession, actor: Actor, case_id: uuid.UUID, *,
                       for_update: bool = False) -> tuple[Case, CaseView]:
    """The case and how the actor sees it; 404 when it may not see it (never reveal that it exists)."""
    case = await repository.get_case(session, case_id, for_update=for_update)
    view = await case_view(session, actor, case) if case is not None else None
    if case is None or view is None:
        raise NotFound(CASE_NOT_FOUND)
    return case, view


def require_owner(view: CaseView, action: str) -> None:
    """403 for those who see the case but do not run it (admins, families)."""
    if view != "owner":
        raise Forbidden(f"Only the commissioners of the case's organisation can {action}.")


def require_open(case: Case) -> None:
    """409 for acting on a closed case (call it after `require_owner`: a family or an admin gets 403)."""
    if case.status == "closed":
        raise Conflict(CASE_CLOSED, case_status=case.status, case_closed=True)
