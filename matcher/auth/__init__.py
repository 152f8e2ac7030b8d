"""Who is asking: users, passwords, bearer tokens, and the `Actor` every service checks."""

from matcher.auth.actor import Actor

__all__ = ["Actor"]
