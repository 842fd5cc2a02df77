"""The web service on WEB_PORT: /health and the consultant inbox under /inbox (the website
widget's demo page joins it with the channels issue)."""
from __future__ import annotations

import argparse
import logging
import os

from aiohttp import web

from lead_handoff import redact
from lead_handoff.db import migrate, sessions
from lead_handoff.inbox import create_inbox, users_from_env
from lead_handoff.settings import Settings
from lead_handoff.store import LeadStore


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app(store: LeadStore, users: dict[str, str], secret: str | None = None) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.router.add_get("/health", health)
    secure = os.environ.get("INBOX_SECURE_COOKIES") == "1"  # behind HTTPS in production
    app.add_subapp("/inbox", create_inbox(store, users, secret, secure_cookies=secure))
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="imp-intake web service")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    redact.install()
    config = Settings.from_env()
    migrate(config.database_url)
    users, generated = users_from_env()
    if generated:
        print(f"INBOX_USERS was not set; sign in to http://{args.host}:{args.port}/inbox/ as consultant / {generated}")
    web.run_app(create_app(LeadStore(sessions(config.database_url)), users, os.environ.get("INBOX_SECRET")),
                host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
