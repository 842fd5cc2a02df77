from __future__ import annotations

import pytest

from rasa_runtime.action_server import token_ok
from rasa_runtime.action_server_down import unreachable
from rasa_runtime.guards import TOKEN, SlidingWindow, as_words, bounded, limits


@pytest.mark.parametrize(
    ("text", "most_tokens"),
    [
        ("!" * 2000, 3),
        ("! " * 1000, 3),
        ("😀" * 2000, 3),
        ("".join(chr(0x1F600 + i % 80) for i in range(2000)), 100),  # every emoji a token of its own
        ("a " * 1000, 3),
        (" ".join(chr(ord("a") + i % 26) for i in range(1000)), 400),  # a b c … z a b c …
        ("?!.,;:" * 333, 100),
    ],
)
def test_the_nlu_reads_at_most_a_bounded_number_of_tokens(text: str, most_tokens: int) -> None:
    assert len(text) <= limits()["max_message_chars"]
    assert 0 < len(TOKEN.findall(bounded(text) or "")) <= most_tokens


@pytest.mark.parametrize(
    "text",
    [
        "Hi! I'm 28, French, and I have a job offer in Toronto as a line cook.",
        "Call me at +1 800 000 0000 or 514-555-1111, please.",  # repeated digits are kept
        "Je m'appelle Zoë; j'ai 34 ans — et vous ?",
        " ".join(f"w{i}" for i in range(300)),  # a long real message (1,400 characters) keeps every word
    ],
)
def test_real_messages_reach_the_nlu_whole(text: str) -> None:
    assert bounded(text) == text


def test_typed_intent_shortcuts_are_read_as_words() -> None:
    assert as_words("/restart") == "restart"
    assert as_words('/inform{"age": 200}') == 'inform{"age": 200}'
    assert as_words("//session_start") == "session_start"
    assert as_words("/") == "/"
    assert as_words("/greet") == "/greet"  # the widget's own opening
    assert as_words("I'm 27") == "I'm 27"
    assert as_words("") == "" and as_words(None) is None


def test_sliding_window_limits_each_key_and_forgets_old_messages() -> None:
    window = SlidingWindow(messages=3, seconds=60)
    assert [window.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert window.allow("b", now=3)
    assert window.allow("a", now=60.5)  # the first message left the window


def test_action_server_token_is_compared_exactly() -> None:
    assert token_ok("s3cret", "s3cret")
    assert not token_ok("s3cret", "s3cre") and not token_ok("s3cret", None) and not token_ok("", "")


@pytest.mark.parametrize(
    ("error", "down"), [("connection", True), ("timeout", True), ("500", True), ("400", False), ("other", False)]
)
def test_only_an_unreachable_action_server_undoes_the_turn(error: str, down: bool) -> None:
    import asyncio

    import aiohttp
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import ClientResponseError

    causes = {
        "connection": aiohttp.ClientConnectionError(),
        "timeout": asyncio.TimeoutError(),
        "500": ClientResponseError(500, "error", "x"),
        "400": ClientResponseError(400, "bad", "x"),
        "other": ValueError(),
    }
    try:
        try:
            raise causes[error]
        except Exception as cause:
            raise RasaException("failed") from cause
    except RasaException as raised:
        assert unreachable(raised) is down


def test_erasure_follows_the_marker_of_this_turn_only() -> None:
    import asyncio

    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_runtime.erasure import asked_to_erase, erase

    marked = DialogueStateTracker.from_events("a", [UserUttered("delete my data"), SlotSet("erase_conversation", True)])
    later = DialogueStateTracker.from_events("a", [*marked.events, UserUttered("hello")])
    assert asked_to_erase(marked) and not asked_to_erase(later)
    store = InMemoryTrackerStore(Domain.empty())
    asyncio.run(store.save(marked))
    assert erase(store, "a") == 1 and erase(store, "a") == 0


def test_the_rest_channel_takes_a_token_when_one_is_set(monkeypatch) -> None:
    from types import SimpleNamespace

    from rasa_runtime.guards import rest_authorized

    def request(header: str | None) -> SimpleNamespace:
        return SimpleNamespace(headers={"Authorization": header} if header else {})

    assert rest_authorized(request(None))  # not set: open, as the contract's REST channel
    monkeypatch.setenv("REST_CHANNEL_TOKEN", "site-token")
    assert rest_authorized(request("Bearer site-token"))
    assert not rest_authorized(request(None)) and not rest_authorized(request("Bearer wrong"))
