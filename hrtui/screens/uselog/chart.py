"""The progress bar chart of the use-log pane: :func:`chart_text` draws one period's
bar with the intake baseline and the goal's target marked, :func:`chart_legend` explains it.
"""

from __future__ import annotations

from rich.text import Text

from hrtui.domain import progress as prog

CHART_WIDTH = 14
CHART_STYLES = {"bar": "cyan", "empty": "", "baseline": "bold yellow", "target": "bold green"}


def chart_text(view: prog.ProgressView, summary: prog.PeriodSummary) -> Text:
    spec, series = view.chart, view.current
    text = Text(no_wrap=True)
    if spec is None or series is None:
        return text
    cells = prog.bar_cells(
        prog.chart_value(summary, spec.metric),
        spec.maximum,
        CHART_WIDTH,
        baseline=prog.chart_baseline(summary, spec.metric, series),
        target=prog.chart_target(summary, spec.metric),
    )
    for char, role in cells:
        text.append(char, style=CHART_STYLES[role] or None)
    return text


def chart_legend(view: prog.ProgressView) -> Text:
    text = Text()
    spec = view.chart
    if spec is None:
        return text
    text.append("█", style=CHART_STYLES["bar"])
    text.append(f" {spec.label}   ")
    text.append("│", style=CHART_STYLES["baseline"])
    base = f" ({prog.fmt(spec.baseline)})" if spec.baseline is not None else " (none yet)"
    text.append(f" intake{base}   ")
    text.append("┆", style=CHART_STYLES["target"])
    has_target = any(s.target is not None for s in view.summaries)
    text.append(" goal's target" + ("" if has_target else " (none)"))
    return text
