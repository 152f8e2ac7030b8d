"""identity notifications: a change to who a user is NOTIFYs identity_changes in the changing transaction

Every API request checks that its user is still active. A process listening on `identity_changes`
(matcher.auth.identities) keeps those answers until this trigger says a user or an organisation changed,
whoever wrote the change (the service, a script, psql). The notification is delivered at commit.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION notify_identity_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('identity_changes', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER users_identity_change
        AFTER UPDATE OF is_active, role, organisation_id, email, sessions_revoked_at OR DELETE OR TRUNCATE
        ON users FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_change()
        """
    )
    op.execute(
        """
        CREATE TRIGGER organisations_identity_change
        AFTER UPDATE OF deactivated_at OR DELETE OR TRUNCATE
        ON organisations FOR EACH STATEMENT EXECUTE FUNCTION notify_identity_change()
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER organisations_identity_change ON organisations")
    op.execute("DROP TRIGGER users_identity_change ON users")
    op.execute("DROP FUNCTION notify_identity_change()")
