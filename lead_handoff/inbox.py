"""The consultant inbox: the leads newest first, behind a sign-in, with "mark contacted".

Mounted under /inbox by the web service (website.server). Every field a person typed is escaped
by the templates' autoescaping; state-changing requests need the session's CSRF token."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import jinja2
from aiohttp import web

from lead_handoff.auth import Session, Sessions, Throttle, check_password, parse_users
from lead_handoff.records import record
from lead_handoff.store import LeadStore

COOKIE = "imp_inbox"
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
STORE = web.AppKey("store", LeadStore)
USERS = web.AppKey("users", dict[str, str])
SESSIONS = web.AppKey("sessions", Sessions)
THROTTLE = web.AppKey("throttle", Throttle)


def create_inbox(
    store: LeadStore, users: dict[str, str], secret: str | None = None, secure_cookies: bool = False
) -> web.Application:
    app = web.Application()
    app[STORE], app[USERS] = store, users
    app[SESSIONS], app[THROTTLE] = Sessions(secret or secrets.token_urlsafe(32)), Throttle()
    app["secure_cookies"] = secure_cookies
    app.add_routes(
        [
            web.get("/", leads_page),
            web.get("/login", login_page),
            web.post("/login", login),
            web.post("/logout", logout),
            web.post("/leads/{lead_id}/contacted", mark_contacted),
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
    return request.app[SESSIONS].read(request.cookies.get(COOKIE))


async def login_page(request: web.Request) -> web.Response:
    return _render("login.html")


async def login(request: web.Request) -> web.StreamResponse:
    address = request.remote or "?"
    throttle = request.app[THROTTLE]
    if throttle.blocked(address):
        return _render("login.html", status=429, error="Too many attempts; try again in a few minutes.")
    form = await request.post()
    user, password = str(form.get("username", "")), str(form.get("password", ""))
    stored = request.app[USERS].get(user)
    if not stored or not check_password(password, stored):
        throttle.failed(address)
        return _render("login.html", status=401, error="Wrong user or password.")
    response = web.HTTPSeeOther("/inbox/")
    response.set_cookie(
        COOKIE,
        request.app[SESSIONS].issue(user),
        httponly=True,
        samesite="Strict",
        secure=request.app["secure_cookies"],
        path="/inbox",
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    response = web.HTTPSeeOther("/inbox/login")
    response.del_cookie(COOKIE, path="/inbox")
    return response


async def leads_page(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    if session is None:
        return web.HTTPSeeOther("/inbox/login")
    leads = [record(lead) for lead in request.app[STORE].newest_first()]
    return _render("leads.html", leads=leads, user=session.user, csrf=session.csrf)


async def mark_contacted(request: web.Request) -> web.StreamResponse:
    session = _session(request)
    if session is None:
        raise web.HTTPUnauthorized(text="sign in first")
    form = await request.post()
    if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf):
        raise web.HTTPForbidden(text="bad or missing form token")
    if not request.app[STORE].mark_contacted(request.match_info["lead_id"]):
        raise web.HTTPNotFound(text="no such lead")
    return web.HTTPSeeOther("/inbox/")
