"""The inbox and the web service as a careful attacker tries them: a stolen cookie after logout, a
password spray from one address, a forged X-Forwarded-For, a timing probe for user names, a gzip
bomb, plain-HTTP cookies in production, and a service started with the firm's placeholders."""

from __future__ import annotations

import asyncio
import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import lead_handoff.inbox as inbox_module
from lead_handoff.addresses import client_address
from lead_handoff.auth import Throttle, hash_password
from lead_handoff.settings import EXAMPLE_FIRM, ConfigurationError, require_firm_details
from lead_handoff.store import LeadStore
from tests.handoff.fakes import RunningApp
from website.server import create_app

from .helpers import lead_data
from .test_inbox import Browser, csrf_of

USERS = {"alice": hash_password("correct horse"), "bob": hash_password("battery staple")}
ROOT = Path(__file__).resolve().parents[2]
DEV = {"IMP_ENV": "development"}


@pytest.fixture()
def behind_proxy(store: LeadStore) -> Iterator[RunningApp]:
    running = RunningApp(create_app(store, USERS, "test-secret", env={**DEV, "TRUST_FORWARDED_FOR": "1"}))
    yield running
    running.stop()


def sign_in(browser: Browser, user: str, password: str, forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return browser.request("/inbox/login", {"username": user, "password": password}, headers)[0]


def test_logout_revokes_the_session_cookie(behind_proxy: RunningApp) -> None:
    browser = Browser(behind_proxy.url)
    assert sign_in(browser, "alice", "correct horse") == 303
    _, page, _ = browser.request("/inbox/")
    stolen = next(iter(browser.jar)).value
    assert browser.request("/inbox/logout", {"csrf": csrf_of(page)})[0] == 303
    status = Browser(behind_proxy.url).request("/inbox/", headers={"Cookie": f"imp_inbox={stolen}"})[0]
    assert status == 303  # back to the sign-in page: the cookie names no session any more


def test_failed_sign_ins_slow_that_address_and_user_only(behind_proxy: RunningApp) -> None:
    attacker, colleague = Browser(behind_proxy.url), Browser(behind_proxy.url)
    codes = [sign_in(attacker, "alice", f"guess{n}", "198.51.100.7") for n in range(6)]
    assert codes == [401] * 5 + [429]
    # Alice at her own address, and Bob at the attacker's, are not locked out.
    assert sign_in(colleague, "alice", "correct horse", "203.0.113.20") == 303
    assert sign_in(Browser(behind_proxy.url), "bob", "battery staple", "198.51.100.7") == 303


def test_a_forged_forwarded_for_does_not_change_the_key(behind_proxy: RunningApp) -> None:
    attacker = Browser(behind_proxy.url)
    # Behind a proxy that appends (or, as deploy/nginx.conf does, overwrites), the last hop is the
    # address the proxy saw; whatever the client wrote before it does not count.
    codes = [sign_in(attacker, "alice", f"guess{n}", f"10.9.{n}.1, 198.51.100.7") for n in range(6)]
    assert codes[5] == 429
    assert client_address("10.0.0.2", {"X-Forwarded-For": "6.6.6.6, 203.0.113.5"}, True) == "203.0.113.5"
    assert client_address("203.0.113.5", {"X-Forwarded-For": "6.6.6.6"}, False) == "203.0.113.5"


def test_the_shipped_proxy_overwrites_forwarded_headers_and_hides_the_http_api() -> None:
    nginx = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "$proxy_add_x_forwarded_for" not in nginx
    server = nginx[nginx.index("server {") :]
    # Every location either sets X-Forwarded-For $remote_addr itself or inherits the server's.
    inherited = re.search(r"^    proxy_set_header X-Forwarded-For \$remote_addr;", server, re.M)
    for block in re.findall(r"location [^{]*\{([^}]*)\}", server):
        if "proxy_pass" in block and "proxy_set_header" in block:
            assert "proxy_set_header X-Forwarded-For $remote_addr;" in block
    assert inherited
    assert "/conversations" not in nginx.split("events {}", 1)[1]
    ingress = (ROOT / "deploy" / "kubernetes" / "imp-intake.yaml").read_text(encoding="utf-8")
    assert "path: /conversations" not in ingress
    compose = (ROOT / "deploy" / "docker-compose.yml").read_text(encoding="utf-8")
    assert 'TRUST_FORWARDED_FOR: "1"' in compose and 'RASA_TRUST_FORWARDED_FOR: "1"' in compose


def test_an_unknown_user_costs_a_hash_off_the_event_loop(behind_proxy: RunningApp, monkeypatch: Any) -> None:
    checked: list[tuple[str, bool]] = []
    real = inbox_module.check_password

    def spy(password: str, stored: str) -> bool:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        checked.append((stored, on_loop))
        return real(password, stored)

    monkeypatch.setattr(inbox_module, "check_password", spy)
    assert sign_in(Browser(behind_proxy.url), "mallory", "whatever") == 401
    assert sign_in(Browser(behind_proxy.url), "alice", "wrong") == 401
    assert len(checked) == 2 and not any(on_loop for _, on_loop in checked)
    unknown, known = (stored for stored, _ in checked)
    assert unknown.split("$")[1] == known.split("$")[1]  # the same PBKDF2 work for both


def test_a_gzip_bomb_or_a_multipart_form_is_refused_before_it_is_read(behind_proxy: RunningApp) -> None:
    bomb = gzip.compress(b"0" * 50_000_000)
    assert len(bomb) < 100_000
    browser = Browser(behind_proxy.url)
    gzipped = {"Content-Encoding": "gzip", "Content-Type": "application/x-www-form-urlencoded"}
    assert browser.request("/inbox/login", headers=gzipped, body=bomb)[0] == 415
    multipart = b"--x\r\nContent-Disposition: form-data; name=username\r\n\r\nalice\r\n--x--\r\n"
    status = browser.request(
        "/inbox/login", headers={"Content-Type": "multipart/form-data; boundary=x"}, body=multipart
    )[0]
    assert status == 415  # aiohttp 3.9 lets a multipart form outgrow its size limit (CVE-2025-69228)


@pytest.mark.parametrize(("env", "secure"), [({}, True), (DEV, False), ({**DEV, "INBOX_SECURE_COOKIES": "1"}, True)])
def test_session_cookies_are_secure_outside_development(store: LeadStore, env: dict[str, str], secure: bool) -> None:
    running = RunningApp(create_app(store, USERS, "test-secret", env=env))
    try:
        status, _, headers = Browser(running.url).request(
            "/inbox/login", {"username": "alice", "password": "correct horse"}
        )
    finally:
        running.stop()
    assert status == 303
    cookie = headers["Set-Cookie"]
    assert ("Secure" in cookie) is secure


def test_services_refuse_the_firm_placeholders_outside_development() -> None:
    with pytest.raises(ConfigurationError, match="FIRM_PRIVACY_URL, FIRM_CONTACT_EMAIL, FIRM_CONTACT_PHONE"):
        require_firm_details({})
    with pytest.raises(ConfigurationError, match="FIRM_CONTACT_PHONE"):
        require_firm_details(
            {**EXAMPLE_FIRM, "FIRM_PRIVACY_URL": "https://firm.ca/privacy", "FIRM_CONTACT_EMAIL": "intake@firm.ca"}
        )
    require_firm_details(DEV)
    require_firm_details(
        {
            "FIRM_PRIVACY_URL": "https://firm.ca/p",
            "FIRM_CONTACT_EMAIL": "a@firm.ca",
            "FIRM_CONTACT_PHONE": "+1 418 555 0199",
        }
    )


def test_the_throttle_slows_down_and_forgets() -> None:
    throttle = Throttle(free=2, window=60, longest=8)
    for second in (0, 1):
        throttle.failed("a", "alice", now=second)
    assert throttle.wait("a", "alice", now=1.5) == pytest.approx(0.5)  # 1 s after the 2nd failure
    throttle.failed("a", "alice", now=2)
    assert throttle.wait("a", "alice", now=2) == pytest.approx(2)  # then 2 s, 4 s, … at most 8 s
    assert throttle.wait("b", "alice", now=2) == 0 and throttle.wait("a", "bob", now=2) == 0
    assert throttle.wait("a", "alice", now=200) == 0  # outside the window


def test_thousands_of_leads_are_paged_and_searchable(store: LeadStore) -> None:
    for n in range(120):
        store.save(lead_data(f"flood-{n}", name=f"Junk {n}", email=f"junk{n}@spam.test"), ())
    store.save(lead_data("real-one", name="Amélie Tremblay", email="amelie@firm.ca"), ())
    running = RunningApp(create_app(store, USERS, "test-secret", env=DEV))
    try:
        browser = Browser(running.url)
        assert sign_in(browser, "alice", "correct horse") == 303
        _, first, _ = browser.request("/inbox/")
        assert first.count('class="lead"') == 50 and "Page 1 of 3" in first and "(121, newest first)" in first
        _, last, _ = browser.request("/inbox/?page=3")
        assert last.count('class="lead"') == 21 and "Page 3 of 3" in last
        _, found, _ = browser.request("/inbox/?q=amelie%40firm")
        assert found.count('class="lead"') == 1 and "Amélie Tremblay" in found
        _, literal, _ = browser.request("/inbox/?q=%25")  # a % is a character to find, not a wildcard
        assert literal.count('class="lead"') == 0
        assert browser.request("/inbox/?page=x")[0] == 200
    finally:
        running.stop()


def test_a_held_lead_is_shown_and_released_by_a_consultant(store: LeadStore) -> None:
    held = store.save({**lead_data("scripted-1", name="Bot Person"), "scripted": True}, ("webhook",)).lead
    assert held.status == "held" and store.deliveries(held.id) == []
    running = RunningApp(create_app(store, USERS, "test-secret", env=DEV, targets=("webhook",)))
    try:
        browser = Browser(running.url)
        assert sign_in(browser, "alice", "correct horse") == 303
        _, page, _ = browser.request("/inbox/?q=held")
        assert "Held for review" in page and "faster than a person types" in page
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        assert browser.request(f"/inbox/leads/{held.id}/release", {"csrf": "forged"})[0] == 403
        assert browser.request(f"/inbox/leads/{held.id}/release", {"csrf": csrf})[0] == 303
    finally:
        running.stop()
    assert store.get(held.id).status == "new" and [d.target for d in store.deliveries(held.id)] == ["webhook"]
