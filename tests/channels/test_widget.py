"""The widget channel's session ids and metadata, without a server."""

from __future__ import annotations

import time

import pytest

from channels.widget import Revocations, issue_session, page_metadata, sign, verified_token
from rasa_runtime.guards import bounded, limits

SECRET = b"unit-test-secret"


DAY = 86_400
ISSUED = 1_790_000_000.0


def test_an_issued_session_id_is_verified_and_nothing_else_is() -> None:
    session = issue_session(SECRET)
    token = verified_token(session, SECRET)
    assert token is not None and session.startswith(token + ".")
    assert verified_token(session, b"another-secret") is None
    assert verified_token(token, SECRET) is None
    assert verified_token(token + ".0" * 16, SECRET) is None
    assert issue_session(SECRET) != session


def test_a_session_id_lives_for_the_configured_days() -> None:
    days = limits()["widget_session_days"]
    session = issue_session(SECRET, now=ISSUED)
    assert verified_token(session, SECRET, now=ISSUED + days * DAY - 60) is not None
    assert verified_token(session, SECRET, now=ISSUED + days * DAY + 60) is None
    assert verified_token(session, SECRET, now=ISSUED - 3600) is None  # issued an hour in the future


def test_the_issue_time_cannot_be_changed_without_the_secret() -> None:
    token, _, signature = issue_session(SECRET, now=ISSUED).split(".")
    younger = f"{token}.{int(ISSUED) + 40 * DAY}.{signature}"
    assert verified_token(younger, SECRET, now=ISSUED + 41 * DAY) is None


def test_a_revoked_token_stays_revoked_until_its_ids_would_have_expired() -> None:
    days = limits()["widget_session_days"]
    revoked = Revocations(limit=2)
    revoked.revoke("a" * 32)
    assert "a" * 32 in revoked and "b" * 32 not in revoked and None not in revoked
    revoked.revoke("b" * 32)
    revoked.revoke("c" * 32)  # over the limit: the oldest is forgotten
    assert "a" * 32 not in revoked and "b" * 32 in revoked and "c" * 32 in revoked
    revoked.revoke("d" * 32, now=time.time() - (days + 1) * DAY)  # revoked long ago: its ids have expired
    assert "d" * 32 not in revoked


def test_an_id_from_before_ids_carried_their_issue_time_is_refused() -> None:
    token = "0123456789abcdef0123456789abcdef"
    assert verified_token(f"{token}.{sign(token, SECRET)}", SECRET) is None


@pytest.mark.parametrize("forged", [None, 42, "", "x", "a.b", "whatsapp:+15145550123", "a.b.c", ["x"], {"a": 1}])
def test_anything_else_is_refused(forged: object) -> None:
    assert verified_token(forged, SECRET) is None


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        ({"customData": {"language": "fr", "junk": "x" * 1000}}, {"language": "fr"}),
        ({"customData": {"language": "de"}}, {}),
        ({"customData": "fr"}, {}),
        ({}, {}),
        (
            {"customData": {"language": "en", "timezone": "Europe/Paris"}},
            {"language": "en", "timezone": "Europe/Paris"},
        ),
        ({"customData": {"timezone": "America/Nowhere"}}, {}),
        ({"customData": {"timezone": "../../etc/passwd"}}, {}),
        ({"customData": {"timezone": ["Europe/Paris"], "language": {"x": 1}}}, {}),
    ],
)
def test_only_the_language_and_a_real_time_zone_of_custom_data_are_kept(data: dict, kept: dict) -> None:
    assert page_metadata(data, "customData") == kept


def test_no_more_than_the_message_limit_reaches_the_nlu() -> None:
    limit = limits()["max_message_chars"]
    assert bounded("ab" * (limit * 30)) == "ab" * (limit // 2)
    assert bounded("hello") == "hello" and bounded(None) is None
