"""ingest jobs as a state machine: kind, idempotency key, claimed_by, lease

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_jobs") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="transcribe"))
        batch.add_column(sa.Column("key", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("call_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(length=255), nullable=True))
        batch.add_column(
            sa.Column("lease_expires_at", storage.models.base.UtcDateTime(timezone=True), nullable=True)
        )
        batch.alter_column(
            "path", existing_type=sa.String(length=500), type_=sa.Text(), existing_nullable=False
        )
        batch.drop_constraint(op.f("uq_ingest_jobs_sha256"), type_="unique")
    op.execute("UPDATE ingest_jobs SET key = 'transcribe:' || sha256 || ':' WHERE key IS NULL")
    op.execute(
        "UPDATE ingest_jobs SET status = 'failed' WHERE status NOT IN ('pending','running','done','failed')"
    )
    with op.batch_alter_table("ingest_jobs") as batch:
        batch.alter_column("kind", server_default=None, existing_type=sa.String(length=16))
        batch.alter_column("key", existing_type=sa.String(length=200), nullable=False)
        batch.create_unique_constraint(op.f("uq_ingest_jobs_key"), ["key"])
        batch.create_index(op.f("ix_ingest_jobs_sha256"), ["sha256"])
        batch.create_index("ix_ingest_jobs_status_lease", ["status", "lease_expires_at"])
        batch.create_check_constraint(
            op.f("ck_ingest_jobs_status_valid"), "status IN ('pending','running','done','failed')"
        )
        batch.create_check_constraint(
            op.f("ck_ingest_jobs_kind_valid"), "kind IN ('transcribe','score','report','rescore')"
        )


def downgrade() -> None:
    with op.batch_alter_table("ingest_jobs") as batch:
        batch.drop_constraint(op.f("ck_ingest_jobs_kind_valid"), type_="check")
        batch.drop_constraint(op.f("ck_ingest_jobs_status_valid"), type_="check")
        batch.drop_index(op.f("ix_ingest_jobs_status_lease"))
        batch.drop_index(op.f("ix_ingest_jobs_sha256"))
        batch.drop_constraint(op.f("uq_ingest_jobs_key"), type_="unique")
    op.execute("DELETE FROM ingest_jobs WHERE kind <> 'transcribe'")
    op.execute("DELETE FROM ingest_jobs WHERE id NOT IN (SELECT MIN(id) FROM ingest_jobs GROUP BY sha256)")
    op.execute("UPDATE ingest_jobs SET status = 'pending' WHERE status = 'running'")
    with op.batch_alter_table("ingest_jobs") as batch:
        batch.create_unique_constraint(op.f("uq_ingest_jobs_sha256"), ["sha256"])
        batch.alter_column(
            "path", existing_type=sa.Text(), type_=sa.String(length=500), existing_nullable=False
        )
        batch.drop_column("lease_expires_at")
        batch.drop_column("claimed_by")
        batch.drop_column("call_key")
        batch.drop_column("key")
        batch.drop_column("kind")
