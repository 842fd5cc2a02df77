"""The widget's socket.io server against clients that try to make it hold memory, on the wire with raw
Engine.IO 4 / socket.io 5 frames, against the real Rasa server: a binary event announcing a million
attachments followed by megabytes of frames (websocket and polling), binary and malformed frames, a
pong flood, more connections than an address may hold; and the Rasa server's log after ordinary and
dropped connections (rasa_runtime/socket_guard.py, limits.yaml `widget_socket`)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatusCode

from rasa_runtime.guards import limits

from .servers import Assistant
from .test_widget_socket import Widget, origin, rss_megabytes, run, text_of

# A socket.io BINARY_EVENT header (engine.io MESSAGE "4", socket.io "5") announcing 10^6 attachments.
BINARY_HEADER = '451000000-["user_uttered",{"_placeholder":true,"num":0}]'
FRAME = b"\x00" * 16_000  # under the 16 kB frame limit: each frame on its own is allowed
MAX_FRAMES = 2_500  # 40 MB: what python-socketio 5.8 would hold for the one event
MAX_GROWTH_MB = 5
CLOSE_SECONDS = 5


def socket_url(assistant: Assistant, transport: str) -> str:
    return f"{assistant.url}/socket.io/?EIO=4&transport={transport}"


async def open_raw(assistant: Assistant) -> Any:
    """A websocket that has done the Engine.IO handshake and connected to the default namespace."""
    ws = await websockets.connect(
        socket_url(assistant, "websocket").replace("http", "ws", 1), extra_headers={"Origin": origin(assistant)}
    )
    assert (await ws.recv()).startswith("0{")
    await ws.send("40")
    assert (await ws.recv()).startswith("40{")
    return ws


async def closes_soon(ws: Any, frames: list[str | bytes]) -> tuple[bool, int]:
    """Sends the frames (stopping when the server closes) and waits for the close; returns whether
    the server closed the connection within CLOSE_SECONDS, and how many frames were sent."""
    sent = 0
    deadline = time.monotonic() + CLOSE_SECONDS
    try:
        for frame in frames:
            await ws.send(frame)
            sent += 1
        while time.monotonic() < deadline:
            await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.monotonic()))
    except ConnectionClosed:
        return True, sent
    except asyncio.TimeoutError:
        pass
    await ws.close()
    return False, sent


def widget_still_answers(assistant: Assistant) -> str:
    async def scenario() -> str:
        widget = await Widget(assistant.url, origin(assistant)).open()
        replies = await widget.say({"message": "hello", "customData": {"language": "en"}})
        await widget.close()
        return text_of(replies)

    return run(scenario())


def log_after(assistant: Assistant, offset: int) -> str:
    return (assistant.workdir / "rasa-0.log").read_bytes()[offset:].decode(errors="replace")


def log_size(assistant: Assistant) -> int:
    return Path(assistant.workdir / "rasa-0.log").stat().st_size


def test_a_binary_event_announcing_a_million_attachments_is_refused(assistant: Assistant) -> None:
    before = rss_megabytes(assistant)

    async def scenario() -> tuple[bool, int]:
        ws = await open_raw(assistant)
        return await closes_soon(ws, [BINARY_HEADER, *[FRAME] * MAX_FRAMES])

    closed, sent = run(scenario())
    time.sleep(1)
    growth = rss_megabytes(assistant) - before
    assert closed, f"the connection stayed open after {sent} frames of 16 kB"
    assert growth < MAX_GROWTH_MB, f"the server grew by {growth:.1f} MB after {sent} frames of 16 kB"
    assert widget_still_answers(assistant)


@pytest.mark.parametrize(
    "frames",
    [
        [FRAME] * 50,  # binary frames without a header
        ['452-["user_uttered",{"_placeholder":true,"num":0}]'],  # a binary event announcing 2
        ['461-[{"_placeholder":true,"num":0}]'],  # a binary ack
        ["x" * 100],  # no Engine.IO packet
        ['4{"message":"hi"}'],  # an Engine.IO message that is no socket.io packet
        ["49"],  # a socket.io packet type that does not exist
        ["42"],  # an event without its name
        ["7"],  # an Engine.IO packet type that does not exist
    ],
    ids=[
        "binary-frames",
        "binary-event",
        "binary-ack",
        "not-engine-io",
        "json-message",
        "type-9",
        "no-event",
        "type-7",
    ],
)
def test_binary_and_malformed_frames_drop_the_connection_without_a_traceback(
    assistant: Assistant, frames: list[str | bytes]
) -> None:
    offset = log_size(assistant)

    async def scenario() -> bool:
        ws = await open_raw(assistant)
        closed, _ = await closes_soon(ws, frames)
        return closed

    assert run(scenario())
    time.sleep(0.5)
    assert "Traceback" not in log_after(assistant, offset)


def test_a_pong_flood_drops_the_connection(assistant: Assistant) -> None:
    """Each pong started a 25-second ping task; now a pong counts only for a ping, and a connection
    sends at most packets_per_connection packets a window."""
    allowed = limits()["widget_socket"]["packets_per_connection"]["messages"]

    async def scenario() -> tuple[bool, int]:
        ws = await open_raw(assistant)
        return await closes_soon(ws, ["3"] * (allowed * 10))

    closed, sent = run(scenario())
    assert closed, f"still open after {sent} pongs"
    assert widget_still_answers(assistant)


async def poll(http: aiohttp.ClientSession, url: str, method: str = "GET", body: str | None = None) -> tuple[int, str]:
    async with http.request(
        method, url, data=body, headers={"Content-Type": "text/plain;charset=UTF-8"}, timeout=aiohttp.ClientTimeout(30)
    ) as reply:
        return reply.status, await reply.text()


@pytest.mark.parametrize(
    "first", [BINARY_HEADER, "b" + base64.b64encode(FRAME[:12_000]).decode()], ids=["binary-event", "binary-message"]
)
def test_binary_over_polling_ends_the_session(assistant: Assistant, first: str) -> None:
    before = rss_megabytes(assistant)
    attachment = "b" + base64.b64encode(FRAME[:12_000]).decode()  # a POST body under the 16 kB limit

    async def scenario() -> tuple[int, int, int]:
        async with aiohttp.ClientSession(headers={"Origin": origin(assistant)}) as http:
            status, opened = await poll(http, socket_url(assistant, "polling"))
            assert status == 200, opened
            url = socket_url(assistant, "polling") + "&sid=" + json.loads(opened[1:])["sid"]
            assert (await poll(http, url, "POST", "40"))[0] == 200
            assert (await poll(http, url))[1].startswith("40{")
            await poll(http, url, "POST", first)
            accepted = 0
            for _ in range(MAX_FRAMES):  # at most 30 MB, and stops at the first refusal
                status, _ = await poll(http, url, "POST", attachment)
                if status != 200:
                    break
                accepted += 1
            return accepted, status, (await poll(http, url))[0]

    accepted, refused_with, then_polled = run(scenario())
    growth = rss_megabytes(assistant) - before
    assert accepted == 0 and refused_with == 400 and then_polled == 400
    assert growth < MAX_GROWTH_MB, f"the server grew by {growth:.1f} MB"


def test_an_address_holds_a_bounded_number_of_connections(assistant: Assistant) -> None:
    limit = limits()["widget_socket"]["connections_per_address"]

    async def open_until_refused() -> tuple[list[Any], int | None]:
        opened: list[Any] = []
        for _ in range(limit + 5):
            try:
                opened.append(await open_raw(assistant))
            except InvalidStatusCode as refused:
                return opened, refused.status_code
        return opened, None

    async def scenario() -> tuple[int, int | None, int, int | None]:
        first, refusal = await open_until_refused()
        for ws in first:
            await ws.close()
        await asyncio.sleep(1)
        second, second_refusal = await open_until_refused()  # the closed connections were released
        for ws in second:
            await ws.close()
        await asyncio.sleep(1)
        return len(first), refusal, len(second), second_refusal

    first, refusal, second, second_refusal = run(scenario())
    assert refusal == 429 and first <= limit
    # this address may have other connections still closing (earlier tests), never more than the limit
    assert second_refusal == 429 and second >= first
    assert widget_still_answers(assistant)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_closing_or_dropping_the_widget_logs_no_error(assistant: Assistant, transport: str) -> None:
    offset = log_size(assistant)

    async def scenario() -> None:
        closed = await Widget(assistant.url, origin(assistant)).open(transport=transport)
        await closed.say({"message": "hello", "customData": {"language": "en"}})
        await closed.close()
        dropped = await Widget(assistant.url, origin(assistant)).open(transport=transport)
        await dropped.say({"message": "hello", "customData": {"language": "en"}})
        raw = await open_raw(assistant)
        raw.transport.abort()  # a connection that ends without a close frame (a tab killed, a network cut)
        await dropped.client.eio.disconnect(abort=True)
        await asyncio.sleep(2)

    run(scenario())
    logged = log_after(assistant, offset)
    assert "Traceback" not in logged and "ERROR" not in logged and "Exception occurred" not in logged, logged
