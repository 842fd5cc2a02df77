"""rasa_runtime/socket_guard.py without a server: what one Engine.IO connection and one address may
hold (the wire-level attacks are in tests/e2e/test_socket_floods.py)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from engineio import packet as engine_packet
from engineio.async_socket import AsyncSocket

from rasa_runtime.socket_guard import (
    GuardedEngineServer,
    GuardedSocket,
    GuardedSocketServer,
    SocketLimits,
    check_seams,
    packet_refusal,
)

LIMITS = SocketLimits(
    connections_per_address=2,
    packets_per_connection={"messages": 5, "seconds": 60},
    queued_packets=4,
    new_connections_per_address={"messages": 3, "seconds": 60},
)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def engine() -> GuardedEngineServer:
    return GuardedEngineServer(async_mode="sanic", socket_limits=LIMITS, monitor_clients=False)


def environ(address: str) -> dict[str, Any]:
    request = SimpleNamespace(ip=address, headers={})
    return {"sanic.request": request}


async def guarded_socket(server: GuardedEngineServer, sid: str = "sid-1") -> GuardedSocket:
    socket = AsyncSocket(server, sid)
    server.sockets[sid] = socket
    assert server.admit(sid, environ("192.0.2.1"))
    assert isinstance(socket, GuardedSocket)
    socket.connected = True
    return socket


def test_the_seams_of_the_socket_server_match_the_installed_libraries() -> None:
    check_seams()


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ("0", False),
        ('0{"token":"x"}', False),
        ("1", False),
        ('2["user_uttered",{"message":"hi"}]', False),
        ("31[]", False),
        ('51000000-["user_uttered",{"_placeholder":true,"num":0}]', True),
        ('61-[{"_placeholder":true,"num":0}]', True),
        ("4", True),  # CONNECT_ERROR comes from servers
        ("9", True),
        ("", True),
        (b"\x00" * 10, True),
        ({"message": "hi"}, True),
        (["x"], True),
    ],
)
def test_only_the_text_packets_of_a_client_reach_socket_io(data: Any, refused: bool) -> None:
    assert (packet_refusal(data) is not None) == refused


def test_an_address_holds_at_most_its_connections_and_gets_them_back() -> None:
    server = engine()
    assert server.admit("a", environ("192.0.2.1")) and server.admit("b", environ("192.0.2.1"))
    assert not server.admit("c", environ("192.0.2.1"))
    assert server.admit("d", environ("192.0.2.2"))  # another address
    assert server.handshake_refusal("192.0.2.1") == "too_many_connections"
    server.release("a")
    assert server.handshake_refusal("192.0.2.1") is None and server.admit("c", environ("192.0.2.1"))
    server.release("unknown-sid")  # a socket that was never admitted


def test_new_connections_follow_the_address_rate() -> None:
    server = engine()
    assert [server.handshake_refusal("192.0.2.9") for _ in range(4)] == [None, None, None, "too_fast"]


def test_a_binary_message_drops_the_connection_before_anything_is_kept() -> None:
    async def scenario() -> tuple[bool, Any]:
        server = engine()
        socket = await guarded_socket(server)
        await socket.receive(engine_packet.Packet(engine_packet.MESSAGE, data=b"\x00" * 16_000))
        return socket.closed, server.sockets.get("sid-1")

    closed, still_known = run(scenario())
    assert closed and still_known is None


@pytest.mark.parametrize("packet_type", [engine_packet.OPEN, engine_packet.PING, engine_packet.NOOP])
def test_packet_types_a_client_does_not_send_drop_it(packet_type: int) -> None:
    async def scenario() -> bool:
        socket = await guarded_socket(engine())
        await socket.receive(engine_packet.Packet(packet_type))
        return bool(socket.closed)

    assert run(scenario())


def test_a_connection_sending_too_many_packets_is_dropped() -> None:
    async def scenario() -> list[bool]:
        socket = await guarded_socket(engine())
        closed = []
        for _ in range(LIMITS.packets_per_connection["messages"] + 1):
            await socket.receive(engine_packet.Packet(engine_packet.PONG))  # unsolicited: counted, nothing sent
            closed.append(bool(socket.closed))
        return closed

    assert run(scenario()) == [False] * 5 + [True]


def test_a_pong_counts_only_for_a_ping() -> None:
    """Each pong scheduled a ping task (25 s asleep); unsolicited pongs now schedule none."""

    async def scenario() -> tuple[int, int]:
        socket = await guarded_socket(engine())
        before = len(asyncio.all_tasks())
        await socket.receive(engine_packet.Packet(engine_packet.PONG))
        await socket.receive(engine_packet.Packet(engine_packet.PONG))
        unsolicited = len(asyncio.all_tasks()) - before
        socket.last_ping = 1.0  # a ping was sent
        await socket.receive(engine_packet.Packet(engine_packet.PONG))
        await socket.receive(engine_packet.Packet(engine_packet.PONG))
        answered = len(asyncio.all_tasks()) - before
        for task in asyncio.all_tasks() - {asyncio.current_task()}:
            task.cancel()
        return unsolicited, answered

    assert run(scenario()) == (0, 1)


def test_a_client_that_does_not_read_is_dropped_when_its_queue_is_full() -> None:
    async def scenario() -> tuple[list[bool], list[Any]]:
        socket = await guarded_socket(engine())
        closed = []
        for _ in range(LIMITS.queued_packets + 1):
            await socket.send(engine_packet.Packet(engine_packet.MESSAGE, data="2[]"))
            closed.append(bool(socket.closed))
        queued = [socket.queue.get_nowait() for _ in range(socket.queue.qsize())]
        return closed, queued

    closed, queued = run(scenario())
    assert closed == [False] * 4 + [True]
    assert (
        queued[-1] is None and queued[-2].packet_type == engine_packet.CLOSE
    )  # the client is told, then the poll ends
    assert len(queued) == LIMITS.queued_packets + 2


def test_the_socket_io_server_runs_over_the_guarded_engine() -> None:
    server = GuardedSocketServer(LIMITS, async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=16_384)
    assert isinstance(server.eio, GuardedEngineServer) and server.eio.max_http_buffer_size == 16_384
    # Sanic accepts no response from a route marked a websocket's: Engine.IO's returns none after one
    assert getattr(server.eio.handle_request, "is_websocket", False) is True
