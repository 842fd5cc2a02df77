"""Booking the call in the conversation (actions/booking.py, with the callback form): times offered in
the person's zone as buttons, "another time" and "mardi après-midi" understood, the time booked
after the lead is stored and said in both zones, a time taken meanwhile offered again."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as handoff
from actions.booking import OFFERED, ActionAskPreferredTime, ActionChangeAppointment, ActionSayWhenWeCall
from actions.callback import ActionSaveLead, ValidateCallbackForm
from lead_handoff.availability import availability_from_env
from tests.actions.helpers import domain, slot_events, tracker

EVERY_DAY = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def firm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A firm taking 30-minute calls around the clock (so that the test's "now" always has times)."""
    availability = tmp_path / "availability.yaml"
    hours = ", ".join(f"{day}: ['00:00-24:00']" for day in EVERY_DAY)
    availability.write_text(
        "timezone: America/Toronto\ncall_minutes: 30\nbook_days_ahead: 14\nmin_notice_hours: 1\n"
        f"consultants:\n  - {{id: ana, name: Ana Silva, email: ana@firm.example, timezone: America/Toronto, hours: {{{hours}}}}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AVAILABILITY_FILE", str(availability))
    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    handoff.settings.cache_clear()
    yield
    handoff.settings.cache_clear()


CALLER = {"consent": True, "name": "Ana", "phone": "none", "email": "ana@example.org", "timezone": "Europe/Paris"}


def ask(slots: dict[str, Any]) -> tuple[CollectingDispatcher, dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    state = tracker("", {**CALLER, **slots, "requested_slot": "preferred_time"}, active_loop="callback_form")
    events = asyncio.run(ActionAskPreferredTime().run(dispatcher, state, domain()))
    return dispatcher, slot_events(events)


def answer(text: str, slots: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(
        text,
        {**CALLER, **slots, "requested_slot": "preferred_time"},
        new={"preferred_time": text},
        active_loop="callback_form",
    )
    events = asyncio.run(ValidateCallbackForm().run(dispatcher, state, domain()))
    return slot_events(events), [m.get("text") or m.get("response") for m in dispatcher.messages]


def test_the_times_are_offered_in_the_person_s_zone_and_language() -> None:
    dispatcher, slots = ask({"language": "fr"})
    message = dispatcher.messages[0]
    assert "à votre heure (heure normale d’Europe centrale)" in message["text"]
    titles = [b["title"] for b in message["buttons"]]
    assert len(titles) == 5 and titles[-1] == "Un autre moment"
    first = datetime.datetime.fromisoformat(slots[OFFERED]["times"][0]["start"])
    assert titles[0].endswith(first.astimezone(PARIS).strftime("%H:%M"))


def test_a_time_picked_is_kept_and_another_time_offers_the_next_ones() -> None:
    _, slots = ask({"language": "en"})
    offered = slots[OFFERED]
    chosen, said = answer(offered["times"][1]["label"], {OFFERED: offered})
    assert chosen["preferred_time"] == offered["times"][1]["start"] and said == []
    more, _ = answer("another time please", {OFFERED: offered})
    assert more["preferred_time"] is None and more[OFFERED]["after"] == offered["times"][-1]["start"]
    _, next_slots = ask({"language": "en", OFFERED: more[OFFERED]})
    assert next_slots[OFFERED]["times"][0]["start"] > offered["times"][-1]["start"]


def test_mardi_apres_midi_offers_tuesday_afternoons_in_the_person_s_zone() -> None:
    _, slots = ask({"language": "fr"})
    wish, _ = answer("plutôt mardi après-midi", {OFFERED: slots[OFFERED]})
    _, offered = ask({"language": "fr", OFFERED: wish[OFFERED]})
    starts = [datetime.datetime.fromisoformat(t["start"]).astimezone(PARIS) for t in offered[OFFERED]["times"]]
    assert starts and all(s.weekday() == 1 and 12 <= s.hour < 17 for s in starts)


def test_words_that_pick_nothing_are_asked_about_once_then_kept_as_a_preference() -> None:
    _, slots = ask({"language": "en"})
    first, said = answer("hmm whatever works", {OFFERED: slots[OFFERED]})
    assert first["preferred_time"] is None and "pick one of the times" in said[0]
    second, _ = answer("whenever you like", {OFFERED: {**slots[OFFERED], **first[OFFERED]}})
    assert second["preferred_time"] == "whenever you like"


def save(slots: dict[str, Any], sender: str) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker("", {**CALLER, "citizenships": ["FR"], "age": 28, **slots}, active_loop=None)
    state.sender_id = sender
    events = asyncio.run(ActionSaveLead().run(dispatcher, state, domain()))
    return events, [m.get("text") or m.get("response") for m in dispatcher.messages]


def test_the_time_is_booked_after_the_lead_is_stored_and_said_in_both_zones() -> None:
    _, slots = ask({"language": "en"})
    start = slots[OFFERED]["times"][0]["start"]
    _, said = save({"language": "en", "preferred_time": start}, "conv-a")
    assert said[0].startswith("Your call with Ana Silva is booked for ")
    assert "(Central European" in said[0] and "(Eastern" in said[0] and "at the firm" in said[0]
    assert "invitation is on its way to your email" in said[0]
    events, said = save({"language": "en", "preferred_time": start}, "conv-b")  # someone else, same time
    assert "just taken" in said[0]
    assert [e["name"] for e in events if e["event"] == "followup"] == ["callback_form"]  # new times offered
    assert slot_events(events)["preferred_time"] is None


def change(text: str, sender: str, language: str = "en") -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(text, {**CALLER, "language": language}, intent="change_appointment", active_loop=None)
    state.sender_id = sender
    events = asyncio.run(ActionChangeAppointment().run(dispatcher, state, domain()))
    return events, [m.get("text") or m.get("response") for m in dispatcher.messages]


def booked_for(sender: str) -> str:
    _, slots = ask({"language": "en"})
    start = slots[OFFERED]["times"][0]["start"]
    save({"language": "en", "preferred_time": start}, sender)
    return str(start)


def test_cancel_my_call_cancels_it_and_frees_the_time() -> None:
    start = booked_for("conv-c")
    events, said = change("please cancel my call", "conv-c")
    assert said[0].startswith("Your call on ") and "is cancelled" in said[0]
    assert slot_events(events) == {"preferred_time": None, OFFERED: None}
    _, slots = ask({"language": "en"})
    assert slots[OFFERED]["times"][0]["start"] == start  # free again
    assert change("cancel my call", "conv-c")[1][0].startswith("You have no call booked")


def test_moving_keeps_the_call_until_another_time_is_chosen() -> None:
    start = booked_for("conv-m")
    events, said = change("can we move it to friday afternoon?", "conv-m")
    assert "stays booked until you pick one" in said[0]
    assert slot_events(events)[OFFERED] == {
        "wish": {"weekday": 4, "part": "afternoon", "in_days": None, "month_day": None}
    }
    assert [e["name"] for e in events if e["event"] == "followup"] == ["callback_form"]
    _, slots = ask({"language": "en"})
    assert slots[OFFERED]["times"][0]["start"] != start  # still booked meanwhile


def test_bookings_out_of_reach_fall_back_to_the_free_text_time_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database down: the time is asked in free text, and "cancel my call" gets the firm's phone."""
    monkeypatch.setenv("LEADS_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")  # nothing listens there
    monkeypatch.setenv("FIRM_CONTACT_PHONE", "+1 514 555 0100")
    monkeypatch.setattr(handoff, "_migrated", lambda url: True)  # as if migrated before the outage
    handoff.settings.cache_clear()
    dispatcher, slots = ask({"language": "en"})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_ask_preferred_time"]
    assert slots[OFFERED] == {"none_free": True}
    _, said = change("cancel my call", "conv-x")
    assert "can't reach the bookings" in said[0] and "+1 514 555 0100" in said[0]


def test_asking_for_a_person_while_the_firm_is_open_alerts_the_consultants_on_duty_once() -> None:
    from lead_handoff.invitations import InvitationMailer
    from lead_handoff.models import Alert
    from lead_handoff.outbox import Outbox
    from lead_handoff.settings import SmtpSettings
    from tests.handoff.fakes import SmtpServer

    def ask_for_a_person() -> list[str]:
        dispatcher = CollectingDispatcher()
        state = tracker("je veux parler à quelqu'un", {"language": "fr"}, intent="request_consultant", active_loop=None)
        asyncio.run(ActionSayWhenWeCall().run(dispatcher, state, domain()))
        return [m["text"] for m in dispatcher.messages]

    said = ask_for_a_person()
    assert said[0].startswith("Nos consultants sont là en ce moment") and "Je les ai prévenus" in said[1]
    assert len(ask_for_a_person()) == 1  # asked again: the consultants were told already

    smtp = SmtpServer().start()
    try:
        settings = SmtpSettings("127.0.0.1", smtp.port, "intake@firm.example", "intake@firm.example")
        mailer = InvitationMailer(settings, availability_from_env(), "https://firm.example")  # type: ignore[arg-type]
        assert Outbox(handoff.lead_store().sessions, {}, invitations=mailer).deliver_due().sent == 1
    finally:
        smtp.stop()
    [email] = smtp.messages
    with handoff.lead_store().sessions() as session:
        [alert] = session.query(Alert).all()
        assert alert.status == "sent" and alert.recipients == ["ana@firm.example"]
    assert email["To"] == "ana@firm.example" and "(unknown, fr)" in email["Subject"]
    assert f"https://firm.example/inbox/live/c/{alert.conversation_ref}" in email.get_payload(decode=True).decode()
