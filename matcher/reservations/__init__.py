"""Reservations: a home held for one case only, enforced by the database."""
