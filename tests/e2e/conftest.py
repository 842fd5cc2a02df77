from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.handoff.fakes import SmtpServer, WebhookReceiver

from .servers import Assistant

WEBHOOK_SECRET = "e2e-webhook-secret"


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
def assistant(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer, crm: WebhookReceiver) -> Iterator[Assistant]:
    env = {"LEADS_SMTP_HOST": "127.0.0.1", "LEADS_SMTP_PORT": str(smtp.port), "LEADS_EMAIL_TO": "intake@firm.test",
           "LEADS_WEBHOOK_URL": crm.url, "LEADS_WEBHOOK_SECRET": WEBHOOK_SECRET,
           "FIRM_PRIVACY_URL": "https://firm.test/privacy", "FIRM_CONTACT_PHONE": "+1 514 555 0100",
           "FIRM_CONTACT_EMAIL": "intake@firm.test"}
    running = Assistant(tmp_path_factory.mktemp("assistant"), extra_env=env)
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture()
def sender(request: pytest.FixtureRequest) -> str:
    return f"{request.node.name}-{Path(request.node.path).stem}"
