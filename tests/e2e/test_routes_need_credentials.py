"""Every route of every service, tried without credentials: nothing that reads or changes
conversations, leads or models answers. The route lists are read from the applications themselves,
so a route added later is tried too."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.handoff.fakes import RunningApp

from .servers import Assistant, request

# Open by design: the Rasa server's banner and version; the channels (the REST channel is the
# public chat; the messaging channels check the platform's signature: test_messaging_channels);
# health checks; the demo page and the widget; the summary's print button; the inbox's sign-in page
# and the live view's script (code only: what it fetches needs the session).
PUBLIC_RASA = {"/", "/version"}
PUBLIC_WEB = {"/", "/health", "/static/webchat.js", "/static/print.js", "/inbox/login", "/inbox/static/live.js"}
# Pages whose link is the credential (a summary's token, a booking's signature): a made-up one opens
# nothing.
CAPABILITY_LINKS = ("/summary/", "/appointment/")
REFUSED = {401, 403, 405}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def rasa_routes() -> list[tuple[str, str]]:
    from rasa.server import create_app

    app = create_app(auth_token="any")
    routes = {(method, "/" + route.path.lstrip("/")) for route in app.router.routes for method in route.methods}
    return sorted((m, p) for m, p in routes if m not in ("OPTIONS", "HEAD"))


def concrete(path: str) -> str:
    return re.sub(r"<[^>]+>", "x", path)


def call(method: str, url: str) -> int:
    req = urllib.request.Request(
        url,
        data=b"{}" if method in ("POST", "PUT") else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with _opener.open(req, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_rasa_api_route_needs_the_token(assistant: Assistant) -> None:
    routes = rasa_routes()
    assert ("GET", "/conversations/<conversation_id:path>/tracker") in routes and len(routes) > 15
    answered = {(m, p): call(m, assistant.url + concrete(p)) for m, p in routes if p not in PUBLIC_RASA}
    assert {route: status for route, status in answered.items() if status not in REFUSED} == {}


def test_the_action_server_answers_the_rasa_server_only(assistant: Assistant) -> None:
    base = f"http://127.0.0.1:{assistant.actions_port}"
    assert call("GET", f"{base}/health") == 200
    assert call("POST", f"{base}/webhook") == 403
    assert call("GET", f"{base}/actions") == 403
    assert request("POST", f"{base}/webhook?token=wrong", {"next_action": "action_save_lead"})[0] == 403


@pytest.fixture()
def website(tmp_path: Path) -> Iterator[tuple[web.Application, RunningApp]]:
    from lead_handoff.db import sessions
    from lead_handoff.store import LeadStore
    from website.server import create_app

    app = create_app(LeadStore(sessions(f"sqlite:///{tmp_path / 'leads.db'}")), {})
    running = RunningApp(app)
    yield app, running
    running.stop()


def web_routes(app: web.Application) -> list[tuple[str, str]]:
    found = []
    for resource in app.router.resources():
        sub = getattr(resource, "_app", None)
        if sub is not None:  # a sub-application's routes carry its prefix already
            found += web_routes(sub)
            continue
        for route in resource:
            if route.method not in ("HEAD", "OPTIONS"):
                found.append((route.method, re.sub(r"\{[^}]+\}", "x", resource.canonical)))
    return found


def test_every_web_route_but_the_public_ones_needs_a_session(website: tuple[web.Application, RunningApp]) -> None:
    app, running = website
    routes = web_routes(app)
    assert ("POST", "/inbox/leads/x/contacted") in routes
    for method, path in routes:
        if path.rstrip("/") in {p.rstrip("/") for p in PUBLIC_WEB} or (method, path) == ("POST", "/inbox/login"):
            continue
        status = call(method, running.url + path)
        if path.startswith(CAPABILITY_LINKS):
            assert status == 404, (method, path, status)
            continue
        assert status in REFUSED or status in (302, 303), (method, path, status)  # a redirect to the sign-in
