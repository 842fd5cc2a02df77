"""One lead per callback request, not per conversation: after "start over" on a shared device, the
next person's request is a new lead. `request_key` (the conversation id and the intake round) is
unique; `conversation_id` is only indexed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("request_key", sa.String(300), nullable=True))
    op.execute("UPDATE leads SET request_key = conversation_id")
    with op.batch_alter_table("leads") as batch:
        batch.alter_column("request_key", existing_type=sa.String(300), nullable=False)
        batch.drop_constraint("uq_leads_conversation_id", type_="unique")
        batch.create_unique_constraint("uq_leads_request_key", ["request_key"])
        batch.create_index("ix_leads_conversation_id", ["conversation_id"])


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_index("ix_leads_conversation_id")
        batch.drop_constraint("uq_leads_request_key", type_="unique")
        batch.create_unique_constraint("uq_leads_conversation_id", ["conversation_id"])
        batch.drop_column("request_key")
