"""Summaries a person keeps: their answers, routes and next steps at an unguessable link (only the
token's hash is stored) that expires.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "summaries",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("request_key", sa.String(300), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_summaries_conversation_id", "summaries", ["conversation_id"])
    op.create_index("ix_summaries_request_key", "summaries", ["request_key"])
    op.create_index("ix_summaries_expires_at", "summaries", ["expires_at"])


def downgrade() -> None:
    op.drop_table("summaries")
