"""A call still to come when its person's data is deleted is cancelled and kept without its lead (a
consultant and a time, nothing of the person) until the consultant's calendar update is sent:
appointments.lead_id may be empty. SQLite rebuilds the table (batch mode), so the partial unique
index is dropped first and made again after (its condition is not carried over by the rebuild).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BOOKED = sa.text("status = 'booked'")
SLOT_INDEX = "uq_appointments_booked_slot"


def _slot_index() -> None:
    op.create_index(
        SLOT_INDEX,
        "appointments",
        ["consultant", "start_at"],
        unique=True,
        sqlite_where=BOOKED,
        postgresql_where=BOOKED,
    )


def _lead_required(required: bool) -> None:
    op.drop_index(SLOT_INDEX, table_name="appointments")
    with op.batch_alter_table("appointments") as table:
        table.alter_column("lead_id", existing_type=sa.String(36), nullable=not required)
    _slot_index()


def upgrade() -> None:
    _lead_required(False)


def downgrade() -> None:
    op.execute("DELETE FROM appointments WHERE lead_id IS NULL")
    _lead_required(True)
