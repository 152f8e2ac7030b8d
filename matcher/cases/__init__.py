"""Cases: one person's search, held by one commissioning organisation.

Others may use: `service.resolve_case_places`, `service.case_for_search`, `service.owned_case` (the
404-unless-yours check for routes under /cases/{id}), `schemas.CaseCriteria`, and
`identity.encrypt_identity` / `identity.decrypt_identity`.
"""
