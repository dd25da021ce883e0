"""Goals' targets as they stood on each day: dated revisions, status changes and step-downs.

A goal's revisions are kept with their date (``revised_on``: the day the change took effect)
and a diff ``{field: [before, after]}``. Walking them back from the goal as it is now gives the
goal as it stood at its start; walking forward again gives it on every later day. So a revision,
a step back or marking a goal achieved or paused changes what counts from its own date on, and
every earlier period keeps its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

PER_USE_DAY = "per_use_day"
PER_WEEK = "per_week"
USE_DAYS_PER_WEEK = "use_days_per_week"
OPEN_STATUSES = ("active", "progressing", "revised")

#: The goal fields a progress view follows through revisions.
FOLLOWED = (
    "status", "substance", "target_amount", "unit", "period", "ladder", "baseline_amount",
    "start_on",
)  # fmt: skip


@dataclass(frozen=True)
class TargetSpan:
    """A goal's target in force from ``start`` (until a later span of the same goal starts).
    ``amount`` None: no target from that day (the goal not started, paused or achieved)."""

    start: date
    amount: float | None
    unit: str
    period: str  # per_use_day | per_week | use_days_per_week
    goal: str = ""
    goal_id: int = 0
    baseline: float | None = None  # the goal's own baseline, in the goal's period


@dataclass(frozen=True)
class GoalHistory:
    """A goal as stored now, with its revisions (oldest first) as (date, changes)."""

    goal_id: int
    title: str
    kind: str
    current: Mapping[str, Any]  # the FOLLOWED fields; ladder as [{"starts_on", "amount"}]
    revisions: Sequence[tuple[date, Mapping[str, Any]]] = ()


@dataclass(frozen=True)
class GoalState:
    since: date
    values: dict[str, Any] = field(default_factory=dict)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def goal_states(history: GoalHistory) -> list[GoalState]:
    """The goal's values from each date a revision took effect (the first from date.min)."""
    changes: list[tuple[date, dict[str, Any]]] = []
    for day, diff in history.revisions:
        wanted = {
            k: v
            for k, v in diff.items()
            if k in FOLLOWED and isinstance(v, list | tuple) and len(v) == 2
        }
        if wanted:
            changes.append((day, wanted))
    changes.sort(key=lambda c: c[0])
    at_start = dict(history.current)
    for _, change in reversed(changes):
        for key, (before, _after) in change.items():
            at_start[key] = before
    states = [GoalState(date.min, dict(at_start))]
    values = dict(at_start)
    for day, change in changes:
        for key, (_before, after) in change.items():
            values[key] = after
        if states[-1].since == day:
            states[-1] = GoalState(day, dict(values))
        else:
            states.append(GoalState(day, dict(values)))
    return states


def _ladder(value: Any) -> list[tuple[date, float]]:
    out = []
    for step in value or ():
        if isinstance(step, Mapping):
            day, amount = _day(step.get("starts_on")), _number(step.get("amount"))
        else:
            try:
                day, amount = _day(step[0]), _number(step[1])
            except (TypeError, IndexError, KeyError):
                continue
        if day is not None and amount is not None:
            out.append((day, amount))
    return sorted(out)


def goal_schedule(history: GoalHistory, substance: str, usual_unit: str) -> list[TargetSpan]:
    """The goal's targets for ``substance`` as spans, oldest first (a later span wins on the
    day it starts). A day the goal was not open, had not started, or was about another
    substance has a span with no amount."""
    states = goal_states(history)
    spans: list[TargetSpan] = []
    for i, state in enumerate(states):
        until = states[i + 1].since if i + 1 < len(states) else date.max
        v = state.values
        period = str(v.get("period") or PER_USE_DAY)
        unit = str(v.get("unit") or usual_unit)
        baseline = _number(v.get("baseline_amount"))
        start_on = _day(v.get("start_on")) or date.min
        begin = max(state.since, start_on)

        def span(
            day: date, amount: float | None, unit=unit, period=period, baseline=baseline
        ) -> TargetSpan:
            return TargetSpan(day, amount, unit, period, history.title, history.goal_id, baseline)

        spans.append(span(state.since, None))
        open_ = (
            v.get("status") in OPEN_STATUSES
            and str(v.get("substance") or "").casefold() == substance.casefold()
        )
        if not open_ or begin >= until:
            continue
        if history.kind == "stepdown" and _ladder(v.get("ladder")):
            for day, amount in _ladder(v.get("ladder")):
                if day < until:
                    spans.append(span(max(day, begin), amount))
        else:
            spans.append(span(begin, _number(v.get("target_amount"))))
    return spans


def target_on(schedule: Sequence[TargetSpan], day: date) -> TargetSpan | None:
    """The span in force on ``day``: the latest one started on or before it (of equal starts,
    the last listed). None if none has started, or the one in force has no amount."""
    best: TargetSpan | None = None
    for span in schedule:
        if span.start <= day and (best is None or span.start >= best.start):
            best = span
    return best if best is not None and best.amount is not None else None


def by_goal(spans: Iterable[TargetSpan]) -> dict[int, list[TargetSpan]]:
    out: dict[int, list[TargetSpan]] = {}
    for span in spans:
        out.setdefault(span.goal_id, []).append(span)
    return out


def days_in(start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)
