"""HTTP edge: thin routes that parse, authorise, call a service and shape the answer."""

from matcher.api.app import create_app

__all__ = ["create_app"]
