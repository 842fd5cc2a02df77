"""The callback form's validation, in both languages, with bad and corrected answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.callback import NO_CONTACT, ValidateCallbackForm, summary
from imp_engine import assess

from .helpers import domain, slot_events, texts, tracker


def run(slot: str, answer: str, intent: str = "inform", **slots: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(
        text=answer,
        intent=intent,
        slots={**slots, "requested_slot": slot},
        new={} if slot == "consent" else {slot: answer},  # consent: read by the form itself, never from text
        active_loop="callback_form",
        history=[{"event": "bot", "text": "..."}],
    )
    events = asyncio.run(ValidateCallbackForm().run(dispatcher, state, domain()))
    return slot_events(events), texts(dispatcher)


@pytest.mark.parametrize(
    ("answer", "value"), [("Yes, I agree", True), ("oui, j'accepte", True), ("no", False), ("non", False)]
)
def test_consent(answer: str, value: bool) -> None:
    events, _ = run("consent", answer)
    assert events["consent"] is value


def test_refused_consent_ends_the_questions() -> None:
    events, _ = run("consent", "no")
    assert events["requested_slot"] is None


def test_unclear_consent_is_asked_again() -> None:
    events, said = run("consent", "what do you keep?")
    assert events["consent"] is None and said == ["utter_invalid_consent"]


def test_a_refusal_is_stored_as_the_decision_only() -> None:
    events, _ = run("consent", "no, and don't call 514 555 0199 or write to ana@example.com")
    assert events["consent"] is False
    assert not any("514" in str(value) or "@" in str(value) for value in events.values())


def test_consent_is_read_only_as_the_answer_to_its_question() -> None:
    # the "yes, call me" that opened the callback form is no consent to storing anything
    assert "consent" not in run("name", "yes please call me")[0]
    # a question about a program asked at the consent question is no answer either
    events, said = run("consent", "yes, but what is IEC?", intent="ask_iec")
    assert "consent" not in events and said == []


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


@pytest.mark.parametrize(
    ("answer", "email"), [("Ana@Example.ORG", "Ana@example.org"), ("it's ana.p@gmail.com", "ana.p@gmail.com")]
)
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
    events, said = run(
        "email", "sorry, my number is actually 438 555 0123", consent=True, name="Ana", phone="+15145550199"
    )
    assert events["phone"] == "+14385550123" and events["email"] is None and said == []
    assert events["requested_slot"] == "email"


@pytest.mark.parametrize(
    ("answer", "zone"),
    [("Eastern", "America/Toronto"), ("heure du Pacifique", "America/Vancouver"), ("Paris", "Europe/Paris")],
)
def test_timezone(answer: str, zone: str) -> None:
    events, _ = run(
        "timezone", answer, consent=True, name="Ana", phone="+15145550199", email=NO_CONTACT, preferred_time="mornings"
    )
    assert events["timezone"] == zone and events["requested_slot"] is None


def test_bad_name_and_timezone() -> None:
    assert run("name", "12345", consent=True)[1] == ["utter_invalid_name"]
    assert run(
        "timezone", "Narnia", consent=True, name="A", phone="+15145550199", email=NO_CONTACT, preferred_time="x"
    )[1] == ["utter_invalid_timezone"]


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
        state = tracker(
            text="Eastern",
            slots={
                "consent": True,
                "name": "Ana",
                "phone": "+15145550199",
                "email": NO_CONTACT,
                "preferred_time": "mornings",
                "timezone": "America/Toronto",
                "citizenships": ["FR"],
            },
            active_loop=None,
        )
        events = asyncio.run(ActionSaveLead().run(dispatcher, state, domain()))
    finally:
        callback.settings.cache_clear()
    assert [m["response"] for m in dispatcher.messages] == ["utter_lead_not_saved"]
    assert dispatcher.messages[0]["firm_phone"] == "+1 514 555 0100"
    assert slot_events(events) == {"consent": None, "requested_slot": None}  # name and phone kept


def test_an_employers_number_is_read_as_canadian() -> None:
    events, _ = run("phone", "514 555 0199", consent=True, name="Ana", audience="employer", citizenships=["MX"])
    assert events["phone"] == "+15145550199"  # a Montréal number, not a Mexican one


@pytest.mark.parametrize(
    ("language", "phone", "email"), [("en", "+15145550199", NO_CONTACT), ("fr", NO_CONTACT, "ana@example.org")]
)
def test_the_confirmation_never_repeats_name_number_or_address(language: str, phone: str, email: str) -> None:
    from actions.callback import confirmation

    state = tracker(
        slots={
            "language": language,
            "name": "Ana Pereira",
            "phone": phone,
            "email": email,
            "preferred_time": "mornings",
            "timezone": "America/Toronto",
        }
    )
    said = " ".join(str(value) for value in confirmation(state).values())
    assert "Ana" not in said and "5145550199" not in said and "ana@" not in said
    assert ("number you gave" if language == "en" else "adresse courriel") in said
    for response in domain()["responses"]["utter_callback_confirmed"]:
        assert "{name}" not in response["text"]


def test_a_bad_phone_or_email_is_not_quoted_back() -> None:
    for response in ("utter_invalid_phone", "utter_invalid_email"):
        assert all("{value}" not in r["text"] for r in domain()["responses"][response])


def test_start_over_forgets_consent_contact_details_and_the_request() -> None:
    from actions.conversation import ActionRestartIntake

    dispatcher = CollectingDispatcher()
    state = tracker(
        text="start over",
        slots={
            "consent": True,
            "name": "Ana",
            "phone": "+15145550199",
            "email": "ana@example.org",
            "preferred_time": "mornings",
            "timezone": "America/Toronto",
            "lead_id": "lead-1",
            "age": 30,
        },
        active_loop=None,
    )
    events = slot_events(asyncio.run(ActionRestartIntake().run(dispatcher, state, domain())))
    for slot in ("consent", "name", "phone", "email", "preferred_time", "timezone", "lead_id", "age"):
        assert slot in events and events[slot] is None, slot


def test_consent_at_is_when_the_person_said_yes_not_a_later_revalidation() -> None:
    import datetime

    from actions.callback import consent_time

    history = [
        {"event": "slot", "name": "consent", "value": True, "timestamp": 1_700_000_000},
        {"event": "slot", "name": "consent", "value": None, "timestamp": 1_700_000_100},  # start over
        {"event": "slot", "name": "consent", "value": True, "timestamp": 1_700_000_200},  # the new yes
        {"event": "slot", "name": "consent", "value": True, "timestamp": 1_700_000_300},
    ]  # re-validated
    state = tracker(history=history, active_loop=None)
    assert consent_time(state) == datetime.datetime(2023, 11, 14, 22, 16, 40)


@pytest.mark.parametrize(
    ("typed", "quoted"),
    [
        ("[click](javascript:alert(1))", "click javascript: alert 1"),
        ("![x](http://e/x.png)", "! x http: //e/x.png"),
        ("<a href='https://evil.example'>now</a>", "a href='https: //evil.example' now /a"),
        ("mornings, call https://evil.example", "mornings, call https: //evil.example"),
        ("**urgent** `code` # title | ~~x~~ _y_", "urgent code title x y"),
        ("Tuesday 10:30-11:00 (Eastern)", "Tuesday 10:30-11:00 Eastern"),  # times stay as typed
        ("mardi après-midi, vers 14 h", "mardi après-midi, vers 14 h"),
    ],
)
def test_text_quoted_back_is_never_markup_nor_a_link(typed: str, quoted: str) -> None:
    from actions.slots import inert

    assert inert(typed) == quoted


def test_the_confirmation_quotes_the_preferred_time_inert() -> None:
    from actions.callback import confirmation

    state = tracker(
        slots={"preferred_time": "[now](javascript:alert(1)) or https://evil.example", "phone": "+15145550199"}
    )
    assert confirmation(state)["preferred_time"] == "now javascript: alert 1 or https: //evil.example"
