"""rasa_runtime/tracker_store.py: Rasa's SQL tracker store with its database work in worker
threads. The endpoints files load it (Rasa falls back to an in-memory store, with only a warning,
when a custom store cannot be imported); what it writes is what Rasa's own store reads; the event
loop keeps turning while the database works; an event broker is fed once per event, on the loop."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from rasa_runtime.tracker_store import OffLoopSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_yaml("slots:\n  age:\n    type: float\n    mappings: [{type: custom}]\n")
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """SQLTrackerStore's settings for a new SQLite file or a new database on the real PostgreSQL."""
    if request.param == "sqlite":
        yield {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
        return
    name = f"imp_tracker_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {"dialect": "postgresql", "host": "127.0.0.1", "port": 5432, "db": name, "username": "postgres"}
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def conversation(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [
            SessionStarted(),
            ActionExecuted("action_listen"),
            UserUttered("I'm 27", {"name": "inform", "confidence": 0.9}, [{"entity": "age", "value": 27}]),
            SlotSet("age", 27),
            BotUttered("Thanks!"),
            ActionExecuted("action_listen"),
        ],
        DOMAIN.slots,
    )


def test_the_endpoints_files_load_this_store(settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in (
        "ACTION_ENDPOINT_URL",
        "ACTION_SERVER_TOKEN",
        "RASA_ACTIONS_MODULE",
        "REDIS_HOST",
        "REDIS_PORT",
        "REDIS_DB",
        "REDIS_PASSWORD",
        "REDIS_KEY_PREFIX",
    ):
        monkeypatch.setenv(variable, "unused")
    if settings["dialect"] == "sqlite":
        monkeypatch.setenv("RASA_TRACKER_DB", settings["db"])
        endpoints = ROOT / "endpoints.yml"
    else:
        for variable, value in (
            ("HOST", "127.0.0.1"),
            ("PORT", "5432"),
            ("NAME", settings["db"]),
            ("USER", "postgres"),
            ("PASSWORD", ""),
        ):
            monkeypatch.setenv(f"TRACKER_DB_{variable}", value)
        endpoints = ROOT / "endpoints.prod.yml"
    store = create_tracker_store(read_endpoints_from_path(endpoints).tracker_store, DOMAIN)
    assert type(store) is OffLoopSQLTrackerStore  # not Rasa's in-memory fallback, not an awaitable wrapper
    assert store.engine.url.get_backend_name() == settings["dialect"]


def test_what_it_writes_is_what_rasas_own_store_reads(settings: dict[str, Any]) -> None:
    store = OffLoopSQLTrackerStore(DOMAIN, **settings)
    rasas = SQLTrackerStore(DOMAIN, **settings)
    tracker = conversation("ana")

    async def scenario() -> None:
        await store.save(tracker)
        tracker.update(UserUttered("and French", {"name": "inform", "confidence": 0.9}))
        await store.save(tracker)  # only the new event is added
        ours, theirs = await store.retrieve("ana"), await rasas.retrieve("ana")
        assert ours is not None and theirs is not None
        assert list(ours.events) == list(theirs.events) == list(tracker.events)
        assert ours.get_slot("age") == 27
        full = await store.retrieve_full_tracker("ana")
        assert full is not None and len(full.events) == len(tracker.events)
        assert await store.retrieve("nobody") is None
        assert list(await store.keys()) == ["ana"]
        assert await store.exists("ana") and not await store.exists("nobody")

    asyncio.run(scenario())


def test_the_event_loop_keeps_turning_while_the_database_works(
    settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OffLoopSQLTrackerStore(DOMAIN, **settings)
    slow = 0.3
    query = SQLTrackerStore._event_query

    def slow_query(self: SQLTrackerStore, *args: Any, **kwargs: Any) -> Any:
        time.sleep(slow)  # a slow database, as a commit across a network or a long conversation is
        return query(self, *args, **kwargs)

    monkeypatch.setattr(SQLTrackerStore, "_event_query", slow_query)

    async def scenario() -> float:
        gaps: list[float] = []

        async def tick() -> None:
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                gaps.append(time.monotonic() - last)
                last = time.monotonic()

        ticker = asyncio.create_task(tick())
        await store.save(conversation("ana"))  # a save counts the stored events with the query
        await asyncio.gather(*(store.retrieve("ana") for _ in range(3)))
        ticker.cancel()
        return max(gaps)

    assert asyncio.run(scenario()) < slow / 2


class Broker:
    def __init__(self) -> None:
        self.published: list[tuple[str, str]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append((event["event"], threading.current_thread().name))


async def save_twice(store: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
    await store.save(tracker)
    tracker.update(BotUttered("How old are you?"))
    await store.save(tracker)


def test_an_event_broker_gets_what_rasas_store_gives_it_on_the_loop(settings: dict[str, Any]) -> None:
    published = {}
    for sender, store_class in (("ana", OffLoopSQLTrackerStore), ("bob", SQLTrackerStore)):
        broker = Broker()
        store = store_class(DOMAIN, event_broker=broker, **settings)  # type: ignore[arg-type]
        asyncio.run(save_twice(store, conversation(sender)))
        published[store_class] = broker.published
    ours, rasas = published[OffLoopSQLTrackerStore], published[SQLTrackerStore]
    assert [event for event, _ in ours] == [event for event, _ in rasas]
    assert len(ours) == 7  # every event of both saves, once
    assert {thread for _, thread in ours} == {threading.main_thread().name}
