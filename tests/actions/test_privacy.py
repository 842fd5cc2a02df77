""" "Delete my data": confirmed once, a single contact detail corrected instead, and on a shared
device only the current round (since "start over") deleted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.callback import NO_CONTACT
from actions.privacy import ActionConfirmErasure, ActionKeepMyData, named_detail, round_started_at

from .helpers import domain, slot_events, texts, tracker


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Delete the email, I'd rather give my phone only", "email"),
        ("please remove my phone number, email is fine", "phone"),
        ("supprimez le courriel, je préfère donner mon téléphone seulement", "email"),
        ("effacez mon numéro, écrivez-moi plutôt", "phone"),
        ("delete my data", None),
        ("delete my phone number and my name", None),  # more than one detail: everything, confirmed
        ("forget everything, my email too", None),
        ("je retire mon consentement", None),
        ("supprimez mes coordonnées", None),
    ],
)
def test_a_request_naming_one_contact_detail_names_it(text: str, detail: str | None) -> None:
    assert named_detail(text) == detail


def confirm(text: str, loop: str | None, **slots: Any) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(text=text, intent="delete_my_data", slots=slots, active_loop=loop)
    return asyncio.run(ActionConfirmErasure().run(dispatcher, state, domain())), texts(dispatcher)


def test_erasure_is_asked_once_and_remembers_the_questions_it_interrupted() -> None:
    events, said = confirm("delete my data", "intake_form", age=28)
    assert said == ["utter_confirm_erasure"]
    assert slot_events(events) == {"erasure_resumes": "intake_form", "requested_slot": None}
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]


def test_one_contact_detail_named_while_the_details_are_taken_is_a_correction() -> None:
    events, said = confirm(
        "Delete the email, I'd rather give my phone only", "callback_form", consent=True, phone="+15145550199"
    )
    assert said == ["utter_contact_dropped_email"]
    assert slot_events(events) == {"email": NO_CONTACT}
    assert events[-1] == {"event": "followup", "name": "callback_form", "timestamp": None}


def test_dropping_the_only_contact_detail_left_asks_for_one() -> None:
    events, said = confirm("delete my email", "callback_form", consent=True, phone=NO_CONTACT, email="a@b.test")
    assert said == ["utter_contact_needed"]
    assert slot_events(events) == {"email": None, "phone": None}


def test_outside_the_callback_details_naming_the_email_still_asks_about_everything() -> None:
    assert confirm("delete my email", "intake_form")[1] == ["utter_confirm_erasure"]


@pytest.mark.parametrize(("resumes", "followups"), [("callback_form", ["callback_form"]), (None, [])])
def test_keeping_the_data_resumes_the_interrupted_questions(resumes: str | None, followups: list[str]) -> None:
    dispatcher = CollectingDispatcher()
    state = tracker(text="No, keep it", intent="deny", slots={"erasure_resumes": resumes}, active_loop=None)
    events = asyncio.run(ActionKeepMyData().run(dispatcher, state, domain()))
    assert texts(dispatcher) == ["utter_data_kept"]
    assert [e["name"] for e in events if e["event"] == "followup"] == followups


def test_the_round_starts_at_the_latest_start_over() -> None:
    restart = [
        {"event": "action", "name": "action_restart_intake", "timestamp": 100.0},
        {"event": "action", "name": "action_listen", "timestamp": 150.0},
        {"event": "action", "name": "action_restart_intake", "timestamp": 200.0},
    ]
    assert round_started_at(tracker(history=restart)) == 200.0
    assert round_started_at(tracker(history=restart[1:2])) is None
