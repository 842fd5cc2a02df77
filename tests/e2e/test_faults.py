"""Faults during a conversation, against the real servers: the action server down or restarting
mid-conversation, with the intake's actions over HTTP (RASA_ACTIONS_MODULE empty, as Rasa runs
actions by default) and in the Rasa server (the default here). (The database down when a lead is
saved: tests/actions/test_callback.py and tests/e2e/test_callback.py; the Rasa server killed and
restarted: tests/production; an in-process action that raises: tests/runtime/test_inprocess_actions.py.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .servers import Assistant, texts

PEOPLE = {
    "en": ("Hi", "I want to work in Canada", "I'm French", "One moment, please"),
    "fr": ("Bonjour", "Je veux travailler au Canada", "je suis française", "Un instant, s'il vous plaît"),
}


@pytest.fixture(scope="module")
def over_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    running = Assistant(tmp_path_factory.mktemp("over-http"), extra_env={"RASA_ACTIONS_MODULE": ""})
    try:
        yield running.start()
    finally:
        running.stop()


def start(assistant: Assistant, sender: str) -> dict[str, dict]:
    for language, (opening, audience, _, _) in PEOPLE.items():
        assistant.say(f"{sender}-{language}", opening)
        assistant.say(f"{sender}-{language}", audience)
    before = {language: assistant.slots(f"{sender}-{language}") for language in PEOPLE}
    assert all(slots["requested_slot"] == "citizenships" for slots in before.values())
    return before


def test_action_server_down_mid_conversation_then_back(over_http: Assistant, sender: str) -> None:
    assistant = over_http
    before = start(assistant, sender)
    assistant.stop_actions()
    try:
        for language, (_, _, answer, apology) in PEOPLE.items():
            replies = assistant.say(f"{sender}-{language}", answer)
            assert len(replies) == 1 and texts(replies).startswith(apology), replies
            assert assistant.slots(f"{sender}-{language}") == before[language]  # nothing lost, nothing half-done
    finally:
        assistant.restart_actions()

    for language, (_, _, answer, _) in PEOPLE.items():
        assistant.say(f"{sender}-{language}", answer)  # sent again, as the person was asked to
        slots = assistant.slots(f"{sender}-{language}")
        assert slots["citizenships"] == ["FR"]
        assert slots["audience"] == "worker" and slots["language"] == language
        assert slots["requested_slot"] == "age"


def test_the_intake_goes_on_while_the_action_server_is_down(assistant: Assistant, sender: str) -> None:
    """Its actions run in the Rasa server: the action server is there for a firm's own actions."""
    start(assistant, sender)
    assistant.stop_actions()
    try:
        for language, (_, _, answer, _) in PEOPLE.items():
            assistant.say(f"{sender}-{language}", answer)
            slots = assistant.slots(f"{sender}-{language}")
            assert slots["citizenships"] == ["FR"] and slots["requested_slot"] == "age"
    finally:
        assistant.restart_actions()
