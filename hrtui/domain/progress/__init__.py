"""Progress per substance, per week or month: figures and plain sentences. Pure; no I/O.

- :mod:`.periods`: weeks and months;
- :mod:`.targets`: goals' targets as they stood on each day (dated revisions, status changes);
- :mod:`.figures`: a period's figures from its days, the outcome measures, each goal's target;
- :mod:`.words`: the sentences a counselor reads aloud;
- :mod:`.chart`: the bars, and the whole view.

Standard drinks and the heavy-drinking day are in :mod:`hrtui.domain.drinks`.
"""

from hrtui.domain.progress.chart import (
    ChartSpec,
    ProgressView,
    bar_cells,
    build_view,
    chart_baseline,
    chart_metric,
    chart_spec,
    chart_target,
    chart_value,
)
from hrtui.domain.progress.figures import (
    Baseline,
    Day,
    Entry,
    HeavyRule,
    PeriodFigures,
    PeriodSummary,
    PeriodTarget,
    Series,
    baseline_for,
    days_from_entries,
    figures_of,
    period_targets,
    summarize,
)
from hrtui.domain.progress.periods import (
    GRAINS,
    MONTH,
    WEEK,
    WINDOW,
    days_between,
    period_end,
    period_start,
    period_starts,
    shift_period,
    window,
)
from hrtui.domain.progress.targets import (
    OPEN_STATUSES,
    PER_USE_DAY,
    PER_WEEK,
    USE_DAYS_PER_WEEK,
    GoalHistory,
    GoalState,
    TargetSpan,
    goal_schedule,
    goal_states,
    target_on,
)
from hrtui.domain.progress.words import (
    KIND_WORDS,
    TARGET_WORDS,
    alcohol_heavy_rule,
    before_phrase,
    compare_amount,
    day_word,
    describe,
    describe_all,
    fmt,
    heavy_rule,
    percent,
    percent_change,
    percent_less,
    plural,
    short_day,
    shown,
    unit_word,
    when_phrase,
)

__all__ = [
    "GRAINS", "KIND_WORDS", "MONTH", "OPEN_STATUSES", "PER_USE_DAY", "PER_WEEK", "TARGET_WORDS",
    "USE_DAYS_PER_WEEK", "WEEK", "WINDOW", "Baseline", "ChartSpec", "Day", "Entry", "GoalHistory",
    "GoalState", "HeavyRule", "PeriodFigures", "PeriodSummary", "PeriodTarget", "ProgressView",
    "Series", "TargetSpan", "alcohol_heavy_rule", "bar_cells", "baseline_for", "before_phrase",
    "build_view", "chart_baseline", "chart_metric", "chart_spec", "chart_target", "chart_value",
    "compare_amount", "day_word", "days_from_entries", "days_between", "describe", "describe_all",
    "figures_of", "fmt",
    "goal_schedule", "goal_states", "heavy_rule", "percent", "percent_change", "percent_less",
    "period_end", "period_start", "period_starts", "period_targets", "plural", "shift_period",
    "short_day", "shown", "summarize", "target_on", "unit_word", "when_phrase", "window",
]  # fmt: skip
