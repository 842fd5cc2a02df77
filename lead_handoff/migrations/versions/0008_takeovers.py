"""The live conversations consultants hold (one row each: the primary key settles a race).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "takeovers",
        sa.Column("conversation_id", sa.String(255), primary_key=True),
        sa.Column("consultant", sa.String(200), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_takeovers_last_activity_at", "takeovers", ["last_activity_at"])


def downgrade() -> None:
    op.drop_table("takeovers")
