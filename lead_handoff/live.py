"""A consultant takes over a live conversation (the inbox's live view, lead_handoff/inbox_live.py).

- Who holds a conversation is a row of `takeovers` in the leads database, which every web replica
  sees: taking it is an insert, so of two consultants racing one gets the row and the other a
  refusal from the database itself; handing back deletes it (also when it sat idle too long).
- The assistant stops answering through Rasa's own pause: a `pause` event in the conversation's
  tracker (every Rasa replica reads the tracker, and Rasa logs a paused conversation's messages
  without acting on them); `resume` gives it back, and the question that was waiting is asked again.
- What the consultant writes is appended to the tracker as the assistant's utterance, with the
  consultant's first name in its metadata, and sent by Rasa to the conversation's latest channel
  (widget, WhatsApp, Telegram, Messenger), through its HTTP API and token.
- The live view reads the tracker store's new events (a single poller per web process, one indexed
  query every half second while somebody watches) and pushes them to the pages (server-sent events).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import logging
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.dashboard import keyed
from lead_handoff.dashboard_facts import TAKEOVER_EVENT as JOINED  # the dashboard counts it
from lead_handoff.dashboard_facts import rounds_of
from lead_handoff.models import Takeover, utcnow
from lead_handoff.store import event_of
from lead_handoff.transcripts import CONSULTANT, spoken

logger = logging.getLogger(__name__)
TEXTS = Path(__file__).with_name("live_texts.yaml")
ACTIVE_MINUTES = 30  # a conversation is live while its person wrote within this
POLL_SECONDS = 0.5
REF_CHARS = 24
TAKE_ATTEMPTS = 3
ACCEPT = {"Accept": "application/json"}  # /domain answers YAML otherwise, or 406


@cache
def texts() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    return loaded


def conversation_ref(salt: str, conversation: str) -> str:
    """How the live view's pages and the alerts' links name a conversation: a keyed hash (the
    dashboard's salt), never its id, which for a messaging channel is a phone number."""
    return keyed(salt, conversation)[:REF_CHARS]


def first_name(user: str) -> str:
    """What the person is told of the consultant: the sign-in name's first part ("marie.tremblay",
    "marie@firm.ca" -> "Marie")."""
    for separator in ("@", ".", "_", " "):
        user = user.split(separator)[0]
    return user[:1].upper() + user[1:40]


class AlreadyTaken(RuntimeError):
    def __init__(self, by: str) -> None:
        super().__init__(f"taken over by {by}")
        self.by = by


class TakeoverStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def take(self, conversation: str, user: str) -> None:
        """The conversation is the user's; AlreadyTaken(by) when another consultant holds it. A row
        handed back between the refused insert and the read is tried again."""
        for _ in range(TAKE_ATTEMPTS):
            with self._sessions() as session:
                session.add(Takeover(conversation_id=conversation, consultant=user))
                try:
                    session.commit()
                    return
                except IntegrityError:
                    session.rollback()
                held = session.get(Takeover, conversation)
                if held is not None:
                    if held.consultant != user:
                        raise AlreadyTaken(held.consultant)
                    return
        raise AlreadyTaken("another consultant")

    def holder(self, conversation: str) -> str | None:
        with self._sessions() as session:
            held = session.get(Takeover, conversation)
            return str(held.consultant) if held else None

    def held(self) -> dict[str, str]:
        with self._sessions() as session:
            return {row.conversation_id: row.consultant for row in session.query(Takeover).all()}

    def touch(self, conversation: str, user: str) -> bool:
        """The consultant wrote: not idle. False when the conversation is not theirs (any more)."""
        with self._sessions() as session:
            held = session.get(Takeover, conversation)
            if held is None or held.consultant != user:
                return False
            held.last_activity_at = utcnow()
            session.commit()
            return True

    def release(self, conversation: str, user: str | None = None, idle_before: datetime.datetime | None = None) -> bool:
        """Hands back (the holder's, or whoever's when user is None; only if idle since idle_before
        when given): True for exactly one of several callers."""
        with self._sessions() as session:
            query = session.query(Takeover).filter(Takeover.conversation_id == conversation)
            if user is not None:
                query = query.filter(Takeover.consultant == user)
            if idle_before is not None:
                query = query.filter(Takeover.last_activity_at < idle_before)
            released = query.delete(synchronize_session=False)
            session.commit()
            return bool(released)

    def idle(self, before: datetime.datetime) -> list[str]:
        with self._sessions() as session:
            rows = session.query(Takeover.conversation_id).filter(Takeover.last_activity_at < before).all()
            return [conversation for (conversation,) in rows]


class RasaError(RuntimeError):
    """The Rasa server refused or did not answer."""


class RasaApi:
    """The few calls of Rasa's HTTP API a takeover needs (the token as Rasa reads it: `?token=`)."""

    def __init__(self, url: str, token: str) -> None:
        self._url, self._token = url.rstrip("/"), token

    async def _call(self, method: str, path: str, body: Any = None, **query: str) -> Any:
        params = {"token": self._token, **query}
        timeout = aiohttp.ClientTimeout(total=20)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as client,
                client.request(method, self._url + path, json=body, params=params, headers=ACCEPT) as answer,
            ):
                if answer.status >= 400:
                    raise RasaError(f"{method} {path.split('/')[1]}: HTTP {answer.status}")
                return await answer.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaError(f"{method} {path.split('/')[1]}: {type(error).__name__}") from error

    @staticmethod
    def _path(conversation: str) -> str:
        return f"/conversations/{quote(conversation, safe='')}"

    async def tracker(self, conversation: str) -> dict[str, Any]:
        found: dict[str, Any] = await self._call("GET", self._path(conversation) + "/tracker", include_events="NONE")
        return found

    async def append(self, conversation: str, events: list[dict[str, Any]]) -> None:
        """Appends events; the assistant's utterances among them go out on the latest channel."""
        path = self._path(conversation) + "/tracker/events"
        await self._call("POST", path, events, output_channel="latest", execute_side_effects="true")

    async def execute(self, conversation: str, action: str) -> None:
        await self._call("POST", self._path(conversation) + "/execute", {"name": action}, output_channel="latest")

    async def actions(self) -> set[str]:
        domain = await self._call("GET", "/domain")
        return set(domain.get("actions", [])) | set(domain.get("responses", {}))


def language_of(tracker: dict[str, Any]) -> str:
    language = (tracker.get("slots") or {}).get("language")
    return language if language in ("en", "fr") else "en"


async def take_over(api: RasaApi, store: TakeoverStore, conversation: str, user: str) -> None:
    """Claims the conversation (AlreadyTaken when another holds it), pauses the assistant and tells
    the person who joined, in their language."""
    store.take(conversation, user)
    try:
        language = language_of(await api.tracker(conversation))
        joined = texts()["joined"][language].format(name=first_name(user))
        await api.append(
            conversation,
            [{"event": "pause"}, {"event": "bot", "text": joined, "metadata": {JOINED: first_name(user)}}],
        )
    except RasaError:
        store.release(conversation, user)  # the assistant keeps the conversation
        raise


async def say(api: RasaApi, store: TakeoverStore, conversation: str, user: str, message: str) -> bool:
    """The consultant's message to the person (False when the conversation is not theirs)."""
    if not store.touch(conversation, user):
        return False
    said = f"{first_name(user)}: {message}"
    await api.append(conversation, [{"event": "bot", "text": said, "metadata": {CONSULTANT: first_name(user)}}])
    return True


async def hand_back(api: RasaApi, conversation: str, language: str | None = None) -> None:
    """The assistant again: resumed, the person told, and the question that was waiting asked again."""
    tracker = await api.tracker(conversation)
    language = language or language_of(tracker)
    await api.append(conversation, [{"event": "resume"}, {"event": "bot", "text": texts()["back"][language]}])
    pending = (tracker.get("slots") or {}).get("requested_slot")
    if isinstance(pending, str) and (tracker.get("active_loop") or {}).get("name"):
        known = await api.actions()
        ask = next((a for a in (f"action_ask_{pending}", f"utter_ask_{pending}") if a in known), None)
        if ask:
            await api.execute(conversation, ask)


# --- The live view's feed ------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    id: int
    conversation: str
    at: float
    speaker: str  # person, assistant, consultant
    text: str

    def as_json(self) -> str:
        return json.dumps({"speaker": self.speaker, "text": self.text, "at": self.at})


def line_of(event_id: int, conversation: str, type_name: str, timestamp: float, data: str) -> Line | None:
    found = spoken(type_name, data)
    return Line(event_id, conversation, timestamp or 0.0, found[0], found[1]) if found else None


class LiveFeed:
    """New messages of every conversation as they are stored, to whoever listens (a queue each; a
    None in it says the feed is closing)."""

    def __init__(self, tracker_url: str, poll_seconds: float = POLL_SECONDS) -> None:
        self._tracker_url, self._poll = tracker_url, poll_seconds
        self._listeners: set[asyncio.Queue[Line | None]] = set()
        self._task: asyncio.Task[None] | None = None

    @property
    def engine(self) -> Engine:
        return _engine(self._tracker_url)

    def subscribe(self) -> asyncio.Queue[Line | None]:
        queue: asyncio.Queue[Line | None] = asyncio.Queue(maxsize=1000)
        self._listeners.add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run())
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Line | None]) -> None:
        self._listeners.discard(queue)

    async def close(self, *_: object) -> None:
        """Every listener is told to stop (the server is shutting down)."""
        for queue in list(self._listeners):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(None)
        self._listeners.clear()
        if self._task is not None:
            self._task.cancel()

    def _top(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM events")).scalar() or 0)

    async def _run(self) -> None:
        last = await asyncio.to_thread(self._top)
        while self._listeners:
            try:
                lines = await asyncio.to_thread(self._after, last)
            except Exception as error:  # the tracker store is away: try again, nobody's page breaks
                logger.warning("live view: events not read (%s)", type(error).__name__)
                lines = []
            for line in lines:
                last = max(last, line.id)
                for queue in list(self._listeners):
                    if not queue.full():
                        queue.put_nowait(line)
            await asyncio.sleep(self._poll)

    def _after(self, last: int) -> list[Line]:
        statement = text(
            "SELECT id, sender_id, type_name, timestamp, data FROM events "
            "WHERE id > :last AND type_name IN ('user', 'bot') ORDER BY id LIMIT 2000"
        )
        with self.engine.connect() as connection:
            rows = connection.execute(statement, {"last": last}).all()
        return [line for row in rows if (line := line_of(*row)) is not None]


@cache
def _engine(url: str) -> Engine:
    return create_engine(url, pool_pre_ping=True)


@dataclass(frozen=True)
class LiveConversation:
    conversation: str
    channel: str
    language: str
    routes: list[str] | None
    last_wrote: float  # Unix time of the person's last message
    wants_human: bool  # the person's last message asked for a consultant


def live_conversations(tracker_url: str, now: float | None = None) -> list[LiveConversation]:
    """The conversations whose person wrote within ACTIVE_MINUTES, most recent first: channel,
    language and routes of their current round, and nothing they wrote."""
    now = now or time.time()
    engine = _engine(tracker_url)
    with engine.connect() as connection:
        recent = connection.execute(
            text(
                "SELECT sender_id, MAX(timestamp) FROM events WHERE type_name = 'user' AND timestamp > :since "
                "GROUP BY sender_id ORDER BY MAX(timestamp) DESC LIMIT 500"
            ),
            {"since": now - ACTIVE_MINUTES * 60},
        ).all()
        found = []
        for sender, last in recent:
            rows = connection.execute(
                text("SELECT data, intent_name, type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            ).all()
            events = [event for (data, _, _) in rows if (event := event_of(data)) is not None]
            rounds = rounds_of(events)
            current = rounds[-1] if rounds else None
            intents = [intent for (_, intent, kind) in rows if kind == "user"]
            found.append(
                LiveConversation(
                    sender,
                    current.channel if current else "",
                    current.language if current else "en",
                    current.routes if current else None,
                    float(last),
                    bool(intents) and intents[-1] == "request_consultant",
                )
            )
    return found
