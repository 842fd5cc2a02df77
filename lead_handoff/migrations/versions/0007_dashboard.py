"""The dashboard's counts per intake round (no personal data) and its processed-up-to mark.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REPORT_COLUMNS = [
    "day",
    "channel",
    "language",
    "reached_suggestion",
    "routes",
    "callback_offered",
    "consent",
    "contact",
    "taken_over",
    "questions",
    "misunderstandings",
    "pending_question",
]


def upgrade() -> None:
    op.create_table(
        "dashboard_conversations",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("reached_suggestion", sa.Boolean(), nullable=False),
        sa.Column("routes", sa.String(1000), nullable=True),
        sa.Column("callback_offered", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("contact", sa.Boolean(), nullable=False),
        sa.Column("taken_over", sa.Boolean(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("misunderstandings", sa.Integer(), nullable=False),
        sa.Column("pending_question", sa.String(60), nullable=True),
    )
    op.create_index("ix_dashboard_conversations_conversation", "dashboard_conversations", ["conversation"])
    # the report reads every column it groups by from this index alone (half the time of the table)
    op.create_index("ix_dashboard_conversations_report", "dashboard_conversations", REPORT_COLUMNS)
    op.create_table(
        "dashboard_state",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("value", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dashboard_state")
    op.drop_table("dashboard_conversations")
