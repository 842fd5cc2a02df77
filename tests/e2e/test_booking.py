"""Booking a real call through the running servers (REST channel), with the firm's availability
configured: the times are offered in the person's zone, "March 16 afternoon" is understood, the
call is booked across a daylight-saving change (Toronto on summer time, Paris not yet) and said in
both zones; the invitation email's .ics is read by a calendar library; "cancel my call" frees the
time; two people racing for one time get one booking and one new offer."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import icalendar
import pytest

from lead_handoff.appointments import AppointmentStore
from lead_handoff.availability import UTC, load_availability
from lead_handoff.db import sessions
from lead_handoff.records import record
from lead_handoff.store import LeadStore
from tests.handoff.fakes import SmtpServer

from .servers import Assistant, texts
from .test_callback import wait_for
from .test_conversations import WORKER_EN_FRENCH, converse

AVAILABILITY = """
timezone: America/Toronto
call_minutes: 30
book_days_ahead: 150
min_notice_hours: 2
consultants:
  - id: ana
    name: Ana Silva
    email: ana.silva@firm.test
    timezone: America/Toronto
    hours: {mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00']}
"""


@pytest.fixture(scope="module")
def firm(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("booking")
    (workdir / "availability.yaml").write_text(AVAILABILITY, encoding="utf-8")
    env = {
        "AVAILABILITY_FILE": str(workdir / "availability.yaml"),
        "LEADS_SMTP_HOST": "127.0.0.1",
        "LEADS_SMTP_PORT": str(smtp.port),
        "LEADS_EMAIL_TO": "intake@firm.test",
        "PUBLIC_WEB_URL": "https://firm.test",
        "FIRM_PRIVACY_URL": "https://firm.test/privacy",
        "FIRM_CONTACT_PHONE": "+1 514 555 0100",
        "FIRM_CONTACT_EMAIL": "intake@firm.test",
    }
    running = Assistant(workdir, extra_env=env)
    try:
        yield running.start()
    finally:
        running.stop()


def up_to_the_times(firm: Assistant, sender: str, email: str) -> list[dict]:
    """The intake, yes to a call, the details; returns the reply offering the times."""
    converse(firm, sender, "Hi", WORKER_EN_FRENCH)
    for answer in ("yes please", "Yes, I agree", "Ana Dupont", "no phone", email):
        firm.say(sender, answer)
    return firm.say(sender, "Paris")


def buttons(replies: list[dict]) -> list[str]:
    return [b["title"].replace("\u202f", " ") for r in replies for b in r.get("buttons", [])]


def said(replies: list[dict]) -> str:
    """The replies' text, CLDR's narrow no-break space before "PM" read as a space."""
    return texts(replies).replace("\u202f", " ")


def invitation(smtp: SmtpServer, to: str, method: str) -> icalendar.Event | None:
    for message in smtp.messages:
        if message["To"] != to:
            continue
        part: Message | None = next((p for p in message.walk() if p.get_content_type() == "text/calendar"), None)
        calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True)) if part else None
        if calendar is not None and calendar["METHOD"] == method:
            return next(iter(calendar.walk("VEVENT")))
    return None


def test_a_call_booked_across_daylight_saving_then_cancelled(firm: Assistant, sender: str, smtp: SmtpServer) -> None:
    offer = up_to_the_times(firm, sender, "ana.dupont@example.org")
    assert "in your time (Central European Standard Time)" in said(offer) and buttons(offer)[-1] == "Another time"
    march = firm.say(sender, "March 16 afternoon")
    choices = buttons(march)
    assert choices[0] == "Tue 16 Mar, 2:00 PM"  # 9:00 in Toronto (EDT since March 14) is 14:00 in Paris (CET)
    booked = said(firm.say(sender, choices[0]))
    assert (
        "Your call with Ana Silva is booked for Tuesday, March 16, 2027, 2:00 PM (Central European Standard Time)"
        in booked
    )
    assert "9:00 AM (Eastern Daylight Time) at the firm" in booked

    assert wait_for(lambda: invitation(smtp, "ana.dupont@example.org", "REQUEST") is not None)
    event = invitation(smtp, "ana.dupont@example.org", "REQUEST")
    start = datetime.datetime(2027, 3, 16, 13, 0, tzinfo=UTC)
    assert event is not None and event.decoded("DTSTART") == start
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=30)
    assert invitation(smtp, "ana.silva@firm.test", "REQUEST") is not None

    [lead] = [found for found in LeadStore(sessions(firm.leads_url)).newest_first() if found.conversation_id == sender]
    assert record(lead)["appointment"] == {
        "start": "2027-03-16T14:00:00+01:00",
        "consultant": "ana",
        "status": "booked",
    }

    cancelled = said(firm.say(sender, "sorry, please cancel my call"))
    assert "Your call on Tuesday, March 16, 2027, 2:00 PM" in cancelled and "is cancelled" in cancelled
    assert wait_for(lambda: invitation(smtp, "ana.dupont@example.org", "CANCEL") is not None)
    store = AppointmentStore(sessions(firm.leads_url), load_availability(Path(firm.extra_env["AVAILABILITY_FILE"])))
    assert start in {slot.start for slot in store.free_slots()}


def test_two_people_racing_for_one_time_get_one_booking_and_one_new_offer(firm: Assistant, sender: str) -> None:
    first, second = f"{sender}-a", f"{sender}-b"
    time_a = buttons(up_to_the_times(firm, first, "a@example.org"))[0]
    time_b = buttons(up_to_the_times(firm, second, "b@example.org"))[0]
    assert time_a == time_b
    assert "is booked for" in said(firm.say(first, time_a))
    lost = firm.say(second, time_b)
    assert "just taken" in said(lost) and buttons(lost) and buttons(lost)[0] != time_b
    assert firm.slots(second)["preferred_time"] is None
