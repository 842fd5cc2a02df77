"""WCAG 2.1 AA, checked by axe-core (from npm, injected from node_modules: nothing downloaded) in
Chromium: the demo page with the widget open and a conversation held in it, the summary page and
the booked call's page; and the widget used with the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from lead_handoff.auth import hash_password
from lead_handoff.db import sessions
from lead_handoff.store import LeadStore
from lead_handoff.summaries import SummaryStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .servers import Assistant
from .test_inbox_browser import browser  # noqa: F401 - the module's Chromium fixture
from .test_widget_browser import TIMEOUT_MS, bot_says, send

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture()
def website(assistant: Assistant) -> Iterator[RunningApp]:
    app = create_app(
        LeadStore(sessions(assistant.leads_url)), {"consultant": hash_password("x")}, "a11y", rasa_url=assistant.url
    )
    running = RunningApp(app, assistant.web_port)
    yield running
    running.stop()


def new_page(browser: Browser) -> Page:  # noqa: F811
    # The pages' Content-Security-Policy admits no injected script: axe comes in past it.
    return browser.new_context(bypass_csp=True).new_page()


def violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
            .map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))""",
        WCAG_21_AA,
    )
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_widget_page_open_with_a_conversation(website: RunningApp, browser: Browser, language: str) -> None:  # noqa: F811
    page = new_page(browser)
    page.goto(f"{website.url}/?lang={language}")
    page.locator(".rw-launcher").wait_for(timeout=TIMEOUT_MS)
    assert violations(page) == []  # closed
    page.locator(".rw-launcher").click()
    bot_says(page, "intake assistant" if language == "en" else "assistant d'accueil")
    send(page, "I want to work in Canada" if language == "en" else "je veux travailler au Canada")
    bot_says(page, "citizenship" if language == "en" else "citoyenneté")
    assert violations(page) == []  # open, with messages and reply buttons


def test_the_widget_with_the_keyboard_alone(website: RunningApp, browser: Browser) -> None:  # noqa: F811
    page = new_page(browser)
    page.goto(f"{website.url}/?lang=en")
    launcher = page.locator(".rw-launcher")
    launcher.wait_for(timeout=TIMEOUT_MS)
    for _ in range(20):  # Tab through the page to the launcher
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('rw-launcher')"):
            break
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-label", "Open or close the chat")
    page.keyboard.press("Enter")
    bot_says(page, "intake assistant")
    field = page.locator(".rw-new-message")
    field.focus()
    page.keyboard.type("I want to work in Canada")
    page.keyboard.press("Enter")
    bot_says(page, "citizenship")
    messages = page.locator(".rw-messages-container")
    expect(messages).to_have_attribute("tabindex", "0")
    expect(messages).to_have_attribute("role", "log")
    messages.focus()
    page.keyboard.press("PageUp")  # the history scrolls from the keyboard


def test_the_summary_page(website: RunningApp, assistant: Assistant, browser: Browser) -> None:  # noqa: F811
    token = SummaryStore(sessions(assistant.leads_url)).create(
        "a11y",
        "a11y#0",
        "fr",
        {
            "created": "2026-12-03",
            "answers": [{"label": "la citoyenneté", "value": "France"}],
            "routes": [
                {
                    "name": "EIC – Vacances-travail",
                    "verdict": "eligible",
                    "permit": "permis de travail ouvert",
                    "code": "C21",
                    "reasons": ["Vous avez 25 ans."],
                    "to_check": [],
                    "next_steps": [{"text": "Créez un profil EIC.", "url": "https://www.canada.ca/iec.html"}],
                    "source": "https://www.canada.ca/pdi.html",
                    "page_date": "2025-12-24",
                }
            ],
            "rules_as_of": "2026-11-26",
            "disclaimer": "Ceci est une information générale.",
        },
    )
    page = new_page(browser)
    page.goto(f"{website.url}/summary/{token}")
    expect(page.locator("h1")).to_have_text("Votre résumé")
    assert violations(page) == []
    page.keyboard.press("Tab")
    expect(page.locator("#print")).to_be_focused()
