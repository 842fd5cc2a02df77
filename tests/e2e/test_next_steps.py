"""Next steps in the conversation, through the running servers: the suggestion gives each route's first
step and page; "what do I need?" after it lists what to prepare, in both languages; asked during the
questions, it promises the list and the question comes back. "My summary" gives a link that the web
service opens, until "delete my data"."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request

from lead_handoff.db import sessions
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

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


def test_my_summary_is_a_page_until_delete_my_data(assistant: Assistant, sender: str) -> None:
    """The link the assistant gives opens the person's summary on the web service (same database);
    tampered with, or after "delete my data", it opens nothing."""
    _holiday_maker(assistant, sender, ["Bonjour", "je veux travailler au Canada", "je suis française, j'ai 25 ans"])
    reply = texts(assistant.say(sender, "je peux avoir un résumé ?"))
    link = re.search(r"http://\S+/summary/([A-Za-z0-9_-]{43})", reply)
    assert link and "30 jours" in reply
    site = RunningApp(create_app(LeadStore(sessions(assistant.leads_url)), {}, "k"))
    try:
        page = fetch(f"{site.url}/summary/{link.group(1)}")
        assert page[0] == 200 and "Votre résumé" in page[1] and "EIC – Vacances-travail" in page[1]
        assert "certificats de police" in page[1] and "25" in page[1]
        assert fetch(f"{site.url}/summary/{link.group(1)[:-1]}x")[0] == 404
        assistant.say(sender, "supprimez mes données")
        assistant.say(sender, "oui")
        assert fetch(f"{site.url}/summary/{link.group(1)}")[0] == 404
    finally:
        site.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, html.unescape(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, ""
