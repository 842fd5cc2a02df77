"""bin/rules: the report of every rule row, stale rows, and the drift alarm against fixture pages
served from a local HTTP server (no internet in tests)."""

from __future__ import annotations

import datetime
import http.server
import io
import json
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from imp_engine.rulebook import default_rulebook
from imp_engine.rules_cli import main, main_content

ROOT = Path(__file__).resolve().parents[2]
CANADA = "https://www.canada.ca"
OFFICIAL_SITES = (f"{CANADA}/", "https://www23.statcan.gc.ca/")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def test_report_lists_every_row_with_its_source_page_date_and_check() -> None:
    code, text = run("report")
    rows = json.loads(text)
    assert code == 0
    assert len(rows) == len(default_rulebook().rows())
    for row in rows:
        assert row["url"].startswith(OFFICIAL_SITES) and row["title"]
        if row["page_date"] is None:
            assert row["page_date_unknown"]
        else:
            datetime.date.fromisoformat(row["page_date"])
        datetime.date.fromisoformat(row["checked"])
        assert isinstance(row["verified"], bool) and row["evidence"]
        assert row["verified"] or row["unverified_why"]
    keys = {(row["file"], row["key"]) for row in rows}
    assert {("routes.yaml", "imp_plus"), ("iec.yaml", "FR"), ("cusma.yaml", "registered_nurse")} <= keys
    # The three pages that could not be read whole (README, "What could not be verified"), and the
    # WTO's list of members that GATS's page refers to without naming them.
    assert [row["key"] for row in rows if not row["verified"]] == [
        "spouse_of_worker",
        "quebec_pstq_worker",
        "significant_benefit",
        "lists.gats",
    ]


def test_a_criterion_resting_on_a_page_of_its_own_is_a_row_of_its_own() -> None:
    rows = {row["key"]: row for row in json.loads(run("report")[1])}
    young_professionals_teer = rows["iec_young_professionals.criteria[2]"]
    assert young_professionals_teer["source"] == "ircc_hire_iec" and young_professionals_teer["checked"] == "2026-12-03"
    assert "might be accepted" in young_professionals_teer["evidence"]
    assert rows["iec_international_coop.criteria[2]"]["source"] == "ircc_hire_iec"
    assert rows["francophone_mobility.criteria[3]"]["url"].startswith("https://www23.statcan.gc.ca/")
    assert rows["iec_young_professionals"]["source"] == "pdi_iec_bilateral"  # the route keeps its own page


def test_stale_lists_only_rows_checked_longer_ago() -> None:
    assert json.loads(run("report", "--stale", "30", "--today", "2026-12-01")[1]) == []
    rows = json.loads(run("report", "--stale", "30", "--today", "2027-02-01")[1])
    assert len(rows) == len(default_rulebook().rows())


def test_the_command_line_runs_from_the_repository() -> None:
    done = subprocess.run(
        [str(ROOT / "bin/rules"), "report", "--stale", "100000"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_bad_usage_exits_2() -> None:
    assert run("nonsense")[0] == 2
    assert run("report", "--stale", "many")[0] == 2


def test_main_content_ignores_menus_scripts_and_whitespace() -> None:
    page = "<html><nav>Menu</nav><main> Rule  A\n<script>x=1</script></main><footer>f</footer></html>"
    assert main_content(page) == "Rule A"
    assert main_content("<body><p>No main</p></body>") == "No main"


class Pages(http.server.ThreadingHTTPServer):
    pages: dict[str, str]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.pages.get(self.path)  # type: ignore[attr-defined]
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write((body or "not found").encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[Pages]:
    server = Pages(("127.0.0.1", 0), Handler)
    urls = {row.source.url for row in default_rulebook().rows()}
    server.pages = {_path(url): f"<html><nav>menu</nav><main>{url} v1</main></html>" for url in urls}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def watch(site: Pages, state: Path) -> tuple[int, dict]:
    local = f"http://127.0.0.1:{site.server_address[1]}"
    mirrors = [
        arg for origin in (CANADA, *OFFICIAL_SITES[1:]) for arg in ("--rewrite", f"{origin.rstrip('/')}={local}")
    ]
    code, text = run("watch", "--state", str(state), *mirrors)
    return code, json.loads(text)


def test_watch_lists_the_pages_that_changed_and_exits_3(site: Pages, tmp_path: Path) -> None:
    state = tmp_path / "watch.json"
    code, first = watch(site, state)
    assert code == 0 and len(first["new"]) == len(site.pages) and first["changed"] == []
    code, second = watch(site, state)
    assert code == 0 and second["new"] == [] and second["unchanged"] == len(site.pages)

    imp_plus = default_rulebook().route("imp_plus").row.source.url
    site.pages[_path(imp_plus)] = "<html><nav>menu</nav><main>IMP+ reopened</main></html>"
    code, third = watch(site, state)
    assert code == 3
    assert [entry["url"] for entry in third["changed"]] == [imp_plus]
    assert watch(site, state)[0] == 0  # the new content is the reference from now on


def test_a_change_outside_the_main_content_is_not_a_change(site: Pages, tmp_path: Path) -> None:
    state = tmp_path / "watch.json"
    watch(site, state)
    path = next(iter(site.pages))
    site.pages[path] = site.pages[path].replace("<nav>menu</nav>", "<nav>new menu</nav><script>track()</script>")
    code, result = watch(site, state)
    assert code == 0 and result["changed"] == []


def test_an_unreachable_page_is_reported_and_exits_4(site: Pages, tmp_path: Path) -> None:
    state = tmp_path / "watch.json"
    watch(site, state)
    site.pages.pop(next(iter(site.pages)))
    code, result = watch(site, state)
    assert code == 4 and len(result["unreachable"]) == 1


def test_the_readme_table_of_routes_is_the_one_the_rule_data_gives() -> None:
    """README's 'The routes' lists every route with its codes and page: regenerate it with
    `bin/rules routes` when a route changes."""
    assert run("routes")[1] in (ROOT / "README.md").read_text(encoding="utf-8")
