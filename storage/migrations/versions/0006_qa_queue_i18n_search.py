"""QA work queue, agents' notices, users.language, transcript full-text search

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 10:40:00

Full-text search of transcripts:
* SQLite: an FTS5 external-content table ``transcripts_fts`` over ``transcripts.full_text`` (no copy of
  the text), kept in step by three triggers; the unicode61 tokenizer folds case for Cyrillic too.
* PostgreSQL: a GIN index on ``to_tsvector('russian', full_text)`` (Russian stemming), queried with
  ``phraseto_tsquery('russian', ...)``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = storage.models.base.UtcDateTime(timezone=True)

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE transcripts_fts USING fts5("
    "full_text, content='transcripts', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER transcripts_fts_ai AFTER INSERT ON transcripts BEGIN "
    "INSERT INTO transcripts_fts(rowid, full_text) VALUES (new.id, new.full_text); END",
    "CREATE TRIGGER transcripts_fts_ad AFTER DELETE ON transcripts BEGIN "
    "INSERT INTO transcripts_fts(transcripts_fts, rowid, full_text) VALUES ('delete', old.id, old.full_text); END",
    "CREATE TRIGGER transcripts_fts_au AFTER UPDATE OF full_text ON transcripts BEGIN "
    "INSERT INTO transcripts_fts(transcripts_fts, rowid, full_text) VALUES ('delete', old.id, old.full_text); "
    "INSERT INTO transcripts_fts(rowid, full_text) VALUES (new.id, new.full_text); END",
    "INSERT INTO transcripts_fts(transcripts_fts) VALUES ('rebuild')",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS transcripts_fts_ai",
    "DROP TRIGGER IF EXISTS transcripts_fts_ad",
    "DROP TRIGGER IF EXISTS transcripts_fts_au",
    "DROP TABLE IF EXISTS transcripts_fts",
]
PG_FTS = (
    "CREATE INDEX IF NOT EXISTS transcripts_fts_ru ON transcripts "
    "USING gin (to_tsvector('russian'::regconfig, full_text))"
)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), server_default="ru", nullable=False))
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))
    op.create_table(
        "qa_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("assignee_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=True),
        sa.Column("completed_at", UTC, nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_user_id"],
            ["users.id"],
            name=op.f("fk_qa_assignments_assignee_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_qa_assignments_call_id_calls"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_assignments")),
        sa.UniqueConstraint("call_id", name=op.f("uq_qa_assignments_call_id")),
    )
    op.create_index(
        "ix_qa_assignments_assignee_status_due", "qa_assignments", ["assignee_user_id", "status", "due_at"]
    )
    op.create_table(
        "agent_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("feedback_id", sa.Integer(), nullable=True),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", UTC, nullable=True),
        sa.Column("acknowledged_by_user_id", sa.Integer(), nullable=True),
        sa.Column("emailed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_agent_notices_agent_id_agents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_agent_notices_call_id_calls"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_agent_notices_evaluation_id_evaluations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_agent_notices_feedback_id_feedback"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name=op.f("fk_agent_notices_author_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_user_id"],
            ["users.id"],
            name=op.f("fk_agent_notices_acknowledged_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_notices")),
    )
    op.create_index("ix_agent_notices_agent_ack", "agent_notices", ["agent_id", "acknowledged_at"])
    op.create_index("ix_agent_notices_call", "agent_notices", ["call_id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(PG_FTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS transcripts_fts_ru")
    op.drop_index("ix_agent_notices_call", table_name="agent_notices")
    op.drop_index("ix_agent_notices_agent_ack", table_name="agent_notices")
    op.drop_table("agent_notices")
    op.drop_index("ix_qa_assignments_assignee_status_due", table_name="qa_assignments")
    op.drop_table("qa_assignments")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
        batch.drop_column("language")
