"""calls.agent_extension: the rated extension is kept even when no agent has it yet

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agent_extension", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_calls_agent_extension", ["agent_extension"], unique=False)
    # Calls already linked to an agent keep that agent's extension.
    op.execute(
        "UPDATE calls SET agent_extension = "
        "(SELECT agents.extension FROM agents WHERE agents.id = calls.agent_id) "
        "WHERE agent_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index("ix_calls_agent_extension")
        batch_op.drop_column("agent_extension")
