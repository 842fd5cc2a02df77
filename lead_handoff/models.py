"""The tables. Their schema is created by the Alembic migrations (lead_handoff/migrations)."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
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


class Delivery(Base):
    """One outbox entry: a lead to send to one target, until it is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("lead_id", "target", name="uq_delivery_lead_target"),)

    id = Column(String(36), primary_key=True, default=new_id)
    lead_id = Column(String(36), ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    target = Column(String(20), nullable=False)  # email, webhook
    status = Column(String(20), nullable=False, default="pending", index=True)  # pending, sent
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    last_error = Column(Text)
    sent_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    lead = relationship("Lead", back_populates="deliveries")
