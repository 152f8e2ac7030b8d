"""Rules about organisations and users: who may create and change what."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.auth import repository as users
from matcher.auth.passwords import hash_password_async
from matcher.auth.schemas import UserCreate
from matcher.db.models import Organisation, User
from matcher.errors import Conflict, Forbidden, InvalidInput, NotFound
from matcher.listings.repository import bump_marketplace_version, homes_reserved_by_cases_of, property_ids_of
from matcher.organisations import repository
from matcher.organisations.schemas import OrganisationCreate, OrganisationPatch
from matcher.places import resolve_place

#: What an organisation is and what regulators say of it: an organisation cannot vouch for itself.
REGULATOR_FACTS = frozenset({"kinds", "cqc_rating", "cqc_location_ids", "registered_provider"})


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("Only an administrator can do this.")


async def _columns(session: AsyncSession, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("website") is not None:
        data["website"] = str(data["website"])
    if data.get("office") is not None:
        data["office"] = await _resolved_office(session, data["office"])
    return data


async def _resolved_office(session: AsyncSession, office: dict[str, Any]) -> dict[str, Any]:
    """The form given, plus where it was found (an unknown town is a 422 naming `office.name`)."""
    given = {key: value for key, value in office.items() if value is not None and key != "resolved"}
    found = await resolve_place(session, given, "office")
    return {**given, "resolved": {"name": found.name, "latitude": found.latitude,
                                  "longitude": found.longitude, "area": found.area}}


async def create_organisation(session: AsyncSession, actor: Actor, body: OrganisationCreate) -> Organisation:
    require_admin(actor)
    return await repository.add(session, Organisation(**await _columns(session, body.model_dump())))


async def find_organisations(
    session: AsyncSession,
    *,
    kind: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Organisation], int]:
    """The public directory: any signed-in user may browse organisations."""
    return await repository.list_page(session, kind=kind, text=text, limit=limit, offset=offset)


async def get_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation:
    organisation = await repository.get(session, organisation_id)
    if organisation is None:
        raise NotFound("No organisation with that id.")
    return organisation


async def update_organisation(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID, body: OrganisationPatch
) -> Organisation:
    organisation = await get_organisation(session, organisation_id)
    if not (actor.is_admin or actor.belongs_to(organisation.id)):
        raise Forbidden("Only the organisation's own users or an administrator can change it.")
    changes = await _columns(session, body.model_dump(exclude_unset=True))
    regulated = sorted(REGULATOR_FACTS & changes.keys())
    if regulated and not actor.is_admin:
        raise Forbidden(f"Only an administrator can change {', '.join(regulated)}: these are checked facts.")
    for name, value in changes.items():
        setattr(organisation, name, value)
    await repository.save(session, organisation)
    # names and descriptions feed the search index
    await bump_marketplace_version(session, care=[organisation.id])
    return organisation


async def delete_organisation(session: AsyncSession, actor: Actor, organisation_id: uuid.UUID) -> None:
    """DELETE deactivates, never removes: users, cases, contacts and the audit log are history that
    must survive. A deactivated organisation's users cannot sign in and its listings leave the search.
    Repeating it is harmless."""
    require_admin(actor)
    await get_organisation(session, organisation_id)
    held = await homes_reserved_by_cases_of(session, organisation_id)
    if held:
        raise Conflict(f"Cases of this organisation hold {held} reserved home(s): release them first.")
    homes = await property_ids_of(session, organisation_id)
    await repository.deactivate(session, organisation_id)
    await bump_marketplace_version(session, care=[organisation_id], homes=homes)


async def create_user(session: AsyncSession, actor: Actor | None, body: UserCreate) -> User:
    """`actor` None means the command line, which is trusted."""
    if actor is not None:
        require_admin(actor)
    if body.role in ("commissioner", "provider") and body.organisation_id is None:
        raise InvalidInput.for_field("organisation_id", f"a {body.role} user needs an organisation")
    if body.role in ("admin", "family") and body.organisation_id is not None:
        raise InvalidInput.for_field("organisation_id", f"a {body.role} user belongs to no organisation")
    if body.organisation_id is not None:
        organisation = await repository.get(session, body.organisation_id)
        if organisation is None:
            raise InvalidInput.for_field("organisation_id", "no organisation with that id")
        needed = {"commissioner": {"commissioner"}, "provider": {"care", "housing"}}.get(body.role)
        if needed and not needed & set(organisation.kinds):
            raise InvalidInput.for_field(
                "organisation_id",
                f"a {body.role} user needs an organisation of kind {' or '.join(sorted(needed))}",
            )
    if await users.get_user_by_email(session, body.email) is not None:
        raise Conflict("A user with that email already exists.")
    user = User(
        email=body.email.lower(),
        password_hash=await hash_password_async(body.password),
        role=body.role,
        organisation_id=body.organisation_id,
    )
    return await users.add_user(session, user)
