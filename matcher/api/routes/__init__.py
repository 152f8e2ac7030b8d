"""One router per feature, mounted under /api/v1 by `matcher.api.app`."""
