"""Deliveries through the outbox: a real SMTP server and a real webhook receiver, failures retried
with backoff, nothing lost across restarts, each delivered once."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from lead_handoff.db import sessions
from lead_handoff.outbox import Outbox, backoff, senders_for
from lead_handoff.settings import Settings, SmtpSettings, WebhookSettings
from lead_handoff.store import LeadStore

from .fakes import SmtpServer, WebhookReceiver
from .helpers import Clock, lead_data

SECRET = "shared-secret-for-tests"


@pytest.fixture()
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture()
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver(SECRET).start()
    yield server
    server.stop()


def settings(database_url: str, smtp_port: int | None, webhook_url: str | None) -> Settings:
    return Settings(
        database_url=database_url,
        tracker_database_url=None,
        smtp=SmtpSettings("127.0.0.1", smtp_port, "bot@firm.test", "intake@firm.test") if smtp_port else None,
        webhook=WebhookSettings(webhook_url, SECRET) if webhook_url else None,
        privacy_url="https://firm.test/privacy",
        firm_email="intake@firm.test",
        firm_phone="+1 514 555 0100",
        retention_days=365,
    )


def outbox(config: Settings, clock: Clock) -> Outbox:
    return Outbox(sessions(config.database_url), senders_for(config), clock)


def test_delivered_by_email_and_signed_webhook_once_each(
    database_url: str, smtp: SmtpServer, receiver: WebhookReceiver
) -> None:
    config, clock = settings(database_url, smtp.port, receiver.url), Clock()
    lead = LeadStore(sessions(database_url)).save(lead_data(), config.targets).lead
    assert outbox(config, clock).deliver_due().sent == 2
    assert len(smtp.messages) == 1 and "Ana Pérez" in smtp.messages[0].get_payload(decode=True).decode()
    assert smtp.messages[0]["To"] == "intake@firm.test"
    assert len(receiver.received) == 1 and receiver.received[0].signature_ok
    assert receiver.received[0].json()["id"] == lead.id and receiver.received[0].json()["consent"] is True
    clock.advance(hours=2)
    assert outbox(config, clock).deliver_due().sent == 0  # sent means sent: never again
    assert len(smtp.messages) == 1 and len(receiver.received) == 1


def test_webhook_answering_500_then_200(database_url: str, receiver: WebhookReceiver) -> None:
    receiver.statuses = [500]
    config, clock = settings(database_url, None, receiver.url), Clock()
    store = LeadStore(sessions(database_url))
    store.save(lead_data(), config.targets)
    assert outbox(config, clock).deliver_due().failed == 1
    delivery = store.deliveries()[0]
    assert delivery.status == "pending" and delivery.attempts == 1 and "500" in delivery.last_error
    assert outbox(config, clock).deliver_due().sent == 0  # not before its backoff
    clock.advance(seconds=31)
    assert outbox(config, clock).deliver_due().sent == 1
    ids = {r.delivery_id for r in receiver.received}
    assert len(receiver.received) == 2 and len(ids) == 1  # the same delivery id: the CRM can drop repeats
    assert store.deliveries()[0].status == "sent"


def test_smtp_down_then_up(database_url: str) -> None:
    server = SmtpServer()  # its port chosen, nothing listening yet
    config, clock = settings(database_url, server.port, None), Clock()
    store = LeadStore(sessions(database_url))
    store.save(lead_data(), config.targets)
    for _ in range(3):  # down for a while: every try fails, and waits longer
        assert outbox(config, clock).deliver_due().failed == 1
        clock.advance(hours=1)
    assert store.deliveries()[0].attempts == 3
    server.start()
    try:
        assert outbox(config, clock).deliver_due().sent == 1
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_delivery_after_a_restart(database_url: str, receiver: WebhookReceiver) -> None:
    receiver.statuses = [503]
    config, clock = settings(database_url, None, receiver.url), Clock()
    LeadStore(sessions(database_url)).save(lead_data(), config.targets)
    outbox(config, clock).deliver_due()
    sessions.cache_clear()  # a new process: nothing in memory, everything from the database
    clock.advance(minutes=5)
    assert outbox(config, clock).deliver_due().sent == 1


def test_a_wrong_secret_is_refused_by_the_receiver(database_url: str, receiver: WebhookReceiver) -> None:
    receiver.secret = "the-crm-has-another-secret"
    config, clock = settings(database_url, None, receiver.url), Clock()
    LeadStore(sessions(database_url)).save(lead_data(), config.targets)
    assert outbox(config, clock).deliver_due().failed == 1
    assert not receiver.received[0].signature_ok


def test_backoff_grows_and_is_capped() -> None:
    waits = [backoff(n).total_seconds() for n in range(1, 10)]
    assert waits[:3] == [30, 60, 120] and max(waits) == 3600 and waits == sorted(waits)


def test_errors_stored_without_personal_data(database_url: str) -> None:
    config, clock = settings(database_url, None, "http://127.0.0.1:9/ana@example.org"), Clock()
    store = LeadStore(sessions(database_url))
    store.save(lead_data(), config.targets)
    outbox(config, clock).deliver_due()
    assert "@" not in store.deliveries()[0].last_error
    json.dumps(store.deliveries()[0].last_error)


def test_a_booked_call_s_invitations_reach_the_person_and_the_consultant_after_an_outage(
    database_url: str, smtp: SmtpServer, tmp_path: Path
) -> None:
    """The SMTP server is down at first: the invitations wait, then go once it is back, each once."""
    from lead_handoff.appointments import AppointmentStore
    from lead_handoff.availability import UTC, load_availability
    from lead_handoff.invitations import InvitationMailer

    availability = load_availability(Path(__file__).resolve().parents[2] / "examples" / "availability.yaml")
    config, clock = settings(database_url, smtp.port, None), Clock()
    store = LeadStore(sessions(database_url))
    lead = store.save(lead_data(email="ana@example.org"), ()).lead
    booking = AppointmentStore(sessions(database_url), availability)
    now = datetime.datetime.now(UTC)
    booking.book(lead.id, booking.free_slots(now)[0].start, "America/Mexico_City", now=now)
    mailer = InvitationMailer(config.smtp, availability, "https://firm.test")  # type: ignore[arg-type]
    worker = Outbox(sessions(database_url), senders_for(config), clock, invitations=mailer)
    smtp.stop()
    assert worker.deliver_due().failed == 2 and smtp.messages == []
    smtp.start()
    clock.advance(seconds=backoff(1).total_seconds())
    assert worker.deliver_due().sent == 2 and worker.deliver_due().sent == 0
    to = sorted(message["To"] for message in smtp.messages)
    assert to == ["ana@example.org", "marie.tremblay@example.com"]
    person = next(m for m in smtp.messages if m["To"] == "ana@example.org")
    calendar = next(p for p in person.walk() if p.get_content_type() == "text/calendar")
    assert b"METHOD:REQUEST" in calendar.get_payload(decode=True)
    text = next(p for p in person.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert b"https://firm.test/appointment/" in text
