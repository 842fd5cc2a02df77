from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.handoff.fakes import PlatformApi, SmtpServer, WebhookReceiver

from .servers import Assistant

WEBHOOK_SECRET = "e2e-webhook-secret"
# The messaging channels, configured as a firm would, their platform APIs a local stand-in.
CHANNELS = {
    "TWILIO_ACCOUNT_SID": "AC-e2e",
    "TWILIO_AUTH_TOKEN": "twilio-e2e-token",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15145550100",
    "TELEGRAM_BOT_TOKEN": "123:telegram-e2e",
    "TELEGRAM_SECRET_TOKEN": "telegram-e2e-secret",
    "MESSENGER_VERIFY_TOKEN": "messenger-e2e-verify",
    "MESSENGER_APP_SECRET": "messenger-e2e-secret",
    "MESSENGER_PAGE_ACCESS_TOKEN": "messenger-e2e-page",
}


@pytest.fixture(scope="package")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def crm() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver(WEBHOOK_SECRET).start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def platforms() -> Iterator[PlatformApi]:
    api = PlatformApi()
    yield api
    api.stop()


@pytest.fixture(scope="package")
def assistant(
    tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer, crm: WebhookReceiver, platforms: PlatformApi
) -> Iterator[Assistant]:
    env = {
        "LEADS_SMTP_HOST": "127.0.0.1",
        "LEADS_SMTP_PORT": str(smtp.port),
        "LEADS_EMAIL_TO": "intake@firm.test",
        "LEADS_WEBHOOK_URL": crm.url,
        "LEADS_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "FIRM_PRIVACY_URL": "https://firm.test/privacy",
        "FIRM_CONTACT_PHONE": "+1 514 555 0100",
        "FIRM_CONTACT_EMAIL": "intake@firm.test",
        **CHANNELS,
        **{f"{name}_API_URL": platforms.url for name in ("WHATSAPP", "TELEGRAM", "MESSENGER")},
    }
    running = Assistant(tmp_path_factory.mktemp("assistant"), extra_env=env)
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture()
def sender(request: pytest.FixtureRequest) -> str:
    # A REST conversation id: letters, digits, "_", "." and "-", at most 128 (rasa_runtime/limits.yaml).
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", f"{request.node.name}-{Path(request.node.path).stem}")
    return name if len(name) <= 100 else f"{name[:80]}-{hashlib.sha1(name.encode()).hexdigest()[:16]}"
