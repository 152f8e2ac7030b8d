"""Persistence: models, the engine and session, the embedded server, migrations."""
