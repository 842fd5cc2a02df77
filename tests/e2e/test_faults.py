"""Faults during a conversation, against the real servers: the action server down or restarting
mid-conversation. (The database down when a lead is saved: tests/actions/test_callback.py and
tests/e2e/test_callback.py; the Rasa server killed and restarted: tests/production.)"""

from __future__ import annotations

from .servers import Assistant, texts

PEOPLE = {
    "en": ("Hi", "I want to work in Canada", "I'm French", "One moment, please"),
    "fr": ("Bonjour", "Je veux travailler au Canada", "je suis française", "Un instant, s'il vous plaît"),
}


def test_action_server_down_mid_conversation_then_back(assistant: Assistant, sender: str) -> None:
    for language, (opening, audience, _, _) in PEOPLE.items():
        assistant.say(f"{sender}-{language}", opening)
        assistant.say(f"{sender}-{language}", audience)
    before = {language: assistant.slots(f"{sender}-{language}") for language in PEOPLE}
    assert all(slots["requested_slot"] == "citizenships" for slots in before.values())

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
