"""rasa_runtime/fair_nlu.py: a message's NLU runs off the event loop, long and short messages in
lanes of their own, and Rasa's parse_message finishes with the result computed there (the graph runs
once per message)."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage

from rasa_runtime import fair_nlu
from rasa_runtime.guards import limits

GRAPH_SECONDS = 0.4  # how long the stand-in graph holds its thread, as a long message's NLU would


class Processor:
    """What of Rasa's MessageProcessor the lanes touch; its graph run is the seam's replacement."""

    http_interpreter = None
    _parse_message_with_graph = fair_nlu._result_from_lane


@pytest.fixture
def graph(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """A graph that blocks its thread like a long message's NLU; records (text, thread name)."""
    runs: list[tuple[str, str]] = []

    def blocking_graph(self: Any, message: UserMessage, tracker: Any, only_output_properties: bool = True) -> dict:
        runs.append((message.text or "", threading.current_thread().name))
        time.sleep(GRAPH_SECONDS if len(message.text or "") > 100 else 0.01)
        return {"text": message.text, "intent": {"name": "inform"}, "entities": []}

    async def rasa_parse(self: Any, message: UserMessage, tracker: Any, only_output_properties: bool = True) -> dict:
        return dict(self._parse_message_with_graph(message, tracker, only_output_properties), finished=True)

    monkeypatch.setattr(fair_nlu, "_graph_parse", blocking_graph)
    monkeypatch.setattr(fair_nlu, "_rasa_parse", rasa_parse)
    fresh = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"nlu-{lane}") for lane in ("short", "long")}
    monkeypatch.setattr(fair_nlu, "lanes", lambda: fresh)  # no rest left over from another test
    return runs


def parse(text: str) -> Any:
    return fair_nlu._parse_in_lane(Processor(), UserMessage(text=text, sender_id="someone"))  # type: ignore[arg-type]


def test_the_graph_runs_once_in_its_lane_and_rasa_finishes_with_its_result(graph: list[tuple[str, str]]) -> None:
    parsed = asyncio.run(parse("I'm 27"))
    assert parsed == {"text": "I'm 27", "intent": {"name": "inform"}, "entities": [], "finished": True}
    assert graph == [("I'm 27", "nlu-short_0")]
    long_text = " ".join(["I am a cook in Montreal"] * 20)
    asyncio.run(parse(long_text))
    assert graph[-1] == (long_text, "nlu-long_0")
    assert len(graph) == 2


def test_a_call_that_did_not_come_through_a_lane_runs_the_graph_itself(graph: list[tuple[str, str]]) -> None:
    message = UserMessage(text="hello", sender_id="someone")
    assert fair_nlu._result_from_lane(Processor(), message, None)["text"] == "hello"  # type: ignore[arg-type]
    assert graph == [("hello", threading.current_thread().name)]


def test_the_event_loop_keeps_turning_while_long_messages_are_read(graph: list[tuple[str, str]]) -> None:
    async def scenario() -> tuple[float, float]:
        gaps: list[float] = []

        async def tick() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        long_text = "je suis ingénieure à Montréal, mexicaine " * 10
        heavy = [asyncio.create_task(parse(long_text)) for _ in range(3)]
        await asyncio.sleep(0.05)  # the long ones are queued in their lane first
        started = time.monotonic()
        await parse("yes")
        short_wait = time.monotonic() - started
        await asyncio.gather(*heavy)
        ticker.cancel()
        return max(gaps), short_wait

    longest_gap, short_wait = asyncio.run(scenario())
    assert longest_gap < GRAPH_SECONDS / 2  # on the loop, each long message would stop it for 0.4 s
    assert short_wait < GRAPH_SECONDS  # not behind the three long ones (1.2 s in one queue)


def test_the_long_lane_rests_after_each_message_without_delaying_its_answer(
    graph: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fair_nlu, "limits", lambda: {"nlu_lanes": {"long_from_chars": 100, "long_lane_rest": 1.0}})
    long_text = " ".join(["a cook in Montreal"] * 10)

    async def scenario() -> list[float]:
        started = time.monotonic()
        finished: list[float] = []

        async def one() -> None:
            await parse(long_text)
            finished.append(time.monotonic() - started)

        await asyncio.gather(one(), one())
        return sorted(finished)

    first, second = asyncio.run(scenario())
    assert first < GRAPH_SECONDS * 1.5  # its answer does not wait for the rest that follows it
    assert second >= GRAPH_SECONDS * 3 - 0.05  # the next one starts once the lane has rested


def test_an_error_of_the_graph_reaches_the_caller(graph: list, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_graph(*args: Any) -> dict:
        raise ValueError("broken component")

    monkeypatch.setattr(fair_nlu, "_graph_parse", failing_graph)
    with pytest.raises(ValueError, match="broken component"):
        asyncio.run(parse("yes"))


def test_the_lane_is_chosen_by_the_length_read() -> None:
    bound = int(limits()["nlu_lanes"]["long_from_chars"])
    assert fair_nlu.lane_for("x" * bound) == "short"
    assert fair_nlu.lane_for("x" * (bound + 1)) == "long"
    assert fair_nlu.lane_for(None) == "short"
