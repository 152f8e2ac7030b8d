"""The append-only pen-picture audit log: who created, changed, shared and read each pen picture."""

from matcher.audit.service import (
    AUDIT_ACTIONS,
    PenPictureEvent,
    count_pen_picture_events,
    pen_picture_history,
    record_pen_picture_event,
)

__all__ = [
    "AUDIT_ACTIONS",
    "PenPictureEvent",
    "count_pen_picture_events",
    "pen_picture_history",
    "record_pen_picture_event",
]
