"""The callback form's validation, in both languages, with bad and corrected answers."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.callback import NO_CONTACT, ValidateCallbackForm, summary
from imp_engine import assess

from .helpers import domain, slot_events, texts, tracker


def run(slot: str, answer: str, **slots: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(text=answer, slots={**slots, "requested_slot": slot}, new={slot: answer},
                    active_loop="callback_form", history=[{"event": "bot", "text": "..."}])
    events = asyncio.run(ValidateCallbackForm().run(dispatcher, state, domain()))
    return slot_events(events), texts(dispatcher)


@pytest.mark.parametrize(("answer", "value"), [("Yes, I agree", True), ("oui, j'accepte", True), ("no", False), ("non", False)])
def test_consent(answer: str, value: bool) -> None:
    events, _ = run("consent", answer)
    assert events["consent"] is value


def test_refused_consent_ends_the_questions() -> None:
    events, _ = run("consent", "no")
    assert events["requested_slot"] is None


def test_unclear_consent_is_asked_again() -> None:
    events, said = run("consent", "what do you keep?")
    assert events["consent"] is None and said == ["utter_invalid_consent"]


@pytest.mark.parametrize(
    ("answer", "slots", "phone"),
    [
        ("514 555 0199", {}, "+15145550199"),
        ("+33 6 12 34 56 78", {}, "+33612345678"),
        ("06 12 34 56 78", {"citizenships": ["FR"], "current_location": "abroad"}, "+33612345678"),
        ("(438) 555-0123", {"citizenships": ["MX"], "current_location": "quebec"}, "+14385550123"),
        ("514 555 0199", {"citizenships": ["FR"], "current_location": "abroad"}, "+15145550199"),
        ("no phone", {}, NO_CONTACT),
        ("pas de téléphone", {}, NO_CONTACT),
    ],
)
def test_phone(answer: str, slots: dict[str, Any], phone: str) -> None:
    events, said = run("phone", answer, consent=True, name="Ana", **slots)
    assert events["phone"] == phone and said == []


@pytest.mark.parametrize("answer", ["12345", "call me maybe", "+1 000 000 0000"])
def test_bad_phone(answer: str) -> None:
    events, said = run("phone", answer, consent=True, name="Ana")
    assert events["phone"] is None and said == ["utter_invalid_phone"]


@pytest.mark.parametrize(("answer", "email"), [("Ana@Example.ORG", "Ana@example.org"), ("it's ana.p@gmail.com", "ana.p@gmail.com")])
def test_email(answer: str, email: str) -> None:
    events, _ = run("email", answer, consent=True, name="Ana", phone="+15145550199")
    assert events["email"] == email


@pytest.mark.parametrize("answer", ["ana@localhost", "ana at example dot com", "a..b@example.com"])
def test_bad_email(answer: str) -> None:
    events, said = run("email", answer, consent=True, name="Ana", phone="+15145550199")
    assert events["email"] is None and said == ["utter_invalid_email"]


def test_no_email_is_fine_with_a_phone_but_not_without() -> None:
    events, _ = run("email", "no", consent=True, name="Ana", phone="+15145550199")
    assert events["email"] == NO_CONTACT
    events, said = run("email", "non", consent=True, name="Ana", phone=NO_CONTACT)
    assert events["email"] is None and said == ["utter_ask_email_required"]


def test_a_corrected_phone_while_another_detail_is_asked() -> None:
    events, said = run("email", "sorry, my number is actually 438 555 0123", consent=True, name="Ana",
                       phone="+15145550199")
    assert events["phone"] == "+14385550123" and events["email"] is None and said == []
    assert events["requested_slot"] == "email"


@pytest.mark.parametrize(("answer", "zone"), [("Eastern", "America/Toronto"), ("heure du Pacifique", "America/Vancouver"),
                                              ("Paris", "Europe/Paris")])
def test_timezone(answer: str, zone: str) -> None:
    events, _ = run("timezone", answer, consent=True, name="Ana", phone="+15145550199", email=NO_CONTACT,
                    preferred_time="mornings")
    assert events["timezone"] == zone and events["requested_slot"] is None


def test_bad_name_and_timezone() -> None:
    assert run("name", "12345", consent=True)[1] == ["utter_invalid_name"]
    assert run("timezone", "Narnia", consent=True, name="A", phone="+15145550199", email=NO_CONTACT,
               preferred_time="x")[1] == ["utter_invalid_timezone"]


def test_summary_names_routes_reasons_and_open_questions() -> None:
    text = summary(assess({"citizenships": ["FR"], "age": 28}, "en"))
    assert "IEC Working Holiday [eligible]: Citizens of France aged 18 to 35" in text
    assert "Still to check: has_job_offer" in text


def test_database_down_tells_the_person_and_keeps_the_details_for_a_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    import actions.callback as callback
    from actions.callback import ActionSaveLead

    monkeypatch.setenv("LEADS_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")  # nothing listens there
    monkeypatch.setenv("FIRM_CONTACT_PHONE", "+1 514 555 0100")
    callback.settings.cache_clear()
    try:
        dispatcher = CollectingDispatcher()
        state = tracker(text="Eastern", slots={"consent": True, "name": "Ana", "phone": "+15145550199",
                                               "email": NO_CONTACT, "preferred_time": "mornings",
                                               "timezone": "America/Toronto", "citizenships": ["FR"]},
                        active_loop=None)
        events = asyncio.run(ActionSaveLead().run(dispatcher, state, domain()))
    finally:
        callback.settings.cache_clear()
    assert [m["response"] for m in dispatcher.messages] == ["utter_lead_not_saved"]
    assert dispatcher.messages[0]["firm_phone"] == "+1 514 555 0100"
    assert slot_events(events) == {"consent": None, "requested_slot": None}  # name and phone kept
