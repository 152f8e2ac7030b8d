"""Rules for cases: who may hold and see one, what may be stored as shareable, what is recorded.

- A case belongs to one commissioning organisation; only its commissioners create, read, change,
  close and reopen it. Everyone else (other organisations, providers, families, admins) gets a 404
  for a case, so nobody learns that another organisation's case exists. Admins administer accounts,
  not people's identities, so they do not read cases either. Providers read pen pictures only once
  shared with them (contacts/referrals); families see the family view.
- The pen picture's narrative is screened for identifiers (`matcher.privacy`) against the case's own
  names on every change of either: refused with the findings, or stored redacted when asked.
- The identity record is Fernet-encrypted (`matcher.cases.identity`) and only ever decrypted for the
  owning commissioners.
- Every create and change is written to the pen-picture audit log in the same transaction.
- A case is closed or reopened with `PATCH {"status": "closed"|"open"}`; a closed case is read-only
  until it is reopened.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.audit import count_pen_picture_events, pen_picture_history, record_pen_picture_event
from matcher.auth import Actor
from matcher.cases import repository
from matcher.cases.identity import decrypt_identity, encrypt_identity
from matcher.cases.schemas import (
    AnonymiseIn,
    AnonymiseOut,
    AuditEventOut,
    CaseIn,
    CaseLocation,
    CaseLocationOut,
    CaseOut,
    CasePatch,
    CasePlaceIn,
    CasePlaceOut,
    CaseSaved,
    FindingOut,
    HousingSpec,
    Identity,
    IdentityOut,
    PenPicture,
    ResolvedPlace,
)
from matcher.db.models import Case
from matcher.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound
from matcher.market_calls import repository as market_calls
from matcher.places import resolve_place
from matcher.privacy import Finding, anonymise_async, in_words
from matcher.privacy import redact as redact_text
from matcher.screening import identifiers_in, screen_free_text, with_known_numbers

NO_CASE = "No case with that id."
DEFAULT_MAX_DISTANCE_KM: float = CaseLocation.model_fields["max_distance_km"].default
_M = TypeVar("_M", bound=BaseModel)
_GIVEN_KEYS = ("name", "postcode", "latitude", "longitude")


# --- access ------------------------------------------------------------------------------------------


def _commissioner_organisation(actor: Actor) -> uuid.UUID:
    """Creating and listing cases is a commissioner's work; anyone else is told so (403)."""
    if actor.role != "commissioner" or actor.organisation_id is None:
        raise Forbidden("Only commissioners of a commissioning organisation hold cases.")
    return actor.organisation_id


async def owned_case(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, for_update: bool = False
) -> Case:
    """The case if `actor` is one of its organisation's commissioners, else 404 (never 403: a case
    another organisation holds must look exactly like one that does not exist)."""
    if actor.role != "commissioner" or actor.organisation_id is None:
        raise NotFound(NO_CASE)
    case = await repository.get_case(session, case_id, actor.organisation_id, for_update=for_update)
    if case is None:
        raise NotFound(NO_CASE)
    return case


# --- validation helpers ------------------------------------------------------------------------------


def _path(prefix: str, loc: Sequence[int | str]) -> str:
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith("function-"):
            path += f".{part}"
    return path


def _validate(model: type[_M], data: Mapping[str, Any], prefix: str) -> _M:
    """Validate a merged part as the full model, naming fields the way request errors do."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        errors = [
            FieldError(_path(prefix, e["loc"]), str(e["msg"]).removeprefix("Value error, "))
            for e in exc.errors()
        ]
        raise InvalidInput("; ".join(f"{e.field}: {e.message}" for e in errors[:5]), errors) from exc


def _stored(model: type[_M], data: Mapping[str, Any] | None) -> _M:
    """A stored part as its model, defaults filled; keys the model does not know are ignored."""
    known = {k: v for k, v in (data or {}).items() if k in model.model_fields}
    return model.model_validate(known)


def merge_patch(target: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """RFC 7396: objects merge, anything else replaces, null removes (here: back to the default)."""
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merge_patch(result[key], value)
        else:
            result[key] = value
    return result


def _changed(part: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    return [f"{part}.{key}" for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


# --- privacy screening -------------------------------------------------------------------------------


def _findings_out(findings: Sequence[Finding]) -> list[FindingOut]:
    """Type, offsets and replacement only: the identifying text is never echoed back or logged."""
    return [FindingOut(type=f.type, start=f.start, end=f.end, replacement=f.replacement,
                       confidence=round(f.confidence, 2)) for f in findings]


def _redaction_counts(findings: Sequence[Finding]) -> dict[str, int]:
    return dict(sorted(Counter(f.type for f in findings).items()))


def _numbers(identity: Identity | IdentityOut | None) -> tuple[list[date], list[str]]:
    """The person's date of birth and NHS number, looked for as bare digits in every text others read."""
    if identity is None:
        return [], []
    return ([identity.date_of_birth] if identity.date_of_birth else [],
            [identity.nhs_number] if identity.nhs_number else [])


async def _screen_narrative(
    narrative: str,
    names: Sequence[str],
    addresses: Sequence[str],
    identity: Identity | IdentityOut | None,
    *,
    redact: bool,
) -> tuple[str, list[Finding]]:
    """The narrative to store and what was redacted from it; a 422 with the findings when not redacting.

    The detectors are CPU work: the model runs in the shared detection worker, the rules in a thread.
    """
    if not narrative.strip():
        return narrative, []
    _, found = await anonymise_async(narrative, tuple(names), tuple(addresses))
    born, nhs = _numbers(identity)
    findings = with_known_numbers(narrative, found, nhs, born)
    redacted = redact_text(narrative, findings)
    if not findings:
        return narrative, []
    if redact:
        return redacted, findings
    kinds = ", ".join(dict.fromkeys(f.type for f in findings))
    count = len(findings)
    raise InvalidInput.for_field(
        "pen_picture.narrative",
        f"holds {count} identifier{'s' if count > 1 else ''} ({kinds}); a pen picture is shared with "
        "providers and must be anonymised: fix the text, or send ?redact=true to store redacted_narrative",
        findings=[f.model_dump() for f in _findings_out(findings)],
        redacted_narrative=redacted,
    )


async def _check_reference(
    reference: str, names: Sequence[str], addresses: Sequence[str], identity: Identity | IdentityOut | None
) -> None:
    """A reference travels further than the case (family view, referrals): it must not name the person.
    Dates are allowed (references often carry the referral date), but not the person's date of birth."""
    found = await identifiers_in(reference, names, addresses, *_numbers(identity))
    if found:
        raise InvalidInput.for_field(
            "reference",
            f"holds {in_words([f.type for f in found])}, and providers and families read it: use an "
            "internal code such as LEI-2027-014",
            findings=[f.model_dump() for f in _findings_out(found)],
        )


async def _screen_labels(
    places: Sequence[CasePlaceIn],
    names: Sequence[str],
    addresses: Sequence[str],
    identity: Identity | IdentityOut | None,
) -> None:
    """A place's label travels with the pen picture to providers: screened like the narrative."""
    born, nhs = _numbers(identity)
    for index, place in enumerate(places):
        await screen_free_text(f"location.places[{index}].label", place.label, names, addresses, born, nhs)


async def anonymise_text(body: AnonymiseIn) -> AnonymiseOut:
    """`POST /anonymise`: check a text before it goes into a pen picture; nothing is stored."""
    redacted, findings = await anonymise_async(
        body.text, tuple(body.known_names), tuple(body.known_addresses)
    )
    return AnonymiseOut(redacted_text=redacted, findings=_findings_out(findings))


# --- places ------------------------------------------------------------------------------------------


async def resolve_case_places(
    session: AsyncSession, location: CaseLocation, field_prefix: str = "location"
) -> list[dict[str, Any]]:
    """Each place resolved: [{name, label, weight, latitude, longitude, area, given}], in the order given.

    `given` is the form the commissioner typed ({"postcode": "LE11 3TU"}), kept so the case shows it
    back; the rest is what search needs. An unresolvable place is a 422 naming
    `<field_prefix>.places[i]`.
    """
    resolved: list[dict[str, Any]] = []
    for index, place in enumerate(location.places):
        given = place.given()
        found = await resolve_place(session, given, f"{field_prefix}.places[{index}]")
        resolved.append(
            {
                "name": found.name,
                "label": place.label,
                "weight": place.weight,
                "latitude": found.latitude,
                "longitude": found.longitude,
                "area": found.area,
                "given": given,
            }
        )
    return resolved


def _place_name(place: Mapping[str, Any]) -> str:
    name = place.get("name")
    if name:
        return str(name)
    return f"{float(place['latitude']):.3f}, {float(place['longitude']):.3f}"


def _place_out(place: Mapping[str, Any]) -> CasePlaceOut:
    given = place.get("given") or {k: place[k] for k in _GIVEN_KEYS if place.get(k) is not None}
    return CasePlaceOut(
        **given,
        label=place.get("label"),
        weight=float(place.get("weight", 1.0)),
        resolved=ResolvedPlace(
            name=_place_name(place),
            latitude=place["latitude"],
            longitude=place["longitude"],
            area=place.get("area"),
        ),
    )


# --- shaping -----------------------------------------------------------------------------------------


def _identity(case: Case, identity_key: str) -> IdentityOut | None:
    if case.identity_encrypted is None:
        return None
    return _stored(IdentityOut, decrypt_identity(case.identity_encrypted, identity_key))


def _case_out(case: Case, identity: IdentityOut | None) -> CaseOut:
    """Only called for the owning commissioners: it carries the decrypted identity."""
    location = case.location or {}
    return CaseOut(
        id=case.id,
        organisation_id=case.organisation_id,
        reference=case.reference,
        status=case.status,
        identity=identity,
        location=CaseLocationOut(
            places=[_place_out(p) for p in location.get("places", [])],
            max_distance_km=float(location.get("max_distance_km", 40.0)),
        ),
        target_move_date=case.target_move_date,
        pen_picture=_stored(PenPicture, case.pen_picture),
        housing_spec=_stored(HousingSpec, case.housing_spec),
        created_by=case.created_by,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def _saved(case: Case, identity: IdentityOut | None, findings: Sequence[Finding]) -> CaseSaved:
    return CaseSaved(**dict(_case_out(case, identity)), findings=_findings_out(findings))


def _names(identity: Identity | IdentityOut | None) -> list[str]:
    """The names a narrative must not hold (matched loosely by `matcher.privacy`)."""
    return identity.names() if identity is not None else []


def _addresses(identity: Identity | IdentityOut | None) -> list[str]:
    """The person's address: its street, in any casing, must not be in a narrative either."""
    return [identity.address] if identity is not None and identity.address else []


# --- cases -------------------------------------------------------------------------------------------


class ReferenceTaken(Conflict):
    """The one conflict a case form can put right itself: choose another reference."""


def _reference_taken(reference: str) -> ReferenceTaken:
    return ReferenceTaken(f"Your organisation already has a case with reference '{reference}'.")


async def reference_in_use(
    session: AsyncSession, actor: Actor, reference: str, exclude_case_id: uuid.UUID | None = None
) -> bool:
    """So a form can say so on its first step, not only when the case is saved."""
    return await repository.reference_taken(
        session, _commissioner_organisation(actor), reference, exclude_case_id
    )


def _refuse_a_past_move_date(value: date | None) -> None:
    """A hoped-for move date typed in the past is almost always a slip (2020 for 2027), and searched as
    given it excluded every provider and home as not ready in time; one that has passed since it was
    set is kept, and the search reads it as "as soon as possible" (`search.service.case_query`)."""
    if value is not None and value < date.today():
        raise InvalidInput.for_field(
            "target_move_date", "must be today or later; leave it blank if it is not known"
        )


async def create_case(
    session: AsyncSession, actor: Actor, body: CaseIn, *, identity_key: str, redact: bool = False
) -> CaseSaved:
    organisation_id = _commissioner_organisation(actor)
    _refuse_a_past_move_date(body.target_move_date)
    names, addresses = _names(body.identity), _addresses(body.identity)
    await _check_reference(body.reference, names, addresses, body.identity)
    if await repository.reference_taken(session, organisation_id, body.reference):
        raise _reference_taken(body.reference)
    narrative, findings = await _screen_narrative(
        body.pen_picture.narrative, names, addresses, body.identity, redact=redact
    )
    await _screen_labels(body.location.places, names, addresses, body.identity)
    places = await resolve_case_places(session, body.location)
    pen_picture = {**body.pen_picture.model_dump(mode="json"), "narrative": narrative}
    case = Case(
        organisation_id=organisation_id,
        reference=body.reference,
        identity_encrypted=(
            encrypt_identity(body.identity.model_dump(mode="json"), identity_key) if body.identity else None
        ),
        location={"places": places, "max_distance_km": body.location.max_distance_km},
        target_move_date=body.target_move_date,
        pen_picture=pen_picture,
        housing_spec=body.housing_spec.model_dump(mode="json"),
        status="open",
        created_by=actor.user_id,
    )
    try:
        case = await repository.add_case(session, case)
    except repository.ReferenceTaken as exc:
        raise _reference_taken(body.reference) from exc
    detail: dict[str, Any] = {"reference": case.reference, "identity": body.identity is not None}
    if findings:
        detail["redactions"] = _redaction_counts(findings)
    await record_pen_picture_event(session, case_id=case.id, action="created", actor=actor, detail=detail)
    identity = IdentityOut.model_validate(body.identity.model_dump()) if body.identity else None
    return _saved(case, identity, findings)


async def get_case(session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, identity_key: str) -> CaseOut:
    case = await owned_case(session, actor, case_id)
    return _case_out(case, _identity(case, identity_key))


async def list_cases(
    session: AsyncSession, actor: Actor, *, status: str | None, limit: int, offset: int, identity_key: str
) -> tuple[list[CaseOut], int]:
    """The actor's organisation's cases, newest first."""
    organisation_id = _commissioner_organisation(actor)
    rows, total = await repository.list_cases(
        session, organisation_id, status=status, limit=limit, offset=offset
    )
    return [_case_out(case, _identity(case, identity_key)) for case in rows], total


async def update_case(
    session: AsyncSession,
    actor: Actor,
    case_id: uuid.UUID,
    body: CasePatch,
    *,
    identity_key: str,
    redact: bool = False,
) -> CaseSaved:
    """Merge each part sent into the stored one, re-screen the narrative when it or the names changed,
    and record which fields changed (names of fields, never their values)."""
    case = await owned_case(session, actor, case_id, for_update=True)
    sent = body.model_dump(mode="json", exclude_unset=True)
    if case.status == "closed" and body.status != "open" and set(sent) - {"status"}:
        raise Conflict('This case is closed: reopen it with {"status": "open"} before changing it.',
                       case_closed=True)
    changed: list[str] = []

    identity = _identity(case, identity_key)
    old_known = _names(identity), _addresses(identity), _numbers(identity)
    if "identity" in sent:
        old = identity.model_dump(mode="json") if identity else {}
        new = _validate(Identity, merge_patch(old, sent["identity"]), "identity").model_dump(mode="json")
        changed += _changed("identity", old, new)
        identity = IdentityOut.model_validate(new)
    names, addresses = _names(identity), _addresses(identity)
    known_changed = (names, addresses, _numbers(identity)) != old_known

    reference = case.reference
    if body.reference is not None and body.reference.strip() != case.reference:
        reference = body.reference.strip()
        if not reference:
            raise InvalidInput.for_field("reference", "must not be blank")
        if await repository.reference_taken(session, case.organisation_id, reference, case.id):
            raise _reference_taken(reference)
        changed.append("reference")
    if "reference" in changed or known_changed:
        await _check_reference(reference, names, addresses, identity)

    old_pen = _stored(PenPicture, case.pen_picture).model_dump(mode="json")
    new_pen = _validate(
        PenPicture, merge_patch(old_pen, sent.get("pen_picture", {})), "pen_picture"
    ).model_dump(mode="json")
    findings: list[Finding] = []
    if new_pen["narrative"] != old_pen["narrative"] or known_changed:
        new_pen["narrative"], findings = await _screen_narrative(
            new_pen["narrative"], names, addresses, identity, redact=redact
        )
    changed += _changed("pen_picture", old_pen, new_pen)

    old_housing = _stored(HousingSpec, case.housing_spec).model_dump(mode="json")
    new_housing = _validate(
        HousingSpec, merge_patch(old_housing, sent.get("housing_spec", {})), "housing_spec"
    ).model_dump(mode="json")
    changed += _changed("housing_spec", old_housing, new_housing)

    location = dict(case.location or {})
    if body.location is not None:
        if "places" in sent["location"]:
            if body.location.places is None:
                raise InvalidInput.for_field("location.places", "cannot be null: give 1 to 10 places")
            await _screen_labels(body.location.places, names, addresses, identity)
            places = await resolve_case_places(session, CaseLocation(places=body.location.places))
            if places != location.get("places"):
                location["places"] = places
                changed.append("location.places")
        if "max_distance_km" in sent["location"]:
            distance = body.location.max_distance_km or DEFAULT_MAX_DISTANCE_KM
            if distance != location.get("max_distance_km"):
                location["max_distance_km"] = distance
                changed.append("location.max_distance_km")

    if "target_move_date" in sent and body.target_move_date != case.target_move_date:
        _refuse_a_past_move_date(body.target_move_date)  # a stored one may have passed: it is kept
        case.target_move_date = body.target_move_date
        changed.append("target_move_date")
    detail: dict[str, Any] = {}
    if body.status is not None and body.status != case.status:
        case.status = detail["status"] = body.status
        changed.append("status")

    if not changed:
        return _saved(case, identity, findings)
    if any(field.startswith("identity.") for field in changed) and identity is not None:
        case.identity_encrypted = encrypt_identity(identity.model_dump(mode="json"), identity_key)
    case.reference = reference
    if any(field.startswith("pen_picture.") for field in changed):
        case.pen_picture = new_pen
    if any(field.startswith("housing_spec.") for field in changed):
        case.housing_spec = new_housing
    if any(field.startswith("location.") for field in changed):
        case.location = location
    try:
        case = await repository.save_case(session, case)
    except repository.ReferenceTaken as exc:
        raise _reference_taken(reference) from exc
    if detail.get("status") == "closed":
        await market_calls.close_calls_of_case(session, case.id, actor.user_id)
    detail["fields"] = changed
    if findings:
        detail["redactions"] = _redaction_counts(findings)
    await record_pen_picture_event(session, case_id=case.id, action="updated", actor=actor, detail=detail)
    return _saved(case, identity, findings)


async def case_audit(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[AuditEventOut], int]:
    """The case's pen-picture audit log, oldest first, for its own commissioners only."""
    case = await owned_case(session, actor, case_id)
    events = await pen_picture_history(session, case.id, limit=limit, offset=offset)
    total = await count_pen_picture_events(session, case.id)
    return [AuditEventOut.model_validate(event, from_attributes=True) for event in events], total


# --- search ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseForSearch:
    """A stored case as search reads it: resolved places and plain JSON parts, defaults filled."""

    id: uuid.UUID
    reference: str
    places: list[dict[str, Any]]
    max_distance_km: float
    target_move_date: date | None
    pen_picture: dict[str, Any]
    housing_spec: dict[str, Any]


async def case_for_search(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> CaseForSearch:
    """The owning commissioners' case, without its identity (search never needs it)."""
    return search_form(await owned_case(session, actor, case_id))


def search_form(case: Case) -> CaseForSearch:
    """A loaded case as search reads it, without its identity; the caller has checked access."""
    location = case.location or {}
    places = [
        {
            **place,
            "name": _place_name(place),
            "label": place.get("label"),
            "weight": float(place.get("weight", 1.0)),
        }
        for place in location.get("places", [])
    ]
    return CaseForSearch(
        id=case.id,
        reference=case.reference,
        places=places,
        max_distance_km=float(location.get("max_distance_km", 40.0)),
        target_move_date=case.target_move_date,
        pen_picture=_stored(PenPicture, case.pen_picture).model_dump(mode="json"),
        housing_spec=_stored(HousingSpec, case.housing_spec).model_dump(mode="json"),
    )
