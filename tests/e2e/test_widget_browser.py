"""The website's chat widget in a real browser (headless Debian Chromium, Playwright): open the
page, hold a conversation through the widget to a suggestion, reload and see the history, switch
to French. Screenshots are kept in reports/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lead_handoff.auth import hash_password
from lead_handoff.db import sessions
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .servers import Assistant
from .test_inbox_browser import ARTIFACTS, browser  # noqa: F401 - the module's Chromium fixture

TIMEOUT_MS = 30_000


@pytest.fixture()
def website(assistant: Assistant) -> Iterator[RunningApp]:
    app = create_app(
        LeadStore(sessions(assistant.leads_url)),
        {"consultant": hash_password("x")},
        "widget-test",
        rasa_url=assistant.url,
    )
    running = RunningApp(app, assistant.web_port)
    yield running
    running.stop()


def bot_says(page: Page, pattern: str) -> None:
    expect(page.locator(".rw-response").filter(has_text=re.compile(pattern))).not_to_have_count(0, timeout=TIMEOUT_MS)


def open_chat(page: Page) -> None:
    """Opens the chat unless the widget restored it open (the launcher toggles it)."""
    page.locator(".rw-launcher").wait_for(timeout=TIMEOUT_MS)
    try:
        page.locator(".rw-new-message").wait_for(timeout=3000)
    except PlaywrightTimeout:
        page.locator(".rw-launcher").click()


def chat_opened(browser: Browser, website: RunningApp) -> Page:  # noqa: F811
    """The English demo page, its chat opened and greeting."""
    page = browser.new_page()
    page.goto(f"{website.url}/?lang=en")
    page.locator(".rw-launcher").click()
    bot_says(page, "intake assistant")
    return page


def up_to_the_email(email: str) -> list[tuple[str, str]]:
    """A Japanese worker of 25 through the suggestion and the callback's consent, name and email:
    what the assistant asks (a pattern of its words) and what the person answers."""
    return [
        ("intake assistant", "I want to work in Canada"),
        ("citizenship", "I'm Japanese"),
        ("How old are you", "25"),
        ("job offer", "no"),
        ("transferring you", "no"),
        ("substantial investment", "no"),
        ("call you back", "yes please"),
        ("Privacy notice", "Yes, I agree"),
        ("What name", "Aiko Tanaka"),
        ("phone number", "no phone"),
        ("email address", email),
    ]


def send(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def test_a_conversation_through_the_widget_survives_a_reload_and_switches_to_french(
    website: RunningApp,
    browser: Browser,  # noqa: F811
) -> None:
    page = chat_opened(browser, website)
    page.locator(".rw-reply", has_text="I want to work in Canada").first.click()  # a button
    bot_says(page, "citizenship")
    send(page, "I'm Japanese")
    bot_says(page, "How old are you")
    send(page, "25")
    bot_says(page, "job offer")
    send(page, "no")
    bot_says(page, "transferring you")  # the intra-company transfer question
    send(page, "no")
    bot_says(page, "substantial investment")  # a CPTPP citizen: the investor question
    send(page, "no")
    bot_says(page, "Working Holiday")
    bot_says(page, "not legal advice")
    bot_says(page, "call you back")  # nothing is still on its way when the page reloads
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-en.png"))

    page.reload()
    open_chat(page)
    bot_says(page, "Working Holiday")  # the history is still there after a reload

    page.locator("#lang-fr").click()
    expect(page).to_have_url(re.compile(r"lang=fr"))
    open_chat(page)
    send(page, "what is CUSMA?")
    bot_says(page, "L'ACEUM")  # answered in the page's language
    page.screenshot(path=str(ARTIFACTS / "widget-fr.png"))
    page.close()


def test_the_preferred_time_is_quoted_back_as_text_never_as_a_link(
    website: RunningApp,
    browser: Browser,  # noqa: F811
) -> None:
    page = chat_opened(browser, website)
    for question, answer in (
        *up_to_the_email("aiko@example.org"),
        ("When would you prefer", "[now](javascript:alert(1)) or https://evil.example/x or <a href=x>here</a>"),
    ):
        bot_says(page, question)
        send(page, answer)
    bot_says(page, "In which time zone")
    send(page, "Eastern")
    bot_says(page, "A consultant will contact you")
    confirmation = page.locator(".rw-response").filter(has_text="A consultant will contact you").last
    expect(confirmation).to_contain_text("javascript: alert")
    assert confirmation.locator("a").count() == 0  # nothing of what was typed became a link
    page.close()
