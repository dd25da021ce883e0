"""Co-created goals: validation per kind, step-down ladders, revision diffs, plain-word targets.

Pure functions, no I/O. Wording follows ../shared/DOMAIN.md: a goal is active, progressing,
achieved, revised or paused; it never "fails", and moving back a step is a change of plan.

Values come either from a form (strings) or from code (numbers, dates, lists); the parsers here
accept both, so the store validates a new goal and a revision the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from hrtui.domain import vocab
from hrtui.domain.parse import DAY_HINT, amount_text, amount_with_unit, parse_amount, parse_day
from hrtui.domain.text import clean, control_char_problem, length_problem

TITLE_MAX = 100
TEXT_MAX = 2000
UNIT_MAX = 30
SUBSTANCE_MAX = 80
STRATEGY_MAX = 120
CONCERN_MAX = 40
STEP_NOTE_MAX = 120
REASON_MAX = 500
MIN_LADDER_STEPS = 2
MAX_LADDER_STEPS = 40
REVIEW_AFTER_DAYS = 28
DAYS_IN_WEEK = 7

KINDS = vocab.GOAL_KINDS
STATUSES = vocab.GOAL_STATUSES
PERIODS = vocab.GOAL_PERIODS
OPEN_STATUSES = vocab.OPEN_GOAL_STATUSES

#: The co-creation texts, in the order a change-plan worksheet asks for them.
TEXT_FIELDS: dict[str, str] = {
    "client_words": "What I want",
    "why_it_matters": "Why it matters to me",
    "steps": "Steps I'll take",
    "helpers": "Who or what can help",
    "obstacles": "What could get in the way",
    "working_when": "I'll know it's working when…",
    "counselor_note": "Counselor note",
}

#: Kinds that are about one substance (it must be named).
SUBSTANCE_KINDS = ("reduce", "stepdown", "abstinence")

#: Changing one of these is a change of plan: it needs a reason and is kept as a revision.
PLAN_FIELDS = (
    "substance",
    "target_amount",
    "unit",
    "period",
    "life_area",
    "ladder",
    "strategies",
    "status",
)
#: A change of these makes an active or progressing goal "revised" (unless a status is given).
TARGET_FIELDS = ("target_amount", "unit", "period", "ladder")
#: Fields compared for a revision's JSON diff (long texts are edited in place, not diffed).
TRACKED_FIELDS = (*PLAN_FIELDS, "title", "baseline_amount", "start_on", "review_on")

FIELD_LABELS: dict[str, str] = {
    "substance": "Substance",
    "target_amount": "Target",
    "baseline_amount": "Baseline",
    "unit": "Unit",
    "period": "Period",
    "life_area": "Life area",
    "ladder": "Ladder",
    "strategies": "Strategies",
    "status": "Status",
    "title": "Title",
    "start_on": "Start date",
    "review_on": "Review date",
}


# -- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One rung of a step-down ladder: from ``starts_on``, ``amount`` (in the goal's unit)."""

    starts_on: date
    amount: float
    note: str = ""


@dataclass(frozen=True)
class StrategyPick:
    """A safer-use strategy in a plan; ``custom`` when it is not on the menu of options."""

    concern: str
    label: str
    custom: bool = False
    note: str = ""


@dataclass
class GoalValues:
    """A goal that passed validation, ready to store."""

    kind: str
    status: str
    title: str
    start_on: date
    review_on: date | None = None
    client_words: str = ""
    why_it_matters: str = ""
    steps: str = ""
    helpers: str = ""
    obstacles: str = ""
    working_when: str = ""
    counselor_note: str = ""
    substance: str | None = None
    baseline_amount: float | None = None
    target_amount: float | None = None
    unit: str | None = None
    period: str | None = None
    life_area: str | None = None
    ladder: list[Step] = field(default_factory=list)
    strategies: list[StrategyPick] = field(default_factory=list)
    factor_ids: list[int] = field(default_factory=list)

    def columns(self) -> dict[str, Any]:
        """The values that live on the ``goal`` row itself."""
        names = (
            "kind", "status", "title", "start_on", "review_on", *TEXT_FIELDS, "substance",
            "baseline_amount", "target_amount", "unit", "period", "life_area",
        )  # fmt: skip
        return {name: getattr(self, name) for name in names}


# -- small parsers -----------------------------------------------------------------------------


def _text(value: Any, maximum: int, *, multiline: bool = False) -> tuple[str, str | None]:
    text = (str(value) if value is not None else "").strip()
    if not multiline:
        text = clean(text)
    return text, control_char_problem(text, multiline=multiline) or length_problem(text, maximum)


def _day(value: Any, today: date, *, default: date | None = None) -> date | None:
    """A date (future allowed: goals start and are reviewed ahead), or None when empty."""
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value)
    if not text.strip():
        return default
    return parse_day(text, today, allow_future=True)


def _amount(value: Any, *, required: bool) -> float | None:
    if isinstance(value, bool | int | float):
        return parse_amount(value, required=required)
    return parse_amount("" if value is None else str(value), required=required)


def fmt_amount(value: float | None) -> str:
    """4.0 → "4", 2.5 → "2.5", None → "—"."""
    return amount_text(value, "—")


# -- defaults and suggestions ------------------------------------------------------------------


def default_title(kind: str, substance: str | None = None, life_area: str | None = None) -> str:
    """A title when none is typed, e.g. "Reduce: Alcohol" or "Life: Housing"."""
    if kind == "safer":
        return f"Safer-use plan: {substance}" if substance else "Safer-use plan"
    if kind == "life":
        return f"Life: {life_area}" if life_area else "Life and wellbeing"
    label = KINDS.get(kind, kind)
    return f"{label}: {substance}" if substance else label


def default_review(start: date) -> date:
    return start + timedelta(days=REVIEW_AFTER_DAYS)


def baseline_for_period(
    amount: float | None, days_per_week: float | None, period: str | None
) -> float | None:
    """An intake baseline (usual amount per use day, use days per week) in a goal's period."""
    if period == "per_use_day":
        return amount
    if period == "use_days_per_week":
        return days_per_week
    if period == "per_week" and amount is not None and days_per_week is not None:
        return round(amount * days_per_week, 2)
    return None


def describe_target(amount: float | None, unit: str | None, period: str | None) -> str:
    """Plain words: "4 standard drinks per use day", "3 use days a week"."""
    if amount is None:
        return "—"
    if period == "use_days_per_week":
        days = fmt_amount(amount)
        return f"{days} use day{'' if amount == 1 else 's'} a week"
    text = amount_with_unit(amount, unit)  # "1 standard drink", "4 standard drinks"
    if period == "per_use_day":
        return f"{text} per use day"
    if period == "per_week":
        return f"{text} a week"
    return text


# -- ladders -----------------------------------------------------------------------------------

LADDER_HINT = (
    "One step per line: start date, amount, optional note. E.g. 2025-03-03 3, "
    "or +14 2.5 with the prescriber (+14 = in 14 days)."
)
_LADDER_LINE = re.compile(r"^\s*(\S+)\s+(\S+)(?:\s+(.*))?$")


def parse_ladder(text: str, today: date) -> list[Step]:
    """Steps from text, one per line ("<date> <amount> [note]"); raises ValueError naming the
    line. Blank lines are skipped."""
    steps: list[Step] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LADDER_LINE.match(line)
        if not match:
            raise ValueError(f"Line {number}: give a start date and an amount, e.g. 2025-03-03 3.")
        day_text, amount_text, note = match.group(1), match.group(2), match.group(3) or ""
        try:
            day = parse_day(day_text, today, allow_future=True)
        except ValueError:
            raise ValueError(f"Line {number}: not a date ({DAY_HINT}).") from None
        try:
            amount = parse_amount(amount_text)
        except ValueError as exc:
            raise ValueError(f"Line {number}: {exc}") from None
        note, problem = _text(note, STEP_NOTE_MAX)
        if problem:
            raise ValueError(f"Line {number}: {problem}")
        steps.append(Step(day, float(amount or 0.0), note))
    return steps


def ladder_text(steps: Iterable[Step]) -> str:
    """Steps as the ladder field shows them (the inverse of :func:`parse_ladder`)."""
    lines = []
    for step in steps:
        line = f"{step.starts_on.isoformat()} {fmt_amount(step.amount)}"
        lines.append(f"{line} {step.note}" if step.note else line)
    return "\n".join(lines)


def _coerce_steps(value: Any, today: date) -> list[Step]:
    if value is None:
        return []
    if isinstance(value, str):
        return parse_ladder(value, today)
    steps = []
    for item in value:
        if isinstance(item, Step):
            steps.append(item)
            continue
        if isinstance(item, Mapping):
            day, amount, note = item.get("starts_on"), item.get("amount"), item.get("note", "")
        else:
            day, amount, *rest = item
            note = rest[0] if rest else ""
        starts_on = _day(day, today)
        if starts_on is None:
            raise ValueError("Every step needs a start date.")
        parsed = _amount(amount, required=True)
        note, problem = _text(note, STEP_NOTE_MAX)
        if problem:
            raise ValueError(problem)
        steps.append(Step(starts_on, float(parsed or 0.0), note))
    return steps


def ladder_problem(steps: Sequence[Step], unit_is_days: bool = False) -> str | None:
    """Why a ladder cannot be used, or None: enough steps, distinct dates, each step no higher
    than the one before it."""
    if len(steps) < MIN_LADDER_STEPS:
        return f"A step-down needs at least {MIN_LADDER_STEPS} steps, one per line."
    if len(steps) > MAX_LADDER_STEPS:
        return f"Keep the ladder to {MAX_LADDER_STEPS} steps or fewer."
    ordered = sorted(steps, key=lambda s: s.starts_on)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.starts_on == after.starts_on:
            return f"Two steps start on {after.starts_on.isoformat()}; give each its own date."
        if after.amount > before.amount:
            return (
                f"The step from {after.starts_on.isoformat()} ({fmt_amount(after.amount)}) is "
                f"higher than the one before it ({fmt_amount(before.amount)}); a ladder goes "
                "down (moving back a step is done with Ctrl+B, as a change of plan)."
            )
    if unit_is_days and any(s.amount > DAYS_IN_WEEK for s in steps):
        return f"Use days per week go from 0 to {DAYS_IN_WEEK}."
    return None


def current_step(steps: Sequence[Step], on: date) -> tuple[int, Step] | None:
    """(index, step) in effect on ``on``: the last one started by then; None before the first."""
    found = None
    for index, step in enumerate(sorted(steps, key=lambda s: s.starts_on)):
        if step.starts_on <= on:
            found = (index, step)
    return found


def step_back(steps: Sequence[Step], today: date) -> list[Step]:
    """The ladder with the previous step back in effect from ``today``, for as long as it lasted
    the first time; every later step keeps its spacing. Raises ValueError when there is no
    earlier step to go back to. (A change of plan, not a setback in itself.)"""
    ordered = sorted(steps, key=lambda s: s.starts_on)
    found = current_step(ordered, today)
    if found is None or found[0] == 0:
        raise ValueError("This is the first step of the ladder; there is no step to go back to.")
    index = found[0]
    previous, current = ordered[index - 1], ordered[index]
    length = current.starts_on - previous.starts_on
    shift = (today + length) - current.starts_on
    return [
        step if i < index else replace(step, starts_on=step.starts_on + shift)
        for i, step in enumerate(ordered)
    ]


# -- strategies --------------------------------------------------------------------------------


def _menu_labels(menu: Mapping[str, Iterable[str]]) -> set[str]:
    return {label.casefold() for labels in menu.values() for label in labels}


def _coerce_strategy(item: Any) -> tuple[str, str, str, bool]:
    """(concern, label, note, marked custom) from a pick, a dict or a (concern, label) pair."""
    if isinstance(item, StrategyPick):
        return item.concern, item.label, item.note, item.custom
    if isinstance(item, Mapping):
        return (
            str(item.get("concern", "")),
            str(item.get("label", "")),
            str(item.get("note", "")),
            bool(item.get("custom", False)),
        )
    concern, label, *rest = item
    return str(concern), str(label), str(rest[0]) if rest else "", False


def parse_strategies(
    picked: Iterable[Any] | None,
    custom_text: str = "",
    custom_concern: str | None = None,
    menu: Mapping[str, Iterable[str]] | None = None,
) -> tuple[list[StrategyPick], str | None, str | None]:
    """The plan's strategies from menu picks plus typed ones (one per line, under
    ``custom_concern``). Returns (strategies, problem with the picks, problem with the typed
    ones). A strategy is ``custom`` when its label is not on the menu (or it was marked so).
    Duplicates are dropped."""
    known = _menu_labels(menu or vocab.STRATEGIES)
    out: list[StrategyPick] = []
    seen: set[str] = set()
    pick_problem = typed_problem = None

    def add(concern: str, label: str, note: str, custom: bool = False) -> str | None:
        concern, problem = _text(concern, CONCERN_MAX)
        if problem:
            return problem
        if not concern:
            return "Choose what the strategy is about (its concern)."
        label, problem = _text(label, STRATEGY_MAX)
        if problem:
            return problem
        note, problem = _text(note, STEP_NOTE_MAX)
        if problem:
            return problem
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            custom = custom or label.casefold() not in known
            out.append(StrategyPick(concern, label, custom, note))
        return None

    for item in picked or ():
        pick_problem = pick_problem or add(*_coerce_strategy(item))
    lines = [line for line in (custom_text or "").splitlines() if line.strip()]
    if lines and not (custom_concern or "").strip():
        typed_problem = "Choose the concern your own strategies are about."
    else:
        for line in lines:
            typed_problem = typed_problem or add(custom_concern or "", line, "")
    return out, pick_problem, typed_problem


# -- the goal as a whole -----------------------------------------------------------------------


def validate_goal(
    kind: str,
    raw: Mapping[str, Any],
    today: date,
    *,
    menu: Mapping[str, Iterable[str]] | None = None,
    factor_ids: Iterable[int] | None = None,
) -> tuple[GoalValues | None, dict[str, str]]:
    """Check a goal of ``kind`` as typed (or as changed by a revision).

    ``raw`` holds field → value (strings from a form or typed values). The ladder is ``ladder``
    (text or steps), strategies are ``strategies`` (picks) plus ``custom_strategies`` (text, one
    per line) under ``custom_concern``; linked intake factors are ``factor_ids``, which must be in
    ``factor_ids`` (the client's) when that is given. Returns (values, {}) or (None, field →
    message).
    """
    if kind not in KINDS:
        return None, {"kind": "Choose a kind of goal."}
    errors: dict[str, str] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, message)

    status = str(raw.get("status") or "active")
    if status not in STATUSES:
        bad("status", "Choose a status: " + ", ".join(s.lower() for s in STATUSES.values()) + ".")

    texts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text, problem = _text(raw.get(name), TEXT_MAX, multiline=True)
        texts[name] = text
        if problem:
            bad(name, problem)

    substance, problem = _text(raw.get("substance"), SUBSTANCE_MAX)
    if problem:
        bad("substance", problem)
    if kind in SUBSTANCE_KINDS and not substance:
        bad("substance", "Choose the substance this goal is about.")

    life_area = clean(str(raw.get("life_area") or "")) or None
    if kind == "life" and not life_area:
        bad("life_area", "Choose the part of life this goal is about.")
    elif life_area and kind == "life":
        _, problem = _text(life_area, SUBSTANCE_MAX)
        if problem:
            bad("life_area", problem)

    try:
        start_on = _day(raw.get("start_on"), today, default=today) or today
    except ValueError as exc:
        bad("start_on", str(exc))
        start_on = today
    try:
        review_on = _day(raw.get("review_on"), today)
    except ValueError as exc:
        bad("review_on", str(exc))
        review_on = None
    if review_on is not None and "start_on" not in errors and review_on < start_on:
        bad("review_on", "The review date comes before the start date.")

    unit, problem = _text(raw.get("unit"), UNIT_MAX)
    if problem:
        bad("unit", problem)
    period = raw.get("period") or None
    baseline = target = None
    ladder: list[Step] = []
    if kind in ("reduce", "stepdown"):
        if period not in PERIODS:
            bad("period", "Choose per use day, per week, or use days per week.")
        if not unit and period != "use_days_per_week":
            bad("unit", "Type the unit, e.g. standard drinks or pills.")
        try:
            baseline = _amount(raw.get("baseline_amount"), required=False)
        except ValueError as exc:
            bad("baseline_amount", str(exc))
    if kind == "reduce":
        try:
            target = _amount(raw.get("target_amount"), required=True)
        except ValueError as exc:
            bad("target_amount", str(exc))
        if target is not None and "target_amount" not in errors:
            if target == 0:
                bad(
                    "target_amount",
                    "A target of 0 is an abstinence goal: choose that kind of goal instead.",
                )
            elif baseline is not None and target >= baseline:
                bad(
                    "target_amount",
                    f"Aim below the baseline ({fmt_amount(baseline)}); any step down counts.",
                )
            elif period == "use_days_per_week" and target > DAYS_IN_WEEK:
                bad("target_amount", f"Use days per week go from 0 to {DAYS_IN_WEEK}.")
    elif kind == "stepdown":
        try:
            ladder = sorted(_coerce_steps(raw.get("ladder"), today), key=lambda s: s.starts_on)
        except ValueError as exc:
            bad("ladder", str(exc))
        else:
            problem = ladder_problem(ladder, unit_is_days=period == "use_days_per_week")
            if problem:
                bad("ladder", problem)
            elif baseline is not None and ladder[0].amount > baseline:
                bad(
                    "ladder",
                    f"The first step ({fmt_amount(ladder[0].amount)}) is above the baseline "
                    f"({fmt_amount(baseline)}).",
                )
            else:
                target = ladder[-1].amount
    if kind not in ("reduce", "stepdown"):
        period = None
        if kind != "abstinence":
            unit = ""
    if period == "use_days_per_week":
        unit = unit or "use days"

    strategies: list[StrategyPick] = []
    if kind == "safer" or raw.get("strategies") or raw.get("custom_strategies"):
        strategies, pick_problem, typed_problem = parse_strategies(
            raw.get("strategies"),
            str(raw.get("custom_strategies") or ""),
            raw.get("custom_concern"),
            menu,
        )
        if pick_problem:
            bad("strategies", pick_problem)
        if typed_problem:
            bad("custom_strategies", typed_problem)
        if kind == "safer" and not strategies and not (pick_problem or typed_problem):
            bad("strategies", "Pick at least one strategy from the menu, or type your own.")

    try:
        linked = sorted({int(x) for x in raw.get("factor_ids") or ()})
    except (TypeError, ValueError):
        linked = []
        bad("factor_ids", "Pick factors from the list.")
    if factor_ids is not None and set(linked) - set(factor_ids):
        bad("factor_ids", "Some of these factors are not this client's any more; pick again.")

    title, problem = _text(raw.get("title"), TITLE_MAX)
    if problem:
        bad("title", problem)
    title = title or default_title(kind, substance or None, life_area)

    if errors:
        return None, errors
    return (
        GoalValues(
            kind=kind,
            status=status,
            title=title,
            start_on=start_on,
            review_on=review_on,
            **texts,
            substance=substance or None,
            baseline_amount=baseline,
            target_amount=target if kind in ("reduce", "stepdown") else None,
            unit=unit or None,
            period=period,
            life_area=life_area if kind == "life" else None,
            ladder=ladder,
            strategies=strategies,
            factor_ids=linked,
        ),
        {},
    )


def reason_problem(reason: str) -> str | None:
    """Why a revision's reason cannot be used, or None."""
    text = (reason or "").strip()
    if not text:
        return "Say why the plan changes (a few words are enough)."
    return control_char_problem(text, multiline=True) or length_problem(text, REASON_MAX)


# -- revisions ---------------------------------------------------------------------------------


def snapshot(values: GoalValues) -> dict[str, Any]:
    """The tracked fields of a goal as JSON-ready values (dates as ISO text)."""
    out: dict[str, Any] = {}
    for name in TRACKED_FIELDS:
        if name == "ladder":
            out[name] = [
                {"starts_on": s.starts_on.isoformat(), "amount": s.amount, "note": s.note}
                for s in values.ladder
            ]
        elif name == "strategies":
            out[name] = [{"concern": s.concern, "label": s.label} for s in values.strategies]
        else:
            value = getattr(values, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every tracked field whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in TRACKED_FIELDS
        if before.get(name) != after.get(name)
    }


def needs_reason(changes: Mapping[str, Any]) -> bool:
    """True if the changes alter the plan itself (target, ladder, strategies, status…)."""
    return any(name in changes for name in PLAN_FIELDS)


def implied_status(current: str, changed: Iterable[str], status_given: bool) -> str:
    """A new target or ladder makes an active or progressing goal "revised"; a status the
    counselor chose always wins, and a paused or achieved goal keeps its status."""
    if status_given or current not in ("active", "progressing"):
        return current
    return "revised" if any(name in TARGET_FIELDS for name in changed) else current


def _short(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if name == "status":
        return STATUSES.get(value, str(value))
    if name == "period":
        return PERIODS.get(value, str(value))
    if name in ("target_amount", "baseline_amount") and isinstance(value, int | float):
        return fmt_amount(float(value))
    if name == "ladder":
        return ", ".join(f"{s['starts_on']}: {fmt_amount(float(s['amount']))}" for s in value)
    return str(value)


def describe_changes(changes: Mapping[str, Sequence[Any]]) -> list[str]:
    """One plain line per changed field, e.g. "Target: 5 → 4" or "Strategies: added …"."""
    lines = []
    for name in TRACKED_FIELDS:
        if name not in changes:
            continue
        before, after = changes[name]
        label = FIELD_LABELS.get(name, name)
        if name == "strategies":
            old = {s["label"] for s in before or []}
            new = {s["label"] for s in after or []}
            parts = []
            added = [s["label"] for s in after or [] if s["label"] not in old]
            removed = [s["label"] for s in before or [] if s["label"] not in new]
            if added:
                parts.append("added " + "; ".join(added))
            if removed:
                parts.append("removed " + "; ".join(removed))
            lines.append(f"{label}: {', '.join(parts) or 'reordered'}")
        else:
            lines.append(f"{label}: {_short(name, before)} → {_short(name, after)}")
    return lines
