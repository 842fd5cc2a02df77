"""Where a lead goes: an email to the firm's intake address (SMTP), and a JSON webhook to the
firm's CRM signed with HMAC-SHA256 over the exact body with a shared secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any, Protocol

from lead_handoff.settings import SmtpSettings, WebhookSettings

SIGNATURE_HEADER = "X-IMP-Signature"
DELIVERY_HEADER = "X-IMP-Delivery"  # the same id on every retry: the receiver can drop repeats
TIMEOUT_SECONDS = 15


class DeliveryError(RuntimeError):
    """The target did not take the lead; the delivery is retried later."""


class Sender(Protocol):
    def send(self, lead: dict[str, Any], delivery_id: str) -> None: ...


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str | None) -> bool:
    return signature is not None and hmac.compare_digest(sign(secret, body), signature)


class WebhookSender:
    def __init__(self, settings: WebhookSettings) -> None:
        self._settings = settings

    def send(self, lead: dict[str, Any], delivery_id: str) -> None:
        body = json.dumps(lead, ensure_ascii=False, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(self._settings.secret, body),
            DELIVERY_HEADER: delivery_id,
        }
        request = urllib.request.Request(self._settings.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                if not 200 <= response.status < 300:
                    raise DeliveryError(f"webhook answered {response.status}")
        except urllib.error.HTTPError as error:
            raise DeliveryError(f"webhook answered {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryError(f"webhook unreachable: {type(error).__name__}") from error


class EmailSender:
    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings

    def send(self, lead: dict[str, Any], delivery_id: str) -> None:
        settings = self._settings
        message = EmailMessage()
        message["From"], message["To"] = settings.sender, settings.recipient
        message["Subject"] = f"New intake lead {lead['id'][:8]} ({', '.join(lead['suggested_routes']) or 'no route'})"
        message["Message-ID"] = f"<{delivery_id}@imp-intake>"  # the same on every retry
        message.set_content(email_body(lead))
        send_email(settings, message)


def send_email(settings: SmtpSettings, message: EmailMessage) -> None:
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"SMTP failed: {type(error).__name__}") from error


def email_body(lead: dict[str, Any]) -> str:
    lines = [
        f"{key}: {lead[key]}"
        for key in (
            "name",
            "phone",
            "email",
            "preferred_time",
            "timezone",
            "language",
            "audience",
            "channel",
            "created_at",
            "conversation_id",
        )
    ]
    lines += ["", "Suggested routes: " + (", ".join(lead["suggested_routes"]) or "none"), "", lead.get("summary", "")]
    lines += ["", "Profile: " + json.dumps(lead["profile"], ensure_ascii=False, sort_keys=True)]
    return "\n".join(lines)
