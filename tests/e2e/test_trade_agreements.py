"""The trade agreements other than CUSMA, through the running servers: a question about them is
answered during the questions and the question comes back, in both languages; a transferee of an
agreement's party hears the agreement's route beside the general one, named with its permit and codes, and an
investor the agreement's investor route."""

from __future__ import annotations

from .servers import Assistant, texts


def test_what_is_ceta_is_answered_and_the_question_comes_back(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    replies = texts(assistant.say(sender, "what is CETA?"))
    assert "Canada–European Union agreement" in replies and "international-free-trade-agreements" in replies
    assert assistant.slots(sender)["requested_slot"] == "citizenships"


def test_cest_quoi_le_ptpgp_is_answered_in_french(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Bonjour")
    assistant.say(sender, "je veux travailler au Canada")
    assistant.say(sender, "je suis japonais")
    replies = texts(assistant.say(sender, "c'est quoi le PTPGP ?"))
    assert "Accord de partenariat transpacifique global et progressiste" in replies
    slots = assistant.slots(sender)
    assert slots["citizenships"] == ["JP"] and slots["requested_slot"] == "age"


def test_a_british_transferee_hears_the_canada_uk_route_with_its_permit_and_codes(
    assistant: Assistant, sender: str
) -> None:
    for text in (
        "Hi",
        "I want to work in Canada",
        "I'm British, 45",
        "yes, a job offer in Toronto",
        "yes, my London employer is transferring me to its Toronto office as a manager",
    ):
        assistant.say(sender, text)
    said = ""
    answers = {"french_level": "none", "trade_or_investment": "yes, I'm also investing in the Toronto company"}
    for _ in range(8):  # whatever else the engine still needs is a no
        slots = assistant.slots(sender)
        if slots.get("suggested_routes"):
            break
        said = texts(assistant.say(sender, answers.get(slots["requested_slot"], "no")))
    routes = assistant.slots(sender)["suggested_routes"]
    assert {"intra_company_transferee", "cuktca_intra_company_transferee", "cuktca_investor"} <= set(routes)
    assert (
        "Canada–UK agreement: intra-corporate transferee (work permit tied to the employer, code F61/F63/F62)" in said
    )
    assert "must be in the United Kingdom" in said
