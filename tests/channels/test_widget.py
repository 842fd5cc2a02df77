"""The widget channel's session ids and metadata, without a server."""

from __future__ import annotations

import pytest

from channels.widget import issue_session, page_metadata, verified_token
from rasa_runtime.guards import bounded, limits

SECRET = b"unit-test-secret"


def test_an_issued_session_id_is_verified_and_nothing_else_is() -> None:
    session = issue_session(SECRET)
    token = verified_token(session, SECRET)
    assert token is not None and session.startswith(token + ".")
    assert verified_token(session, b"another-secret") is None
    assert verified_token(token, SECRET) is None
    assert verified_token(token + ".0" * 16, SECRET) is None
    assert issue_session(SECRET) != session


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
    ],
)
def test_only_the_language_of_custom_data_is_kept(data: dict, kept: dict) -> None:
    assert page_metadata(data, "customData") == kept


def test_no_more_than_the_message_limit_reaches_the_nlu() -> None:
    limit = limits()["max_message_chars"]
    assert bounded("ab" * (limit * 30)) == "ab" * (limit // 2)
    assert bounded("hello") == "hello" and bounded(None) is None
