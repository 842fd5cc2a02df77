"""bin/rules: what the rule data rests on, and whether the official pages have changed since.

    bin/rules report [--stale DAYS]   every rule row as JSON (file, key, source page, page date,
                                      checked, verified); with --stale, only the rows checked more
                                      than DAYS days ago
    bin/rules routes                  the routes as a Markdown table (id, name, codes, permit,
                                      official page and its date, status): the README's table
    bin/rules watch [--state FILE]    fetches each distinct source page, fingerprints its main
                                      content, and lists the pages that changed since the last run

Exit status: 0 nothing to report; 3 `watch` found a changed page (re-check its rows: `report` names
them); 4 a page could not be fetched; 2 bad usage; 1 the rule data itself is broken.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TextIO

from imp_engine.rulebook import RuleBook, RuleDataError, RuleRow, default_rulebook

CHANGED, UNREACHABLE, BAD_USAGE, BROKEN_RULES = 3, 4, 2, 1
DEFAULT_STATE = Path("var/rules-watch.json")
FETCH_TIMEOUT_SECONDS = 30
MAX_PAGE_BYTES = 5_000_000
Fetch = Callable[[str], bytes]


def row_json(row: RuleRow) -> dict[str, Any]:
    return {
        "file": row.file,
        "key": row.key,
        "source": row.source.key,
        "url": row.source.url,
        "title": row.source.title,
        "page_date": row.source.page_date,
        "page_date_unknown": row.source.page_date_unknown,
        "checked": row.checked,
        "verified": row.verified,
        "unverified_why": row.unverified_why,
        "evidence": row.evidence,
    }


def stale_rows(rows: Iterable[RuleRow], days: int, today: datetime.date) -> list[RuleRow]:
    limit = today - datetime.timedelta(days=days)
    return [row for row in rows if datetime.date.fromisoformat(row.checked) < limit]


class _MainText(HTMLParser):
    """The visible text of a page's <main> element (the whole body when there is none): menus,
    footers, scripts and the page's own chrome do not make a page 'changed'."""

    SKIPPED = frozenset({"script", "style", "noscript", "nav", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main_depth = 0
        self.skip_depth = 0
        self.main_words: list[str] = []
        self.all_words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.main_depth += 1
        elif tag in self.SKIPPED:
            self.skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main" and self.main_depth:
            self.main_depth -= 1
        elif tag in self.SKIPPED and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        words = data.split()
        self.all_words.extend(words)
        if self.main_depth:
            self.main_words.extend(words)


def main_content(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.main_words or parser.all_words)


def fingerprint(html: str) -> str:
    return hashlib.sha256(main_content(html).encode("utf-8")).hexdigest()


def fetch_page(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "imp-intake rules watch"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        page: bytes = response.read(MAX_PAGE_BYTES)
        return page


def watch(urls: Sequence[str], state: dict[str, Any], fetch: Fetch, today: str) -> dict[str, Any]:
    """Compares each page's fingerprint with the stored one and updates `state` in place."""
    changed, new, unchanged, unreachable = [], [], [], []
    for url in urls:
        try:
            page = fingerprint(fetch(url).decode("utf-8", errors="replace"))
        except (OSError, ValueError) as error:
            unreachable.append({"url": url, "error": " ".join(str(error).split())[:200]})
            continue
        known = state.get(url)
        if known is None:
            new.append(url)
        elif known["fingerprint"] != page:
            changed.append({"url": url, "last_seen": known["seen"]})
        else:
            unchanged.append(url)
        if known is None or known["fingerprint"] != page:
            state[url] = {"fingerprint": page, "seen": today}
    return {"changed": changed, "new": new, "unchanged": len(unchanged), "unreachable": unreachable}


def _rewritten(url: str, rewrites: Sequence[str]) -> str:
    for rule in rewrites:
        old, _, new = rule.partition("=")
        if url.startswith(old):
            return new + url[len(old) :]
    return url


def _source_urls(rulebook: RuleBook) -> list[str]:
    return list(dict.fromkeys(row.source.url for row in rulebook.rows()))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rules", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="every rule row as JSON")
    report.add_argument("--stale", type=int, metavar="DAYS", help="only rows checked more than DAYS days ago")
    report.add_argument(
        "--today", type=datetime.date.fromisoformat, default=datetime.date.today(), help=argparse.SUPPRESS
    )
    commands.add_parser("routes", help="the routes as a Markdown table")
    watcher = commands.add_parser("watch", help="which official pages changed since the last run")
    watcher.add_argument("--state", type=Path, default=DEFAULT_STATE, help=f"fingerprints (default {DEFAULT_STATE})")
    watcher.add_argument(
        "--rewrite",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="fetch URLs starting with OLD from NEW instead (a mirror or proxy)",
    )
    return parser


def _report(args: argparse.Namespace, rulebook: RuleBook, stdout: TextIO) -> int:
    rows = list(rulebook.rows())
    if args.stale is not None:
        rows = stale_rows(rows, args.stale, args.today)
    json.dump([row_json(row) for row in rows], stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0


PERMITS = {"open": "open", "employer_specific": "employer-specific", "none": "no permit"}


def routes_table(rulebook: RuleBook) -> str:
    """Every route with its codes, permit, official page (with the page's date) and status."""
    lines = ["| route | name | code(s) | permit | official page (its date) | status |", "|---|---|---|---|---|---|"]
    for route in rulebook.routes:
        source = route.row.source
        codes = (route.exemption_code or "—").replace("/", ", ")
        status = route.status.state + (f" since {route.status.since}" if route.status.since else "")
        lines.append(
            f"| `{route.id}` | {rulebook.messages['routes'][route.id]['en']} | {codes} | {PERMITS[route.permit]} "
            f"| [{source.key}]({source.url}) ({source.page_date or 'no date shown'}) | {status} |"
        )
    return "\n".join(lines) + "\n"


def _watch(args: argparse.Namespace, rulebook: RuleBook, stdout: TextIO, fetch: Fetch) -> int:
    state = json.loads(args.state.read_text(encoding="utf-8")) if args.state.exists() else {}
    result = watch(
        _source_urls(rulebook),
        state,
        lambda url: fetch(_rewritten(url, args.rewrite)),
        datetime.date.today().isoformat(),
    )
    args.state.parent.mkdir(parents=True, exist_ok=True)
    args.state.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    json.dump(result, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    if result["changed"]:
        return CHANGED
    return UNREACHABLE if result["unreachable"] else 0


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    fetch: Fetch = fetch_page,
) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return BAD_USAGE if exit_.code else 0
    try:
        rulebook = default_rulebook()
    except RuleDataError as error:
        print(f"rules: rule data: {error}", file=stderr)
        return BROKEN_RULES
    if args.command == "report":
        return _report(args, rulebook, stdout)
    if args.command == "routes":
        stdout.write(routes_table(rulebook))
        return 0
    return _watch(args, rulebook, stdout, fetch)


if __name__ == "__main__":
    sys.exit(main())
