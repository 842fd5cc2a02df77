"""python -m rasa_runtime.action_server <rasa_sdk arguments>: the action server, answering only
the Rasa server. Rasa SDK 3.6 has no authentication of its own; Rasa sends the action endpoint's
`token` (endpoints.yml) as a query parameter, and this server refuses every call to /webhook and
/actions without it (403). It also listens on 127.0.0.1 unless SANIC_HOST says otherwise
(a container needs 0.0.0.0, with the network rule of deploy/)."""

from __future__ import annotations

import hmac
import os
import sys
from typing import Any

import rasa_sdk.endpoint
from rasa_sdk.__main__ import main_from_args
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lead_handoff.settings import ConfigurationError, require_firm_details
from rasa_runtime import seams

OPEN_PATHS = ("/health",)
_create_app = rasa_sdk.endpoint.create_app


def token_ok(expected: str, given: str | None) -> bool:
    return bool(expected) and given is not None and hmac.compare_digest(expected.encode(), given.encode())


def _create_guarded_app(*args: Any, **kwargs: Any) -> Sanic:
    app = _create_app(*args, **kwargs)
    expected = os.environ.get("ACTION_SERVER_TOKEN", "")

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or token_ok(expected, request.args.get("token")):
            return None
        return response.json({"error": "this server answers the Rasa server only"}, status=403)

    return app


def main(argv: list[str]) -> None:
    if not os.environ.get("ACTION_SERVER_TOKEN"):
        sys.exit("ACTION_SERVER_TOKEN is not set: the action server would answer anyone")
    try:
        require_firm_details()
    except ConfigurationError as error:
        sys.exit(f"action server: {error}")
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    seams.replace("action_server_token", _create_guarded_app)
    main_from_args(rasa_sdk.endpoint.create_argument_parser().parse_args(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
