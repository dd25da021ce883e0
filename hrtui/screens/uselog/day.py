"""One day of the use log: :class:`DayScreen` lists the day's entries and memory cues,
to add, edit or delete them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import (
    DataTable,
    Static,
)

from hrtui.domain.parse import amount_with_unit
from hrtui.domain.uselog import (
    Cue,
    EntryDefaults,
    EntryView,
)
from hrtui.screens.base import VaultModal
from hrtui.screens.confirm import Confirm
from hrtui.screens.uselog.forms import CueForm, open_entry_form
from hrtui.widgets.fast_table import PlainTable


class DayScreen(VaultModal[bool]):
    """One day's entries and memory cues: edit, delete, add. Returns True if anything changed."""

    DEFAULT_CSS = """
    DayScreen .dialog {
        width: 76;
        height: auto;
        max-height: 90%;
    }
    DayScreen DataTable {
        height: auto;
        max-height: 12;
    }
    DayScreen #day-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """
    HELP_TEXT = (
        "Everything recorded on one day. Up/Down choose a row; Enter edits it; Ctrl+N adds an "
        "entry; Ctrl+D deletes the selected entry or cue (after a question). Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+n", "add", "Add entry", priority=True),
        Binding("ctrl+d", "delete", "Delete", priority=True),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, client_id: int, day: date, defaults: EntryDefaults) -> None:
        super().__init__()
        self.client_id = client_id
        self.day = day
        self.defaults = defaults
        self.entries: list[EntryView] = []
        self.cues: list[Cue] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"[b]{self.day.strftime('%A')} {self.day.isoformat()}[/b]",
                classes="dialog-title",
            )
            yield PlainTable(id="day-table", cursor_type="row")
            yield Static("Enter edit · Ctrl+N add · Ctrl+D delete · Esc back", id="day-keys")

    def on_mount(self) -> None:
        table = self.query_one("#day-table", PlainTable)
        table.add_column("What", key="what", width=18)
        table.add_column("Amount", key="amount", width=14)
        table.add_column("Details", key="details", width=14)
        table.flex("what", "amount", "details")  # an amount and its unit are shown whole
        table.focus()
        self.reload()

    def reload(self) -> None:
        from hrtui.store.uselog import day_entries

        self.call_store(day_entries, self.client_id, self.day, done=self._loaded)

    def _loaded(self, result: tuple[list[EntryView], list[Cue]]) -> None:
        self.entries, self.cues = result
        table = self.query_one("#day-table", DataTable)
        table.clear()
        for e in self.entries:
            if e.no_use:
                what = e.substance or "Any substance"
                amount = "no use"
            else:
                what, amount = e.substance, amount_with_unit(e.amount, e.unit)
            details = []
            if e.strategies:
                n = len(e.strategies)
                details.append(f"{n} {'strategy' if n == 1 else 'strategies'}")
            if e.craving is not None:
                details.append(f"craving {e.craving}")
            if e.mood:
                details.append(e.mood.lower())
            table.add_row(what, amount, ", ".join(details), key=f"e{e.id}")
        for c in self.cues:
            table.add_row("♦ memory cue", c.label, "", key=f"c{c.id}")
        if not self.entries and not self.cues:
            table.add_row("Nothing recorded", "Ctrl+N adds an entry", "", key="none")

    def _selected(self) -> EntryView | Cue | None:
        table = self.query_one("#day-table", DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or ""
        if key.startswith("e"):
            return next((e for e in self.entries if e.id == int(key[1:])), None)
        if key.startswith("c"):
            return next((c for c in self.cues if c.id == int(key[1:])), None)
        return None

    def _changed(self, _: Any = None) -> None:
        self.changed = True
        self.reload()

    @on(DataTable.RowSelected, "#day-table")
    def _edit(self) -> None:
        item = self._selected()
        if isinstance(item, Cue):
            self.app.push_screen(
                CueForm(self.client_id, self.day, item),
                lambda cue: self._changed() if cue is not None else None,
            )
        elif isinstance(item, EntryView):
            if item.no_use and not item.substance:
                self.notify("This is a no-use mark: Ctrl+D removes it, Ctrl+N adds an entry.")
                return
            open_entry_form(self, self.client_id, entry=item, done=self._changed)
        else:
            self.action_add()

    def action_add(self) -> None:
        open_entry_form(self, self.client_id, day=self.day, done=self._changed)

    def action_delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        from hrtui.store.uselog import delete_cue, delete_entry, reviews_naming

        def ask(question: str, fn: Callable[..., Any]) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.call_store(fn, self.client_id, item.id, done=self._changed,
                                    failed=self._delete_failed)  # fmt: skip

            self.app.push_screen(Confirm(question, yes="Delete", no="Keep"), answered)

        if isinstance(item, Cue):
            ask(f'Delete the memory cue "{item.label}"?', delete_cue)
            return
        what = "this no-use record" if item.no_use else "this entry"

        def named_in(days: list[date]) -> None:
            reviews = ", ".join(d.isoformat() for d in days)
            note = (
                f" The review of {reviews} names it: the review stays, without this entry."
                if days else ""
            )  # fmt: skip
            ask(f"Delete {what}? It cannot be undone.{note}", delete_entry)

        self.call_store(reviews_naming, self.client_id, item.id, done=named_in)

    def _delete_failed(self, exc: BaseException) -> bool:
        from hrtui.store.errors import Invalid

        if isinstance(exc, Invalid):
            self.notify(" ".join(exc.errors.values()), severity="warning", timeout=8)
            return True
        return False

    def action_close(self) -> None:
        self.dismiss(self.changed)
