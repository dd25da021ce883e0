"""The Timeline tab: the client's story in date order (newest first), so change can be read at
a glance: days of the use log (what was used, or no use; runs of no-use days as one line), goals
set, goal revisions, reviews of a return to use and sessions (when and how; the note is opened
with Enter, never in the client view). One page at a time; Ctrl+B loads earlier.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from hrtui.domain import reviews as rules
from hrtui.domain.sessions import SESSION
from hrtui.screens.base import VaultPane
from hrtui.widgets.fast_table import PlainTable

FILL_ROWS = 30  # load earlier pages until about a screenful of rows (no-use runs fold up)
FILL_PAGES = 4

STYLES = {
    rules.USE: "bold",
    rules.NO_USE: "green",
    rules.GOAL: "cyan",
    rules.REVISION: "yellow",
    rules.REVIEW: "bold magenta",
    SESSION: "bold blue",
}


class TimelineTable(PlainTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open review", key_display="⏎",
                tooltip="Open the selected review"),
    ]  # fmt: skip


class TimelinePane(VaultPane):
    HELP_TEXT = (
        "The client's story, newest first: what was used or no use each logged day (runs of "
        "no-use days on one line), goals set, goal revisions with their reasons, and reviews "
        "of a return to use, and sessions. Up/Down move; Enter on a review opens it, on a "
        "session its note (not in the client view); Ctrl+B shows earlier events."
    )
    BINDINGS = [
        Binding("ctrl+b", "earlier", "Earlier", tooltip="Show earlier events"),
    ]
    DEFAULT_CSS = """
    TimelinePane #timeline-table { height: 1fr; min-height: 4; }
    TimelinePane #timeline-detail {
        height: 4;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    TimelinePane #timeline-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.items: list[Any] = []
        self.next_before: date | None = None
        self._filling = 0

    def compose(self) -> ComposeResult:
        yield TimelineTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="timeline-detail"):
            yield Static("", id="timeline-detail-text")
        yield Static("Loading…", id="timeline-status")

    def on_mount(self) -> None:
        table = self.query_one("#timeline-table", TimelineTable)
        table.add_column("Date", key="day", width=10)
        table.add_column("What", key="kind", width=12)
        table.add_column("", key="text", width=30)
        table.flex("text")  # what happened takes the width there is

    def reload(self) -> None:
        from hrtui.store.timeline import timeline

        self._filling = 0
        self.call_store(timeline, self.client_id, done=lambda page: self._loaded(page, False))

    def action_earlier(self) -> None:
        if self.next_before is None:
            self._filling = 0
            self.notify("That is the whole story so far.")
            return
        from hrtui.store.timeline import timeline

        self.call_store(
            timeline, self.client_id, self.next_before, done=lambda p: self._loaded(p, True)
        )

    def _loaded(self, page: Any, more: bool) -> None:
        table = self.query_one("#timeline-table", DataTable)
        if not more:
            self.items = []
            table.clear()
        new = list(page.items)
        if more and self.items and new:  # a run of no-use days may go on across pages
            joined = rules.collapse_no_use([self.items[-1], new[0]])
            if len(joined) == 1:
                self.items[-1] = joined[0]
                table.update_cell(str(len(self.items) - 1), "text", joined[0].text)
                new = new[1:]
        start = len(self.items)
        self.items += new
        self.next_before = page.next_before
        for index, item in enumerate(new, start=start):
            table.add_row(
                item.day.isoformat(),
                Text(item.label, style=STYLES.get(item.kind, "")),
                item.text,
                key=str(index),
            )
        if more and new and not self._filling:
            table.move_cursor(row=start)
        if len(self.items) < FILL_ROWS and self.next_before and self._filling < FILL_PAGES:
            self._filling += 1  # a short page (long runs of no-use days): fetch more at once
            self.action_earlier()
            return
        self._filling = 0
        if self.items:
            count = len(self.items)
            status = f"{count} event{'' if count == 1 else 's'}, newest first"
            status += " · Ctrl+B earlier" if self.next_before else " · the whole story"
        else:
            status = "Nothing yet: use-log days, goals and reviews appear here as they happen."
        self.query_one("#timeline-status", Static).update(status)
        self._show_detail()

    def selected(self) -> Any | None:
        table = self.query_one("#timeline-table", DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    def _show_detail(self) -> None:
        item = self.selected()
        text = self.query_one("#timeline-detail-text", Static)
        if item is None:
            text.update("")
            return
        text.update(
            Text.assemble(
                (f"{item.day.isoformat()}  {item.label}", STYLES.get(item.kind, "")),
                f"\n{item.text}",
            )
        )

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#timeline-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.selected()
        if item is not None and item.kind == SESSION and item.ref_id is not None:
            if self.app.client_view:
                self.notify("Session notes are the counselor's: not shown in the client view.")
                return
            from hrtui.screens.sessions import open_sessions

            open_sessions(self, self.client_id, item.ref_id)
            return
        if item is None or item.kind != rules.REVIEW or item.ref_id is None:
            return
        from hrtui.screens.reviews.worksheet import ReviewWorksheet

        self.app.push_screen(ReviewWorksheet(item.ref_id), lambda _: self.reload())
