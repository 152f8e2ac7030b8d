"""Runs every detector and turns their overlapping answers into one clean, ordered list of findings.

Two entry points: `find_identifiers` (blocking; scripts, tests, the CLI) and `detect_identifiers`
(async; the service), which gets the model's entities from the shared detection worker, or from a
thread, so the event loop never runs the model or the rules.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Final

from . import model, worker
from ._finding import ADDRESS, IDENTIFIER_TYPES, POSTCODE, Finding
from .addresses import find_addresses
from .dates import find_dates
from .emails import find_emails
from .known_addresses import find_known_addresses
from .model import Entity
from .names import find_names
from .nhs import find_nhs_numbers
from .nino import find_ninos
from .phones import find_phone_numbers
from .postcodes import find_postcodes
from .separators import fold_separators

_DETECTORS: Final[tuple[Callable[[str], list[Finding]], ...]] = (
    find_nhs_numbers, find_ninos, find_emails, find_postcodes, find_phone_numbers, find_dates,
    find_addresses,
)
_PRIORITY: Final = {kind: rank for rank, kind in enumerate(IDENTIFIER_TYPES)}


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Keep the longer finding of any overlapping pair, then the surer, then the more specific type.

    Longest-first is right here: an email holding a name, an address holding a street named after a
    person, or a date inside a longer date form should each be redacted whole.
    """
    ordered = sorted(findings, key=lambda f: (-(f.end - f.start), -f.confidence, _PRIORITY.get(f.type, 99),
                                              f.start))
    kept: list[Finding] = []
    for f in ordered:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _postcodes_out_of_addresses(findings: list[Finding]) -> list[Finding]:
    """An address that runs on into its postcode ends before it: the postcode becomes its district."""
    postcodes = [f for f in findings if f.type == POSTCODE]
    result: list[Finding] = []
    for f in findings:
        if f.type == ADDRESS:
            inside = [p for p in postcodes if f.start < p.start < f.end]
            if inside:
                cut = min(p.start for p in inside)
                end = cut - (len(f.text[: cut - f.start]) - len(f.text[: cut - f.start].rstrip(" ,\n")))
                f = replace(f, end=end, text=f.text[: end - f.start])
        result.append(f)
    return result


def find_identifiers(
    text: str,
    known_names: Sequence[str] = (),
    entities: Sequence[Entity] | None = None,
    known_addresses: Sequence[str] = (),
) -> list[Finding]:
    """All identifiers in the text, sorted by offset and non-overlapping, ready for redaction.

    `entities` are the model's for this text; when not given, the model runs here (loaded on first use).
    `known_names` and `known_addresses` come from the person's identity record: they are matched in any
    casing, as the generic detectors cannot be.
    """
    if not text.strip():
        return []
    text = fold_separators(text)  # same length: offsets stay the caller's
    if entities is None:
        entities = model.entities(text)
    return _with_names(text, known_names, entities, _structured(text, known_addresses))


def _structured(text: str, known_addresses: Sequence[str] = ()) -> list[Finding]:
    """Every detector but names, overlaps resolved: what a model's name may not overlap."""
    found: list[Finding] = find_known_addresses(text, known_addresses)
    for detect in _DETECTORS:
        found.extend(detect(text))
    return _resolve(_postcodes_out_of_addresses(found))


def _with_names(
    text: str, known_names: Sequence[str], entities: Sequence[Entity], structured: list[Finding]
) -> list[Finding]:
    return _resolve(structured + find_names(text, known_names, entities, structured))


async def detect_identifiers(
    text: str, known_names: Sequence[str] = (), known_addresses: Sequence[str] = ()
) -> list[Finding]:
    """The service's call: the model in the detection worker while the rules run in a thread."""
    if not text.strip():
        return []
    text = fold_separators(text)  # same length: offsets stay the caller's
    entities, structured = await asyncio.gather(
        worker.entities(text), asyncio.to_thread(_structured, text, tuple(known_addresses))
    )
    return await asyncio.to_thread(_with_names, text, tuple(known_names), entities, structured)


async def anonymise_async(
    text: str, known_names: Sequence[str] = (), known_addresses: Sequence[str] = ()
) -> tuple[str, list[Finding]]:
    """`anonymise` for the service: the redacted text and the findings, without blocking the loop."""
    findings = await detect_identifiers(text, known_names, known_addresses)
    return redact(text, findings), findings


def redact(text: str, findings: Sequence[Finding]) -> str:
    """Apply findings from the end backwards so earlier offsets stay valid; overlaps are resolved first."""
    result = text
    for f in sorted(_resolve(list(findings)), key=lambda f: f.start, reverse=True):
        result = result[: f.start] + f.replacement + result[f.end:]
    return result


def anonymise(
    text: str, known_names: Sequence[str] = (), known_addresses: Sequence[str] = ()
) -> tuple[str, list[Finding]]:
    """The one call the API makes: the redacted text to show and the findings to highlight."""
    findings = find_identifiers(text, known_names, known_addresses=known_addresses)
    return redact(text, findings), findings
