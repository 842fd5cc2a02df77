"""The client's address as a limit or a throttle should key on it. A client can send any
X-Forwarded-For it likes: the header counts only behind a proxy we run (TRUST_FORWARDED_FOR=1 or
RASA_TRUST_FORWARDED_FOR=1), and then only its last hop — the address our proxy saw and added.
deploy/nginx.conf overwrites the header with that one address."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

from lead_handoff.installation_secrets import installation_secret

ADDRESS_KEY_VARIABLES = ("ADDRESS_KEY_SECRET", "WIDGET_SESSION_SECRET")


def client_address(peer: str | None, headers: Mapping[str, str], trust_forwarded: bool) -> str:
    if trust_forwarded:
        hops = [hop.strip() for hop in headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return peer or "unknown"


def trusts_forwarded(variable: str = "TRUST_FORWARDED_FOR") -> bool:
    return os.environ.get(variable) == "1"


def address_key(address: str, secret: str | None = None) -> str:
    """A pseudonym for an address, kept with a conversation and its lead so that leads from one
    address can be counted without storing the address. Keyed with ADDRESS_KEY_SECRET, else the
    widget's WIDGET_SESSION_SECRET, else the installation's own secret: a key nobody else knows, or
    an IPv4 address is found again by trying all 2^32."""
    key = secret.encode() if secret else installation_secret("address-key", ADDRESS_KEY_VARIABLES)
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]
