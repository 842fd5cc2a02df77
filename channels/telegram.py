"""Telegram: Rasa's Telegram connector, with every update's secret-token header checked, replies
sent through the Bot API without blocking the server, and no call to Telegram at start-up (the
webhook is registered once, by the firm: README, "Messaging channels")."""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.telegram import TelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.formatting import platform
from channels.messaging import OnNewMessage, PlatformOutput, RecentMessages, hand_over, json_object, webhook_blueprint
from channels.signatures import TELEGRAM_SECRET_HEADER, telegram_signed

logger = logging.getLogger(__name__)
PREFIX = "telegram:"


class TelegramOutput(PlatformOutput):
    platform_name = "telegram"

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def method_url(self, method: str) -> str:
        return f"{self.platform.api_url}/bot{self.token}/{method}"

    async def post_text(self, recipient_id: str, text: str) -> None:
        await self.call_api(self.method_url("sendMessage"), json={"chat_id": chat_id(recipient_id), "text": text})

    async def post_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        keyboard = [[{"text": b["title"], "callback_data": str(b["payload"])}] for b in buttons]
        await self.call_api(
            self.method_url("sendMessage"),
            json={"chat_id": chat_id(recipient_id), "text": text, "reply_markup": {"inline_keyboard": keyboard}},
        )

    async def acknowledge(self, callback_query_id: str) -> None:
        """Stops the spinner on the button the person pressed."""
        await self.call_api(self.method_url("answerCallbackQuery"), json={"callback_query_id": callback_query_id})


def chat_id(conversation_id: str) -> str:
    return conversation_id.removeprefix(PREFIX)


class TelegramChannel(TelegramInput):
    """Webhook: POST /webhooks/telegram/webhook, registered with setWebhook and a secret_token."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramChannel:
        if not credentials:
            return cls.raise_missing_credentials_exception()  # raises
        return cls(credentials["access_token"], credentials["secret_token"])

    def __init__(self, access_token: str, secret_token: str) -> None:
        super().__init__(access_token, verify=None, webhook_url=None, debug_mode=False)
        self.secret_token = secret_token
        self.recent = RecentMessages()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = webhook_blueprint(self.name())

        @webhook.route("/webhook", methods=["POST"])
        async def update(request: Request) -> HTTPResponse:
            if not telegram_signed(self.secret_token, request.headers.get(TELEGRAM_SECRET_HEADER)):
                logger.warning("telegram: refused an update without the secret token")
                return response.text("invalid secret token", status=403)
            body = json_object(request)
            if body is None:
                return response.text("not a Telegram update", status=400)
            if self.recent.first_time(str(body.get("update_id", "")) or None):
                await self.handle(request, on_new_message, body)
            return response.text("ok")

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage, update: dict[str, Any]) -> None:
        output = self.get_output_channel()
        pressed = update.get("callback_query")
        if isinstance(pressed, dict) and isinstance(pressed.get("message"), dict):
            await output.acknowledge(str(pressed.get("id", "")))
            await hand_over(
                request,
                on_new_message,
                output,
                self.name(),
                _conversation(pressed["message"]),
                str(pressed.get("data", "")),
                typed=False,
            )
            return
        message = update.get("message") or update.get("edited_message")
        text = _text_of(message) if isinstance(message, dict) else None
        if text is not None and isinstance(message, dict):
            await hand_over(request, on_new_message, output, self.name(), _conversation(message), text)

    def get_output_channel(self) -> TelegramOutput:
        return TelegramOutput(self.access_token)


def _conversation(message: dict[str, Any]) -> str:
    return f"{PREFIX}{(message.get('chat') or {}).get('id', '')}"


def _text_of(message: dict[str, Any]) -> str | None:
    """The words of a message (a sticker stands for its emoji, a photo for its caption); a bot
    command is read as words, never as one of Rasa's "/intent" shortcuts."""
    text = message.get("text") or message.get("caption") or (message.get("sticker") or {}).get("emoji")
    if not isinstance(text, str):
        return None
    if not text.startswith("/"):
        return text
    command, _, rest = text[1:].partition(" ")
    command = command.split("@")[0]
    if command == "start":
        # What the "Start" button means, in the language of the person's Telegram app.
        greetings = platform("telegram").start_greetings
        return greetings.get(str((message.get("from") or {}).get("language_code") or "")[:2], greetings["en"])
    return f"{command} {rest}".strip()
