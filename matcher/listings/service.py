"""Rules for listings: only an organisation's own users (or an admin) change its offer and homes;
everyone else sees a home's location to the district or town only."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.db.models import CareOffer, Organisation, Property
from matcher.errors import Conflict, Forbidden, InvalidInput, NotFound
from matcher.listings import repository
from matcher.listings.schemas import (
    RESERVE_ELSEWHERE,
    CapacityOut,
    CareOfferIn,
    CareOfferOut,
    PbsEvidenceIn,
    PropertyIn,
    PropertyOut,
    PropertyPatch,
    ServiceAreaIn,
    ServiceAreaOut,
    Staffing,
    sharing_problem,
)
from matcher.organisations import repository as organisations
from matcher.places import PLACE_FORMS, ResolvedPlace, resolve_place
from matcher.scoring import PbsEvidence, pbs_level, pbs_next_steps


def _require_member(actor: Actor, organisation_id: uuid.UUID, what: str) -> None:
    if actor.is_admin:
        return
    if actor.role != "provider" or not actor.belongs_to(organisation_id):
        raise Forbidden(f"Only the organisation's own provider users can change its {what}.")


async def _organisation_of_kind(
    session: AsyncSession, organisation_id: uuid.UUID, kind: str, field: str | None = None
) -> Organisation:
    organisation = await organisations.get(session, organisation_id)
    if organisation is None:
        if field:
            raise InvalidInput.for_field(field, "no organisation with that id")
        raise NotFound("No organisation with that id.")
    if kind not in organisation.kinds:
        message = f"organisation '{organisation.name}' is not a {kind} organisation"
        if field:
            raise InvalidInput.for_field(field, message)
        raise Conflict(message[0].upper() + message[1:] + ".")
    return organisation


# --- care offers -------------------------------------------------------------------------------------


def care_offer_out(offer: CareOffer) -> CareOfferOut:
    evidence = PbsEvidenceIn(**offer.pbs)
    return CareOfferOut(
        organisation_id=offer.organisation_id,
        service_types=offer.service_types,
        client_groups=offer.client_groups,
        staffing=Staffing(
            ratios=offer.ratios,
            nights=offer.nights,
            female_staff_only=offer.female_staff_only,
            male_staff_only=offer.male_staff_only,
        ),
        specialists=offer.specialists,
        communication=offer.communication,
        languages=offer.languages,
        pbs=evidence,
        pbs_level=offer.pbs_level,
        pbs_next_steps=pbs_next_steps(PbsEvidence(**offer.pbs)),
        service_area=[ServiceAreaOut(**area) for area in offer.service_area],
        capacity=CapacityOut(
            new_packages=offer.new_packages,
            earliest_start=offer.earliest_start,
            updated_at=offer.capacity_updated_at,
        ),
        description=offer.description,
        updated_at=offer.updated_at,
    )


async def get_care_offer(session: AsyncSession, organisation_id: uuid.UUID) -> CareOfferOut:
    offer = await repository.get_care_offer(session, organisation_id)
    if offer is None:
        raise NotFound("This organisation has not published a care offer.")
    return care_offer_out(offer)


async def _service_area_place(session: AsyncSession, area: ServiceAreaIn, field: str) -> ResolvedPlace:
    """Where the area is centred. A name sent with coordinates (GET's answer sent back) must name the
    place those coordinates were found for: the name as a town or postcode, or the coordinates' own
    label ("52.7700, -1.2000"); anything else is a 422, since which of the two was meant is unknown."""
    name, latitude, longitude = area.name, area.latitude, area.longitude
    if not area.echoed or name is None or latitude is None or longitude is None:
        return await resolve_place(session, area.as_query(), field)
    at = await resolve_place(session, {"latitude": latitude, "longitude": longitude}, field)
    if name == at.name:
        return at
    for form in ("name", "postcode"):
        try:
            named = await resolve_place(session, {form: name}, field)
        except InvalidInput:
            continue
        if abs(named.latitude - at.latitude) < 1e-6 and abs(named.longitude - at.longitude) < 1e-6:
            return named
    raise InvalidInput.for_field(
        field, f"{name!r} is not where latitude {latitude:g}, longitude {longitude:g} are: "
        f"send the name or the coordinates, not both (both only as GET answered them); {PLACE_FORMS}",
    )


async def put_care_offer(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID, body: CareOfferIn
) -> CareOfferOut:
    """A PUT confirms the whole offer, capacity included, as true now (both timestamps move)."""
    await _organisation_of_kind(session, organisation_id, "care")
    _require_member(actor, organisation_id, "care offer")
    areas = []
    for index, area in enumerate(body.service_area):
        place = await _service_area_place(session, area, f"service_area[{index}]")
        areas.append(
            {
                "name": place.name,
                "radius_km": area.radius_km,
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
        )
    evidence = body.pbs.model_dump()
    offer = CareOffer(
        organisation_id=organisation_id,
        service_types=_distinct(body.service_types),
        client_groups=_distinct(body.client_groups),
        ratios=_distinct(body.staffing.ratios),
        nights=_distinct(body.staffing.nights),
        female_staff_only=body.staffing.female_staff_only,
        male_staff_only=body.staffing.male_staff_only,
        specialists=_distinct(body.specialists),
        communication=_distinct(body.communication),
        languages=_distinct(body.languages),
        pbs=evidence,
        pbs_level=pbs_level(PbsEvidence(**evidence)),
        service_area=areas,
        new_packages=body.capacity.new_packages,
        earliest_start=body.capacity.earliest_start,
        description=body.description,
    )
    return care_offer_out(await repository.save_care_offer(session, offer))


def _distinct(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


# --- properties --------------------------------------------------------------------------------------


def property_out(home: Property, actor: Actor) -> PropertyOut:
    owner = actor.is_admin or actor.belongs_to(home.organisation_id)
    return PropertyOut(
        id=home.id,
        organisation_id=home.organisation_id,
        title=home.title,
        property_type=home.property_type,
        living_arrangement=home.living_arrangement,
        max_occupants=home.max_occupants,
        bedrooms=home.bedrooms,
        accessibility=home.accessibility,
        features=home.features,
        assistive_technology=home.assistive_technology,
        tenure=home.tenure,
        weekly_rent=home.weekly_rent,
        available_from=home.available_from,
        status=home.status,
        location=home.location if owner else {"name": home.area},
        area=home.area,
        latitude=home.latitude if owner else None,
        longitude=home.longitude if owner else None,
        care_partner_ids=home.care_partner_ids,
        description=home.description,
        external_ref=home.external_ref,
        created_at=home.created_at,
        updated_at=home.updated_at,
    )


async def _check_partners(session: AsyncSession, partner_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    partners = list(dict.fromkeys(partner_ids))
    known = await repository.care_organisation_ids(session, partners)
    for index, partner in enumerate(partners):
        if partner not in known:
            raise InvalidInput.for_field(f"care_partner_ids[{index}]", "not a care organisation's id")
    return partners


async def _check_external_ref(
    session: AsyncSession, organisation_id: uuid.UUID, external_ref: str | None, home_id: uuid.UUID | None
) -> None:
    """An organisation's keys are unique (the database says so too): a taken one is a clear 409."""
    if external_ref is None:
        return
    taken = await repository.properties_by_external_ref(session, organisation_id, [external_ref])
    if external_ref in taken and taken[external_ref].id != home_id:
        raise Conflict(f"Another of your homes already has external_ref {external_ref!r}.")


async def create_property(session: AsyncSession, actor: Actor, body: PropertyIn) -> PropertyOut:
    await _organisation_of_kind(session, body.organisation_id, "housing", field="organisation_id")
    _require_member(actor, body.organisation_id, "properties")
    if body.status == "reserved":
        raise InvalidInput.for_field("status", RESERVE_ELSEWHERE)
    await _check_external_ref(session, body.organisation_id, body.external_ref, None)
    place = await resolve_place(session, body.location.as_query(), "location")
    home = _new_home(body, place, await _check_partners(session, body.care_partner_ids))
    home = await repository.add_property(session, home)
    await repository.record_property_event(session, **_listed_event(home, actor))
    return property_out(home, actor)


def _new_home(body: PropertyIn, place: ResolvedPlace, partners: list[uuid.UUID]) -> Property:
    data: dict[str, Any] = body.model_dump(exclude={"location", "care_partner_ids"})
    for name in ("features", "assistive_technology", "tenure"):
        data[name] = _distinct(data[name])
    return Property(
        **data,
        location=body.location.as_query(),
        latitude=place.latitude,
        longitude=place.longitude,
        area=place.area,
        care_partner_ids=partners,
    )


def _listed_event(home: Property, actor: Actor) -> dict[str, Any]:
    return {"property_id": home.id, "user_id": actor.user_id, "from_status": None, "to_status": home.status,
            "note": "listed"}


async def create_properties(session: AsyncSession, actor: Actor, bodies: list[PropertyIn]) -> list[Property]:
    """`create_property` for many homes at once (spreadsheet imports): the same rules, each distinct
    organisation, place and partner checked once, and the homes written in one flush."""
    for organisation_id in dict.fromkeys(body.organisation_id for body in bodies):
        await _organisation_of_kind(session, organisation_id, "housing", field="organisation_id")
        _require_member(actor, organisation_id, "properties")
        refs = [b.external_ref for b in bodies if b.organisation_id == organisation_id and b.external_ref]
        taken = await repository.properties_by_external_ref(session, organisation_id, refs)
        if taken:
            raise Conflict(f"Another of your homes already has external_ref {next(iter(taken))!r}.")
    known = await repository.care_organisation_ids(
        session, list({p for body in bodies for p in body.care_partner_ids}))
    places: dict[str, ResolvedPlace] = {}
    homes = []
    for body in bodies:
        if body.status == "reserved":
            raise InvalidInput.for_field("status", RESERVE_ELSEWHERE)
        query = body.location.as_query()
        key = repr(sorted(query.items()))
        if key not in places:
            places[key] = await resolve_place(session, query, "location")
        partners = list(dict.fromkeys(body.care_partner_ids))
        for index, partner in enumerate(partners):
            if partner not in known:
                raise InvalidInput.for_field(f"care_partner_ids[{index}]", "not a care organisation's id")
        homes.append(_new_home(body, places[key], partners))
    homes = await repository.add_properties(session, homes)
    await repository.record_property_events(session, [_listed_event(home, actor) for home in homes])
    return homes


async def get_property(session: AsyncSession, actor: Actor, property_id: uuid.UUID) -> PropertyOut:
    home = await repository.get_property(session, property_id)
    if home is None:
        raise NotFound("No property with that id.")
    return property_out(home, actor)


async def list_properties(
    session: AsyncSession,
    actor: Actor,
    *,
    organisation_id: uuid.UUID | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[PropertyOut], int]:
    homes, total = await repository.list_properties(
        session, organisation_id=organisation_id, status=status, limit=limit, offset=offset
    )
    return [property_out(home, actor) for home in homes], total


async def _owned_property(session: AsyncSession, actor: Actor, property_id: uuid.UUID) -> Property:
    home = await repository.get_property(session, property_id, for_update=True)
    if home is None:
        raise NotFound("No property with that id.")
    _require_member(actor, home.organisation_id, "properties")
    return home


async def update_property(
    session: AsyncSession, actor: Actor, property_id: uuid.UUID, body: PropertyPatch
) -> PropertyOut:
    home = await _owned_property(session, actor, property_id)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True, exclude={"location", "care_partner_ids"})
    if "external_ref" in changes:
        await _check_external_ref(session, home.organisation_id, changes["external_ref"], home.id)
    problem = sharing_problem(changes.get("living_arrangement", home.living_arrangement),
                              changes.get("max_occupants", home.max_occupants))
    if problem:
        raise InvalidInput.for_field("max_occupants", problem)
    new_status = changes.get("status")
    if new_status is not None and new_status != home.status:
        if new_status == "reserved":
            raise InvalidInput.for_field("status", RESERVE_ELSEWHERE)
        if home.status == "reserved" and new_status != "let":
            raise Conflict("This home is reserved for a case: release the reservation first, or mark it let.")
        await repository.record_property_event(
            session,
            property_id=home.id,
            user_id=actor.user_id,
            case_id=home.reserved_case_id,
            from_status=home.status,
            to_status=new_status,
            note=None,
        )
        if home.status == "reserved":
            home.reserved_case_id = None
    for name in ("features", "assistive_technology", "tenure"):
        if name in changes:
            changes[name] = _distinct(changes[name])
    for name, value in changes.items():
        setattr(home, name, value)
    if body.location is not None:
        place = await resolve_place(session, body.location.as_query(), "location")
        home.location, home.latitude, home.longitude, home.area = (
            body.location.as_query(),
            place.latitude,
            place.longitude,
            place.area,
        )
    if body.care_partner_ids is not None:
        home.care_partner_ids = await _check_partners(session, body.care_partner_ids)
    return property_out(await repository.flush_property(session, home), actor)


async def delete_property(session: AsyncSession, actor: Actor, property_id: uuid.UUID) -> None:
    home = await _owned_property(session, actor, property_id)
    if home.status == "reserved":
        raise Conflict("This home is reserved for a case: release the reservation first.")
    await repository.remove_property(session, home.id)
