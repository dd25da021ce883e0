"""The Use log tab of a client's workspace: :class:`UseLogPane`, per substance, per week
or month, the figures, a bar chart and plain sentences about the highlighted period. Also
:func:`open_quick_entry`, the workspace's Ctrl+U, after which the use-log tab reloads.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    DataTable,
    Static,
)

from hrtui import clock
from hrtui.domain import progress as prog
from hrtui.screens.base import VaultPane
from hrtui.screens.uselog.calendar import CalendarScreen
from hrtui.screens.uselog.chart import CHART_WIDTH, chart_legend, chart_text
from hrtui.screens.uselog.forms import NoUseForm, open_entry_form, saved_message
from hrtui.widgets.fast_table import FastTable


def open_quick_entry(workspace: Any, client_id: int) -> None:
    """The workspace's Ctrl+U: log use for today; the use-log tab follows."""
    open_entry_form(workspace, client_id, done=lambda _: refresh_panes(workspace))


def refresh_panes(screen: Any) -> None:
    for pane in screen.query(UseLogPane):
        pane.reload()


class UseLogPane(VaultPane):
    DEFAULT_CSS = """
    UseLogPane #uselog-head {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    UseLogPane #uselog-table {
        height: 1fr;
        min-height: 6;
        overflow-y: scroll;
    }
    UseLogPane #uselog-legend {
        height: 1;
        padding: 0 1;
    }
    UseLogPane #uselog-progress {
        height: auto;
        max-height: 12;
        padding: 0 1;
    }
    """
    HELP_TEXT = (
        "Progress per substance, week by week (m: month by month), newest first. Up/Down choose "
        "a week; the sentences below it compare it with the intake baseline, the week before "
        "and the goal's target (each day against the target in force that day). Any step "
        "counts, and so does using safer-use strategies. There are no streaks. The chart "
        "shows the amount with the intake baseline (│) and the target (┆). Enter opens the "
        "calendar at that week. Ctrl+U logs use, Ctrl+O records a day with no use, Ctrl+G "
        "opens the calendar, s shows the next substance, b and f go to earlier and later weeks."
    )
    BINDINGS = [
        Binding("ctrl+o", "no_use", "No use", tooltip="Record a day with no use"),
        Binding("ctrl+g", "calendar", "Calendar", tooltip="Calendar recall: fill past days"),
        Binding("s", "next_series", "Substance", tooltip="Show the next substance"),
        Binding("m", "toggle_grain", "Weeks/months", tooltip="By week or by month"),
        Binding("b", "shift(-1)", "Earlier", show=False, tooltip="Earlier weeks or months"),
        Binding("f", "shift(1)", "Later", show=False, tooltip="Later weeks or months"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.view: prog.ProgressView | None = None
        self.substance: str | None = None
        self.grain = prog.WEEK
        self.end: date | None = None
        self._keep: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="uselog-head")
        yield FastTable(id="uselog-table", cursor_type="row", zebra_stripes=True, cell_padding=0)
        yield Static("", id="uselog-legend")
        yield Static("", id="uselog-progress")

    def reload(self) -> None:
        from hrtui.store.progress import load_progress

        table = self.query_one("#uselog-table", DataTable)
        if table.row_count and table.cursor_row >= 0 and self.view and self.view.summaries:
            index = min(table.cursor_row, len(self.view.summaries) - 1)
            self._keep = self.view.summaries[index].label
        self.call_store(
            load_progress, self.client_id, self.substance, self.grain, self.end,
            done=self._loaded,
        )  # fmt: skip

    def _loaded(self, view: prog.ProgressView) -> None:
        self.view = view
        if view.current is not None:
            self.substance = view.current.label  # a unit's own series too ("Alcohol · cans")
        table = self.query_one("#uselog-table", DataTable)
        table.clear(columns=True)
        head = self.query_one("#uselog-head", Static)
        if view.current is None:
            head.update("Use log")
            self.query_one("#uselog-legend", Static).update("")
            self.query_one("#uselog-progress", Static).update(
                "Nothing recorded yet. Ctrl+U logs use (type the amount, then Enter); Ctrl+O "
                "records a day with no use; Ctrl+G opens the calendar to fill past days."
            )
            return
        period = "Week of" if view.grain == prog.WEEK else "Month"
        table.add_column(period, key="period", width=12)
        for label, key, width in (
            ("Used", "use", 5), ("No use", "nouse", 7), ("Not rec.", "unrec", 9),
            ("Total", "total", 6), ("Per day", "perday", 8), ("Peak", "peak", 5),
            ("Safer", "safer", 6),
        ):  # fmt: skip
            table.add_column(Text(label, justify="right"), key=key, width=width)
        table.add_column(Text(" Chart"), key="chart", width=CHART_WIDTH + 1)
        for s in view.summaries:
            f = s.figures
            per_day = s.per_use_day
            table.add_row(
                s.label + ("*" if s.partial else ""),
                _num(f.use_days),
                _num(f.no_use_days),
                _num(s.unrecorded_days),
                _num(prog.fmt(f.total) if f.amount_days else "–"),
                _num(prog.fmt(per_day) if per_day is not None else "–"),
                _num(prog.fmt(f.peak) if f.peak is not None else "–"),
                _num(f.strategy_days),
                Text(" ").append_text(chart_text(view, s)),
                key=s.label,
            )
        others = len(view.series) - 1
        more = f" · s: {others} more" if others > 0 else ""
        by = "week" if view.grain == prog.WEEK else "month"
        head.update(
            Text.assemble(
                (view.current.label, "bold"), f" · by {by} · * so far · Ctrl+U logs use{more}"
            )
        )
        self.query_one("#uselog-legend", Static).update(chart_legend(view))
        index = 0
        if self._keep is not None:
            index = next((i for i, s in enumerate(view.summaries) if s.label == self._keep), 0)
        if view.summaries:
            table.move_cursor(row=index)
        self._show_sentences(index)

    def _show_sentences(self, index: int) -> None:
        view = self.view
        target = self.query_one("#uselog-progress", Static)
        if view is None or not view.sentences or not 0 <= index < len(view.sentences):
            target.update("")
            return
        summary = view.summaries[index]
        text = Text()
        text.append(f"{summary.start.isoformat()} – {summary.end.isoformat()}: ", style="bold")
        text.append(" ".join(view.sentences[index]))
        target.update(text)

    @property
    def progress_text(self) -> str:
        """The sentences shown for the highlighted period (plain text)."""
        return str(self.query_one("#uselog-progress", Static).render())

    @on(DataTable.RowHighlighted, "#uselog-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_sentences(event.cursor_row)

    @on(DataTable.RowSelected, "#uselog-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if self.view and 0 <= event.cursor_row < len(self.view.summaries):
            self.open_calendar(self.view.summaries[event.cursor_row].end)

    # -- actions -------------------------------------------------------------------------

    def action_calendar(self) -> None:
        self.open_calendar(None)

    def open_calendar(self, day: date | None) -> None:
        heading = ""
        screen = self.screen
        client = getattr(screen, "client", None)
        if client is not None:
            heading = client.code

        def closed(changed: bool | None) -> None:
            if changed:
                self.reload()

        self.app.push_screen(CalendarScreen(self.client_id, day, heading=heading), closed)

    def action_no_use(self) -> None:
        def closed(entry: Any) -> None:
            if entry is not None:
                self.notify(saved_message(entry))
                self.reload()

        self.app.push_screen(NoUseForm(self.client_id), closed)

    def action_next_series(self) -> None:
        view = self.view
        if view is None or len(view.series) < 2 or view.current is None:
            return
        names = [s.label for s in view.series]
        index = names.index(view.current.label) if view.current.label in names else -1
        self.substance = names[(index + 1) % len(names)]
        self._keep = None
        self.reload()

    def action_toggle_grain(self) -> None:
        self.grain = prog.MONTH if self.grain == prog.WEEK else prog.WEEK
        self.end = None
        self._keep = None
        self.reload()

    def action_shift(self, direction: int) -> None:
        view = self.view
        if view is None or view.window_start is None or view.window_end is None:
            return
        if direction < 0:
            if not view.has_earlier:
                self.notify("Nothing recorded before this.")
                return
            self.end = view.window_start - timedelta(days=1)
        else:
            if not view.has_later:
                return
            count = prog.WINDOW[self.grain]
            later = prog.shift_period(prog.period_start(view.window_end, self.grain),
                                      self.grain, count)  # fmt: skip
            self.end = prog.period_end(later, self.grain)
            if self.end >= clock.today():
                self.end = None
        self._keep = None
        self.reload()


def _num(value: Any) -> Text:
    return Text(str(value), justify="right")
