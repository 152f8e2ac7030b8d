"""Server-rendered pages (Jinja2, GOV.UK Design System style) for people who are not technical.

Routes are split by audience: `auth_pages` (start, sign in and out), `provider_pages`,
`commissioner_pages`, `family_pages`. Every page route is a `PageRoute`: CSRF checked on every form
post, the session cookie written back, domain errors shown as friendly pages with the API's status codes.
Pages call the services; they hold no SQL and no rules.
"""

from fastapi import APIRouter

from matcher.web import (
    _static,
    allocation_pages,
    auth_pages,
    commissioner_pages,
    family_pages,
    import_pages,
    market_call_pages,
    provider_pages,
    referral_pages,
    search_pages,
)
from matcher.web._errors import install_web

router = APIRouter(include_in_schema=False)
router.include_router(_static.router)
router.include_router(import_pages.router)  # before provider_pages: /provider/homes/import is no id
for _module in (auth_pages, provider_pages, referral_pages, commissioner_pages, search_pages, family_pages):
    router.include_router(_module.router)
router.include_router(market_call_pages.router)
router.include_router(allocation_pages.router)

__all__ = ["install_web", "router"]
