"""The lead record of the contract (shared/spec/intake-contract.md section 5), as JSON and CSV."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any
from zoneinfo import ZoneInfo

from lead_handoff.models import Appointment, Lead

FIELDS = (
    "id",
    "created_at",
    "conversation_id",
    "channel",
    "language",
    "audience",
    "name",
    "email",
    "phone",
    "preferred_time",
    "timezone",
    "consent",
    "consent_at",
    "profile",
    "suggested_routes",
    "status",
    "held_reason",
)


def iso(moment: datetime.datetime | None) -> str | None:
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def record(lead: Lead, with_summary: bool = True) -> dict[str, Any]:
    data = {name: getattr(lead, name) for name in FIELDS}
    data["created_at"], data["consent_at"] = iso(lead.created_at), iso(lead.consent_at)
    data["appointment"] = appointment(lead)
    if with_summary:
        data["summary"] = lead.summary
    return data


def appointment(lead: Lead) -> dict[str, str] | None:
    """The lead's call: the one booked, else the last cancelled; its start in the person's zone."""
    calls: list[Appointment] = list(lead.appointments)
    if not calls:
        return None
    call = next((a for a in reversed(calls) if a.status == "booked"), calls[-1])
    start = call.start_at.replace(tzinfo=datetime.timezone.utc).astimezone(ZoneInfo(call.timezone))
    return {"start": start.isoformat(), "consultant": call.consultant, "status": call.status}


def as_csv(leads: list[Lead]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FIELDS, "appointment", "summary"])
    writer.writeheader()
    for lead in leads:
        row = record(lead)
        row["appointment"] = json.dumps(row["appointment"]) if row["appointment"] else ""
        row["profile"] = json.dumps(row["profile"], ensure_ascii=False, sort_keys=True)
        row["suggested_routes"] = " ".join(row["suggested_routes"])
        writer.writerow({key: _spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: Any) -> Any:
    """A cell a person typed that starts with =, +, -, @, a TAB or a CR would run as a formula in a
    spreadsheet (OWASP's CSV injection list)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _is_phone(value):
        return "'" + value
    return value


def _is_phone(value: str) -> bool:
    return value.startswith("+") and value[1:].isdigit()
