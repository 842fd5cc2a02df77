"""Leads held for review: a pseudonym of the client's address (to count leads per address and day)
and why a lead is held instead of delivered (status "held" until a consultant releases it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("address_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("held_reason", sa.String(40), nullable=True))
        batch.create_index("ix_leads_address_key", ["address_key"])


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_address_key")
        batch.drop_column("held_reason")
        batch.drop_column("address_key")
