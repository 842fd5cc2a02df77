"""The consultant inbox: the leads newest first, behind a sign-in, with "mark contacted".

Mounted under /inbox by the web service (website.server). Every field a person typed is escaped
by the templates' autoescaping; state-changing requests need the session's CSRF token."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from math import ceil
from pathlib import Path

import jinja2
from aiohttp import web
from aiohttp.web_request import FileField
from multidict import MultiDictProxy
from sqlalchemy.exc import SQLAlchemyError

from lead_handoff.addresses import client_address
from lead_handoff.auth import Session, Sessions, Throttle, check_password, parse_users, unknown_user_hash
from lead_handoff.records import record
from lead_handoff.store import LeadStore
from lead_handoff.transcripts import Transcript, transcript

COOKIE = "imp_inbox"
logger = logging.getLogger(__name__)
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
STORE = web.AppKey("store", LeadStore)
USERS = web.AppKey("users", dict[str, str])
SESSIONS = web.AppKey("sessions", Sessions)
THROTTLE = web.AppKey("throttle", Throttle)
SECURE_COOKIES = web.AppKey("secure_cookies", bool)
TRUST_FORWARDED = web.AppKey("trust_forwarded", bool)
TARGETS = web.AppKey("targets", tuple[str, ...])
TRACKER_URL = web.AppKey("tracker_url", str)  # where each lead's conversation is read ("" : nowhere)
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
) -> web.Application:
    app = web.Application()
    app[TRACKER_URL] = tracker_url or ""
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
            web.post("/leads/{lead_id}/contacted", mark_contacted),
            web.post("/leads/{lead_id}/release", release),
        ]
    )
    return app


def users_from_env() -> tuple[dict[str, str], str | None]:
    """INBOX_USERS, or for a first run one generated account whose password is printed once."""
    users = parse_users(os.environ.get("INBOX_USERS", ""))
    if users:
        return users, None
    from lead_handoff.auth import hash_password

    password = secrets.token_urlsafe(12)
    return {"consultant": hash_password(password)}, password


def _render(name: str, status: int = 200, **context: object) -> web.Response:
    page = TEMPLATES.get_template(name).render(**context)
    response = web.Response(text=page, content_type="text/html", status=status)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def _session(request: web.Request) -> Session | None:
    return request.app[SESSIONS].read(request.cookies.get(COOKIE), request.app[USERS])


async def login_page(request: web.Request) -> web.Response:
    return _render("login.html")


async def login(request: web.Request) -> web.StreamResponse:
    form = await _form(request)
    user, password = str(form.get("username", ""))[:200], str(form.get("password", ""))[:1000]
    address = client_address(request.remote, request.headers, request.app[TRUST_FORWARDED])
    throttle = request.app[THROTTLE]
    wait = throttle.wait(address, user)
    if wait:
        response = _render("login.html", status=429, error=f"Too many attempts; try again in {ceil(wait)} s.")
        response.headers["Retry-After"] = str(ceil(wait))
        return response
    stored = request.app[USERS].get(user)
    # The hash runs off the event loop, and as long for an unknown user as for a wrong password.
    loop = asyncio.get_running_loop()
    matches = await loop.run_in_executor(None, check_password, password, stored or unknown_user_hash())
    if not stored or not matches:
        throttle.failed(address, user)
        return _render("login.html", status=401, error="Wrong user or password.")
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
    if _session(request) is not None:
        await _signed_form(request)
        request.app[SESSIONS].revoke(request.cookies.get(COOKIE))
    response = web.HTTPSeeOther("/inbox/login")
    response.del_cookie(COOKIE, path="/inbox")
    return response


async def leads_page(request: web.Request) -> web.StreamResponse:
    session = _session(request)
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
    return _render(
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
    await _signed_form(request)
    if not request.app[STORE].mark_contacted(request.match_info["lead_id"]):
        raise web.HTTPNotFound(text="no such lead")
    return web.HTTPSeeOther("/inbox/")


async def lead_page(request: web.Request) -> web.StreamResponse:
    """One lead with its whole conversation (the round it came from), read off the event loop."""
    session = _session(request)
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
    return _render(
        "lead.html",
        lead=record(lead),
        transcript=conversation,
        transcript_error=error,
        user=session.user,
        csrf=session.csrf,
    )


async def release(request: web.Request) -> web.StreamResponse:
    """A held lead (lead_handoff/limits.yaml) a consultant found real: delivered like any other."""
    await _signed_form(request)
    if not request.app[STORE].release(request.match_info["lead_id"], request.app[TARGETS]):
        raise web.HTTPNotFound(text="no such held lead")
    return web.HTTPSeeOther("/inbox/")


async def _signed_form(request: web.Request) -> Session:
    """The session of a state-changing request carrying its CSRF token, or the refusal."""
    session = _session(request)
    if session is None:
        raise web.HTTPUnauthorized(text="sign in first")
    form = await _form(request)
    if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf):
        raise web.HTTPForbidden(text="bad or missing form token")
    return session


async def _form(request: web.Request) -> MultiDictProxy[str | bytes | FileField]:
    """The URL-encoded form, or 400 for a body that is not one (bytes that are not text in its
    charset, or a charset nobody knows) instead of a 500."""
    try:
        return await request.post()
    except (UnicodeDecodeError, LookupError, ValueError):
        raise web.HTTPBadRequest(text="the form could not be read") from None
