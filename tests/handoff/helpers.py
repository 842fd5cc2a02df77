from __future__ import annotations

import datetime
from typing import Any

from lead_handoff.models import utcnow


def lead_data(conversation_id: str = "conv-1", **changes: Any) -> dict[str, Any]:
    data = {
        "conversation_id": conversation_id,
        "channel": "rest",
        "language": "en",
        "audience": "worker",
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "+15145550199",
        "preferred_time": "weekdays after 5pm",
        "timezone": "America/Toronto",
        "consent": True,
        "consent_at": utcnow(),
        "profile": {"age": 28, "citizenships": ["MX"], "has_job_offer": True},
        "suggested_routes": ["iec_working_holiday"],
        "summary": "Facts: age 28, citizenship MX.",
    }
    return {**data, **changes}


class Clock:
    """The outbox's clock in tests: starts a moment from now (after the lead is saved), moves on demand."""

    def __init__(self) -> None:
        self.now = utcnow() + datetime.timedelta(seconds=1)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)
