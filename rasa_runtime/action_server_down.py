"""When the action server cannot be reached (down, restarting, timing out, answering 5xx), Rasa 3.6
logs the error and carries on without the actions' events: the person gets silence or a question
out of order, and what the turn half-did is saved. Here such a turn is not saved at all (the
conversation is stored as it was before the person's message, every slot as it was), and the person
is told, in their language, to send it again in a moment (`utter_action_unavailable`). Rasa's
UserUtteranceReverted cannot do this inside a form: the form's history is collapsed between its
executions, and the revert would then undo earlier answers too.

A call that could not even be written never reached an action: it is sent again once before the
turn counts as failed. That happens when this server's event loop stalls for more than 5 s between
opening the call's connection and writing its request: the action server (Sanic) closes a connection
that has sent nothing for its KEEP_ALIVE_TIMEOUT, even before the first request. The known stall
(the NLU building its lazy parts in the first conversations) is gone (warm_up.py); one message whose
NLU takes longer than that would still cause it."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import aiohttp
from rasa.core.actions.action import RemoteAction, create_bot_utterance
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from rasa_runtime import seams
from rasa_runtime.inprocess_actions import ActionCrashed

UNAVAILABLE_RESPONSE = "utter_action_unavailable"

_run_remote_action = RemoteAction.run
_handle_message = MessageProcessor.handle_message
_save_tracker = MessageProcessor.save_tracker


@dataclass
class _Turn:
    output_channel: OutputChannel
    action_server_down: bool = False


_turn: ContextVar[_Turn | None] = ContextVar("imp_turn", default=None)


def unreachable(error: BaseException) -> bool:
    """Whether an action call failed because the server could not answer, or an in-process action
    raised (not because an action rejected the turn or answered badly)."""
    if isinstance(error, ActionCrashed):
        return True
    cause = error.__cause__ or error.__context__
    if isinstance(error, asyncio.TimeoutError) or isinstance(
        cause, (aiohttp.ClientConnectionError, asyncio.TimeoutError)
    ):
        return True
    return isinstance(cause, aiohttp.ClientError) and (getattr(cause, "status", None) or 0) >= 500


NEVER_WRITTEN = ("write request body", "closing transport")  # aiohttp's words for a request not sent


def stale_connection(error: BaseException) -> bool:
    """Whether the action server had closed the call's connection before its request was written
    ("Can not write request body", "Cannot write to closing transport"): the action never ran, so
    the call is safely sent again, once."""
    cause = error.__cause__ or error.__context__
    return isinstance(cause, aiohttp.ClientOSError) and any(words in str(cause) for words in NEVER_WRITTEN)


async def _run_remote(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    try:
        try:
            return await _run_remote_action(self, *args, **kwargs)
        except RasaException as error:
            if not stale_connection(error):
                raise
            return await _run_remote_action(self, *args, **kwargs)
    except (RasaException, asyncio.TimeoutError) as error:
        turn = _turn.get()
        if turn is not None and unreachable(error):
            turn.action_server_down = True
        raise


async def _handle(self: MessageProcessor, message: UserMessage) -> Any:
    token = _turn.set(_Turn(message.output_channel))
    try:
        return await _handle_message(self, message)
    finally:
        _turn.reset(token)


async def _save(self: MessageProcessor, tracker: DialogueStateTracker) -> None:
    turn = _turn.get()
    if turn is not None and turn.action_server_down:
        turn.action_server_down = False
        tracker = await _undo_turn(self, tracker, turn.output_channel)
    await _save_tracker(self, tracker)


async def _undo_turn(
    processor: MessageProcessor, tracker: DialogueStateTracker, channel: OutputChannel
) -> DialogueStateTracker:
    """The conversation as it was before the person's last message, followed by the apology."""
    if isinstance(channel, CollectingOutputChannel):
        channel.messages.clear()  # what the half-done turn said is not sent
    events = list(tracker.events)
    turn_start = max((i for i, event in enumerate(events) if isinstance(event, UserUttered)), default=len(events))
    restored = DialogueStateTracker.from_events(tracker.sender_id, events[:turn_start], processor.domain.slots)
    response = await processor.nlg.generate(UNAVAILABLE_RESPONSE, restored, channel.name())
    if response:
        await channel.send_response(restored.sender_id, dict(response))
        restored.update(create_bot_utterance(dict(response)))
    restored.update(ActionExecuted(ACTION_LISTEN_NAME))
    return restored


def apply() -> None:
    seams.replace("undone_turn_action_call", _run_remote)
    seams.replace("undone_turn_handle_message", _handle)
    seams.replace("undone_turn_save_tracker", _save)
