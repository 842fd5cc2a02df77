"""A conversation that accepts a callback leaves exactly one lead in the database and one delivery
per configured target (email over SMTP, signed webhook), whatever is asked twice on the way."""

from __future__ import annotations

import time

from lead_handoff.db import sessions
from lead_handoff.store import LeadStore
from tests.handoff.fakes import SmtpServer, WebhookReceiver

from .servers import Assistant, texts
from .test_conversations import ROUTES_EN_FRENCH, WORKER_EN_FRENCH, converse


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def leads_for(assistant: Assistant, sender: str) -> list:
    return [lead for lead in LeadStore(sessions(assistant.leads_url)).newest_first() if lead.conversation_id == sender]


def test_callback_accepted_one_lead_one_delivery_per_target(
    assistant: Assistant, sender: str, smtp: SmtpServer, crm: WebhookReceiver
) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    consent_question = texts(assistant.say(sender, "yes please"))
    assert "https://firm.test/privacy" in consent_question and "365 days" in consent_question
    assistant.say(sender, "Yes, I agree")
    assistant.say(sender, "Ana Pérez")
    assert "And an email address?" in texts(assistant.say(sender, "514 555 0199"))
    assistant.say(sender, "ana@example.org")
    assistant.say(sender, "weekday mornings")
    confirmed = texts(assistant.say(sender, "Eastern"))
    assert "the number you gave" in confirmed and "weekday mornings" in confirmed and "America/Toronto" in confirmed
    assert "5145550199" not in confirmed and "555 0199" not in confirmed  # never echoed back

    [lead] = leads_for(assistant, sender)
    assert (lead.name, lead.phone, lead.email, lead.timezone) == (
        "Ana Pérez",
        "+15145550199",
        "ana@example.org",
        "America/Toronto",
    )
    assert lead.consent and lead.language == "en" and lead.channel == "rest"
    # The address's pseudonym comes from the server's REST channel (never the body), to count leads per address.
    assert lead.address_key and len(lead.address_key) == 32 and lead.status == "new" and not lead.held_reason
    assert lead.suggested_routes == ROUTES_EN_FRENCH
    assert lead.profile["citizenships"] == ["FR"] and "Working Holiday" in lead.summary
    assert assistant.slots(sender)["lead_id"] == lead.id

    def delivered() -> bool:
        return any(r.json()["id"] == lead.id for r in crm.received) and any(
            lead.id[:8] in m["Subject"] for m in smtp.messages
        )

    assert wait_for(delivered), "the outbox worker did not deliver the lead"
    assert [r.signature_ok for r in crm.received if r.json()["id"] == lead.id] == [True]

    # Asking again in the same conversation does not make a second lead, nor a second delivery.
    assistant.say(sender, "can I speak to a consultant?")
    assistant.say(sender, "yes")
    again = texts(assistant.say(sender, "yes I agree"))
    assert len(leads_for(assistant, sender)) == 1 or "already" in again
    time.sleep(2)
    assert len([r for r in crm.received if r.json()["id"] == lead.id]) == 1
    assert len(leads_for(assistant, sender)) == 1

    # No service wrote the person's name, email or phone number in its log.
    logs = {log.name: log.read_text(encoding="utf-8", errors="replace") for log in assistant.workdir.glob("*.log")}
    assert {"actions.log", "outbox.log", "rasa-0.log"} <= set(logs)
    for secret in ("Ana Pérez", "ana@example.org", "5550199", "555 0199"):
        assert not [name for name, text in logs.items() if secret in text], secret


def test_consent_refused_keeps_nothing(assistant: Assistant, sender: str) -> None:
    converse(
        assistant,
        sender,
        "Bonjour",
        {k: v for k, v in __import__("tests.e2e.test_conversations", fromlist=["x"]).EMPLOYER_FR_INDIAN.items()},
    )
    assistant.say(sender, "oui, rappelez-moi")
    replies = texts(assistant.say(sender, "non"))
    assert "+1 514 555 0100" in replies and "intake@firm.test" in replies
    assert leads_for(assistant, sender) == []
    assert assistant.slots(sender)["name"] is None


def test_callback_in_french_with_a_bad_email_then_a_good_one(assistant: Assistant, sender: str) -> None:
    from .test_conversations import WORKER_FR_SPANISH

    converse(assistant, sender, "Bonjour", WORKER_FR_SPANISH)
    assert "confidentialité" in texts(assistant.say(sender, "oui, rappelez-moi"))
    assistant.say(sender, "oui, j'accepte")
    assistant.say(sender, "Lucía García")
    assistant.say(sender, "pas de téléphone")
    assert "ne ressemble pas à une adresse courriel" in texts(assistant.say(sender, "lucia chez exemple"))
    assistant.say(sender, "lucia@exemple.es")
    assistant.say(sender, "le soir")
    confirmed = texts(assistant.say(sender, "Paris"))
    assert "l'adresse courriel que vous avez donnée" in confirmed
    assert "Lucía" not in confirmed and "lucia@exemple.es" not in confirmed  # never echoed back
    [lead] = leads_for(assistant, sender)
    assert lead.language == "fr" and lead.phone is None and lead.timezone == "Europe/Paris"


def test_after_start_over_the_callback_asks_for_consent_again(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    assistant.say(sender, "yes please")
    assistant.say(sender, "Yes, I agree")
    assistant.say(sender, "Kenji Sato")
    assistant.say(sender, "start over")
    slots = assistant.slots(sender)
    assert all(slots[slot] is None for slot in ("consent", "name", "phone", "email", "lead_id"))
    converse(assistant, sender, "I want to work in Canada", WORKER_EN_FRENCH)
    assert "privacy" in texts(assistant.say(sender, "yes please"))  # the consent question, again
    assert assistant.slots(sender)["requested_slot"] == "consent"


SHORT_INTAKE = {
    "audience": "I want to work in Canada",
    "citizenships": "Indian",
    "has_job_offer": "no",
    "intra_company_transfer": "no",
    "open_permits_check": "none of these",
}  # five questions: two callbacks stay under 30 messages a minute


def test_after_start_over_the_next_persons_callback_is_a_new_lead(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", SHORT_INTAKE)
    for message in ("yes please", "Yes, I agree", "Kenji Sato", "+1 514 555 0199", "no", "mornings", "Eastern"):
        assistant.say(sender, message)
    assistant.say(sender, "start over")
    converse(assistant, sender, "I want to work in Canada", SHORT_INTAKE)
    for message in ("yes please", "Yes, I agree", "Maria Lopez", "+1 438 555 0123", "no", "evenings"):
        assistant.say(sender, message)
    confirmed = texts(assistant.say(sender, "Eastern"))
    assert "already recorded" not in confirmed and "the number you gave" in confirmed
    leads = leads_for(assistant, sender)
    assert sorted(lead.name for lead in leads) == ["Kenji Sato", "Maria Lopez"]
    assert {lead.phone for lead in leads} == {"+15145550199", "+14385550123"}
