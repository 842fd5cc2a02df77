"""A fixed, seeded sample of the simulated-user evaluation (`make eval` runs all of it): strangers'
phrasings against the real servers. The whole run's figures are in the README."""

from __future__ import annotations

from evaluation.simulate import run, summary

from .servers import Assistant

SAMPLE = 40
SEED = 2026


def test_a_sample_of_simulated_people_reach_the_right_suggestion(assistant: Assistant) -> None:
    outcomes = run(
        lambda sender, text: assistant.say(sender, text), assistant.slots, seed=SEED, limit=SAMPLE, workers=2
    )
    failures = [
        f"{o.persona} {o.language} {o.style}: {o.why}\n" + "\n".join(o.transcript[-8:])
        for o in outcomes
        if not o.success
    ]
    figures = summary(outcomes)
    assert sum(o.success for o in outcomes) >= 0.95 * SAMPLE, "\n\n".join(failures)
    assert max(o.longest_run for o in outcomes) <= 2, "a question was asked more than twice in a row"
    assert all(f["questions_median"] <= 7 for f in figures.values()), figures
