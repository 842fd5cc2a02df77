"""A consultant takes over a live conversation through the running servers: in a messaging channel
(Telegram's stand-in) and in the browser widget, with the inbox in Chromium. The assistant stays
silent while the consultant holds the conversation, the person gets the consultant's words on their
channel, a second consultant cannot take it, and handing back resumes the question that waited."""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from lead_handoff.auth import hash_password
from lead_handoff.dashboard import Dashboard, Selection
from lead_handoff.db import sessions
from lead_handoff.live import conversation_ref
from lead_handoff.store import LeadStore
from tests.handoff.fakes import PlatformApi, RunningApp
from tests.handoff.test_inbox import Browser as Client
from tests.handoff.test_inbox import csrf_of
from website.server import create_app

from .servers import Assistant
from .test_callback import wait_for
from .test_inbox_browser import ARTIFACTS, browser  # noqa: F401 - the module's Chromium fixture
from .test_messaging_channels import bot_api, telegram, telegram_message
from .test_widget_browser import TIMEOUT_MS, bot_says, send

CONSULTANTS = {"marie.tremblay": hash_password("first pass"), "bob": hash_password("second pass")}


@pytest.fixture()
def website(assistant: Assistant) -> Iterator[RunningApp]:
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{assistant.workdir / 'tracker.db'}",
        "RASA_API_TOKEN": assistant.token,
    }
    app = create_app(
        LeadStore(sessions(assistant.leads_url)), CONSULTANTS, "live-test", rasa_url=assistant.url, env=env
    )
    running = RunningApp(app, assistant.web_port)
    yield running
    running.stop()


def signed_in(website: RunningApp, user: str, password: str) -> Client:
    client = Client(website.url)
    assert client.request("/inbox/login", {"username": user, "password": password})[0] == 303
    return client


def ref_of(assistant: Assistant, conversation: str) -> str:
    return conversation_ref(Dashboard(sessions(assistant.leads_url), None).salt(), conversation)


def taken_over_count(assistant: Assistant) -> int:
    dashboard = Dashboard(sessions(assistant.leads_url), f"sqlite:///{assistant.workdir / 'tracker.db'}")
    assert dashboard.refresh(budget_seconds=60) == 0
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return dashboard.report(Selection(today - datetime.timedelta(days=1), today)).step("taken_over")


def sent_texts(platforms: PlatformApi, since: int) -> list[str]:
    return [m["text"] for m in bot_api(platforms, since, "sendMessage")]


def test_a_telegram_conversation_taken_over_and_handed_back(
    assistant: Assistant, platforms: PlatformApi, website: RunningApp
) -> None:
    chat = 700_100
    taken_before = taken_over_count(assistant)
    assert telegram(assistant, telegram_message(chat, "Bonjour, je veux travailler au Canada")) == 200
    assert wait_for(lambda: assistant.slots(f"telegram:{chat}").get("requested_slot") == "citizenships")
    marie = signed_in(website, "marie.tremblay", "first pass")
    ref = ref_of(assistant, f"telegram:{chat}")
    status, listing, _ = marie.request("/inbox/live")
    assert status == 200 and f'data-ref="{ref}"' in listing and "telegram" in listing
    assert "Bonjour, je veux" not in listing  # no message text in the list

    status, page, _ = marie.request(f"/inbox/live/c/{ref}")
    assert status == 200 and "Bonjour, je veux travailler au Canada" in page
    mark = len(platforms.calls)
    assert marie.request(f"/inbox/live/c/{ref}/take", {"csrf": csrf_of(page)})[0] == 303
    assert wait_for(lambda: any("Marie, du cabinet" in t for t in sent_texts(platforms, mark)))

    bob = signed_in(website, "bob", "second pass")
    bob_page = bob.request(f"/inbox/live/c/{ref}")[1]
    status, _, headers = bob.request(f"/inbox/live/c/{ref}/take", {"csrf": csrf_of(bob_page)})
    assert status == 303 and headers["Location"].endswith("?note=taken")
    assert "taken over by marie.tremblay" in bob.request(f"/inbox/live/c/{ref}")[1]

    mark = len(platforms.calls)
    assert (
        marie.request(f"/inbox/live/c/{ref}/say", {"csrf": csrf_of(page), "message": "Bonjour, <b>ici</b> Marie"})[0]
        == 303
    )
    assert wait_for(lambda: "Marie: Bonjour, <b>ici</b> Marie" in sent_texts(platforms, mark))
    mark = len(platforms.calls)
    assert telegram(assistant, telegram_message(chat, "merci ! je suis française")) == 200
    time.sleep(2)
    assert sent_texts(platforms, mark) == []  # the assistant is silent while Marie holds it
    assert "merci ! je suis française" in marie.request(f"/inbox/live/c/{ref}")[1]

    mark = len(platforms.calls)
    assert marie.request(f"/inbox/live/c/{ref}/back", {"csrf": csrf_of(page)})[0] == 303
    assert wait_for(lambda: any("de nouveau l'assistant" in t for t in sent_texts(platforms, mark)))
    assert wait_for(lambda: any("passeport" in t for t in sent_texts(platforms, mark)))  # the question that waited
    mark = len(platforms.calls)
    assert telegram(assistant, telegram_message(chat, "française")) == 200
    assert wait_for(lambda: assistant.slots(f"telegram:{chat}").get("citizenships") == ["FR"])
    assert sent_texts(platforms, mark)  # the assistant answers again
    assert taken_over_count(assistant) == taken_before + 1  # the dashboard counts the takeover


def test_in_the_widget_the_consultant_writes_live_and_hands_back(
    assistant: Assistant,
    website: RunningApp,
    browser: Browser,  # noqa: F811
) -> None:
    person = browser.new_page()
    person.goto(f"{website.url}/?lang=en")
    person.locator(".rw-launcher").click()
    bot_says(person, "intake assistant")
    send(person, "I want to work in Canada")
    bot_says(person, "citizenship")

    consultant = browser.new_page()
    consultant.goto(f"{website.url}/inbox/login")
    consultant.fill("input[name=username]", "marie.tremblay")
    consultant.fill("input[name=password]", "first pass")
    consultant.locator("button[type=submit]").last.click()
    consultant.goto(f"{website.url}/inbox/live")
    row = consultant.locator("#live tbody tr", has_text="socketio").first
    expect(row).to_be_visible(timeout=TIMEOUT_MS)
    row.locator("a").click()
    expect(consultant.locator("#lines")).to_contain_text("I want to work in Canada", timeout=TIMEOUT_MS)

    send(person, "I'm Japanese, and <script>alert(1)</script>")  # pushed to the consultant's open page
    expect(consultant.locator("#lines")).to_contain_text("<script>alert(1)</script>", timeout=TIMEOUT_MS)
    bot_says(person, "How old are you")
    consultant.get_by_role("button", name="Take over").click()
    bot_says(person, "Marie, a consultant, has joined")
    consultant.fill("#message", "Hello, I'm Marie. How can I help?")
    consultant.get_by_role("button", name="Send").click()
    bot_says(person, "Marie: Hello, I'm Marie. How can I help?")
    send(person, "What about my age?")
    expect(consultant.locator("#lines")).to_contain_text("What about my age?", timeout=TIMEOUT_MS)
    person.wait_for_timeout(2000)
    last = person.locator(".rw-message").last
    expect(last).to_contain_text("What about my age?")  # no assistant reply after the person's message
    ARTIFACTS.mkdir(exist_ok=True)
    consultant.screenshot(path=str(ARTIFACTS / "inbox-live.png"))

    consultant.get_by_role("button", name="Hand back to the assistant").click()
    bot_says(person, "the assistant again")
    expect(person.locator(".rw-response").last).not_to_contain_text("the assistant again")  # the question asked again
    send(person, "29")
    bot_says(person, "job offer")
    person.close()
    consultant.close()
