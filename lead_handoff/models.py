"""The tables. Their schema is created by the Alembic migrations (lead_handoff/migrations)."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

if TYPE_CHECKING:

    class Base:
        """What the type checker sees: SQLAlchemy 1.4, which Rasa 3.6 holds, ships no types."""

        metadata: Any

        def __init__(self, **columns: Any) -> None: ...
else:
    Base = declarative_base()


def utcnow() -> datetime.datetime:
    """Naive UTC: SQLite keeps no time zone, so every timestamp is stored as UTC without one."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


class Retried:
    """What the outbox worker keeps of a row it sends until it is sent (deliveries, invitations,
    alerts): its status (pending, sent; an alert also expired), tries, next try and last error."""

    status = Column(String(20), nullable=False, default="pending", index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    last_error = Column(Text)
    sent_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Lead(Base):
    __tablename__ = "leads"

    id = Column(String(36), primary_key=True, default=new_id)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    # One lead per callback request: the conversation id and its intake round (a new round after
    # "start over"), so the same request saved twice gets its first lead back.
    request_key = Column(String(300), nullable=False, unique=True)
    channel = Column(String(50), nullable=False)
    language = Column(String(2), nullable=False)
    audience = Column(String(20))
    name = Column(String(200), nullable=False)
    email = Column(String(320), index=True)
    phone = Column(String(32), index=True)
    preferred_time = Column(String(200))
    timezone = Column(String(64))
    consent = Column(Boolean, nullable=False)
    consent_at = Column(DateTime, nullable=False)
    profile = Column(JSON, nullable=False)
    suggested_routes = Column(JSON, nullable=False)
    summary = Column(Text, nullable=False)
    status = Column(String(20), nullable=False, default="new")  # new, contacted, held
    contacted_at = Column(DateTime)
    # A pseudonym of the client's address (lead_handoff/addresses.py), to count leads per address;
    # why a lead is held instead of delivered (address_limit, scripted), until a consultant releases it.
    address_key = Column(String(64), index=True)
    held_reason = Column(String(40))

    deliveries = relationship("Delivery", back_populates="lead", cascade="all, delete-orphan")
    # loaded with the lead (one query for a page of leads): the record and the inbox show the call
    # not delete-orphan: a call to come, taken from a lead being deleted, stays until the
    # consultant is told (lead_handoff/appointments.py, release_calls)
    appointments = relationship(
        "Appointment",
        back_populates="lead",
        cascade="all",
        order_by="Appointment.created_at",
        lazy="selectin",
    )


class Delivery(Retried, Base):
    """One outbox entry: a lead to send to one target, until it is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("lead_id", "target", name="uq_delivery_lead_target"),)

    id = Column(String(36), primary_key=True, default=new_id)
    lead_id = Column(String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    target = Column(String(20), nullable=False)  # email, webhook

    lead = relationship("Lead", back_populates="deliveries")


class Summary(Base):
    """A person's summary (their answers, the routes, next steps), kept at an unguessable link until
    it expires. Only the link token's SHA-256 is stored: the database alone opens no summary."""

    __tablename__ = "summaries"

    token_hash = Column(String(64), primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    request_key = Column(String(300), nullable=False, index=True)
    language = Column(String(2), nullable=False)
    content = Column(JSON, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    expires_at = Column(DateTime, nullable=False, index=True)


class Appointment(Base):
    """A booked call (lead_handoff/appointments.py). One consultant is never booked twice at one
    time: a unique index over (consultant, start) among booked calls, so that two replicas or two
    workers racing for a slot get one booking and one refusal from the database itself."""

    __tablename__ = "appointments"

    id = Column(String(36), primary_key=True, default=new_id)
    # empty once the person's data is deleted before the call (cancelled, the consultant told)
    lead_id = Column(String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=True, index=True)
    consultant = Column(String(40), nullable=False)
    start_at = Column(DateTime, nullable=False)  # UTC
    end_at = Column(DateTime, nullable=False)
    timezone = Column(String(64), nullable=False)  # the person's, for the messages
    status = Column(String(20), nullable=False, default="booked")  # booked, cancelled
    created_at = Column(DateTime, nullable=False, default=utcnow)
    cancelled_at = Column(DateTime)

    lead = relationship("Lead", back_populates="appointments")
    invitations = relationship("Invitation", back_populates="appointment", cascade="all, delete-orphan")


class Invitation(Retried, Base):
    """An email about an appointment (booked or cancelled, with its .ics) to the person or the
    consultant: sent by the outbox worker like a lead's deliveries, retried until it is."""

    __tablename__ = "invitations"

    id = Column(String(36), primary_key=True, default=new_id)
    appointment_id = Column(String(36), ForeignKey("appointments.id", ondelete="CASCADE"), nullable=False, index=True)
    recipient = Column(String(20), nullable=False)  # person, consultant
    kind = Column(String(20), nullable=False)  # booked, cancelled, erased (cancelled: the person's data deleted)

    appointment = relationship("Appointment", back_populates="invitations")


class DashboardConversation(Base):
    """One intake round of a conversation as the dashboard counts it (lead_handoff/dashboard.py):
    flags and counts only. The keys are keyed hashes (the installation's salt in DashboardState) of
    the round's request key and of the conversation id, which for a messaging channel is a phone
    number: nothing here names the person."""

    __tablename__ = "dashboard_conversations"
    # the report reads every column it groups by from this index alone (migration 0007)
    __table_args__ = (
        Index(
            "ix_dashboard_conversations_report",
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
        ),
    )

    key = Column(String(64), primary_key=True)  # of "<conversation>#<round>", as a lead's request_key
    conversation = Column(String(64), nullable=False, index=True)
    day = Column(String(10), nullable=False)  # YYYY-MM-DD (UTC) of the first message
    channel = Column(String(40), nullable=False)
    language = Column(String(5), nullable=False)
    reached_suggestion = Column(Boolean, nullable=False)
    routes = Column(String(1000))  # the routes suggested, comma-separated; "" when nothing fits
    callback_offered = Column(Boolean, nullable=False)
    consent = Column(Boolean, nullable=False)
    contact = Column(Boolean, nullable=False)
    taken_over = Column(Boolean, nullable=False)
    questions = Column(Integer, nullable=False)
    misunderstandings = Column(Integer, nullable=False)
    pending_question = Column(String(60))


class DashboardState(Base):
    """The dashboard's own values: `mark` (the last tracker event counted) and `salt`."""

    __tablename__ = "dashboard_state"

    name = Column(String(20), primary_key=True)
    value = Column(String(100), nullable=False)


class Takeover(Base):
    """A live conversation a consultant holds (lead_handoff/live.py): one row, so one consultant."""

    __tablename__ = "takeovers"

    conversation_id = Column(String(255), primary_key=True)
    consultant = Column(String(200), nullable=False)
    taken_at = Column(DateTime, nullable=False, default=utcnow)
    last_activity_at = Column(DateTime, nullable=False, default=utcnow, index=True)


class Alert(Retried, Base):
    """A person asks for a consultant during business hours: an email to the consultants then on duty
    with a link to the live view (lead_handoff/alerts.py), sent by the outbox worker; nothing of the
    person but the conversation's keyed reference, its channel and language."""

    __tablename__ = "alerts"

    id = Column(String(36), primary_key=True, default=new_id)
    conversation_ref = Column(String(24), nullable=False, index=True)
    channel = Column(String(40), nullable=False)
    language = Column(String(2), nullable=False)
    recipients = Column(JSON, nullable=False)  # the on-duty consultants' addresses
