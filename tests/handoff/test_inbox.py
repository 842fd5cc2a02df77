"""The consultant inbox over HTTP: sign-in, escaping, CSRF, throttling, nothing without a session."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from http.cookiejar import CookieJar
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from lead_handoff.auth import Sessions, check_password, hash_password, parse_users
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .helpers import lead_data

USERS = {"alice": hash_password("correct horse")}


@pytest.fixture()
def inbox(store: LeadStore) -> Iterator[RunningApp]:
    running = RunningApp(create_app(store, USERS, "test-secret"))
    yield running
    running.stop()


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base: str) -> None:
        class NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
            def redirect_request(self, *args: object) -> None:
                return None

        self.base, self.jar = base, CookieJar()
        self._open = build_opener(HTTPCookieProcessor(self.jar), NoRedirect).open

    def request(
        self,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, str, dict[str, str]]:
        """The answer's status, text and headers; form is URL-encoded, body is sent as it is."""
        data = urllib.parse.urlencode(form).encode() if form is not None else body
        try:
            with self._open(Request(self.base + path, data=data, headers=headers or {}), timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except __import__("urllib.error").error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)


def signed_in(inbox: RunningApp) -> Browser:
    browser = Browser(inbox.url)
    assert browser.request("/inbox/login", {"username": "alice", "password": "correct horse"})[0] == 303
    return browser


def csrf_of(page: str) -> str:
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def test_nothing_without_signing_in(inbox: RunningApp, store: LeadStore) -> None:
    lead = store.save(lead_data(), ()).lead
    anonymous = Browser(inbox.url)
    status, _, headers = anonymous.request("/inbox/")
    assert status == 303 and headers["Location"] == "/inbox/login"
    assert anonymous.request(f"/inbox/leads/{lead.id}/contacted", {"csrf": "x"})[0] == 401
    assert store.get(lead.id).status == "new"
    assert anonymous.request("/health")[0] == 200


def test_sign_in_list_newest_first_escaped_and_mark_contacted(inbox: RunningApp, store: LeadStore) -> None:
    store.save(lead_data("c1", name="<script>alert('x')</script>"), ())
    second = store.save(lead_data("c2", name="Zoë O'Brien & Co"), ()).lead
    browser = Browser(inbox.url)
    assert browser.request("/inbox/login", {"username": "alice", "password": "wrong"})[0] == 401
    assert browser.request("/inbox/login", {"username": "alice", "password": "correct horse"})[0] == 303
    status, page, headers = browser.request("/inbox/")
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Zoë O&#39;Brien &amp; Co" in page
    assert page.index("Zoë") < page.index("&lt;script&gt;")  # newest first
    assert browser.request(f"/inbox/leads/{second.id}/contacted", {"csrf": "forged"})[0] == 403
    assert browser.request(f"/inbox/leads/{second.id}/contacted", {"csrf": csrf_of(page)})[0] == 303
    assert store.get(second.id).status == "contacted"


def test_failed_sign_ins_are_throttled(inbox: RunningApp) -> None:
    browser = Browser(inbox.url)
    codes = [browser.request("/inbox/login", {"username": "alice", "password": f"guess{n}"})[0] for n in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    assert browser.request("/inbox/login", {"username": "alice", "password": "correct horse"})[0] == 429


def test_passwords_and_sessions() -> None:
    stored = hash_password("s3cret")
    assert check_password("s3cret", stored) and not check_password("S3cret", stored)
    assert parse_users(f"bob:{stored}, ,bad") == {"bob": stored}
    users = {"bob": stored}
    tokens = Sessions("k")
    cookie = tokens.issue("bob", stored, now=1000)
    assert tokens.read(cookie, users, now=1001).user == "bob"
    assert tokens.read(cookie, users, now=1000 + 9 * 3600) is None  # expired
    assert tokens.read(cookie[:-1] + ("0" if cookie[-1] != "0" else "1"), users, now=1001) is None  # tampered
    assert Sessions("other").read(cookie, users, now=1001) is None  # another service's secret
    assert tokens.read(cookie, {"bob": hash_password("new password")}, now=1001) is None  # password changed
    tokens.revoke(cookie)
    assert tokens.read(cookie, users, now=1001) is None  # signed out
