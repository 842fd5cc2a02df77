"""Booking a real call through the running servers (REST channel), with the firm's availability
configured: the times are offered in the person's zone, "March 16 afternoon" is understood, the
call is booked across a daylight-saving change (Toronto on summer time, Paris not yet) and said in
both zones; the invitation email's .ics is read by a calendar library; "cancel my call" frees the
time; two people racing for one time get one booking and one new offer. The same in Chromium through
the website's widget, the device's own zone offered, and the call cancelled from the email's link."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, expect

from lead_handoff.appointments import AppointmentStore
from lead_handoff.auth import hash_password
from lead_handoff.availability import UTC, load_availability
from lead_handoff.db import sessions
from lead_handoff.records import record
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp, SmtpServer
from website.server import create_app

from .servers import Assistant, texts
from .test_callback import wait_for
from .test_conversations import WORKER_EN_FRENCH, converse
from .test_inbox_browser import ARTIFACTS, browser  # noqa: F401 - the module's Chromium fixture
from .test_widget_browser import TIMEOUT_MS, bot_says, send, up_to_the_email

LINK_SECRET = "booking-e2e-appointment-link-secret"

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
        "APPOINTMENT_LINK_SECRET": LINK_SECRET,
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
    assert wait_for(lambda: invitation(smtp, "ana.silva@firm.test", "REQUEST") is not None)  # sent one after the other

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


def test_deleting_my_data_cancels_my_call_and_the_consultant_is_told(
    firm: Assistant, sender: str, smtp: SmtpServer
) -> None:
    choice = buttons(up_to_the_times(firm, sender, "erase.me@example.org"))[0]  # an address, not a request
    assert "is booked for" in said(firm.say(sender, choice))
    firm.say(sender, "delete my data")
    erased = said(firm.say(sender, "yes"))
    assert "deleted what you told me" in erased and "Your booked call is cancelled too" in erased

    def told() -> bool:
        return any(
            message["To"] == "ana.silva@firm.test" and "data was deleted" in message["Subject"]
            for message in smtp.messages
        )

    assert wait_for(told)


@pytest.fixture()
def website(firm: Assistant, monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningApp]:
    """The firm's website: the widget talks to the firm's assistant, and the links in its emails open
    here (signed with the same secret)."""
    monkeypatch.setenv("APPOINTMENT_LINK_SECRET", LINK_SECRET)
    env = {**os.environ, "AVAILABILITY_FILE": firm.extra_env["AVAILABILITY_FILE"]}
    store = LeadStore(sessions(firm.leads_url))
    app = create_app(store, {"consultant": hash_password("x")}, "booking-test", rasa_url=firm.url, env=env)
    running = RunningApp(app, firm.web_port)
    yield running
    running.stop()


def link_in_email(smtp: SmtpServer, to: str) -> str:
    """The path of the booking's own page, from the confirmation email's text."""
    for message in smtp.messages:
        if message["To"] == to:
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = re.search(
                        r"https://firm\.test(/appointment/[\w.-]+)", part.get_payload(decode=True).decode()
                    )
                    if found:
                        return found.group(1)
    raise AssertionError(f"no booking link in the email to {to}")


def test_a_call_booked_in_the_widget_in_the_devices_zone_then_cancelled_from_the_emails_link(
    website: RunningApp,
    firm: Assistant,
    smtp: SmtpServer,
    browser: Browser,  # noqa: F811
) -> None:
    context = browser.new_context(timezone_id="Europe/Paris", locale="en-GB")
    page = context.new_page()
    page.goto(f"{website.url}/?lang=en")
    page.locator(".rw-launcher").click()
    for question, answer in up_to_the_email("aiko.booking@example.org"):
        bot_says(page, question)
        send(page, answer)
    bot_says(page, "Your device says France Time")  # the zone the browser is set to, offered first
    page.locator(".rw-reply", has_text="France Time").first.click()
    bot_says(page, r"in your time \(Central European Standard Time\)")
    send(page, "March 17 afternoon")  # Toronto on summer time since March 14, Paris not yet
    wednesday = page.locator(".rw-reply", has_text=re.compile(r"^Wed 17 Mar, 2:00\sPM$")).last
    wednesday.click()
    bot_says(page, r"booked for Wednesday, March 17, 2027, 2:00\sPM \(Central European Standard Time\)")
    bot_says(page, r"9:00\sAM \(Eastern Daylight Time\) at the firm")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-booked.png"))

    start = datetime.datetime(2027, 3, 17, 13, 0, tzinfo=UTC)
    assert wait_for(lambda: invitation(smtp, "aiko.booking@example.org", "REQUEST") is not None)
    event = invitation(smtp, "aiko.booking@example.org", "REQUEST")
    assert event is not None and event.decoded("DTSTART") == start
    store = AppointmentStore(sessions(firm.leads_url), load_availability(Path(firm.extra_env["AVAILABILITY_FILE"])))
    assert start not in {slot.start for slot in store.free_slots()}

    page.goto(f"{website.url}{link_in_email(smtp, 'aiko.booking@example.org')}")
    expect(page.locator("main")).to_contain_text("Wednesday, March 17, 2027", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Cancel this call").click()
    expect(page.locator("main")).to_contain_text("the call is cancelled", timeout=TIMEOUT_MS)
    assert wait_for(lambda: invitation(smtp, "aiko.booking@example.org", "CANCEL") is not None)
    assert start in {slot.start for slot in store.free_slots()}
    context.close()
