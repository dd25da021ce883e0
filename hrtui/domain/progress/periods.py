"""Weeks (Monday to Sunday) and calendar months: where a period starts and ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

WEEK = "week"
MONTH = "month"
GRAINS = (WEEK, MONTH)
WINDOW = {WEEK: 26, MONTH: 12}  # periods shown at once


def period_start(day: date, grain: str) -> date:
    """The Monday of ``day``'s week, or the first of its month."""
    if grain == WEEK:
        return day - timedelta(days=day.weekday())
    if grain == MONTH:
        return day.replace(day=1)
    raise ValueError(f"unknown grain {grain!r}")


def period_end(start: date, grain: str) -> date:
    """The last day of the period starting on ``start``."""
    if grain == WEEK:
        return start + timedelta(days=6)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def shift_period(start: date, grain: str, count: int) -> date:
    """The start of the period ``count`` periods after (negative: before) ``start``."""
    if grain == WEEK:
        return start + timedelta(weeks=count)
    months = start.year * 12 + start.month - 1 + count
    return date(months // 12, months % 12 + 1, 1)


def period_starts(first: date, last: date, grain: str) -> list[date]:
    """Starts of every period touching ``first``..``last``, oldest first."""
    out: list[date] = []
    start = period_start(first, grain)
    while start <= last:
        out.append(start)
        start = shift_period(start, grain, 1)
    return out


def window(end_day: date, grain: str, count: int | None = None) -> tuple[date, date]:
    """(first day, last day) of the ``count`` periods ending with the one holding ``end_day``."""
    count = count or WINDOW[grain]
    last_start = period_start(end_day, grain)
    return shift_period(last_start, grain, -(count - 1)), end_day


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
