"""Contacts: providers and homes approached for a case, with a status history (DOMAIN.md)."""

from matcher.contacts.access import CaseView, require_owner, visible_case
from matcher.contacts.transitions import TRANSITIONS, allowed_from

__all__ = ["TRANSITIONS", "CaseView", "allowed_from", "require_owner", "visible_case"]
