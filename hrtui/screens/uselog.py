"""The use log: quick entry, calendar recall, and progress where any positive change counts.

- :class:`UseLogPane` (workspace tab, F5): per substance, per week or month, the figures, a bar
  chart with the intake baseline and the goal's target marked, and plain sentences about the
  highlighted period.
- :class:`EntryForm`: the quick entry (Ctrl+U anywhere in the workspace). It opens on the
  amount with today's date and the client's usual substance and unit filled in, so a typical
  day is the amount, then Enter.
- :class:`CalendarScreen`: a month grid for filling past days one after another, with memory
  cues; :class:`DayScreen` lists one day's entries to edit or delete.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import (
    DataTable,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from hrtui import clock
from hrtui.domain import progress as prog
from hrtui.domain.dates import friendly_day
from hrtui.domain.uselog import (
    Cue,
    EntryDefaults,
    EntryInput,
    EntryView,
    MonthView,
    day_words,
    fmt_amount,
)
from hrtui.domain.vocab import MOODS
from hrtui.screens.base import VaultModal, VaultPane, VaultScreen
from hrtui.screens.confirm import Confirm
from hrtui.screens.form import FormScreen, field
from hrtui.widgets import plain
from hrtui.widgets.calendar import MonthGrid, legend
from hrtui.widgets.fast_table import FastTable, PlainTable
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer

# -- opening the quick entry from anywhere ------------------------------------------------------


def open_entry_form(
    host: Any,
    client_id: int,
    *,
    day: date | None = None,
    entry: EntryView | None = None,
    done: Callable[[Any], None] | None = None,
) -> None:
    """Load the client's defaults, then open :class:`EntryForm`; ``done(entry)`` after a save."""
    from hrtui.store.uselog import entry_defaults

    def loaded(defaults: EntryDefaults) -> None:
        def closed(result: Any) -> None:
            if result is not None:
                host.app.notify(saved_message(result))
                if done is not None:
                    done(result)

        host.app.push_screen(EntryForm(client_id, defaults, day=day, entry=entry), closed)

    host.call_store(entry_defaults, client_id, done=loaded)


def open_quick_entry(workspace: Any, client_id: int) -> None:
    """The workspace's Ctrl+U: log use for today; the use-log tab follows."""
    open_entry_form(workspace, client_id, done=lambda _: refresh_panes(workspace))


def refresh_panes(screen: Any) -> None:
    for pane in screen.query(UseLogPane):
        pane.reload()


def saved_message(entry: Any) -> str:
    when = friendly_day(entry.day)
    if entry.no_use:
        what = f"no use of {entry.substance}" if entry.substance else "no use"
        return f"Recorded {what} {when}."
    return f"Saved {fmt_amount(entry.amount)} {entry.unit} of {entry.substance} {when}."


# -- forms -------------------------------------------------------------------------------------


class EntryForm(FormScreen[Any]):
    """Add or edit one use entry. Returns the saved entry, or None."""

    DEFAULT_CSS = """
    EntryForm .row {
        height: auto;
    }
    EntryForm .row > Vertical {
        width: 1fr;
        height: auto;
        padding-right: 1;
    }
    EntryForm #strategies {
        height: auto;
        max-height: 8;
    }
    EntryForm .form-body TextArea {
        height: 4;
    }
    """
    HELP_TEXT = (
        "Log use for one day. The form opens on the amount with today's date and the client's "
        "usual substance and unit filled in: type the amount and press Enter. An amount of 0 "
        "records no use of that substance that day. Several entries on one day add up. "
        "Date: today, yesterday, -3 (three days ago) or YYYY-MM-DD; future days are refused. "
        "A unit not yet used for the substance is asked about once: save again to use it. "
        "Space ticks the safer-use strategies of the client's plan that were used. "
        + FormScreen.HELP_TEXT
    )

    def __init__(
        self,
        client_id: int,
        defaults: EntryDefaults,
        *,
        day: date | None = None,
        entry: EntryView | None = None,
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.defaults = defaults
        self.entry = entry
        self.day = entry.day if entry else (day or defaults.today)
        if entry is not None:
            self.FORM_TITLE = f"Edit entry · {entry.day.isoformat()}"
        else:
            self.FORM_TITLE = f"Log use · {friendly_day(self.day, defaults.today)}"
        substance = entry.substance if entry else defaults.substance
        self._auto_unit = entry.unit if entry else defaults.unit_for(substance) or defaults.unit
        self._confirm_unit = ""

    def compose_fields(self) -> ComposeResult:
        d = self.defaults
        e = (
            self.entry.as_input()
            if self.entry
            else EntryInput(day=self.day.isoformat(), substance=d.substance, unit=self._auto_unit)
        )
        units = sorted({*d.units.values(), *(u for u in [self._auto_unit] if u)})
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Date",
                    Input(str(e.day), id="day", placeholder="today"),
                    hint="-1 = yesterday",
                )
            with Vertical():
                yield from field(
                    "Amount",
                    Input(str(e.amount or ""), id="amount", placeholder="0 = no use"),
                )
            with Vertical():
                yield from field(
                    "Unit",
                    Input(
                        e.unit,
                        id="unit",
                        suggester=SuggestFromList(units, case_sensitive=False),
                    ),
                )
        routes = list(d.routes)
        if e.route and e.route not in routes:
            routes.append(str(e.route))
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Substance",
                    Input(
                        e.substance,
                        id="substance",
                        suggester=SuggestFromList(d.substances, case_sensitive=False),
                    ),
                )
            with Vertical():
                yield from field(
                    "Route",
                    Select(
                        plain.options(routes),
                        id="route",
                        prompt="—",
                        value=e.route if e.route else Select.NULL,
                    ),
                )
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Setting (where)", Input(e.setting, id="setting", placeholder="e.g. home")
                )
            with Vertical():
                yield from field(
                    "With whom", Input(e.with_whom, id="with_whom", placeholder="e.g. alone")
                )
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Craving 0–10", Input(str(e.craving or ""), id="craving", max_length=2)
                )
            with Vertical():
                yield from field(
                    "Mood",
                    Select(
                        [(m, m) for m in MOODS],
                        id="mood",
                        prompt="—",
                        value=e.mood if e.mood in MOODS else Select.NULL,
                    ),
                )
        plan = list(d.strategies)
        for label in e.strategies:
            if label.casefold() not in {p.casefold() for p in plan}:
                plan.append(label)
        yield Label("Safer-use strategies used (Space ticks)", classes="field-label")
        if plan:
            ticked = {s.casefold() for s in e.strategies}
            yield SelectionList[str](
                *plain.labelled((label, label, label.casefold() in ticked) for label in plan),
                id="strategies",
            )
        else:
            yield Static(
                "No safer-use plan yet: strategies chosen under Goals show here.",
                classes="field-hint",
            )
        yield FieldError(id="error-strategies")
        yield from field("Note", TextArea(e.note, id="note", soft_wrap=True, tab_behavior="focus"))

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#amount", Input).focus)

    def values(self) -> dict[str, Any]:
        values = super().values()
        for name in ("route", "mood"):  # a Select with nothing chosen
            if isinstance(values.get(name), type(Select.NULL)):
                values[name] = None
        lists = self.query("#strategies").filter("SelectionList")
        values["strategies"] = tuple(lists.first(SelectionList).selected) if lists else ()
        return values

    @on(Input.Changed, "#substance")
    def _substance_changed(self, event: Input.Changed) -> None:
        """A new substance brings its own unit, unless the unit was typed by hand."""
        unit = self.query_one("#unit", Input)
        if unit.value.strip().casefold() != self._auto_unit.casefold():
            return
        new = self.defaults.unit_for(event.value)
        if new and new != unit.value:
            unit.value = new
        self._auto_unit = new or unit.value

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import uselog

        data = EntryInput(**values, confirm_unit=self._confirm_unit)
        if self.entry is not None:
            return uselog.update_entry(vault, self.client_id, self.entry.id, data)
        return uselog.add_entry(vault, self.client_id, data)

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.store.uselog import UnitNotKnown

        self._confirm_unit = exc.unit if isinstance(exc, UnitNotKnown) else ""
        return super()._not_saved(exc)


class NoUseForm(FormScreen[Any]):
    """Record a day with no use of anything (a fact, not a gap). Returns the entry."""

    FORM_TITLE = "No use on a day"
    HELP_TEXT = (
        "Records that there was no use on that day: a recorded fact, different from a day "
        "nobody recorded. Enter saves. " + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, day: date | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.day = day or clock.today()

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "Date",
            Input(self.day.isoformat(), id="day"),
            hint="today, yesterday, -3 or YYYY-MM-DD",
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.uselog import record_no_use

        return record_no_use(vault, self.client_id, values["day"])


class CueForm(FormScreen[Any]):
    """Add or change a memory cue on a day. Returns the cue."""

    HELP_TEXT = (
        "A memory cue is a landmark that helps recall: payday, a holiday, a birthday, a court "
        "date, an appointment. It shows on the calendar. Future days are fine. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, day: date, cue: Cue | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.day = cue.day if cue else day
        self.cue = cue
        self.FORM_TITLE = "Change memory cue" if cue else "Memory cue"

    def compose_fields(self) -> ComposeResult:
        yield from field("Date", Input(self.day.isoformat(), id="day"))
        yield from field(
            "Cue",
            Input(
                self.cue.label if self.cue else "",
                id="label",
                max_length=40,
                placeholder="payday, holiday, court date…",
            ),
        )

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#label", Input).focus)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import uselog

        if self.cue is not None:
            return uselog.update_cue(
                vault, self.client_id, self.cue.id, values["day"], values["label"]
            )
        return uselog.add_cue(vault, self.client_id, values["day"], values["label"])


# -- one day's entries --------------------------------------------------------------------------


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
        table = self.query_one("#day-table", DataTable)
        table.add_column("What", key="what", width=20)
        table.add_column("Amount", key="amount", width=18)
        table.add_column("Details", key="details", width=16)
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
                what = e.substance or "Everything"
                amount = "no use"
            else:
                what, amount = e.substance, f"{fmt_amount(e.amount)} {e.unit}"
            details = []
            if e.strategies:
                details.append(f"{len(e.strategies)} strategies")
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
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value or ""
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


# -- the calendar -------------------------------------------------------------------------------


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
        text.append(f"{day.strftime('%a')} {day.isoformat()} ({friendly_day(day, self.today)}): ",
                    style="bold")  # fmt: skip
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
        from hrtui.screens.reviews import open_review_of_day

        open_review_of_day(self, self.client_id, self.grid.cursor)

    def action_back(self) -> None:
        self.dismiss(self.changed)


# -- the progress pane --------------------------------------------------------------------------

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
        from hrtui.store.uselog import load_progress

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
            self.substance = view.current.substance
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
        names = [s.substance for s in view.series]
        index = names.index(view.current.substance) if view.current.substance in names else -1
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
