"""Compressed request bodies against the real servers, on the wire: a gzip bomb (50 MB of zeros in
about 48 kB) sent to the web service (`python -m website.server`, its own process) and to the Rasa
server, with one `Content-Encoding` header and with two (`identity` then `gzip`, and the reverse:
aiohttp's middleware saw the first, its parser inflated by the last). Each is refused (415), and the
web service's peak memory (VmHWM, reset before each request) and resident memory grow by less than
4 MB: nothing inflated the body."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from lead_handoff.auth import hash_password

from .raw_http import send_raw
from .servers import BIN, ROOT, Assistant, base_env, free_port, request, wait_until

BOMB = gzip.compress(b"\0" * 50_000_000)
# (header name, value) lines in the order they are sent; each set must be refused.
ENCODINGS = {
    "gzip": [("Content-Encoding", "gzip")],
    "identity then gzip": [("Content-Encoding", "identity"), ("Content-Encoding", "gzip")],
    "gzip then identity": [("Content-Encoding", "gzip"), ("Content-Encoding", "identity")],
    "identity": [("Content-Encoding", "identity")],
    "deflate, lower case": [("content-encoding", "deflate")],
    "empty then gzip": [("Content-Encoding", ""), ("Content-Encoding", "gzip")],
}
REFUSALS = yaml.safe_load((ROOT / "rasa_runtime" / "limits.yaml").read_text(encoding="utf-8"))["rest_refusals"]
# Memory a refused request may add (buffers, the 48 kB body); inflating it added about 97 MB.
MAX_GROWTH_KB = 4_000


@dataclass
class WebService:
    process: subprocess.Popen[bytes]
    port: int

    def reset_peak(self) -> None:
        """Starts the peak resident memory (VmHWM) again from the present one (Linux's clear_refs)."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5", encoding="ascii")

    def memory_kb(self, field: str) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        return int(next(line for line in status.splitlines() if line.startswith(f"{field}:")).split()[1])


@pytest.fixture(scope="module")
def web_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebService]:
    workdir = tmp_path_factory.mktemp("web")
    port = free_port()
    env = base_env(
        LEADS_DATABASE_URL=f"sqlite:///{workdir / 'leads.db'}",
        INBOX_USERS=f"alice:{hash_password('correct horse', iterations=1000)}",
        INBOX_SECRET="compressed-bodies-secret",
    )
    log = workdir / "web.log"
    process = subprocess.Popen(
        [str(BIN / "python"), "-m", "website.server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            lambda: request("GET", f"http://127.0.0.1:{port}/health")[0] == 200, 60, "the web service", process, log
        )
        yield WebService(process, port)
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_bomb_is_really_a_bomb() -> None:
    assert len(BOMB) < 60_000 and len(gzip.decompress(BOMB)) == 50_000_000


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("path", ["/inbox/login", "/health", "/no-such-page"])
def test_the_web_service_refuses_a_compressed_body_without_inflating_it(
    web_service: WebService, encoding: str, path: str
) -> None:
    form = [("Content-Type", "application/x-www-form-urlencoded")]
    # A plain form first (a user of its own: wrong passwords slow down one address and user).
    warm_up = f"username={encoding}{path}&password=wrong".encode()
    assert send_raw(web_service.port, "/inbox/login", form, warm_up)[0] == 401
    web_service.reset_peak()
    before = web_service.memory_kb("VmRSS")
    status, body = send_raw(web_service.port, path, [*form, *ENCODINGS[encoding]], BOMB)
    peak_growth, kept = web_service.memory_kb("VmHWM") - before, web_service.memory_kb("VmRSS") - before
    assert status == 415 and b"compressed request bodies are not accepted" in body
    assert peak_growth < MAX_GROWTH_KB and kept < MAX_GROWTH_KB, (peak_growth, kept)


def test_the_web_service_still_answers_after_the_bombs(web_service: WebService) -> None:
    form = [("Content-Type", "application/x-www-form-urlencoded")]
    assert send_raw(web_service.port, "/inbox/login", form, b"username=alice&password=correct+horse")[0] == 303


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_rasa_server_refuses_a_compressed_channel_request(assistant: Assistant, encoding: str) -> None:
    json_body = [("Content-Type", "application/json"), ("Accept-Language", "fr-CA")]
    status, body = send_raw(assistant.rasa_ports[0], "/webhooks/rest/webhook", [*json_body, *ENCODINGS[encoding]], BOMB)
    refusal = json.loads(body)
    assert status == 415 and refusal["reason"] == "compressed"
    assert refusal["error"] == REFUSALS["compressed"]["fr"]  # as the request asked: Accept-Language: fr-CA
