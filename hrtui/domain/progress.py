"""Progress per substance, per week or month: figures and plain sentences. Pure; no I/O.

The approach (../shared/DOMAIN.md): success is any step toward health. Five drinks a night down
to four is progress and is said so, in words. Using safer-use strategies is progress even when
amounts do not fall. Nothing resets to zero: there are no streaks here. When use went up it is
said plainly and kindly ("more than last week; worth talking about what changed").

The figures of a period come from SQL (:class:`PeriodFigures`, see ``hrtui.store.uselog``);
this module adds what needs the calendar, the intake baseline and the goal's target:

- a period's *counted days* run from its first day to its last, or to today if that is earlier
  (a partial week); ``unrecorded = counted − use days − no-use days``;
- the *baseline* is the latest intake baseline taken on or before the period's last day;
- the *target* is taken day by day: the target in force on each day (a step-down's rungs, or a
  goal's target before and after a revision). Per-use-day targets compare each use day with its
  own day's target; weekly targets are prorated over the counted days (``Σ target/7``).

Amounts are compared as shown (rounded to one decimal), so "4.2, down from 5: 16% less" adds up
for the reader.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hrtui.domain import vocab

WEEK = "week"
MONTH = "month"
GRAINS = (WEEK, MONTH)
WINDOW = {WEEK: 26, MONTH: 12}  # periods shown at once

PER_USE_DAY = "per_use_day"
PER_WEEK = "per_week"
USE_DAYS_PER_WEEK = "use_days_per_week"

ALCOHOL_HEAVY = 6.0  # AUDIT-C item 3: "six or more drinks on one occasion"
KIND_WORDS = "worth talking about what changed"
TARGET_WORDS = "worth talking about what got in the way"


# -- periods ----------------------------------------------------------------------------------


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


# -- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """What a progress view adds up: one substance, amounts in one unit."""

    substance: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.substance} · {self.unit}" if self.unit else self.substance

    @property
    def is_alcohol(self) -> bool:
        return (
            self.substance.casefold() == "alcohol" and self.unit.casefold() == vocab.STANDARD_DRINKS
        )


@dataclass(frozen=True)
class Baseline:
    """Use as recorded at intake: usual amount per occasion (use day) and days per week."""

    taken_on: date
    amount: float | None
    unit: str
    days_per_week: float | None


@dataclass(frozen=True)
class TargetSpan:
    """A goal's target in force from ``start`` (until a later span starts)."""

    start: date
    amount: float
    unit: str
    period: str  # per_use_day | per_week | use_days_per_week
    goal: str = ""


@dataclass(frozen=True)
class HeavyRule:
    """What counts as a heavy-use day: amount >= threshold (inclusive) or > threshold."""

    threshold: float
    inclusive: bool
    words: str  # "heavy-drinking day (6 or more drinks)"
    plural: str


@dataclass(frozen=True)
class PeriodFigures:
    """One period's figures as the store computes them in SQL (one row per period with data)."""

    start: date
    use_days: int = 0
    no_use_days: int = 0
    amount_days: int = 0  # use days with an amount in the series unit
    total: float = 0.0
    peak: float | None = None
    peak_day: date | None = None
    heavy_days: int = 0
    target_days: int = 0  # amount days with a per-use-day target in force
    within_target_days: int = 0  # ... at or under that day's target
    target_total: float = 0.0  # amount on days with any target in force
    target_use_days: int = 0  # use days with any target in force
    strategy_days: int = 0  # days with at least one safer-use strategy used
    other_unit_entries: int = 0  # use entries in another unit: use days, not added in
    strategies: tuple[tuple[str, int], ...] = ()  # (strategy, days used), most used first


@dataclass(frozen=True)
class PeriodTarget:
    kind: str
    unit: str
    comparable: bool  # False when the target's unit is not the entries' unit
    amounts: tuple[tuple[date, float], ...]  # the amount in force from each day it changed
    days: int  # counted days with a target in force
    effective: float | None  # per_week / use_days_per_week: Σ target / 7 over those days

    @property
    def changed(self) -> bool:
        return len(self.amounts) > 1

    @property
    def last(self) -> float:
        return self.amounts[-1][1]


@dataclass(frozen=True)
class PeriodSummary:
    grain: str
    start: date
    end: date  # last counted day (today for the current period)
    full_end: date
    figures: PeriodFigures
    baseline: Baseline | None = None
    target: PeriodTarget | None = None
    today: date | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def partial(self) -> bool:
        return self.end < self.full_end

    @property
    def unrecorded_days(self) -> int:
        f = self.figures
        return max(0, self.days - f.use_days - f.no_use_days)

    @property
    def recorded(self) -> bool:
        return self.figures.use_days + self.figures.no_use_days > 0

    @property
    def per_use_day(self) -> float | None:
        f = self.figures
        return f.total / f.amount_days if f.amount_days else None

    @property
    def is_current(self) -> bool:
        return self.today is not None and self.start <= self.today <= self.full_end

    @property
    def label(self) -> str:
        if self.grain == MONTH:
            return self.start.strftime("%Y-%m")
        return self.start.isoformat()


def baseline_for(baselines: Iterable[Baseline], last_day: date) -> Baseline | None:
    """The latest baseline taken on or before ``last_day``."""
    best: Baseline | None = None
    for b in baselines:
        if b.taken_on <= last_day and (best is None or b.taken_on >= best.taken_on):
            best = b
    return best


def target_on(schedule: Sequence[TargetSpan], day: date) -> TargetSpan | None:
    """The span in force on ``day``: the latest one started on or before it."""
    best: TargetSpan | None = None
    for span in schedule:
        if span.start <= day and (best is None or span.start >= best.start):
            best = span
    return best


def period_target(
    schedule: Sequence[TargetSpan], start: date, end: date, unit: str
) -> PeriodTarget | None:
    """The target over ``start``..``end`` taken day by day, or None if none was in force."""
    days: list[tuple[date, TargetSpan]] = []
    day = start
    while day <= end:
        span = target_on(schedule, day)
        if span is not None:
            days.append((day, span))
        day += timedelta(days=1)
    if not days:
        return None
    kind = days[-1][1].period
    span_unit = days[-1][1].unit
    comparable = span_unit.casefold() == unit.casefold()
    same = [(d, s) for d, s in days if s.period == kind]
    amounts: list[tuple[date, float]] = []
    for d, s in same:
        if not amounts or amounts[-1][1] != s.amount:
            amounts.append((d, s.amount))
    effective = None
    if kind in (PER_WEEK, USE_DAYS_PER_WEEK):
        effective = sum(s.amount for _, s in same) / 7
    return PeriodTarget(
        kind=kind,
        unit=span_unit,
        comparable=comparable,
        amounts=tuple(amounts),
        days=len(same),
        effective=effective,
    )


def heavy_rule(series: Series, baseline: Baseline | None) -> HeavyRule | None:
    """Alcohol: 6 or more standard drinks on a day (AUDIT-C item 3). Other substances: a day
    above the usual amount per occasion at intake (if known and in the same unit)."""
    if series.is_alcohol:
        return HeavyRule(
            ALCOHOL_HEAVY,
            True,
            "heavy-drinking day (6 or more drinks)",
            "heavy-drinking days (6 or more drinks)",
        )
    if (
        baseline is not None
        and baseline.amount
        and baseline.unit.casefold() == series.unit.casefold()
    ):
        usual = f"the usual {fmt(baseline.amount)} {unit_word(series, baseline.amount)}"
        return HeavyRule(
            baseline.amount, False, f"day above {usual} at intake", f"days above {usual} at intake"
        )
    return None


def summarize(
    grain: str,
    starts: Sequence[date],
    figures: Iterable[PeriodFigures],
    *,
    last_day: date,
    today: date,
    baselines: Sequence[Baseline] = (),
    schedule: Sequence[TargetSpan] = (),
    unit: str = "",
) -> list[PeriodSummary]:
    """One summary per period start (oldest first), empty periods included."""
    by_start = {f.start: f for f in figures}
    out: list[PeriodSummary] = []
    for start in starts:
        full_end = period_end(start, grain)
        end = min(full_end, last_day)
        if end < start:
            continue
        out.append(
            PeriodSummary(
                grain=grain,
                start=start,
                end=end,
                full_end=full_end,
                figures=by_start.get(start, PeriodFigures(start)),
                baseline=baseline_for(baselines, end),
                target=period_target(schedule, start, end, unit),
                today=today,
            )
        )
    return out


# -- words ------------------------------------------------------------------------------------


def fmt(value: float) -> str:
    """One decimal at most, rounded half up: 4.25 → "4.3", 5.0 → "5"."""
    d = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return text[:-2] if text.endswith(".0") else text


def shown(value: float) -> Decimal:
    return Decimal(fmt(value))


def percent_less(new: float, old: float) -> str:
    """ "16%" for 4.2 against 5, computed from the shown values; "under 1%" for tiny steps."""
    a, b = shown(new), shown(old)
    if b <= 0:
        return ""
    pct = ((b - a) / b * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return "under 1%" if pct == 0 else f"{pct}%"


def unit_word(series: Series, amount: float | None = None) -> str:
    """ "drinks" for standard drinks; the unit otherwise; singular for exactly 1."""
    word = "drinks" if series.is_alcohol else series.unit
    if amount is not None and shown(amount) == 1 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def day_word(series: Series, count: float | None = None) -> str:
    word = "drinking day" if series.substance.casefold() == "alcohol" else "use day"
    return word if count is not None and shown(count) == 1 else word + "s"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def when_phrase(summary: PeriodSummary) -> str:
    """ "this week", "last week", "in the week of 3 Mar", "this month", "in March 2025"."""
    today = summary.today
    if summary.grain == MONTH:
        if summary.is_current:
            return "this month"
        if today and shift_period(summary.start, MONTH, 1) == period_start(today, MONTH):
            return "last month"
        return f"in {summary.start.strftime('%B %Y')}"
    if summary.is_current:
        return "this week"
    if today and summary.start + timedelta(weeks=1) == period_start(today, WEEK):
        return "last week"
    year = "" if today and summary.start.year == today.year else f" {summary.start.year}"
    return f"in the week of {summary.start.day} {summary.start.strftime('%b')}{year}"


def before_phrase(summary: PeriodSummary) -> str:
    """How the previous period is named next to this one."""
    if summary.is_current:
        return "last week" if summary.grain == WEEK else "last month"
    return "the week before" if summary.grain == WEEK else "the month before"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compare_amount(new: float, old: float, old_words: str) -> str:
    """ "down from 5 at intake: 16% less" / "the same as at intake" / "more than the 5 at
    intake; worth talking about what changed" (old_words e.g. "at intake")."""
    a, b = shown(new), shown(old)
    if a < b:
        return f"down from {fmt(old)} {old_words}: {percent_less(new, old)} less"
    if a == b:
        return f"the same as {old_words}"
    return f"more than the {fmt(old)} {old_words}; {KIND_WORDS}"


def describe(
    summary: PeriodSummary,
    previous: PeriodSummary | None,
    series: Series,
    heavy: HeavyRule | None = None,
) -> list[str]:
    """Plain sentences about one period: what was recorded, compared with intake, the period
    before and the goal's target; safer-use strategies count as progress."""
    f = summary.figures
    when = when_phrase(summary)
    if not summary.recorded:
        tail = " yet" if summary.is_current else ""
        return [f"Nothing recorded for {series.substance} {when}{tail}."]

    out: list[str] = []
    per_day = summary.per_use_day
    base = summary.baseline
    base_ok = base is not None and base.unit.casefold() == series.unit.casefold()

    if f.use_days == 0:
        out.append(
            f"No use of {series.substance} recorded {when}: "
            f"{plural(f.no_use_days, 'day')} with no use."
        )
    elif per_day is not None:
        head = f"{fmt(per_day)} {unit_word(series, per_day)} per {day_word(series, 1)} {when}"
        if base_ok and base is not None and base.amount is not None:
            head += ", " + compare_amount(per_day, base.amount, "at intake")
        out.append(head + ".")
        before = previous.per_use_day if previous is not None else None
        if before is not None and previous is not None:
            words = before_phrase(summary)
            a, b = shown(per_day), shown(before)
            if a < b:
                out.append(
                    f"Down from {fmt(before)} {words}: {percent_less(per_day, before)} less."
                )
            elif a == b:
                out.append(f"The same as {words}.")
            else:
                out.append(f"More than {words} ({fmt(before)}); {KIND_WORDS}.")

    if f.use_days:
        parts = [f"{f.use_days} {day_word(series, f.use_days)}"]
        if f.no_use_days:
            parts.append(f"{plural(f.no_use_days, 'day')} with no use")
        if summary.unrecorded_days:
            parts.append(f"{summary.unrecorded_days} not recorded")
        out.append(_cap(_join(parts)) + ".")
        if base_ok and base is not None and base.days_per_week is not None:
            out.extend(_days_compared(summary, series, base.days_per_week))
    elif summary.unrecorded_days:
        out.append(f"{summary.unrecorded_days} not recorded.")

    out.extend(_target_sentences(summary, series))

    if f.amount_days > 1 and f.peak is not None:
        on = f" ({short_day(f.peak_day)})" if f.peak_day else ""
        out.append(f"Most on one day: {fmt(f.peak)} {unit_word(series, f.peak)}{on}.")
    if heavy is not None and f.amount_days:
        if f.heavy_days:
            words = heavy.words if f.heavy_days == 1 else heavy.plural
            out.append(f"{f.heavy_days} {words}.")
        else:
            out.append(f"No {heavy.plural}.")

    if f.strategy_days:
        named = [f"{label} ({plural(n, 'day')})" for label, n in f.strategies[:3]]
        more = len(f.strategies) - 3
        if more > 0:
            named.append(f"{more} more")
        listing = f": {'; '.join(named)}" if named else ""
        out.append(
            f"Safer-use strategies used on {plural(f.strategy_days, 'day')}{listing}. "
            "That counts as progress, whatever the amounts."
        )
    if f.other_unit_entries == 1:
        out.append(
            f"1 entry in another unit counts as a use day but is not added to the {series.unit}."
        )
    elif f.other_unit_entries:
        out.append(
            f"{f.other_unit_entries} entries in other units count as use days but are not "
            f"added to the {series.unit}."
        )
    return out


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _days_compared(summary: PeriodSummary, series: Series, per_week: float) -> list[str]:
    """Use days against the intake's days per week, only when every day is recorded."""
    if summary.unrecorded_days:
        return []
    f = summary.figures
    b = fmt(per_week)
    if summary.grain == WEEK and summary.days == 7:
        rate: float = f.use_days
        lead, fewer, more = "That is", f"fewer than the {b} a week", f"more than the {b} a week"
    else:
        rate = f.use_days * 7 / summary.days
        lead = f"That is about {fmt(rate)} a week,"
        fewer, more = f"fewer than the {b}", f"more than the {b}"
    if shown(rate) < shown(per_week):
        return [f"{lead} {fewer} at intake."]
    if shown(rate) == shown(per_week):
        return [f"{lead} the same as at intake."]
    return [f"{lead} {more} at intake; {KIND_WORDS}."]


def _target_sentences(summary: PeriodSummary, series: Series) -> list[str]:
    target = summary.target
    f = summary.figures
    if target is None:
        return []
    if not target.comparable:
        return [
            f"The goal's target is in {target.unit} and the entries in {series.unit}, "
            "so they are not compared."
        ]
    changes = ""
    if target.changed:
        steps = ", then ".join(f"{fmt(a)} from {short_day(d)}" for d, a in target.amounts[1:])
        changes = f" (the target was {fmt(target.amounts[0][1])}, then {steps})"
    if target.kind == PER_USE_DAY:
        if not f.target_days:
            return []
        t = target.last
        what = (
            "the day's target"
            if target.changed
            else f"the target of {fmt(t)} {unit_word(series, t)}"
        )
        n, w = f.target_days, f.within_target_days
        if w == n:
            return [f"At or under {what} on {_all(n, day_word(series, n))}{changes}."]
        if w == 0:
            return [f"Above {what} on the {n} {day_word(series, n)}{changes}; {TARGET_WORDS}."]
        return [f"At or under {what} on {w} of {n} {day_word(series, n)}{changes}."]
    if target.effective is None:
        return []
    eff = target.effective
    scope = (
        "for the week"
        if summary.grain == WEEK and target.days == 7
        else f"for these {target.days} days"
    )
    if target.kind == PER_WEEK:
        value, words = f.target_total, unit_word(series, f.target_total)
    else:
        value, words = float(f.target_use_days), day_word(series, f.target_use_days)
    so_far = " so far" if summary.partial else ""
    head = f"{fmt(value)} {words} {when_phrase(summary)}{so_far}; the target {scope} is {fmt(eff)}"
    a, b = shown(value), shown(eff)
    if a < b:
        return [f"{head}: under it{changes}."]
    if a == b:
        return [f"{head}: right at it{changes}."]
    if summary.partial:
        return [f"{head}: above it so far{changes}; {TARGET_WORDS}."]
    return [f"{head}: above it{changes}; {TARGET_WORDS}."]


def _all(n: int, words: str) -> str:
    if n == 1:
        return f"the one {words}"
    if n == 2:
        return f"both {words}"
    return f"all {n} {words}"


# -- the chart --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    metric: str  # per_use_day | total | use_days
    label: str  # what the bars show, in words
    maximum: float
    baseline: float | None


def chart_metric(summaries: Sequence[PeriodSummary]) -> str:
    """What the bars show: the measure of the goal's target in force most recently (weeks
    only), else the amount per use day (what the intake baseline records)."""
    for s in reversed(summaries):
        if s.target is not None and s.target.comparable:
            if s.grain == WEEK and s.target.kind == PER_WEEK:
                return "total"
            if s.grain == WEEK and s.target.kind == USE_DAYS_PER_WEEK:
                return "use_days"
            return PER_USE_DAY
    return PER_USE_DAY


def chart_value(summary: PeriodSummary, metric: str) -> float | None:
    if not summary.recorded:
        return None
    if metric == "total":
        return summary.figures.total
    if metric == "use_days":
        return float(summary.figures.use_days)
    return summary.per_use_day or (0.0 if summary.figures.use_days == 0 else None)


def chart_target(summary: PeriodSummary, metric: str) -> float | None:
    t = summary.target
    if t is None or not t.comparable:
        return None
    if metric == PER_USE_DAY and t.kind == PER_USE_DAY:
        return t.last
    if metric == "total" and t.kind == PER_WEEK:
        return t.effective
    if metric == "use_days" and t.kind == USE_DAYS_PER_WEEK:
        return t.effective
    return None


def chart_baseline(summary: PeriodSummary, metric: str, series: Series) -> float | None:
    b = summary.baseline
    if b is None or b.unit.casefold() != series.unit.casefold():
        return None
    if metric == PER_USE_DAY:
        return b.amount
    if b.days_per_week is None:
        return None
    scale = summary.days / 7
    if metric == "use_days":
        return b.days_per_week * scale
    if b.amount is None:
        return None
    return b.amount * b.days_per_week * scale


def chart_spec(summaries: Sequence[PeriodSummary], series: Series) -> ChartSpec:
    metric = chart_metric(summaries)
    values: list[float] = []
    for s in summaries:
        for v in (
            chart_value(s, metric),
            chart_target(s, metric),
            chart_baseline(s, metric, series),
        ):
            if v is not None:
                values.append(v)
    if metric == "total":
        label = f"{unit_word(series)} in the week"
    elif metric == "use_days":
        label = day_word(series) + " in the week"
    else:
        label = f"{unit_word(series)} per {day_word(series, 1)}"
    latest = summaries[-1] if summaries else None
    baseline = chart_baseline(latest, metric, series) if latest else None
    return ChartSpec(metric, label, max(values, default=0.0), baseline)


def bar_cells(
    value: float | None,
    maximum: float,
    width: int,
    *,
    baseline: float | None = None,
    target: float | None = None,
) -> list[tuple[str, str]]:
    """A horizontal bar as (character, role) cells; roles: bar, empty, baseline, target.

    Full cells are "█", a half cell "▌"; the baseline is drawn as "│" and the target as "┆" at
    their positions (the target wins where both fall on one cell).
    """
    cells: list[tuple[str, str]] = [(" ", "empty")] * width
    if maximum <= 0 or width <= 0:
        return cells
    if value is not None and value > 0:
        halves = int(
            Decimal(repr(value / maximum * width * 2)).quantize(
                Decimal("1"), rounding=ROUND_HALF_UP
            )
        )
        halves = max(1, min(width * 2, halves))
        full, half = divmod(halves, 2)
        for i in range(full):
            cells[i] = ("█", "bar")
        if half:
            cells[full] = ("▌", "bar")

    def position(v: float) -> int:
        return max(0, min(width - 1, round(v / maximum * width) - 1 if v > 0 else 0))

    if baseline is not None:
        cells[position(baseline)] = ("│", "baseline")
    if target is not None:
        cells[position(target)] = ("┆", "target")
    return cells


# -- the whole view ---------------------------------------------------------------------------


@dataclass
class ProgressView:
    """Everything the progress pane shows for one series and one window."""

    series: list[Series] = field(default_factory=list)
    current: Series | None = None
    grain: str = WEEK
    summaries: list[PeriodSummary] = field(default_factory=list)  # newest first
    sentences: list[list[str]] = field(default_factory=list)  # parallel to summaries
    chart: ChartSpec | None = None
    heavy: HeavyRule | None = None
    window_start: date | None = None
    window_end: date | None = None
    has_earlier: bool = False
    has_later: bool = False


def build_view(
    *,
    series: list[Series],
    current: Series | None,
    grain: str,
    summaries_oldest_first: list[PeriodSummary],
    heavy: HeavyRule | None,
    window_start: date | None = None,
    window_end: date | None = None,
    has_earlier: bool = False,
    has_later: bool = False,
    previous: PeriodSummary | None = None,
) -> ProgressView:
    """Sentences for every period (each compared with the one before), newest first."""
    sentences: list[list[str]] = []
    before = previous
    if current is not None:
        for s in summaries_oldest_first:
            sentences.append(describe(s, before, current, heavy))
            before = s
    return ProgressView(
        series=series,
        current=current,
        grain=grain,
        summaries=list(reversed(summaries_oldest_first)),
        sentences=list(reversed(sentences)),
        chart=chart_spec(summaries_oldest_first, current) if current else None,
        heavy=heavy,
        window_start=window_start,
        window_end=window_end,
        has_earlier=has_earlier,
        has_later=has_later,
    )
