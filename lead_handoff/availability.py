"""The firm's availability (AVAILABILITY_FILE, e.g. examples/availability.yaml) and the free call slots
it gives: each consultant's weekly hours in their own time zone, less holidays, days off, the notice
asked for and the calls already booked. Times are computed in each consultant's zone and kept in
UTC, so a slot across a daylight-saving change is where the consultant's clock says it is."""

from __future__ import annotations

import datetime
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema
import yaml
from babel.dates import format_date, format_time, get_timezone_name

SCHEMA = Path(__file__).with_name("availability.schema.yaml")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UTC = datetime.timezone.utc


class AvailabilityError(ValueError):
    """The availability file is missing, malformed or inconsistent: the message says where."""


@dataclass(frozen=True)
class Consultant:
    id: str
    name: str
    email: str
    zone: ZoneInfo
    # per weekday (0 Monday), the (start, end) minutes after local midnight of each range
    hours: Mapping[int, tuple[tuple[int, int], ...]]
    days_off: frozenset[datetime.date]


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime  # aware, UTC
    consultant: str


@dataclass(frozen=True)
class Availability:
    zone: ZoneInfo
    call: datetime.timedelta
    days_ahead: int
    notice: datetime.timedelta
    holidays: frozenset[datetime.date]
    consultants: tuple[Consultant, ...]

    def consultant(self, consultant_id: str) -> Consultant | None:
        return next((c for c in self.consultants if c.id == consultant_id), None)

    def working_now(self, now: datetime.datetime) -> bool:
        """Whether a consultant is within their hours at `now` (not on a holiday or a day off)."""
        return bool(self.on_duty(now))

    def on_duty(self, now: datetime.datetime) -> list[Consultant]:
        """The consultants within their hours at `now`."""
        return [consultant for consultant in self.consultants if self._working(consultant, now)]

    def _working(self, consultant: Consultant, now: datetime.datetime) -> bool:
        local = now.astimezone(consultant.zone)
        if local.date() in self.holidays or local.date() in consultant.days_off:
            return False
        minute = local.hour * 60 + local.minute
        return any(first <= minute < last for first, last in consultant.hours.get(local.weekday(), ()))

    def bookable(self, start: datetime.datetime, now: datetime.datetime) -> bool:
        """Within the notice and the booking horizon."""
        return now + self.notice <= start <= now + datetime.timedelta(days=self.days_ahead)

    def free_slots(self, now: datetime.datetime, taken: Collection[tuple[str, datetime.datetime]] = ()) -> list[Slot]:
        """Every free slot from now on, earliest first (consultants in the file's order at one time)."""
        booked = {(consultant, start.astimezone(UTC)) for consultant, start in taken}
        slots = [
            Slot(start, consultant.id)
            for consultant in self.consultants
            for start in self._starts(consultant, now)
            if (consultant.id, start) not in booked
        ]
        order = {c.id: i for i, c in enumerate(self.consultants)}
        return sorted(slots, key=lambda slot: (slot.start, order[slot.consultant]))

    def _starts(self, consultant: Consultant, now: datetime.datetime) -> list[datetime.datetime]:
        today = now.astimezone(consultant.zone).date()
        starts = []
        for offset in range(self.days_ahead + 1):
            day = today + datetime.timedelta(days=offset)
            if day in self.holidays or day in consultant.days_off:
                continue
            midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=consultant.zone)
            for first, last in consultant.hours.get(day.weekday(), ()):
                for minute in range(first, last - self._minutes + 1, self._minutes):
                    local = midnight + datetime.timedelta(minutes=minute)  # wall-clock arithmetic
                    start = local.astimezone(UTC)
                    if _exists(local) and self.bookable(start, now):
                        starts.append(start)
        return starts

    @property
    def _minutes(self) -> int:
        return int(self.call.total_seconds() // 60)


def _exists(local: datetime.datetime) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change (02:30 on a spring-forward night)."""
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def load_availability(path: Path | str) -> Availability:
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AvailabilityError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise AvailabilityError(f"{path}: is not valid YAML") from error
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    problem = jsonschema.exceptions.best_match(jsonschema.Draft7Validator(schema).iter_errors(document))
    if problem is not None:
        where = "/".join(str(part) for part in problem.absolute_path) or "(top)"
        raise AvailabilityError(f"{path}: {where}: {problem.message}")
    return _availability(document, path)


def _availability(document: Mapping[str, Any], path: Path) -> Availability:
    ids = [c["id"] for c in document["consultants"]]
    if len(set(ids)) != len(ids):
        raise AvailabilityError(f"{path}: consultants: an id is used twice")
    return Availability(
        zone=_zone(document["timezone"], path, "timezone"),
        call=datetime.timedelta(minutes=document["call_minutes"]),
        days_ahead=document["book_days_ahead"],
        notice=datetime.timedelta(hours=document["min_notice_hours"]),
        holidays=frozenset(datetime.date.fromisoformat(d) for d in document.get("holidays", [])),
        consultants=tuple(_consultant(c, path, i) for i, c in enumerate(document["consultants"])),
    )


def _consultant(raw: Mapping[str, Any], path: Path, index: int) -> Consultant:
    where = f"consultants/{index}"
    hours = {}
    for name, ranges in raw["hours"].items():
        spans = tuple(_span(text, path, f"{where}/hours/{name}") for text in ranges)
        hours[WEEKDAYS.index(name)] = spans
    return Consultant(
        id=raw["id"],
        name=raw["name"],
        email=raw["email"],
        zone=_zone(raw["timezone"], path, f"{where}/timezone"),
        hours=hours,
        days_off=frozenset(datetime.date.fromisoformat(d) for d in raw.get("days_off", [])),
    )


def _span(text: str, path: Path, where: str) -> tuple[int, int]:
    first, last = (int(hour) * 60 + int(minute) for hour, minute in (part.split(":") for part in text.split("-")))
    if last <= first:
        raise AvailabilityError(f"{path}: {where}: {text!r} ends before it starts")
    return first, last


def _zone(name: str, path: Path, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise AvailabilityError(f"{path}: {where}: {name!r} is not a time zone (e.g. America/Toronto)") from error


@cache
def _cached(path: str, modified: float) -> Availability:
    return load_availability(path)


def availability_from_env(env: Mapping[str, str] | None = None) -> Availability | None:
    """The firm's availability, or None when AVAILABILITY_FILE is unset (calls are not booked)."""
    env = os.environ if env is None else env
    name = env.get("AVAILABILITY_FILE")
    if not name:
        return None
    try:
        modified = Path(name).stat().st_mtime
    except OSError as error:
        raise AvailabilityError(f"{name}: cannot be read ({error.strerror})") from error
    return _cached(name, modified)


def said_time(moment: datetime.datetime, zone: ZoneInfo | str, language: str) -> str:
    """'Tuesday, December 8, 2026, 2:00 PM (Eastern Standard Time)', 'mardi 8 décembre 2026, 14:00
    (heure normale de l’Est nord-américain)': a moment as a reader in `zone` says it (Babel's CLDR data)."""
    local = moment.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)
    day = format_date(local.date(), "full", locale=language)
    hour = format_time(local, "short", locale=language)
    return f"{day}, {hour} ({get_timezone_name(local, 'long', locale=language)})"


def short_time(moment: datetime.datetime, zone: ZoneInfo, language: str) -> str:
    """'Tue 8 Dec, 2:00 PM', 'mar. 8 déc., 14:00': a time offered on a button (CLDR's short forms)."""
    local = moment.astimezone(zone)
    return f"{format_date(local.date(), 'EEE d MMM', locale=language)}, {format_time(local, 'short', locale=language)}"
