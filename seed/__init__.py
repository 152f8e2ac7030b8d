"""Deterministic synthetic marketplace: care providers, landlords, homes, demo users and example cases.

Pure generation (plain dicts in the API's JSON shapes); `matcher.seeding` writes them to the database.
"""

from .generator import BASE_DATE, DEMO_PASSWORD, SIZES, Marketplace, generate, iter_generate

__all__ = ["BASE_DATE", "DEMO_PASSWORD", "SIZES", "Marketplace", "generate", "iter_generate"]
