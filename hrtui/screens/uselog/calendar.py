"""Calendar recall: :class:`CalendarScreen`, a month grid for filling past days one
after another, with memory cues; Enter opens the day, and a day with use can start a review of
that return to use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    Header,
    Static,
)

from hrtui import clock
from hrtui.domain.dates import friendly_day
from hrtui.domain.uselog import (
    EntryDefaults,
    MonthView,
    day_words,
)
from hrtui.screens.base import VaultScreen
from hrtui.screens.uselog.day import DayScreen
from hrtui.screens.uselog.forms import CueForm, EntryForm, saved_message
from hrtui.widgets.calendar import MonthGrid, legend
from hrtui.widgets.footer import Footer


class CalendarScreen(VaultScreen):
    """Day-by-day recall on a month grid, with memory cues."""

    DEFAULT_CSS = """
    CalendarScreen #cal-title {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    CalendarScreen MonthGrid {
        margin: 1 1 0 1;
    }
    CalendarScreen #cal-legend {
        padding: 0 1;
        height: 1;
        color: $text-muted;
    }
    CalendarScreen #cal-day {
        padding: 0 1;
        height: auto;
    }
    """
    HELP_TEXT = (
        "Calendar recall: go back day by day through the past weeks with the client, using the "
        "memory cues (payday, holidays, appointments) as landmarks. Arrow keys move, Page "
        "Up/Down change month, Home goes to today. Enter logs use on the selected day (the "
        "form is filled in for that day); n records no use that day. After either, the cursor "
        "moves to the next day, so past days are filled one after another. c puts a memory cue "
        "on the day; e lists the day's entries to edit or delete. Escape goes back."
    )
    BINDINGS = [
        Binding("enter", "log_day", "Log day", key_display="⏎"),
        Binding("n", "no_use", "No use", tooltip="Record no use on the selected day"),
        Binding("c", "cue", "Cue", tooltip="Put a memory cue on the selected day"),
        Binding("e", "day", "Day's entries", tooltip="Edit or delete the day's entries"),
        Binding("r", "review", "Review", tooltip="Review a return to use on the selected day"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self, client_id: int, day: date | None = None, *, heading: str = "",
        today: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.client_id = client_id
        self.today = today or clock.today()
        self.start_day = min(day or self.today, self.today)
        self.heading = heading
        self.defaults: EntryDefaults | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="cal-title")
        yield MonthGrid(self.start_day, self.today, id="grid")
        yield Static(legend(), id="cal-legend")
        yield Static("", id="cal-day")
        yield Footer()

    @property
    def grid(self) -> MonthGrid:
        return self.query_one("#grid", MonthGrid)

    def on_mount(self) -> None:
        from hrtui.store.uselog import entry_defaults

        self.grid.focus()
        self.call_store(entry_defaults, self.client_id, self.today, done=self._defaults)
        self.load_month()

    def _defaults(self, defaults: EntryDefaults) -> None:
        self.defaults = defaults

    def load_month(self, then: Callable[[], None] | None = None) -> None:
        from hrtui.store.uselog import month_view

        cursor = self.grid.cursor
        self._title()

        def loaded(view: MonthView) -> None:
            self.grid.show(view)
            self._describe_day()
            if then is not None:
                then()

        self.call_store(month_view, self.client_id, cursor.year, cursor.month, done=loaded)

    def _title(self) -> None:
        cursor = self.grid.cursor
        who = f"{self.heading} · " if self.heading else ""
        self.query_one("#cal-title", Static).update(
            Text.assemble(who, (cursor.strftime("%B %Y"), "bold"), " · PgUp/PgDn change month")
        )

    def _describe_day(self) -> None:
        grid = self.grid
        day = grid.cursor
        text = Text()
        friendly = friendly_day(day, self.today)
        also = f" ({friendly})" if friendly != day.isoformat() else ""  # the date once only
        text.append(f"{day.strftime('%a')} {day.isoformat()}{also}: ", style="bold")
        if grid.loaded and grid.view is not None:
            record = grid.view.record(day)
            text.append(day_words(record))
            for cue in record.cues:
                text.append(f"  ♦ {cue.label}", style="bold magenta")
        self.query_one("#cal-day", Static).update(text)

    @on(MonthGrid.Moved)
    def _moved(self) -> None:
        self._describe_day()

    @on(MonthGrid.MonthChanged)
    def _month_changed(self) -> None:
        self.load_month()

    def _advance(self) -> None:
        """After filling a day: reload, then on to the next day (up to today)."""
        from hrtui.store.uselog import entry_defaults

        self.changed = True
        self.call_store(entry_defaults, self.client_id, self.today, done=self._defaults)
        day = self.grid.cursor
        nxt = day + timedelta(days=1)

        def then() -> None:
            if nxt <= self.today and self.grid.cursor == day:
                self.grid.go_to(nxt)

        if nxt.month != day.month and nxt <= self.today:
            self.grid.go_to(nxt)  # the month change reloads
        else:
            self.load_month(then)

    def action_log_day(self) -> None:
        if self.defaults is None:
            return
        day = self.grid.cursor

        def closed(result: Any) -> None:
            if result is not None:
                self.notify(saved_message(result))
                self._advance()

        self.app.push_screen(EntryForm(self.client_id, self.defaults, day=day), closed)

    def action_no_use(self) -> None:
        from hrtui.store.uselog import record_no_use

        def failed(exc: BaseException) -> bool:
            from hrtui.store.errors import Invalid

            if isinstance(exc, Invalid):
                self.notify(" ".join(exc.errors.values()), severity="warning", timeout=8)
                return True
            return False

        def done(entry: Any) -> None:
            self.notify(saved_message(entry))
            self._advance()

        self.call_store(record_no_use, self.client_id, self.grid.cursor, done=done, failed=failed)

    def action_cue(self) -> None:
        def closed(cue: Any) -> None:
            if cue is not None:
                self.changed = True
                self.load_month()

        self.app.push_screen(CueForm(self.client_id, self.grid.cursor), closed)

    def action_day(self) -> None:
        if self.defaults is None:
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self.changed = True
                self.load_month()

        self.app.push_screen(DayScreen(self.client_id, self.grid.cursor, self.defaults), closed)

    def action_review(self) -> None:
        """Start (or open) the review of a return to use on the selected day."""
        from hrtui.screens.reviews.worksheet import open_review_of_day

        open_review_of_day(self, self.client_id, self.grid.cursor)

    def action_back(self) -> None:
        self.dismiss(self.changed)
