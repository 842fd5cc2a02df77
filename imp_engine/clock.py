"""Today's date, in one place: a rule with an end date (a temporary public policy) reports itself
closed once it is past. Tests replace `today` to stand on either side of that date."""

from __future__ import annotations

import datetime


def today() -> datetime.date:
    return datetime.date.today()
