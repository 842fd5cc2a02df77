"""How each platform proves a webhook request is its own (no Rasa import). Every check is
constant-time and fails closed: a missing header, secret or malformed value is "not signed"."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

HUB_SIGNATURE_HEADER = "X-Hub-Signature-256"
TWILIO_SIGNATURE_HEADER = "X-Twilio-Signature"
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def twilio_signed(auth_token: str, url: str, form: Mapping[str, str], signature: str | None) -> bool:
    """Twilio: base64 HMAC-SHA1, keyed with the account's auth token, of the webhook address
    followed by every form field (name then value, sorted by name)."""
    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, dict(form), signature))


def hub_signed(app_secret: str, body: bytes, header: str | None) -> bool:
    """Meta: `sha256=` and the hex HMAC-SHA256 of the raw body, keyed with the app secret."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def hub_signature(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def telegram_signed(secret_token: str, header: str | None) -> bool:
    """Telegram: the secret token given to setWebhook, sent back in a header with every update."""
    return bool(secret_token) and header is not None and hmac.compare_digest(secret_token.encode(), header.encode())
