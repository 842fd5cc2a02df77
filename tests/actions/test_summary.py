""" "My summary": a link to the person's page, stored for its days; before any suggestion a promise;
by email too, only to a person who gave an address and consented, and a failed email is said."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as handoff
from actions.summary import ActionKeepSummary
from lead_handoff.db import sessions
from lead_handoff.summaries import SummaryStore
from tests.actions.helpers import domain, texts, tracker
from tests.handoff.fakes import SmtpServer

PERSON = {"citizenships": ["FR"], "age": 25, "has_job_offer": False, "is_student": False, "language": "en"}


@pytest.fixture()
def smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv("LEADS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LEADS_SMTP_PORT", str(server.port))
    monkeypatch.setenv("LEADS_EMAIL_TO", "intake@firm.test")
    monkeypatch.setenv("PUBLIC_WEB_URL", "https://firm.test")
    handoff.settings.cache_clear()
    yield server
    server.stop()
    handoff.settings.cache_clear()


def asked(slots: dict[str, Any]) -> list[str]:
    dispatcher = CollectingDispatcher()
    state = tracker("my summary please", {**PERSON, **slots}, intent="ask_summary", active_loop=None)
    assert asyncio.run(ActionKeepSummary().run(dispatcher, state, domain())) == []
    return texts(dispatcher)


def test_the_link_opens_the_summary_and_goes_by_email_to_who_consented(smtp: SmtpServer) -> None:
    said = asked({"suggested_routes": ["iec_working_holiday"], "consent": True, "email": "ana@example.org"})
    token = re.search(r"https://firm\.test/summary/([A-Za-z0-9_-]{43})", said[0])
    assert token and "30 days" in said[0] and said[1].startswith("I have also sent the link")
    kept = SummaryStore(sessions(handoff.settings().database_url)).open(token.group(1))
    assert kept is not None and [r["name"] for r in kept.content["routes"]] == ["IEC Working Holiday"]
    assert {"label": "the age", "value": "25"} in kept.content["answers"]
    [message] = smtp.messages
    assert message["To"] == "ana@example.org" and token.group(1) in message.get_payload(decode=True).decode()


def test_no_email_without_consent_and_a_failed_one_is_said(smtp: SmtpServer) -> None:
    assert len(asked({"suggested_routes": ["iec_working_holiday"], "email": "ana@example.org"})) == 1
    assert smtp.messages == []
    smtp.stop()
    said = asked({"suggested_routes": ["iec_working_holiday"], "consent": True, "email": "ana@example.org"})
    assert said[1].startswith("I could not email the link")


def test_before_a_suggestion_a_promise(smtp: SmtpServer) -> None:
    assert asked({"suggested_routes": None})[0].startswith("Your summary will be ready")
