"""`matcher import-providers FILE`: care providers in bulk (organisation + care offer), for admins.

One provider a row of a CSV or XLSX (columns in `PROVIDER_COLUMNS`); lists separated by `;`, free text
read as vocabulary codes with the same fuzzy reader as the homes import, service areas as
"Leicester 30; Derby 20" (a town or postcode district and a radius in km). Keyed by the organisation's
name (case-insensitive): a second import updates that organisation's offer and never duplicates it; a row
equal to what is published is left alone. Writes go through the organisations and listings services.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.errors import InvalidInput, NotFound
from matcher.imports import organisations_repository
from matcher.imports.columns import header_key
from matcher.imports.spreadsheet import read_sheet
from matcher.imports.vocabulary import vocabulary
from matcher.listings import service as listings
from matcher.listings.schemas import CareOfferIn
from matcher.organisations import service as organisations
from matcher.organisations.schemas import OrganisationCreate
from matcher.places import resolve_place
from matcher.validation_words import field_path
from matcher.vocab import (
    CARE_SERVICE_TYPES,
    CLIENT_GROUPS,
    COMMUNICATION,
    LANGUAGES,
    NIGHT_COVER,
    SPECIALISTS,
    STAFF_RATIOS,
)

#: The command line is run by whoever holds the database: it acts as an administrator.
SYSTEM_ADMIN = Actor(user_id=uuid.UUID(int=0), role="admin", organisation_id=None, email="cli")
_LISTS = {"service_types": CARE_SERVICE_TYPES, "client_groups": CLIENT_GROUPS, "ratios": STAFF_RATIOS,
          "nights": NIGHT_COVER, "specialists": SPECIALISTS, "communication": COMMUNICATION,
          "languages": LANGUAGES}
_FLAGS = ("female_staff_only", "male_staff_only", "pbs_policy", "bild_act_certified_training",
          "rrn_certified_training", "pbs_lead", "practice_leadership", "restrictive_practice_reduction")
_NUMBERS = ("staff_trained_pct", "discharges_supported_3y", "placement_breakdowns_3y")
PROVIDER_COLUMNS = ("name", "description", "email", "phone", "website", "office", *_LISTS, *_FLAGS,
                    *_NUMBERS, "service_area", "new_packages", "earliest_start")
_AREA = re.compile(r"^(.*?)[\s:,]+(\d+(?:\.\d+)?)\s*(?:km)?$", re.IGNORECASE)
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass
class ProvidersReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    normalised: int = 0

    def summary(self) -> str:
        return (f"{self.created} providers created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.errors)} rows with errors, {self.normalised} values normalised")


def _codes(text: str, codes: tuple[str, ...], column: str, problems: list[str]) -> tuple[list[str], int]:
    out, normalised = [], 0
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        reading = vocabulary(codes).read(part)
        if reading.code is None:
            problems.append(f"{column}: {reading.problem}")
        else:
            normalised += reading.code != part
            out.append(reading.code)
    return out, normalised


def parse_provider(cells: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any], list[str], int]:
    """(organisation body, care offer body, problems, values normalised) for one row."""
    problems: list[str] = []
    normalised = 0
    lists: dict[str, list[str]] = {}
    for column, codes in _LISTS.items():
        lists[column], count = _codes(cells.get(column, ""), codes, column, problems)
        normalised += count
    flags: dict[str, bool] = {}
    for column in _FLAGS:
        value = cells.get(column, "").strip().lower()
        if value not in _TRUE | _FALSE:
            problems.append(f"{column}: {value!r} is not yes or no")
        flags[column] = value in _TRUE
    areas = []
    for part in (p.strip() for p in cells.get("service_area", "").split(";") if p.strip()):
        match = _AREA.match(part)
        if not match:
            problems.append(f"service_area: {part!r} is not 'town radius_km', like 'Leicester 30'")
            continue
        place = match.group(1).strip()
        key = "postcode" if re.match(r"^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{2})?$", place, re.I) else "name"
        areas.append({key: place, "radius_km": match.group(2)})
    organisation: dict[str, Any] = {"name": cells.get("name", "").strip(), "kinds": ["care"],
                    "description": cells.get("description", ""),
                    **{k: cells[k].strip() for k in ("email", "phone", "website")
                       if cells.get(k, "").strip()}}
    if cells.get("office", "").strip():
        organisation["office"] = {"name": cells["office"].strip()}
    offer = {
        "service_types": lists["service_types"], "client_groups": lists["client_groups"],
        "staffing": {"ratios": lists["ratios"], "nights": lists["nights"],
                     "female_staff_only": flags["female_staff_only"],
                     "male_staff_only": flags["male_staff_only"]},
        "specialists": lists["specialists"], "communication": lists["communication"],
        "languages": lists["languages"],
        "pbs": {**{k: flags[k] for k in _FLAGS[2:]},
                **{k: cells.get(k, "").strip() or "0" for k in _NUMBERS}},
        "service_area": areas,
        "capacity": {"new_packages": cells.get("new_packages", "").strip() or "0",
                     "earliest_start": cells.get("earliest_start", "").strip() or None},
        "description": cells.get("description", ""),
    }
    return organisation, offer, problems, normalised


def _same_offer(published: Any, wanted: CareOfferIn) -> bool:
    current = {
        "service_types": published.service_types, "client_groups": published.client_groups,
        "staffing": published.staffing.model_dump(), "specialists": published.specialists,
        "communication": published.communication, "languages": published.languages,
        "pbs": published.pbs.model_dump(),
        "service_area": [(a.name.lower(), a.radius_km) for a in published.service_area],
        "capacity": (published.capacity.new_packages, published.capacity.earliest_start),
        "description": published.description,
    }
    given = wanted.model_dump()
    proposed = {
        **{k: list(dict.fromkeys(given[k])) for k in ("service_types", "client_groups", "specialists",
                                                      "communication", "languages")},
        "staffing": {**given["staffing"], "ratios": list(dict.fromkeys(given["staffing"]["ratios"])),
                     "nights": list(dict.fromkeys(given["staffing"]["nights"]))},
        "pbs": given["pbs"],
        "service_area": [(str(a.get("name") or a.get("postcode")).lower(), a["radius_km"])
                         for a in given["service_area"]],
        "capacity": (given["capacity"]["new_packages"], given["capacity"]["earliest_start"]),
        "description": given["description"],
    }
    return current == proposed


async def import_providers(
    session: AsyncSession, data: bytes, filename: str, *, dry_run: bool, max_rows: int,
    progress: Callable[[int], None] | None = None, total: Callable[[int], None] | None = None,
) -> ProvidersReport:
    sheet = read_sheet(data, filename, max_rows=max_rows)
    by_key = {column: header_key(column) for column in sheet.columns}
    unknown = [c for c, k in by_key.items() if k not in PROVIDER_COLUMNS]
    if unknown or "name" not in by_key.values():
        raise InvalidInput.for_field(
            "file", f"the columns are: {', '.join(PROVIDER_COLUMNS)} (name required); "
            f"unknown: {', '.join(unknown) or 'none'}")
    if total is not None:
        total(len(sheet.rows))
    report = ProvidersReport()
    rows = [(n, {by_key[k]: v for k, v in cells.items()}) for n, cells in sheet.rows]
    existing = await organisations_repository.by_lower_name(
        session, [cells.get("name", "").strip().lower() for _, cells in rows])
    seen: set[str] = set()
    for number, cells in rows:
        if progress is not None:
            progress(1)
        organisation_body, offer_body, problems, normalised = parse_provider(cells)
        report.normalised += normalised
        key = organisation_body["name"].lower()
        if key in seen:
            problems.append(f"name: {organisation_body['name']!r} appears twice in this file")
        seen.add(key)
        try:
            organisation_in = OrganisationCreate.model_validate(organisation_body)
            offer_in = CareOfferIn.model_validate(offer_body)
        except ValidationError as exc:
            problems += [f"{field_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        if not problems:
            for index, area in enumerate(offer_in.service_area):
                try:
                    await resolve_place(session, area.as_query(), f"service_area[{index}]")
                except InvalidInput as exc:
                    problems.append(exc.detail)
        if problems:
            report.errors.append(f"row {number}: " + "; ".join(problems))
            continue
        current = existing.get(key)
        if current is not None and "care" not in current.kinds:
            report.errors.append(f"row {number}: {current.name!r} exists but is not a care organisation")
            continue
        if current is not None:
            try:
                published = await listings.get_care_offer(session, current.id)
            except NotFound:  # an organisation without an offer yet
                published = None
            if published is not None and _same_offer(published, offer_in):
                report.unchanged += 1
                continue
            report.updated += 1
            if not dry_run:
                await listings.put_care_offer(session, SYSTEM_ADMIN, current.id, offer_in)
            continue
        report.created += 1
        if not dry_run:
            organisation = await organisations.create_organisation(session, SYSTEM_ADMIN, organisation_in)
            await listings.put_care_offer(session, SYSTEM_ADMIN, organisation.id, offer_in)
    return report
