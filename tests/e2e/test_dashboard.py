"""The dashboard counts real conversations through the running servers: what the assistant itself
stores (its actions, slots and replies) is what the dashboard reads, so a renamed action or slot
shows here. Counted as the difference before and after, as other tests share the assistant."""

from __future__ import annotations

import datetime

from lead_handoff.dashboard import Dashboard, Selection
from lead_handoff.db import sessions

from .servers import Assistant
from .test_conversations import WORKER_EN_FRENCH, converse


def snapshot(dashboard: Dashboard) -> tuple[dict[str, int], dict[str, int]]:
    assert dashboard.refresh(budget_seconds=60) == 0
    today = datetime.datetime.now(datetime.timezone.utc).date()
    report = dashboard.report(Selection(today - datetime.timedelta(days=1), today))
    return {step.name: step.count for step in report.steps}, dict(report.stops)


def test_scripted_conversations_are_counted_exactly(assistant: Assistant, sender: str) -> None:
    dashboard = Dashboard(sessions(assistant.leads_url), f"sqlite:///{assistant.workdir / 'tracker.db'}")
    steps_before, stops_before = snapshot(dashboard)

    assistant.say(f"{sender}-stops", "Hi")
    assistant.say(f"{sender}-stops", "I want to work in Canada")
    assistant.say(f"{sender}-stops", "I'm Japanese")  # and leaves while the age is asked

    converse(assistant, f"{sender}-declines", "Hi", WORKER_EN_FRENCH)
    assistant.say(f"{sender}-declines", "yes please")
    assistant.say(f"{sender}-declines", "no, I do not agree")

    calls = f"{sender}-calls"
    converse(assistant, calls, "Hi", WORKER_EN_FRENCH)
    for answer in ("yes please", "Yes, I agree", "Ana Pérez", "514 555 0199", "ana@example.org", "mornings", "Eastern"):
        assistant.say(calls, answer)

    steps_after, stops_after = snapshot(dashboard)
    added = {name: steps_after[name] - steps_before[name] for name in steps_after}
    assert added == {
        "started": 3,
        "reached_suggestion": 2,
        "any_route": 2,
        "callback_offered": 2,
        "consent": 1,
        "contact": 1,
        "booked": 0,
        "taken_over": 0,
        "contacted": 0,
    }
    assert stops_after.get("age", 0) - stops_before.get("age", 0) == 1
