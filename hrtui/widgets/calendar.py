"""A month grid for day-by-day recall: one cell per day, moved through with the arrow keys.

Each cell has two lines: the day number (with a ♦ when the day has a memory cue), then what is
recorded: an amount ("4 dr"), "no use", or "·" for nothing recorded. The three look different
in text alone, so they stay readable in 16 colours and without colour at all. The cursor is
drawn in reverse video; today is underlined; days after today are dim.

The widget shows data it is given (:meth:`show`); it posts :class:`MonthGrid.Moved` when the
cursor moves and :class:`MonthGrid.MonthChanged` when it enters another month, so the screen can
load that month.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from hrtui.domain.uselog import NO_USE, USE, MonthView, cell_text

STYLES = {
    USE: "bold",
    NO_USE: "green",
    "none": "dim",
    "cue": "bold magenta",
    "future": "dim",
}
#: Each cell's look and what it means: "4 dr = amount used  no use = none used  · = not
#: recorded  ♦ = memory cue" (one line at 80 columns; "no use" is a recorded fact, "·" is not).
LEGEND = (
    ("4 dr", USE, "amount used"),
    ("no use", NO_USE, "none used"),
    ("·", "none", "not recorded"),
    ("♦", "cue", "memory cue"),
)


def legend() -> Text:
    """The key to the grid's cells, in words."""
    text = Text()
    for i, (sample, style, words) in enumerate(LEGEND):
        if i:
            text.append("  ")
        text.append(sample, style=STYLES[style])
        text.append(f" = {words}")
    return text


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class MonthGrid(Widget, can_focus=True):
    DEFAULT_CSS = """
    MonthGrid {
        height: auto;
        width: 100%;
    }
    MonthGrid:focus {
        background: $boost;
    }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Day before", show=False),
        Binding("right", "move(1)", "Day after", show=False),
        Binding("up", "move(-7)", "Week before", show=False),
        Binding("down", "move(7)", "Week after", show=False),
        Binding("pageup", "month(-1)", "Month before", key_display="PgUp"),
        Binding("pagedown", "month(1)", "Month after", key_display="PgDn"),
        Binding("home", "today", "Today", show=False),
    ]

    cursor: reactive[date] = reactive(date.today, always_update=True)

    class Moved(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    class MonthChanged(Message):
        def __init__(self, year: int, month: int) -> None:
            super().__init__()
            self.year = year
            self.month = month

    def __init__(self, day: date, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self.view: MonthView | None = None
        self.set_reactive(MonthGrid.cursor, min(day, today))

    # -- data ----------------------------------------------------------------------------

    def show(self, view: MonthView) -> None:
        """Show ``view`` if it is the month under the cursor (a late answer is dropped)."""
        if (view.year, view.month) == (self.cursor.year, self.cursor.month):
            self.view = view
            self.refresh(layout=True)

    @property
    def loaded(self) -> bool:
        view = self.view
        return view is not None and (view.year, view.month) == (
            self.cursor.year,
            self.cursor.month,
        )

    # -- moving --------------------------------------------------------------------------

    def go_to(self, day: date) -> None:
        day = min(day, self.today)
        before = self.cursor
        self.cursor = day
        if (before.year, before.month) != (day.year, day.month):
            self.refresh(layout=True)
            self.post_message(self.MonthChanged(day.year, day.month))
        self.post_message(self.Moved(day))

    def action_move(self, days: int) -> None:
        self.go_to(self.cursor + timedelta(days=days))

    def action_month(self, months: int) -> None:
        self.go_to(add_months(self.cursor, months))

    def action_today(self) -> None:
        self.go_to(self.today)

    # -- drawing -------------------------------------------------------------------------

    def weeks(self) -> list[list[date | None]]:
        cal = calendar.Calendar(firstweekday=0)
        return [
            [d if d.month == self.cursor.month else None for d in week]
            for week in cal.monthdatescalendar(self.cursor.year, self.cursor.month)
        ]

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return 1 + 2 * len(self.weeks())

    def render(self) -> Text:
        width = max(7 * 6, self.size.width or 77)
        cw = min(14, width // 7)
        inner = cw - 1
        out = Text(no_wrap=True, overflow="crop")
        for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
            out.append(name.ljust(cw)[:cw], style="bold")
        for week in self.weeks():
            top = Text()
            bottom = Text()
            for day in week:
                if day is None:
                    top.append(" " * cw)
                    bottom.append(" " * cw)
                    continue
                self._cell(day, inner, top, bottom)
                top.append(" ")
                bottom.append(" ")
            out.append("\n")
            out.append_text(top)
            out.append("\n")
            out.append_text(bottom)
        return out

    def _cell(self, day: date, inner: int, top: Text, bottom: Text) -> None:
        selected = day == self.cursor
        future = day > self.today
        record = self.view.record(day) if self.loaded and self.view else None
        number = f"{day.day:>2}"
        cue = ""
        if record is not None and record.cues:
            cue = f" ♦{record.cues[0].label}"
        head = (number + cue)[:inner].ljust(inner)
        base = "reverse " if selected else ""
        number_style = base + ("underline bold" if day == self.today else "")
        if future:
            number_style = base + STYLES["future"]
        top.append(head[: len(number)], style=number_style.strip() or None)
        rest = head[len(number) :]
        shown = rest.rstrip()
        top.append(shown, style=(base + STYLES["cue"]).strip())
        top.append(rest[len(shown) :], style=base.strip() or None)
        if future:
            body, kind = "", "future"
        elif record is None:  # the month is still loading
            body, kind = "", "none"
        else:
            usual = self.view.usual if self.view else ""
            body, kind = cell_text(record, usual, inner - 1), record.kind
        body = (" " + body)[:inner].ljust(inner)
        bottom.append(body, style=(base + STYLES[kind]).strip())
