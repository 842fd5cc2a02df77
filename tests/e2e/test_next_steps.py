"""Next steps in the conversation, through the running servers: the suggestion gives each route's first
step and page; "what do I need?" after it lists what to prepare, in both languages; asked during the
questions, it promises the list and the question comes back."""

from __future__ import annotations

from .servers import Assistant, texts


def _holiday_maker(assistant: Assistant, sender: str, opening: list[str]) -> str:
    said = ""
    for text in opening:
        said = texts(assistant.say(sender, text))
    for _ in range(8):  # whatever else the engine still needs is a no
        if assistant.slots(sender).get("suggested_routes") is not None:
            break
        said = texts(assistant.say(sender, "no"))
    return said


def test_a_working_holiday_maker_gets_the_first_step_then_the_checklist(assistant: Assistant, sender: str) -> None:
    said = _holiday_maker(assistant, sender, ["Hi", "I want to work in Canada", "I'm French, 25"])
    assert "iec_working_holiday" in assistant.slots(sender)["suggested_routes"]
    assert "➜ First step: Create an IEC profile" in said and "/work-canada/iec/about.html" in said
    checklist = texts(assistant.say(sender, "what do I need?"))
    assert "What to prepare, route by route:" in checklist
    assert "☐ Police certificates from each country" in checklist and "☐ Proof of funds" in checklist


def test_quelles_sont_les_prochaines_etapes_in_french(assistant: Assistant, sender: str) -> None:
    _holiday_maker(assistant, sender, ["Bonjour", "je veux travailler au Canada", "je suis française, j'ai 25 ans"])
    checklist = texts(assistant.say(sender, "quelles sont les prochaines étapes ?"))
    assert "Ce qu'il faut préparer, voie par voie :" in checklist
    assert "☐ Des certificats de police" in checklist


def test_asked_during_the_questions_it_is_promised_and_the_question_comes_back(
    assistant: Assistant, sender: str
) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    replies = texts(assistant.say(sender, "what documents do I need?"))
    assert "once I know which routes fit" in replies
    assert assistant.slots(sender)["requested_slot"] == "citizenships"
