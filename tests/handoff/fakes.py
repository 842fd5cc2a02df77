"""Real local peers for the handoff: an SMTP server (aiosmtpd) and an HTTP receiver that checks
the webhook signature, each on a free port of this machine."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller

from lead_handoff.senders import DELIVERY_HEADER, SIGNATURE_HEADER, verify
from tests.e2e.servers import free_port


class _Collect:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


class SmtpServer:
    """A real SMTP server on a fixed port, which can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = _Collect()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def start(self) -> SmtpServer:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None


@dataclass
class Received:
    body: bytes
    signature_ok: bool
    delivery_id: str | None

    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A CRM stand-in: answers `statuses` in turn (then 200), and records what it got."""

    secret: str
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/leads"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ok = verify(receiver.secret, body, self.headers.get(SIGNATURE_HEADER))
                receiver.received.append(Received(body, ok, self.headers.get(DELIVERY_HEADER)))
                status = receiver.statuses.pop(0) if receiver.statuses else (200 if ok else 401)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class RunningApp:
    """An aiohttp application served on a free port, its event loop in a thread of its own (the
    test's thread may run another loop, as Playwright's sync API does)."""

    def __init__(self, app: web.Application, port: int | None = None) -> None:
        self.port = port or free_port()
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(app)
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the web app did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@dataclass
class PlatformCall:
    path: str
    headers: dict[str, str]
    form: dict[str, str]
    json: dict[str, Any]


class PlatformApi:
    """A local stand-in for the Twilio, Telegram Bot and Messenger Send APIs: answers every POST as
    the platform would accept it, and records it."""

    def __init__(self) -> None:
        self.calls: list[PlatformCall] = []
        app = web.Application()
        app.router.add_post("/{tail:.*}", self._record)
        self._app = RunningApp(app)

    @property
    def url(self) -> str:
        return self._app.url

    async def _record(self, request: web.Request) -> web.Response:
        form = (
            {k: str(v) for k, v in (await request.post()).items()}
            if request.content_type.endswith("urlencoded")
            else {}
        )
        body = await request.json() if request.content_type == "application/json" else {}
        self.calls.append(PlatformCall(request.path, dict(request.headers), form, body))
        return web.json_response({"ok": True, "sid": "SM0", "message_id": "m0", "result": True}, status=200)

    def since(self, count: int, path_contains: str = "") -> list[PlatformCall]:
        return [call for call in self.calls[count:] if path_contains in call.path]

    def stop(self) -> None:
        self._app.stop()
