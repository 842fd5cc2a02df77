"""What the Rasa server refuses before Rasa sees it (limits in limits.yaml): oversized channel
requests (413), over-long REST messages and malformed REST bodies, REST bodies without a sender, with
one outside the safe alphabet or naming their channel (400), the REST channel without its token when
REST_CHANNEL_TOKEN is set (401), senders and addresses sending too fast (429), and the HTTP API's
model-loading and training endpoints (403). Each refusal
says why in a JSON body; nothing of the request is logged.

And what a person types is read as words: Rasa takes a message starting with "/" as an intent
given directly ('/restart', '/inform{"age": 200}'), which skips understanding and validation and
can trigger internal intents. Only the shortcuts the widget itself sends (`intent_shortcuts`) stay."""

from __future__ import annotations

import hmac
import json
import os
import re
import time
from collections import defaultdict, deque
from functools import cache
from pathlib import Path
from typing import Any

import rasa.core.run
import yaml
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lead_handoff import addresses
from rasa_runtime import seams

LIMITS_FILE = Path(__file__).with_name("limits.yaml")
CHANNEL_PREFIXES = ("/webhooks/", "/socket.io")
REST_PATH = "/webhooks/rest/webhook"
_configure_app = rasa.core.run.configure_app
_parse_message = MessageProcessor.parse_message


@cache
def limits() -> dict[str, Any]:
    """limits.yaml; RASA_LIMIT_PER_SENDER and RASA_LIMIT_PER_ADDRESS (messages a minute) override
    its rates, for a firm's traffic or a test that sends from one address."""
    settings = yaml.safe_load(LIMITS_FILE.read_text(encoding="utf-8"))
    for key, variable in (("per_sender", "RASA_LIMIT_PER_SENDER"), ("per_address", "RASA_LIMIT_PER_ADDRESS")):
        if os.environ.get(variable):
            settings[key] = {"messages": int(os.environ[variable]), "seconds": 60}
    return settings


class SlidingWindow:
    """At most `messages` per `seconds` for each key (in this process)."""

    def __init__(self, messages: int, seconds: float) -> None:
        self.messages, self.seconds = messages, seconds
        self._times: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self._times[key]
        while times and now - times[0] >= self.seconds:
            times.popleft()
        if len(times) >= self.messages:
            return False
        times.append(now)
        if len(self._times) > 100_000:  # forget idle keys rather than grow without bound
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, t in self._times.items() if not t or now - t[-1] >= self.seconds]:
            del self._times[key]


def refuse(request: Request, status: int, reason: str, **values: object) -> HTTPResponse:
    """A refusal in the language the request asks for (limits.yaml's rest_refusals)."""
    language = "fr" if request.headers.get("Accept-Language", "").strip().lower().startswith("fr") else "en"
    template: str = limits()["rest_refusals"][reason][language]
    text = template.format(**values) if values else template  # some texts show JSON braces
    return response.json({"error": text, "reason": reason}, status=status)


def client_address(request: Request) -> str:
    """The client's address (lead_handoff.addresses: X-Forwarded-For's last hop, behind our proxy only)."""
    return addresses.client_address(request.ip, request.headers, addresses.trusts_forwarded("RASA_TRUST_FORWARDED_FOR"))


def rest_authorized(request: Request) -> bool:
    """With REST_CHANNEL_TOKEN set, the REST channel answers only `Authorization: Bearer <token>`:
    a firm's own site or back end calls it, the public uses the widget."""
    token = os.environ.get("REST_CHANNEL_TOKEN")
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def rest_sender(request: Request) -> tuple[str | None, HTTPResponse | None]:
    """The REST body's sender, or the refusal of a body that is not a REST message."""
    sender, reason, values = _read_rest_body(request)
    if reason:
        return None, refuse(request, 400, reason, **values)
    return sender, None


def _read_rest_body(request: Request) -> tuple[str | None, str | None, dict[str, int]]:
    """The sender, or why this REST body is refused (a key of rest_refusals, and the values its text
    names)."""
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # a deeply nested body overflows the parser
        return None, "not_json", {}
    if not isinstance(body, dict) or not isinstance(body.get("message", ""), str):
        return None, "not_a_message", {}
    message, sender = body.get("message") or "", body.get("sender")
    if not is_text(message) or (isinstance(sender, str) and not is_text(sender)):
        return None, "unreadable", {}
    if len(message) > limits()["max_message_chars"]:
        return None, "too_long", {"limit": limits()["max_message_chars"]}
    if body.get("input_channel", "rest") != "rest":
        return None, "channel_from_body", {}
    if not isinstance(sender, str) or not sender:
        return None, "no_sender", {}
    if len(sender) > limits()["max_sender_chars"]:
        return None, "sender_too_long", {"limit": limits()["max_sender_chars"]}
    if not re.fullmatch(limits()["sender_pattern"], sender):
        return None, "sender_alphabet", {}
    return sender, None, {}


def is_text(value: str) -> bool:
    """No lone surrogate: such a string cannot be written as UTF-8 (logs, the database)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def install(app: Sanic) -> None:
    settings = limits()
    app.config.REQUEST_MAX_SIZE = max(settings["max_request_bytes"], 1_048_576)  # the API's own bodies
    app.config.WEBSOCKET_MAX_SIZE = settings["max_socket_bytes"]  # the widget's frames
    per_sender = SlidingWindow(**settings["per_sender"])
    per_address = SlidingWindow(**settings["per_address"])
    blocked = {(route["method"], route["path"]) for route in settings["blocked_routes"]}

    @app.middleware("request")
    async def guard(request: Request) -> HTTPResponse | None:
        path = request.path.rstrip("/") or "/"
        if (request.method, path) in blocked:
            return refuse(request, 403, "disabled")
        # Sanic inflates nothing, but no caller here compresses: any Content-Encoding header, every
        # one of them (a proxy may act on another than the first), is refused on every route.
        if request.headers.getall("Content-Encoding", []):
            return refuse(request, 415, "compressed")
        if not path.startswith(CHANNEL_PREFIXES) or request.method != "POST":
            return None
        if len(request.body or b"") > settings["max_request_bytes"]:
            return refuse(request, 413, "too_large", limit=settings["max_request_bytes"])
        sender = None
        if path == REST_PATH:
            if not rest_authorized(request):
                return refuse(request, 401, "needs_token")
            sender, refusal = rest_sender(request)
            if refusal:
                return refusal
        # The messaging platforms' webhooks are signed and all come from the platforms' few addresses:
        # only the public chat (REST, socket.io) is limited per address.
        public_chat = path == REST_PATH or path.startswith("/socket.io")
        if (public_chat and not per_address.allow(client_address(request))) or (
            sender and not per_sender.allow(sender)
        ):
            return refuse(request, 429, "too_fast")
        return None


def _configure_guarded_app(*args: Any, **kwargs: Any) -> Sanic:
    app = _configure_app(*args, **kwargs)
    install(app)
    return app


def as_words(text: str | None) -> str | None:
    """'/restart' -> 'restart'; '/greet' (a shortcut the widget sends) stays as it is."""
    if not text or not text.startswith("/") or text.strip() in {f"/{s}" for s in limits()["intent_shortcuts"]}:
        return text
    return text.lstrip("/").strip() or text


# A character repeated past max_repeats ("!!!!!!", "soooo", "😀😀😀😀"); digits are left alone
# (a phone number can hold 0000). A word or sign repeated with spaces between ("! ! ! !", "a a a a").
REPEATED_CHARACTER = re.compile(r"([^\d\s])\1+")
REPEATED_TOKEN = re.compile(r"(?<!\S)(\S+)(?:\s+\1(?!\S))+")
TOKEN = re.compile(r"\w+|[^\w\s]")


def bounded(text: str | None) -> str | None:
    """What reaches the NLU, whatever the channel, bounded by what it costs: the NLU's work grows with
    the tokens (a sign or an emoji is a token of its own, and every token goes through the whole
    pipeline), not with the characters. At most max_message_chars (the REST channel and the widget
    refuse longer messages; a messaging platform's is cut), runs of one character or one token cut
    to max_repeats, and at most max_message_words words and max_message_signs signs: 2,000 "!" cost
    what "!!!" costs."""
    if not text:
        return text
    settings = limits()
    text = text[: settings["max_message_chars"]]
    repeats = settings["max_repeats"]
    text = REPEATED_CHARACTER.sub(lambda m: m.group(1) * min(len(m.group(0)), repeats), text)
    text = REPEATED_TOKEN.sub(lambda m: _first_repeats(m, repeats), text)
    return _within_token_budget(text, settings["max_message_words"], settings["max_message_signs"])


def _first_repeats(match: re.Match[str], repeats: int) -> str:
    tokens = match.group(0).split()
    return match.group(0) if len(tokens) <= repeats else " ".join(tokens[:repeats])


def _within_token_budget(text: str, max_words: int, max_signs: int) -> str:
    """The text up to its max_words-th word, without the signs past the max_signs-th."""
    kept: list[str] = []
    words = signs = position = 0
    for token in TOKEN.finditer(text):
        is_word = token.group(0)[0].isalnum() or token.group(0)[0] == "_"
        if is_word and words == max_words:
            break
        kept.append(text[position : token.start()])
        position = token.end()
        if is_word:
            words += 1
            kept.append(token.group(0))
        elif signs < max_signs:
            signs += 1
            kept.append(token.group(0))
    else:
        kept.append(text[position:])
    return "".join(kept).strip() or text[:1]


async def _parse_as_words(self: MessageProcessor, message: UserMessage, *args: Any, **kwargs: Any) -> Any:
    message.text = bounded(as_words(message.text))
    return await _parse_message(self, message, *args, **kwargs)


def apply() -> None:
    """After fair_nlu.apply(): the text is bounded before its lane is chosen."""
    global _parse_message
    seams.replace("guarded_server_app", _configure_guarded_app)
    _parse_message = seams.replace("typed_text_as_words", _parse_as_words)
