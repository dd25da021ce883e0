"""Dates as a counselor reads them."""

from __future__ import annotations

from datetime import date, datetime

from hrtui import clock


def friendly_day(when: datetime | date | None, today: date | None = None) -> str:
    """ "today", "yesterday", "3 days ago" within a week, else the ISO date; "—" for none."""
    if when is None:
        return "—"
    day = when.date() if isinstance(when, datetime) else when
    today = today or clock.today()
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{delta} days ago"
    return day.isoformat()
