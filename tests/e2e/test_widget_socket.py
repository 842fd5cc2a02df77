"""The chat widget's socket.io channel tried as an attacker would, against the real servers: made-up
and borrowed session ids, a foreign Origin, oversized and malformed messages, bulky customData, and
REST posts aimed at other channels' conversations."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import socketio

from channels.widget import conversation_of, sign
from lead_handoff.addresses import address_key
from rasa_runtime.guards import limits

from .servers import Assistant, request

MESSAGE_TIMEOUT = 60
SESSION_SECRET = b"e2e-widget-session-secret"  # servers.py's WIDGET_SESSION_SECRET
DAY = 86_400


class Widget:
    """A socket.io client speaking as the rasa-webchat widget does."""

    def __init__(self, url: str, origin: str) -> None:
        self.url, self.origin = url, origin
        self.client = socketio.AsyncClient(reconnection=False)
        self.session_id: str | None = None
        self.replies: list[dict[str, Any]] = []
        self.client.on("session_confirm", self._confirmed)
        self.client.on("bot_uttered", self._uttered)

    async def _confirmed(self, session_id: str) -> None:
        self.session_id = session_id

    async def _uttered(self, message: dict[str, Any]) -> None:
        self.replies.append(message)

    async def open(self, session_id: str | None = None, transport: str = "websocket") -> Widget:
        await self.client.connect(
            self.url, headers={"Origin": self.origin}, transports=[transport], socketio_path="/socket.io"
        )
        await self.client.emit("session_request", {"session_id": session_id})
        await self.wait(lambda: self.session_id is not None)
        return self

    async def say(self, data: Any) -> list[dict[str, Any]]:
        before = len(self.replies)
        await self.client.emit("user_uttered", data)
        await self.wait(lambda: len(self.replies) > before)
        await asyncio.sleep(0.5)  # the rest of this turn's replies
        return self.replies[before:]

    async def wait(self, done: Any) -> None:
        deadline = time.monotonic() + MESSAGE_TIMEOUT
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError("no answer from the socket.io server")
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        await self.client.disconnect()


def origin(assistant: Assistant) -> str:
    return f"http://127.0.0.1:{assistant.web_port}"


def text_of(replies: list[dict[str, Any]]) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def rss_megabytes(assistant: Assistant) -> float:
    pid = assistant.rasa_processes[0].pid
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_a_made_up_session_id_gets_a_new_conversation(assistant: Assistant) -> None:
    async def scenario() -> None:
        first = await Widget(assistant.url, origin(assistant)).open()
        await first.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        token = first.session_id.split(".")[0]
        for forged in ("made-up-id", token, f"{token}.0000", "web:" + token):
            intruder = await Widget(assistant.url, origin(assistant)).open(forged)
            assert intruder.session_id != first.session_id
            await first.say({"message": "I'm French", "customData": {"language": "en"}})
            assert intruder.replies == []  # none of the other conversation's replies
            await intruder.close()
        await first.close()

    run(scenario())


def test_the_issued_session_id_comes_back_to_its_conversation(assistant: Assistant) -> None:
    async def scenario() -> None:
        first = await Widget(assistant.url, origin(assistant)).open()
        await first.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        await first.close()
        again = await Widget(assistant.url, origin(assistant)).open(first.session_id)  # a page reload
        assert again.session_id == first.session_id
        await again.say({"message": "I'm French", "customData": {"language": "en"}})
        await again.close()
        conversation = "web:" + first.session_id.split(".")[0]
        assert assistant.slots(conversation)["citizenships"] == ["FR"]
        assert assistant.slots(conversation)["audience"] == "worker"

    run(scenario())


def test_a_rest_conversation_cannot_be_joined_over_the_socket(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "I want to work in Canada")

    async def scenario() -> None:
        intruder = await Widget(assistant.url, origin(assistant)).open(sender)
        assert intruder.session_id != sender
        await intruder.say({"message": "start over", "customData": {"language": "en"}})
        await intruder.close()

    run(scenario())
    assert assistant.slots(sender)["audience"] == "worker"  # untouched


def test_a_foreign_origin_is_refused(assistant: Assistant) -> None:
    async def scenario() -> None:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await Widget(assistant.url, "http://evil.example").open()

    run(scenario())


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_60_kb_message_is_refused_and_the_server_stays_flat(
    assistant: Assistant, sender: str, transport: str
) -> None:
    before = rss_megabytes(assistant)

    async def scenario() -> None:
        attacker = await Widget(assistant.url, origin(assistant)).open(transport=transport)
        # The server drops the packet (and the connection): sending may fail or not, nothing is served.
        with contextlib.suppress(Exception):
            await attacker.client.emit("user_uttered", {"message": "word " * 12_000, "customData": {"language": "en"}})
            await asyncio.sleep(2)
        assert attacker.replies == []
        with contextlib.suppress(Exception):
            await attacker.close()

    run(scenario())
    started = time.monotonic()
    assistant.say(sender, "hello")  # another person is answered at once
    assert time.monotonic() - started < 5
    assert rss_megabytes(assistant) - before < 150


def test_a_message_over_2000_characters_is_answered_not_understood(assistant: Assistant) -> None:
    async def scenario() -> tuple[str, list[dict[str, Any]]]:
        widget = await Widget(assistant.url, origin(assistant)).open()
        replies = await widget.say({"message": "I am French " * 300, "customData": {"language": "fr"}})
        await widget.close()
        return widget.session_id, replies

    session_id, replies = run(scenario())
    assert "trop long" in text_of(replies)
    status, tracker = request(
        "GET", f"{assistant.url}/conversations/web:{session_id.split('.')[0]}/tracker", token=assistant.token
    )
    assert status == 200 and not [e for e in tracker["events"] if e["event"] == "user"]


@pytest.mark.parametrize("data", [42, "text", None, {"message": 42}, {"message": ["a"]}, {"message": "   "}])
def test_malformed_events_get_a_reply(assistant: Assistant, data: Any) -> None:
    async def scenario() -> list[dict[str, Any]]:
        widget = await Widget(assistant.url, origin(assistant)).open()
        replies = await widget.say(data)
        await widget.close()
        return replies

    assert "could not read" in text_of(run(scenario()))


def test_custom_data_is_reduced_to_the_language_and_time_zone(assistant: Assistant) -> None:
    async def scenario() -> str:
        widget = await Widget(assistant.url, origin(assistant)).open()
        await widget.say(
            {"message": "bonjour", "customData": {"language": "fr", "timezone": "Europe/Paris", "junk": "x" * 9000}}
        )
        await widget.close()
        return widget.session_id

    session_id = run(scenario())
    _, tracker = request(
        "GET", f"{assistant.url}/conversations/web:{session_id.split('.')[0]}/tracker", token=assistant.token
    )
    user = next(e for e in tracker["events"] if e["event"] == "user")
    # Rasa adds its own assistant_id and model_id, the server the address's pseudonym (`client`, to count
    # leads per address); of the widget's customData only the language and the device's zone are kept
    kept = {k: v for k, v in user["metadata"].items() if k not in ("assistant_id", "model_id")}
    assert kept.pop("client") == address_key("127.0.0.1", "e2e-widget-session-secret")
    assert kept == {"language": "fr", "timezone": "Europe/Paris"}


def test_a_fast_sender_is_slowed(assistant: Assistant) -> None:
    async def scenario() -> str:
        widget = await Widget(assistant.url, origin(assistant)).open()
        for _ in range(40):
            await widget.client.emit("user_uttered", {"message": "hi", "customData": {"language": "en"}})
        await asyncio.sleep(15)
        await widget.close()
        return text_of(widget.replies)

    assert "Too many messages" in run(scenario())


@pytest.mark.parametrize(
    "body",
    [
        {"message": "hi"},
        {"sender": "", "message": "hi"},
        {"sender": "whatsapp:+15145550123", "message": "start over"},
        {"sender": "web:0123456789abcdef0123456789abcdef", "message": "hi"},
        {"sender": "telegram:42", "message": "hi"},
        {"sender": "a b", "message": "hi"},
        {"sender": "ok-sender", "message": "hi", "input_channel": "whatsapp"},
    ],
)
def test_rest_cannot_name_another_channels_conversation(assistant: Assistant, body: dict[str, Any]) -> None:
    status, _ = request("POST", f"{assistant.url}/webhooks/rest/webhook", body)
    assert status == 400


def stored_events(assistant: Assistant, conversation: str) -> int:
    """Read from the tracker store itself: the HTTP API would start the conversation it is asked for."""
    with sqlite3.connect(assistant.workdir / "tracker.db") as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (conversation,)).fetchone()[0]


def issued_days_ago(token: str, days: float) -> str:
    """A session id for token, signed as the server signs them, issued `days` ago."""
    issued = f"{token}.{int(time.time() - days * DAY)}"
    return f"{issued}.{sign(issued, SESSION_SECRET)}"


def test_a_session_id_resumes_its_conversation_only_within_its_lifetime(assistant: Assistant) -> None:
    lifetime = limits()["widget_session_days"]

    async def scenario() -> tuple[str, dict[str, tuple[str, str]]]:
        first = await Widget(assistant.url, origin(assistant)).open()
        await first.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        await first.close()
        token = first.session_id.split(".")[0]
        asked = {
            "within": issued_days_ago(token, lifetime - 1),
            "expired": issued_days_ago(token, lifetime + 1),
            "old form": f"{token}.{sign(token, SESSION_SECRET)}",  # <random>.<HMAC>, before ids had a lifetime
        }
        given = {}
        for case, session_id in asked.items():
            widget = await Widget(assistant.url, origin(assistant)).open(session_id)
            given[case] = (session_id, widget.session_id)
            await widget.close()
        return token, given

    token, given = run(scenario())
    assert given["within"][1] == given["within"][0]  # resumed
    for case in ("expired", "old form"):
        assert not given[case][1].startswith(token), case  # a new conversation


def test_after_delete_my_data_the_widget_gets_a_new_session(assistant: Assistant) -> None:
    async def scenario() -> tuple[str, str, str, str, str]:
        widget = await Widget(assistant.url, origin(assistant)).open()
        await widget.say({"message": "Hi", "customData": {"language": "en"}})
        await widget.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        old = widget.session_id
        await widget.say({"message": "please delete my data", "customData": {"language": "en"}})
        erased = text_of(await widget.say({"message": "yes", "customData": {"language": "en"}}))  # confirmed
        await widget.wait(lambda: widget.session_id != old)  # a second session_confirm
        await widget.say({"message": "I'm French", "customData": {"language": "en"}})
        await widget.close()
        reopened = {}
        for session_id in (old, widget.session_id):
            again = await Widget(assistant.url, origin(assistant)).open(session_id)
            reopened[session_id] = again.session_id
            await again.close()
        return old, widget.session_id, erased, reopened[old], reopened[widget.session_id]

    old, new, erased, with_old, with_new = run(scenario())
    assert "deleted what you told me" in erased
    assert stored_events(assistant, conversation_of(old)) == 0  # nothing came back after the erasure
    assert assistant.slots(conversation_of(new))["citizenships"] == ["FR"]  # the next message went to the new one
    assert with_old not in (old, new)  # the old id resumes nothing
    assert with_new == new


def test_a_connection_keeps_its_one_session(assistant: Assistant) -> None:
    """A second session_request on a connection, even with another valid id, is answered with the
    session it has: no switching between conversations, no room or store read per request."""

    async def scenario() -> tuple[str, str, str]:
        mine = await Widget(assistant.url, origin(assistant)).open()
        other = await Widget(assistant.url, origin(assistant)).open()
        await other.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        first = mine.session_id
        mine.session_id = None
        await mine.client.emit("session_request", {"session_id": other.session_id})
        await mine.wait(lambda: mine.session_id is not None)
        await mine.say({"message": "I want to work in Canada", "customData": {"language": "en"}})
        await mine.say({"message": "I'm French", "customData": {"language": "en"}})
        await mine.close()
        await other.close()
        return first, mine.session_id, other.session_id

    first, kept, other = run(scenario())
    assert kept == first
    assert assistant.slots(conversation_of(first))["citizenships"] == ["FR"]
    assert not assistant.slots(conversation_of(other))["citizenships"]


def test_after_deleting_only_the_round_since_a_start_over_the_old_id_resumes_nothing(assistant: Assistant) -> None:
    """On a shared device, "delete my data" after "start over" erases only the later round: the
    conversation keeps the earlier one, and still the old id resumes nothing (it is revoked)."""

    async def scenario() -> tuple[str, str, str, str]:
        widget = await Widget(assistant.url, origin(assistant)).open()
        for message in ("Hi", "I want to work in Canada", "I'm French", "start over", "I want to work in Canada"):
            await widget.say({"message": message, "customData": {"language": "en"}})
        await widget.say({"message": "I'm Irish", "customData": {"language": "en"}})
        old = widget.session_id
        await widget.say({"message": "delete my data", "customData": {"language": "en"}})
        erased = text_of(await widget.say({"message": "yes", "customData": {"language": "en"}}))
        await widget.wait(lambda: widget.session_id != old)
        await widget.close()
        again = await Widget(assistant.url, origin(assistant)).open(old)
        await again.close()
        return old, widget.session_id, erased, again.session_id

    old, new, erased, with_old = run(scenario())
    assert "since this conversation was started over" in erased
    assert stored_events(assistant, conversation_of(old)) > 0  # the earlier round stays
    assert with_old not in (old, new)
