"""Taking over a live conversation, at the store: of consultants racing for one conversation one
wins (the database's primary key, SQLite and PostgreSQL); a takeover left idle goes back to the
assistant once, whoever sweeps; the consultant's first name as the person reads it."""

from __future__ import annotations

import asyncio
import datetime
import threading
from typing import Any

import pytest
from aiohttp import web

from lead_handoff.inbox_live import IDLE_MINUTES, RASA, TAKEOVERS, hand_back_idle
from lead_handoff.live import AlreadyTaken, TakeoverStore, first_name, line_of
from lead_handoff.models import Takeover
from lead_handoff.store import LeadStore


def test_of_consultants_racing_for_one_conversation_one_wins(store: LeadStore) -> None:
    takeovers = TakeoverStore(store.sessions)
    users = [f"consultant{i}" for i in range(6)]
    won, refused, barrier = [], [], threading.Barrier(len(users))

    def race(user: str) -> None:
        barrier.wait()
        try:
            takeovers.take("web:abc", user)
            won.append(user)
        except AlreadyTaken as taken:
            refused.append(taken.by)

    threads = [threading.Thread(target=race, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1 and len(refused) == 5 and set(refused) == set(won)
    assert takeovers.holder("web:abc") == won[0]
    takeovers.take("web:abc", won[0])  # taking it again is a no-op for its holder
    assert not takeovers.touch("web:abc", "someone-else") and not takeovers.release("web:abc", "someone-else")
    assert takeovers.release("web:abc", won[0]) and takeovers.holder("web:abc") is None


class RecordingRasa:
    def __init__(self) -> None:
        self.appended: list[tuple[str, list[dict[str, Any]]]] = []

    async def tracker(self, conversation: str) -> dict[str, Any]:
        return {"slots": {"language": "fr"}}

    async def append(self, conversation: str, events: list[dict[str, Any]]) -> None:
        self.appended.append((conversation, events))


def test_an_idle_takeover_goes_back_to_the_assistant_once(store: LeadStore) -> None:
    takeovers = TakeoverStore(store.sessions)
    takeovers.take("telegram:1", "marie")
    takeovers.take("telegram:2", "bob")
    with store.sessions() as session:
        session.get(Takeover, "telegram:1").last_activity_at -= datetime.timedelta(minutes=11)
        session.commit()
    rasa = RecordingRasa()
    app = web.Application()
    app[TAKEOVERS], app[RASA], app[IDLE_MINUTES] = takeovers, rasa, 10.0  # type: ignore[assignment]

    assert asyncio.run(hand_back_idle(app)) == ["telegram:1"]
    assert asyncio.run(hand_back_idle(app)) == []  # another replica's sweep finds nothing left
    assert takeovers.held() == {"telegram:2": "bob"}
    [(conversation, events)] = rasa.appended
    assert conversation == "telegram:1" and events[0] == {"event": "resume"}
    assert "de nouveau l'assistant" in events[1]["text"]


@pytest.mark.parametrize(
    ("user", "name"), [("marie.tremblay", "Marie"), ("bob", "Bob"), ("jean_luc@firm.ca", "Jean"), ("Zoë", "Zoë")]
)
def test_the_person_reads_the_consultants_first_name(user: str, name: str) -> None:
    assert first_name(user) == name


def test_a_consultants_message_is_shown_as_the_consultants() -> None:
    line = line_of(7, "web:a", "bot", 1.0, '{"event": "bot", "text": "Marie: hi", "metadata": {"consultant": "Marie"}}')
    assert line is not None and line.speaker == "consultant"
    assert line_of(8, "web:a", "bot", 1.0, "not json") is None


def test_an_alert_too_late_to_join_is_dropped_not_sent(store: LeadStore) -> None:
    from lead_handoff.alerts import raise_alert
    from lead_handoff.models import Alert
    from lead_handoff.outbox import Outbox

    assert raise_alert(store.sessions, "web:late", "socketio", "en", ["ana@firm.example"])
    assert not raise_alert(store.sessions, "web:late", "socketio", "en", ["ana@firm.example"])  # once
    assert not raise_alert(store.sessions, "web:nobody-on-duty", "socketio", "en", [])
    with store.sessions() as session:
        session.query(Alert).one().created_at -= datetime.timedelta(minutes=31)
        session.commit()
    assert Outbox(store.sessions, {}).deliver_due().sent == 0
    with store.sessions() as session:
        assert session.query(Alert).one().status == "expired"
