"""Care-and-housing matching marketplace: find a home and a skilled support team, in parallel."""

__version__ = "0.1.0"
