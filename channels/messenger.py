"""Facebook Messenger: Rasa's Facebook connector, with every request's X-Hub-Signature-256 checked
(Rasa's checks the older SHA-1 header), replies sent through the Send API without blocking the
server, and the choices shown as quick replies."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from rasa.core.channels.facebook import FacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.messaging import OnNewMessage, PlatformOutput, RecentMessages, hand_over, json_object, webhook_blueprint
from channels.signatures import HUB_SIGNATURE_HEADER, hub_signed

logger = logging.getLogger(__name__)
PREFIX = "messenger:"


class MessengerOutput(PlatformOutput):
    platform_name = "messenger"

    def __init__(self, page_access_token: str) -> None:
        super().__init__()
        self.page_access_token = page_access_token

    async def post_text(self, recipient_id: str, text: str) -> None:
        await self.send({"text": text}, recipient_id)

    async def post_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        replies = [{"content_type": "text", "title": b["title"], "payload": str(b["payload"])} for b in buttons]
        await self.send({"text": text, "quick_replies": replies}, recipient_id)

    async def send(self, message: dict[str, Any], recipient_id: str) -> None:
        body = {
            "recipient": {"id": recipient_id.removeprefix(PREFIX)},
            "messaging_type": "RESPONSE",
            "message": message,
        }
        # The token goes in a header, never in a URL that an error message could print.
        await self.call_api(
            f"{self.platform.api_url}/me/messages",
            json=body,
            headers={"Authorization": f"Bearer {self.page_access_token}"},
        )


class MessengerChannel(FacebookInput):
    """Webhook: GET (verification) and POST /webhooks/messenger/webhook."""

    @classmethod
    def name(cls) -> str:
        return "messenger"

    def __init__(self, fb_verify: str, fb_secret: str, fb_access_token: str) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.recent = RecentMessages()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = webhook_blueprint(self.name())

        @webhook.route("/webhook", methods=["GET"])
        async def verification(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if (
                request.args.get("hub.mode") == "subscribe"
                and self.fb_verify
                and hmac.compare_digest(token.encode(), self.fb_verify.encode())
            ):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("invalid verify token", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def events(request: Request) -> HTTPResponse:
            if not hub_signed(self.fb_secret, request.body, request.headers.get(HUB_SIGNATURE_HEADER)):
                logger.warning("messenger: refused a request without a valid %s", HUB_SIGNATURE_HEADER)
                return response.text("invalid signature", status=403)
            body = json_object(request)
            if body is None:
                return response.text("not a Messenger event", status=400)
            for event in _messaging_events(body):
                await self.handle(request, on_new_message, event)
            return response.text("EVENT_RECEIVED")

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage, event: dict[str, Any]) -> None:
        sender = str((event.get("sender") or {}).get("id") or "")
        message: dict[str, Any] = event["message"] if isinstance(event.get("message"), dict) else {}
        if not sender or message.get("is_echo") or not self.recent.first_time(message.get("mid")):
            return
        chosen = (message.get("quick_reply") or {}).get("payload") or (event.get("postback") or {}).get("payload")
        text = chosen or message.get("text")
        if isinstance(text, str):
            await hand_over(
                request, on_new_message, self.get_output_channel(), self.name(), PREFIX + sender, text, typed=not chosen
            )

    def get_output_channel(self) -> MessengerOutput:
        return MessengerOutput(self.fb_access_token)


def _messaging_events(body: dict[str, Any]) -> list[dict[str, Any]]:
    entries: list[Any] = body["entry"] if isinstance(body.get("entry"), list) else []
    return [
        event
        for entry in entries
        if isinstance(entry, dict)
        for event in (entry.get("messaging") or [])
        if isinstance(event, dict)
    ]
