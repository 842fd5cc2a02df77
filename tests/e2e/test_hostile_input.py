"""The hostile corpus (tests/e2e/hostile.py) through the REST channel and the engine's command line:
every input gets a clear reply or an HTTP 4xx, the server neither crashes nor hangs, and the
conversation it was sent into still works afterwards."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from .hostile import ENGINE_INPUTS, MESSAGES, RAW_BODIES
from .servers import ROOT, Assistant, request, texts


def post_raw(url: str, body: bytes) -> int:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def still_answers(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "I want to work in Canada")
    assistant.say(sender, "I'm French and 28")
    slots = assistant.slots(sender)
    assert slots["citizenships"] == ["FR"] and slots["age"] == 28


def test_every_hostile_message_gets_a_reply_or_a_client_error(assistant: Assistant, sender: str) -> None:
    assert len(MESSAGES) >= 200
    failures = []
    for index, message in enumerate(MESSAGES):
        conversation = f"{sender}-{index // 25}"  # a few conversations, each fed many bad messages in a row
        status, replies = request(
            "POST", f"{assistant.url}/webhooks/rest/webhook", {"sender": conversation, "message": message}, timeout=30
        )
        ok = (status == 200 and isinstance(replies, list) and texts(replies).strip()) or 400 <= status < 500
        if not ok:
            failures.append((message[:40], status, replies))
    assert not failures, failures[:10]
    still_answers(assistant, f"{sender}-after")


def test_malformed_bodies_are_client_errors(assistant: Assistant, sender: str) -> None:
    statuses = {body[:30]: post_raw(f"{assistant.url}/webhooks/rest/webhook", body) for body in RAW_BODIES}
    assert all(400 <= status < 500 for status in statuses.values()), statuses
    still_answers(assistant, sender)


def test_the_same_message_a_thousand_times_is_slowed_not_served(assistant: Assistant, sender: str) -> None:
    start = time.monotonic()
    statuses = [
        request("POST", f"{assistant.url}/webhooks/rest/webhook", {"sender": sender, "message": "hello"}, timeout=30)[0]
        for _ in range(1000)
    ]
    assert time.monotonic() - start < 120
    assert set(statuses) <= {200, 429}
    assert statuses.count(200) <= 30 and statuses[-1] == 429  # the per-sender limit (rasa_runtime/limits.yaml)
    status, body = request("POST", f"{assistant.url}/webhooks/rest/webhook", {"sender": sender, "message": "hi"})
    assert status == 429 and "wait" in body["error"]
    still_answers(assistant, f"{sender}-other")


MARKER = "Zéphyrine Quackenbush"  # a name no log line may ever hold


@pytest.mark.parametrize(
    "body, status",
    [
        # metadata is set by the server (channels/rest.py): whatever the body holds there is ignored
        (f'{{"sender": "S", "message": "{MARKER}", "metadata": "not an object"}}', 200),
        (f'{{"sender": "S", "message": "{MARKER}", "metadata": {"[" * 20_000}{"]" * 20_000}}}', 400),
        (f'{{"sender": "S", "message": "{MARKER} \\ud800"}}', 400),  # a lone surrogate
        (f'{{"sender": "S\\udfff", "message": "{MARKER}"}}', 400),
    ],
)
def test_malformed_rest_bodies_get_an_answer_and_no_log_holds_the_text(
    assistant: Assistant, sender: str, body: str, status: int
) -> None:
    payload = body.replace('"S"', f'"{sender}"').replace('"S\\', f'"{sender}\\').encode()
    assert post_raw(f"{assistant.url}/webhooks/rest/webhook", payload) == status
    time.sleep(0.5)
    logs = {log.name: log.read_text(encoding="utf-8", errors="replace") for log in assistant.workdir.glob("*.log")}
    assert not [name for name, text in logs.items() if MARKER in text]
    still_answers(assistant, f"{sender}-after")


def test_a_refusal_speaks_the_requests_language(assistant: Assistant) -> None:
    req = urllib.request.Request(
        f"{assistant.url}/webhooks/rest/webhook",
        data=b'{"sender": "bad id!", "message": "bonjour"}',
        method="POST",
        headers={"Content-Type": "application/json", "Accept-Language": "fr-CA,fr;q=0.9"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=30)
    assert refused.value.code == 400
    assert "identifiant d'expéditeur" in json.loads(refused.value.read())["error"]


@pytest.mark.parametrize("method, path", [("PUT", "/model"), ("DELETE", "/model"), ("POST", "/model/train")])
def test_model_endpoints_are_refused_even_with_the_token(assistant: Assistant, method: str, path: str) -> None:
    status, body = request(method, f"{assistant.url}{path}", {"model_file": "/tmp/evil.tar.gz"}, token=assistant.token)
    assert status == 403, body


def test_engine_command_line_answers_or_refuses_every_bad_profile() -> None:
    inputs = [text.encode("utf-8") for text in ENGINE_INPUTS] + [b"\xff\xfe", b"\x00" * 10]

    def run(data: bytes) -> tuple[bytes, int, str]:
        done = subprocess.run([str(ROOT / "bin" / "assess")], input=data, capture_output=True, timeout=60)
        return data, done.returncode, done.stderr.decode(errors="replace")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, inputs))
    for data, code, stderr in results:
        assert code in (0, 2), (data[:60], code, stderr[-500:])
        assert "Traceback" not in stderr, (data[:60], stderr[-500:])
        if code == 2:
            assert len(stderr.strip().splitlines()) == 1, (data[:60], stderr)
