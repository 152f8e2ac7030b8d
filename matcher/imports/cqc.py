"""`matcher import-cqc FILE`: the regulator's facts (CQC location ids and ratings) from the CQC's own file.

Two layouts the CQC publishes are read, by their header row (found wherever it is: the directory has a
title block above it):

- **HSCA Active Locations** (the monthly "care directory with filters" workbook, sheet
  `HSCA_Active_Locations`, saved as CSV): `Location ID`, `Location Name`, `Location Postal Code`,
  `Location City`, `Location Local Authority`, `Location Latest Overall Rating`, `Publication Date`,
  `Provider Name`, ...
- **CQC care directory** (`CQC_directory.csv`): `Name`, `Also known as`, `Address`, `Postcode`, ...,
  `Provider name`, `Local authority`, ..., `CQC Location ID (for office use only)`, `CQC Provider ID (for
  office use only)`. It has no ratings: location ids are set, ratings left as they are.

A row matches a care organisation when a name (the location's or its provider's) scores at least
`NAME_THRESHOLD` (rapidfuzz token_sort_ratio, after dropping "Ltd", "Limited" and punctuation) AND its
place agrees: the organisation's office postcode has the row's postcode district, or (no office postcode)
the office town appears in the row's address, city or local authority. One such organisation: matched;
several, or a name match whose place cannot be confirmed: ambiguous (a person decides); none: unmatched.

Each matched organisation gets the set of its matched location ids and the WORST of their ratings (a
commissioner is never shown the best of several). An organisation whose facts are already those is left
alone, so importing the same file twice changes nothing (`cqc_imported_at` is when they last changed).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation
from matcher.errors import InvalidInput
from matcher.imports import organisations_repository
from matcher.listings.repository import bump_marketplace_version
from matcher.places.postcodes import normalise_postcode
from matcher.vocab import CQC_RATINGS

NAME_THRESHOLD = 88.0
_LEGAL = re.compile(r"\b(ltd|limited|plc|llp|cic|the|uk)\b|[^\w\s]", re.IGNORECASE)
_RATING = {"outstanding": "outstanding", "good": "good", "requires improvement": "requires_improvement",
           "inadequate": "inadequate"}


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    location_id: str
    location_name: str
    postcode: str
    provider_name: str
    place_columns: tuple[str, ...]
    rating: str | None


HSCA = Layout("HSCA Active Locations", "Location ID", "Location Name", "Location Postal Code",
              "Provider Name", ("Location City", "Location Local Authority", "Location Street Address"),
              "Location Latest Overall Rating")
DIRECTORY = Layout("CQC care directory", "CQC Location ID (for office use only)", "Name", "Postcode",
                   "Provider name", ("Address", "Local authority", "Local Authority"), None)


@dataclass(frozen=True, slots=True)
class CqcRow:
    line: int
    location_id: str
    names: tuple[str, ...]
    district: str | None
    places: str
    rating: str | None


@dataclass
class CqcReport:
    layout: str
    matched: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    organisations_changed: int = 0
    organisations_unchanged: int = 0
    ambiguous_rows: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.layout}: {self.matched} rows matched, {self.ambiguous} ambiguous, {self.unmatched} "
                f"unmatched; {self.organisations_changed} organisations updated, "
                f"{self.organisations_unchanged} already up to date")


def _key(name: str) -> str:
    return " ".join(_LEGAL.sub(" ", name.lower()).split())


def _district(text: str) -> str | None:
    postcode = normalise_postcode(text) if text else None
    return postcode.split(" ", 1)[0] if postcode else None


def read_rows(text: str) -> tuple[Layout, Iterator[CqcRow]]:
    lines = text.splitlines()
    for index, line in enumerate(lines[:20]):
        for layout in (HSCA, DIRECTORY):
            if layout.location_id in line and layout.location_name in line:
                return layout, _rows(layout, lines, index)
    raise InvalidInput.for_field(
        "file", "no CQC header row found: expected the HSCA Active Locations columns (Location ID, Location "
        "Name, Location Postal Code, ...) or the CQC care directory columns (Name, ..., CQC Location ID (for "
        "office use only))")


def _rows(layout: Layout, lines: list[str], header: int) -> Iterator[CqcRow]:
    reader = csv.DictReader(io.StringIO("\n".join(lines[header:])))
    for number, record in enumerate(reader, start=header + 2):
        location_id = (record.get(layout.location_id) or "").strip()
        if not location_id:
            continue
        rating_text = (record.get(layout.rating) or "").strip().lower() if layout.rating else ""
        names = tuple(n for n in ((record.get(layout.location_name) or "").strip(),
                                  (record.get(layout.provider_name) or "").strip()) if n)
        yield CqcRow(
            line=number,
            location_id=location_id,
            names=names,
            district=_district(record.get(layout.postcode) or ""),
            places=" ".join((record.get(column) or "") for column in layout.place_columns).lower(),
            rating=_RATING.get(rating_text),
        )


def _office(organisation: Organisation) -> tuple[str | None, str | None]:
    """(postcode district, town) of the organisation's office, as far as it says."""
    office: dict[str, Any] = organisation.office or {}
    district = _district(str(office.get("postcode") or "")) or _district(str(office.get("name") or ""))
    town = None if district else (str(office.get("name") or "").strip().lower() or None)
    return district, town


def _place_agrees(organisation: Organisation, row: CqcRow) -> bool | None:
    """True/False when the office's postcode or town says; None when the office says nothing."""
    district, town = _office(organisation)
    if district:
        return row.district == district
    if town:
        return town in row.places
    return None


def match_rows(
    rows: list[CqcRow], organisations: list[Organisation], report: CqcReport,
    progress: Callable[[int], None] | None = None,
) -> dict[Organisation, list[CqcRow]]:
    names = [_key(o.name) for o in organisations]
    found: dict[Organisation, list[CqcRow]] = {}
    for row in rows:
        candidates: dict[int, float] = {}
        for name in row.names:
            for _, score, index in process.extract(_key(name), names, scorer=fuzz.token_sort_ratio,
                                                   score_cutoff=NAME_THRESHOLD, limit=10):
                candidates[index] = max(score, candidates.get(index, 0.0))
        agreeing = [i for i in candidates if _place_agrees(organisations[i], row)]
        unsure = [i for i in candidates if _place_agrees(organisations[i], row) is None]
        if len(agreeing) == 1 and not unsure:
            report.matched += 1
            found.setdefault(organisations[agreeing[0]], []).append(row)
        elif agreeing or unsure:
            report.ambiguous += 1
            who = ", ".join(sorted(organisations[i].name for i in agreeing + unsure))
            report.ambiguous_rows.append(f"line {row.line} ({row.location_id} {row.names[0]}): {who}")
        else:
            report.unmatched += 1
        if progress is not None:
            progress(1)
    return found


def _worst(ratings: list[str]) -> str | None:
    known = [r for r in ratings if r in CQC_RATINGS]
    return max(known, key=CQC_RATINGS.index) if known else None


async def import_cqc(
    session: AsyncSession, path: Path, progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> CqcReport:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    layout, row_iter = read_rows(text)
    rows = list(row_iter)
    if total is not None:
        total(len(rows))
    report = CqcReport(layout.name)
    organisations = await organisations_repository.care_organisations(session)
    found = match_rows(rows, organisations, report, progress)
    now = datetime.now(UTC)
    changed = []
    for organisation, matched in found.items():
        ids = sorted({row.location_id for row in matched})
        rating = _worst([row.rating for row in matched if row.rating]) if layout.rating else \
            organisation.cqc_rating
        if sorted(organisation.cqc_location_ids) == ids and organisation.cqc_rating == rating:
            report.organisations_unchanged += 1
            continue
        organisation.cqc_location_ids, organisation.cqc_rating = ids, rating
        organisation.cqc_imported_at = now
        report.organisations_changed += 1
        changed.append(organisation.id)
    if changed:
        await session.flush()
        await bump_marketplace_version(session, care=changed)  # ratings are search evidence
    return report
