"""A care offer as an HSDS-UK service: the field names of the Open Referral UK profile of HSDS 3.0
(github.com/OpenReferralUK/uk-profile, `schema/compiled/service_list.json`, and the `Page` envelope of
its `schema/openapi.json`). Nothing private is published: only what the organisation lists openly.

Ids are stable: the organisation id for the organisation, and name-based UUIDs (uuid5) for the service
and its service areas, so a directory that harvests the feed every night recognises what it has seen.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher import vocab
from matcher.db.models import CareOffer, Organisation
from matcher.openreferral import repository

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://github.com/OpenReferralUK/uk-profile"
_NAMESPACE = uuid.UUID("6f1c1d3e-4b7a-5c1e-9a51-7d1f0c2b9e12")
_RATINGS = {"outstanding": "Outstanding", "good": "Good", "requires_improvement": "Requires improvement",
            "inadequate": "Inadequate"}


def service_id(organisation_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"care-offer:{organisation_id}")


def _labels(codes: list[str]) -> str:
    return ", ".join(vocab.label(code).lower() if i else vocab.label(code) for i, code in enumerate(codes))


def _description(offer: CareOffer) -> str:
    parts = [offer.description.strip()] if offer.description.strip() else []
    if offer.service_types:
        parts.append(f"Services: {_labels(offer.service_types)}.")
    if offer.client_groups:
        parts.append(f"Supports people with: {_labels(offer.client_groups)}.")
    parts.append(f"Positive Behaviour Support level {offer.pbs_level} of 3.")
    return " ".join(parts)


def _accreditations(organisation: Organisation) -> str | None:
    if organisation.cqc_rating is None:
        return None
    text = f"CQC rating: {_RATINGS.get(organisation.cqc_rating, organisation.cqc_rating)}"
    if organisation.cqc_location_ids:
        text += f" (CQC location {', '.join(organisation.cqc_location_ids)})"
    return text


def service_json(offer: CareOffer, organisation: Organisation, public_url: str) -> dict[str, Any]:
    sid = service_id(organisation.id)
    page = f"{public_url.rstrip('/')}/api/v1/organisations/{organisation.id}/care-offer"
    return {
        "id": str(sid),
        "organization_id": str(organisation.id),
        "name": f"{organisation.name}: {_labels(offer.service_types) or 'care and support'}",
        "description": _description(offer),
        "url": organisation.website or page,
        "email": organisation.email,
        "status": "active" if offer.new_packages > 0 else "inactive",
        "accreditations": _accreditations(organisation),
        "minimum_age": 18,
        "assured_date": offer.updated_at.date().isoformat(),
        "last_modified": offer.updated_at.isoformat(),
        "organization": {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description or organisation.name,
            "email": organisation.email,
            "website": organisation.website,
        },
        "service_areas": [
            {
                "id": str(uuid.uuid5(sid, f"area:{index}")),
                "service_id": str(sid),
                "name": area["name"],
                "description": f"Within {area['radius_km']:g} km of {area['name']}",
                "extent": None,
                "extent_type": None,
                "uri": None,
            }
            for index, area in enumerate(offer.service_area)
        ],
    }


async def list_services(
    session: AsyncSession, *, page: int, per_page: int, public_url: str
) -> dict[str, Any]:
    """One page of the HSDS `Page` envelope: total_items, total_pages, page_number, size, first_page,
    last_page, empty, contents."""
    rows, total = await repository.care_offers_page(session, limit=per_page, offset=(page - 1) * per_page)
    pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not rows,  # this page holds nothing (a page past the end too), as Spring Data's Page says
        "contents": [service_json(offer, organisation, public_url) for offer, organisation in rows],
    }
