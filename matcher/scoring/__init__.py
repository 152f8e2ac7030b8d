"""Pure matching of one case against the marketplace: plain data in, ranked explained results out.

Imports nothing from the web or the database (only `matcher.vocab`), so it can be tested, benchmarked
and run in a worker thread on its own. DOMAIN.md ("Matching, in words") is the specification.
"""

from .columns import InvalidQuery
from .marketplace import Marketplace
from .pbs import pbs_level, pbs_next_steps
from .types import (
    Candidates,
    CareProvider,
    CareResult,
    CaseQuery,
    CriterionScore,
    Explanation,
    Failure,
    Home,
    HomeResult,
    NearMiss,
    PackageResult,
    PbsEvidence,
    Place,
    SearchOutcome,
    ServiceArea,
)
from .weights import DEFAULT_WEIGHTS, InvalidWeights, normalise_weights

__all__ = [
    "Candidates",
    "DEFAULT_WEIGHTS",
    "CareProvider",
    "CareResult",
    "CaseQuery",
    "CriterionScore",
    "Explanation",
    "Failure",
    "Home",
    "HomeResult",
    "InvalidQuery",
    "InvalidWeights",
    "Marketplace",
    "NearMiss",
    "PackageResult",
    "PbsEvidence",
    "Place",
    "SearchOutcome",
    "ServiceArea",
    "normalise_weights",
    "pbs_level",
    "pbs_next_steps",
]
