"""Controlled vocabularies from DOMAIN.md: the only codes the API and the database accept.

Each vocabulary is a tuple of codes (order matters where the domain gives one, e.g. accessibility
A best to G worst) and a mapping of code to the readable label pages show. Kept free of any web or
database import so `matcher.scoring` and `matcher.privacy` can use it.
"""

from __future__ import annotations

from typing import Final


def _labels(codes: tuple[str, ...], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Readable labels: "semi_detached_house" -> "Semi detached house", unless overridden."""
    overrides = overrides or {}
    return {c: overrides.get(c, c.replace("_", " ").capitalize()) for c in codes}


PROPERTY_TYPES: Final = (
    "flat", "bungalow", "detached_house", "semi_detached_house", "terraced_house",
    "maisonette", "cluster_flat", "shared_house",
)
LIVING_ARRANGEMENTS: Final = ("single_occupancy", "shared")
MAX_SHARING: Final = 4
ACCESSIBILITY: Final = ("A", "B", "C", "D", "E", "F", "G")
ACCESSIBILITY_LABELS: Final = {
    "A": "A: wheelchair accessible throughout",
    "B": "B: wheelchair accessible in the essential rooms",
    "C": "C: Lifetime Homes standard",
    "D": "D: easy access",
    "E": "E: minimal steps",
    "F": "F: general needs",
    "G": "G: not yet assessed",
}
PROPERTY_FEATURES: Final = (
    "ground_floor_bedroom", "level_access", "wet_room", "hoist_tracking", "wide_doorways",
    "private_garden", "enclosed_garden", "off_street_parking", "staff_bedroom", "staff_office",
    "separate_staff_entrance", "robust_fixtures", "soundproofing", "no_shared_walls", "sensory_room",
    "secure_windows", "fire_sprinklers", "quiet_location", "near_public_transport", "near_shops",
    "rural_setting", "space_for_two_staff",
)
ASSISTIVE_TECHNOLOGY: Final = (
    "door_sensors", "bed_sensor", "epilepsy_monitor", "motion_sensor_lighting", "telecare",
    "call_system", "smart_home_controls",
)
#: A housing specification's must_have / nice_to_have may name a feature or a piece of technology.
HOME_FEATURE_CODES: Final = PROPERTY_FEATURES + ASSISTIVE_TECHNOLOGY
TENURES: Final = (
    "social_rent", "affordable_rent", "private_rent", "shared_ownership", "supported_exempt",
    "lease_to_provider",
)
PROPERTY_STATUSES: Final = ("available", "reserved", "let", "withdrawn")
CARE_SERVICE_TYPES: Final = (
    "supported_living", "residential_care", "domiciliary_outreach", "crisis_intensive_support",
    "short_breaks", "day_opportunities",
)
CLIENT_GROUPS: Final = (
    "learning_disability", "autism", "mental_health", "forensic", "epilepsy", "pmld",
    "physical_disability", "sensory_impairment", "dementia", "acquired_brain_injury",
    "young_adults_transition",
)
STAFF_RATIOS: Final = ("1:1", "2:1", "3:1")
NIGHT_COVER: Final = ("waking_night", "sleep_in")
SPECIALISTS: Final = (
    "clinical_psychologist", "psychiatrist", "speech_and_language_therapist",
    "occupational_therapist", "learning_disability_nurse", "behaviour_specialist", "physiotherapist",
)
COMMUNICATION: Final = ("makaton", "bsl", "pecs", "talking_mats", "easy_read", "objects_of_reference")
LANGUAGES: Final = ("welsh",)
AGE_BANDS: Final = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
GENDERS: Final = ("female", "male", "another", "not_stated")
STAFF_GENDERS: Final = ("female", "male")
ORGANISATION_KINDS: Final = ("care", "housing", "commissioner")
CQC_RATINGS: Final = ("outstanding", "good", "requires_improvement", "inadequate")
ROLES: Final = ("admin", "commissioner", "provider", "family")

CONTACT_STATUSES: Final = (
    "shortlisted", "contacted", "interested", "declined", "more_info_requested", "assessment",
    "offered", "accepted", "withdrawn",
)
DECLINE_REASONS: Final = (
    "no_capacity", "outside_area", "needs_not_met", "risk_too_high", "no_suitable_staff", "other",
)

#: Hard-constraint reasons, in DOMAIN.md's table order.
EXCLUSION_REASONS: Final = (
    "outside_area", "arrangement_not_accepted", "type_not_accepted", "too_few_bedrooms",
    "must_have_missing", "accessibility_below_minimum", "tenure_not_accepted", "rent_over_limit",
    "not_available", "not_ready_in_time", "no_capacity", "pbs_below_required",
    "rrn_training_required", "staffing_not_offered", "client_group_not_served", "specialist_missing",
    "language_not_offered",
)
CRITERIA: Final = ("location", "property_fit", "pbs", "needs", "narrative", "readiness", "package_fit")
PACKAGE_KINDS: Final = ("single_organisation", "partnership", "nearby")

LABELS: Final[dict[str, str]] = {
    **_labels(PROPERTY_TYPES, {"cluster_flat": "Flat in a small cluster"}),
    **_labels(LIVING_ARRANGEMENTS, {"shared": "Shared home"}),
    **ACCESSIBILITY_LABELS,
    **_labels(PROPERTY_FEATURES, {"staff_bedroom": "Staff bedroom (sleep-in room)",
                                  "space_for_two_staff": "Room for 2:1 support"}),
    **_labels(ASSISTIVE_TECHNOLOGY),
    **_labels(TENURES, {"supported_exempt": "Specified supported housing (exempt)"}),
    **_labels(PROPERTY_STATUSES),
    **_labels(CARE_SERVICE_TYPES),
    **_labels(CLIENT_GROUPS, {"pmld": "Profound and multiple learning disabilities"}),
    **_labels(NIGHT_COVER),
    **_labels(SPECIALISTS),
    **_labels(COMMUNICATION, {"bsl": "British Sign Language", "pecs": "PECS"}),
    **_labels(LANGUAGES),
    **_labels(CONTACT_STATUSES, {"more_info_requested": "More information requested"}),
    **_labels(DECLINE_REASONS),
    **_labels(EXCLUSION_REASONS),
    **_labels(CRITERIA, {"pbs": "PBS competence"}),
}

#: What the site's own forms call a code where that is not its label (the home form's "One person on
#: their own", the case form's "On their own"): a landlord copying them into an import is understood.
FORM_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "single_occupancy": ("One person on their own", "On their own", "Lived in alone"),
    "shared": ("Shared with up to 3 others", "Shared with others"),
}


def label(code: str) -> str:
    """The readable label for a code, or the code itself when it has none."""
    return LABELS.get(code, code)
