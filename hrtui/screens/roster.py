"""The client roster: search as you type, add, edit, archive, open a workspace."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from hrtui.domain.clients import RosterRow, filter_roster
from hrtui.domain.dates import friendly_day
from hrtui.screens.base import VaultScreen


class RosterScreen(VaultScreen):
    HELP_TEXT = (
        "All your clients. Type to search by code or name; Up/Down choose a row and Enter opens "
        "the client's workspace. Archived clients are hidden until you show them."
    )
    BINDINGS = [
        Binding("ctrl+n", "add", "New client", priority=True, tooltip="Add a client"),
        Binding("ctrl+e", "edit", "Edit", priority=True, tooltip="Edit the selected client"),
        Binding(
            "ctrl+r", "archive", "Archive", priority=True, tooltip="Archive or unarchive"
        ),
        Binding(
            "ctrl+t", "toggle_archived", "Archived", priority=True,
            tooltip="Show or hide archived clients",
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
        self.shown: list[RosterRow] = []
        self.show_archived = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search code or name…", id="search")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static("", id="roster-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#roster", DataTable)
        table.add_column("Code", key="code", width=10)
        table.add_column("Name", key="name", width=22)
        table.add_column("Pronouns", key="pronouns", width=11)
        table.add_column("Last activity", key="activity", width=13)
        table.add_column("Status", key="status", width=9)
        self.query_one("#search", Input).focus()
        self.watch(self.app, "names_hidden", lambda _: self.refilter(), init=False)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.clients import list_roster

        self.call_store(list_roster, done=lambda rows: self._loaded(rows, select_id))

    def _loaded(self, rows: list[RosterRow], select_id: int | None) -> None:
        self.rows = rows
        self.refilter(select_id)

    def refilter(self, select_id: int | None = None) -> None:
        table = self.query_one("#roster", DataTable)
        keep = select_id if select_id is not None else self.selected_id()
        query = self.query_one("#search", Input).value
        self.shown = filter_roster(
            self.rows, query, show_archived=self.show_archived, codes_only=self.app.names_hidden
        )
        table.clear()
        for row in self.shown:
            table.add_row(
                row.code,
                self.app.shown_name(row.display_name),
                row.pronouns or "—",
                friendly_day(row.last_activity_at),
                "archived" if row.archived else "",
                key=str(row.id),
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
            text = f"{len(self.shown)} of {len(visible)} clients · Enter opens"
            if query.strip():
                text += f' matching "{query.strip()}"'
            if not self.shown:
                text += " · Esc clears the search"
            hidden = len(self.rows) - len(visible)
            if hidden:
                text += f" · {hidden} archived hidden (Ctrl+T shows them)"
        self.query_one("#roster-status", Static).update(text)

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
