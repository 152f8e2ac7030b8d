"""Plain words for the pages where the search answers in codes: why a candidate was left out, and what a
near miss would need. The API keeps its codes and its `would_fit_if` text (written for API clients, naming
fields such as `max_distance_km`); only the pages translate them, here, so a person never reads a field
name or a reason code."""

from __future__ import annotations

import re
from collections.abc import Callable

from matcher import vocab

#: Why a candidate was left out, as a person says it (every code in `vocab.EXCLUSION_REASONS`).
EXCLUSION_WORDS: dict[str, str] = {
    "outside_area": "Too far from the places that matter",
    "arrangement_not_accepted": "Living arrangement not what is needed",
    "type_not_accepted": "Type of home not one of those chosen",
    "too_few_bedrooms": "Too few bedrooms",
    "must_have_missing": "Lacks something the home must have",
    "accessibility_below_minimum": "Accessibility below what is needed",
    "tenure_not_accepted": "Tenure not one of those chosen",
    "rent_over_limit": "Rent above the highest weekly rent",
    "not_available": "Not available now",
    "not_ready_in_time": "Not ready by the hoped-for move date",
    "no_capacity": "No capacity for new packages",
    "pbs_below_required": "PBS level below what is needed",
    "rrn_training_required": "No RRN-certified training for restrictive interventions",
    "staffing_not_offered": "Cannot offer the staffing needed",
    "client_group_not_served": "Does not support these needs",
    "specialist_missing": "A specialist needed is missing",
    "language_not_offered": "No support in the language needed",
}

#: Labels the vocabulary leaves as bare codes ("18-24", "not_stated").
AGE_BAND_WORDS: dict[str, str] = {
    "18-24": "18 to 24",
    "25-34": "25 to 34",
    "35-44": "35 to 44",
    "45-54": "45 to 54",
    "55-64": "55 to 64",
    "65+": "65 or over",
}
GENDER_WORDS: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "another": "Another gender",
    "not_stated": "Prefer not to say",
}


#: Why a provider said no, as the commissioner's timeline reads it (every code in `vocab.DECLINE_REASONS`).
DECLINE_REASON_WORDS: dict[str, str] = {
    "no_capacity": "no capacity for new people",
    "outside_area": "does not work in that area",
    "needs_not_met": "cannot meet the person's needs",
    "risk_too_high": "risk too high to support safely",
    "no_suitable_staff": "no suitable staff available",
    "other": "another reason",
}


def gender(code: str | None) -> str:
    """'Male'; a missing gender reads as the form's 'Prefer not to say'."""
    return GENDER_WORDS.get(code or "not_stated") or vocab.label(str(code))


def age_band(code: str | None) -> str:
    """'25 to 34'; 'Not given' when there is none."""
    return AGE_BAND_WORDS.get(code or "") or (code or "Not given")


def decline_reason(code: str | None) -> str:
    return DECLINE_REASON_WORDS.get(code or "") or vocab.label(str(code)).replace("_", " ").lower()


def exclusion(reason: str) -> str:
    """Words for a reason code; an unknown code reads as its vocabulary label, never as the raw code."""
    return EXCLUSION_WORDS.get(reason) or vocab.label(reason).replace("_", " ")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


#: Evidence sentences that start with one of these words read on after a colon in lower case; others
#: start with a place or organisation name and keep their capital.
_PLAIN_OPENINGS = frozenset(
    {"Lacks", "Accessibility", "Offers", "Status", "Available", "Earliest", "No", "Does", "Plan"}
)


def _lower_evidence(text: str) -> str:
    first = text.split(" ", 1)[0]
    return _lower(text) if first in _PLAIN_OPENINGS else text


def home_name(title: str, area: str | None) -> str:
    """A home as a person names it: its title and its town, the town not repeated when the title has it."""
    if not area or area.strip().lower() in title.lower():
        return title
    return f"{title}, {area.strip()}"


#: `would_fit_if` forms the search writes, and how each reads on a page.
_FIT_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^max_distance_km were (\S+)$"), lambda m: f"it would fit with a {m[1]} km limit"),
    (re.compile(r"^max_weekly_rent were (\S+)$"), lambda m: f"it would fit with a £{m[1]} weekly rent limit"),
    (
        re.compile(r"^min_accessibility were (\S+)$"),
        lambda m: f"it would fit if accessibility {m[1]} were enough",
    ),
    (
        re.compile(r"^must_have did not include (\S+)$"),
        lambda m: f"it would fit if {_lower(vocab.label(m[1]))} were not a must-have",
    ),
    (
        re.compile(r"^min_bedrooms were (\S+)$"),
        lambda m: f"it would fit if {m[1]} bedroom{'' if m[1] == '1' else 's'} were enough",
    ),
]

#: Field names that may still appear in a form not listed above, and the words that replace them.
_FIELD_WORDS = {
    "max_distance_km": "the distance limit (km)",
    "max_weekly_rent": "the highest weekly rent (£)",
    "min_accessibility": "the accessibility needed",
    "must_have": "the must-haves",
    "min_bedrooms": "the bedrooms needed",
}


def would_fit(text: str) -> str:
    """'max_distance_km were 42' -> 'it would fit with a 42 km limit'."""
    for pattern, words in _FIT_FORMS:
        found = pattern.match(text.strip())
        if found:
            return words(found)
    for field, words_for in _FIELD_WORDS.items():
        text = text.replace(field, words_for)
    text = re.sub(r"\b([a-z]+(?:_[a-z]+)+)\b", lambda m: _lower(vocab.label(m[1])).replace("_", " "), text)
    return f"it would fit if {text}"


def near_miss(name: str, evidence: str, fit: str) -> str:
    """One sentence: 'Two-bedroom bungalow, Shepshed: 41.7 km from Loughborough; it would fit with a 42 km
    limit'. The evidence's own statement of the limit is dropped: the fit says it."""
    evidence = re.sub(r",\s*limit [^;]*$", "", evidence.strip())
    return f"{name}: {_lower_evidence(evidence)}; {would_fit(fit)}"
