"""The lead record of the contract (shared/spec/intake-contract.md section 5), as JSON and CSV."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from lead_handoff.models import Lead

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
    if with_summary:
        data["summary"] = lead.summary
    return data


def as_csv(leads: list[Lead]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FIELDS, "summary"])
    writer.writeheader()
    for lead in leads:
        row = record(lead)
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
