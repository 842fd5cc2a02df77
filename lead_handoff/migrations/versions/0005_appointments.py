"""Booked calls and the emails about them. No consultant is booked twice at one time: a unique
index over (consultant, start_at) among the calls still booked (partial, on SQLite and PostgreSQL).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BOOKED = sa.text("status = 'booked'")


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("lead_id", sa.String(36), sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("consultant", sa.String(40), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_appointments_lead_id", "appointments", ["lead_id"])
    op.create_index(
        "uq_appointments_booked_slot",
        "appointments",
        ["consultant", "start_at"],
        unique=True,
        sqlite_where=BOOKED,
        postgresql_where=BOOKED,
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "appointment_id", sa.String(36), sa.ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("recipient", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_invitations_appointment_id", "invitations", ["appointment_id"])
    op.create_index("ix_invitations_status", "invitations", ["status"])
    op.create_index("ix_invitations_next_attempt_at", "invitations", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_table("appointments")
