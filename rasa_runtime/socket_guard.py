"""What one socket.io client may hold on the Rasa server (limits.yaml `widget_socket`).

python-socketio 5.8 and python-engineio 4.8, as they are, let a client keep on the server: every
attachment announced by a binary event (`_binary_packet`, filled before any handler runs and never
freed on disconnect), the packets queued for a client that does not read them, a sleeping ping task
for every pong it sends, and as many connections as it opens. The chat widget sends text only, so:

- a binary Engine.IO message, a socket.io BINARY_EVENT or BINARY_ACK, a frame or payload that is no
  Engine.IO packet, a packet type a client never sends or a socket.io packet that does not decode
  drops the connection before anything of it is kept;
- one connection may send `packets_per_connection` packets a window and have `queued_packets`
  waiting for it, or it is dropped; a pong counts only for the ping it answers;
- one address may hold `connections_per_address` connections, and open new ones at its message
  rate (`per_address`): a handshake over either is refused (429) before Engine.IO makes anything.

Dropping a websocket fails it at once (close code 1008, reading stops); a polling client is sent
CLOSE and its session is forgotten. The classes below override library internals: each is listed
in seams.yaml and checked (versions, target, parameters) when the widget channel builds its server.

And Sanic 21.12 logs a traceback at the end of every websocket (Engine.IO's route returns nothing
once the websocket is over, and Sanic wants a response from a route not marked as a websocket's):
the Engine.IO route is marked as one (`is_websocket`)."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import engineio
import socketio
from engineio import exceptions as engine_errors
from engineio import packet as engine_packet
from engineio.async_socket import AsyncSocket
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import packet as socket_packet

from rasa_runtime import seams
from rasa_runtime.guards import SlidingWindow, client_address, limits

logger = logging.getLogger(__name__)
SEAMS = (
    "socket_engine_server",
    "socket_connect",
    "socket_disconnect",
    "socket_packets",
    "engine_socket_made",
    "engine_packets",
    "engine_queue",
    "engine_websocket_frames",
    "engine_polling_payloads",
    "websocket_route",
)
POLICY_VIOLATION = 1008  # the websocket close code for a client that broke the rules
# What an Engine.IO 4 client sends after the handshake (PING and "probe" only while upgrading).
CLIENT_ENGINE_PACKETS = {engine_packet.CLOSE, engine_packet.PONG, engine_packet.MESSAGE, engine_packet.UPGRADE}
# The socket.io packets of a text-only client: CONNECT, DISCONNECT, EVENT, ACK.
CLIENT_SOCKET_PACKETS = {
    str(kind) for kind in (socket_packet.CONNECT, socket_packet.DISCONNECT, socket_packet.EVENT, socket_packet.ACK)
}
ENGINE_PACKET_START = set("0123456789")


@dataclass(frozen=True)
class SocketLimits:
    connections_per_address: int
    packets_per_connection: dict[str, Any]  # SlidingWindow's messages and seconds
    queued_packets: int
    new_connections_per_address: dict[str, Any]

    @classmethod
    def configured(cls) -> SocketLimits:
        settings = limits()
        socket = settings["widget_socket"]
        return cls(
            connections_per_address=socket["connections_per_address"],
            packets_per_connection=socket["packets_per_connection"],
            queued_packets=socket["queued_packets"],
            new_connections_per_address=settings["per_address"],
        )


def check_seams() -> None:
    """Stops the start (SeamError) if an overridden internal is not what it was written for."""
    for seam_id in SEAMS:
        seams.check(seam_id)


def refusal_response(request: Request, reason: str) -> HTTPResponse:
    """A refused handshake, in the language the request asks for (limits.yaml's widget_socket refusals)."""
    language = "fr" if request.headers.get("Accept-Language", "").strip().lower().startswith("fr") else "en"
    text = limits()["widget_socket"]["refusals"][reason][language]
    return response.json({"error": text, "reason": reason}, status=429)


class TextFrames:
    """The websocket as Engine.IO reads it, passing on only text frames that start an Engine.IO packet;
    any other frame drops the connection (Engine.IO would otherwise keep a binary frame, or fail on a
    malformed one with a traceback and leave its session open until the ping timeout)."""

    def __init__(self, websocket: Any, socket: GuardedSocket) -> None:
        self.websocket, self.socket = websocket, socket

    async def wait(self) -> Any:
        data = await self.websocket.wait()
        if isinstance(data, str) and data[:1] in ENGINE_PACKET_START:
            return data
        await self.socket.drop("a binary or malformed websocket frame")
        raise OSError("frame refused")  # ends Engine.IO's reading loop

    async def send(self, message: Any) -> None:
        await self.websocket.send(message)

    async def close(self) -> None:
        await self.websocket.close()


class GuardedSocket(AsyncSocket):
    """One client's Engine.IO connection, bounded (it becomes one when socket.io accepts it)."""

    socket_limits: SocketLimits
    packets: SlidingWindow
    websocket: Any
    last_ping: float | None

    @classmethod
    def adopt(cls, socket: AsyncSocket, socket_limits: SocketLimits) -> GuardedSocket:
        """Engine.IO makes its own AsyncSocket (async_server._handle_connect) and tells socket.io of
        it before the client's first packet: its class becomes this one there."""
        socket.__class__ = cls
        socket.socket_limits = socket_limits
        socket.packets = SlidingWindow(**socket_limits.packets_per_connection)
        socket.websocket = None
        return socket

    async def receive(self, pkt: engine_packet.Packet) -> None:
        if self.closing or self.closed:
            return  # what was already on its way when the connection was dropped
        refusal = self.refusal(pkt)
        if refusal:
            await self.drop(refusal)
            return
        if pkt.packet_type == engine_packet.PONG:
            if self.last_ping is None:
                return  # no ping waits for it: each pong would start another ping task
            self.last_ping = None
        await super().receive(pkt)

    def refusal(self, pkt: engine_packet.Packet) -> str | None:
        if not self.packets.allow(self.sid):
            return "too many packets"
        if pkt.packet_type not in CLIENT_ENGINE_PACKETS:
            return "an Engine.IO packet a client does not send"
        if pkt.packet_type == engine_packet.MESSAGE and not isinstance(pkt.data, str):
            return "a binary or non-text message"
        return None

    async def send(self, pkt: engine_packet.Packet) -> None:
        if not self.closing and self.queue.qsize() >= self.socket_limits.queued_packets:
            await self.drop("too many packets waiting for a client that does not read them")
            return
        await super().send(pkt)

    async def _websocket_handler(self, ws: Any) -> None:
        self.websocket = ws
        await super()._websocket_handler(TextFrames(ws, self))

    async def handle_post_request(self, environ: dict[str, Any]) -> None:
        try:
            await super().handle_post_request(environ)
        except ValueError as error:  # not UTF-8, not Engine.IO packets, more packets than a payload holds
            await self.drop("a malformed polling payload")
            raise engine_errors.EngineIOError() from error

    async def drop(self, reason: str) -> None:
        """Ends the connection now: the websocket fails (no more frames are read), a polling client
        is sent CLOSE, socket.io forgets the client, and so does Engine.IO."""
        if self.closing or self.closed:
            return
        logger.warning("socket.io: a connection was dropped: %s", reason)
        self.fail_websocket()
        await self.close(wait=False)
        self.queue.put_nowait(None)  # ends a waiting poll, or the websocket's writer
        self.server.sockets.pop(self.sid, None)

    def fail_websocket(self) -> None:
        sanic_websocket = getattr(self.websocket, "_sock", None)  # engineio.async_drivers.sanic.WebSocket
        if sanic_websocket is not None:
            sanic_websocket.fail_connection(POLICY_VIOLATION, "policy violation")


class GuardedEngineServer(engineio.AsyncServer):
    """python-engineio's server, counting each address's connections and refusing handshakes over
    its limits."""

    def __init__(self, *args: Any, socket_limits: SocketLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.socket_limits = socket_limits
        self.handshakes = SlidingWindow(**socket_limits.new_connections_per_address)
        self.connections: dict[str, set[str]] = defaultdict(set)
        self.address_of: dict[str, str] = {}

    async def handle_request(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        if request.method == "GET" and "sid" not in request.args:
            reason = self.handshake_refusal(client_address(request))
            if reason:
                return refusal_response(request, reason)
        return await super().handle_request(request, *args, **kwargs)

    # Sanic 21.12 (app.handle_request) raises "Invalid response type None" for a route that returns
    # nothing unless the route is marked a websocket's: Engine.IO's returns nothing after a websocket.
    handle_request.is_websocket = True  # type: ignore[attr-defined]

    def handshake_refusal(self, address: str) -> str | None:
        if len(self.connections.get(address, ())) >= self.socket_limits.connections_per_address:
            return "too_many_connections"
        if not self.handshakes.allow(address):
            return "too_fast"
        return None

    def admit(self, sid: str, environ: dict[str, Any]) -> bool:
        """Counts a new connection for its address and bounds its socket; False over the limit."""
        request = environ.get("sanic.request")
        address = client_address(request) if request is not None else "unknown"
        if len(self.connections.get(address, ())) >= self.socket_limits.connections_per_address:
            return False
        self.connections[address].add(sid)
        self.address_of[sid] = address
        if sid in self.sockets:
            GuardedSocket.adopt(self.sockets[sid], self.socket_limits)
        return True

    def release(self, sid: str) -> None:
        address = self.address_of.pop(sid, None)
        if address is None:
            return
        self.connections[address].discard(sid)
        if not self.connections[address]:
            del self.connections[address]

    async def drop(self, sid: str, reason: str) -> None:
        socket = self.sockets.get(sid)
        if isinstance(socket, GuardedSocket):
            await socket.drop(reason)


class GuardedSocketServer(socketio.AsyncServer):
    """python-socketio's server over GuardedEngineServer, refusing binary and malformed packets."""

    def __init__(self, socket_limits: SocketLimits, **kwargs: Any) -> None:
        check_seams()
        super().__init__(socket_limits=socket_limits, **kwargs)  # Engine.IO's options, passed on to it

    def _engineio_server_class(self) -> type[GuardedEngineServer]:
        return GuardedEngineServer

    async def _handle_eio_connect(self, eio_sid: str, environ: dict[str, Any]) -> bool:
        if not self.eio.admit(eio_sid, environ):
            return False  # Engine.IO answers 401 and forgets the socket
        await super()._handle_eio_connect(eio_sid, environ)
        return True

    async def _handle_eio_disconnect(self, eio_sid: str) -> None:
        self.eio.release(eio_sid)
        await super()._handle_eio_disconnect(eio_sid)

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        refusal = packet_refusal(data)
        if refusal:
            await self.eio.drop(eio_sid, refusal)
            return
        try:
            await super()._handle_eio_message(eio_sid, data)
        except (ValueError, TypeError, IndexError, KeyError):  # what socket.io raises on a malformed packet
            await self.eio.drop(eio_sid, "a malformed socket.io packet")


def packet_refusal(data: Any) -> str | None:
    """Why a socket.io packet is refused before socket.io reads it, or None. A BINARY_EVENT or
    BINARY_ACK would make socket.io keep every attachment it announces."""
    if not isinstance(data, str):
        return "a binary message"
    if data[:1] in (str(socket_packet.BINARY_EVENT), str(socket_packet.BINARY_ACK)):
        return "a binary socket.io packet"
    if data[:1] not in CLIENT_SOCKET_PACKETS:
        return "a socket.io packet a client does not send"
    return None
