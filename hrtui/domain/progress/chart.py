"""The progress chart (bars per period, with the intake baseline and the goal's target) and
the whole view a progress pane shows. Pure; no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hrtui.domain.progress.figures import HeavyRule, PeriodSummary, Series
from hrtui.domain.progress.periods import WEEK
from hrtui.domain.progress.targets import PER_USE_DAY, PER_WEEK, USE_DAYS_PER_WEEK
from hrtui.domain.progress.words import day_word, describe, unit_word

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
        f = summary.figures
        return f.total if f.amount_days or not f.use_days else None
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
