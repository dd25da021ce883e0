"""Sessions: :class:`SessionScreen`, one client's meetings with their notes, and its dialogs.

Ctrl+S in the workspace starts today's session (or opens it, if the first write of the day has
started it already) and shows this screen: the client's sessions on the left, the selected one
on the right (when, how, what changed in the record that day, the note, its addenda, the next
appointment). Ctrl+N writes the note (:class:`NoteForm`: Ctrl+G pulls "what changed" into its
first field, Ctrl+F signs it); a signed note is kept as written, and Ctrl+N then adds a dated
addendum (:class:`AddendumForm`). Ctrl+E changes when, how and where the session was
(:class:`SessionForm`), Ctrl+A sets the next appointment (:class:`AppointmentForm`), Ctrl+T
chooses the note structure once for all new notes (:class:`NoteStructureForm`).

Notes are counselor-only: this screen is not offered in the client view (F8), and it closes if
the client view is turned on. :func:`disclosure_fields` are the three questions every export
asks (who receives it, why, consent); the export dialogs compose them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Select, Static, TextArea

from hrtui import clock
from hrtui.domain import sessions as rules
from hrtui.domain.sessions import AppointmentInput, DisclosureInput, SessionInput
from hrtui.screens.base import VaultScreen
from hrtui.screens.confirm import Confirm
from hrtui.screens.form import FormScreen, field
from hrtui.widgets.fast_table import PlainTable
from hrtui.widgets.footer import Footer

# -- disclosures (for every export dialog) -------------------------------------------------------

CONSENT_OPTIONS = [(label, key) for key, label in rules.CONSENT.items()]


def disclosure_fields(own_copy: bool = False) -> Iterator[Widget]:
    """The export's three questions: who receives it, why, and whether the client consented
    (fields ``recipient``, ``purpose``, ``consent``). ``own_copy`` fills in the client's own
    copy (a take-home plan)."""
    default = rules.own_copy() if own_copy else None
    yield Static(
        "Every export is kept in the client's record (who, why, consent); the client may ask "
        "who has seen it.",
        classes="field-hint",
    )
    yield from field(
        "Who receives it (a person or a service)",
        Input(default.recipient if default else "", id="recipient",
              placeholder="e.g. Dr. Lee, the client's GP"),
    )  # fmt: skip
    yield from field(
        "Why (the purpose)",
        Input(default.purpose if default else "", id="purpose",
              placeholder="e.g. referral, the client's request"),
    )  # fmt: skip
    consent = Select(CONSENT_OPTIONS, prompt="Choose…", id="consent")
    if default is not None:
        consent = Select(CONSENT_OPTIONS, value=default.consent, prompt="Choose…", id="consent")
    yield from field("Did the client consent?", consent)


def disclosure_from(values: dict[str, Any]) -> DisclosureInput:
    """The disclosure typed into :func:`disclosure_fields` (checked by the store)."""
    return DisclosureInput(values["recipient"] or "", values["purpose"] or "",
                           values["consent"] or "")  # fmt: skip


# -- the screen ----------------------------------------------------------------------------------


class SessionTable(PlainTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Note", key_display="⏎", show=False,
                tooltip="Write or read the selected session's note"),
    ]  # fmt: skip


def open_sessions(owner: Any, client_id: int, session_id: int | None = None) -> None:
    """Show the sessions of the client: ``session_id``'s, or today's (started now if there is
    none yet: "Start a session")."""
    from hrtui.store.sessions import start_session

    if session_id is not None:
        owner.app.push_screen(SessionScreen(client_id, session_id))
        return

    def started(detail: Any) -> None:
        owner.app.push_screen(SessionScreen(client_id, detail.id))

    owner.call_store(start_session, client_id, done=started)


class SessionScreen(VaultScreen):
    HELP_TEXT = (
        "The client's sessions, newest first; the selected one on the right: when and how, what "
        "changed in the record that day, the note and its addenda. Notes are counselor-only: "
        "never in the client's plan or the client view. Ctrl+N writes the note (Ctrl+G there "
        "pulls in what changed, Ctrl+F signs it); a signed note is kept as written and Ctrl+N "
        "adds a dated addendum. Ctrl+E: when, how, where, who was there. Ctrl+A: the next "
        "appointment; Ctrl+X cancels it (asked first). Ctrl+T: the note structure (DAP, SOAP, "
        "BIRP; also in Settings, F9). Delete removes a session "
        "whose note is not signed. Escape goes back."
    )
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+n", "note", "Note", priority=True, tooltip="Write the note, or an addendum"),
        Binding("ctrl+e", "details", "Details", priority=True,
                tooltip="When, how long, what kind, where, who was there"),
        Binding("ctrl+a", "appointment", "Next appt", priority=True,
                tooltip="Set the next appointment"),
        Binding("ctrl+t", "structure", "Note type", priority=True,
                tooltip="DAP, SOAP or BIRP for new notes"),
        Binding("ctrl+x", "cancel_appointment", "Cancel appt", show=False, priority=True,
                tooltip="Cancel the next appointment"),
        Binding("delete", "delete", "Delete", show=False,
                tooltip="Delete a session whose note is not signed"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    SessionScreen #session-heading { height: 1; padding: 0 1; background: $boost; }
    SessionScreen #session-body { height: 1fr; }
    SessionScreen #sessions-table { width: 30; height: 1fr; }
    SessionScreen #session-view { width: 1fr; height: 1fr; padding: 0 1; }
    SessionScreen #session-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, client_id: int, session_id: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.wanted = session_id
        self.rows: list[Any] = []
        self.detail: Any = None
        self.appointment: Any = None
        self._scroll_to_end = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="session-heading")
        with Horizontal(id="session-body"):
            yield SessionTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="session-view"):
                yield Static("", id="session-text")
        yield Static("", id="session-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions-table", DataTable)
        table.add_column("Day", key="day", width=10)
        table.add_column("Note", key="note", width=14)
        self.watch(self.app, "client_view", self._client_view, init=False)
        self.reload()
        table.focus()

    def _client_view(self, on_: bool) -> None:
        if on_ and self.is_attached:
            self.app.pop_screen()

    # -- data ----------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.sessions import list_sessions

        keep = select_id or self.wanted or (self.detail.id if self.detail else None)
        self.wanted = None
        self.call_store(list_sessions, self.client_id, done=lambda rows: self._listed(rows, keep))

    def _listed(self, rows: list[Any], keep: int | None) -> None:
        self.rows = rows
        table = self.query_one("#sessions-table", DataTable)
        table.clear()
        for row in rows:
            style = "bold" if row.note_status != rules.SIGNED else ""
            table.add_row(row.day.isoformat(), Text(row.note_label, style=style), key=str(row.id))
        for index, row in enumerate(rows):
            if row.id == keep:
                table.move_cursor(row=index)
        n = len(rows)
        status = (
            f"{rules.plural(n, 'session')} · ⏎/Ctrl+N note · Ctrl+A next appointment · F1 keys"
            if rows else "No sessions. Escape, then Ctrl+S in the workspace starts one."
        )  # fmt: skip
        self.query_one("#session-status", Static).update(status)
        self._load_selected()

    def selected(self) -> Any | None:
        table = self.query_one("#sessions-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _load_selected(self) -> None:
        from hrtui.store.sessions import next_appointment, session_detail

        row = self.selected()
        if row is None:
            self.detail = None
            self._show()
            return

        def both(vault: Any, session_id: int) -> tuple[Any, Any]:
            return session_detail(vault, session_id), next_appointment(vault, self.client_id)

        def shown(result: tuple[Any, Any]) -> None:
            self.detail, self.appointment = result
            self._show()

        self.call_store(both, row.id, done=shown)

    def _show(self) -> None:
        view = self.query_one("#session-text", Static)
        detail = self.detail
        heading = self.query_one("#session-heading", Static)
        if detail is None:
            heading.update("Sessions")
            view.update("")
            return
        heading.update(Text.assemble((detail.client_code, "bold"), "  ·  Sessions"))
        view.update(session_text(detail, self.appointment, clock.today()))
        if self._scroll_to_end:
            self._scroll_to_end = False
            scroller = self.query_one("#session-view", VerticalScroll)
            self.call_after_refresh(scroller.scroll_end, animate=False)

    @on(DataTable.RowHighlighted, "#sessions-table")
    def _highlighted(self) -> None:
        row = self.selected()
        if row is not None and (self.detail is None or self.detail.id != row.id):
            self._load_selected()

    @on(DataTable.RowSelected, "#sessions-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_note()

    # -- actions -------------------------------------------------------------------------

    def _ready(self) -> Any | None:
        row = self.selected()
        if row is None or self.detail is None or self.detail.id != row.id:
            self.notify("Select a session first.")
            return None
        return self.detail

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_note(self) -> None:
        detail = self._ready()
        if detail is None:
            return

        def saved(result: Any) -> None:
            if result is not None:
                self.detail = result
                self._scroll_to_end = True  # show what was just written
                self.reload(select_id=result.id)

        if detail.signed:
            self.app.push_screen(AddendumForm(detail), saved)
        else:
            self.app.push_screen(NoteForm(detail), saved)

    def action_details(self) -> None:
        detail = self._ready()

        def saved(row: Any) -> None:
            if row is not None:
                self.reload(select_id=row.id)

        if detail is not None:
            self.app.push_screen(SessionForm(detail), saved)

    def action_appointment(self) -> None:
        from hrtui.store.sessions import appointment_defaults

        detail = self.detail
        session_id = detail.id if detail is not None else None

        def ask(defaults: Any) -> None:
            def set_(result: Any) -> None:
                if result is not None:
                    self.notify(f"Next appointment: {result.text(clock.today())}.")
                    self.reload()

            self.app.push_screen(AppointmentForm(self.client_id, session_id, defaults), set_)

        self.call_store(appointment_defaults, self.client_id, done=ask)

    def action_cancel_appointment(self) -> None:
        from hrtui.store.sessions import cancel_next_appointment

        appointment = self.appointment
        if appointment is None:
            self.notify("No next appointment to cancel.")
            return
        when = appointment.text(clock.today())

        def cancelled(done: bool) -> None:
            self.notify(f"Cancelled the appointment {when}." if done
                        else "No next appointment to cancel.")  # fmt: skip
            self.reload()

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_store(cancel_next_appointment, self.client_id, done=cancelled)

        self.app.push_screen(
            Confirm(f"Cancel the next appointment ({when})?", yes="Cancel it", no="Keep it"),
            answered,
        )

    def action_structure(self) -> None:
        from hrtui.store.settings import note_structure

        def ask(current: str) -> None:
            def chosen(result: str | None) -> None:
                if result:
                    self.notify(f"New notes are written as {rules.structure_name(result)}.")
                    self.reload()

            self.app.push_screen(NoteStructureForm(current), chosen)

        self.call_store(note_structure, done=ask)

    def action_delete(self) -> None:
        detail = self._ready()
        if detail is None:
            return
        if detail.signed:
            self.notify("This session's note is signed; it stays in the record.")
            return
        from hrtui.store.sessions import delete_session

        def answered(yes: bool | None) -> None:
            if yes:
                self.detail = None
                self.call_store(delete_session, detail.id, done=lambda _: self.reload())

        self.app.push_screen(
            Confirm(f"Delete the session of {detail.session.day.isoformat()} and its unsigned "
                    "note? The rest of the record stays as it is.", yes="Delete", no="Keep"),
            answered,
        )  # fmt: skip


def session_text(detail: Any, appointment: Any, today: date) -> Text:
    """The session as the screen shows it: when and how, what changed, the note, addenda."""
    s = detail.session
    out = Text()
    out.append(f"{s.day.strftime('%A')} {s.day.isoformat()}", style="bold")
    out.append(" · " + rules.describe_session(s.started_at, s.kind, s.place, s.length_minutes))
    started = (
        "Started with the first record written that day." if s.started_by == rules.AUTO
        else "Started by you."
    )  # fmt: skip
    out.append(f"\n{started}", style="dim")
    if s.present:
        out.append(f"\nPresent: {s.present}")
    out.append("\nNext appointment: ", style="bold")
    out.append(appointment.text(today) if appointment else "none planned (Ctrl+A sets it)")
    out.append("\n\n")
    out.append(detail.summary)
    name = rules.structure_name(detail.structure)
    note = detail.note
    out.append("\n\n")
    if note is None:
        out.append(f"Note ({name}): not written yet. Ctrl+N writes it.", style="bold")
    else:
        state = (
            f"signed {note.signed_at:%Y-%m-%d %H:%M}, kept as written" if detail.signed
            else "in progress (Ctrl+N goes on with it)"
        )  # fmt: skip
        out.append(f"Note ({name}), {state}", style="bold")
        for key, heading, _ in rules.structure_fields(detail.structure):
            text = getattr(note, key)
            if text.strip():
                out.append(f"\n{heading}: ", style="bold")
                out.append(text)
    for addendum in detail.addenda:
        out.append(f"\nAddendum {addendum.written_at:%Y-%m-%d %H:%M}: ", style="bold")
        out.append(addendum.text)
    return out


# -- dialogs -------------------------------------------------------------------------------------


class NoteForm(FormScreen[Any]):
    """The session's note in its structure. Ctrl+S keeps it as a draft; Ctrl+F signs it (after
    asking); Ctrl+G pulls what changed in the record into the first field. Returns the
    session's detail as saved."""

    BINDINGS = [
        Binding("ctrl+g", "pull_summary", "Pull in what changed", priority=True,
                tooltip="Add what changed in the record that day to the first field"),
        Binding("ctrl+f", "sign", "Sign", priority=True,
                tooltip="Sign the note: kept as written from then on"),
    ]  # fmt: skip
    HELP_TEXT = (
        "The session's note, counselor-only. Ctrl+G adds what changed in the record that day "
        "to the first field. Ctrl+S keeps it as a draft to finish later; Ctrl+F signs it: a "
        "signed note is kept as written, and later corrections are dated addenda. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail
        self._sign = False
        name = rules.structure_name(detail.structure)
        self.FORM_TITLE = f"Note ({name}) · session of {detail.session.day.isoformat()}"

    def compose_fields(self) -> ComposeResult:
        values = self.detail.note_values()
        yield Static(
            "Counselor-only: never in the client's plan or the client view. Ctrl+G pulls in "
            "what changed · Ctrl+F signs",
            classes="field-hint",
        )
        for name, heading, hint in rules.structure_fields(self.detail.structure):
            yield from field(f"{heading} — {hint}", TextArea(values[name], id=name))
        yield Static("", id="error-note", classes="field-error")

    def action_pull_summary(self) -> None:
        target = self.query_one(f"#{rules.summary_field(self.detail.structure)}", TextArea)
        from hrtui.store.sessions import session_detail

        def pulled(detail: Any) -> None:
            text = rules.with_summary(target.text, detail.summary)
            if text == target.text:
                self.notify("What changed is in the note already.")
                return
            target.load_text(text)
            target.move_cursor(target.document.end)
            target.focus()

        self.call_store(session_detail, self.detail.id, done=pulled)

    def action_save(self) -> None:
        self._sign = False
        super().action_save()

    def action_sign(self) -> None:
        problem = rules.sign_problem(self.values(), self.detail.structure)
        if problem:
            self.show_errors({"note": problem})
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._sign = True
                FormScreen.action_save(self)

        self.app.push_screen(
            Confirm("Sign the note? From now on it is kept as written; later corrections are "
                    "addenda with their date.", yes="Sign", no="Not yet"),
            answered,
        )  # fmt: skip

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.sessions import save_note

        return save_note(vault, self.detail.id, values, sign=self._sign)


class AddendumForm(FormScreen[Any]):
    """A dated addendum to a signed note. Returns the session's detail."""

    HELP_TEXT = (
        "The note is signed and kept as written. An addendum adds a correction or something "
        "learned later, with today's date. " + FormScreen.HELP_TEXT
    )

    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail
        self.FORM_TITLE = f"Addendum to the note of {detail.session.day.isoformat()}"

    def compose_fields(self) -> ComposeResult:
        note = self.detail.note
        yield Static(
            f"The note was signed {note.signed_at:%Y-%m-%d %H:%M} and is kept as written. "
            f"This addendum is dated {clock.today().isoformat()}.",
            classes="field-hint",
        )
        yield from field("Addendum", TextArea("", id="addendum"))

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.sessions import add_addendum

        return add_addendum(vault, self.detail.id, values["addendum"])


KIND_OPTIONS = [(label, key) for key, label in rules.KINDS.items()]


class SessionForm(FormScreen[Any]):
    """When the session started, how long, what kind, where, who was there."""

    FORM_TITLE = "The session"
    HELP_TEXT = (
        "When the meeting started and how long it took, what kind it was, where (office, "
        "street, home visit… no address needed) and who was there. " + FormScreen.HELP_TEXT
    )

    def __init__(self, detail: Any) -> None:
        super().__init__()
        self.detail = detail
        self.FORM_TITLE = f"The session of {detail.session.day.isoformat()}"

    def compose_fields(self) -> ComposeResult:
        s = self.detail.session
        yield from field("Started at", Input(s.started_at.strftime("%H:%M"), id="start_time"),
                         hint=rules.TIME_HINT)  # fmt: skip
        yield from field(
            "Length in minutes",
            Input(str(s.length_minutes or ""), id="length_minutes", placeholder="e.g. 50"),
        )
        yield from field("Kind", Select(KIND_OPTIONS, value=s.kind, allow_blank=False, id="kind"))
        yield from field("Where", Input(s.place, id="place", placeholder=", ".join(rules.PLACES)))
        yield from field(
            "Who was there", Input(s.present, id="present", placeholder="e.g. the client")
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.sessions import update_session

        data = SessionInput(values["start_time"], values["length_minutes"], values["kind"],
                            values["place"], values["present"])  # fmt: skip
        return update_session(vault, self.detail.id, data)


class AppointmentForm(FormScreen[Any]):
    """The next appointment (replaces the one planned). Returns it."""

    FORM_TITLE = "Next appointment"
    HELP_TEXT = (
        "The next meeting: it shows on the roster (Ctrl+O sorts by it, Ctrl+Y lists who is "
        "expected today), in the client's details and on the take-home plan. It starts from "
        "the latest review's next check-in. " + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, session_id: int | None, defaults: Any) -> None:
        super().__init__()
        self.client_id = client_id
        self.session_id = session_id
        self.defaults = defaults

    def compose_fields(self) -> ComposeResult:
        d = self.defaults
        today = clock.today()
        current = d.current
        if current is not None:
            yield Static(f"Planned now: {current.text(today)}. Saving replaces it.",
                         classes="field-hint")  # fmt: skip
        day = current.day if current else d.suggested_day
        hint = "YYYY-MM-DD, today, or +N for N days from today"
        if d.suggested_day is not None:
            hint += f" (the latest review's next check-in: {d.suggested_day.isoformat()})"
        yield from field("Day", Input(day.isoformat() if day else "", id="day",
                                      placeholder="e.g. +7"), hint=hint)  # fmt: skip
        yield from field("Time", Input(current.at_time if current else "", id="at_time",
                                       placeholder="e.g. 14:30"), hint=rules.TIME_HINT)  # fmt: skip
        kind = current.kind if current else d.kind
        yield from field("Kind", Select(KIND_OPTIONS, value=kind, allow_blank=False, id="kind"))
        yield from field("Where", Input(current.place if current else d.place, id="place",
                                        placeholder=", ".join(rules.PLACES)))  # fmt: skip

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.sessions import set_next_appointment

        data = AppointmentInput(values["day"], values["at_time"], values["kind"], values["place"])
        return set_next_appointment(vault, self.client_id, data, self.session_id)


class NoteStructureForm(FormScreen[str]):
    """The structure new session notes are written in (a vault setting)."""

    FORM_TITLE = "How session notes are structured"
    SHORT = True
    HELP_TEXT = (
        "Chosen once for every new note: DAP (Data, Assessment, Plan), SOAP (Subjective, "
        "Objective, Assessment, Plan) or BIRP (Behavior, Intervention, Response, Plan). Notes "
        "begun earlier keep theirs. " + FormScreen.HELP_TEXT
    )

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose_fields(self) -> ComposeResult:
        options = [(label, key) for key, label in rules.STRUCTURE_CHOICES]
        yield from field(
            "Structure",
            Select(options, value=self.current, allow_blank=False, id="structure"),
        )

    def save(self, vault: Any, values: dict[str, Any]) -> str:
        from hrtui.store.settings import set_note_structure

        return set_note_structure(vault, values["structure"])
