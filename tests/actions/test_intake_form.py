"""The intake form asks only what the engine still needs, validates every answer, and greets first."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ValidateIntakeForm, next_question, plan_next_question

from .helpers import domain, slot_events, texts, tracker


def run_form(**kwargs: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateIntakeForm().run(dispatcher, tracker(**kwargs), domain()))
    return slot_events(events), texts(dispatcher)


class TestNextQuestion:
    def test_who_is_asking_comes_first(self) -> None:
        assert next_question({}) == "audience"

    def test_then_citizenship_then_age(self) -> None:
        assert next_question({"audience": "worker"}) == "citizenships"
        assert next_question({"audience": "worker", "citizenships": ["FR"]}) == "age"

    def test_asks_the_most_decisive_fact(self) -> None:
        assert next_question({"audience": "worker", "citizenships": ["FR"], "age": 28}) == "has_job_offer"

    def test_skipped_questions_are_not_asked_again(self) -> None:
        slots = {"audience": "worker", "citizenships": ["FR"], "age": 28, "skipped_questions": ["has_job_offer"]}
        assert next_question(slots) not in (None, "has_job_offer")

    def test_never_asks_about_a_csq_of_someone_living_in_quebec(self) -> None:
        slots = {
            "audience": "worker",
            "citizenships": ["IN"],
            "age": 40,
            "current_location": "quebec",
            "has_job_offer": False,
            "intra_company_transfer": False,
        }
        # Nothing fits: the open permits are asked about (a status in Canada first), never a CSQ.
        assert next_question(slots) == "status_in_canada"
        settled = {**slots, "status_in_canada": "visitor", "canadian_credential": "none", "partner_in_canada": "none"}
        assert next_question(settled) is None  # the PSTQ policy's permit needs a job offer

    def test_stops_when_nothing_can_change(self) -> None:
        slots = {
            "audience": "employer",
            "citizenships": ["IN"],
            "age": 40,
            "has_job_offer": False,
            "has_csq": False,
            "intra_company_transfer": False,
            "current_location": "abroad",
            "canadian_credential": "none",
            "partner_in_canada": "none",
        }
        assert next_question(slots) is None


# Nothing fits a 40-year-old Indian abroad without an offer: the open permits' two cues are left.
NOTHING_FITS_ABROAD = {
    "audience": "worker",
    "citizenships": ["IN"],
    "age": 40,
    "has_job_offer": False,
    "intra_company_transfer": False,
    "current_location": "abroad",
}


class TestOpenPermitsCheck:
    """One question for the open permits' cues, when nothing else fits and nothing was said of them."""

    def test_one_question_asks_for_every_cue(self) -> None:
        assert next_question(NOTHING_FITS_ABROAD) == "open_permits_check"
        without_place = {k: v for k, v in NOTHING_FITS_ABROAD.items() if k != "current_location"}
        assert next_question(without_place) == "open_permits_check"  # not "where do you live?" first
        # a cue said already: its own questions follow, not the one question
        assert next_question({**NOTHING_FITS_ABROAD, "partner_in_canada": "worker"}) == "partner_job_teer"

    def test_not_asked_when_a_route_fits(self) -> None:
        french = {"audience": "worker", "citizenships": ["FR"], "age": 28, "has_job_offer": False}
        assert next_question({**french, "current_location": "abroad"}) != "open_permits_check"

    @pytest.mark.parametrize(
        ("answer", "settled"),
        [
            (
                "none of these",
                {
                    "canadian_credential": "none",
                    "partner_in_canada": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                    "service_contract": False,
                },
            ),
            (
                "rien de cela",
                {
                    "canadian_credential": "none",
                    "partner_in_canada": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                    "service_contract": False,
                },
            ),
            (
                "no",
                {
                    "canadian_credential": "none",
                    "partner_in_canada": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                    "service_contract": False,
                },
            ),
            (
                "I studied in Canada",
                {
                    "partner_in_canada": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                    "service_contract": False,
                },
            ),
            (
                "my partner is in Canada",
                {
                    "canadian_credential": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                    "service_contract": False,
                },
            ),
            (
                "I applied for permanent residence",
                {"canadian_credential": "none", "partner_in_canada": "none", "service_contract": False},
            ),
            (
                "I have a services contract for a client",
                {
                    "canadian_credential": "none",
                    "partner_in_canada": "none",
                    "pr_application": "none",
                    "pstq_invited": False,
                },
            ),
            ("yes", {}),  # which one: each is asked
        ],
    )
    def test_the_answer_settles_what_it_does_not_name(self, answer: str, settled: dict[str, Any]) -> None:
        slots = {**NOTHING_FITS_ABROAD, "requested_slot": "open_permits_check"}
        events, said = run_form(text=answer, slots=slots, new={"open_permits_check": answer})
        cues = ("canadian_credential", "partner_in_canada", "pr_application", "pstq_invited", "service_contract")
        assert {cue: events[cue] for cue in cues if cue in events} == settled
        assert not any(s and s.startswith("utter_invalid") for s in said)

    def test_after_it_the_cue_said_is_asked(self) -> None:
        slots = {**NOTHING_FITS_ABROAD, "open_permits_check": "asked", "partner_in_canada": "none"}
        slots |= {"pr_application": "none", "pstq_invited": False, "service_contract": False}
        assert next_question(slots) == "canadian_credential"
        assert next_question({**slots, "canadian_credential": "none"}) is None


def test_greets_in_the_first_reply_then_asks() -> None:
    events, said = run_form(text="Bonjour", slots={"language": "fr"})
    assert said == ["utter_greet"]
    assert events["requested_slot"] == "audience"


def test_does_not_greet_twice() -> None:
    _, said = run_form(text="hi", history=[{"event": "bot", "text": "Hello!"}])
    assert said == []


def test_several_facts_in_one_message_are_all_kept() -> None:
    new = {"age": 27, "citizenships": ["FR", "MX"], "has_job_offer": True, "job_offer_province": "QC"}
    events, _ = run_form(
        text="I'm 27, French and Mexican, job offer in Montreal",
        slots={"audience": "worker"},
        new=new,
        history=[{"event": "bot", "text": "..."}],
    )
    assert {k: events[k] for k in new} == new
    assert events["requested_slot"] not in new


@pytest.mark.parametrize(
    ("slot", "answer", "value"),
    [
        ("age", "vingt-sept ans", 27),
        ("age", "born in 1996", 30),
        ("citizenships", "mexicaine", ["MX"]),
        ("has_job_offer", "nope", False),
        ("has_csq", "oui", True),
        ("job_offer_province", "Montréal", "QC"),
        ("job_offer_teer", "TEER 2", 2),
        ("french_level", "couramment", "advanced"),
        ("current_location", "à l'étranger", "abroad"),
        ("occupation", "civil engineer", "civil engineer"),
        ("audience", "I'm an employer hiring", "employer"),
    ],
)
def test_free_text_answers_are_read(slot: str, answer: str, value: Any) -> None:
    events, said = run_form(
        text=answer, slots={"requested_slot": slot}, new={slot: answer}, history=[{"event": "bot", "text": "..."}]
    )
    assert events[slot] == value
    assert not any(s and s.startswith("utter_invalid") for s in said)


BASE = {"audience": "worker", "citizenships": ["FR"], "age": 28}
ASKED_WHEN = {  # a profile in which the engine asks that question next
    "audience": {},
    "age": {"audience": "worker", "citizenships": ["FR"]},
    "citizenships": {"audience": "worker"},
    "has_job_offer": BASE,
    "job_offer_province": {**BASE, "has_job_offer": True},
    "job_offer_teer": {**BASE, "has_job_offer": True, "job_offer_province": "QC", "job_offer_title": "a job"},
    "french_level": {
        **BASE,
        "has_job_offer": True,
        "job_offer_province": "ON",
        "job_offer_teer": 1,
        "has_csq": False,
        "is_student": False,
        "intra_company_transfer": False,
    },
    "occupation": {
        "audience": "worker",
        "citizenships": ["US"],
        "age": 28,
        "has_job_offer": True,
        "job_offer_province": "QC",
        "intra_company_transfer": False,
    },
    "education": {
        "audience": "worker",
        "citizenships": ["IE"],
        "age": 30,
        "has_job_offer": True,
        "job_offer_province": "ON",
        "job_offer_teer": 4,
        "is_student": False,
        "intra_company_transfer": False,
        "french_level": "none",
    },
    "has_professional_licence": {
        "audience": "worker",
        "citizenships": ["US"],
        "age": 40,
        "has_job_offer": True,
        "job_offer_province": "QC",
        "intra_company_transfer": False,
        "trade_or_investment": False,
        "business_visit": False,
        "occupation": "architect",
        "has_degree": False,
    },
    "job_offer_primary_agriculture": {
        "audience": "worker",
        "citizenships": ["IN"],
        "age": 40,
        "has_job_offer": True,
        "job_offer_province": "MB",
        "intra_company_transfer": False,
        "french_level": "advanced",
    },
}


@pytest.mark.parametrize(
    ("slot", "answer", "response"),
    [
        ("age", "250", "utter_invalid_age"),
        ("age", "I'm 3", "utter_invalid_age"),
        ("age", "old", "utter_invalid_age"),
        ("citizenships", "Narnia", "utter_invalid_citizenships"),
        ("has_job_offer", "purple", "utter_invalid_yes_no"),
        ("job_offer_province", "Atlantis", "utter_invalid_job_offer_province"),
        ("job_offer_teer", "9", "utter_invalid_job_offer_teer"),
        ("french_level", "green", "utter_invalid_french_level"),
        ("occupation", "no", "utter_invalid_occupation"),
        ("audience", "hmm", "utter_invalid_audience"),
        ("education", "purple", "utter_invalid_education"),
        ("has_professional_licence", "purple", "utter_invalid_yes_no"),
        ("job_offer_primary_agriculture", "purple", "utter_invalid_yes_no"),
    ],
)
def test_bad_answers_get_a_specific_re_ask_and_keep_the_rest(slot: str, answer: str, response: str) -> None:
    known = ASKED_WHEN[slot]
    assert next_question(known) == slot
    events, said = run_form(
        text=answer,
        slots={**known, "requested_slot": slot},
        new={slot: answer},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events[slot] is None
    assert response in said
    assert events["requested_slot"] == slot
    assert all(events.get(k, v) == v for k, v in known.items())


class TestNoLoop:
    """A question is asked at most twice in a row; then it is left for the consultant."""

    KNOWN = {"audience": "worker", "citizenships": ["FR"]}

    def test_a_first_bad_answer_asks_again_and_counts_the_second_time(self) -> None:
        events, said = run_form(
            text="250",
            slots={**self.KNOWN, "requested_slot": "age", "question_streak": {"slot": "age", "times": 1}},
            new={"age": "250"},
            history=[{"event": "bot", "text": "..."}],
        )
        assert said == ["utter_invalid_age"]
        assert events["requested_slot"] == "age"

    def test_a_second_bad_answer_leaves_the_fact_for_the_consultant_and_moves_on(self) -> None:
        events, said = run_form(
            text="250",
            slots={**self.KNOWN, "requested_slot": "age", "question_streak": {"slot": "age", "times": 2}},
            new={"age": "250"},
            history=[{"event": "bot", "text": "..."}],
        )
        assert said == ["utter_left_for_consultant"]
        assert "age" in events["skipped_questions"]
        assert events["requested_slot"] not in (None, "age")

    def test_a_message_that_fills_nothing_lets_a_rule_answer_it(self) -> None:
        events, said = run_form(
            text="what is an LMIA?",
            intent="ask_lmia",
            slots={**self.KNOWN, "requested_slot": "age", "question_streak": {"slot": "age", "times": 1}},
            history=[{"event": "bot", "text": "..."}],
        )
        assert said == [] and set(events) <= {"requested_slot"}

    def test_a_digression_counts_as_an_asking_too(self) -> None:
        plan = plan_next_question({**self.KNOWN, "question_streak": {"slot": "age", "times": 2}})
        assert plan.question != "age" and plan.left == ["age"]

    def test_a_new_question_starts_its_own_count(self) -> None:
        plan = plan_next_question({**self.KNOWN, "age": 28, "question_streak": {"slot": "age", "times": 2}})
        assert plan.left == [] and plan.streak == {"slot": plan.question, "times": 1}


class TestJobTitle:
    """The TEER from the job's title: looked up in the NOC table, then confirmed."""

    KNOWN = {"audience": "worker", "citizenships": ["FR"], "age": 28, "has_job_offer": True, "job_offer_province": "ON"}

    def test_the_title_is_asked_before_the_teer(self) -> None:
        assert next_question(self.KNOWN) == "job_offer_title"

    def test_a_title_found_is_confirmed_with_its_noc_and_teer(self) -> None:
        events, _ = run_form(
            text="a line cook",
            slots={**self.KNOWN, "requested_slot": "job_offer_title"},
            new={"job_offer_title": "a line cook"},
            history=[{"event": "bot", "text": "..."}],
        )
        assert events["teer_candidate"] == {"teer": 3, "noc": "63200", "source": "title"}
        assert events["requested_slot"] == "teer_check"

    def test_yes_keeps_the_noc_and_the_teer(self) -> None:
        slots = {
            **self.KNOWN,
            "job_offer_title": "cook",
            "teer_candidate": {"teer": 3, "noc": "63200", "source": "title"},
            "requested_slot": "teer_check",
        }
        events, _ = run_form(
            text="yes that's right",
            slots=slots,
            new={"teer_check": "yes that's right"},
            history=[{"event": "bot", "text": "..."}],
        )
        assert events["job_offer_noc"] == "63200" and events["job_offer_teer"] == 3 and events["teer_candidate"] is None

    def test_no_asks_the_teer_question(self) -> None:
        slots = {
            **self.KNOWN,
            "job_offer_title": "cook",
            "teer_candidate": {"teer": 3, "noc": "63200", "source": "title"},
            "requested_slot": "teer_check",
        }
        events, _ = run_form(
            text="non", slots=slots, new={"teer_check": "non"}, history=[{"event": "bot", "text": "..."}]
        )
        assert events.get("job_offer_teer") is None and events["requested_slot"] == "job_offer_teer"

    def test_a_title_not_found_asks_the_teer_question(self) -> None:
        events, _ = run_form(
            text="chief happiness wizard",
            slots={**self.KNOWN, "requested_slot": "job_offer_title"},
            new={"job_offer_title": "chief happiness wizard"},
            history=[{"event": "bot", "text": "..."}],
        )
        assert events["job_offer_title"] == "chief happiness wizard" and events["requested_slot"] == "job_offer_teer"

    @pytest.mark.parametrize(
        ("answer", "teer"),
        [
            ("it's a professional job, you need a degree for it", 1),
            ("un poste de technicien", 2),
            ("le secondaire suffit", 4),
        ],
    )
    def test_a_description_of_the_job_maps_to_a_teer_to_confirm(self, answer: str, teer: int) -> None:
        slots = {**self.KNOWN, "job_offer_title": "?", "requested_slot": "job_offer_teer"}
        events, _ = run_form(
            text=answer, slots=slots, new={"job_offer_teer": answer}, history=[{"event": "bot", "text": "..."}]
        )
        assert events["teer_candidate"] == {"teer": teer, "noc": None, "source": "description"}
        assert events["requested_slot"] == "teer_check"


def test_dont_know_skips_the_question() -> None:
    events, said = run_form(
        text="I don't know",
        slots={
            "audience": "worker",
            "citizenships": ["FR"],
            "age": 28,
            "has_job_offer": True,
            "requested_slot": "job_offer_teer",
        },
        new={"job_offer_teer": "I don't know"},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events["skipped_questions"] == ["job_offer_teer"]
    assert said == ["utter_noted_unknown"]
    assert events["requested_slot"] != "job_offer_teer"


def test_a_message_with_other_facts_is_not_scolded() -> None:
    entities = [{"entity": "occupation", "value": "software engineer", "start": 7, "end": 24}]
    events, said = run_form(
        text="I am a software engineer",
        slots={"requested_slot": "job_offer_teer"},
        new={"job_offer_teer": "I am a software engineer", "occupation": "software engineer"},
        entities=entities,
        history=[{"event": "bot", "text": "..."}],
    )
    assert said == [] and events["occupation"] == "software engineer"


def test_also_adds_a_citizenship_and_a_correction_replaces_it() -> None:
    history = [{"event": "bot", "text": "..."}]
    events, _ = run_form(
        text="I also have a Spanish passport",
        slots={"citizenships": ["MX"]},
        new={"citizenships": ["ES"]},
        history=history,
    )
    assert events["citizenships"] == ["MX", "ES"]
    events, _ = run_form(
        text="sorry, I meant Spain", slots={"citizenships": ["MX"]}, new={"citizenships": ["ES"]}, history=history
    )
    assert events["citizenships"] == ["ES"]


def test_audience_sets_the_voice_of_the_questions() -> None:
    events, _ = run_form(
        text="Je suis employeur",
        slots={"language": "fr", "requested_slot": "audience"},
        new={"audience": "Je suis employeur"},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events["voice"] == "fr_employer"


def test_an_out_of_scope_message_during_the_questions_says_what_the_assistant_is_for() -> None:
    events, said = run_form(
        text="can you book me a flight?",
        intent="out_of_scope",
        slots={"requested_slot": "audience"},
        new={"audience": "can you book me a flight?"},
        history=[{"event": "bot", "text": "..."}],
    )
    assert said == ["utter_out_of_scope"] and events["requested_slot"] == "audience"


def test_a_misclassified_answer_is_still_taken() -> None:
    events, said = run_form(
        text="Montréal",
        intent="out_of_scope",
        slots={**ASKED_WHEN["job_offer_province"], "requested_slot": "job_offer_province"},
        new={"job_offer_province": "Montréal"},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events["job_offer_province"] == "QC" and said == []


def test_a_yes_no_fact_arrives_as_text_and_becomes_a_boolean() -> None:
    events, _ = run_form(
        text="I don't have a job offer",
        slots=ASKED_WHEN["has_job_offer"],
        new={"has_job_offer": "false"},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events["has_job_offer"] is False


def test_a_word_near_a_name_is_said_back_only_when_it_was_taken_for_it() -> None:
    # "begin" is a typo away from Benin; the citizenship taken from this opening is Chad's.
    opening = "Hello, Chadian, 37, geologist, and a mine in Timmins has made me an offer. Where do I begin?"
    _, said = run_form(text=opening, new={"citizenships": ["TD"], "age": 37}, history=[{"event": "bot", "text": "..."}])
    assert "utter_read_as" not in said
    _, said = run_form(text="Mexcian", new={"citizenships": "Mexcian"}, slots={"requested_slot": "citizenships"})
    assert "utter_read_as" in said


@pytest.mark.parametrize(
    ("language", "answer", "listed"),
    [
        ("en", "the job's in Stratford", "Ontario or Prince Edward Island"),
        ("fr", "à Souris", "Manitoba ou Île-du-Prince-Édouard"),
    ],
)
def test_a_town_of_several_provinces_asks_which_one(language: str, answer: str, listed: str) -> None:
    dispatcher = CollectingDispatcher()
    slot = "job_offer_province"
    known = {**ASKED_WHEN[slot], "language": language}
    asked = tracker(
        text=answer,
        slots={**known, "requested_slot": slot},
        new={slot: answer},
        history=[{"event": "bot", "text": "..."}],
    )
    events = slot_events(asyncio.run(ValidateIntakeForm().run(dispatcher, asked, domain())))
    said = {m.get("response"): m for m in dispatcher.messages}
    assert events[slot] is None and events["requested_slot"] == slot
    assert said["utter_town_in_several_provinces"]["provinces"] == listed
    assert "utter_invalid_job_offer_province" not in said


@pytest.mark.parametrize(("answer", "then", "province"), [("Nelson", "yes", "BC"), ("à Paris", "oui", "ON")])
def test_a_town_a_city_abroad_shares_is_offered_and_a_yes_takes_it(answer: str, then: str, province: str) -> None:
    slot = "job_offer_province"
    known = {**ASKED_WHEN[slot], "requested_slot": slot}
    events, said = run_form(text=answer, slots=known, new={slot: answer}, history=[{"event": "bot", "text": "..."}])
    assert events[slot] is None and "utter_town_in_one_province" in said
    assert events["place_candidate"] == province
    events, _ = run_form(
        text=then,
        slots={**known, "place_candidate": province},
        new={slot: then},
        history=[{"event": "bot", "text": "..."}],
    )
    assert events[slot] == province and events["place_candidate"] is None


@pytest.mark.parametrize("then", ["Nelson", "Nelson, the one in the Kootenays", "yes, Nelson"])
def test_the_town_offered_said_again_takes_it(then: str) -> None:
    """Asked whether it is the Canadian Nelson, people name it again rather than say yes."""
    slot = "job_offer_province"
    known = {**ASKED_WHEN[slot], "requested_slot": slot, "place_candidate": "BC"}
    events, said = run_form(text=then, slots=known, new={slot: then}, history=[{"event": "bot", "text": "..."}])
    assert events[slot] == "BC" and events["place_candidate"] is None
    assert "utter_town_in_one_province" not in said


def test_a_no_to_the_town_offered_takes_nothing() -> None:
    slot = "job_offer_province"
    known = {**ASKED_WHEN[slot], "requested_slot": slot, "place_candidate": "BC"}
    events, said = run_form(text="no", slots=known, new={slot: "no"}, history=[{"event": "bot", "text": "..."}])
    assert events[slot] is None and "utter_invalid_job_offer_province" in said
