"""The web service: the demo page with the chat widget (rasa-webchat from npm, served from
node_modules, never a CDN), /health, the summaries people keep (/summary/<token>), the page of a
booked call (/appointment/<id>.<signature>: cancel or move it), and the consultant inbox under /inbox."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import yaml
from aiohttp import web
from aiohttp.typedefs import Handler

from imp_engine.rulebook import LANGUAGES
from lead_handoff import redact
from lead_handoff.appointments import AppointmentStore, Booking, SlotTaken, appointment_of_link, link_token
from lead_handoff.availability import availability_from_env, said_time, short_time
from lead_handoff.db import migrate, sessions
from lead_handoff.inbox import create_inbox, users_from_env
from lead_handoff.live import RasaApi
from lead_handoff.settings import (
    ConfigurationError,
    Settings,
    development,
    require_firm_details,
    tracker_database_url,
)
from lead_handoff.store import LeadStore
from lead_handoff.summaries import SummaryStore

ROOT = Path(__file__).resolve().parent.parent
WIDGET = ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
PAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
RASA_URL = web.AppKey("rasa_url", str)
SUMMARIES = web.AppKey("summaries", SummaryStore)
LEADS = web.AppKey("leads", LeadStore)
APPOINTMENTS = web.AppKey("appointments", AppointmentStore)
APPOINTMENT_TEXTS = Path(__file__).parent / "appointment_texts.yaml"
TIMES_ON_PAGE = 8
SUMMARY_TEXTS = Path(__file__).parent / "summary_texts.yaml"
PRINT_SCRIPT = b'document.getElementById("print").addEventListener("click", () => window.print());\n'
# A summary holds a person's answers: never cached, never indexed, never named to the pages it links
# (the referrer would carry the link's token), and no script but the print button's own.
PRIVATE_PAGE = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}
# The booking's page posts its own forms (cancel, move), to itself only.
BOOKING_PAGE = {
    **PRIVATE_PAGE,
    "Content-Security-Policy": PRIVATE_PAGE["Content-Security-Policy"].replace(
        "form-action 'none'", "form-action 'self'"
    ),
}


# aiohttp 3.9 (held by Rasa 3.6) inflates a compressed body as it arrives, before any handler or size
# check (CVE-2025-69223, fixed in 3.13.3): a 48 kB gzip body cost ~100 MB. The server inflates nothing.
SERVER_SETTINGS = {"auto_decompress": False}


@web.middleware
async def refuse_risky_bodies(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No form here is compressed or multipart: a request with any Content-Encoding header (every
    one counts, even `identity`: the parser acts on the last, a check of the first alone is fooled)
    and a multipart form, which aiohttp 3.9 lets outgrow client_max_size (CVE-2025-69228), are
    refused before their body is read."""
    if request.headers.getall("Content-Encoding", []):
        raise web.HTTPUnsupportedMediaType(text="compressed request bodies are not accepted")
    if request.content_type.startswith("multipart/"):
        raise web.HTTPUnsupportedMediaType(text="multipart request bodies are not accepted")
    return await handler(request)


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def demo_page(request: web.Request) -> web.Response:
    language = request.query.get("lang", "en")
    language = language if language in LANGUAGES else "en"
    page = PAGES.get_template("index.html").render(language=language, rasa_url=request.app[RASA_URL])
    response = web.Response(text=page, content_type="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


# The bundle makes every visitor's browser fetch a font from Google: no third party learns who
# visits a firm's site from us. The widget falls back to the page's own fonts.
THIRD_PARTY_FONT = '"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"'


# What the widget lacks, served with it: names and focus for keyboards and screen readers, and the
# device's time zone sent with each message.
WIDGET_ADDITIONS = [Path(__file__).with_name(name) for name in ("widget_a11y.js", "widget_timezone.js")]


@cache
def widget_bundle() -> bytes:
    bundle = WIDGET.read_text(encoding="utf-8").replace(THIRD_PARTY_FONT, '""')
    return "\n".join([bundle, *(addition.read_text(encoding="utf-8") for addition in WIDGET_ADDITIONS)]).encode()


async def widget_script(_: web.Request) -> web.StreamResponse:
    if not WIDGET.exists():
        raise web.HTTPServiceUnavailable(text="the chat widget is not installed: run 'make setup'")
    return web.Response(
        body=widget_bundle(), content_type="application/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


@cache
def summary_texts() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = yaml.safe_load(SUMMARY_TEXTS.read_text(encoding="utf-8"))
    return texts


async def summary_page(request: web.Request) -> web.Response:
    """The summary behind a link still valid; one and the same 404 for a link unknown, tampered
    with, expired or erased (nothing tells them apart)."""
    kept = request.app[SUMMARIES].open(request.match_info["token"])
    if kept is None:
        language = request.query.get("lang", "en")
        language = language if language in LANGUAGES else "en"
        page = PAGES.get_template("not_found.html").render(language=language, t=summary_texts()[language])
        return web.Response(text=page, status=404, content_type="text/html", headers=PRIVATE_PAGE)
    page = PAGES.get_template("summary.html").render(
        language=kept.language,
        t=summary_texts()[kept.language],
        content=kept.content,
        expires=kept.expires_at.date().isoformat(),
    )
    return web.Response(text=page, content_type="text/html", headers=PRIVATE_PAGE)


@cache
def appointment_texts() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = yaml.safe_load(APPOINTMENT_TEXTS.read_text(encoding="utf-8"))
    return texts


def _linked(request: web.Request) -> tuple[AppointmentStore | None, Booking | None]:
    """The booking store (None when the firm books no calls) and the call the link's signature names."""
    store = request.app.get(APPOINTMENTS)
    appointment_id = appointment_of_link(request.match_info["token"])
    return store, store.get(appointment_id) if store and appointment_id else None


def _booking_page(request: web.Request, note_key: str | None = None, status: int = 200) -> web.Response:
    """The call behind a signed link: when, with whom, and the buttons to cancel or move it."""
    store, booking = _linked(request)
    lead = request.app[LEADS].get(booking.lead_id) if store and booking and booking.lead_id else None
    if store is None or booking is None or lead is None:
        texts = appointment_texts()["en"]
        page = PAGES.get_template("not_found.html").render(
            language="en", t={"not_found_title": texts["not_found_title"], "not_found": texts["not_found"]}
        )
        return web.Response(text=page, status=404, content_type="text/html", headers=PRIVATE_PAGE)
    language, availability = lead.language, store.availability
    zone = ZoneInfo(booking.timezone)
    consultant = availability.consultant(booking.consultant)
    t = appointment_texts()[language]
    free = sorted({slot.start for slot in store.free_slots()} - {booking.start})[:TIMES_ON_PAGE]
    page = PAGES.get_template("appointment.html").render(
        language=language,
        t=t,
        token=request.match_info["token"],
        booked=booking.status == "booked",
        consultant=consultant.name if consultant else booking.consultant,
        when=said_time(booking.start, zone, language),
        firm_when=said_time(booking.start, availability.zone, language),
        times=[{"start": s.isoformat(), "label": short_time(s, zone, language)} for s in free],
        note=t[note_key].format(when=said_time(booking.start, zone, language)) if note_key else None,
    )
    return web.Response(text=page, status=status, content_type="text/html", headers=BOOKING_PAGE)


async def appointment_page(request: web.Request) -> web.Response:
    return _booking_page(request, "moved" if request.query.get("moved") == "1" else None)


async def cancel_appointment(request: web.Request) -> web.Response:
    store, booking = _linked(request)
    if store and booking:
        store.cancel(booking.id)
    return _booking_page(request, "just_cancelled" if store and booking else None)


async def move_appointment(request: web.Request) -> web.Response:
    """Another time, from the page's list: booked first, the old call freed in the same transaction."""
    store, booking = _linked(request)
    if store is None or booking is None or booking.lead_id is None or booking.status != "booked":
        return _booking_page(request)
    form = await request.post()
    try:
        start = datetime.datetime.fromisoformat(str(form.get("start", "")))
        moved = store.book(booking.lead_id, start, booking.timezone)
    except (ValueError, SlotTaken):
        return _booking_page(request, "taken", status=409)
    raise web.HTTPSeeOther(f"/appointment/{link_token(moved.id)}?moved=1")


async def print_script(_: web.Request) -> web.Response:
    return web.Response(body=PRINT_SCRIPT, content_type="application/javascript")


def rasa_api(rasa_url: str, env: Mapping[str, str]) -> RasaApi | None:
    """The assistant's HTTP API for the live view's takeovers (RASA_API_URL when the web service
    reaches it at another address than browsers do), or None without its token."""
    token = env.get("RASA_API_TOKEN")
    return RasaApi(env.get("RASA_API_URL") or rasa_url, token) if token else None


def create_app(
    store: LeadStore,
    users: dict[str, str],
    secret: str | None = None,
    rasa_url: str = "http://127.0.0.1:5005",
    env: Mapping[str, str] | None = None,
    targets: tuple[str, ...] = (),
) -> web.Application:
    env = os.environ if env is None else env
    app = web.Application(client_max_size=64 * 1024, middlewares=[refuse_risky_bodies], handler_args=SERVER_SETTINGS)
    app[RASA_URL] = rasa_url
    app[SUMMARIES], app[LEADS] = SummaryStore(store.sessions), store
    availability = availability_from_env(env)
    if availability is not None:  # the firm books calls: the links in its emails open here
        app[APPOINTMENTS] = AppointmentStore(store.sessions, availability)
    app.router.add_get("/", demo_page)
    app.router.add_get("/health", health)
    app.router.add_get("/static/webchat.js", widget_script)
    app.router.add_get("/static/print.js", print_script)
    app.router.add_get("/summary/{token}", summary_page)
    app.router.add_get("/appointment/{token}", appointment_page)
    app.router.add_post("/appointment/{token}/cancel", cancel_appointment)
    app.router.add_post("/appointment/{token}/move", move_appointment)
    # Secure (HTTPS-only) cookies unless developing locally; INBOX_SECURE_COOKIES=0/1 overrides.
    secure = env.get("INBOX_SECURE_COOKIES", "0" if development(env) else "1") == "1"
    trust = env.get("TRUST_FORWARDED_FOR") == "1"
    inbox = create_inbox(
        store,
        users,
        secret,
        secure_cookies=secure,
        trust_forwarded=trust,
        targets=targets,
        tracker_url=tracker_database_url(env),
        rasa=rasa_api(rasa_url, env),
    )
    app.add_subapp("/inbox", inbox)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="imp-intake web service")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get("PUBLIC_RASA_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    redact.install_in_records()
    try:
        require_firm_details()
    except ConfigurationError as error:
        raise SystemExit(f"web service: {error}") from None
    config = Settings.from_env()
    migrate(config.database_url)
    users, generated = users_from_env()
    if generated:
        print(f"INBOX_USERS was not set; sign in to http://{args.host}:{args.port}/inbox/ as consultant / {generated}")
    store = LeadStore(sessions(config.database_url))
    app = create_app(store, users, os.environ.get("INBOX_SECRET"), args.rasa_url, targets=config.targets)
    web.run_app(app, host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
