"""A client's workspace: details, then one tab per area (intake, goals, use log, reviews).

Each area is a pane widget in its own module, listed in :data:`SECTIONS`; a pane takes the
client id, loads its own data through ``call_store`` and brings its own keys (shown in the footer
and in F1 help while focus is inside it). F2–F6 jump between tabs.

The workspace opens with the details only, so it is on screen at once however much the
client's record holds. The area panes are mounted (and so load) afterwards, one at a time
while the counselor reads the details (:data:`PREPARE_ORDER`, :data:`PREPARE_GAP_S`), so that
F3–F10 show a tab that is already drawn; a tab shown before its turn is mounted there and
then. A pane shown again loads again if anything was written since it last loaded
(:meth:`~hrtui.screens.base.VaultPane.reload_if_stale`): a target set in Goals shows in the
use log's chart, a review in the timeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static, TabbedContent, TabPane

from hrtui.domain.dates import friendly_day
from hrtui.screens.base import VaultPane, VaultScreen
from hrtui.widgets.footer import Footer

# (tab id, title, key, "module:PaneClass" or "" for the built-in details pane)
SECTIONS: list[tuple[str, str, str, str]] = [
    ("details", "Details", "f2", ""),
    ("intake", "Intake", "f3", "hrtui.screens.intake:IntakePane"),
    ("goals", "Goals", "f4", "hrtui.screens.goals:GoalsPane"),
    ("uselog", "Use log", "f5", "hrtui.screens.uselog:UseLogPane"),
    ("reviews", "Reviews", "f6", "hrtui.screens.reviews:ReviewsPane"),
    ("timeline", "Timeline", "f10", "hrtui.screens.timeline:TimelinePane"),
]


#: The order in which area panes are prepared after the workspace opens: the use log first,
#: as the area opened most often during a session.
PREPARE_ORDER = ("uselog", "goals", "intake", "reviews", "timeline")
#: Seconds between preparing one pane and the next (a keystroke in between is served first).
PREPARE_GAP_S = 0.05


def _pane_class(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


class WorkspaceScreen(VaultScreen):
    DEFAULT_CSS = "WorkspaceScreen #details-sessions { padding: 0 2 1 2; }"
    HELP_TEXT = (
        "One client's workspace. Ctrl+E edits the client's details, Ctrl+R archives or "
        "unarchives them (nothing is deleted). Escape goes back to the roster."
    )
    #: F1 in the client view (F8): what it shows, and how it is left.
    CLIENT_VIEW_HELP = (
        "The client view: this client's own record, without the counselor's notes, other "
        "clients, archiving, settings or files. F2–F6 and F10 show the areas; Ctrl+E edits the "
        "details. F8 and the passphrase leave the client view."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding(
            "f8,alt+c", "client_view", "Client view", tooltip="Turn the screen toward the client"
        ),
        Binding("ctrl+e", "edit", "Edit details", priority=True),
        Binding("ctrl+r", "archive", "Archive", priority=True),
        Binding("ctrl+u", "log_use", "Log use", priority=True),
        Binding(
            "ctrl+s",
            "session",
            "Session",
            priority=True,
            tooltip="Start a session (or open today's) and write its note",
        ),
        # F2–F6, F10 and, for terminals that take F-keys, Alt+1…Alt+6 (README: Terminals)
        *[
            Binding(
                f"{key},alt+{number}",
                f"section('{tab}')",
                title,
                show=False,
                priority=True,
                tooltip=f"Show the {title.lower()} tab",
            )
            for number, (tab, title, key, _) in enumerate(SECTIONS, start=1)
        ],
    ]
    #: the heading of the workspace's own keys in F1 help
    KEYS_HEADING = "Workspace"

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="client-heading")
        with TabbedContent(id="sections"):
            for tab, title, key, spec in SECTIONS:
                with TabPane(f"{title} {key.upper()}", id=f"tab-{tab}"):
                    if not spec:  # area panes come when first shown: see _ensure_pane
                        with VerticalScroll():
                            yield Static("", id="details")
                            yield Static("", id="details-sessions")
        yield Footer()

    def on_mount(self) -> None:
        from hrtui.store.clients import record_visit

        # the visit is a write: tabs are prepared after it, so that they are not out of date
        # (and read again) the first time they are shown
        self.call_store(
            record_visit, self.client_id,
            done=lambda _: self.set_timer(PREPARE_GAP_S, self._prepare_next_pane),
        )  # fmt: skip
        self.watch(self.app, "names_hidden", self._privacy_changed, init=False)
        self.watch(self.app, "client_view", self._privacy_changed, init=False)
        self.reload()

    def _privacy_changed(self, _: bool) -> None:
        if self.client is not None:
            self._show(self.client)

    def reload(self) -> None:
        from hrtui.store.clients import get_client
        from hrtui.store.sessions import client_sessions

        self.call_store(get_client, self.client_id, done=self._show)
        self.call_store(client_sessions, self.client_id, done=self._show_sessions)

    def _show_sessions(self, info: Any) -> None:
        """The next appointment, the last session and who the record was given to (the
        client view shows these too; never a note)."""
        from rich.text import Text

        from hrtui import clock

        today = clock.today()
        out = Text()
        out.append("Next appointment  ", style="bold")
        nxt = info.next_appointment
        out.append(nxt.text(today) if nxt else "none planned")
        out.append("\nLast session      ", style="bold")
        last = info.last_session
        out.append(
            f"{friendly_day(last.day, today)} ({info.sessions} in all)" if last else "none yet"
        )
        out.append("\n\nRecord given to", style="bold")
        if not info.disclosures:
            out.append("\nnobody yet")
        for disclosure in info.disclosures:
            out.append(f"\n{disclosure.line}")
        self.query_one("#details-sessions", Static).update(out)

    def _show(self, client: Any) -> None:
        self.client = client
        self.sub_title = client.code
        from rich.text import Text

        pronouns = f" ({client.pronouns})" if client.pronouns else ""
        heading = Text.assemble(
            (client.code, "bold"),
            f"  ·  {self.app.shown_name(client.display_name)}{pronouns}",
            ("  archived " if client.archived else "", "reverse"),
            ("  client view " if self.app.client_view else "", "reverse"),
        )
        self.query_one("#client-heading", Static).update(heading)
        rows = [
            ("Client code", client.code),
            ("Name or alias", self.app.shown_name(client.display_name)),
            ("Pronouns", client.pronouns or "—"),
            ("Status", "archived" if client.archived else "active"),
            ("First added", client.created_at.date().isoformat()),
            ("Last activity", friendly_day(client.last_activity_at)),
        ]
        from rich.markup import escape
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for label, value in rows:
            table.add_row(label, escape(str(value)))
        if not self.app.client_view:
            table.add_row("Counselor note", escape(client.note) if client.note else "—")
        self.query_one("#details", Static).update(table)

    async def _prepare_next_pane(self) -> None:
        """Mount the next area pane nobody has shown yet; then, after a pause, the one after.
        While the app is locked nothing is read: preparing goes on once it is unlocked."""
        if self.app.locked:
            self.app.after_unlock(lambda: self.set_timer(PREPARE_GAP_S, self._prepare_next_pane))
            return
        for tab in PREPARE_ORDER:
            if not self.query_one(f"#tab-{tab}", TabPane).children:
                await self._ensure_pane(tab)
                self.set_timer(PREPARE_GAP_S, self._prepare_next_pane)
                return

    async def _ensure_pane(self, tab: str) -> None:
        """Mount the area pane of ``tab`` if it is not there yet, or reload it if anything was
        written since it last loaded."""
        spec = next((spec for name, _, _, spec in SECTIONS if name == tab), "")
        holder = self.query_one(f"#tab-{tab}", TabPane)
        if not spec:
            return
        if not holder.children:
            await holder.mount(_pane_class(spec)(self.client_id))
        else:
            pane = holder.children[0]
            if isinstance(pane, VaultPane):
                pane.reload_if_stale()

    @on(TabbedContent.TabActivated, "#sections")
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id and event.pane.id.startswith("tab-"):
            await self._ensure_pane(event.pane.id.removeprefix("tab-"))

    async def action_section(self, tab: str) -> None:
        self.query_one("#sections", TabbedContent).active = f"tab-{tab}"
        await self._ensure_pane(tab)
        self._focus_pane(tab)

    def _focus_pane(self, tab: str, tries: int = 10) -> None:
        """Focus the first widget of the tab's pane that takes focus. A pane just mounted on a
        busy machine may have none yet: then try again shortly (up to half a second), unless
        another tab was chosen meanwhile, so the tab's keys work without a click or Tab."""
        if self.query_one("#sections", TabbedContent).active != f"tab-{tab}":
            return
        pane = self.query_one(f"#tab-{tab}", TabPane)
        focusable = [w for w in pane.query("*") if w.focusable]
        if focusable:
            focusable[0].focus()
        elif tries:
            self.set_timer(0.05, lambda: self._focus_pane(tab, tries - 1))

    def action_back(self) -> None:
        if self.app.client_view:
            self.notify("This is the client view: F8 and the passphrase leave it.")
            return
        self.app.pop_screen()

    def action_client_view(self) -> None:
        if self.app.client_view:
            self.app.leave_client_view()
        else:
            self.app.enter_client_view()

    def action_edit(self) -> None:
        if self.client is None:
            return
        from hrtui.screens.client_form import ClientForm

        def edited(client: Any) -> None:
            if client is not None:
                self.notify(f"Saved {client.code}.")
                self.reload()

        self.app.push_screen(ClientForm(self.client), edited)

    def action_archive(self) -> None:
        if self.client is None:
            return
        from hrtui.store.clients import set_archived

        def changed(client: Any) -> None:
            self.notify(f"{'Archived' if client.archived else 'Unarchived'} {client.code}.")
            self._show(client)

        self.call_store(set_archived, self.client_id, not self.client.archived, done=changed)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """Rare actions offered by the command palette only: (title, help, callback)."""
        return [
            (
                "Export this client's record",
                "Their whole record as JSON or Markdown",
                self.export_record,
            ),
            (
                "Delete this client permanently",
                "After typing the client code again",
                self.delete_client,
            ),
        ]

    def export_record(self) -> None:
        from hrtui.screens.maintenance import ExportRecordForm

        def written(path: object) -> None:
            if path:
                self.notify(f"Wrote {path}. It is not encrypted.")

        if self.client is not None:
            self.app.push_screen(ExportRecordForm(self.client), written)

    def delete_client(self) -> None:
        from hrtui.screens.maintenance import DeleteClientForm

        def deleted(result: Any) -> None:
            if result is not None:
                self.app.pop_screen()
                self.app.notify(f"Deleted {result.code} and everything recorded about them.")

        if self.client is not None:
            self.app.push_screen(DeleteClientForm(self.client), deleted)

    def action_session(self) -> None:
        """Start a session: today's session with the client (opened if the first write of the
        day started it), on the sessions screen."""
        from hrtui.screens.sessions import open_sessions

        if self.app.client_view:
            return
        open_sessions(self, self.client_id)

    def on_screen_resume(self) -> None:
        # back from the sessions screen or an export: the next appointment or the list of
        # disclosures may have changed
        from hrtui.store.sessions import client_sessions

        if self.client is not None and self.vault is not None:
            self.call_store(client_sessions, self.client_id, done=self._show_sessions)

    def action_log_use(self) -> None:
        """Quick entry in the use log, from anywhere in the workspace."""
        from hrtui.screens.uselog.pane import open_quick_entry

        open_quick_entry(self, self.client_id)
