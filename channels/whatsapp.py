"""WhatsApp through Twilio: Rasa's Twilio connector, with every request's X-Twilio-Signature
checked, and replies sent through Twilio's Messages API without blocking the server."""

from __future__ import annotations

import logging
import os
from typing import Any

import aiohttp
from rasa.core.channels.twilio import TwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.messaging import OnNewMessage, PlatformOutput, RecentMessages, hand_over, webhook_blueprint
from channels.signatures import TWILIO_SIGNATURE_HEADER, twilio_signed

logger = logging.getLogger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class WhatsAppOutput(PlatformOutput):
    platform_name = "whatsapp"

    def __init__(self, account_sid: str, auth_token: str, number: str) -> None:
        super().__init__()
        self.account_sid, self.auth_token, self.number = account_sid, auth_token, number

    async def post_text(self, recipient_id: str, text: str) -> None:
        url = f"{self.platform.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        await self.call_api(
            url,
            data={"To": recipient_id, "From": self.number, "Body": text},
            auth=aiohttp.BasicAuth(self.account_sid, self.auth_token),
        )

    async def post_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]]) -> None:
        raise AssertionError("WhatsApp choices are always numbered")  # platforms.yaml: choices: numbered


class WhatsAppChannel(TwilioInput):
    """Webhook: POST /webhooks/whatsapp/webhook (Twilio's "A message comes in")."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppChannel:
        if not credentials:
            return cls.raise_missing_credentials_exception()  # raises
        return cls(credentials["account_sid"], credentials["auth_token"], credentials["whatsapp_number"])

    def __init__(self, account_sid: str, auth_token: str, number: str) -> None:
        super().__init__(account_sid, auth_token, number, debug_mode=False)
        self.public_url = os.environ.get("WHATSAPP_WEBHOOK_URL")  # as registered with Twilio
        self.recent = RecentMessages()

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        webhook = webhook_blueprint(self.name())

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            form = {name: values[0] for name, values in request.form.items()}
            signature = request.headers.get(TWILIO_SIGNATURE_HEADER)
            if not twilio_signed(self.auth_token, self.public_url or request.url, form, signature):
                logger.warning("whatsapp: refused a request without a valid %s", TWILIO_SIGNATURE_HEADER)
                return response.text("invalid signature", status=403)
            sender, text = form.get("From"), form.get("Body")
            if sender and text is not None and self.recent.first_time(form.get("MessageSid")):
                await hand_over(
                    request, on_new_message, self.get_output_channel(), self.name(), sender, text.replace("¡", "@")
                )  # some carriers turn @ into ¡
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return webhook

    def get_output_channel(self) -> WhatsAppOutput:
        return WhatsAppOutput(self.account_sid, self.auth_token, self.twilio_number)
