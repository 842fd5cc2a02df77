"""The shipped deploy configuration, read as nginx, Compose and Kubernetes read it:

- the README's embed snippet: every path it makes a browser fetch (the widget's script, the
  widget's socket) is routed by deploy/nginx.conf and by the Kubernetes ingress to the service that
  serves it, and the web service serves the script;
- compressed requests: nginx refuses any Content-Encoding (415) — checked on the real nginx when
  Debian's is installed, with the shipped file and the real web service behind it;
- retention: Compose and Kubernetes run `bin/leads purge`, daily, with the variables the action
  server reads when it promises the person how long their data is kept."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web

from lead_handoff.db import migrate, sessions
from lead_handoff.settings import Settings
from lead_handoff.store import LeadStore
from tests.e2e.raw_http import send_raw
from tests.handoff.fakes import RunningApp
from website.server import WIDGET, create_app

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX_CONF = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
MANIFESTS = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "imp-intake.yaml").read_text(encoding="utf-8")))
DEV = {"IMP_ENV": "development"}


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[LeadStore]:
    url = f"sqlite:///{tmp_path / 'leads.db'}"
    migrate(url)
    yield LeadStore(sessions(url))
    sessions(url).kw["bind"].dispose()


# --- nginx.conf, parsed -------------------------------------------------------------------------


@dataclass
class Block:
    """One nginx directive: its words and, for a block directive, what it holds."""

    words: list[str]
    children: list[Block] = field(default_factory=list)

    def all(self, name: str) -> list[Block]:
        return [child for child in self.children if child.words[0] == name]

    def one(self, name: str) -> Block:
        (found,) = self.all(name)
        return found


def parse_nginx(text: str) -> Block:
    """The file's directives as nginx reads them (comments dropped, quotes removed)."""
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', re.sub(r"#[^\n]*", "", text))
    root = Block(["main"])
    stack: list[Block] = [root]
    words: list[str] = []
    for token in tokens:
        if token == "{":
            stack.append(Block(words))
            stack[-2].children.append(stack[-1])
            words = []
        elif token == ";":
            stack[-1].children.append(Block(words))
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token.strip('"'))
    return root


NGINX = parse_nginx(NGINX_CONF)
HTTP = NGINX.one("http")
SERVER = HTTP.one("server")


def nginx_location(path: str) -> Block:
    """The location nginx picks for `path`: an exact one, else the longest prefix (the file holds no
    regular-expression location, which would come between)."""
    locations = SERVER.all("location")
    assert all(block.words[1] in ("=", "^~") or block.words[1].startswith("/") for block in locations)
    exact = [block for block in locations if block.words[1] == "=" and block.words[2] == path]
    if exact:
        return exact[0]
    prefixes = [block for block in locations if block.words[1] != "=" and path.startswith(block.words[-1])]
    return max(prefixes, key=lambda block: len(block.words[-1]))


def nginx_backend(path: str) -> tuple[str, int] | None:
    """The (compose service, port) nginx sends `path` to, or None when it answers itself."""
    passes = nginx_location(path).all("proxy_pass")
    if not passes:
        return None
    upstream_name = passes[0].words[1].removeprefix("http://")
    upstream = next(block for block in HTTP.all("upstream") if block.words[1] == upstream_name)
    host, port = upstream.one("server").words[1].split(":")
    return host, int(port)


# --- the Kubernetes manifests -------------------------------------------------------------------


def manifest(kind: str, name: str) -> dict[str, Any]:
    return next(m for m in MANIFESTS if m["kind"] == kind and m["metadata"]["name"] == name)


def ingress_backend(path: str) -> tuple[str, int] | None:
    """The (Service, port) the ingress sends `path` to: an Exact path first, else the longest
    Prefix matching whole path elements (the Ingress API's rules)."""
    rules = [p for rule in manifest("Ingress", "imp-intake")["spec"]["rules"] for p in rule["http"]["paths"]]

    def matches(rule: dict[str, Any]) -> bool:
        if rule["pathType"] == "Exact":
            return path == rule["path"]
        prefix = rule["path"].rstrip("/").split("/")
        return path.split("/")[: len(prefix)] == prefix

    found = sorted(filter(matches, rules), key=lambda r: (r["pathType"] == "Exact", len(r["path"])))
    if not found:
        return None
    service = found[-1]["backend"]["service"]
    return service["name"], service["port"]["number"]


def kubernetes_command(service: str, port: int) -> list[str]:
    """The command of the pods behind a Service, checked to listen on that Service's port."""
    spec = manifest("Service", service)["spec"]
    assert port in [p["port"] for p in spec["ports"]]
    deployment = next(
        m
        for m in MANIFESTS
        if m["kind"] == "Deployment" and m["spec"]["template"]["metadata"]["labels"] == spec["selector"]
    )
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert port in [p["containerPort"] for p in container["ports"]]
    return [str(word) for word in container["args"]]


def compose_command(service: str, port: int) -> list[str]:
    command = COMPOSE["services"][service]["command"].split("#")[0].split()
    assert str(port) in command  # the service listens where nginx sends it
    return command


# --- the README's embed snippet -----------------------------------------------------------------


def embed_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("To embed the widget on a firm's site") :]
    return section[section.index("```html") : section.index("```", section.index("```html") + 3)]


def socket_path_default() -> str:
    """Where the bundled socket.io client connects when the page names no socketPath: its
    `path || "/socket.io"`, to which its engine adds a trailing slash."""
    bundle = WIDGET.read_text(encoding="utf-8")
    (default,) = re.findall(r'\.path=\w\.path\|\|"(/[^"]+)",this\.opts=', bundle)  # socket.io's Manager
    assert 'this.opts.path=this.opts.path.replace(/\\/$/,"")+"/"' in bundle
    return default.rstrip("/") + "/"


def snippet_paths() -> dict[str, str]:
    """What a browser fetches from YOUR-ASSISTANT-HOST for the snippet: {path: what it is}."""
    snippet = embed_snippet()
    host = "https://YOUR-ASSISTANT-HOST"
    scripts = re.findall(r'<script src="([^"]+)"', snippet)
    assert scripts and all(src.startswith(host) for src in scripts)
    paths = {src.removeprefix(host): "script" for src in scripts}
    assert re.search(rf'socketUrl: "{re.escape(host)}"', snippet)
    named = re.search(r'socketPath: "([^"]+)"', snippet)
    paths[named.group(1) if named else socket_path_default()] = "socket"
    return paths


def test_the_snippet_is_the_one_the_demo_page_shows() -> None:
    page = (ROOT / "website" / "templates" / "index.html").read_text(encoding="utf-8")
    opening = page.index("<pre")
    shown = page[page.index(">", opening) + 1 : page.index("</pre>")]
    readme_lines = [line.strip() for line in embed_snippet().splitlines()[1:] if line.strip()]
    unescaped = shown.replace("&lt;", "<").replace("&gt;", ">")
    assert [line.strip() for line in unescaped.splitlines() if line.strip()] == readme_lines


def test_the_snippet_fetches_the_widget_script_and_the_socket() -> None:
    assert snippet_paths() == {"/static/webchat.js": "script", "/socket.io/": "socket"}


# What serves each kind of path: the web service the script, the Rasa server (its socket.io channel,
# credentials.yml) the socket.
SERVES = {"script": "website.server", "socket": "bin/rasa-server"}


@pytest.mark.parametrize(("path", "kind"), sorted(snippet_paths().items()))
def test_nginx_routes_the_snippet_to_what_serves_it(path: str, kind: str) -> None:
    backend = nginx_backend(path)
    assert backend, f"nginx.conf answers {path} itself (404)"
    assert SERVES[kind] in " ".join(compose_command(*backend))


@pytest.mark.parametrize(("path", "kind"), sorted(snippet_paths().items()))
def test_the_ingress_routes_the_snippet_to_what_serves_it(path: str, kind: str) -> None:
    backend = ingress_backend(path)
    assert backend, f"the ingress routes nothing for {path}"
    assert SERVES[kind] in " ".join(kubernetes_command(*backend))


def test_the_proxies_publish_no_other_static_path_nor_the_http_api() -> None:
    # The script is published exactly; other /static/ paths and Rasa's HTTP API are not.
    assert nginx_backend("/static/other.js") is None and ingress_backend("/static/other.js") is None
    assert nginx_backend("/conversations/x/tracker") is None and ingress_backend("/conversations/x/tracker") is None
    assert nginx_backend("/inbox/login") == ("web", 8080) and ingress_backend("/inbox/login") == ("web", 8080)


@pytest.mark.parametrize("path", ["/summary/abc", "/appointment/abc.def", "/static/print.js"])
def test_the_pages_people_keep_reach_the_web_service(path: str) -> None:
    assert nginx_backend(path) == ("web", 8080) and ingress_backend(path) == ("web", 8080)


def test_the_rasa_server_opens_the_socket_on_that_path() -> None:
    from channels.widget import WidgetChannel

    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    channel = WidgetChannel.from_credentials(credentials["channels.widget.WidgetChannel"])
    assert channel.socketio_path.rstrip("/") + "/" == "/socket.io/"


def test_the_web_service_serves_the_script(store: LeadStore) -> None:
    running = RunningApp(create_app(store, {}, "k", env=DEV))
    try:
        with urllib.request.urlopen(f"{running.url}/static/webchat.js", timeout=10) as response:
            assert response.status == 200 and "javascript" in response.headers["Content-Type"]
            assert b"WebChat" in response.read()
    finally:
        running.stop()


def test_the_image_carries_the_script_the_web_service_serves() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    stage = re.search(r"^FROM node:\S+ AS (\w+)\nWORKDIR (\S+)\n", dockerfile, re.M)
    assert stage, "a node stage installs the widget"
    name, workdir = stage.groups()
    assert "COPY package.json package-lock.json ./" in dockerfile and "RUN npm ci --ignore-scripts" in dockerfile
    target = WIDGET.relative_to(ROOT).as_posix()
    copy = f"COPY --from={name} {workdir}/{target} {target}"
    assert copy in dockerfile
    assert dockerfile.index("COPY . .") < dockerfile.index(copy)  # no stale host copy wins


# --- compressed requests at the proxies ---------------------------------------------------------


def test_nginx_refuses_any_content_encoding_before_choosing_a_location() -> None:
    (refusal,) = [block for block in SERVER.all("if") if "$http_content_encoding" in block.words[1]]
    assert refusal.words[1:] == ["($http_content_encoding)"] and refusal.one("return").words[1:] == ["415"]
    assert SERVER.children.index(refusal) < SERVER.children.index(SERVER.all("location")[0])


def test_the_ingress_adds_no_snippet_it_would_be_refused_for() -> None:
    # ingress-nginx refuses snippet annotations unless its administrator allows them (since 1.9);
    # the services refuse compressed bodies themselves (tests/e2e/test_compressed_bodies.py).
    annotations = manifest("Ingress", "imp-intake")["metadata"]["annotations"]
    assert not [key for key in annotations if key.endswith("-snippet")]


@dataclass
class Recorded:
    """The requests a backend behind nginx received."""

    requests: list[tuple[str, str, list[str]]] = field(default_factory=list)

    async def record(self, request: web.Request, response: web.StreamResponse) -> None:
        self.requests.append((request.method, request.path, request.headers.getall("Content-Encoding", [])))


@dataclass
class Nginx:
    url: str
    web: Recorded
    rasa: Recorded


def rasa_stand_in(recorded: Recorded) -> web.Application:
    async def answer(request: web.Request) -> web.Response:
        return web.Response(text="rasa")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    app.on_response_prepare.append(recorded.record)
    return app


def runnable_conf(workdir: Path, port: int, web_port: int, rasa_port: int) -> str:
    """The shipped file, with only the addresses and the files nginx writes changed."""
    replacements = {
        "server rasa:5005;": f"server 127.0.0.1:{rasa_port};",
        "server web:8080;": f"server 127.0.0.1:{web_port};",
        "listen 80;": f"listen 127.0.0.1:{port};",
        "events {}": f"pid {workdir / 'nginx.pid'};\nevents {{}}",
        "http {": "http {\n"
        + "".join(
            f"  {kind}_temp_path {workdir / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  access_log {workdir / 'access.log'};\n",
    }
    conf = NGINX_CONF
    for old, new in replacements.items():
        assert conf.count(old) == 1, old
        conf = conf.replace(old, new)
    return conf


@pytest.fixture()
def nginx(store: LeadStore, tmp_path: Path) -> Iterator[Nginx]:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if not binary:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    from tests.e2e.servers import free_port

    recorded_web, recorded_rasa = Recorded(), Recorded()
    app = create_app(store, {}, "k", env=DEV)
    app.on_response_prepare.append(recorded_web.record)
    website, rasa = RunningApp(app), RunningApp(rasa_stand_in(recorded_rasa))
    port = free_port()
    (tmp_path / "nginx.conf").write_text(runnable_conf(tmp_path, port, website.port, rasa.port), encoding="utf-8")
    process = subprocess.Popen(
        [
            binary,
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(f"http://127.0.0.1:{port}/health"):
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "error.log").read_text()
            time.sleep(0.1)
        recorded_web.requests.clear()  # the readiness checks
        yield Nginx(f"http://127.0.0.1:{port}", recorded_web, recorded_rasa)
    finally:
        process.terminate()
        process.wait(timeout=10)
        website.stop()
        rasa.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (OSError, urllib.error.URLError):
        return False


def fetch(url: str, headers: list[tuple[str, str]] | None = None, body: bytes | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    for name, value in headers or []:
        request.add_header(name, value)  # one header each: urllib sends no repeated name
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_real_nginx_serves_the_snippet_from_the_shipped_file(nginx: Nginx) -> None:
    status, script = fetch(f"{nginx.url}/static/webchat.js")
    assert status == 200 and b"WebChat" in script
    assert fetch(f"{nginx.url}/socket.io/?EIO=4&transport=polling") == (200, b"rasa")
    assert ("GET", "/socket.io/", []) in nginx.rasa.requests
    assert fetch(f"{nginx.url}/static/other.js")[0] == 404


@pytest.mark.parametrize("encoding", ["gzip", "identity", "br"])
@pytest.mark.parametrize("path", ["/inbox/login", "/webhooks/rest/webhook", "/socket.io/?EIO=4&transport=polling"])
def test_the_real_nginx_refuses_any_content_encoding(nginx: Nginx, path: str, encoding: str) -> None:
    bomb = gzip.compress(b"\0" * 10_000_000)
    status, answer = fetch(nginx.url + path, [("Content-Encoding", encoding)], bomb)
    assert status == 415 and b"nginx" in answer  # nginx's own page: no backend was asked
    assert nginx.web.requests == [] and nginx.rasa.requests == []


@pytest.mark.parametrize("values", [["identity", "gzip"], ["gzip", "identity"], ["gzip", "gzip"]])
def test_the_real_nginx_refuses_repeated_content_encodings(nginx: Nginx, values: list[str]) -> None:
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    headers += [("Content-Encoding", value) for value in values]
    status, answer = send_raw(int(nginx.url.rsplit(":", 1)[1]), "/inbox/login", headers, gzip.compress(b"\0" * 10**7))
    assert status == 415 and b"nginx" in answer and nginx.web.requests == []


@pytest.mark.parametrize("values", [[""], ["", "gzip"]])
def test_what_nginx_lets_through_the_web_service_refuses(nginx: Nginx, values: list[str]) -> None:
    # An empty value leaves $http_content_encoding empty (and nginx before 1.23 reads only the first
    # of repeated headers): the web service refuses any Content-Encoding header itself.
    headers = [("Content-Type", "application/x-www-form-urlencoded")]
    headers += [("Content-Encoding", value) for value in values]
    status, answer = send_raw(int(nginx.url.rsplit(":", 1)[1]), "/inbox/login", headers, b"username=a&password=b")
    assert status == 415 and b"compressed request bodies are not accepted" in answer


# --- retention ----------------------------------------------------------------------------------

COMPOSE_VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def compose_environment(service: str, host: dict[str, str]) -> dict[str, str]:
    """A service's environment as Compose gives it, from `host` (the shell or the .env file):
    ${X:-default}, ${X:?error} (here: a placeholder) and ${X}."""

    def value(match: re.Match[str]) -> str:
        name, kind, default = match.groups()
        if host.get(name):
            return host[name]
        return default if kind == "-" else f"set-{name.lower()}"

    return {
        key: COMPOSE_VARIABLE.sub(value, str(raw)) for key, raw in COMPOSE["services"][service]["environment"].items()
    }


@pytest.mark.parametrize(
    ("host", "leads_days", "conversation_days"),
    [({}, 365, 30), ({"LEADS_RETENTION_DAYS": "90", "CONVERSATION_RETENTION_DAYS": "7"}, 90, 7)],
)
def test_compose_purges_daily_what_the_action_server_promises(
    host: dict[str, str], leads_days: int, conversation_days: int, tmp_path: Path
) -> None:
    purge, actions = compose_environment("purge", host), compose_environment("actions", host)
    promised = Settings.from_env(actions)  # the consent question's {retention_days}, a refusal's {conversation_days}
    assert (promised.retention_days, promised.conversation_retention_days) == (leads_days, conversation_days)
    assert Settings.from_env(purge).database_url == promised.database_url
    assert Settings.from_env(purge).tracker_database_url == promised.tracker_database_url
    command = COMPOSE["services"]["purge"]["command"].split()
    assert command[:3] == ["python", "-m", "lead_handoff.cli"] and command[3:] == ["purge", "--loop"]
    assert COMPOSE["services"]["purge"]["restart"] == "unless-stopped"
    # What that command line does with that environment (the database: a local file here).
    calls = run_purge_command(command[3:], {**purge, "LEADS_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"})
    assert calls == [{"days": leads_days, "conversation_days": conversation_days, "loop": True, "interval": 86_400.0}]


# The purge command as its service runs it, with the purge itself replaced by a report of what it
# was asked to do.
PURGE_PROBE = """
import json, sys
import lead_handoff.cli as cli
def report(store, config, days, loop, interval):
    print(json.dumps({"days": days, "conversation_days": config.conversation_retention_days, "loop": loop,
                      "interval": interval}))
    return 0
cli._purge = report
raise SystemExit(cli.main(sys.argv[1:]))
"""


def run_purge_command(argv: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("LEADS_", "CONVERSATION_", "TRACKER_"))}
    done = subprocess.run(
        [sys.executable, "-c", PURGE_PROBE, *argv],
        env={**inherited, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_make_run_and_compose_purge_alike() -> None:
    serve = (ROOT / "bin" / "serve").read_text(encoding="utf-8")
    assert '"$venv/python" -m lead_handoff.cli purge --loop' in serve
    assert COMPOSE["services"]["purge"]["command"] == "python -m lead_handoff.cli purge --loop"


def test_kubernetes_purges_daily_with_the_action_servers_variables() -> None:
    job = manifest("CronJob", "purge")["spec"]
    minute, hour, *every = job["schedule"].split()
    assert every == ["*", "*", "*"] and 0 <= int(minute) < 60 and 0 <= int(hour) < 24  # once a day
    assert job["concurrencyPolicy"] == "Forbid"
    pod = job["jobTemplate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"] == ["python", "-m", "lead_handoff.cli", "purge"]  # once per run, no --days
    assert pod["restartPolicy"] == "OnFailure"
    actions = manifest("Deployment", "actions")["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == actions["envFrom"] and container["image"] == actions["image"]
    assert not container.get("env")  # nothing overrides the ConfigMap's retention days


def test_the_promises_are_the_retention_variables() -> None:
    callback = (ROOT / "domain" / "callback.yml").read_text(encoding="utf-8")
    assert callback.count("{retention_days} days") == 1 and callback.count("{retention_days} jours") == 1
    assert (
        callback.count("after {conversation_days} days") == 1 and callback.count("après {conversation_days} jours") == 1
    )
    assert "LEADS_RETENTION_DAYS" in COMPOSE["x-app"]["environment"]
    assert "CONVERSATION_RETENTION_DAYS" in COMPOSE["x-app"]["environment"]


def test_every_app_service_gets_the_shared_environment() -> None:
    # The anchor and its merge keys resolve as Compose resolves them.
    for name in ("rasa", "actions", "outbox", "purge", "web"):
        environment = COMPOSE["services"][name]["environment"]
        assert environment["LEADS_RETENTION_DAYS"] == COMPOSE["x-app"]["environment"]["LEADS_RETENTION_DAYS"], name
