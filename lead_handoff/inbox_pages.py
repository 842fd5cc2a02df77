"""What every page of the consultant inbox shares: its templates, the application's keys, the
rendering with the inbox's headers, the signed-in session and the CSRF-checked forms."""

from __future__ import annotations

import secrets
from pathlib import Path

import jinja2
from aiohttp import web
from aiohttp.web_request import FileField
from multidict import MultiDictProxy

from lead_handoff.auth import Session, Sessions, Throttle
from lead_handoff.dashboard import Dashboard
from lead_handoff.store import LeadStore

COOKIE = "imp_inbox"
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
STORE = web.AppKey("store", LeadStore)
USERS = web.AppKey("users", dict[str, str])
SESSIONS = web.AppKey("sessions", Sessions)
THROTTLE = web.AppKey("throttle", Throttle)
SECURE_COOKIES = web.AppKey("secure_cookies", bool)
TRUST_FORWARDED = web.AppKey("trust_forwarded", bool)
TARGETS = web.AppKey("targets", tuple[str, ...])
TRACKER_URL = web.AppKey("tracker_url", str)  # where each lead's conversation is read ("" : nowhere)
DASHBOARD = web.AppKey("dashboard", Dashboard)  # its salt names conversations in the live view too


POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
# the live view's pages run the inbox's own script, which listens to its own server's events
LIVE_POLICY = POLICY + "; script-src 'self'; connect-src 'self'"


def render(name: str, status: int = 200, policy: str = POLICY, **context: object) -> web.Response:
    page = TEMPLATES.get_template(name).render(**context)
    response = web.Response(text=page, content_type="text/html", status=status)
    response.headers["Content-Security-Policy"] = policy
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


def session_of(request: web.Request) -> Session | None:
    return request.app[SESSIONS].read(request.cookies.get(COOKIE), request.app[USERS])


async def signed_form(request: web.Request) -> Session:
    """The session of a state-changing request carrying its CSRF token, or the refusal."""
    session = session_of(request)
    if session is None:
        raise web.HTTPUnauthorized(text="sign in first")
    form = await read_form(request)
    if not secrets.compare_digest(str(form.get("csrf", "")), session.csrf):
        raise web.HTTPForbidden(text="bad or missing form token")
    return session


async def read_form(request: web.Request) -> MultiDictProxy[str | bytes | FileField]:
    """The URL-encoded form, or 400 for a body that is not one (bytes that are not text in its
    charset, or a charset nobody knows) instead of a 500."""
    try:
        return await request.post()
    except (UnicodeDecodeError, LookupError, ValueError):
        raise web.HTTPBadRequest(text="the form could not be read") from None
