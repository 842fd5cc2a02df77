"""The inbox's live view (lead_handoff/live.py does the work): the conversations going on now, one
of them as it happens, taking it over, writing to the person, handing it back. Pages name a
conversation by a keyed hash of its id (a messaging channel's id is a phone number, which stays out
of addresses and logs); the pages' script (static/live.js) listens to server-sent events."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import logging
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from lead_handoff.inbox_pages import (
    DASHBOARD,
    LIVE_POLICY,
    STORE,
    TRACKER_URL,
    read_form,
    render,
    session_of,
    signed_form,
)
from lead_handoff.live import (
    AlreadyTaken,
    Line,
    LiveConversation,
    LiveFeed,
    RasaApi,
    RasaError,
    TakeoverStore,
    conversation_ref,
    hand_back,
    live_conversations,
    say,
    take_over,
)
from lead_handoff.models import utcnow
from lead_handoff.transcripts import transcript

logger = logging.getLogger(__name__)
FEED = web.AppKey("live_feed", LiveFeed)
TAKEOVERS = web.AppKey("takeovers", TakeoverStore)
RASA = web.AppKey("rasa_api", RasaApi)
IDLE_MINUTES = web.AppKey("idle_minutes", float)
SWEEPER = web.AppKey("idle_sweeper", asyncio.Task)
SCRIPT = (Path(__file__).parent / "static" / "live.js").read_bytes()
KEEPALIVE_SECONDS = 15
SWEEP_SECONDS = 30
CHANGED_EVERY_SECONDS = 1.0
MAX_MESSAGE_CHARS = 2000


def add_live_view(app: web.Application, rasa: RasaApi | None, env: dict[str, str] | None = None) -> None:
    """The live view's routes and state; without the Rasa API's token or a tracker store, the list
    shows but nothing can be taken over."""
    env = dict(os.environ) if env is None else env
    app[TAKEOVERS] = TakeoverStore(app[STORE].sessions)
    app[IDLE_MINUTES] = float(env.get("LIVE_IDLE_MINUTES", "10"))
    if app[TRACKER_URL]:
        app[FEED] = LiveFeed(app[TRACKER_URL])
        app.on_shutdown.append(app[FEED].close)  # open streams end
    if rasa is not None:
        app[RASA] = rasa
        app.on_startup.append(_start_sweeper)  # type: ignore[arg-type]  # aiohttp 3.13 types the signal oddly
        app.on_cleanup.append(_stop_sweeper)  # type: ignore[arg-type]
    app.add_routes(
        [
            web.get("/static/live.js", live_script),
            web.get("/live", live_page),
            web.get("/live/rows.json", live_rows),
            web.get("/live/stream", live_stream),
            web.get("/live/c/{ref}", conversation_page),
            web.get("/live/c/{ref}/stream", conversation_stream),
            web.post("/live/c/{ref}/take", take),
            web.post("/live/c/{ref}/say", write),
            web.post("/live/c/{ref}/back", give_back),
        ]
    )


async def live_script(_: web.Request) -> web.Response:
    return web.Response(body=SCRIPT, content_type="application/javascript", headers={"Cache-Control": "no-cache"})


def _salt(request: web.Request) -> str:
    return request.app[DASHBOARD].salt()


async def _conversations(request: web.Request) -> list[LiveConversation]:
    if FEED not in request.app:
        return []
    return await asyncio.to_thread(live_conversations, request.app[TRACKER_URL])


async def _rows(request: web.Request) -> list[dict[str, object]]:
    held = await asyncio.to_thread(request.app[TAKEOVERS].held)
    salt = await asyncio.to_thread(_salt, request)
    return [
        {
            "ref": conversation_ref(salt, c.conversation),
            "channel": c.channel,
            "language": c.language,
            "routes": c.routes,
            "last_wrote": c.last_wrote,
            "taken_by": held.get(c.conversation),
            "wants_human": c.wants_human,
        }
        for c in await _conversations(request)
    ]


async def _resolve(request: web.Request) -> str:
    """The conversation a page's reference names: a live one, or one a consultant still holds."""
    ref = request.match_info["ref"]
    salt = await asyncio.to_thread(_salt, request)
    held = await asyncio.to_thread(request.app[TAKEOVERS].held)
    found = next((c for c in held if conversation_ref(salt, c) == ref), None)
    if found is None:  # not held: among those going on now (which reads every live conversation)
        live = [c.conversation for c in await _conversations(request)]
        found = next((c for c in live if conversation_ref(salt, c) == ref), None)
    if found is None:
        raise web.HTTPNotFound(text="this conversation is not live any more")
    return found


def _signed_in(request: web.Request) -> str:
    session = session_of(request)
    if session is None:
        raise web.HTTPSeeOther("/inbox/login")
    return session.user


async def live_page(request: web.Request) -> web.StreamResponse:
    session = session_of(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    rows = await _rows(request)
    return render(
        "live.html", policy=LIVE_POLICY, rows=rows, now=utcnow().timestamp(), user=session.user, csrf=session.csrf
    )


async def live_rows(request: web.Request) -> web.Response:
    _signed_in(request)
    return web.json_response(await _rows(request), headers={"Cache-Control": "no-store"})


async def _events(request: web.Request) -> web.StreamResponse:
    stream = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    stream.headers["X-Accel-Buffering"] = "no"  # nginx passes each event on at once
    await stream.prepare(request)
    return stream


async def _with_keepalive(feed: LiveFeed) -> AsyncIterator[Line | None]:
    """The feed's lines, and None after KEEPALIVE_SECONDS of silence (a comment keeps proxies
    open); ends when the feed closes (the server is shutting down)."""
    queue = feed.subscribe()
    try:
        while True:
            try:
                line = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
            except asyncio.TimeoutError:
                yield None
                continue
            if line is None:
                return
            yield line
    finally:
        feed.unsubscribe(queue)


async def live_stream(request: web.Request) -> web.StreamResponse:
    """'changed' whenever any conversation moves (the page then asks for the rows); no text."""
    _signed_in(request)
    if FEED not in request.app:
        raise web.HTTPNotFound(text="no tracker store to watch")
    stream = await _events(request)
    said = 0.0
    with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
        async for line in _with_keepalive(request.app[FEED]):
            if line is None:
                await stream.write(b": keepalive\n\n")
            elif time.monotonic() - said >= CHANGED_EVERY_SECONDS:  # a busy hour: the list at most so often
                said = time.monotonic()
                await stream.write(b"event: changed\ndata: {}\n\n")
    return stream


async def conversation_page(request: web.Request) -> web.StreamResponse:
    session = session_of(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    conversation = await _resolve(request)
    lines = await asyncio.to_thread(transcript, request.app[TRACKER_URL], conversation)
    holder = await asyncio.to_thread(request.app[TAKEOVERS].holder, conversation)
    return render(
        "live_conversation.html",
        policy=LIVE_POLICY,
        ref=request.match_info["ref"],
        transcript=lines,
        holder=holder,
        mine=holder == session.user,
        can_take=RASA in request.app,
        note=request.query.get("note", "")[:40],
        user=session.user,
        csrf=session.csrf,
    )


async def conversation_stream(request: web.Request) -> web.StreamResponse:
    """Each new message of this conversation, both sides and the consultant's, as JSON text."""
    _signed_in(request)
    conversation = await _resolve(request)
    stream = await _events(request)
    with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
        async for line in _with_keepalive(request.app[FEED]):
            if line is None:
                await stream.write(b": keepalive\n\n")
            elif line.conversation == conversation:
                await stream.write(f"data: {line.as_json()}\n\n".encode())
    return stream


def _back_to(request: web.Request, note: str | None = None) -> web.HTTPSeeOther:
    where = f"/inbox/live/c/{request.match_info['ref']}"
    return web.HTTPSeeOther(f"{where}?note={note}" if note else where)


async def take(request: web.Request) -> web.StreamResponse:
    session = await signed_form(request)
    conversation = await _resolve(request)
    if RASA not in request.app:
        raise web.HTTPServiceUnavailable(text="the assistant's API is not configured (RASA_API_TOKEN)")
    try:
        await take_over(request.app[RASA], request.app[TAKEOVERS], conversation, session.user)
    except AlreadyTaken:
        return _back_to(request, "taken")
    except RasaError as error:
        logger.error("takeover failed: %s", error)
        return _back_to(request, "assistant_unreachable")
    return _back_to(request)


async def write(request: web.Request) -> web.StreamResponse:
    session = await signed_form(request)
    conversation = await _resolve(request)
    message = " ".join(str((await read_form(request)).get("message", "")).split())[:MAX_MESSAGE_CHARS]
    if not message or RASA not in request.app:
        return _back_to(request)
    try:
        if not await say(request.app[RASA], request.app[TAKEOVERS], conversation, session.user, message):
            return _back_to(request, "not_yours")
    except RasaError as error:
        logger.error("consultant message not sent: %s", error)
        return _back_to(request, "assistant_unreachable")
    return _back_to(request)


async def give_back(request: web.Request) -> web.StreamResponse:
    session = await signed_form(request)
    conversation = await _resolve(request)
    if RASA in request.app and request.app[TAKEOVERS].release(conversation, session.user):
        try:
            await hand_back(request.app[RASA], conversation)
        except RasaError as error:
            logger.error("hand back incomplete: %s", error)
            return _back_to(request, "assistant_unreachable")
    return _back_to(request)


async def hand_back_idle(app: web.Application) -> list[str]:
    """Takeovers left idle past LIVE_IDLE_MINUTES go back to the assistant (exactly one replica
    releases each: the delete that removes the row does); returns those this call released."""
    store, api = app[TAKEOVERS], app[RASA]
    before = utcnow() - datetime.timedelta(minutes=app[IDLE_MINUTES])
    released = []
    for conversation in await asyncio.to_thread(store.idle, before):
        if await asyncio.to_thread(store.release, conversation, None, before):
            released.append(conversation)
            await hand_back(api, conversation)
    return released


async def _sweep(app: web.Application) -> None:
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            await hand_back_idle(app)
        except Exception as error:  # the database or the assistant away: the next sweep tries again
            logger.error("idle takeovers not handed back: %s", type(error).__name__)


async def _start_sweeper(app: web.Application) -> None:
    app[SWEEPER] = asyncio.create_task(_sweep(app))


async def _stop_sweeper(app: web.Application) -> None:
    app[SWEEPER].cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app[SWEEPER]
