"""Organisations (care providers, landlords, commissioners) and their users."""
