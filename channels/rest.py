"""The REST channel (/webhooks/rest/webhook) with server-owned metadata: Rasa's RestInput copies
the body's `metadata` into the conversation, so a script could write anything there (and a
non-object or deeply nested one made Rasa fail). Here the metadata is what the server knows — a
pseudonym of the client's address (`client`), with which leads from one address are counted — and
of the body's metadata only the page's language, as for the widget."""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from channels.widget import page_metadata
from lead_handoff.addresses import address_key
from rasa_runtime.guards import client_address


class RestChannel(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def get_metadata(self, request: Request) -> dict[str, Any]:
        body = request.json if isinstance(request.json, dict) else {}
        return {**page_metadata(body, "metadata"), "client": address_key(client_address(request))}
