"""The consultant inbox in a real browser (headless Debian Chromium, driven by Playwright): refused
without credentials; sign in, see the lead a conversation made, mark it contacted. A screenshot is
kept in reports/ as an artifact."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from lead_handoff.auth import hash_password
from lead_handoff.db import sessions
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .servers import ROOT, Assistant, texts
from .test_conversations import EMPLOYER_FR_INDIAN, converse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "reports"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: make test installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def test_inbox_sign_in_see_the_lead_and_mark_it_contacted(assistant: Assistant, sender: str, browser: Browser) -> None:
    converse(assistant, sender, "Bonjour", EMPLOYER_FR_INDIAN)
    for answer in (
        "oui, rappelez-moi",
        "oui, j'accepte",
        "Farah <b>Haddad</b>",
        "438 555 0123",
        "non",
        "le matin",
        "heure de l'Est",
    ):
        reply = texts(assistant.say(sender, answer))
    assert "Merci" in reply
    store = LeadStore(sessions(assistant.leads_url))
    [lead] = [lead for lead in store.newest_first() if lead.conversation_id == sender]

    app = RunningApp(create_app(store, {"consultant": hash_password("inbox-test-password")}, "browser-test"))
    try:
        anonymous = browser.new_page()
        anonymous.goto(f"{app.url}/inbox/")
        assert anonymous.url.endswith("/inbox/login") and anonymous.locator("text=Sign in").first.is_visible()
        anonymous.close()

        page = browser.new_page()
        page.goto(f"{app.url}/inbox/login")
        page.fill("#username", "consultant")
        page.fill("#password", "wrong password")
        page.click("button[type=submit]")
        assert page.locator("[role=alert]").inner_text() == "Wrong user or password."
        page.fill("#username", "consultant")
        page.fill("#password", "inbox-test-password")
        page.click("button[type=submit]")
        card = page.locator(f"article[data-lead-id='{lead.id}']")
        assert card.locator("h2").inner_text().startswith("Farah <b>Haddad</b>")  # shown as typed, not as markup
        assert card.locator(".status").inner_text() == "new"
        assert "+14385550123" in card.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "inbox.png"), full_page=True)
        card.locator("button", has_text="Mark contacted").click()
        card = page.locator(f"article[data-lead-id='{lead.id}']")
        assert card.locator(".status").inner_text() == "contacted"
        assert store.get(lead.id).status == "contacted"
        page.close()
    finally:
        app.stop()
