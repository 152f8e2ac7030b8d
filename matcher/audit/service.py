"""Who created, changed, shared and read each pen picture.

The log is evidence a commissioner can show a family or an information governance lead: it is
append-only (a database trigger refuses UPDATE, DELETE and TRUNCATE), it is written in the same
transaction as the change it describes (so a rolled-back change leaves no event, and no change
goes unrecorded), and its `detail` names fields, never their values (values may identify the person).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.audit import repository
from matcher.auth import Actor

AUDIT_ACTIONS: Final = ("created", "updated", "shared", "read")


@dataclass(frozen=True, slots=True)
class PenPictureEvent:
    id: int
    case_id: uuid.UUID
    action: str
    at: datetime
    user_id: uuid.UUID | None
    user_email: str | None
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    detail: dict[str, Any]


async def record_pen_picture_event(session: AsyncSession, *, case_id: uuid.UUID, action: str,
                                   actor: Actor | None, detail: dict[str, Any]) -> None:
    """Append one event. `actor` None means the system (an import, a scheduled job).

    `detail` is stored as JSON: UUIDs, dates and the like become strings, so callers may pass them as
    they are. Keep identifying values out of it: name the fields or the organisation, not the text.
    """
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"audit action must be one of {', '.join(AUDIT_ACTIONS)}, not {action!r}")
    plain: dict[str, Any] = json.loads(json.dumps(detail, default=str))
    await repository.add_event(session, case_id=case_id, action=action,
                               user_id=actor.user_id if actor else None,
                               organisation_id=actor.organisation_id if actor else None, detail=plain)


async def pen_picture_history(session: AsyncSession, case_id: uuid.UUID, *, limit: int | None = None,
                              offset: int = 0) -> list[PenPictureEvent]:
    """Every event of one case, oldest first. Callers check the reader may see the case."""
    rows = await repository.list_events(session, case_id, limit=limit, offset=offset)
    return [PenPictureEvent(id=r.id, case_id=r.case_id, action=r.action, at=r.at, user_id=r.user_id,
                            user_email=r.user_email, organisation_id=r.organisation_id,
                            organisation_name=r.organisation_name, detail=dict(r.detail))
            for r in rows]


async def count_pen_picture_events(session: AsyncSession, case_id: uuid.UUID) -> int:
    return await repository.count_events(session, case_id)
