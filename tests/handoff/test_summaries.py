"""The summaries people keep: a link that opens one summary until it expires, and nothing when
tampered with, expired or erased with the person's data; the page itself, printable, private."""

from __future__ import annotations

import datetime
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from lead_handoff.models import utcnow
from lead_handoff.redact import install_in_records
from lead_handoff.store import LeadStore
from lead_handoff.summaries import SummaryStore
from tests.handoff.fakes import RunningApp
from tests.handoff.helpers import lead_data
from website.server import create_app

CONTENT = {
    "created": "2026-12-03",
    "answers": [{"label": "the citizenship", "value": "France"}, {"label": "the age", "value": "25"}],
    "routes": [
        {
            "name": "IEC Working Holiday",
            "verdict": "eligible",
            "permit": "open work permit",
            "code": "C21",
            "reasons": ["French citizens aged 18 to 35 may apply; you are 25."],
            "to_check": [],
            "next_steps": [{"text": "Create an IEC profile <b>now</b>", "url": "https://www.canada.ca/iec.html"}],
            "source": "https://www.canada.ca/pdi.html",
            "page_date": "2025-12-24",
        }
    ],
    "rules_as_of": "2026-11-26",
    "disclaimer": "This is general information, not legal advice.",
}


@pytest.fixture()
def summaries(store: LeadStore) -> SummaryStore:
    return SummaryStore(store.sessions)


def test_a_link_opens_its_summary_until_it_expires(summaries: SummaryStore) -> None:
    now = utcnow()
    token = summaries.create("conv-1", "conv-1#0", "en", CONTENT, days=30, now=now)
    assert len(token) == 43
    kept = summaries.open(token, now=now + datetime.timedelta(days=29, hours=23))
    assert kept is not None and kept.content == CONTENT and kept.language == "en"
    assert summaries.open(token, now=now + datetime.timedelta(days=30)) is None
    assert summaries.purge_expired(now=now + datetime.timedelta(days=30)) == 1


@pytest.mark.parametrize(
    "change",
    [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:-1], lambda t: t + "x", lambda t: "../" + t[3:]],
)
def test_a_tampered_link_opens_nothing(summaries: SummaryStore, change: object) -> None:
    token = summaries.create("conv-1", "conv-1#0", "en", CONTENT)
    assert summaries.open(change(token)) is None  # type: ignore[operator]


def test_two_summaries_never_share_a_link(summaries: SummaryStore) -> None:
    assert summaries.create("a", "a#0", "en", CONTENT) != summaries.create("a", "a#0", "en", CONTENT)


def test_deleting_a_conversation_deletes_its_summaries_and_no_other(store: LeadStore, summaries: SummaryStore) -> None:
    mine, other = (
        summaries.create("conv-1", "conv-1#0", "en", CONTENT),
        summaries.create("conv-2", "conv-2#0", "en", CONTENT),
    )
    store.delete_conversation("conv-1")
    assert summaries.open(mine) is None and summaries.open(other) is not None


def test_deleting_a_round_keeps_the_earlier_round_s_summary(store: LeadStore, summaries: SummaryStore) -> None:
    earlier, mine = (
        summaries.create("conv-1", "conv-1#0", "en", CONTENT),
        summaries.create("conv-1", "conv-1#1", "en", CONTENT),
    )
    store.delete_request("conv-1#1")
    assert summaries.open(mine) is None and summaries.open(earlier) is not None


def test_deleting_a_person_deletes_the_summaries_of_their_conversations(
    store: LeadStore, summaries: SummaryStore
) -> None:
    store.save(lead_data("conv-9", email="ana@example.com"), ())
    token = summaries.create("conv-9", "conv-9#0", "en", CONTENT)
    store.delete_person(email="ana@example.com")
    assert summaries.open(token) is None


@pytest.fixture()
def site(store: LeadStore) -> Iterator[RunningApp]:
    running = RunningApp(create_app(store, {}, "k", rasa_url="http://127.0.0.1:5005"))
    yield running
    running.stop()


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_page_shows_the_summary_privately_and_prints(site: RunningApp, summaries: SummaryStore) -> None:
    token = summaries.create("conv-1", "conv-1#0", "fr", {**CONTENT, "routes": CONTENT["routes"]})
    status, headers, page = fetch(f"{site.url}/summary/{token}")
    assert status == 200 and '<html lang="fr">' in page and "Votre résumé" in page
    assert "IEC Working Holiday" in page and "France" in page and "Create an IEC profile &lt;b&gt;now&lt;/b&gt;" in page
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in headers["X-Robots-Tag"] and "script-src 'self'" in headers["Content-Security-Policy"]
    assert "@media print" in page and '<script src="/static/print.js">' in page
    assert fetch(f"{site.url}/static/print.js")[0] == 200


def test_unknown_expired_and_erased_links_get_the_same_404(
    site: RunningApp, store: LeadStore, summaries: SummaryStore
) -> None:
    erased = summaries.create("conv-1", "conv-1#0", "en", CONTENT)
    expired = summaries.create("conv-2", "conv-2#0", "en", CONTENT, now=utcnow() - datetime.timedelta(days=31))
    store.delete_conversation("conv-1")
    pages = [fetch(f"{site.url}/summary/{token}") for token in (erased, expired, "A" * 43, "nope")]
    assert {status for status, _, _ in pages} == {404}
    assert len({page for _, _, page in pages}) == 1 and "Summary not found" in pages[0][2]


def test_a_summary_link_is_never_logged_in_full(summaries: SummaryStore, caplog: pytest.LogCaptureFixture) -> None:
    install_in_records()
    token = summaries.create("conv-1", "conv-1#0", "en", CONTENT)
    with caplog.at_level(logging.INFO):
        logging.getLogger("aiohttp.access").info('127.0.0.1 "GET /summary/%s HTTP/1.1" 200', token)
    assert token not in caplog.text and f"/summary/{token[:6]}…" in caplog.text
