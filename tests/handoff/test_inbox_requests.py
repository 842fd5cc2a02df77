"""The inbox's requests as a careless or hostile client sends them: page numbers that are not
numbers (`²`, twenty digits, thousands), a page past the end, a sign-out from another site (no CSRF
token), and form bodies that are not text. Each gets a page or a 4xx, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lead_handoff.auth import hash_password
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .helpers import lead_data
from .test_inbox import Browser, csrf_of, signed_in

USERS = {"alice": hash_password("correct horse", iterations=1000)}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture()
def inbox(store: LeadStore) -> Iterator[RunningApp]:
    running = RunningApp(create_app(store, USERS, "test-secret", env={"IMP_ENV": "development"}))
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("page", "shown", "leads"),
    [
        ("2", 2, 50),
        ("%C2%B2", 1, 50),  # "²": a digit to str.isdigit, which int() refuses
        ("%D9%A3", 1, 50),  # an Arabic-Indic three: ASCII digits only
        ("-1", 1, 50),
        ("0", 1, 50),
        ("3", 3, 21),
        ("7", 3, 21),  # past the end: the last page, not an empty one
        pytest.param("1" * 20, 3, 21, id="20-digits"),  # more than a 64-bit offset
        pytest.param("9" * 5000, 3, 21, id="5000-digits"),  # more digits than int() reads
        ("0003", 3, 21),
    ],
)
def test_any_page_number_shows_a_page(store: LeadStore, inbox: RunningApp, page: str, shown: int, leads: int) -> None:
    for n in range(121):
        store.save(lead_data(f"paged-{n}", name=f"Person {n}"), ())
    status, text, _ = signed_in(inbox).request(f"/inbox/?page={page}")
    assert status == 200, text[:300]
    assert f"Page {shown} of 3" in text and text.count('class="lead"') == leads


def test_a_search_past_its_last_page_shows_its_last_page(store: LeadStore, inbox: RunningApp) -> None:
    for n in range(3):
        store.save(lead_data(f"found-{n}", name=f"Zed {n}"), ())
    store.save(lead_data("other", name="Someone Else"), ())
    _, text, _ = signed_in(inbox).request("/inbox/?q=zed&page=4")
    assert text.count('class="lead"') == 3 and "(3 matching" in text and "Someone Else" not in text


def test_sign_out_needs_the_form_token(inbox: RunningApp) -> None:
    browser = signed_in(inbox)
    _, page, _ = browser.request("/inbox/")
    # Another site's form (no token, or a made-up one) does not sign the consultant out.
    assert browser.request("/inbox/logout", {})[0] == 403
    assert browser.request("/inbox/logout", {"csrf": "forged"})[0] == 403
    assert browser.request("/inbox/")[0] == 200
    status, _, headers = browser.request("/inbox/logout", {"csrf": csrf_of(page)})
    assert status == 303 and headers["Location"] == "/inbox/login"
    assert browser.request("/inbox/")[0] == 303  # signed out


def test_sign_out_without_a_session_only_clears_the_cookie(inbox: RunningApp) -> None:
    stale = Browser(inbox.url)
    status, _, headers = stale.request("/inbox/logout", {}, {"Cookie": "imp_inbox=gone.0000"})
    assert status == 303 and headers["Location"] == "/inbox/login" and "imp_inbox=" in headers["Set-Cookie"]


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (FORM, b"username=\xff\xfe&password=x"),  # not UTF-8
        ({"Content-Type": "application/x-www-form-urlencoded; charset=no-such-charset"}, b"username=a&password=b"),
    ],
)
def test_a_form_that_is_not_text_is_a_client_error(inbox: RunningApp, headers: dict[str, str], body: bytes) -> None:
    assert Browser(inbox.url).request("/inbox/login", headers=headers, body=body)[0] == 400
    browser = signed_in(inbox)
    assert browser.request("/inbox/logout", headers=headers, body=body)[0] == 400
    assert browser.request("/inbox/")[0] == 200  # still signed in
