"""Two Rasa replicas on the production configuration (PostgreSQL tracker store, Redis lock store)
and one action server, on this machine's real PostgreSQL and Redis servers."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from lead_handoff.db import sessions
from lead_handoff.live import RasaApi, TakeoverStore, say, take_over
from lead_handoff.store import LeadStore
from tests.e2e.servers import Assistant, texts
from tests.e2e.test_conversations import (
    EMPLOYER_EN_AMERICAN,
    ROUTES_EN_AMERICAN,
    ROUTES_EN_FRENCH,
    ROUTES_FR_SPANISH,
    WORKER_EN_FRENCH,
    WORKER_FR_SPANISH,
)
from tests.e2e.test_widget_socket import Widget, origin

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
MAX_TURNS = 30
PERSONAS = {
    "en-worker": ("Hi", WORKER_EN_FRENCH, ROUTES_EN_FRENCH),
    "fr-worker": ("Bonjour", WORKER_FR_SPANISH, ROUTES_FR_SPANISH),
    "en-employer": ("Hello", EMPLOYER_EN_AMERICAN, ROUTES_EN_AMERICAN),
}


def create_database(prefix: str) -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name


def drop_database(name: str) -> None:
    admin = create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def tracker_db() -> Iterator[str]:
    name = create_database("imp_tracker")
    yield name
    drop_database(name)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, tracker_db: str) -> Iterator[Assistant]:
    leads_db = create_database("imp_leads")
    env = {
        "TRACKER_DB_HOST": "127.0.0.1",
        "TRACKER_DB_PORT": "5432",
        "TRACKER_DB_NAME": tracker_db,
        "TRACKER_DB_USER": "postgres",
        "TRACKER_DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "3",
        "REDIS_PASSWORD": "",
        "REDIS_KEY_PREFIX": f"imp{uuid.uuid4().hex[:8]}",
        "LEADS_DATABASE_URL": f"{POSTGRES}/{leads_db}",
        "TRACKER_DATABASE_URL": f"{POSTGRES}/{tracker_db}",
    }
    running = Assistant(tmp_path_factory.mktemp("cluster"), extra_env=env, endpoints="endpoints.prod.yml", replicas=2)
    try:
        yield running.start()
    finally:
        running.stop()
        drop_database(leads_db)


def converse_alternating(
    cluster: Assistant, sender: str, opening: str, answers: dict[str, str], replicas: tuple[int, ...] = (0, 1)
) -> list[str]:
    """The person's messages go to the replicas in turn; returns the messages sent."""
    sent = [opening]
    cluster.say(sender, opening, replica=replicas[0])
    for turn in range(1, MAX_TURNS):
        slots = cluster.slots(sender)
        asked = slots.get("requested_slot")
        if asked is None and slots.get("suggested_routes") is not None:
            return sent
        sent.append(answers[asked])
        cluster.say(sender, answers[asked], replica=replicas[turn % len(replicas)])
    raise AssertionError(f"{sender}: no suggestion after {MAX_TURNS} turns")


def user_messages(tracker_db: str, sender: str) -> list[str]:
    """What the tracker store holds of the person's messages, in order."""
    engine = create_engine(f"{POSTGRES}/{tracker_db}")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"), {"s": sender}
        ).all()
    engine.dispose()
    return [json.loads(row[0])["text"] for row in rows]


def test_conversations_alternating_between_replicas_many_at_once(cluster: Assistant, tracker_db: str) -> None:
    jobs = [(f"alt-{name}-{n}", *PERSONAS[name]) for n in range(3) for name in PERSONAS]

    def run(job: tuple[str, str, dict[str, str], list[str]]) -> list[str]:
        sender, opening, answers, _ = job
        return converse_alternating(cluster, sender, opening, answers)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        sent_by_job = list(pool.map(run, jobs))
    for (sender, _, _, routes), sent in zip(jobs, sent_by_job, strict=True):
        assert cluster.slots(sender)["suggested_routes"] == routes, sender
        assert user_messages(tracker_db, sender) == sent, f"{sender}: a message lost or duplicated"


def test_a_callback_across_replicas_makes_one_lead(cluster: Assistant) -> None:
    sender = "alt-callback"
    converse_alternating(cluster, sender, "Hi", WORKER_EN_FRENCH)
    for turn, answer in enumerate(
        ["yes please", "Yes, I agree", "Ana Pérez", "514 555 0199", "ana@example.org", "mornings", "Eastern"]
    ):
        reply = texts(cluster.say(sender, answer, replica=turn % 2))
    assert "A consultant will contact you" in reply
    cluster.say(sender, "can I speak to a consultant?", replica=1)
    cluster.say(sender, "yes", replica=0)
    cluster.say(sender, "Yes, I agree", replica=1)
    store = LeadStore(sessions(cluster.leads_url))
    assert len([lead for lead in store.newest_first() if lead.conversation_id == sender]) == 1


def test_one_replica_stops_mid_conversation_and_the_other_carries_on(cluster: Assistant, tracker_db: str) -> None:
    sender = "alt-failover"
    opening, answers, routes = PERSONAS["en-worker"]
    cluster.say(sender, opening, replica=0)
    cluster.say(sender, answers["audience"], replica=1)
    cluster.say(sender, answers["citizenships"], replica=0)
    cluster.stop_replica(1)
    converse_alternating(cluster, sender, answers["age"], answers, replicas=(0,))
    assert cluster.slots(sender)["suggested_routes"] == routes
    messages = user_messages(tracker_db, sender)
    assert messages[:4] == [opening, answers["audience"], answers["citizenships"], answers["age"]]


def test_the_conversation_survives_a_full_restart_on_postgresql(cluster: Assistant) -> None:
    sender = "alt-restart"
    opening, answers, routes = PERSONAS["fr-worker"]
    cluster.say(sender, opening)
    cluster.say(sender, answers["audience"])
    cluster.say(sender, answers["citizenships"])
    cluster.stop_replica(0)
    restarted = cluster.start_replica()
    cluster.wait_for_replica(restarted)
    slots = cluster.slots_on(sender, restarted)
    assert slots["citizenships"] == ["ES"] and slots["requested_slot"] == "age" and slots["language"] == "fr"
    converse_alternating(cluster, sender, answers["age"], answers, replicas=(restarted,))
    assert cluster.slots_on(sender, restarted)["suggested_routes"] == routes


def test_the_conversation_survives_a_full_restart_on_sqlite(tmp_path: Path) -> None:
    single = Assistant(tmp_path).start()
    try:
        opening, answers, routes = PERSONAS["en-employer"]
        sender = "sqlite-restart"
        single.say(sender, opening)
        single.say(sender, answers["audience"])
        single.say(sender, answers["citizenships"])
        single.stop_replica(0)
        restarted = single.start_replica()
        single.wait_for_replica(restarted)
        slots = single.slots_on(sender, restarted)
        assert slots["citizenships"] == ["US"] and slots["audience"] == "employer"
        converse_alternating(single, sender, answers[slots["requested_slot"]], answers, replicas=(restarted,))
        assert single.slots_on(sender, restarted)["suggested_routes"] == routes
    finally:
        single.stop()


def test_delete_my_data_erases_the_conversation_from_postgresql(cluster: Assistant, tracker_db: str) -> None:
    sender = "erase-on-postgresql"
    live = [i for i, process in enumerate(cluster.rasa_processes) if process.poll() is None]  # earlier tests stop some
    for turn, message in enumerate(("Hi", "I want to work in Canada", "I'm French and 28")):
        cluster.say(sender, message, replica=live[turn % len(live)])
    assert user_messages(tracker_db, sender)
    assert "Delete everything you told me" in texts(cluster.say(sender, "please delete my data", replica=live[0]))
    assert "deleted what you told me" in texts(cluster.say(sender, "yes", replica=live[-1]))
    engine = create_engine(f"{POSTGRES}/{tracker_db}")
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    engine.dispose()
    assert count == 0


def two_running_replicas(cluster: Assistant) -> tuple[int, int]:
    """Two replicas still running (the tests above stop and restart some), started if need be."""
    running = [index for index, process in enumerate(cluster.rasa_processes) if process.poll() is None]
    while len(running) < 2:
        index = cluster.start_replica()
        cluster.wait_for_replica(index)
        running.append(index)
    return running[-2], running[-1]


def test_a_consultants_message_reaches_the_widget_held_by_the_other_replica(cluster: Assistant) -> None:
    """The person's socket is on one replica; the live view's takeover goes through the other's API."""
    holding, other = two_running_replicas(cluster)

    async def scenario() -> list[str]:
        widget = await Widget(cluster.replica_url(holding), origin(cluster)).open()
        await widget.say({"message": "Hi", "customData": {"language": "en"}})
        conversation = f"web:{(widget.session_id or '').split('.')[0]}"
        api = RasaApi(cluster.replica_url(other), cluster.token)
        takeovers = TakeoverStore(sessions(cluster.leads_url))
        before = len(widget.replies)
        await take_over(api, takeovers, conversation, "marie")
        await say(api, takeovers, conversation, "marie", "Hello from replica 1")
        await widget.wait(lambda: len(widget.replies) >= before + 2)
        await widget.close()
        return [reply.get("text") or "" for reply in widget.replies[before:]]

    received = asyncio.run(scenario())
    assert received[0].startswith("Marie, a consultant, has joined") and received[1] == "Marie: Hello from replica 1"
