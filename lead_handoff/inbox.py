"""The consultant inbox: the leads newest first, behind a sign-in, with "mark contacted".

Mounted under /inbox by the web service (website.server). Every field a person typed is escaped
by the templates' autoescaping; state-changing requests need the session's CSRF token."""

from __future__ import annotations

import asyncio
import datetime
import logging
import os
import secrets
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from lead_handoff.addresses import client_address
from lead_handoff.auth import Sessions, Throttle, check_password, parse_users, unknown_user_hash
from lead_handoff.dashboard import Dashboard, Report, Selection, as_csv
from lead_handoff.inbox_live import add_live_view
from lead_handoff.inbox_pages import (
    COOKIE,
    DASHBOARD,
    SECURE_COOKIES,
    SESSIONS,
    STORE,
    TARGETS,
    THROTTLE,
    TRACKER_URL,
    TRUST_FORWARDED,
    USERS,
    read_form,
    render,
    session_of,
    signed_form,
)
from lead_handoff.live import RasaApi
from lead_handoff.records import record
from lead_handoff.store import LeadStore
from lead_handoff.transcripts import Transcript, transcript

logger = logging.getLogger(__name__)
DEFAULT_DAYS, MAX_DAYS = 30, 366  # the dashboard's period: by default the last 30 days, at most a year
PER_PAGE = 50
MAX_PAGE = 1_000_000  # far past any inbox (50 million leads); the database's offset stays small


def create_inbox(
    store: LeadStore,
    users: dict[str, str],
    secret: str | None = None,
    secure_cookies: bool = True,
    trust_forwarded: bool = False,
    targets: tuple[str, ...] = (),
    tracker_url: str | None = None,
    rasa: RasaApi | None = None,
) -> web.Application:
    app = web.Application()
    app[TRACKER_URL] = tracker_url or ""
    app[DASHBOARD] = Dashboard(store.sessions, tracker_url)
    app[STORE], app[USERS] = store, users
    app[SESSIONS], app[THROTTLE] = Sessions(secret or secrets.token_urlsafe(32)), Throttle()
    app[SECURE_COOKIES], app[TRUST_FORWARDED], app[TARGETS] = secure_cookies, trust_forwarded, targets
    app.add_routes(
        [
            web.get("/", leads_page),
            web.get("/login", login_page),
            web.post("/login", login),
            web.post("/logout", logout),
            web.get("/leads/{lead_id}", lead_page),
            web.get("/dashboard", dashboard_page),
            web.get("/dashboard.csv", dashboard_csv),
            web.post("/leads/{lead_id}/contacted", mark_contacted),
            web.post("/leads/{lead_id}/release", release),
        ]
    )
    add_live_view(app, rasa)
    return app


def users_from_env() -> tuple[dict[str, str], str | None]:
    """INBOX_USERS, or for a first run one generated account whose password is printed once."""
    users = parse_users(os.environ.get("INBOX_USERS", ""))
    if users:
        return users, None
    from lead_handoff.auth import hash_password

    password = secrets.token_urlsafe(12)
    return {"consultant": hash_password(password)}, password


async def login_page(request: web.Request) -> web.Response:
    return render("login.html")


async def login(request: web.Request) -> web.StreamResponse:
    form = await read_form(request)
    user, password = str(form.get("username", ""))[:200], str(form.get("password", ""))[:1000]
    address = client_address(request.remote, request.headers, request.app[TRUST_FORWARDED])
    throttle = request.app[THROTTLE]
    wait = throttle.wait(address, user)
    if wait:
        response = render("login.html", status=429, error=f"Too many attempts; try again in {ceil(wait)} s.")
        response.headers["Retry-After"] = str(ceil(wait))
        return response
    stored = request.app[USERS].get(user)
    # The hash runs off the event loop, and as long for an unknown user as for a wrong password.
    loop = asyncio.get_running_loop()
    matches = await loop.run_in_executor(None, check_password, password, stored or unknown_user_hash())
    if not stored or not matches:
        throttle.failed(address, user)
        return render("login.html", status=401, error="Wrong user or password.")
    throttle.succeeded(address, user)
    response = web.HTTPSeeOther("/inbox/")
    response.set_cookie(
        COOKIE,
        request.app[SESSIONS].issue(user, stored),
        httponly=True,
        samesite="Strict",
        secure=request.app[SECURE_COOKIES],
        path="/inbox",
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    """Ends the session, with its CSRF token like every other form: another site cannot sign a
    consultant out. A cookie naming no live session is only cleared."""
    if session_of(request) is not None:
        await signed_form(request)
        request.app[SESSIONS].revoke(request.cookies.get(COOKIE))
    response = web.HTTPSeeOther("/inbox/login")
    response.del_cookie(COOKIE, path="/inbox")
    return response


async def leads_page(request: web.Request) -> web.StreamResponse:
    session = session_of(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    search = request.query.get("q", "")[:200]
    page = page_number(request.query.get("page", ""))
    store = request.app[STORE]
    found, total = store.page(search, page, PER_PAGE)
    pages = max(1, ceil(total / PER_PAGE))
    if page > pages:  # past the end: the last page
        page = pages
        found, total = store.page(search, page, PER_PAGE)
    return render(
        "leads.html",
        leads=[record(lead) for lead in found],
        total=total,
        page=page,
        pages=pages,
        search=search,
        user=session.user,
        csrf=session.csrf,
    )


def page_number(text: str) -> int:
    """`?page=`: ASCII digits only ("²" is a digit to str.isdigit, not to int); a number past
    MAX_PAGE, however long (int() refuses 4,300 digits), reads as MAX_PAGE, which the caller clamps
    to the last page; anything else is 1."""
    if not (text.isascii() and text.isdigit()):
        return 1
    digits = text.lstrip("0") or "0"
    return max(1, MAX_PAGE if len(digits) > len(str(MAX_PAGE)) else min(int(digits), MAX_PAGE))


async def mark_contacted(request: web.Request) -> web.StreamResponse:
    await signed_form(request)
    if not request.app[STORE].mark_contacted(request.match_info["lead_id"]):
        raise web.HTTPNotFound(text="no such lead")
    return web.HTTPSeeOther("/inbox/")


async def lead_page(request: web.Request) -> web.StreamResponse:
    """One lead with its whole conversation (the round it came from), read off the event loop."""
    session = session_of(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    lead = request.app[STORE].get(request.match_info["lead_id"])
    if lead is None:
        raise web.HTTPNotFound(text="no such lead")
    conversation, error = Transcript([], False), None
    if request.app[TRACKER_URL]:
        try:
            conversation = await asyncio.to_thread(
                transcript, request.app[TRACKER_URL], lead.conversation_id, lead.request_key
            )
        except SQLAlchemyError as failure:
            logger.error("conversation of lead %s not read: %s", lead.id, type(failure).__name__)
            error = "the conversations' database did not answer"
    return render(
        "lead.html",
        lead=record(lead),
        transcript=conversation,
        transcript_error=error,
        user=session.user,
        csrf=session.csrf,
    )


async def dashboard_page(request: web.Request) -> web.StreamResponse:
    """Counts only (no name, address, number or message): the funnel, days, where people stop,
    routes, per channel and language; recounted from what was written since the last look."""
    session = session_of(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    selection, note = selection_of(request.query)
    report = await _report(request, selection)
    return render(
        "dashboard.html",
        report=report,
        note=note,
        bars=day_bars(report.per_day),
        query=_query_of(selection),
        user=session.user,
        csrf=session.csrf,
    )


async def dashboard_csv(request: web.Request) -> web.StreamResponse:
    if session_of(request) is None:
        return web.HTTPSeeOther("/inbox/login")
    selection, _ = selection_of(request.query)
    report = await _report(request, selection)
    name = f"dashboard-{selection.first_day}-{selection.last_day}.csv"
    return web.Response(
        text=as_csv(report),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


async def _report(request: web.Request, selection: Selection) -> Report:
    dashboard = request.app[DASHBOARD]
    try:
        behind = await asyncio.to_thread(dashboard.refresh)
    except SQLAlchemyError as error:  # the tracker store did not answer: what is counted still shows
        logger.error("dashboard not refreshed: %s", type(error).__name__)
        behind = -1
    return await asyncio.to_thread(dashboard.report, selection, behind)


def selection_of(query: Mapping[str, str], today: datetime.date | None = None) -> tuple[Selection, str | None]:
    """The period (`from`, `to`: YYYY-MM-DD; the last 30 days by default, at most a year), `channel`
    and `language`; what cannot be read is replaced by the default and said."""
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    last = _day(query.get("to")) or today
    first = _day(query.get("from")) or last - datetime.timedelta(days=DEFAULT_DAYS - 1)
    note = None
    if any(query.get(k) and not _day(query.get(k)) for k in ("from", "to")):
        note = "A date could not be read (write it as 2026-12-31): the default period is shown."
    if first > last:
        first, last, note = last, first, "The period's dates were the wrong way round: they are swapped."
    if (last - first).days >= MAX_DAYS:
        first, note = last - datetime.timedelta(days=MAX_DAYS - 1), "At most a year is shown: the last 366 days."
    channel = query.get("channel", "")[:40] or None
    language = query.get("language") if query.get("language") in ("en", "fr") else None
    return Selection(first, last, channel, language), note


def _day(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _query_of(selection: Selection) -> str:
    values = {"from": selection.first_day.isoformat(), "to": selection.last_day.isoformat()}
    values |= {k: v for k, v in (("channel", selection.channel), ("language", selection.language)) if v}
    return urllib.parse.urlencode(values)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: str
    count: int


CHART_WIDTH, CHART_HEIGHT = 720, 160


def day_bars(per_day: list[tuple[str, int]]) -> list[Bar]:
    """The conversations-per-day chart's bars, drawn as SVG by the template (no script, no CDN)."""
    most = max((count for _, count in per_day), default=0) or 1
    step = CHART_WIDTH / max(len(per_day), 1)
    return [
        Bar(
            i * step,
            CHART_HEIGHT - CHART_HEIGHT * count / most,
            max(step - 1, 1),
            CHART_HEIGHT * count / most,
            day,
            count,
        )
        for i, (day, count) in enumerate(per_day)
    ]


async def release(request: web.Request) -> web.StreamResponse:
    """A held lead (lead_handoff/limits.yaml) a consultant found real: delivered like any other."""
    await signed_form(request)
    if not request.app[STORE].release(request.match_info["lead_id"], request.app[TARGETS]):
        raise web.HTTPNotFound(text="no such held lead")
    return web.HTTPSeeOther("/inbox/")
