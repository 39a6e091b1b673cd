"""Provides report periods: reading --from/--to (dates or words) and grouping days by week or month.

A period is a range of whole local days, both ends included. Queries use [start, end), where
start is the first day at 00:00 and end the day after the last at 00:00.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from termpos.core.errors import UsageError

KEYWORDS: tuple[str, ...] = (
    "today", "yesterday", "this-week", "last-week", "this-month", "last-month",
)
GROUPINGS: tuple[str, ...] = ("day", "week", "month")
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    """Whole days from ``first`` to ``last``, both included."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        """The first moment of the period."""
        return dt.datetime.combine(self.first, dt.time())

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (exclusive end)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time())

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        """The period as shown in titles."""
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} .. {self.last.isoformat()}"


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def keyword_range(word: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day a period word names, or None when it is not a period word."""
    monday = today - dt.timedelta(days=today.weekday())
    if word == "today":
        return today, today
    if word == "yesterday":
        y = today - dt.timedelta(days=1)
        return y, y
    if word == "this-week":
        return monday, monday + dt.timedelta(days=6)
    if word == "last-week":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if word == "this-month":
        return _month_start(today), _month_end(today)
    if word == "last-month":
        prev = _month_start(today) - dt.timedelta(days=1)
        return _month_start(prev), prev
    return None


def _read(option: str, text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    word = text.strip().lower()
    found = keyword_range(word, today)
    if found is not None:
        return found
    try:
        day = dt.date.fromisoformat(word)
    except ValueError:
        raise UsageError(
            "{option} {text!r}: not a date (use YYYY-MM-DD or one of {keywords})",
            option=option, text=text, keywords=', '.join(KEYWORDS),
        ) from None
    return day, day


def parse_period(
    from_text: str | None, to_text: str | None, today: dt.date, default_days: int = DEFAULT_DAYS
) -> Period:
    """Reads --from/--to into a Period.

    A word in --from alone means that whole period (``--from last-month``); a date in --from
    alone runs to today; nothing at all means the last ``default_days`` days up to today.
    """
    if from_text is None and to_text is None:
        return Period(today - dt.timedelta(days=default_days - 1), today)
    if from_text is not None:
        first, first_end = _read("--from", from_text, today)
    else:
        first, first_end = None, None
    if to_text is not None:
        _, last = _read("--to", to_text, today)
    elif from_text is not None and keyword_range(from_text.strip().lower(), today) is not None:
        last = first_end if first_end is not None else today
    else:
        last = today
    if first is None:
        first = last - dt.timedelta(days=default_days - 1)
    if first > last:
        raise UsageError(
            "--from {first} is after --to {last}",
            first=first.isoformat(), last=last.isoformat(),
        )
    return Period(first, last)


def bucket_start(day: dt.date, by: str) -> dt.date:
    """The first day of the day/week (Monday)/month bucket a day falls in."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown grouping {by!r}")


def bucket_label(start: dt.date, by: str) -> str:
    """How a bucket is named: 2026-03-02, 2026-W10 (ISO week) or 2026-03."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def buckets(period: Period, by: str) -> list[dt.date]:
    """The starts of every bucket the period touches, in order (empty ones included)."""
    out: list[dt.date] = []
    day = period.first
    while day <= period.last:
        start = bucket_start(day, by)
        if not out or out[-1] != start:
            out.append(start)
        day += dt.timedelta(days=1)
    return out
