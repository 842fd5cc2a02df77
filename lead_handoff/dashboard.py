"""The firm's dashboard: how the assistant performs, per period, channel and language, aggregated
only. Each intake round's counts are kept in `dashboard_conversations` (lead_handoff/
dashboard_facts.py reads them off the tracker store's events); a refresh recounts only the
conversations written to since the last event counted (the `mark`), a window of events at a time,
and the report is a handful of GROUP BY queries over the counts, joined with the leads (booked,
contacted) through their keyed request keys."""

from __future__ import annotations

import csv
import datetime
import hashlib
import hmac
import io
import secrets
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.dashboard_facts import RoundFacts, rounds_of
from lead_handoff.models import Appointment, DashboardConversation, DashboardState, Lead
from lead_handoff.store import event_of, events_table

WINDOW_EVENTS = 20_000  # events looked at per step of a refresh (a short read of the tracker store)
PER_QUERY = 500  # conversations or keys per IN (...) list
# After an erasure of the newest events, the events written since may hold their ids: those of the
# last RECHECK_EVENTS ids are recounted (the outbox worker refreshes every few seconds: far fewer).
RECHECK_EVENTS = 5_000


def keyed(salt: str, value: str) -> str:
    return hmac.new(salt.encode(), value.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Selection:
    first_day: datetime.date
    last_day: datetime.date
    channel: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Step:
    name: str
    count: int
    of_started: float | None  # the share of the conversations started
    of_previous: float | None  # the share of the step before, for the funnel's steps in order


@dataclass(frozen=True)
class Report:
    selection: Selection
    steps: list[Step]
    per_day: list[tuple[str, int]]  # every day of the period, 0 included
    stops: list[tuple[str, int]]  # the question pending when people left, most frequent first
    routes: list[tuple[str, int]]  # routes suggested, most frequent first
    nothing_fits: int
    median_questions: float | None  # to reach the suggestion
    misunderstandings_per_conversation: float | None
    breakdown: list[tuple[str, str, int, int, int]]  # channel, language, started, suggestion, contact
    events_behind: int  # tracker events not counted yet (a refresh still catching up)

    def step(self, name: str) -> int:
        return next(step.count for step in self.steps if step.name == name)


# The funnel, in order; `taken_over` and `contacted` are counted beside it.
FUNNEL = ("started", "reached_suggestion", "any_route", "callback_offered", "consent", "contact", "booked")
BESIDE = ("taken_over", "contacted")


class Dashboard:
    def __init__(self, sessions: sessionmaker[Session], tracker_url: str | None) -> None:
        self._sessions, self._tracker_url = sessions, tracker_url
        self._salt: str | None = None  # once read, it never changes

    # --- Counting ---------------------------------------------------------------------------------

    def refresh(self, budget_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic) -> int:
        """Counts what was written since the mark until caught up or the budget is spent; returns how
        many events are left. Recounting a conversation gives the same row (two replicas may)."""
        if not self._tracker_url:
            return 0
        deadline = clock() + budget_seconds
        mark, top = self._mark(), self._top()
        if top < mark:  # the newest events were erased, and SQLite gives their ids to the next ones:
            mark = max(0, top - RECHECK_EVENTS)  # recount what may be new below (twice is the same)
            self._set_mark(mark, lower=True)
        while mark < top and clock() < deadline:
            end = min(top, mark + WINDOW_EVENTS)
            self._count(self._senders_between(mark, end))
            self._set_mark(end)
            mark = end
        return top - mark

    def _top(self) -> int:
        with events_table(self._tracker_url or "") as connection:
            return int(connection.execute(text("SELECT MAX(id) FROM events")).scalar() or 0) if connection else 0

    def _senders_between(self, after: int, upto: int) -> list[str]:
        with events_table(self._tracker_url or "") as connection:
            if connection is None:
                return []
            statement = text("SELECT DISTINCT sender_id FROM events WHERE id > :after AND id <= :upto")
            return [sender for (sender,) in connection.execute(statement, {"after": after, "upto": upto})]

    def _count(self, senders: list[str]) -> None:
        salt = self.salt()
        for chunk in _chunks(senders, PER_QUERY):
            rounds = {sender: rounds_of(events) for sender, events in self._events_of(chunk).items()}
            with self._sessions() as session:
                hashed = [keyed(salt, sender) for sender in chunk]
                session.query(DashboardConversation).filter(DashboardConversation.conversation.in_(hashed)).delete(
                    synchronize_session=False
                )
                session.add_all(_row(salt, sender, facts) for sender, found in rounds.items() for facts in found)
                try:
                    session.commit()
                except IntegrityError:  # another replica counted the same conversations just now
                    session.rollback()

    def _events_of(self, senders: Sequence[str]) -> dict[str, list[dict[str, object]]]:
        found: dict[str, list[dict[str, object]]] = {sender: [] for sender in senders}
        with events_table(self._tracker_url or "") as connection:
            if connection is None:
                return found
            statement = text("SELECT sender_id, data FROM events WHERE sender_id IN :senders ORDER BY id")
            statement = statement.bindparams(bindparam("senders", expanding=True))
            for sender, data in connection.execute(statement, {"senders": list(senders)}):
                event = event_of(data)
                if event is not None:
                    found[sender].append(event)
        return found

    def salt(self) -> str:
        """The installation's key for the dashboard's hashes, made once and kept in the database
        (every replica reads the same one)."""
        if self._salt is None:
            self._salt = self._kept_salt()
        return self._salt

    def _kept_salt(self) -> str:
        with self._sessions() as session:
            kept = session.get(DashboardState, "salt")
            if kept is not None:
                return str(kept.value)
            session.add(DashboardState(name="salt", value=secrets.token_hex(32)))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
            return str(session.get(DashboardState, "salt").value)

    def _mark(self) -> int:
        with self._sessions() as session:
            kept = session.get(DashboardState, "mark")
            return int(kept.value) if kept else 0

    def _set_mark(self, mark: int, lower: bool = False) -> None:
        with self._sessions() as session:
            kept = session.get(DashboardState, "mark")
            if kept is None:
                session.add(DashboardState(name="mark", value=str(mark)))
            elif lower or int(kept.value) < mark:  # else never back (a slower replica's older window)
                kept.value = str(mark)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()

    # --- Reporting --------------------------------------------------------------------------------

    def report(self, selection: Selection, events_behind: int = 0) -> Report:
        """One scan of the period's rounds, grouped by everything the report tells apart (a few
        thousand groups at most), then counted here; the days from their index; the leads joined."""
        with self._sessions() as session:
            where = _where(selection)
            groups = [
                Group(*row) for row in session.execute(select(*GROUPED, func.count()).where(*where).group_by(*GROUPED))
            ]
            counts = _funnel_counts(groups) | self._lead_counts(session, selection)
            reached = [g for g in groups if g.reached_suggestion]
            return Report(
                selection=selection,
                steps=_steps(counts),
                per_day=_per_day(session, where, selection),
                stops=_ranked((g.pending_question, g.count) for g in groups if g.pending_question),
                routes=_ranked(
                    (route, g.count) for g in reached for route in filter(None, (g.routes or "").split(","))
                ),
                nothing_fits=sum(g.count for g in reached if g.routes == ""),
                median_questions=_median((g.questions, g.count) for g in reached),
                misunderstandings_per_conversation=_mean((g.misunderstandings, g.count) for g in groups),
                breakdown=_breakdown(groups),
                events_behind=events_behind,
            )

    def _lead_counts(self, session: Session, selection: Selection) -> dict[str, int]:
        """Booked and contacted: the leads of the period whose round is among the selected ones."""
        salt = self.salt()
        since = datetime.datetime.combine(selection.first_day, datetime.time())
        until = datetime.datetime.combine(selection.last_day + datetime.timedelta(days=2), datetime.time())
        booked = select(Appointment.id).where(Appointment.lead_id == Lead.id).exists()
        leads = session.execute(
            select(Lead.request_key, Lead.status, booked).where(Lead.created_at >= since, Lead.created_at < until)
        ).all()
        state = {keyed(salt, key): (status, has_call) for key, status, has_call in leads}
        selected: set[str] = set()
        for chunk in _chunks(list(state), PER_QUERY):
            keys = select(DashboardConversation.key).where(DashboardConversation.key.in_(chunk), *_where(selection))
            selected.update(key for (key,) in session.execute(keys))
        return {
            "booked": sum(1 for key in selected if state[key][1]),
            "contacted": sum(1 for key in selected if state[key][0] == "contacted"),
        }


def _row(salt: str, sender: str, facts: RoundFacts) -> DashboardConversation:
    return DashboardConversation(
        key=keyed(salt, f"{sender}#{facts.round}"),
        conversation=keyed(salt, sender),
        day=facts.day,
        channel=facts.channel or "unknown",
        language=facts.language,
        reached_suggestion=facts.reached_suggestion,
        routes=",".join(facts.routes)[:1000] if facts.routes is not None and facts.reached_suggestion else None,
        callback_offered=facts.callback_offered,
        consent=facts.consent,
        contact=facts.contact,
        taken_over=facts.taken_over,
        questions=facts.questions,
        misunderstandings=facts.misunderstandings,
        pending_question=(facts.pending_question or "")[:60] or None,
    )


def _where(selection: Selection) -> list[object]:
    table = DashboardConversation
    where: list[object] = [table.day >= selection.first_day.isoformat(), table.day <= selection.last_day.isoformat()]
    if selection.channel:
        where.append(table.channel == selection.channel)
    if selection.language:
        where.append(table.language == selection.language)
    return where


_T = DashboardConversation
GROUPED = (
    _T.channel,
    _T.language,
    _T.reached_suggestion,
    _T.routes,
    _T.callback_offered,
    _T.consent,
    _T.contact,
    _T.taken_over,
    _T.questions,
    _T.misunderstandings,
    _T.pending_question,
)


@dataclass(frozen=True)
class Group:
    channel: str
    language: str
    reached_suggestion: bool
    routes: str | None
    callback_offered: bool
    consent: bool
    contact: bool
    taken_over: bool
    questions: int
    misunderstandings: int
    pending_question: str | None
    count: int


def _funnel_counts(groups: list[Group]) -> dict[str, int]:
    counted: dict[str, Callable[[Group], bool]] = {
        "started": lambda g: True,
        "reached_suggestion": lambda g: g.reached_suggestion,
        "any_route": lambda g: g.reached_suggestion and bool(g.routes),
        "callback_offered": lambda g: g.callback_offered,
        "consent": lambda g: g.consent,
        "contact": lambda g: g.contact,
        "taken_over": lambda g: g.taken_over,
    }
    return {name: sum(g.count for g in groups if test(g)) for name, test in counted.items()}


def _steps(counts: dict[str, int]) -> list[Step]:
    started, steps = counts["started"], []
    for position, name in enumerate((*FUNNEL, *BESIDE)):
        previous = counts[FUNNEL[position - 1]] if 0 < position < len(FUNNEL) else None
        steps.append(Step(name, counts[name], _share(counts[name], started), _share(counts[name], previous)))
    return steps


def _per_day(session: Session, where: list[object], selection: Selection) -> list[tuple[str, int]]:
    counted = dict(session.execute(select(_T.day, func.count()).where(*where).group_by(_T.day)).all())
    days = (selection.last_day - selection.first_day).days + 1
    every = (selection.first_day + datetime.timedelta(days=n) for n in range(days))
    return [(day.isoformat(), int(counted.get(day.isoformat(), 0))) for day in every]


def _ranked(counts: Iterable[tuple[str | None, int]]) -> list[tuple[str, int]]:
    counted: Counter[str] = Counter()
    for value, count in counts:
        counted[str(value)] += count
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def _median(histogram: Iterable[tuple[int, int]]) -> float | None:
    values = sorted(histogram)
    total = sum(count for _, count in values)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # the one or two middle positions
    found, seen = [], 0
    for value, count in values:
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    return float(statistics.mean(found))


def _mean(histogram: Iterable[tuple[int, int]]) -> float | None:
    pairs = list(histogram)
    total = sum(count for _, count in pairs)
    return round(sum(value * count for value, count in pairs) / total, 2) if total else None


def _breakdown(groups: list[Group]) -> list[tuple[str, str, int, int, int]]:
    rows: dict[tuple[str, str], list[int]] = {}
    for g in groups:
        row = rows.setdefault((g.channel, g.language), [0, 0, 0])
        row[0] += g.count
        row[1] += g.count if g.reached_suggestion else 0
        row[2] += g.count if g.contact else 0
    return [(channel, language, *counts) for (channel, language), counts in sorted(rows.items())]  # type: ignore[misc]


def _share(count: int, of: int | None) -> float | None:
    return round(count / of, 4) if of else None


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def as_csv(report: Report) -> str:
    """The report's numbers as the page's tables: section, label, count, share of those started."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "label", "count", "share_of_started"])
    for step in report.steps:
        writer.writerow(["funnel", step.name, step.count, "" if step.of_started is None else step.of_started])
    for day, count in report.per_day:
        writer.writerow(["day", day, count, ""])
    for question, count in report.stops:
        writer.writerow(["stopped_at", question, count, ""])
    for route, count in report.routes:
        writer.writerow(["route", route, count, ""])
    writer.writerow(["route", "nothing_fits", report.nothing_fits, ""])
    writer.writerow(["median_questions", "", "" if report.median_questions is None else report.median_questions, ""])
    mean = report.misunderstandings_per_conversation
    writer.writerow(["misunderstandings_per_conversation", "", "" if mean is None else mean, ""])
    for channel, language, started, suggestion, contact in report.breakdown:
        writer.writerow(["started", f"{channel}/{language}", started, ""])
        writer.writerow(["reached_suggestion", f"{channel}/{language}", suggestion, ""])
        writer.writerow(["contact", f"{channel}/{language}", contact, ""])
    return out.getvalue()
