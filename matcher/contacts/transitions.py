"""The contact state machine: every allowed move, for every role, in this one table.

DOMAIN.md: `shortlisted` → `contacted` (pen picture shared) → `interested` | `declined` |
`more_info_requested` → `assessment` → `offered` → `accepted` | `withdrawn`.

Who moves what follows who knows it: the provider is the only one who can say whether it is interested,
so only the contacted organisation's users set `interested`, `declined` and `more_info_requested`; the
commissioner runs the case, so it shares, assesses, records offers and their acceptance, answers a request
for more information (back to `contacted`), and may withdraw from any open state. `declined`, `accepted`
and `withdrawn` are final: a new approach to the same organisation is a new contact.

Pure data and functions, no I/O: the service and the tests both read this table, so the documentation
(docs/authorisation.md) and the behaviour cannot drift apart.
"""

from __future__ import annotations

from typing import Final, Literal

from matcher.vocab import CONTACT_STATUSES

PartyRole = Literal["commissioner", "provider"]

#: What a contact may start as when a commissioner creates it.
INITIAL_STATUSES: Final = ("shortlisted", "contacted")

#: The statuses in which a contact is shared with the organisation (it sees the pen picture).
SHARED_STATUSES: Final = frozenset(s for s in CONTACT_STATUSES if s != "shortlisted")

#: No move leaves these.
FINAL_STATUSES: Final = frozenset({"declined", "accepted", "withdrawn"})

OPEN_STATUSES: Final = frozenset(s for s in CONTACT_STATUSES if s not in FINAL_STATUSES)

#: Final statuses after which the provider no longer sees the pen picture (the referral shows the status
#: and history only): the commissioner withdrew, or the provider declined. `accepted` keeps it.
UNSHARED_AFTER: Final = frozenset({"declined", "withdrawn"})

#: THE table: role → current status → the statuses that role may move the contact to.
TRANSITIONS: Final[dict[PartyRole, dict[str, tuple[str, ...]]]] = {
    "commissioner": {
        "shortlisted": ("contacted", "withdrawn"),
        "contacted": ("withdrawn",),
        # The commissioner answers the question: back to `contacted`, awaiting the provider's answer.
        "more_info_requested": ("contacted", "withdrawn"),
        "interested": ("assessment", "withdrawn"),
        "assessment": ("offered", "withdrawn"),
        "offered": ("accepted", "withdrawn"),
    },
    "provider": {
        "contacted": ("interested", "declined", "more_info_requested"),
        "more_info_requested": ("interested", "declined"),
        # Circumstances change (capacity goes) or the assessment shows needs cannot be met.
        "interested": ("declined",),
        "assessment": ("declined",),
    },
}

#: The commissioner's answer to a request for more information: the one move whose note the provider
#: reads (the commissioner's other notes are internal).
ANSWER_SHARED: Final = ("more_info_requested", "contacted")

#: `declined` needs a reason code (DECLINE_REASONS); no other status takes one.
REASON_REQUIRED: Final = frozenset({"declined"})


def allowed_from(role: PartyRole, status: str) -> tuple[str, ...]:
    """The statuses `role` may move a contact in `status` to (empty when none)."""
    return TRANSITIONS[role].get(status, ())


def is_allowed(role: PartyRole, from_status: str, to_status: str) -> bool:
    return to_status in allowed_from(role, from_status)


def statuses_set_by(role: PartyRole) -> frozenset[str]:
    """Every status `role` may ever move a contact to, from any status."""
    return frozenset(target for moves in TRANSITIONS[role].values() for target in moves)


def who_may(from_status: str, to_status: str) -> list[PartyRole]:
    """The roles that could make this move, for an error message that says who to ask."""
    return [role for role in TRANSITIONS if is_allowed(role, from_status, to_status)]


def _check_table() -> None:
    """Guard against a typo in the table: every status named must be a real one."""
    known = set(CONTACT_STATUSES)
    for moves in TRANSITIONS.values():
        for source, targets in moves.items():
            assert source in known, source
            assert source not in FINAL_STATUSES, source
            assert set(targets) <= known, targets


_check_table()
