"""Fixed, seeded samples of the simulated-user evaluation (`make eval` runs all of it): strangers'
phrasings against the real servers — the first bank's people, and the strangers bank's people who do
not answer the question asked. The whole run's figures are in the README. Over every conversation
of the samples, no fact the person stated is asked again (the person knows what they said; the
assistant must too)."""

from __future__ import annotations

import pytest

from evaluation.simulate import Outcome, run, summary

from .servers import Assistant

SEED = 2026
SAMPLES = {"dev": 40, "strangers": 30}


def transcript(outcome: Outcome, why: str) -> str:
    return f"{outcome.persona} {outcome.language} {outcome.style}: {why}\n" + "\n".join(outcome.transcript[-12:])


@pytest.mark.parametrize("bank", SAMPLES)
def test_a_sample_of_simulated_people_reach_the_right_suggestion(assistant: Assistant, bank: str) -> None:
    size = SAMPLES[bank]
    outcomes = run(lambda sender, text: assistant.say(sender, text), assistant.slots, SEED, size, workers=2, bank=bank)
    failures = [transcript(o, o.why) for o in outcomes if not o.success]
    asked_again = [transcript(o, f"asked again: {', '.join(o.asked_again_of)}") for o in outcomes if o.asked_again]
    figures = summary(outcomes)
    assert sum(o.success for o in outcomes) >= 0.95 * size, "\n\n".join(failures)
    assert not asked_again, "\n\n".join(asked_again)
    assert max(o.longest_run for o in outcomes) <= 2, "a question was asked more than twice in a row"
    # The whole banks' median is 7 in both languages (`make eval`, README); this seeded sample of
    # `dev` holds more people whom nothing fits, who since the open permits are asked one question
    # more (the last-resort question), and its French median is 8.
    assert all(f["questions_median"] <= 8 for f in figures.values()), figures
