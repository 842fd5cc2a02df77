"""What the three messaging channels share: the platform's API address, sending over HTTP without
blocking the server, replies fitted to the platform, numbered choices read back from the
conversation, and each platform message handled once even when the platform delivers it again."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.formatting import Platform, chosen_payload, platform, present, split_text

logger = logging.getLogger(__name__)
SEND_TIMEOUT = aiohttp.ClientTimeout(total=15)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def platform_settings(name: str) -> Platform:
    """The platform's limits, with its API address overridable (WHATSAPP_API_URL, ...) for a proxy
    or a local stand-in in tests."""
    settings = platform(name)
    override = os.environ.get(f"{name.upper()}_API_URL")
    if override:
        settings = replace(settings, api_url=override.rstrip("/"))
    return settings


class PlatformOutput(OutputChannel):
    """Sends replies through a platform's HTTP API. A failed send is logged, never raised: raising
    would make the platform deliver the person's message again and the assistant answer twice."""

    platform_name = ""

    def __init__(self) -> None:
        super().__init__()
        self.platform = platform_settings(self.platform_name)

    @classmethod
    def name(cls) -> str:
        return cls.platform_name

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, self.platform.max_text):
            await self.post_text(recipient_id, part)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        text, shown = present(text, buttons, self.platform)
        if not shown:
            await self.send_text_message(recipient_id, text)
            return
        *before, last = split_text(text, self.platform.max_text)
        for part in before:
            await self.post_text(recipient_id, part)
        await self.post_with_buttons(recipient_id, last, shown)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, image)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, str(attachment))

    async def send_custom_json(self, recipient_id: str, json_message: Any, **kwargs: Any) -> None:
        logger.warning("%s cannot show a custom payload; it was not sent", self.platform_name)

    async def post_text(self, recipient_id: str, text: str) -> None:
        raise NotImplementedError

    async def post_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    async def call_api(self, url: str, **request: Any) -> None:
        try:
            async with aiohttp.ClientSession(timeout=SEND_TIMEOUT) as session, session.post(url, **request) as response:
                if response.status >= 300:
                    logger.error(
                        "%s refused a reply: HTTP %s %s",
                        self.platform_name,
                        response.status,
                        (await response.text())[:300],
                    )
        except (aiohttp.ClientError, TimeoutError) as error:
            logger.error("%s could not be reached to send a reply: %r", self.platform_name, error)


class RecentMessages:
    """Platform message ids already handled by this process (the last `size` of them)."""

    def __init__(self, size: int = 2000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def first_time(self, message_id: str | None) -> bool:
        if not message_id:
            return True
        if message_id in self._seen:
            return False
        self._seen[message_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


async def offered_choices(request: Request, conversation_id: str) -> Sequence[dict[str, Any]]:
    """The buttons of the assistant's last turn in this conversation (read from the tracker store,
    so that any replica can read a numbered reply), or none."""
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        return []
    tracker = await agent.tracker_store.retrieve(conversation_id)
    if tracker is None:
        return []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return event.data["buttons"]
    return []


async def hand_over(
    request: Request,
    on_new_message: OnNewMessage,
    output: OutputChannel,
    channel: str,
    conversation_id: str,
    text: str,
    typed: bool = True,
) -> None:
    """Passes the person's message to the assistant; a typed number or title answering the last
    turn's choices becomes that choice's payload."""
    if typed:
        choice = chosen_payload(text, await offered_choices(request, conversation_id))
        text = choice if choice is not None else text
    try:
        await on_new_message(UserMessage(text, output, conversation_id, input_channel=channel))
    except Exception:  # the platform must still get its 200, or it delivers the message again
        logger.exception("%s: the message could not be handled", channel)


def json_object(request: Request) -> dict[str, Any] | None:
    """The request's JSON object, or None for a body that is not one."""
    try:
        body = request.json
    except Exception:  # Sanic raises its own BadRequest for a body that is not JSON
        return None
    return body if isinstance(body, dict) else None


def webhook_blueprint(channel: str) -> Blueprint:
    """The channel's blueprint with its health check (GET /webhooks/<channel>/). Request sizes are
    limited for every channel by rasa_runtime/guards.py."""
    webhook = Blueprint(f"{channel}_webhook", __name__)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return webhook
