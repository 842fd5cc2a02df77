"""rasa_runtime/warm_up.py: the Rasa server reads its warm-up messages through the NLU after the
model is loaded and before it answers, and afterwards no message makes the NLU import or build
anything more (built in a conversation, it held the event loop for seconds)."""

from __future__ import annotations

import asyncio
import inspect
import logging
import sys
from types import SimpleNamespace
from typing import Any

import pytest

from rasa_runtime import warm_up


class Agent:
    def __init__(self, ready: bool = True, fails: bool = False) -> None:
        self.ready, self.fails = ready, fails
        self.parsed: list[str] = []

    def is_ready(self) -> bool:
        return self.ready

    async def parse_message(self, text: str) -> dict[str, Any]:
        if self.fails:
            raise ValueError("no")
        self.parsed.append(text)
        return {"text": text}


def app_with(agent: Agent | None) -> Any:
    return SimpleNamespace(ctx=SimpleNamespace(agent=agent))


def test_every_table_is_built_then_every_message_read_through_the_loaded_agent(monkeypatch: pytest.MonkeyPatch) -> None:
    agent = Agent()
    monkeypatch.setattr(warm_up.intake_nlu.warm, "warm_up", lambda: agent.parsed.append("<tables>"))
    asyncio.run(warm_up.warm_up(app_with(agent), None))
    assert agent.parsed == ["<tables>", *warm_up.MESSAGES]
    assert {"Hi", "Bonjour"} <= set(agent.parsed)  # both languages


def test_without_a_model_or_when_it_fails_the_server_still_starts(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm_up.intake_nlu.warm, "warm_up", lambda: None)
    asyncio.run(warm_up.warm_up(app_with(None), None))
    not_ready = Agent(ready=False)
    asyncio.run(warm_up.warm_up(app_with(not_ready), None))
    assert not_ready.parsed == []
    with caplog.at_level(logging.WARNING, logger=warm_up.__name__):
        asyncio.run(warm_up.warm_up(app_with(Agent(fails=True)), None))
    assert "NLU warm-up failed (ValueError)" in caplog.text


def test_the_server_app_runs_the_warm_up_once_started(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[tuple[Any, str]] = []
    app = SimpleNamespace(register_listener=lambda listener, event: registered.append((listener, event)))
    monkeypatch.setattr(warm_up, "_configure_app", lambda *args, **kwargs: app)
    assert warm_up._configure_warmed_app([], None) is app
    # after_server_start: after Rasa's before_server_start listener has loaded the model
    assert registered == [(warm_up.warm_up, "after_server_start")]


PROJECT_PACKAGES = ("intake_nlu", "imp_engine", "nlu_components")


def built_on_first_use() -> set[str]:
    """The project's modules imported so far, and its lazily built resources (functions without
    parameters under functools.cache) already built."""
    built = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith(PROJECT_PACKAGES):
            continue
        built.add(name)
        for attribute, value in vars(module).items():
            wrapped = getattr(value, "__wrapped__", None)
            lazy = hasattr(value, "cache_info") and wrapped is not None and not inspect.signature(wrapped).parameters
            if lazy and value.cache_info().currsize:
                built.add(f"{name}.{attribute}")
    return built


@pytest.mark.heavy
def test_after_the_warm_up_no_message_makes_the_nlu_build_anything() -> None:
    from rasa.core.agent import Agent as RasaAgent

    from tests.e2e import test_conversations
    from tests.e2e.servers import MODEL

    if not MODEL.exists():
        pytest.skip("no trained model: make train")
    agent = RasaAgent.load(str(MODEL))
    asyncio.run(warm_up.warm_up(app_with(agent), None))  # type: ignore[arg-type]
    warmed = built_on_first_use()
    answers = [
        text
        for value in vars(test_conversations).values()
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        for text in value.values()
    ]
    callback = ["yes please", "Yes, I agree", "Ana Pérez", "514 555 0199", "ana@example.org", "mornings", "Eastern"]
    # what no test conversation says: misspelt names of one to three words, a long rambling message
    # (the misspelt-name reader's common words were first built by the bench's 2,000 characters)
    misspelt = ["I'm from Frnace, workign in Britsh Colubmia", "je suis espagnolle et je travaille à Montrél"]
    rambling = " ".join(["I am 27 French and Mexican with a job offer in Montreal Toronto je suis ingénieure"] * 20)
    conversation = [
        "Hello",
        "Salut",
        *answers,
        *callback,
        *misspelt,
        rambling,
        "can I speak to a consultant?",
        "please delete my data",
    ]
    assert len(answers) > 50

    async def parse_conversation() -> None:
        for text in conversation:
            await agent.parse_message(text)

    asyncio.run(parse_conversation())
    assert built_on_first_use() - warmed == set()
