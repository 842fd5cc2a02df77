"""The dashboard's counts: scripted conversations written by Rasa's own SQL tracker store (SQLite and
PostgreSQL), leads beside them; the report shows exactly the scripted numbers, the CSV the same,
nothing that names a person, and a refresh recounts only what changed (twice is the same)."""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Iterator

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from lead_handoff.appointments import AppointmentStore
from lead_handoff.availability import load_availability
from lead_handoff.dashboard import Dashboard, Selection, as_csv
from lead_handoff.dashboard_facts import rounds_of
from lead_handoff.models import Lead
from lead_handoff.store import LeadStore
from lead_handoff.transcripts import RESTART_ACTION
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .helpers import lead_data
from .test_booking import NOW, ONE_CONSULTANT, write
from .test_inbox import USERS, Browser
from .test_person_deletion import write_conversations

DAY = datetime.datetime(2026, 11, 20, 15, 0, tzinfo=datetime.timezone.utc).timestamp()
PERIOD = Selection(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def said(text: str, at: float = DAY, channel: str = "rest", language: str = "en") -> UserUttered:
    return UserUttered(text, input_channel=channel, metadata={"language": language}, timestamp=at)


def asked(slot: str | None) -> SlotSet:
    return SlotSet("requested_slot", slot)


def suggested(routes: list[str]) -> list[Event]:
    return [asked(None), ActionExecuted("action_suggest_routes"), SlotSet("suggested_routes", routes)]


CALLBACK = [ActionExecuted("utter_offer_callback")]
SCRIPTS: dict[str, list[Event]] = {
    # stops early: the age question is waiting when the person leaves
    "stops-at-age": [said("/greet"), said("I'm Japanese, Kenji Sato"), asked("citizenships"), asked("age")],
    # the whole way: suggestion, callback, consent, details; the lead is booked and contacted
    "books": [
        said("Hi"),
        asked("citizenships"),
        said("French"),
        asked("age"),
        said("25"),
        *suggested(["iec_working_holiday", "francophone_mobility"]),
        *CALLBACK,
        said("yes"),
        asked("consent"),
        SlotSet("consent", True),
        asked("email"),
        said("ana@example.org"),
        SlotSet("email", "ana@example.org"),
        asked(None),
    ],
    # French, over the widget: nothing fits, the callback declined
    "declines": [
        said("Bonjour", channel="socketio", language="fr"),
        SlotSet("language", "fr"),
        asked("citizenships"),
        *suggested([]),
        *CALLBACK,
        asked("consent"),
        SlotSet("consent", False),
        asked(None),
    ],
    # the widget opened, nothing typed: not a conversation started
    "opened-only": [said("/greet", channel="socketio")],
    # a shared device: a first person reaches a suggestion, the next one stops at the citizenship
    "shared": [
        said("hello"),
        *suggested(["cusma_professional"]),
        ActionExecuted(RESTART_ACTION),
        said("hi again, Bea here, +1 514 555 0123"),
        ActionExecuted("action_handle_misunderstanding"),
        ActionExecuted("action_handle_misunderstanding"),
        asked("citizenships"),
    ],
    # a consultant took the conversation over
    "taken-over": [
        said("I want a human"),
        BotUttered("Marie (consultant) has joined", metadata={"consultant_joined": "marie"}, timestamp=DAY),
    ],
    # outside the period
    "october": [said("Hi", at=DAY - 40 * 86400), *suggested(["iec_working_holiday"])],
}


@pytest.fixture()
def dashboard(store: LeadStore, database_url: str, tmp_path: object) -> Dashboard:
    write_conversations(database_url, SCRIPTS)
    lead = store.save(lead_data("books", request_key="books#0"), ()).lead
    booking = AppointmentStore(store.sessions, load_availability(write(tmp_path, ONE_CONSULTANT)))  # type: ignore[arg-type]
    booking.book(lead.id, booking.free_slots(NOW)[0].start, "UTC", now=NOW)
    store.mark_contacted(lead.id)
    october = store.save(lead_data("october", request_key="october#0"), ()).lead  # its round is outside the period
    with store.sessions() as session:  # each lead on its conversation's day
        session.get(Lead, lead.id).created_at = datetime.datetime(2026, 11, 20, 15, 5)
        session.get(Lead, october.id).created_at = datetime.datetime(2026, 10, 11, 15, 5)
        session.commit()
    return Dashboard(store.sessions, database_url)


def counts(dashboard: Dashboard, selection: Selection = PERIOD) -> dict[str, int]:
    return {step.name: step.count for step in dashboard.report(selection).steps}


EXPECTED = {
    "started": 6,  # stops-at-age, books, declines, shared ×2, taken-over
    "reached_suggestion": 3,  # books, declines, shared's first round
    "any_route": 2,  # declines: nothing fits
    "callback_offered": 2,
    "consent": 1,
    "contact": 1,
    "booked": 1,
    "taken_over": 1,
    "contacted": 1,
}


def test_the_report_shows_exactly_the_scripted_counts(dashboard: Dashboard) -> None:
    assert dashboard.refresh() == 0
    assert counts(dashboard) == EXPECTED
    report = dashboard.report(PERIOD)
    assert report.stops == [("age", 1), ("citizenships", 1)]  # ties by name
    assert report.routes == [("cusma_professional", 1), ("francophone_mobility", 1), ("iec_working_holiday", 1)]
    assert report.nothing_fits == 1 and report.misunderstandings_per_conversation == round(2 / 6, 2)
    assert dict(report.per_day)["2026-11-20"] == 6 and sum(count for _, count in report.per_day) == 6
    assert len(report.per_day) == 30
    assert report.breakdown == [("rest", "en", 5, 2, 1), ("socketio", "fr", 1, 1, 0)]
    assert counts(dashboard, Selection(PERIOD.first_day, PERIOD.last_day, language="fr"))["started"] == 1
    assert counts(dashboard, Selection(PERIOD.first_day, PERIOD.last_day, channel="rest"))["booked"] == 1


def test_the_funnel_rates_follow_the_counts(dashboard: Dashboard) -> None:
    dashboard.refresh()
    steps = {step.name: step for step in dashboard.report(PERIOD).steps}
    assert steps["reached_suggestion"].of_started == round(3 / 6, 4)
    assert steps["any_route"].of_previous == round(2 / 3, 4)
    assert steps["started"].of_previous is None and steps["taken_over"].of_previous is None


def test_the_csv_is_the_table(dashboard: Dashboard) -> None:
    dashboard.refresh()
    report = dashboard.report(PERIOD)
    rows = list(csv.DictReader(io.StringIO(as_csv(report))))
    funnel = {row["label"]: int(row["count"]) for row in rows if row["section"] == "funnel"}
    assert funnel == {step.name: step.count for step in report.steps}
    days = [(row["label"], int(row["count"])) for row in rows if row["section"] == "day"]
    assert days == report.per_day


def test_a_refresh_counts_only_what_changed_and_twice_is_the_same(dashboard: Dashboard, database_url: str) -> None:
    dashboard.refresh()
    dashboard.refresh()
    assert counts(dashboard) == EXPECTED  # nothing new: nothing counted twice
    write_conversations(database_url, {"late": [said("bonjour"), *suggested(["pgwp"])]})
    assert dashboard.refresh() == 0
    assert counts(dashboard)["started"] == 7 and counts(dashboard)["reached_suggestion"] == 4
    again = Dashboard(dashboard._sessions, database_url)  # another replica, the same database
    again.refresh()
    assert counts(again) == counts(dashboard)


def test_what_follows_an_erasure_of_the_newest_events_is_counted(
    dashboard: Dashboard, store: LeadStore, database_url: str
) -> None:
    long_one = [said(f"message {n}") for n in range(12)]  # more events than the next conversation has
    write_conversations(database_url, {"erased-at-once": long_one})
    dashboard.refresh()
    store.delete_conversation("erased-at-once", tracker_url=database_url)  # SQLite reuses their ids
    write_conversations(database_url, {"next-person": [said("hi"), *suggested(["pgwp"])]})
    dashboard.refresh()
    assert counts(dashboard)["started"] == EXPECTED["started"] + 2  # the erased one was counted before
    assert counts(dashboard)["reached_suggestion"] == EXPECTED["reached_suggestion"] + 1


def test_a_refresh_out_of_time_says_how_much_is_left(dashboard: Dashboard) -> None:
    ticks = iter([0.0, 10.0])
    left = dashboard.refresh(budget_seconds=1.0, clock=lambda: next(ticks, 10.0))
    assert left > 0 and counts(dashboard)["started"] == 0
    assert dashboard.refresh() == 0 and counts(dashboard) == EXPECTED


def test_rounds_left_without_a_word_are_not_conversations() -> None:
    events = [{"event": "user", "text": "/greet", "timestamp": DAY}, {"event": "action", "name": RESTART_ACTION}]
    assert rounds_of(events) == []


@pytest.fixture()
def inbox(store: LeadStore, database_url: str, dashboard: Dashboard) -> Iterator[RunningApp]:
    env = {**os.environ, "TRACKER_DATABASE_URL": database_url}
    running = RunningApp(create_app(store, USERS, "test-secret", env=env))
    yield running
    running.stop()


def test_the_page_and_its_csv_show_counts_and_nothing_of_a_person(inbox: RunningApp) -> None:
    browser = Browser(inbox.url)
    assert browser.request("/inbox/dashboard")[0] == 303  # signed in only
    assert browser.request("/inbox/dashboard.csv")[0] == 303
    assert browser.request("/inbox/login", {"username": "alice", "password": "correct horse"})[0] == 303
    status, page, _ = browser.request("/inbox/dashboard?from=2026-11-01&to=2026-11-30")
    assert (
        status == 200
        and '<tr data-step="started"><th scope="row">Conversations started</th><td class="count">6</td>' in page
    )
    status, table, headers = browser.request("/inbox/dashboard.csv?from=2026-11-01&to=2026-11-30")
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and "funnel,started,6," in table
    for personal in ("Kenji", "Sato", "ana@example.org", "Bea", "555 0123", "5145550123", "books", "shared"):
        assert personal not in page and personal not in table
    status, page, _ = browser.request("/inbox/dashboard?from=2026-13-01&to=yesterday")
    assert status == 200 and "A date could not be read" in page


def test_dates_the_wrong_way_round_are_swapped(inbox: RunningApp) -> None:
    browser = Browser(inbox.url)
    browser.request("/inbox/login", {"username": "alice", "password": "correct horse"})
    page = browser.request("/inbox/dashboard?from=2026-11-30&to=2026-11-01")[1]
    assert "wrong way round" in page and 'value="2026-11-01"' in page
