""" "What do I need?": the checklist of every route suggested, in the order suggested, with what a
consultant checks; before any suggestion, a promise of one; after "nothing fits", no checklist."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.next_steps import ActionNextSteps
from tests.actions.helpers import domain, texts, tracker

HOLIDAY_MAKER = {"citizenships": ["FR"], "age": 25, "has_job_offer": False, "is_student": False, "language": "en"}


def asked(slots: dict[str, Any]) -> str:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionNextSteps().run(
            dispatcher, tracker("what do I need?", slots, intent="ask_next_steps", active_loop=None), domain()
        )
    )
    assert events == []  # the rules return to the questions or the callback
    return "\n".join(texts(dispatcher))


def test_the_checklist_lists_every_step_of_the_routes_suggested() -> None:
    text = asked({**HOLIDAY_MAKER, "suggested_routes": ["iec_working_holiday"]})
    lines = text.splitlines()
    assert lines[:2] == ["What to prepare, route by route:", "IEC Working Holiday:"]
    steps = [line for line in lines if line.startswith("  ☐ ")]
    assert len(steps) == 5
    assert "Police certificates from each country where you lived 6 months or more since age 18." in steps[1]
    assert steps[2].endswith("experience-eligibility.html")
    assert "Young Professionals" not in text  # only what was suggested


def test_in_french_and_in_the_order_suggested() -> None:
    slots = {**HOLIDAY_MAKER, "language": "fr", "suggested_routes": ["iec_young_professionals", "iec_working_holiday"]}
    lines = asked(slots).splitlines()
    names = [line for line in lines if line.endswith(" :") and not line.startswith("Ce qu")]
    assert names == ["EIC – Jeunes professionnels :", "EIC – Vacances-travail :"]
    assert any("Des certificats de police" in line for line in lines)


def test_a_route_a_consultant_must_confirm_says_what_is_checked() -> None:
    slots = {
        "citizenships": ["IN"],
        "age": 30,
        "current_location": "quebec",
        "pstq_invited": True,
        "has_job_offer": True,
        "language": "en",
        "suggested_routes": ["quebec_pstq_worker"],
    }
    assert "  ⚠ A consultant checks the policy's current terms" in asked(slots)


@pytest.mark.parametrize(
    ("suggested", "words"),
    [(None, "once I know which routes fit"), ([], "no checklist to give")],
)
def test_before_a_suggestion_or_when_nothing_fits(suggested: list[str] | None, words: str) -> None:
    assert words in asked({**HOLIDAY_MAKER, "suggested_routes": suggested})
