"""The chat widget's socket.io channel: Rasa's SocketIOInput, with what a public widget needs.

- Conversation ids the server owns: a session id is issued by the server and signed
  (`<random>.<HMAC>` with WIDGET_SESSION_SECRET); a `session_request` with any other id (made up,
  or another channel's) starts a new conversation. The conversation id is `web:<random>`, which no
  REST sender can name (REST ids are letters, digits, `_`, `.` and `-` only: rasa_runtime/guards).
- Only the widget's origins (WIDGET_ALLOWED_ORIGINS) may open the socket from a browser; Rasa's own
  channel passes socket.io an empty list, which turns its Origin check off.
- Bounded work: socket.io packets and websocket frames are capped (limits.yaml `max_socket_bytes`),
  a message over `max_message_chars` or of the wrong type gets a reply saying so and never reaches
  the NLU, and the per-sender and per-address rates of the REST channel apply to each conversation,
  each connection and each address.
- `customData` is reduced to the key the widget sends (`language`) before anything stores it.

Rasa's SocketIOInput builds its socket.io server and handlers inside `blueprint()`, so this class
defines its own (the same events, the same SocketBlueprint and output); it can go once Rasa's
channel takes allowed origins, a buffer size and a session-id check as settings.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from lead_handoff.addresses import address_key
from rasa_runtime.guards import SlidingWindow, client_address, is_text, limits

logger = logging.getLogger(__name__)
CONVERSATION_PREFIX = "web:"
LANGUAGES = ("en", "fr")
SIGNATURE_CHARS = 32


def session_secret() -> bytes:
    """WIDGET_SESSION_SECRET, shared by every replica; without it, one made for this process (the
    widget's stored sessions then start anew after a restart)."""
    configured = os.environ.get("WIDGET_SESSION_SECRET")
    if configured:
        return configured.encode()
    logger.warning("WIDGET_SESSION_SECRET is not set: widget sessions will not survive a restart")
    return secrets.token_bytes(32)


def sign(token: str, secret: bytes) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def issue_session(secret: bytes) -> str:
    token = uuid.uuid4().hex
    return f"{token}.{sign(token, secret)}"


def verified_token(session_id: Any, secret: bytes) -> str | None:
    """The random part of a session id this server issued, or None."""
    if not isinstance(session_id, str) or session_id.count(".") != 1:
        return None
    token, signature = session_id.split(".")
    if len(token) != 32 or not hmac.compare_digest(signature, sign(token, secret)):
        return None
    return token


def allowed_origins() -> list[str]:
    return os.environ.get("WIDGET_ALLOWED_ORIGINS", "").split()


def page_metadata(data: dict[str, Any], key: str) -> dict[str, str]:
    """Only what a page may say of itself: its language (the widget's customData, the REST body's
    metadata); anything else a client puts there is dropped before anything stores it."""
    metadata = data.get(key)
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return {"language": language} if language in LANGUAGES else {}


class WidgetChannel(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        settings = limits()
        secret = session_secret()
        origins = set(allowed_origins())
        # The Rasa server's own CORS layer (--cors) answers the browser's checks; socket.io's would add
        # a second header, so it stays off ([]) and `connect` refuses a foreign Origin itself.
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=settings["max_socket_bytes"]
        )
        blueprint = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
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
            asked = data.get("session_id") if isinstance(data, dict) else None
            token = verified_token(asked, secret)
            session_id = asked if token and isinstance(asked, str) else issue_session(secret)
            conversation = CONVERSATION_PREFIX + (token or session_id.split(".")[0])
            session = await sio.get_session(sid, namespace=self.namespace)
            await sio.save_session(sid, {**session, "conversation": conversation}, namespace=self.namespace)
            sio.enter_room(sid, conversation, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

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
