"""The chat widget's socket.io channel: Rasa's SocketIOInput, with what a public widget needs.

- Conversation ids the server owns: a session id is issued by the server and signed
  (`<random>.<issued>.<HMAC>` with WIDGET_SESSION_SECRET, `issued` in Unix seconds); a
  `session_request` with any other id (made up, another channel's, older than limits.yaml's
  `widget_session_days`, or of the earlier `<random>.<HMAC>` form, which had no lifetime) or with one
  whose conversation is empty (erased, or never used) starts a new conversation. The conversation id
  is `web:<random>`, which no REST sender can name (REST ids are letters, digits, `_`, `.` and `-`
  only: rasa_runtime/guards).
- After "delete my data" (rasa_runtime/erasure.py), the sockets of the erased conversation get a new
  session id (a second `session_confirm`, which rasa-webchat stores) and a new conversation. The old
  id resumes nothing: its conversation is empty (in every replica, after a restart too), and when
  only the round since a start over was erased (a shared device: the earlier round stays), its
  token is revoked in this process until the id would have expired anyway.
- Only the widget's origins (WIDGET_ALLOWED_ORIGINS) may open the socket from a browser; Rasa's own
  channel passes socket.io an empty list, which turns its Origin check off.
- Bounded work: socket.io packets and websocket frames are capped (limits.yaml `max_socket_bytes`),
  binary and malformed packets drop the connection, and connections per address, packets per
  connection and replies queued for one are bounded (rasa_runtime/socket_guard.py, `widget_socket`),
  a message over `max_message_chars` or of the wrong type gets a reply saying so and never reaches
  the NLU, and the per-sender and per-address rates of the REST channel apply to each conversation,
  each connection and each address.
- `customData` is reduced to the keys the widget sends (`language`, and the device's `timezone`
  which website/widget_timezone.js adds) before anything stores it.
- With several replicas (REDIS_HOST), socket.io's Redis manager carries what any replica sends to a
  conversation to the replica holding its socket (a consultant's message from the live view).

Rasa's SocketIOInput builds its socket.io server and handlers inside `blueprint()`, so this class
defines its own (the same events, the same SocketBlueprint and output); it can go once Rasa's
channel takes allowed origins, a buffer size, a session-id check and its socket.io server as
settings.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import time
import uuid
import zoneinfo
from collections.abc import Awaitable, Callable, Mapping
from functools import cache
from typing import Any
from urllib.parse import quote

import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lead_handoff.addresses import address_key
from lead_handoff.installation_secrets import installation_secret
from rasa_runtime.erasure import ERASED_LISTENERS
from rasa_runtime.guards import SlidingWindow, client_address, is_text, limits
from rasa_runtime.socket_guard import GuardedSocketServer, SocketLimits

logger = logging.getLogger(__name__)
CONVERSATION_PREFIX = "web:"
LANGUAGES = ("en", "fr")
SIGNATURE_CHARS = 32
SESSION_ID = re.compile(r"([0-9a-f]{32})\.([0-9]{1,12})\.([0-9a-f]{32})")
CLOCK_SKEW_SECONDS = 300  # an id issued by a replica whose clock is a little ahead


def session_secret() -> bytes:
    """WIDGET_SESSION_SECRET, shared by every replica; without it, this installation's own, kept in
    var/ across restarts (lead_handoff/installation_secrets.py)."""
    return installation_secret("widget-session", ("WIDGET_SESSION_SECRET",))


def sign(token: str, secret: bytes) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def issue_session(secret: bytes, now: float | None = None) -> str:
    issued = f"{uuid.uuid4().hex}.{int(time.time() if now is None else now)}"
    return f"{issued}.{sign(issued, secret)}"


def session_lifetime_seconds() -> float:
    return float(limits()["widget_session_days"]) * 86_400


def verified_token(session_id: Any, secret: bytes, now: float | None = None) -> str | None:
    """The random part of a session id this server issued within the session lifetime, or None (an id
    of the earlier `<random>.<HMAC>` form, from before ids carried their issue time, is None too)."""
    match = SESSION_ID.fullmatch(session_id) if isinstance(session_id, str) else None
    if match is None:
        return None
    token, issued, signature = match.groups()
    if not hmac.compare_digest(signature, sign(f"{token}.{issued}", secret)):
        return None
    age = (time.time() if now is None else now) - int(issued)
    return token if -CLOCK_SKEW_SECONDS <= age <= session_lifetime_seconds() else None


def conversation_of(session_id: str) -> str:
    return CONVERSATION_PREFIX + session_id.split(".")[0]


class Revocations:
    """Session tokens that resume nothing any more, each until its ids would have expired anyway (in
    this process; at most `limit`, the oldest forgotten first)."""

    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self._until: dict[str, float] = {}

    def revoke(self, token: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        for expired in [t for t, until in self._until.items() if until < now]:
            del self._until[expired]
        while len(self._until) >= self.limit:
            del self._until[next(iter(self._until))]
        self._until[token] = now + session_lifetime_seconds() + CLOCK_SKEW_SECONDS

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and self._until.get(token, 0.0) >= time.time()


def replicas_manager(env: Mapping[str, str] | None = None) -> socketio.AsyncRedisManager | None:
    """With several Rasa replicas (REDIS_HOST, as for the lock store), what one replica sends to a
    conversation reaches the person's socket on whichever replica holds it, through Redis: a
    consultant's message from the live view arrives by any replica's HTTP API. Without it, None
    (one replica: socket.io's own in-process manager)."""
    env = os.environ if env is None else env
    host = env.get("REDIS_HOST")
    if not host:
        return None
    password = quote(env.get("REDIS_PASSWORD", ""), safe="")
    credentials = f":{password}@" if password else ""
    url = f"redis://{credentials}{host}:{env.get('REDIS_PORT', '6379')}/{env.get('REDIS_DB', '0')}"
    return socketio.AsyncRedisManager(url, channel=f"{env.get('REDIS_KEY_PREFIX', 'imp')}:widget")


def allowed_origins() -> list[str]:
    return os.environ.get("WIDGET_ALLOWED_ORIGINS", "").split()


def page_metadata(data: dict[str, Any], key: str) -> dict[str, str]:
    """Only what a page may say of itself: its language and the time zone its device is set to
    (the widget's customData, the REST body's metadata), each kept only when it is one we know;
    anything else a client puts there is dropped before anything stores it."""
    metadata = data.get(key)
    if not isinstance(metadata, dict):
        return {}
    said = {"language": metadata.get("language"), "timezone": metadata.get("timezone")}
    known = {"language": LANGUAGES, "timezone": _zones()}
    return {name: value for name, value in said.items() if isinstance(value, str) and value in known[name]}


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class WidgetChannel(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = limits()
        self.secret = secret = session_secret()
        self.revoked = Revocations()
        origins = set(allowed_origins())
        # The Rasa server's own CORS layer (--cors) answers the browser's checks; socket.io's would add
        # a second header, so it stays off ([]) and `connect` refuses a foreign Origin itself.
        manager = replicas_manager()
        sio = GuardedSocketServer(
            SocketLimits.configured(),
            async_mode="sanic",
            cors_allowed_origins=[],
            max_http_buffer_size=settings["max_socket_bytes"],
            **({"client_manager": manager} if manager is not None else {}),
        )
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        ERASED_LISTENERS.append(self.renew_erased_session)
        per_conversation = SlidingWindow(**settings["per_sender"])
        per_address = SlidingWindow(**settings["per_address"])

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if origin is not None and origin not in origins:
                return False
            request = environ.get("sanic.request")
            address = client_address(request) if request is not None else "unknown"
            await sio.save_session(sid, {"address": address}, namespace=self.namespace)
            return True

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            session = await sio.get_session(sid, namespace=self.namespace)
            if "session_id" in session:  # one per connection: asked again, the same (no new id, no store read)
                await sio.emit("session_confirm", session["session_id"], room=sid, namespace=self.namespace)
                return
            asked = data.get("session_id") if isinstance(data, dict) else None
            await self._join(sid, await self._resumable(sid, asked) or issue_session(secret))

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            session = await sio.get_session(sid, namespace=self.namespace)
            conversation = session.get("conversation")
            metadata = page_metadata(data, self.metadata_key) if isinstance(data, dict) else {}
            refusal = self._refusal(data, conversation, session, sid, per_conversation, per_address)
            if refusal:
                text = settings["widget_refusals"][refusal][metadata.get("language", "en")]
                await sio.emit(self.bot_message_evt, {"text": text}, room=sid, namespace=self.namespace)
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            metadata = {**metadata, "client": address_key(session.get("address", "unknown"))}
            await on_new_message(
                UserMessage(data["message"], output, conversation, input_channel=self.name(), metadata=metadata)
            )

        return blueprint

    async def _join(self, sid: str, session_id: str) -> None:
        """Moves the socket to the conversation of session_id (out of any other) and gives it the id."""
        session = await self.sio.get_session(sid, namespace=self.namespace)
        previous = session.get("conversation")
        if previous:
            self.sio.leave_room(sid, previous, namespace=self.namespace)
        conversation = conversation_of(session_id)
        session = {**session, "conversation": conversation, "session_id": session_id}
        await self.sio.save_session(sid, session, namespace=self.namespace)
        self.sio.enter_room(sid, conversation, namespace=self.namespace)
        await self.sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

    async def _resumable(self, sid: str, asked: Any) -> str | None:
        """asked, if it is a session id this server issued, within its lifetime, not revoked, whose
        conversation holds something to resume; else None."""
        token = verified_token(asked, self.secret)
        if not isinstance(asked, str) or token is None or token in self.revoked:
            return None
        return asked if await self._has_events(sid, asked) else None

    async def _has_events(self, sid: str, session_id: str) -> bool:
        """Whether the conversation of session_id holds anything to resume (the tracker store Rasa's
        agent uses; an erased conversation holds nothing)."""
        environ = self.sio.get_environ(sid, namespace=self.namespace) or {}
        request = environ.get("sanic.request")
        agent = getattr(request.app.ctx, "agent", None) if request is not None else None
        if agent is None or agent.tracker_store is None:
            return True
        return bool(await agent.tracker_store.exists(conversation_of(session_id)))

    async def renew_erased_session(self, sender_id: str) -> None:
        """After "delete my data": the erased conversation's id is revoked, and its sockets (in this
        process) get a new session id, and with it a new conversation."""
        if not sender_id.startswith(CONVERSATION_PREFIX):
            return
        self.revoked.revoke(sender_id.removeprefix(CONVERSATION_PREFIX))
        try:
            sockets = [sid for sid, _ in self.sio.manager.get_participants(self.namespace or "/", sender_id)]
        except KeyError:  # no socket ever connected to this namespace
            return
        if sockets:
            session_id = issue_session(self.secret)
            for sid in sockets:
                await self._join(sid, session_id)

    @staticmethod
    def _refusal(
        data: Any,
        conversation: str | None,
        session: dict[str, Any],
        sid: str,
        per_conversation: SlidingWindow,
        per_address: SlidingWindow,
    ) -> str | None:
        """Why this event is not passed on (a key of limits.yaml's widget_refusals), or None."""
        if conversation is None:
            return "no_session"
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, str) or not message.strip() or not is_text(message):
            return "unreadable"
        if len(data["message"]) > limits()["max_message_chars"]:
            return "too_long"
        allowed = [
            per_conversation.allow(conversation),
            per_conversation.allow(f"socket:{sid}"),
            per_address.allow(session.get("address", "unknown")),
        ]
        return None if all(allowed) else "too_fast"
