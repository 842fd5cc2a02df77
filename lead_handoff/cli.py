"""bin/leads: the consultants' and the operators' command line.

  bin/leads list                 the leads as a JSON array, newest first (contract section 5)
  bin/leads export [FILE]        the leads as CSV (to FILE, or standard output)
  bin/leads deliver [--loop]     send what the outbox holds (once, or until stopped)
  bin/leads migrate              create or upgrade the schema
  bin/leads delete --email E | --phone P   a person's leads, deliveries and conversations (those of
                                 their leads, and any other in which they wrote that address or number)
  bin/leads purge [--days N] [--loop]   leads older than N days (0: all; default LEADS_RETENTION_DAYS),
                                 and conversations without a lead idle longer than CONVERSATION_RETENTION_DAYS;
                                 --loop: once a day until stopped (make run does this)
  bin/leads release LEAD_ID      deliver a lead held for review (lead_handoff/limits.yaml), as the inbox does
  bin/leads hash-password        a hash for INBOX_USERS (user:hash,…), the password read from stdin

Configuration comes from the environment (lead_handoff/settings.py, README "Lead handoff").
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from lead_handoff import redact
from lead_handoff.auth import hash_password
from lead_handoff.dashboard import Dashboard
from lead_handoff.db import migrate, sessions
from lead_handoff.invitations import invitation_mailer
from lead_handoff.outbox import Outbox, senders_for
from lead_handoff.records import as_csv, record
from lead_handoff.settings import Settings
from lead_handoff.store import LeadStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leads", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list")
    export = commands.add_parser("export")
    export.add_argument("file", nargs="?")
    deliver = commands.add_parser("deliver")
    deliver.add_argument("--loop", action="store_true")
    deliver.add_argument("--interval", type=float, default=5.0)
    commands.add_parser("migrate")
    delete = commands.add_parser("delete")
    delete.add_argument("--email")
    delete.add_argument("--phone")
    purge = commands.add_parser("purge")
    purge.add_argument("--days", type=days_or_more, help="leads older than this (0: all); LEADS_RETENTION_DAYS")
    purge.add_argument("--loop", action="store_true")
    purge.add_argument("--interval", type=float, default=86_400.0)
    release = commands.add_parser("release")
    release.add_argument("lead_id")
    commands.add_parser("hash-password")
    args = parser.parse_args(argv)
    if args.command == "hash-password":
        print(hash_password(sys.stdin.readline().rstrip("\n")))
        return 0

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    redact.install_in_records()
    config = Settings.from_env()
    migrate(config.database_url)
    store = LeadStore(sessions(config.database_url))

    if args.command == "list":
        print(
            json.dumps(
                [record(lead, with_summary=False) for lead in store.newest_first()], ensure_ascii=False, indent=2
            )
        )
    elif args.command == "export":
        text = as_csv(store.newest_first())
        if args.file:
            Path(args.file).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    elif args.command == "deliver":
        return _deliver(config, args.loop, args.interval)
    elif args.command == "delete":
        if not (args.email or args.phone):
            parser.error("delete needs --email or --phone")
        try:
            removed = store.delete_person(args.email, args.phone, config.tracker_database_url)
        except ValueError as error:
            parser.error(str(error))
        print(json.dumps(removed))
        return _say_what_was_deleted(removed)
    elif args.command == "purge":
        days = config.retention_days if args.days is None else args.days
        if days < 0:
            parser.error(f"LEADS_RETENTION_DAYS is {days}: it must be 0 or more")
        return _purge(store, config, days, args.loop, args.interval)
    elif args.command == "release":
        if not store.release(args.lead_id, config.targets):
            print(f"leads: no held lead {args.lead_id}; nothing was released", file=sys.stderr)
            return 1
        print(json.dumps({"released": args.lead_id, "deliveries": list(config.targets)}))
    return 0


def days_or_more(text: str) -> int:
    """A number of days, 0 or more (0: everything older than now)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if days < 0:
        raise argparse.ArgumentTypeError(f"{days}: give 0 or more days (0 purges every lead, however new)")
    return days


def _say_what_was_deleted(removed: dict[str, int]) -> int:
    if removed["leads"]:
        return 0
    if removed["conversations"]:
        deleted = removed["conversations"]
        print(f"leads: no lead matches; {deleted} conversation(s) with that email or phone deleted", file=sys.stderr)
        return 0
    print(
        "leads: no lead matches that email or phone number, nor any conversation; nothing was deleted", file=sys.stderr
    )
    return 1


def _purge(store: LeadStore, config: Settings, days: int, loop: bool, interval: float) -> int:
    stop = threading.Event()
    if loop:
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
    while True:
        try:
            removed = store.purge_older_than(
                days, config.tracker_database_url, conversation_days=config.conversation_retention_days
            )
        except SQLAlchemyError as error:
            if not loop:
                raise
            logging.getLogger(__name__).error("purge failed (%s); trying again later", type(error).__name__)
        else:
            print(json.dumps(removed), flush=True)
        if not loop or stop.wait(interval):
            return 0


def _deliver(config: Settings, loop: bool, interval: float) -> int:
    leads = sessions(config.database_url)
    counting = Dashboard(leads, config.tracker_database_url)
    outbox = Outbox(leads, senders_for(config), invitations=invitation_mailer(config), dashboard=counting)
    if not loop:
        report = outbox.deliver_due()
        print(json.dumps({"sent": report.sent, "failed": report.failed}))
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    logging.getLogger(__name__).info("outbox worker started; targets: %s", ", ".join(config.targets) or "none")
    outbox.run(stop, interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
