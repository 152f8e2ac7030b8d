"""Families: invitations to one case, the family view of its search, and suggestions."""
