"""The live view with 200 conversations going on at once, in Rasa's own SQL tracker store (SQLite):
the time of the list's rows (channel, language, routes of each), and of one poll of the feed reading
a burst of a message in every conversation."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from lead_handoff.live import LiveFeed, live_conversations


def _conversation(n: int, now: float, rng: random.Random) -> list[object]:
    events: list[object] = [ActionExecuted("action_session_start")]
    for turn in range(15):
        at = now - 600 + turn * 30 + rng.random()
        events += [
            UserUttered(f"answer {turn}", input_channel=rng.choice(["socketio", "whatsapp"]), timestamp=at),
            SlotSet("requested_slot", f"question_{turn}", timestamp=at),
            BotUttered(f"question {turn}?", timestamp=at + 1),
        ]
    events.append(SlotSet("suggested_routes", ["iec_working_holiday"] if n % 2 else []))
    return events


def live_seconds(workdir: Path, conversations: int = 200, runs: int = 3) -> dict[str, float]:
    workdir = workdir / "live"
    workdir.mkdir()
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(workdir / "tracker.db"))
    now, rng = time.time(), random.Random(3)

    async def write() -> None:
        for n in range(conversations):
            await store.save(DialogueStateTracker.from_events(f"web:{n}", _conversation(n, now, rng)))

    asyncio.run(write())
    url = f"sqlite:///{workdir / 'tracker.db'}"
    listing = []
    for _ in range(runs):
        start = time.perf_counter()
        rows = live_conversations(url, now=now)
        listing.append(time.perf_counter() - start)
    assert len(rows) == conversations
    feed = LiveFeed(url)
    last = feed._top()
    engine = create_engine(url)
    with engine.begin() as connection:  # a burst: every conversation's person writes at once
        for n in range(conversations):
            data = json.dumps({"event": "user", "text": "one more question", "timestamp": now})
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                {"s": f"web:{n}", "t": now, "d": data},
            )
    engine.dispose()
    start = time.perf_counter()
    burst = feed._after(last)
    poll = time.perf_counter() - start
    assert len(burst) == conversations
    return {
        "live_conversations": conversations,
        "live_list_s": round(statistics.median(listing), 3),
        "live_burst_poll_ms": round(poll * 1000, 1),
    }
