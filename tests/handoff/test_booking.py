"""Booking calls: the firm's availability as data, free slots in each consultant's time zone across a
daylight-saving change, a slot never booked twice (also when bookings race, on PostgreSQL), and the
invitation emails with a calendar file that a calendar library reads."""

from __future__ import annotations

import datetime
import html
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from lead_handoff.appointments import AppointmentStore, SlotTaken, appointment_of_link, link_token
from lead_handoff.availability import UTC, AvailabilityError, load_availability
from lead_handoff.invitations import email
from lead_handoff.models import Appointment, Invitation
from lead_handoff.records import record
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from tests.handoff.helpers import lead_data
from website.server import create_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "availability.yaml"
TORONTO = ZoneInfo("America/Toronto")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "availability.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ONE_CONSULTANT = """
timezone: America/Toronto
call_minutes: 60
book_days_ahead: 14
min_notice_hours: 2
holidays: ['2027-03-17']
consultants:
  - {id: ana, name: Ana, email: ana@example.com, timezone: America/Toronto, hours: {mon: ['09:00-11:00'], wed: ['09:00-10:00']}, days_off: ['2027-03-10']}
"""


def test_the_example_file_loads() -> None:
    availability = load_availability(EXAMPLE)
    assert [c.id for c in availability.consultants] == ["marie", "raj"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("timezone: America/Toronto\n", "timezone: Mars/Olympus\n"), "'Mars/Olympus' is not a time zone"),
        (("['09:00-11:00']", "['11:00-09:00']"), "ends before it starts"),
        (("call_minutes: 60", "call_minutes: 0"), "call_minutes"),
    ],
)
def test_a_bad_file_is_refused_saying_where(tmp_path: Path, change: tuple[str, str], words: str) -> None:
    with pytest.raises(AvailabilityError, match=words):
        load_availability(write(tmp_path, ONE_CONSULTANT.replace(*change, 1)))


def test_slots_follow_the_consultant_s_clock_across_daylight_saving(tmp_path: Path) -> None:
    """Toronto moves to summer time on Sunday 2027-03-14: 9:00 is 14:00 UTC before, 13:00 UTC after."""
    availability = load_availability(write(tmp_path, ONE_CONSULTANT))
    now = datetime.datetime(2027, 3, 5, 12, 0, tzinfo=UTC)
    starts = [slot.start for slot in availability.free_slots(now)]
    local = [(s.astimezone(TORONTO).strftime("%a %d %H:%M"), s.strftime("%H:%M")) for s in starts]
    assert local[:2] == [("Mon 08 09:00", "14:00"), ("Mon 08 10:00", "15:00")]
    assert ("Mon 15 09:00", "13:00") in local  # after the change
    assert not any(day in text for text, _ in local for day in ("Wed 10", "Wed 17"))  # day off, holiday


def test_notice_and_horizon(tmp_path: Path) -> None:
    availability = load_availability(write(tmp_path, ONE_CONSULTANT))
    monday_7_40 = datetime.datetime(2027, 3, 8, 7, 40, tzinfo=TORONTO)
    starts = [s.start.astimezone(TORONTO) for s in availability.free_slots(monday_7_40)]
    assert starts[0].strftime("%d %H:%M") == "08 10:00"  # 9:00 is within the 2 hours' notice
    assert starts[-1] <= monday_7_40 + datetime.timedelta(days=14)


@pytest.fixture()
def booking(store: LeadStore, tmp_path: Path) -> AppointmentStore:
    return AppointmentStore(store.sessions, load_availability(write(tmp_path, ONE_CONSULTANT)))


NOW = datetime.datetime(2027, 3, 5, 12, 0, tzinfo=UTC)


def test_a_booked_slot_is_offered_to_nobody_else_and_free_again_once_cancelled(
    store: LeadStore, booking: AppointmentStore
) -> None:
    lead = store.save(lead_data("conv-1", email="ana@example.org", language="fr"), ()).lead
    first = booking.free_slots(NOW)[0]
    booked = booking.book(lead.id, first.start, "Europe/Paris", now=NOW)
    assert booked.consultant == "ana" and booked.start == first.start
    assert first.start not in [s.start for s in booking.free_slots(NOW)]
    with pytest.raises(SlotTaken):
        booking.book(store.save(lead_data("conv-2"), ()).lead.id, first.start, "UTC", now=NOW)
    assert record(store.get(lead.id))["appointment"] == {  # type: ignore[arg-type]
        "start": "2027-03-08T15:00:00+01:00",
        "consultant": "ana",
        "status": "booked",
    }
    assert booking.cancel(booked.id, now=NOW) and not booking.cancel(booked.id, now=NOW)
    assert first.start in [s.start for s in booking.free_slots(NOW)]
    assert record(store.get(lead.id))["appointment"]["status"] == "cancelled"  # type: ignore[arg-type,index]


def test_moving_a_call_frees_the_first_slot(store: LeadStore, booking: AppointmentStore) -> None:
    lead = store.save(lead_data("conv-1"), ()).lead
    first, second = booking.free_slots(NOW)[:2]
    booking.book(lead.id, first.start, "UTC", now=NOW)
    moved = booking.book(lead.id, second.start, "UTC", now=NOW)
    assert booking.current(lead.id) == moved
    assert first.start in [s.start for s in booking.free_slots(NOW)]


def test_two_people_racing_for_one_slot_get_one_booking(store: LeadStore, booking: AppointmentStore) -> None:
    """Eight threads book the same slot at once (PostgreSQL and SQLite): one wins, the rest are refused."""
    leads = [store.save(lead_data(f"conv-{i}"), ()).lead.id for i in range(8)]
    slot = booking.free_slots(NOW)[0].start
    won, refused, barrier = [], [], threading.Barrier(len(leads))

    def race(lead_id: str) -> None:
        barrier.wait()
        try:
            won.append(booking.book(lead_id, slot, "UTC", now=NOW))
        except SlotTaken:
            refused.append(lead_id)

    threads = [threading.Thread(target=race, args=(lead_id,)) for lead_id in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(won), len(refused)) == (1, 7)


def test_the_invitation_email_carries_a_calendar_event_a_library_reads(
    store: LeadStore, booking: AppointmentStore
) -> None:
    lead = store.save(lead_data("conv-1", email="ana@example.org", language="fr", name="Ana"), ()).lead
    booked = booking.book(lead.id, booking.free_slots(NOW)[0].start, "Europe/Paris", now=NOW)
    with store.sessions() as session:
        invitations = session.query(Invitation).filter_by(appointment_id=booked.id).all()
        assert sorted(i.recipient for i in invitations) == ["consultant", "person"]
        person = next(i for i in invitations if i.recipient == "person")
        message = email(
            person.appointment, "person", "booked", booking.availability, "firm@example.com", "https://x/a", NOW
        )
    assert message["To"] == "ana@example.org" and "lundi 8 mars 2027, 15:00" in message["Subject"]
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "(lundi 8 mars 2027, 09:00 (heure normale de l’Est" in body and "https://x/a" in body
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    event = next(iter(calendar.walk("VEVENT")))
    assert calendar["METHOD"] == "REQUEST" and event["UID"] == f"{booked.id}@imp-intake"
    assert event.decoded("DTSTART") == booked.start and event.decoded("DTEND") == booked.end


def test_deleting_a_persons_data_cancels_their_call_and_tells_the_consultant_nothing_of_them(
    store: LeadStore, booking: AppointmentStore
) -> None:
    lead = store.save(lead_data("conv-1", name="Ana Pérez", email="ana@example.org", phone="+15145550199"), ()).lead
    to_come = booking.book(lead.id, booking.free_slots(NOW)[0].start, "Europe/Paris", now=NOW)
    earlier = store.save(lead_data("conv-1", request_key="earlier"), ()).lead
    last_january = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a call already held: simply deleted
    booking.book(earlier.id, booking.free_slots(last_january)[0].start, "UTC", now=last_january)

    assert store.delete_conversation("conv-1")["calls_cancelled"] == 1
    assert to_come.start in [s.start for s in booking.free_slots(NOW)]
    with store.sessions() as session:
        [kept] = session.query(Appointment).all()
        [told] = session.query(Invitation).all()  # the booking's emails never sent would name the person: gone
        assert (kept.id, kept.lead_id, kept.status) == (to_come.id, None, "cancelled")
        assert (told.recipient, told.kind, told.appointment_id) == ("consultant", "erased", to_come.id)
        message = email(kept, "consultant", "erased", booking.availability, "firm@example.com", "-", NOW)
    assert message["To"] == "ana@example.com" and "data was deleted" in message["Subject"]
    whole = message.as_string()
    assert not any(detail in whole for detail in ("Ana P", "ana@example.org", "5550199", "Paris"))
    attachment = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    event = next(iter(calendar.walk("VEVENT")))
    assert calendar["METHOD"] == "CANCEL" and event["UID"] == f"{to_come.id}@imp-intake"


def test_a_link_names_its_appointment_only_with_its_signature(tmp_path: Path) -> None:
    env = {"APPOINTMENT_LINK_SECRET": "s" * 32}
    token = link_token("abc", env)
    assert appointment_of_link(token, env) == "abc"
    assert appointment_of_link(token.replace("abc", "abd"), env) is None
    assert appointment_of_link(token[:-1] + ("x" if token[-1] != "x" else "y"), env) is None
    assert appointment_of_link("abc", env) is None


def fetch(url: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
    """GET, or POST the form: the status, the final address (after redirects) and the page's text."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as response:
            return response.status, response.url, html.unescape(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, url, html.unescape(error.read().decode())


def test_the_email_link_shows_the_call_and_cancels_or_moves_it(
    store: LeadStore, tmp_path: Path, booking: AppointmentStore
) -> None:
    site = RunningApp(create_app(store, {}, "k", env={"AVAILABILITY_FILE": str(tmp_path / "availability.yaml")}))
    try:
        lead = store.save(lead_data("conv-1", language="fr"), ()).lead
        now = datetime.datetime.now(UTC)
        first, second = booking.free_slots(now)[:2]
        booked = booking.book(lead.id, first.start, "Europe/Paris", now=now)
        link = f"{site.url}/appointment/{link_token(booked.id)}"
        status, _, page = fetch(link)
        assert status == 200 and "Votre appel avec Ana est réservé" in page and "Annuler cet appel" in page
        status, moved_url, page = fetch(f"{link}/move", {"start": second.start.isoformat()})
        assert status == 200 and moved_url.endswith("?moved=1") and "C'est fait : votre appel est maintenant" in page
        assert booking.current(lead.id).start == second.start  # type: ignore[union-attr]
        assert booking.get(booked.id).status == "cancelled"  # type: ignore[union-attr]
        status, _, page = fetch(f"{moved_url.split('?')[0]}/cancel", {})
        assert status == 200 and "l'appel est annulé" in page and booking.current(lead.id) is None
        assert second.start in [s.start for s in booking.free_slots(now)]
        for forged in (link[:-1] + ("A" if link[-1] != "A" else "B"), link.replace(booked.id, lead.id)):
            assert fetch(forged)[0] == 404
    finally:
        site.stop()
