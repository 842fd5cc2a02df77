"""The dashboard over a year of a busy firm: `conversations` intake rounds counted (as the refresh
stores them) and one lead in ten, some contacted; the time of the page's work (a refresh with
nothing new, then the report over the whole year), the median of a few runs."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from pathlib import Path

from sqlalchemy import insert

from lead_handoff.dashboard import Dashboard, Selection, keyed
from lead_handoff.db import migrate, sessions
from lead_handoff.models import DashboardConversation, Lead

ROUTES = ["iec_working_holiday", "cusma_professional", "francophone_mobility", "pgwp", "intra_company_transferee"]
QUESTIONS = ["citizenships", "age", "has_job_offer", "job_offer_province", "email", "consent"]
TODAY = datetime.date(2026, 12, 1)


def _round(n: int, salt: str, rng: random.Random) -> dict[str, object]:
    reached = rng.random() < 0.6
    return {
        "key": keyed(salt, f"bench-{n}#0"),
        "conversation": keyed(salt, f"bench-{n}"),
        "day": (TODAY - datetime.timedelta(days=rng.randrange(365))).isoformat(),
        "channel": rng.choice(["socketio", "socketio", "rest", "whatsapp", "telegram"]),
        "language": rng.choice(["en", "en", "fr"]),
        "reached_suggestion": reached,
        "routes": ",".join(sorted(rng.sample(ROUTES, rng.randrange(3)))) if reached else None,
        "callback_offered": reached,
        "consent": reached and rng.random() < 0.3,
        "contact": reached and rng.random() < 0.25,
        "taken_over": rng.random() < 0.02,
        "questions": rng.randrange(3, 12),
        "misunderstandings": rng.randrange(3),
        "pending_question": None if reached else rng.choice(QUESTIONS),
    }


def _lead(n: int, day: str, rng: random.Random) -> dict[str, object]:
    moment = datetime.datetime.fromisoformat(day) + datetime.timedelta(hours=12)
    return {
        "id": f"lead-{n}",
        "created_at": moment,
        "conversation_id": f"bench-{n}",
        "request_key": f"bench-{n}#0",
        "channel": "socketio",
        "language": "en",
        "name": "-",
        "consent": True,
        "consent_at": moment,
        "profile": {},
        "suggested_routes": [],
        "summary": "-",
        "status": "contacted" if rng.random() < 0.5 else "new",
    }


def dashboard_seconds(workdir: Path, conversations: int = 100_000, runs: int = 3) -> dict[str, float]:
    workdir = workdir / "dashboard"
    workdir.mkdir()
    url = f"sqlite:///{workdir / 'dashboard.db'}"
    migrate(url)
    dashboard, rng = Dashboard(sessions(url), f"sqlite:///{workdir / 'no-tracker.db'}"), random.Random(7)
    salt = dashboard.salt()
    rows = [_round(n, salt, rng) for n in range(conversations)]
    leads = [_lead(n, str(row["day"]), rng) for n, row in enumerate(rows) if n % 10 == 0]
    with sessions(url)() as session:
        session.execute(insert(DashboardConversation), rows)
        session.execute(insert(Lead), leads)
        session.commit()
    year = Selection(TODAY - datetime.timedelta(days=365), TODAY)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        report = dashboard.report(year, dashboard.refresh())
        times.append(time.perf_counter() - start)
    assert report.step("started") == conversations
    return {"dashboard_conversations": conversations, "dashboard_report_s": round(statistics.median(times), 3)}
