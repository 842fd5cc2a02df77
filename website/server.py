"""The web service: the demo page with the chat widget (rasa-webchat from npm, served from
node_modules, never a CDN), /health, the summaries people keep (/summary/<token>), and the
consultant inbox under /inbox."""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import jinja2
import yaml
from aiohttp import web
from aiohttp.typedefs import Handler

from imp_engine.rulebook import LANGUAGES
from lead_handoff import redact
from lead_handoff.db import migrate, sessions
from lead_handoff.inbox import create_inbox, users_from_env
from lead_handoff.settings import ConfigurationError, Settings, development, require_firm_details
from lead_handoff.store import LeadStore
from lead_handoff.summaries import SummaryStore

ROOT = Path(__file__).resolve().parent.parent
WIDGET = ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
PAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
RASA_URL = web.AppKey("rasa_url", str)
SUMMARIES = web.AppKey("summaries", SummaryStore)
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


@cache
def widget_bundle() -> bytes:
    return WIDGET.read_text(encoding="utf-8").replace(THIRD_PARTY_FONT, '""').encode()


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
        page = PAGES.get_template("summary_not_found.html").render(language=language, t=summary_texts()[language])
        return web.Response(text=page, status=404, content_type="text/html", headers=PRIVATE_PAGE)
    page = PAGES.get_template("summary.html").render(
        language=kept.language,
        t=summary_texts()[kept.language],
        content=kept.content,
        expires=kept.expires_at.date().isoformat(),
    )
    return web.Response(text=page, content_type="text/html", headers=PRIVATE_PAGE)


async def print_script(_: web.Request) -> web.Response:
    return web.Response(body=PRINT_SCRIPT, content_type="application/javascript")


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
    app[SUMMARIES] = SummaryStore(store.sessions)
    app.router.add_get("/", demo_page)
    app.router.add_get("/health", health)
    app.router.add_get("/static/webchat.js", widget_script)
    app.router.add_get("/static/print.js", print_script)
    app.router.add_get("/summary/{token}", summary_page)
    # Secure (HTTPS-only) cookies unless developing locally; INBOX_SECURE_COOKIES=0/1 overrides.
    secure = env.get("INBOX_SECURE_COOKIES", "0" if development(env) else "1") == "1"
    trust = env.get("TRUST_FORWARDED_FOR") == "1"
    inbox = create_inbox(store, users, secret, secure_cookies=secure, trust_forwarded=trust, targets=targets)
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
