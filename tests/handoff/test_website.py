"""The web service's public side: the demo page in both languages and the widget bundle."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest

from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app


@pytest.fixture()
def site(store: LeadStore) -> Iterator[RunningApp]:
    running = RunningApp(create_app(store, {}, "k", rasa_url="http://127.0.0.1:5005"))
    yield running
    running.stop()


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


@pytest.mark.parametrize(
    ("query", "lang", "text"),
    [
        ("", "en", "Work in Canada"),
        ("?lang=fr", "fr", "Travailler au Canada"),
        ("?lang=<script>", "en", "Work in Canada"),
    ],
)
def test_demo_page_in_both_languages(site: RunningApp, query: str, lang: str, text: str) -> None:
    status, _, page = fetch(f"{site.url}/{query}")
    assert status == 200 and f'<html lang="{lang}">' in page and text in page
    assert f'customData: {{language: "{lang}"}}' in page and "<script>alert" not in page


def test_the_widget_is_served_locally_without_third_party_fonts(site: RunningApp) -> None:
    status, kind, script = fetch(f"{site.url}/static/webchat.js")
    assert status == 200 and "javascript" in kind
    assert "WebChat" in script and "fonts.googleapis.com" not in script
