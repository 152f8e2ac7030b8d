"""A landlord's homes from a spreadsheet: read, normalise, compare with what is listed, then write.

Rules: only a housing organisation's own provider users import, and only its own homes change (homes are
looked up by (organisation, external_ref)). Free text is read as vocabulary codes (`vocabulary`) and every
such reading is reported. A dry run writes nothing; a real import writes nothing when any row has an error
unless `skip_invalid`. Homes are created and updated through the listings service, the same path as
`POST`/`PATCH /properties`, so the same rules, events and listing-change records apply. Importing the same
file twice changes nothing (rows equal to the listed home are `unchanged` and not written), and so does
sending it twice at once: a real import holds a lock on its landlord's imports until its transaction ends,
so the second waits and then finds the first's homes.

For a home already listed, a row changes only what the file says: a column left out of the file keeps the
stored value, while an empty cell in a column that is there clears an optional value (no weekly rent, no
features, accessibility G, ...). Status is the exception: an empty status cell keeps the home's status,
so a let home is listed again only when the file says `available`; and a home reserved for a case never
changes status through an import (as on the home's own page: a reservation is released from the case).
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher import vocab
from matcher.auth import Actor
from matcher.db.models import Property
from matcher.errors import Forbidden, InvalidInput, MatcherError
from matcher.imports import organisations_repository
from matcher.imports.accessibility import read_accessibility
from matcher.imports.columns import (
    COLUMN_NAMES,
    LIST_COLUMNS,
    LIST_SEPARATORS,
    REQUIRED,
    column_label,
    header_key,
)
from matcher.imports.schemas import FieldChange, ImportReport, Normalisation, RowError, RowPreview
from matcher.imports.spreadsheet import read_sheet
from matcher.imports.vocabulary import negated, vocabulary
from matcher.imports.wording import place_problem, validation_message, value_words
from matcher.listings import repository as listings_repository
from matcher.listings import service as listings
from matcher.listings.schemas import PropertyIn, PropertyPatch, sharing_problem
from matcher.organisations import repository as organisations
from matcher.organisations import service as organisation_directory
from matcher.places import resolve_place
from matcher.validation_words import field_path
from matcher.vocab import (
    ASSISTIVE_TECHNOLOGY,
    LIVING_ARRANGEMENTS,
    PROPERTY_FEATURES,
    PROPERTY_TYPES,
    TENURES,
)

Progress = Callable[[int, int], None]
_BATCH = 500

_CODE_COLUMNS = {
    "property_type": PROPERTY_TYPES,
    "living_arrangement": LIVING_ARRANGEMENTS,
    "status": ("available", "let", "withdrawn"),
}
_CODE_LIST_COLUMNS = {"features": PROPERTY_FEATURES, "assistive_technology": ASSISTIVE_TECHNOLOGY,
                      "tenure": TENURES}
#: A list cell that says what a home lacks: (what it says, what to do instead).
_LACKS = {
    "features": ("the home does not have it", "leave a feature out when the home lacks it"),
    "assistive_technology": ("the home does not have it", "leave a piece of technology out when the home "
                             "lacks it"),
    "tenure": ("the home is not offered that way", "leave a tenure out when it is not offered"),
}
_COORDINATES = re.compile(r"^\s*\(?\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)\s*\)?\s*$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$", re.IGNORECASE)
_UK_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
#: A date cell Excel left as its day number (days since 30 December 1899): 20000 is 1954, 80000 is 2119.
_EXCEL_DAY = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_RENT = re.compile(r"^(?:£|gbp)?\s*(\d+(?:\.\d{1,2})?)\s*(?:£|gbp)?\s*"
                   r"(per\s+week|a\s+week|each\s+week|weekly|p\.?\s?/?\s?w\.?|/\s*(?:week|wk|w))?$",
                   re.IGNORECASE)
_MONTHLY = re.compile(r"pcm|p/?m\b|month", re.IGNORECASE)
#: The fields compared to decide whether a row changes its home.
_COMPARED: tuple[str, ...] = (
    "title", "property_type", "living_arrangement", "max_occupants", "bedrooms", "accessibility",
    "features", "assistive_technology", "tenure", "weekly_rent", "available_from", "status",
    "location", "care_partner_ids", "description",
)
#: What an empty cell in a column that is in the file sets (required columns are errors when empty;
#: an empty max_occupants or status is decided with the listed home, in `validate_row`).
_BLANK: dict[str, Any] = {"accessibility": "G", "weekly_rent": None, "available_from": None,
                          "description": "", **{name: [] for name in LIST_COLUMNS}}
#: What a landlord can do about a care partner the import cannot find (no page lists care providers).
PARTNER_HINT = ("ask the care provider for the name it is registered under on this service (a part of the "
                "name that only it has is enough)")
RESERVED_STATUS = ("this home is reserved for a case, so an import does not change its status: the "
                   "reservation is released from the case. Leave its status available or empty to keep it")


def safe_echo(text: str) -> str:
    """A cell echoed back never starts like a formula (=, +, -, @): a spreadsheet opening the report
    shows it as text. (Pages escape HTML on top of this.)"""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass
class ParsedRow:
    row: int
    external_ref: str
    body: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)
    normalised: list[Normalisation] = field(default_factory=list)
    home: PropertyIn | None = None
    #: The columns in the file (`parse_row`), and the fields this row sets on a listed home (`validate_row`).
    present: frozenset[str] = frozenset()
    sets: frozenset[str] = frozenset()


# --- reading one row (pure: runs in a worker thread) ---------------------------------------------------


def _opposite_problem(column: str, text: str, opposite: str, codes: tuple[str, ...]) -> tuple[str, str]:
    """A cell that reads as the opposite of its closest value ('no garden', 'shared walls', 'not shared'):
    (in codes, in labels)."""
    typed = repr(text.strip())
    if column not in _LACKS:
        said = "says what the home is not: give what it is, one of:"
        return (f"{typed} {said} {', '.join(codes)}",
                f"{typed} {said} {', '.join(vocab.label(code) for code in codes)}")
    lacks, instead = _LACKS[column]
    if negated(vocab.label(opposite)):  # 'shared walls' against 'No shared walls'
        said = f"list only what the home has, and {instead}"
        return (f"{typed} is the opposite of {opposite}: {said}",
                f"{typed} is the opposite of ‘{vocab.label(opposite)}’: {said}")
    return (f"{typed} says {lacks}: {instead}",) * 2


def _read_code(parsed: ParsedRow, column: str, text: str, codes: tuple[str, ...]) -> str | None:
    reading = vocabulary(codes).read(text)
    if reading.code is None:
        problem, words = (str(reading.problem), reading.words) if reading.opposite is None else \
            _opposite_problem(column, text, reading.opposite, codes)
        parsed.errors.append(RowError.said(parsed.row, column, safe_echo(problem),
                                           safe_echo(words) if words else None))
        return None
    if text != reading.code:
        parsed.normalised.append(Normalisation(row=parsed.row, field=column, from_=safe_echo(text),
                                               to=reading.code))
    return reading.code


def _read_accessibility(parsed: ParsedRow, text: str) -> str | None:
    reading = read_accessibility(text)
    letter = reading.letter
    if letter is None:
        problem = reading.problem or "is not an accessibility category"
        parsed.errors.append(RowError(row=parsed.row, field="accessibility", message=safe_echo(problem)))
        return None
    if letter != text:
        parsed.normalised.append(Normalisation(row=parsed.row, field="accessibility", from_=safe_echo(text),
                                               to=letter))
    return letter


def _problem(parsed: ParsedRow, column: str, message: str) -> None:
    parsed.errors.append(RowError(row=parsed.row, field=column, message=safe_echo(message)))


def _read_date(parsed: ParsedRow, text: str) -> str | None:
    """2027-01-31, 31/01/2027, a spreadsheet's date and time (the day is kept) or Excel's day number."""
    iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif uk:
            day = date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
        elif _EXCEL_DAY.match(text) and 20000 <= float(text) <= 80000:
            day = _EXCEL_EPOCH + timedelta(days=int(float(text)))
        else:
            _problem(parsed, "available_from",
                     f"Available from must be a date, like 31/01/2027 or 2027-01-31: {text!r} is not")
            return None
    except ValueError:
        _problem(parsed, "available_from", f"{text} is not a real date")
        return None
    if text != day.isoformat():
        parsed.normalised.append(Normalisation(row=parsed.row, field="available_from", from_=safe_echo(text),
                                               to=day.isoformat()))
    return day.isoformat()


def _read_rent(parsed: ParsedRow, text: str) -> str | None:
    """'180.50', '£1,250', '£250 pw', '250 per week': pounds a week."""
    rent = _RENT.match(re.sub(r"(?<=\d),(?=\d{3})", "", text))
    if rent is None:
        hint = " (a monthly rent times 12, divided by 52)" if _MONTHLY.search(text) else ""
        _problem(parsed, "weekly_rent",
                 f"Weekly rent must be an amount in pounds a week, like 180.50{hint}: {text!r} is not")
        return None
    if rent.group(2):  # the words are dropped: say so
        parsed.normalised.append(Normalisation(row=parsed.row, field="weekly_rent", from_=safe_echo(text),
                                               to=rent.group(1)))
    return rent.group(1)


def place_from_text(text: str) -> dict[str, Any]:
    """'Shepshed' -> {"name"}; 'LE12 9AA' / 'LE12' -> {"postcode"}; '52.77, -1.30' -> coordinates."""
    coordinates = _COORDINATES.match(text)
    if coordinates:
        return {"latitude": float(coordinates.group(1)), "longitude": float(coordinates.group(2))}
    if _POSTCODE.match(text.strip()):
        return {"postcode": text.strip().upper()}
    return {"name": text.strip()}


def _split(text: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


def parse_row(row: int, cells: dict[str, str], organisation_id: uuid.UUID) -> ParsedRow:
    """The row's cells read (`cells` holds every column of the file, and only those); `validate_row`
    then checks them against the rules once the listed home, if any, is known."""
    parsed = ParsedRow(row=row, external_ref=cells.get("external_ref", "").strip(), body={},
                       present=frozenset(cells))
    body: dict[str, Any] = {"organisation_id": organisation_id}
    for column in COLUMN_NAMES:
        if column not in cells:
            continue
        text = cells[column].strip()
        if not text:
            if column in REQUIRED:
                _problem(parsed, column, f"{column_label(column)} is required: the cell is empty")
            elif column in _BLANK:
                body[column] = _BLANK[column]
            continue
        if column in _CODE_COLUMNS:
            body[column] = _read_code(parsed, column, text, _CODE_COLUMNS[column])
        elif column in _CODE_LIST_COLUMNS:
            body[column] = [code for part in _split(text)
                            if (code := _read_code(parsed, column, part, _CODE_LIST_COLUMNS[column]))]
        elif column == "accessibility":
            body[column] = _read_accessibility(parsed, text)
        elif column == "available_from":
            body[column] = _read_date(parsed, text)
        elif column == "weekly_rent":
            body[column] = _read_rent(parsed, text)
        elif column == "location":
            body[column] = place_from_text(text)
        elif column == "care_partner_ids":
            body[column] = _split(text)
        elif column != "external_ref":
            body[column] = text
    body["external_ref"] = parsed.external_ref or None
    parsed.body = body
    return parsed


def validate_row(parsed: ParsedRow, listed_occupants: int | None) -> None:
    """`parsed.home` when the row keeps every rule, else its errors. `listed_occupants` is the listed
    home's max_occupants (None: a new home), kept when the file has no max_occupants column."""
    row, body = parsed.row, dict(parsed.body)
    sets = set(parsed.present) - {"external_ref"}
    if "status" not in body:
        sets.discard("status")  # empty: a new home is available, a listed one keeps its status
    if "max_occupants" not in body:
        if body.get("living_arrangement") == "single_occupancy":
            body["max_occupants"] = 1
            sets.add("max_occupants")
        elif listed_occupants is not None and "max_occupants" not in parsed.present:
            body["max_occupants"] = listed_occupants
    parsed.sets = frozenset(sets)
    try:
        home = PropertyIn.model_validate(body)
    except ValidationError as exc:
        read_already = {error.field for error in parsed.errors}
        for error in exc.errors():
            path = field_path(tuple(error.get("loc", ())))
            column = re.split(r"[.\[]", path, maxsplit=1)[0]
            column = column if column in COLUMN_NAMES else "row"
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            if column == "row" and "max_occupants" in message:
                column = "max_occupants"
            message = validation_message(column, error, message)
            if column not in read_already:
                read_already.add(column)
                parsed.errors.append(RowError(row=row, field=column, message=message))
        occupants = str(body.get("max_occupants", ""))
        sharing = sharing_problem(body.get("living_arrangement"), int(occupants)) \
            if occupants.isdigit() else None  # the model's own check waits for every field to be right
        if sharing and not read_already & {"max_occupants", "living_arrangement"}:
            parsed.errors.append(RowError(row=row, field="max_occupants",
                                          message=validation_message("max_occupants", {}, sharing)))
        return
    if not parsed.errors:
        parsed.home = home


def validate_rows(rows: list[ParsedRow], listed_occupants: dict[str, int]) -> None:
    for parsed in rows:
        validate_row(parsed, listed_occupants.get(parsed.external_ref))


def parse_file(
    data: bytes, filename: str | None, organisation_id: uuid.UUID, max_rows: int
) -> tuple[list[ParsedRow], int]:
    """The rows read, and the spreadsheet's number of the header row (`Sheet.header_row`)."""
    sheet = read_sheet(data, filename, max_rows=max_rows)
    by_key: dict[str, str] = {}
    for column in sheet.columns:
        key = header_key(column)
        if key not in COLUMN_NAMES:
            raise InvalidInput.for_field(
                "file", f"unknown column {safe_echo(column)!r}; the columns are: {', '.join(COLUMN_NAMES)}")
        by_key[column] = key
    missing = sorted(REQUIRED - set(by_key.values()))
    if missing:
        raise InvalidInput.for_field(
            "file", f"the header row lacks the required columns: {', '.join(missing)}")
    if not sheet.rows:
        raise InvalidInput.for_field("file", "the file has a header row but no homes")
    rows = [parse_row(number, {by_key[k]: v for k, v in cells.items()}, organisation_id)
            for number, cells in sheet.rows]
    seen: dict[str, int] = {}
    for parsed in rows:
        if parsed.external_ref in seen:
            first = seen[parsed.external_ref]
            parsed.errors.append(RowError.said(
                parsed.row, "external_ref",
                safe_echo(f"{parsed.external_ref!r} is already used by row {first} of this file"),
                safe_echo(f"{parsed.external_ref!r} is already used by row {sheet.header_row + first} of the "
                          "spreadsheet")))
        elif parsed.external_ref:
            seen[parsed.external_ref] = parsed.row
    return rows, sheet.header_row


# --- comparing with the listed homes and writing -------------------------------------------------------


def _target(home: PropertyIn, sets: frozenset[str]) -> dict[str, Any]:
    """The values the row gives the fields it sets, in `_COMPARED` order."""
    values = home.model_dump(include=set(sets) - {"location"})
    for name in LIST_COLUMNS & values.keys():
        values[name] = list(dict.fromkeys(values[name]))
    if "location" in sets:
        values["location"] = home.location.as_query()
    return {name: values[name] for name in _COMPARED if name in values}


def _listed(existing: Property, name: str) -> Any:
    now = getattr(existing, name)
    return now.date() if isinstance(now, datetime) else now


def _changes(existing: Property, target: dict[str, Any]) -> list[str]:
    return [name for name, value in target.items() if _listed(existing, name) != value]


def _change_words(existing: Property, target: dict[str, Any], changed: list[str],
                  partner_names: dict[uuid.UUID, str]) -> list[FieldChange]:
    return [FieldChange(field=name, label=column_label(name),
                        before=safe_echo(value_words(name, _listed(existing, name), partner_names)),
                        after=safe_echo(value_words(name, target[name], partner_names)))
            for name in changed]


async def _check_places_and_partners(session: AsyncSession, rows: list[ParsedRow]) -> None:
    """Every row's place is found and its care partners (by name, as on the home's page, or by id) read
    as ids, whatever else is wrong with the row, so a row's errors are all reported at once."""
    places: dict[tuple[tuple[str, Any], ...], str | None] = {}
    given = [p for r in rows for p in r.body.get("care_partner_ids") or ()]
    ids = {text: uuid.UUID(text) for text in given if _is_uuid(text)}
    known_ids = await listings_repository.care_organisation_ids(session, list(set(ids.values())))
    by_name: dict[str, tuple[uuid.UUID | None, str]] = {}
    for parsed in rows:
        place = parsed.body.get("location")
        if isinstance(place, dict) and not any(e.field == "location" for e in parsed.errors):
            key = tuple(sorted(place.items()))
            if key not in places:
                try:
                    await resolve_place(session, place, "location")
                    places[key] = None
                except InvalidInput as exc:
                    places[key] = place_problem(exc.errors[0].message if exc.errors else exc.detail)
            if places[key] is not None:
                _problem(parsed, "location", str(places[key]))
        partners: list[str] = []
        for text in parsed.body.get("care_partner_ids") or ():
            if text in ids:
                if ids[text] in known_ids:
                    partners.append(text)
                else:
                    _problem(parsed, "care_partner_ids", f"{text} is not the id of a care provider: give the "
                             f"care provider's name instead, as it is registered here ({PARTNER_HINT})")
                continue
            if text.casefold() not in by_name:
                by_name[text.casefold()] = await _care_partner(session, text)
            found, said = by_name[text.casefold()]
            if found is None:
                _problem(parsed, "care_partner_ids", said)
                continue
            partners.append(str(found))
            if said != text:
                parsed.normalised.append(Normalisation(row=parsed.row, field="care_partner_ids",
                                                       from_=safe_echo(text), to=safe_echo(said)))
        if "care_partner_ids" in parsed.body:
            parsed.body["care_partner_ids"] = partners


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def _care_partner(session: AsyncSession, name: str) -> tuple[uuid.UUID | None, str]:
    """A care provider typed by name, as the home's page reads it: (its id, its name), or (None, why)."""
    found, _ = await organisation_directory.find_organisations(session, kind="care", text=name)
    exact = [o for o in found if o.name.casefold() == name.casefold()]
    chosen = exact or found
    if len(chosen) == 1:
        return chosen[0].id, chosen[0].name
    if not chosen:
        return None, (f"No care provider here is called {name!r}: {PARTNER_HINT}, or leave the name out "
                      "until it has joined")
    return None, (f"More than one care provider matches {name!r}: "
                  f"{', '.join(o.name for o in chosen[:5])}. Give the full name")


async def _landlord(session: AsyncSession, actor: Actor) -> uuid.UUID:
    if actor.role != "provider" or actor.organisation_id is None:
        raise Forbidden("Homes are imported by the landlord's own provider users.")
    organisation = await organisations.get(session, actor.organisation_id)
    if organisation is None or "housing" not in organisation.kinds:
        raise Forbidden("Only a housing organisation imports homes.")
    return organisation.id


async def import_homes(
    session: AsyncSession,
    actor: Actor,
    data: bytes,
    filename: str | None,
    *,
    dry_run: bool,
    skip_invalid: bool,
    max_rows: int,
    progress: Progress | None = None,
) -> ImportReport:
    organisation_id = await _landlord(session, actor)
    rows, header_row = await asyncio.to_thread(parse_file, data, filename, organisation_id, max_rows)
    if not dry_run:  # one real import of a landlord at a time: a double click or a retry waits its turn
        await organisations_repository.lock_for_import(session, organisation_id)
    refs = [r.external_ref for r in rows if r.external_ref]
    existing = await listings_repository.properties_by_external_ref(
        session, organisation_id, refs, for_update=not dry_run)
    occupants = {ref: home.max_occupants for ref, home in existing.items()}
    await _check_places_and_partners(session, rows)
    await asyncio.to_thread(validate_rows, rows, occupants)
    report = ImportReport(dry_run=dry_run, written=False)
    report._header_row = header_row
    plan: list[tuple[ParsedRow, Property | None, list[str]]] = []
    targets: dict[int, dict[str, Any]] = {}
    for parsed in rows:
        home = existing.get(parsed.external_ref)
        changed: list[str] = []
        if parsed.home is not None and home is not None:
            target = targets[parsed.row] = _target(parsed.home, parsed.sets)
            if home.status == "reserved" and target.get("status", "available") != "available":
                parsed.errors.append(RowError(row=parsed.row, field="status", message=RESERVED_STATUS))
            if home.status == "reserved":
                target.pop("status", None)  # the file's "available" is not a change: it stays reserved
            changed = _changes(home, target)
        report.normalised.extend(parsed.normalised)
        if parsed.errors or parsed.home is None:
            report.errors.extend(parsed.errors)
            action = "error"
        elif home is None:
            action, report.created = "create", report.created + 1
        elif changed:
            action, report.updated = "update", report.updated + 1
        else:
            action, report.unchanged = "unchanged", report.unchanged + 1
        report.rows.append(RowPreview(row=parsed.row, external_ref=safe_echo(parsed.external_ref),
                                      action=action, title=safe_echo(str(parsed.body.get("title") or "")),
                                      changed=changed if action == "update" else []))
        if action in ("create", "update"):
            plan.append((parsed, home, changed))
    partner_ids = {uuid.UUID(str(p)) for parsed, home, changed in plan if home is not None
                   and "care_partner_ids" in changed
                   for p in [*home.care_partner_ids, *targets[parsed.row]["care_partner_ids"]]}
    partner_names = await organisations_repository.names_by_id(session, list(partner_ids))
    by_row = {preview.row: preview for preview in report.rows}
    for parsed, home, changed in plan:
        if home is not None:
            by_row[parsed.row].changes = _change_words(home, targets[parsed.row], changed, partner_names)
    if dry_run or (report.errors and not skip_invalid):
        return report
    await _write(session, actor, plan, progress)
    report.written = True
    return report


async def _write(
    session: AsyncSession,
    actor: Actor,
    plan: list[tuple[ParsedRow, Property | None, list[str]]],
    progress: Progress | None,
) -> None:
    """Through the listings service (the same rules and listing-change records as POST/PATCH
    /properties): new homes in batches, changed homes one at a time. A refusal here is a bug in the checks
    above: the whole import rolls back."""
    new = [parsed.home for parsed, home, _ in plan if home is None and parsed.home is not None]
    done = 0
    for start in range(0, len(new), _BATCH):
        batch = new[start : start + _BATCH]
        await listings.create_properties(session, actor, batch)
        done += len(batch)
        if progress is not None:
            progress(done, len(plan))
    for parsed, home, changed in plan:
        assert parsed.home is not None
        if home is None:
            continue
        done += 1
        patch = PropertyPatch.model_validate({name: getattr(parsed.home, name) for name in changed})
        try:
            await listings.update_property(session, actor, home.id, patch)
        except MatcherError as exc:
            exc.detail = f"row {parsed.row}: {exc.detail}. Nothing was imported."
            raise
        if progress is not None and (done % 50 == 0 or done == len(plan)):
            progress(done, len(plan))
