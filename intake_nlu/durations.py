"""Lengths of time and how long ago something ended, in English and French: "two years", "18 mois",
"a year and a half", "3 months ago", "il y a deux mois", "in June", "en juin", "not yet". The words
are data (lexicon.yaml `durations`); month names come from babel's locale data."""

from __future__ import annotations

import datetime
import re
from functools import cache

from babel.dates import get_month_names

from imp_engine.rulebook import LANGUAGES
from intake_nlu.lexicon import Found, PhraseFinder, finder
from intake_nlu.numbers import find_number_words
from intake_nlu.text import fold

DAYS_IN = {"days": 1, "weeks": 7, "months": 30, "years": 365}
_DIGITS_BEFORE = re.compile(r"(\d+(?:[.,]\d+)?)\s*-?\s*$")
_BARE_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)(?![\w.])")
# A bare number answering "how long?": up to this many is years ("2"), more is months ("18").
MOST_YEARS_SAID_BARE = 5


def length_in_days(text: str) -> int | None:
    """The length of time text says ("a year and a half" -> 547), or None when it names none."""
    folded = fold(text)
    total = 0.0
    found = False
    for unit in finder("durations", "units").find_all(text):
        amount = _amount_before(folded, unit) or 0
        if not amount:
            continue
        amount += 0.5 if _half_after(folded, unit) else 0
        total += amount * DAYS_IN[unit.key]
        found = True
    return round(total) if found else None


def _length_in_months(text: str) -> int | None:
    """A length in whole months, counted in months ("4 years" is 48, not 365 * 4 / 30)."""
    lengths = _lengths(text, in_months=True)
    return round(sum(length for length, _, _ in lengths)) if lengths else None


def parse_months(text: str) -> int | None:
    """A length in months: "2 years" -> 24, "18 mois" -> 18, a bare "2" -> 24 and "18" -> 18."""
    months = _length_in_months(text)
    if months is not None:
        return months
    bare = _BARE_NUMBER.findall(fold(text))
    words = find_number_words(text)
    if len(bare) + len(words) != 1:
        return None
    number = float(bare[0].replace(",", ".")) if bare else float(words[0].value)
    return round(number * 12) if number <= MOST_YEARS_SAID_BARE else round(number)


def parse_days_ago(text: str, today: datetime.date | None = None) -> int | None:
    """How long ago something ended, in days: "3 months ago" -> 90, "in June" -> the days since mid-June
    (of this year, or of last year when June is still to come), "not yet" -> a negative number (or the
    time still to go), "just finished" -> 3. None when text says none of it."""
    today = today or datetime.date.today()
    days = length_in_days(text)
    if finder("durations", "not_yet").contains(text):
        return -(days or DAYS_IN["months"])
    if days is not None:
        return days
    if finder("durations", "just").contains(text):
        return 3
    if finder("durations", "last_month").contains(text):
        return DAYS_IN["months"]
    month = _month_named(text)
    if month is not None:
        return _days_since_mid_month(month, today)
    if finder("durations", "last_year").contains(text):
        return DAYS_IN["years"]
    return None


def _amount_before(folded: str, unit: Found) -> float | None:
    found = _amount_and_start(folded, unit)
    return found[0] if found else None


def _amount_and_start(folded: str, unit: Found) -> tuple[float, int] | None:
    """The amount said before a unit ("2 ", "two-", "deux ", "a ") and where it starts."""
    before = folded[: unit.start].rstrip(" -")
    digits = _DIGITS_BEFORE.search(before)
    if digits:
        return float(digits.group(1).replace(",", ".")), digits.start(1)
    words = before.split()
    if not words:
        return None
    tail = " ".join(words[-3:])
    offset = len(before) - len(tail)
    written = [n for n in find_number_words(tail) if n.end == len(tail)]
    if written:
        return float(written[-1].value), offset + written[-1].start
    if finder("durations", "one").contains(words[-1]):
        return 1.0, len(before) - len(words[-1])
    return None


def _half_after(folded: str, unit: Found) -> bool:
    after = " ".join(folded[unit.end :].split()[:3])
    return any(found.start == 0 for found in finder("durations", "half").find_all(after))


@cache
def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for language in LANGUAGES:
        for number, name in get_month_names("wide", locale=language).items():
            names[fold(name)] = number
    return names


def _month_named(text: str) -> int | None:
    words = re.findall(r"[a-z]+", fold(text))
    months = _month_names()
    named = [months[w] for w in words if w in months and (w != "may" or _said_as_month(words))]
    return named[-1] if named else None


def _said_as_month(words: list[str]) -> bool:
    """ "May" is a month only after "in" or "since" ("in May"), not in "I may have"."""
    return any(words[i - 1] in ("in", "since", "early", "late", "mid") for i, w in enumerate(words) if w == "may" and i)


def _days_since_mid_month(month: int, today: datetime.date) -> int:
    year = today.year if month <= today.month else today.year - 1
    return (today - datetime.date(year, month, 15)).days


# --- lengths said in an opening, each with what it measures ------------------------------------


MONTHS_IN = {"days": 1 / 30, "weeks": 7 / 30, "months": 1, "years": 12}


def _lengths(text: str, in_months: bool = False) -> list[tuple[int, int, int]]:
    """Every length in text: (days, or months, start, end), from its amount to its unit ("a year and
    a half")."""
    folded = fold(text)
    lengths = []
    for unit in finder("durations", "units").find_all(text):
        found = _amount_and_start(folded, unit)
        if not found:
            continue
        amount, start = found
        amount += 0.5 if _half_after(folded, unit) else 0
        scale = MONTHS_IN if in_months else DAYS_IN
        lengths.append((round(amount * scale[unit.key]), start, unit.end))
    return lengths


def _words_near(folded: str, start: int, end: int, before: int, after: int) -> tuple[str, str]:
    return " ".join(folded[:start].split()[-before:]), " ".join(folded[end:].split()[:after])


def program_length_in(text: str) -> int | None:
    """A program's length in months: "a two-year diploma", "my 16-month master's", "un programme de
    deux ans"."""
    folded = fold(text)
    for months, start, end in _lengths(text, in_months=True):
        before, after = _words_near(folded, start, end, 3, 3)
        of_a_program = finder("durations", "program").contains(after) or finder("durations", "program").contains(before)
        measures_else = finder("durations", "ago").contains(after) or finder("durations", "left").contains(after)
        if of_a_program and not measures_else:
            return months
    return None


def days_since_completion_in(text: str, today: datetime.date | None = None) -> int | None:
    """How long ago studies ended, said in passing: "I graduated 3 months ago", "fini en août", "il
    y a deux mois que j'ai terminé". Only in a message that says the studies ended."""
    if not finder("durations", "completed").contains(text):
        return None
    today = today or datetime.date.today()
    folded = fold(text)
    for days, start, end in _lengths(text):
        before, after = _words_near(folded, start, end, 3, 1)
        if finder("durations", "ago").contains(after) or finder("durations", "ago").contains(before):
            return days
    month = _month_named(text)
    if month is not None:
        return _days_since_mid_month(month, today)
    if finder("durations", "last_month").contains(text):
        return DAYS_IN["months"]
    return None


def months_left_in(text: str) -> int | None:
    """What is left on a permit: "16 months left", "encore deux ans"."""
    folded = fold(text)
    for months, start, end in _lengths(text, in_months=True):
        before, after = _words_near(folded, start, end, 3, 2)
        if finder("durations", "left").contains(after) or _ends_with(finder("durations", "left_before"), before):
            return months
    return None


def _ends_with(words: PhraseFinder, text: str) -> bool:
    return any(found.end == len(text) for found in words.find_all(text))
