"""The NLU off the event loop, in two lanes, so that nobody waits for someone else's long message.

Rasa 3.6 runs a message's NLU graph synchronously inside the server's event loop: while it reads a
2,000-character message, every other conversation of the replica stops, and 20 such messages sent at
once are read one after another before anyone else is answered. Here the graph runs in a worker
thread, and messages are sorted by length into two lanes of one thread each (limits.yaml
`nlu_lanes`): a queue of long messages never stands in front of a short one, and the loop stays free
for everyone's policies, actions and replies. (DIET's TensorFlow work releases the GIL; the
Python-level work of the two lanes shares it: the long lane rests after each message, so that a crowd
of long messages takes at most half of the interpreter.)

Two seams: `nlu_off_event_loop` (MessageProcessor.parse_message) computes the graph's result in the
message's lane, then lets Rasa's own parse_message finish with it; `nlu_result_from_lane`
(MessageProcessor._parse_message_with_graph) hands that result over instead of running the graph
again on the loop. A call that did not come through the lane (none today) runs the graph as before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from functools import cache
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_runtime import seams
from rasa_runtime.guards import limits

# The graph's result for the message being parsed in this task: (message, parse data).
_ready: ContextVar[tuple[UserMessage, dict[str, Any]] | None] = ContextVar("nlu_result", default=None)
_graph_parse: Callable[..., dict[str, Any]] = MessageProcessor._parse_message_with_graph
_rasa_parse: Callable[..., Any] = MessageProcessor.parse_message


@cache
def lanes() -> dict[str, ThreadPoolExecutor]:
    return {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"nlu-{lane}") for lane in ("short", "long")}


def lane_for(text: str | None) -> str:
    return "long" if len(text or "") > int(limits()["nlu_lanes"]["long_from_chars"]) else "short"


async def _parse_in_lane(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    if self.http_interpreter:
        return await _rasa_parse(self, message, tracker, only_output_properties)
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    loop = asyncio.get_running_loop()
    lane = lane_for(message.text)
    read: asyncio.Future[dict[str, Any]] = loop.create_future()
    lanes()[lane].submit(_in_lane, lane, loop, read, self, message, tracker, only_output_properties)
    token = _ready.set((message, await read))
    try:
        parsed: dict[str, Any] = await _rasa_parse(self, message, tracker, only_output_properties)
        return parsed
    finally:
        _ready.reset(token)


def _in_lane(lane: str, loop: asyncio.AbstractEventLoop, parsed: asyncio.Future[Any], *args: Any) -> None:
    """Runs the graph in the lane's thread and hands its result to the loop; the long lane then rests
    for a share of the time it worked (limits.yaml `nlu_lanes.long_lane_rest`) before its next
    message, leaving the interpreter to everyone else's turns: Python runs one thread at a time, and a
    long message's reading is mostly Python. The message's own answer does not wait for the rest."""
    started = time.monotonic()
    try:
        loop.call_soon_threadsafe(_settle, parsed, _graph_parse(*args), None)
    except Exception as error:  # Rasa's own parse_message would have raised it: so does the lane
        loop.call_soon_threadsafe(_settle, parsed, None, error)
    if lane == "long":
        time.sleep((time.monotonic() - started) * float(limits()["nlu_lanes"]["long_lane_rest"]))


def _settle(parsed: asyncio.Future[Any], result: Any, error: Exception | None) -> None:
    if parsed.cancelled():  # the request went away meanwhile
        return
    if error is not None:
        parsed.set_exception(error)
    else:
        parsed.set_result(result)


def _result_from_lane(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    ready = _ready.get()
    if ready is not None and ready[0] is message:
        return ready[1]
    return _graph_parse(self, message, tracker, only_output_properties)


def apply() -> None:
    """Install before guards.apply(), whose bounding of the text then comes first."""
    global _graph_parse, _rasa_parse
    _graph_parse = seams.replace("nlu_result_from_lane", _result_from_lane)
    _rasa_parse = seams.replace("nlu_off_event_loop", _parse_in_lane)
