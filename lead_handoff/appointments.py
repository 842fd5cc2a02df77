"""Booked calls: a slot of the firm's availability given to one lead, never twice (the database's
unique index refuses the second of two bookings racing for one consultant's slot, whatever replica
or worker makes them), cancelled or moved by the person, announced by email with an .ics invitation
(lead_handoff/invitations.py, sent by the outbox worker).

The person's link to their booking (lead_handoff web pages) is the appointment's id and an HMAC of
it with the installation's secret (APPOINTMENT_LINK_SECRET): nothing secret is stored, and a link
with a changed id or signature opens nothing."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.availability import UTC, Availability, Slot
from lead_handoff.installation_secrets import installation_secret
from lead_handoff.models import Appointment, Invitation, Lead

LINK_SECRET = ("APPOINTMENT_LINK_SECRET",)
SIGNATURE_CHARS = 32


class SlotTaken(RuntimeError):
    """The slot is no longer free (booked by someone else a moment ago, or past its notice)."""


@dataclass(frozen=True)
class Booking:
    id: str
    lead_id: str | None  # None once the person's data is deleted (the call cancelled)
    consultant: str
    start: datetime.datetime  # aware, UTC
    end: datetime.datetime
    timezone: str
    status: str


def _booking(row: Appointment) -> Booking:
    return Booking(
        row.id,
        row.lead_id,
        row.consultant,
        row.start_at.replace(tzinfo=UTC),
        row.end_at.replace(tzinfo=UTC),
        row.timezone,
        row.status,
    )


def _naive(moment: datetime.datetime) -> datetime.datetime:
    """Stored as naive UTC, like every timestamp of the handoff (SQLite keeps no zone)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


class AppointmentStore:
    def __init__(self, sessions: sessionmaker[Session], availability: Availability) -> None:
        self._sessions, self.availability = sessions, availability

    def free_slots(self, now: datetime.datetime | None = None) -> list[Slot]:
        now = now or datetime.datetime.now(UTC)
        with self._sessions() as session:
            booked = (
                session.query(Appointment.consultant, Appointment.start_at)
                .filter(Appointment.status == "booked", Appointment.start_at >= _naive(now))
                .all()
            )
        return self.availability.free_slots(now, {(c, s.replace(tzinfo=UTC)) for c, s in booked})

    def book(
        self, lead_id: str, start: datetime.datetime, timezone: str, now: datetime.datetime | None = None
    ) -> Booking:
        """The first consultant free at `start` gets the call; a booking the lead already has is
        cancelled in the same transaction (a move). SlotTaken when nobody is free then any more."""
        now = now or datetime.datetime.now(UTC)
        start = start.astimezone(UTC)
        for slot in (s for s in self.free_slots(now) if s.start == start):
            try:
                return self._insert(lead_id, slot, timezone, now)
            except IntegrityError:
                continue  # booked by someone else since free_slots read: the next consultant
        raise SlotTaken(start.isoformat())

    def _insert(self, lead_id: str, slot: Slot, timezone: str, now: datetime.datetime) -> Booking:
        with self._sessions() as session:
            lead = session.get(Lead, lead_id)
            if lead is None:
                raise KeyError(lead_id)
            for earlier in (a for a in lead.appointments if a.status == "booked"):
                self._cancel(session, earlier, now)
            row = Appointment(
                lead_id=lead_id,
                consultant=slot.consultant,
                start_at=_naive(slot.start),
                end_at=_naive(slot.start + self.availability.call),
                timezone=timezone,
                status="booked",
                created_at=_naive(now),
            )
            session.add(row)
            session.flush()  # the unique index speaks here
            session.add_all(_invitations(row, lead, "booked"))
            session.commit()
            return _booking(row)

    def cancel(self, appointment_id: str, now: datetime.datetime | None = None) -> bool:
        """Frees the slot and tells the person and the consultant; False when it was not booked."""
        with self._sessions() as session:
            row = session.get(Appointment, appointment_id)
            if row is None or row.status != "booked":
                return False
            self._cancel(session, row, now or datetime.datetime.now(UTC))
            session.commit()
            return True

    @staticmethod
    def _cancel(session: Session, row: Appointment, now: datetime.datetime) -> None:
        row.status, row.cancelled_at = "cancelled", _naive(now)
        session.add_all(_invitations(row, row.lead, "cancelled"))

    def get(self, appointment_id: str) -> Booking | None:
        with self._sessions() as session:
            row = session.get(Appointment, appointment_id)
            return _booking(row) if row else None

    def current(self, lead_id: str) -> Booking | None:
        """The lead's booked call, if any."""
        with self._sessions() as session:
            row = (
                session.query(Appointment)
                .filter_by(lead_id=lead_id, status="booked")
                .order_by(Appointment.created_at.desc())
                .first()
            )
            return _booking(row) if row else None


def release_calls(session: Session, leads: list[Lead], now: datetime.datetime) -> int:
    """The calls still to come of leads about to be deleted: cancelled, kept without their lead (a
    consultant and a time, nothing of the person) and the consultant sent the calendar update, so
    that no call stays in a calendar for someone whose data is gone. Returns how many."""
    released = 0
    for lead in leads:
        for row in [a for a in lead.appointments if a.status == "booked" and a.end_at > _naive(now)]:
            lead.appointments.remove(row)
            row.status, row.cancelled_at, row.timezone = "cancelled", _naive(now), "UTC"
            for unsent in [i for i in row.invitations if i.status != "sent"]:  # they would name the person
                row.invitations.remove(unsent)
            session.add(Invitation(appointment=row, recipient="consultant", kind="erased"))
            released += 1
    return released


def _invitations(row: Appointment, lead: Lead, kind: str) -> list[Invitation]:
    """An email to the person (when they gave an address) and to the consultant."""
    recipients = ["person"] if lead.email else []
    return [Invitation(appointment=row, recipient=r, kind=kind) for r in [*recipients, "consultant"]]


def link_signature(appointment_id: str, env: Mapping[str, str] | None = None) -> str:
    secret = installation_secret("appointment_links", LINK_SECRET, env)
    digest = hmac.new(secret, appointment_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_CHARS]


def link_token(appointment_id: str, env: Mapping[str, str] | None = None) -> str:
    """What the person's link carries: `<appointment id>.<signature>`."""
    return f"{appointment_id}.{link_signature(appointment_id, env)}"


def appointment_of_link(token: str, env: Mapping[str, str] | None = None) -> str | None:
    """The appointment id a link names, when its signature is this installation's; else None."""
    appointment_id, _, signature = token.partition(".")
    if not appointment_id or len(appointment_id) > 36:
        return None
    return appointment_id if hmac.compare_digest(signature, link_signature(appointment_id, env)) else None
