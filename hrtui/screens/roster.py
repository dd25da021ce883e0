"""The client roster: search as you type, add, edit, archive, open a workspace. Each client's
next appointment is shown; Ctrl+O sorts by it, Ctrl+Y lists only the clients expected today."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from hrtui import clock
from hrtui.domain.clients import RosterRow, filter_roster
from hrtui.domain.dates import friendly_day
from hrtui.domain.sessions import by_next_appointment, expected_today
from hrtui.screens.base import VaultScreen
from hrtui.widgets import plain
from hrtui.widgets.fast_table import FastTable
from hrtui.widgets.footer import Footer

#: Rows put in the table at most (three screens at 80×24). A keystroke must redraw within a
#: frame even with thousands of clients, so further matches show as one last line: keep typing.
ROW_LIMIT = 50
MORE_KEY = "more"


def preload_workspace() -> None:
    """Import the workspace and its tabs while the counselor looks at the roster (run in a
    thread once the roster is painted), so the first client opens without that wait."""
    from importlib import import_module

    from hrtui.screens.workspace import SECTIONS
    from hrtui.store.warmup import freeze

    for _, _, _, spec in SECTIONS:
        if spec:
            import_module(spec.partition(":")[0])
    freeze("workspace")  # modules stay loaded: collections need not walk them again


class RosterScreen(VaultScreen):
    HELP_TEXT = (
        "All your clients. Type to search by code or name; Up/Down choose a row and Enter opens "
        "the client's workspace. Archived clients are hidden until you show them. Ctrl+O sorts "
        "by next appointment (again: by last activity); Ctrl+Y lists the clients expected "
        "today."
    )
    BINDINGS = [
        Binding("ctrl+n", "add", "New client", priority=True, tooltip="Add a client"),
        Binding("ctrl+e", "edit", "Edit", priority=True, tooltip="Edit the selected client"),
        Binding("ctrl+r", "archive", "Archive", priority=True, tooltip="Archive or unarchive"),
        Binding(
            "ctrl+t",
            "toggle_archived",
            "Archived",
            priority=True,
            tooltip="Show or hide archived clients",
        ),
        Binding(
            "ctrl+o",
            "sort_next",
            "Sort",
            priority=True,
            tooltip="Sort by next appointment, or by last activity",
        ),
        Binding(
            "ctrl+y",
            "today",
            "Today",
            priority=True,
            tooltip="Only the clients expected today, or everyone",
        ),
        Binding("enter", "open", "Open", show=True, key_display="⏎"),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("pagedown", "cursor(10)", show=False),
        Binding("pageup", "cursor(-10)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RosterRow] = []
        self.matches: list[RosterRow] = []  # every row the search matches, in order
        self.shown: list[RosterRow] = []  # the ones in the table (at most ROW_LIMIT)
        self.show_archived = False
        self.by_next = False  # sorted by next appointment instead of last activity
        self.today_only = False  # only the clients with an appointment today
        self._resumed = False
        self._loads = 0
        self._found: dict[tuple[tuple[str, ...], bool, bool], list[RosterRow]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search code or name…", id="search")
        yield FastTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static("", id="roster-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#roster", FastTable)
        # 64 columns of text + 14 of cell padding: fits 80 with a scroll bar
        table.add_column("Code", key="code", width=8)
        table.add_column("Name", key="name", width=13)
        table.add_column("Pronouns", key="pronouns", width=8)
        table.add_column("Activity", key="activity", width=10)
        table.add_column("Status", key="status", width=8)
        table.add_column("Goals", key="goals", width=5)
        table.add_column("Next appt.", key="next", width=12)
        table.flex("name")  # names as typed: the name takes the width a wider terminal gives
        self.query_one("#search", Input).focus()
        self.watch(self.app, "names_hidden", lambda _: self.refilter(), init=False)
        rows = RosterScreen._take_over(self.app.vault)
        if rows is None:
            self.reload()
        else:
            self._loaded(rows, None)

    def on_screen_resume(self) -> None:
        # The first resume comes with the mount, which loads already: load once, not twice.
        if self._resumed:
            self.reload()
        self._resumed = True

    # -- data ----------------------------------------------------------------------------

    # Rows read by the unlock worker right after the vault opened, for the roster that the
    # app shows next (at most one, taken or dropped by that roster's mount).
    _handed_over: tuple[Any, list[RosterRow]] | None = None

    @staticmethod
    def read_ahead(vault: Any) -> list[RosterRow] | None:
        """The roster's rows, read in the caller's (worker) thread; None if that fails (the
        roster then loads them itself)."""
        from hrtui.store.clients import list_roster

        try:
            return list_roster(vault)
        except Exception:  # reported when the roster loads them again
            return None

    @classmethod
    def hand_over(cls, vault: Any, rows: list[RosterRow] | None) -> None:
        cls._handed_over = None if rows is None else (vault, rows)

    @classmethod
    def _take_over(cls, vault: Any) -> list[RosterRow] | None:
        handed, cls._handed_over = cls._handed_over, None
        if handed is None or vault is None or handed[0] is not vault:
            return None
        return handed[1]

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.clients import list_roster

        self.call_store(list_roster, done=lambda rows: self._loaded(rows, select_id))

    def _loaded(self, rows: list[RosterRow], select_id: int | None) -> None:
        first = not self._loads
        self._loads += 1
        self.rows = rows
        self._found.clear()
        self.refilter(select_id)
        if first:
            self.call_after_refresh(
                self.run_worker,
                preload_workspace,
                thread=True,
                group="preload",
                exit_on_error=False,
            )

    def _filtered(self, query: str) -> list[RosterRow]:
        """:func:`filter_roster`, remembered per search: typing on narrows an earlier result
        instead of the whole roster, and Backspace finds the earlier result again."""
        codes_only = bool(self.app.names_hidden)
        words = tuple(query.casefold().split())
        key = (words, self.show_archived, codes_only)
        found = self._found.get(key)
        if found is not None:
            return found
        base = self.rows
        for (earlier, archived, codes), rows in self._found.items():
            # every row matching `words` matches `earlier` if each earlier word is in one of them
            if (
                (archived, codes) == key[1:]
                and len(rows) < len(base)
                and all(any(old in new for new in words) for old in earlier)
            ):
                base = rows
        found = filter_roster(base, query, show_archived=self.show_archived, codes_only=codes_only)
        if len(self._found) >= 64:
            self._found.clear()
        self._found[key] = found
        return found

    def refilter(self, select_id: int | None = None) -> None:
        table = self.query_one("#roster", DataTable)
        keep = select_id if select_id is not None else self.selected_id()
        query = self.query_one("#search", Input).value
        self.matches = self._filtered(query)
        if self.today_only:
            self.matches = expected_today(self.matches, clock.today())
        elif self.by_next:
            self.matches = by_next_appointment(self.matches)
        limit = ROW_LIMIT
        if select_id is not None:  # a client just added or changed is always in the table
            for index, row in enumerate(self.matches):
                if row.id == select_id:
                    limit = max(limit, index + 1)
                    break
        self.shown = self.matches[:limit]
        table.clear()
        today = clock.today()
        for row in self.shown:
            # Text cells: a name is shown as typed (never read as markup), and is cheap to draw
            table.add_row(
                Text(row.code),
                Text(self.app.shown_name(row.display_name)),
                Text(row.pronouns or "—"),
                Text(friendly_day(row.last_activity_at)),
                Text("archived" if row.archived else ""),
                Text(str(row.open_goals) if row.open_goals else "—", justify="right"),
                Text(_next_text(row, today)),
                key=str(row.id),
            )
        more = len(self.matches) - len(self.shown)
        if more:
            table.add_row(
                Text(f"{more:,} more", style="italic"),
                Text("keep typing…", style="italic"),
                "",
                "",
                "",
                "",
                "",
                key=MORE_KEY,
            )
        if keep is not None:
            for index, row in enumerate(self.shown):
                if row.id == keep:
                    table.move_cursor(row=index)
                    break
        self._status(query)

    def _status(self, query: str) -> None:
        if not self.rows:
            text = "No clients yet. Press Ctrl+N to add the first one."
        else:
            visible = [r for r in self.rows if self.show_archived or not r.archived]
            text = f"{len(self.matches)} of {len(visible)} client{'' if len(visible) == 1 else 's'}"
            text += " · Enter opens"
            if self.today_only:
                text = (
                    f"{len(self.matches)} expected today · Ctrl+Y shows everyone"
                    if self.matches else "Nobody is expected today · Ctrl+Y shows everyone"
                )  # fmt: skip
            elif self.by_next:
                text += " · by next appointment"
            if query.strip():
                text += f' matching "{query.strip()}"'
            if len(self.shown) < len(self.matches):
                text += f" · first {len(self.shown)} listed"
            if not self.shown:
                text += " · Esc clears the search"
            hidden = len(self.rows) - len(visible)
            if hidden:
                text += f" · {hidden} archived hidden (Ctrl+T shows them)"
        self.query_one("#roster-status", Static).update(plain.text(text))  # holds the search

    def selected(self) -> RosterRow | None:
        table = self.query_one("#roster", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    # -- events and actions ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self.refilter()
        self.query_one("#roster", DataTable).move_cursor(row=0)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.action_open()

    @on(DataTable.RowSelected, "#roster")
    def _row_selected(self) -> None:
        self.action_open()

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#roster", DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.focus()

    def action_open(self) -> None:
        row = self.selected()
        if row is None:
            self.notify("No client selected." if self.rows else "Add a client first (Ctrl+N).")
            return
        from hrtui.screens.workspace import WorkspaceScreen

        self.app.push_screen(WorkspaceScreen(row.id))

    def action_add(self) -> None:
        from hrtui.screens.client_form import ClientForm

        def added(client: Any) -> None:
            if client is not None:
                self.notify(f"Added {client.code}.")
                search = self.query_one("#search", Input)
                with search.prevent(Input.Changed):
                    search.value = ""
                self.reload(select_id=client.id)

        self.app.push_screen(ClientForm(), added)

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            self.notify("Select a client to edit.")
            return
        from hrtui.screens.client_form import ClientForm
        from hrtui.store.clients import get_client

        def edited(client: Any) -> None:
            if client is not None:
                self.notify(f"Saved {client.code}.")
                self.reload(select_id=client.id)

        self.call_store(
            get_client, row.id, done=lambda c: self.app.push_screen(ClientForm(c), edited)
        )

    def action_archive(self) -> None:
        row = self.selected()
        if row is None:
            self.notify("Select a client to archive.")
            return
        from hrtui.store.clients import set_archived

        def changed(client: Any) -> None:
            verb = "Archived" if client.archived else "Unarchived"
            hint = "" if self.show_archived or not client.archived else " (Ctrl+T shows archived)"
            self.notify(f"{verb} {client.code}.{hint}")
            self.reload()

        self.call_store(set_archived, row.id, not row.archived, done=changed)

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.refilter()

    def action_sort_next(self) -> None:
        self.by_next = not self.by_next
        self.refilter()
        self.query_one("#roster", DataTable).move_cursor(row=0)

    def action_today(self) -> None:
        self.today_only = not self.today_only
        self.refilter()
        self.query_one("#roster", DataTable).move_cursor(row=0)


def _next_text(row: RosterRow, today: Any) -> str:
    """The next appointment as the roster shows it: "today 10:00", "17 Jun 09:30"."""
    day = getattr(row, "next_day", None)
    if day is None:
        return "—"
    at = getattr(row, "next_time", "")
    if day == today:
        return f"today {at}".strip()
    when = f"{day.day} {day.strftime('%b')}" if day.year == today.year else day.isoformat()
    return f"{when} {at}".strip()
