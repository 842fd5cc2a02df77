"""Starts the real action server and Rasa server on free ports, and talks to them over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "intake.tar.gz"
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "IMP_ENV": "development",
        **extra,
    }


def request(method: str, url: str, body: Any = None, token: str | None = None, timeout: float = 60) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    if token:  # Rasa's --auth-token is read from the `token` query parameter
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"token": token})
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw.decode(errors="replace")


def wait_until(check: Any, seconds: float, what: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what} did not become ready in {seconds} s:\n{log.read_text()[-3000:]}")


@dataclass
class Assistant:
    """One action server and one Rasa server, started for a test module."""

    workdir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    endpoints: str = "endpoints.yml"
    replicas: int = 1
    token: str = "e2e-test-token"
    model: Path = MODEL
    actions_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)  # the website's, allowed as a CORS origin
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    rasa_ports: list[int] = field(default_factory=list)
    rasa_processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    actions: Any = field(default=None, repr=False)  # the action server's process

    @property
    def url(self) -> str:
        return self.replica_url(0)

    def replica_url(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[replica]}"

    @property
    def leads_url(self) -> str:
        return self.extra_env.get("LEADS_DATABASE_URL") or f"sqlite:///{self.workdir / 'leads.db'}"

    def start(self) -> Assistant:
        if not self.model.exists():
            raise RuntimeError(f"no trained model at {self.model}: run 'make train' (make test does)")
        env = base_env(
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.actions_port}/webhook",
            RASA_TRACKER_DB=str(self.workdir / "tracker.db"),
            ACTION_SERVER_TOKEN="e2e-action-server-token",
            RASA_LIMIT_PER_ADDRESS="100000",  # every test's messages come from this one address
            LEADS_PER_ADDRESS_PER_DAY="100000",  # and so do its leads
            LEADS_HOLD_SCRIPTED="0",  # the tests answer faster than anyone types (tests/actions test the hold)
            WIDGET_ALLOWED_ORIGINS=f"http://127.0.0.1:{self.web_port}",
            WIDGET_SESSION_SECRET="e2e-widget-session-secret",
            # an in-process action that changes the tracker or domain it is given fails the turn
            **{"IMP_CHECK_ACTION_INPUTS": "1", **self.extra_env, "LEADS_DATABASE_URL": self.leads_url},
        )
        self._env = env
        self.actions = self._spawn_actions()
        self._spawn(
            [str(BIN / "python"), "-m", "lead_handoff.cli", "deliver", "--loop", "--interval", "0.5"],
            env,
            self.workdir / "outbox.log",
        )
        for _ in range(self.replicas):
            self.start_replica()
        self.wait_for_actions()
        for index in range(self.replicas):
            self.wait_for_replica(index)
        return self

    def _spawn_actions(self) -> subprocess.Popen[bytes]:
        return self._spawn(
            [
                str(BIN / "python"),
                "-m",
                "rasa_runtime.action_server",
                "--actions",
                "actions",
                "--port",
                str(self.actions_port),
            ],
            self._env,
            self.workdir / "actions.log",
        )

    def wait_for_actions(self) -> None:
        wait_until(
            lambda: request("GET", f"http://127.0.0.1:{self.actions_port}/health")[0] == 200,
            120,
            "the action server",
            self.actions,
            self.workdir / "actions.log",
        )

    def stop_actions(self) -> None:
        os.killpg(self.actions.pid, signal.SIGTERM)
        self.actions.wait(timeout=30)

    def restart_actions(self) -> None:
        """Starts the action server again, on its old port."""
        self.actions = self._spawn_actions()
        self.wait_for_actions()

    def start_replica(self, port: int | None = None) -> int:
        """Starts one more Rasa server (or restarts one on its old port); returns its index."""
        port = port or free_port()
        index = len(self.rasa_ports)
        process = self._spawn(
            [
                str(ROOT / "bin" / "rasa-server"),
                "--model",
                str(self.model),
                "--enable-api",
                "--auth-token",
                self.token,
                "--port",
                str(port),
                "--endpoints",
                self.endpoints,
                "--cors",
                f"http://127.0.0.1:{self.web_port}",
            ],
            self._env,
            self.workdir / f"rasa-{index}.log",
        )
        self.rasa_ports.append(port)
        self.rasa_processes.append(process)
        return index

    def wait_for_replica(self, index: int) -> None:
        wait_until(
            lambda: request("GET", f"{self.replica_url(index)}/status", token=self.token)[0] == 200,
            180,
            "the Rasa server",
            self.rasa_processes[index],
            self.workdir / f"rasa-{index}.log",
        )

    def stop_replica(self, index: int) -> None:
        process = self.rasa_processes[index]
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def _spawn(self, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def say(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None, replica: int = 0
    ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        status, replies = request("POST", f"{self.replica_url(replica)}/webhooks/rest/webhook", body)
        assert status == 200, replies
        return replies

    def tracker(self, sender: str, replica: int | None = None) -> dict[str, Any]:
        index = self.live_replica() if replica is None else replica
        status, tracker = request("GET", f"{self.replica_url(index)}/conversations/{sender}/tracker", token=self.token)
        assert status == 200, tracker
        return tracker

    def slots(self, sender: str) -> dict[str, Any]:
        return self.tracker(sender)["slots"]

    def slots_on(self, sender: str, replica: int) -> dict[str, Any]:
        return self.tracker(sender, replica)["slots"]

    def live_replica(self) -> int:
        return next(i for i, process in enumerate(self.rasa_processes) if process.poll() is None)


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)
