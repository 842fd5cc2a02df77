"""Saving a lead (once per conversation, with its outbox entries, in one transaction), reading,
marking contacted, and the privacy operations."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
from sqlalchemy import column, create_engine, func, or_, select, table, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from lead_handoff.appointments import release_calls
from lead_handoff.models import Delivery, Lead, Summary, utcnow

LEAD_FIELDS = (
    "conversation_id",
    "channel",
    "language",
    "audience",
    "name",
    "email",
    "phone",
    "preferred_time",
    "timezone",
    "consent",
    "consent_at",
    "profile",
    "suggested_routes",
    "summary",
    "address_key",
)
DAY = datetime.timedelta(days=1)
# Rasa's SQL tracker store: one row per event, its JSON in `data` (json.dumps: non-ASCII escaped).
EVENTS = table("events", column("sender_id"), column("data"))
CONTACT_SLOTS = ("email", "phone")
# What people type between a phone number's digits, as the event's JSON text holds it.
PHONE_SEPARATORS = (" ", "-", ".", "(", ")", "/", "\\u00a0", "\\u202f")


@dataclass(frozen=True)
class Saved:
    lead: Lead
    created: bool  # False: the conversation already had its lead


class LeadStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The handoff database, which the summaries share (deleted with a person's leads)."""
        return self._sessions

    def save(self, data: dict[str, Any], targets: tuple[str, ...], per_address_per_day: int | None = None) -> Saved:
        """Stores the lead and one pending delivery per target, all or nothing. The same request
        saving again (a retried action, a second "yes") gets its first lead back; `request_key`
        defaults to the conversation id (one request per conversation). A lead past
        per_address_per_day from its address, or from a conversation that looks scripted
        (data["scripted"]), is held for review: stored, with no delivery until released."""
        if not data.get("consent"):
            raise ValueError("a lead is stored only with the person's consent")
        data = {name: plain_text(value, keep_lines=name == "summary") for name, value in data.items()}
        key = data.get("request_key") or data["conversation_id"]
        existing = self.by_request(key)
        if existing:
            return Saved(existing, created=False)
        lead = Lead(request_key=key, appointments=[], **{name: data.get(name) for name in LEAD_FIELDS})
        lead.held_reason = self._why_held(data, per_address_per_day)
        if lead.held_reason:
            lead.status = "held"
        else:
            lead.deliveries = [Delivery(target=target) for target in targets]
        with self._sessions() as session:
            try:
                session.add(lead)
                session.commit()
            except IntegrityError:  # the same request, saved at the same moment elsewhere
                session.rollback()
                existing = self.by_request(key)
                if existing is None:
                    raise
                return Saved(existing, created=False)
        return Saved(lead, created=True)

    def _why_held(self, data: dict[str, Any], per_address_per_day: int | None) -> str | None:
        address = data.get("address_key")
        if address and per_address_per_day is not None:
            with self._sessions() as session:
                recent = session.query(func.count(Lead.id)).filter(
                    Lead.address_key == address, Lead.created_at > utcnow() - DAY
                )
                if recent.scalar() >= per_address_per_day:
                    return "address_limit"
        return "scripted" if data.get("scripted") else None

    def release(self, lead_id: str, targets: tuple[str, ...]) -> bool:
        """A consultant found a held lead real: it is delivered like any other."""
        with self._sessions() as session:
            lead = session.get(Lead, lead_id)
            if lead is None or lead.status != "held":
                return False
            lead.status, lead.held_reason = "new", None
            session.add_all(Delivery(lead_id=lead.id, target=target) for target in targets)
            session.commit()
            return True

    def by_request(self, request_key: str) -> Lead | None:
        with self._sessions() as session:
            lead: Lead | None = session.query(Lead).filter_by(request_key=request_key).one_or_none()
            return lead

    def by_conversation(self, conversation_id: str) -> Lead | None:
        """The conversation's newest lead."""
        with self._sessions() as session:
            query = session.query(Lead).filter_by(conversation_id=conversation_id)
            lead: Lead | None = query.order_by(Lead.created_at.desc()).first()
            return lead

    def get(self, lead_id: str) -> Lead | None:
        with self._sessions() as session:
            lead: Lead | None = session.get(Lead, lead_id)
            return lead

    def newest_first(self, limit: int | None = None) -> list[Lead]:
        with self._sessions() as session:
            query = session.query(Lead).order_by(Lead.created_at.desc(), Lead.id)
            leads: list[Lead] = query.limit(limit).all() if limit else query.all()
            return leads

    def page(self, search: str = "", page: int = 1, per_page: int = 50) -> tuple[list[Lead], int]:
        """One page of the leads, newest first, and how many match: `search` finds a name, an
        e-mail address, a phone number, a conversation id or a status by any part of it."""
        with self._sessions() as session:
            query = session.query(Lead)
            words = search.strip()[:200]
            if words:
                pattern = "%" + _like_escaped(words) + "%"
                columns = (Lead.name, Lead.email, Lead.phone, Lead.conversation_id, Lead.status)
                query = query.filter(or_(*(column.ilike(pattern, escape="\\") for column in columns)))
            total: int = query.count()
            leads: list[Lead] = (
                query.order_by(Lead.created_at.desc(), Lead.id)
                .offset((max(page, 1) - 1) * per_page)
                .limit(per_page)
                .all()
            )
            return leads, total

    def deliveries(self, lead_id: str | None = None) -> list[Delivery]:
        with self._sessions() as session:
            query = session.query(Delivery).order_by(Delivery.created_at)
            deliveries: list[Delivery] = (query.filter_by(lead_id=lead_id) if lead_id else query).all()
            return deliveries

    def mark_contacted(self, lead_id: str) -> bool:
        with self._sessions() as session:
            lead = session.get(Lead, lead_id)
            if lead is None:
                return False
            lead.status, lead.contacted_at = "contacted", utcnow()
            session.commit()
            return True

    def delete_conversation(self, conversation_id: str, tracker_url: str | None = None) -> dict[str, int]:
        """Deletes the lead (and deliveries) and the summaries of one conversation; its stored events
        too with tracker_url."""
        with self._sessions() as session:
            leads = session.query(Lead).filter_by(conversation_id=conversation_id).all()
            session.query(Summary).filter_by(conversation_id=conversation_id).delete()
            removed = self._delete(session, leads, None)
        events = delete_conversations(tracker_url, [conversation_id]) if tracker_url else 0
        return {**removed, "conversation_events": events}

    def delete_request(self, request_key: str) -> dict[str, int]:
        """Deletes the lead (and deliveries) of one intake round of a conversation: on a shared device,
        the leads of the rounds before a "start over" belong to someone else."""
        with self._sessions() as session:
            leads = session.query(Lead).filter_by(request_key=request_key).all()
            session.query(Summary).filter_by(request_key=request_key).delete()
            return self._delete(session, leads, None)

    def delete_person(
        self, email: str | None = None, phone: str | None = None, tracker_url: str | None = None
    ) -> dict[str, int]:
        """Deletes a person's leads, their deliveries and, in the tracker store, their leads'
        conversations and every other one in which the person wrote that e-mail address or phone
        number (someone who gave it and then declined the callback has no lead);
        "conversations" counts those removed."""
        email = email.strip().lower() if email and email.strip() else None
        normalized = e164(phone) if phone else None
        if phone and normalized is None:
            raise ValueError(f"{phone!r} is not a phone number (e.g. +1 514 555 0100)")
        if not (email or normalized):
            raise ValueError("give an email or a phone number")
        conditions = [func.lower(Lead.email) == email] if email else []
        conditions += [Lead.phone == normalized] if normalized else []
        with self._sessions() as session:
            leads = session.query(Lead).filter(or_(*conditions)).all()
            conversations = [lead.conversation_id for lead in leads]
            session.query(Summary).filter(Summary.conversation_id.in_(conversations)).delete(synchronize_session=False)
            removed = self._delete(session, leads, None)
        events, deleted = (
            delete_person_conversations(tracker_url, conversations, email, normalized) if tracker_url else (0, 0)
        )
        return {**removed, "conversation_events": events, "conversations": deleted}

    def purge_older_than(
        self,
        days: int,
        tracker_url: str | None = None,
        now: datetime.datetime | None = None,
        conversation_days: int | None = None,
    ) -> dict[str, int]:
        """Leads older than `days`, with their deliveries and conversations; with conversation_days,
        also the conversations without a lead that nobody has written in for that long."""
        now = now or utcnow()
        cutoff = now - datetime.timedelta(days=days)
        with self._sessions() as session:
            session.query(Summary).filter(Summary.expires_at <= now).delete()
            leads = session.query(Lead).filter(Lead.created_at < cutoff).all()
            removed = self._delete(session, leads, tracker_url)
            keep = {conversation for (conversation,) in session.query(Lead.conversation_id).all()}
        idle = 0
        if tracker_url and conversation_days is not None:
            idle = purge_idle_conversations(tracker_url, now - datetime.timedelta(days=conversation_days), keep)
        return {**removed, "idle_conversations": idle}

    def _delete(self, session: Session, leads: list[Lead], tracker_url: str | None) -> dict[str, int]:
        conversations = [lead.conversation_id for lead in leads]
        deliveries = sum(len(lead.deliveries) for lead in leads)
        calls = release_calls(session, leads, datetime.datetime.now(datetime.timezone.utc))
        for lead in leads:
            session.delete(lead)
        session.commit()
        events = delete_conversations(tracker_url, conversations) if tracker_url and conversations else 0
        return {"leads": len(leads), "deliveries": deliveries, "calls_cancelled": calls, "conversation_events": events}


def plain_text(value: Any, keep_lines: bool = False) -> Any:
    """A stored text without control or format characters: no newline that would forge a "key: value"
    line in the lead email (a control character becomes a space), no zero-width character (the
    assistant's own summary keeps its line breaks)."""
    if not isinstance(value, str):
        return value
    lines = value.split("\n") if keep_lines else [value]
    return "\n".join(" ".join(_without_controls(line).split()) for line in lines)


def _without_controls(text: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) == "Cc" else "" if unicodedata.category(ch) == "Cf" else ch for ch in text
    )


def e164(text: str, default_region: str = "CA") -> str | None:
    """A phone number as the callback form stores it (E.164); a number without its country code is
    read as Canadian, as the form reads an employer's."""
    try:
        number = phonenumbers.parse(text, None if text.strip().startswith("+") else default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@contextmanager
def events_table(tracker_url: str) -> Iterator[Connection | None]:
    """A transaction on the tracker store's `events` table, or None where there is none yet (a SQLite
    file never written, a database Rasa has not written to)."""
    url = make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).exists()):
        yield None
        return
    engine = create_engine(tracker_url)
    try:
        with engine.begin() as connection:
            yield connection if engine.dialect.has_table(connection, "events") else None
    finally:
        engine.dispose()


def _delete_senders(connection: Connection, conversation_ids: Iterable[str]) -> list[int]:
    """How many events each conversation had."""
    statement = text("DELETE FROM events WHERE sender_id = :id")
    return [connection.execute(statement, {"id": conversation}).rowcount or 0 for conversation in conversation_ids]


def purge_idle_conversations(tracker_url: str, idle_since: datetime.datetime, keep: set[str]) -> int:
    """Deletes the conversations whose last event is older than idle_since, except those in keep
    (a lead's conversation follows the lead's retention); returns how many."""
    stamp = idle_since.replace(tzinfo=datetime.timezone.utc).timestamp()
    with events_table(tracker_url) as connection:
        if connection is None:
            return 0
        rows = connection.execute(
            text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :stamp"), {"stamp": stamp}
        ).all()
        idle = [sender for (sender,) in rows if sender not in keep]
        _delete_senders(connection, idle)
        return len(idle)


def delete_conversations(tracker_url: str, conversation_ids: list[str]) -> int:
    """Removes conversations from Rasa's SQL tracker store (its `events` table, by sender); returns
    how many events."""
    with events_table(tracker_url) as connection:
        return 0 if connection is None else sum(_delete_senders(connection, conversation_ids))


def delete_person_conversations(
    tracker_url: str, conversation_ids: Iterable[str], email: str | None, phone: str | None
) -> tuple[int, int]:
    """Removes the given conversations and those in which the person wrote `email` (lower case) or
    `phone` (E.164); returns how many events and how many conversations."""
    with events_table(tracker_url) as connection:
        if connection is None:
            return 0, 0
        senders = set(conversation_ids) | _senders_who_wrote(connection, email, phone)
        counts = _delete_senders(connection, sorted(senders))
        return sum(counts), sum(1 for count in counts if count)


def _senders_who_wrote(connection: Connection, email: str | None, phone: str | None) -> set[str]:
    """SQL keeps the events whose text holds the address, or the number's digits once separators are
    dropped; Python then reads each as Rasa stored it and compares whole addresses and numbers."""
    found: set[str] = set()
    if email:
        pattern = "%" + _like_escaped(json.dumps(email)[1:-1]) + "%"  # as in the event's JSON text
        rows = connection.execute(
            select(EVENTS.c.sender_id, EVENTS.c.data).where(func.lower(EVENTS.c.data).like(pattern, escape="\\"))
        )
        found |= {sender for sender, data in rows if holds_address(written_by_person(data), email)}
    if phone:
        digits = str(phonenumbers.parse(phone).national_number)
        rows = connection.execute(
            select(EVENTS.c.sender_id, EVENTS.c.data).where(_without_separators(EVENTS.c.data).like(f"%{digits}%"))
        )
        found |= {sender for sender, data in rows if phone in phones_in(written_by_person(data))}
    return found


def event_of(data: Any) -> dict[str, Any] | None:
    """One stored event (the tracker store's `data` column, JSON text) as a dict; None when it is not one."""
    try:
        event = json.loads(data)
    except (TypeError, ValueError):
        return None
    return event if isinstance(event, dict) else None


def written_by_person(data: Any) -> str:
    """What the person wrote in one stored event (its JSON text): a message, or the value of a
    contact slot; the assistant's own words (the firm's phone and e-mail among them) do not count."""
    event = event_of(data)
    if event is None:
        return ""
    if event.get("event") == "user":
        value = event.get("text")
    elif event.get("event") == "slot" and event.get("name") in CONTACT_SLOTS:
        value = event.get("value")
    else:
        return ""
    return value if isinstance(value, str) else ""


def holds_address(text: str, email: str) -> bool:
    """The whole address, in any case: not the end of a longer one (hana@…) nor the start of one
    (…@example.org.evil.test); a full stop after it ends a sentence."""
    pattern = rf"(?<![\w.+'-]){re.escape(email)}(?![\w-]|\.[\w-])"
    return re.search(pattern, text.lower()) is not None


def phones_in(text: str) -> set[str]:
    """Every phone number in a text, in E.164 (one without its country code read as Canadian)."""
    matches = phonenumbers.PhoneNumberMatcher(text, "CA", leniency=phonenumbers.Leniency.POSSIBLE)
    return {phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) for match in matches}


def _without_separators(stored: ColumnElement[Any]) -> ColumnElement[Any]:
    for separator in PHONE_SEPARATORS:
        stored = func.replace(stored, separator, "")
    return stored


def _like_escaped(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
