"""A period's figures from its days: use and no-use days, amounts, heavy days, the standard
outcome measures, and each goal's target in force day by day. Pure; no I/O.

The store hands over one :class:`Day` per recorded day of one series (a substance in one unit;
alcohol in standard drinks, every entry converted that the drinks table knows). Everything else
is worked out here, so a table of days gives the figures a counselor reads aloud:

- a period's *counted days* run from its first day to its last, or to today if that is earlier;
  ``unrecorded = counted − use days − no-use days``;
- amounts are added up only on days whose every entry was counted; a day with an entry that
  could not be converted is a use day, and the figures say what was not counted;
- the intake baseline of a period is the latest taken on or before its last day, or, for weeks
  recalled from before the intake, the first one taken (it describes use as it was then);
- each open goal for the substance is taken day by day, as it stood that day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from hrtui.domain import vocab
from hrtui.domain.progress.periods import MONTH, period_end
from hrtui.domain.progress.targets import (
    PER_WEEK,
    USE_DAYS_PER_WEEK,
    TargetSpan,
    by_goal,
    days_in,
    target_on,
)

EPSILON = 1e-9


@dataclass(frozen=True)
class Series:
    """What a progress view adds up: one substance, amounts in one unit."""

    substance: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.substance} · {self.unit}" if self.unit else self.substance

    @property
    def is_drinking(self) -> bool:
        return self.substance.casefold() == "alcohol"

    @property
    def is_alcohol(self) -> bool:
        """Alcohol counted in standard drinks (every entry the drinks table converts)."""
        return self.is_drinking and self.unit.casefold() == vocab.STANDARD_DRINKS


@dataclass(frozen=True)
class Day:
    """One recorded day of a series."""

    day: date
    used: bool = False
    no_use: bool = False  # no use recorded (of this substance or of anything), and no use
    amount: float | None = None  # what was counted, in the series unit
    uncounted: tuple[str, ...] = ()  # the unit of each use entry not added ("" = no amount)
    strategies: tuple[str, ...] = ()
    other_units: tuple[str, ...] = ()  # entries in another unit (a series of their own)

    @property
    def counted(self) -> bool:
        """A use day whose every entry was added up."""
        return self.used and self.amount is not None and not self.uncounted


@dataclass(frozen=True)
class Baseline:
    """Use as recorded at intake: the usual amount per use day (the amount per occasion ×
    the occasions a use day, worked out by the store) and days per week."""

    taken_on: date
    amount: float | None
    unit: str
    days_per_week: float | None


@dataclass(frozen=True)
class HeavyRule:
    """What counts as a heavy-use day: amount >= threshold (inclusive) or > threshold."""

    threshold: float
    inclusive: bool
    words: str  # "heavy-drinking day (6 or more drinks of 10 g: WHO, 60 g)"
    plural: str
    definition: str = ""  # the definition, stated next to the figure

    def heavy(self, amount: float | None) -> bool:
        if amount is None:
            return False
        if self.inclusive:
            return amount >= self.threshold - EPSILON
        return amount > self.threshold + EPSILON


@dataclass(frozen=True)
class PeriodFigures:
    """One period's figures, from its recorded days."""

    start: date
    use_days: int = 0
    no_use_days: int = 0
    amount_days: int = 0  # use days whose every entry was added up
    total: float = 0.0  # added up over those days
    peak: float | None = None
    peak_day: date | None = None
    heavy_days: int = 0
    strategy_days: int = 0  # days with at least one safer-use strategy used
    strategies: tuple[tuple[str, int], ...] = ()  # (strategy, days used), most used first
    uncounted: tuple[tuple[str, int], ...] = ()  # (unit, entries) not added, most first
    uncounted_days: int = 0  # use days with an entry not added
    other_units: tuple[tuple[str, int], ...] = ()  # (unit, entries) with a series of their own

    @property
    def other_unit_entries(self) -> int:
        return sum(n for _, n in self.uncounted) + sum(n for _, n in self.other_units)

    @property
    def recorded_days(self) -> int:
        return self.use_days + self.no_use_days


def figures_of(start: date, days: Iterable[Day], heavy: HeavyRule | None = None) -> PeriodFigures:
    """Add up the recorded days of one period."""
    use_days = no_use_days = amount_days = heavy_days = strategy_days = uncounted_days = 0
    total = 0.0
    peak: float | None = None
    peak_day: date | None = None
    strategy_count: dict[str, int] = {}
    uncounted: dict[str, int] = {}
    others: dict[str, int] = {}
    for d in sorted(days, key=lambda d: d.day):
        for unit in d.other_units:
            others[unit] = others.get(unit, 0) + 1
        if d.used:
            use_days += 1
            if d.counted:
                assert d.amount is not None
                amount_days += 1
                total += d.amount
                if peak is None or d.amount > peak + EPSILON:
                    peak, peak_day = d.amount, d.day
            if heavy is not None and heavy.heavy(d.amount):
                heavy_days += 1  # a day already heavy by what was counted is heavy
            if d.uncounted:
                uncounted_days += 1
                for unit in d.uncounted:
                    uncounted[unit] = uncounted.get(unit, 0) + 1
        elif d.no_use:
            no_use_days += 1
        if d.strategies:
            strategy_days += 1
            for label in set(d.strategies):
                strategy_count[label] = strategy_count.get(label, 0) + 1
    return PeriodFigures(
        start=start,
        use_days=use_days,
        no_use_days=no_use_days,
        amount_days=amount_days,
        total=total,
        peak=peak,
        peak_day=peak_day,
        heavy_days=heavy_days,
        strategy_days=strategy_days,
        strategies=tuple(sorted(strategy_count.items(), key=lambda kv: (-kv[1], kv[0]))),
        uncounted=tuple(sorted(uncounted.items(), key=lambda kv: (-kv[1], kv[0]))),
        uncounted_days=uncounted_days,
        other_units=tuple(sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


# -- goals' targets over a period --------------------------------------------------------------


@dataclass(frozen=True)
class PeriodTarget:
    """One goal's target over one period, and where the period stands against it."""

    goal: str
    goal_id: int
    kind: str
    unit: str
    comparable: bool  # False when the target's unit is not the entries' unit
    amounts: tuple[tuple[date, float], ...]  # the amount in force from each day it changed
    days: int  # days of the whole period with this target in force
    budget: float | None  # per_week / use_days_per_week: Σ target / 7 over those days
    baseline: float | None = None  # the goal's own baseline at the period's end
    judged: int = 0  # per use day: use days added up, with the target in force
    within: int = 0  # ... at or under that day's target
    value: float = 0.0  # per week: the amount so far; use days per week: the use days so far
    recorded: int = 0  # days in force recorded so far
    unrecorded: int = 0  # days in force up to today with nothing recorded
    to_come: int = 0  # days in force after today
    uncounted: int = 0  # use days in force with an entry not added

    @property
    def changed(self) -> bool:
        return len(self.amounts) > 1

    @property
    def last(self) -> float:
        return self.amounts[-1][1]

    @property
    def effective(self) -> float | None:  # the name earlier versions used
        return self.budget

    @property
    def open_days(self) -> int:
        """Days in force whose amounts are not all known yet."""
        return self.unrecorded + self.to_come + (self.uncounted if self.kind == PER_WEEK else 0)


def _comparable(span: TargetSpan, series: Series) -> bool:
    if span.period == USE_DAYS_PER_WEEK:
        return True  # counting days does not depend on a unit
    return span.unit.casefold() == series.unit.casefold()


def period_targets(
    schedule: Sequence[TargetSpan],
    start: date,
    end: date,
    full_end: date,
    days: Mapping[date, Day],
    series: Series,
) -> tuple[PeriodTarget, ...]:
    """Each goal with a target in force on any day of ``start``..``full_end``, newest goal
    first; figures over the days up to ``end`` (today for the current period)."""
    out: list[PeriodTarget] = []
    for goal_id, spans in by_goal(schedule).items():
        in_force = [(d, s) for d in days_in(start, full_end) if (s := target_on(spans, d))]
        if not in_force:
            continue
        kind = in_force[-1][1].period
        same = [(d, s) for d, s in in_force if s.period == kind]
        last = same[-1][1]
        amounts: list[tuple[date, float]] = []
        for d, s in same:
            assert s.amount is not None
            if not amounts or abs(amounts[-1][1] - s.amount) > EPSILON:
                amounts.append((d, s.amount))
        budget = None
        if kind in (PER_WEEK, USE_DAYS_PER_WEEK):
            budget = sum(s.amount or 0.0 for _, s in same) / 7
        judged = within = recorded = unrecorded = to_come = uncounted = 0
        value = 0.0
        for d, s in same:
            if d > end:
                to_come += 1
                continue
            day = days.get(d)
            if day is None or not (day.used or day.no_use):
                unrecorded += 1
                continue
            recorded += 1
            if not day.used:
                continue
            if day.uncounted:
                uncounted += 1
            if kind == USE_DAYS_PER_WEEK:
                value += 1
            elif kind == PER_WEEK:
                value += day.amount or 0.0
            elif day.counted:
                assert day.amount is not None and s.amount is not None
                judged += 1
                within += day.amount <= s.amount + 1e-6
        out.append(
            PeriodTarget(
                goal=last.goal,
                goal_id=goal_id,
                kind=kind,
                unit=last.unit,
                comparable=_comparable(last, series),
                amounts=tuple(amounts),
                days=len(same),
                budget=budget,
                baseline=last.baseline,
                judged=judged,
                within=within,
                value=value,
                recorded=recorded,
                unrecorded=unrecorded,
                to_come=to_come,
                uncounted=uncounted,
            )
        )
    out.sort(key=lambda t: -t.goal_id)
    return tuple(out)


# -- summaries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    grain: str
    start: date
    end: date  # last counted day (today for the current period)
    full_end: date
    figures: PeriodFigures
    baseline: Baseline | None = None
    targets: tuple[PeriodTarget, ...] = ()
    today: date | None = None
    heavy: HeavyRule | None = None

    @property
    def target(self) -> PeriodTarget | None:
        """The newest goal's target (the chart shows it); every goal is in ``targets``."""
        return self.targets[0] if self.targets else None

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

    # -- the standard outcome measures (over the recorded days) --------------------------------

    @property
    def days_recorded(self) -> int:
        return self.figures.recorded_days

    @property
    def percent_days_abstinent(self) -> float | None:
        """Days with no use over the days recorded, in percent (unrounded)."""
        n = self.days_recorded
        return None if not n else self.figures.no_use_days / n * 100

    @property
    def percent_heavy_days(self) -> float | None:
        n = self.days_recorded
        if not n or self.heavy is None:
            return None
        return self.figures.heavy_days / n * 100


def baseline_for(baselines: Iterable[Baseline], last_day: date) -> Baseline | None:
    """The latest baseline taken on or before ``last_day``; for a period before any was
    taken, the first one (it describes use as it was before the intake)."""
    best: Baseline | None = None
    first: Baseline | None = None
    for b in baselines:
        if b.taken_on <= last_day and (best is None or b.taken_on >= best.taken_on):
            best = b
        if first is None or b.taken_on < first.taken_on:
            first = b
    return best or first


def summarize(
    grain: str,
    starts: Sequence[date],
    days: Iterable[Day],
    *,
    last_day: date,
    today: date,
    baselines: Sequence[Baseline] = (),
    schedule: Sequence[TargetSpan] = (),
    series: Series | None = None,
    heavy: HeavyRule | None = None,
) -> list[PeriodSummary]:
    """One summary per period start (oldest first), empty periods included."""
    series = series or Series("", "")
    by_day = {d.day: d for d in days}
    out: list[PeriodSummary] = []
    for start in starts:
        full_end = period_end(start, grain)
        end = min(full_end, last_day)
        if end < start:
            continue
        mine = [d for day, d in by_day.items() if start <= day <= end]
        out.append(
            PeriodSummary(
                grain=grain,
                start=start,
                end=end,
                full_end=full_end,
                figures=figures_of(start, mine, heavy),
                baseline=baseline_for(baselines, end),
                targets=period_targets(schedule, start, end, full_end, by_day, series),
                today=today,
                heavy=heavy,
            )
        )
    return out


# -- from log entries to days ------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One use-log entry as progress reads it (substance '' with no_use: no use of anything)."""

    day: date
    substance: str
    no_use: bool
    amount: float | None = None
    unit: str = ""
    strategies: tuple[str, ...] = ()


def days_from_entries(
    entries: Iterable[Entry], series: Series, convert: Callable[[float | None, str], float | None]
) -> list[Day]:
    """One :class:`Day` per day with anything recorded for the series' substance (oldest
    first). ``convert(amount, unit)`` gives an alcohol entry in standard drinks, or None when
    the unit's size is not known; other series add only entries in their own unit."""
    by_day: dict[date, list[Entry]] = {}
    name = series.substance.casefold()
    for e in entries:
        if e.substance.casefold() == name or (e.substance == "" and e.no_use):
            by_day.setdefault(e.day, []).append(e)
    out = []
    for day in sorted(by_day):
        rows = by_day[day]
        uses = [e for e in rows if not e.no_use]
        amount: float | None = None
        uncounted: list[str] = []
        others: list[str] = []
        for e in uses:
            if series.is_alcohol:
                value = convert(e.amount, e.unit)
            elif e.unit.casefold() == series.unit.casefold():
                value = None if e.amount is None else float(e.amount)
            else:
                others.append(e.unit)
                continue
            if value is None:
                uncounted.append(e.unit if e.amount is not None else "")
            else:
                amount = (amount or 0.0) + value
        strategies = tuple(dict.fromkeys(s for e in rows for s in e.strategies))
        out.append(
            Day(
                day,
                used=bool(uses),
                no_use=not uses,
                amount=amount,
                uncounted=tuple(uncounted),
                strategies=strategies,
                other_units=tuple(others),
            )
        )
    return out
