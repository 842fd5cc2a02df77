"""The conversation beside the lead: the inbox's lead page shows both sides of the intake round the
lead came from, as Rasa's own SQL tracker store wrote them (SQLite and PostgreSQL), escaped, and
nothing of another conversation or of another round of a shared device; deleted with the lead."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from lead_handoff.store import LeadStore
from lead_handoff.transcripts import RESTART_ACTION, round_of
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .helpers import lead_data
from .test_inbox import USERS, Browser, signed_in
from .test_person_deletion import write_conversations

TIME_BUTTONS = {"buttons": [{"title": "Tue 16 Mar, 2:00 PM", "payload": "Tue 16 Mar, 2:00 PM"}]}


@pytest.fixture()
def inbox(store: LeadStore, database_url: str) -> Iterator[RunningApp]:
    env = {**os.environ, "TRACKER_DATABASE_URL": database_url}
    running = RunningApp(create_app(store, USERS, "test-secret", env=env))
    yield running
    running.stop()


def test_the_lead_page_shows_its_own_round_of_the_conversation_escaped(
    inbox: RunningApp, store: LeadStore, database_url: str
) -> None:
    write_conversations(
        database_url,
        {
            "shared-device": [
                UserUttered("/greet"),
                BotUttered("Hi! I am the intake assistant."),
                UserUttered("I'm Carla, Mexican, and my email is carla@example.org"),
                ActionExecuted(RESTART_ACTION),
                UserUttered("je suis Béa <script>alert(1)</script> et j'ai 29 ans", metadata={"language": "fr"}),
                BotUttered("When would you like the call?", data=TIME_BUTTONS),
                UserUttered("Tue 16 Mar, 2:00 PM"),
            ],
            "someone-else": [UserUttered("Dan here, +1 514 555 0123")],
        },
    )
    lead = store.save(lead_data("shared-device", request_key="shared-device#1", name="Béa"), ()).lead
    browser = signed_in(inbox)

    status, page, _ = browser.request(f"/inbox/leads/{lead.id}")
    assert status == 200
    transcript = page.split('id="transcript-title"', 1)[1]
    assert "je suis Béa &lt;script&gt;alert(1)&lt;/script&gt; et j&#39;ai 29 ans" in transcript
    assert "<script>alert" not in page
    assert "When would you like the call?" in transcript and "Buttons: Tue 16 Mar, 2:00 PM" in transcript
    assert transcript.index("je suis Béa") < transcript.index("When would you like") < transcript.rindex("Tue 16 Mar")
    assert '<span class="language">fr</span>' in transcript  # the lead is in English: the page's switch shows
    for someone_elses in ("Carla", "carla@example.org", "intake assistant", "Dan here", "555 0123"):
        assert someone_elses not in page  # the round before the start over, another conversation

    _, listing, _ = browser.request("/inbox/")
    assert f'href="/inbox/leads/{lead.id}"' in listing

    store.delete_conversation("shared-device", tracker_url=database_url)
    assert browser.request(f"/inbox/leads/{lead.id}")[0] == 404


def test_a_lead_from_before_rounds_were_kept_shows_its_whole_conversation(
    inbox: RunningApp, store: LeadStore, database_url: str
) -> None:
    write_conversations(database_url, {"old": [UserUttered("first round"), ActionExecuted(RESTART_ACTION)]})
    lead = store.save(lead_data("old", request_key="old"), ()).lead
    assert "first round" in signed_in(inbox).request(f"/inbox/leads/{lead.id}")[1]


def test_nobody_reads_a_conversation_without_signing_in(inbox: RunningApp, store: LeadStore) -> None:
    lead = store.save(lead_data("conv-1"), ()).lead
    status, _, headers = Browser(inbox.url).request(f"/inbox/leads/{lead.id}")
    assert status == 303 and headers["Location"] == "/inbox/login"
    assert signed_in(inbox).request("/inbox/leads/no-such-lead")[0] == 404


@pytest.mark.parametrize(
    ("key", "expected"),
    [("web:abc#0", 0), ("web:abc#12", 12), ("a#b#3", 3), ("web:abc", None), ("x#²", None), ("x#", None)],
)
def test_the_round_a_request_names(key: str, expected: int | None) -> None:
    assert round_of(key) == expected
