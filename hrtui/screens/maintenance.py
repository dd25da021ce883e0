"""Vault and record care from inside the app: back up, change the passphrase, export one
client's whole record, delete one client permanently. Reached from the command palette
(Ctrl+P); each is a form with its messages next to the fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from hrtui.domain.passphrase import strength_hint
from hrtui.screens.form import FormScreen, field
from hrtui.store.errors import Invalid
from hrtui.widgets.toggles import Checkbox

NOT_ENCRYPTED = "The file is NOT encrypted: keep it safe and delete it when it is not needed."


class BackupForm(FormScreen[Path]):
    """Returns the path of the checked backup."""

    SAVE_WORD = "back up"

    FORM_TITLE = "Back up the vault"
    HELP_TEXT = (
        "Writes an encrypted copy of the whole vault (same passphrase) into a folder, e.g. a "
        "USB stick, checks that it opens and is sound, and only then reports success. "
        + FormScreen.HELP_TEXT
    )

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "Folder (or a new file name) for the backup",
            Input(id="dest", placeholder="e.g. /media/usb"),
            hint="The copy is named hrtui-backup-YYYYMMDD-HHMMSS.db; it is encrypted.",
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Path:
        from hrtui.store.maintenance import backup

        dest = (values["dest"] or "").strip()
        if not dest:
            raise Invalid({"dest": "Type a folder, e.g. /media/usb."})

        def progress(done: int, total: int) -> None:
            text = f"Copying {total:,} pages…" if done < total else "Checking the copy…"
            self.app.call_from_thread(self._show_progress, text)  # the DOM only on its thread

        return backup(vault, Path(dest).expanduser(), progress)

    def _show_progress(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)


class PassphraseForm(FormScreen[Any]):
    """Changes the passphrase; returns the vault reopened with the new one."""

    SAVE_WORD = "change it"

    FORM_TITLE = "Change the passphrase"
    HELP_TEXT = (
        "Type the current passphrase, then the new one twice. The vault is copied under the new "
        "key, checked, and only then put in place: if anything goes wrong, the current "
        "passphrase still works. " + FormScreen.HELP_TEXT
    )

    def compose_fields(self) -> ComposeResult:
        yield from field("Current passphrase", Input(password=True, id="old"))
        yield from field("New passphrase", Input(password=True, id="new"))
        yield Static("", id="strength", classes="field-hint")
        yield from field("New passphrase again", Input(password=True, id="repeat"))
        yield Static(
            "A forgotten passphrase cannot be recovered. Write it down somewhere safe.",
            classes="warning",
        )

    @on(Input.Changed, "#new")
    def _hint(self, event: Input.Changed) -> None:
        level, advice = strength_hint(event.value)
        self.query_one("#strength", Static).update("" if level == "empty" else advice)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import Vault, WrongPassphrase
        from hrtui.store.maintenance import change_passphrase
        from hrtui.store.vault import open_keyed

        old, new, repeat = values["old"], values["new"], values["repeat"]
        errors = {}
        if not old:
            errors["old"] = "Type the current passphrase."
        if not new:
            errors["new"] = "Choose a new passphrase."
        elif "\x00" in new:
            errors["new"] = "The passphrase cannot contain a NUL character."
        elif new == old:
            errors["new"] = "That is the current passphrase."
        elif new != repeat:
            errors["repeat"] = "The two new passphrases differ."
        if errors:
            raise Invalid(errors)
        path = vault.path
        try:
            open_keyed(path, old).close()
        except WrongPassphrase:
            raise Invalid({"old": "That is not the current passphrase."}) from None
        self.app.call_from_thread(setattr, self.app, "vault", None)
        vault.close()  # the change needs the file to itself
        try:
            change_passphrase(path, old, new)
        except BaseException:
            reopened = Vault.open(path, old)  # old-or-new: a failed change leaves the old one
            self.app.call_from_thread(setattr, self.app, "vault", reopened)
            raise
        return Vault.open(path, new)

    def _saved(self, result: Any) -> None:
        self.app.vault = result
        super()._saved(result)


class ExportRecordForm(FormScreen[Path]):
    """Writes one client's whole record (their right of access)."""

    SAVE_WORD = "export"

    HELP_TEXT = (
        "Writes everything recorded about this client (details, intake, goals, use log, "
        "reviews, sessions with their notes, appointments, disclosures) as JSON or Markdown, "
        "for their right of access or a referral. It asks who receives it, why, and whether "
        "the client consented, and keeps that in the record (the client view lists it). "
        + NOT_ENCRYPTED
    )

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client
        self.FORM_TITLE = f"Export the whole record of {client.code}"

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "File to write",
            Input(id="path", placeholder=f"e.g. ~/record-{self.client.code}.json"),
            hint=NOT_ENCRYPTED,
        )
        yield from field(
            "Format",
            Select(
                [("JSON (for programs)", "json"), ("Markdown (to read)", "markdown")],
                value="json",
                allow_blank=False,
                id="format",
            ),
        )
        yield from field("Replace it if the file exists", Checkbox(id="overwrite"))
        from hrtui.screens.sessions import disclosure_fields

        yield from disclosure_fields()

    def save(self, vault: Any, values: dict[str, Any]) -> Path:
        from hrtui.export import export_data, to_json, to_markdown
        from hrtui.files import target_path, write_private_file
        from hrtui.screens.sessions import disclosure_from
        from hrtui.store.sessions import checked_disclosure, withdraw_disclosures

        disclosure = disclosure_from(values)
        problems: dict[str, str] = {}
        try:
            checked_disclosure(disclosure)
        except Invalid as exc:
            problems.update(exc.errors)
        try:
            path = target_path(values["path"], bool(values["overwrite"]))
        except Invalid as exc:
            problems = {**exc.errors, **problems}
        if problems:
            raise Invalid(problems)
        recorded: list[int] = []
        data = export_data(vault, self.client.code, disclosure, values["format"], recorded)
        text = to_json(data) if values["format"] == "json" else to_markdown(data)
        try:
            return write_private_file(path, text)
        except OSError as exc:
            withdraw_disclosures(vault, recorded)
            raise Invalid({"path": f"Cannot write there: {exc.strerror or exc}."}) from None


class DeleteClientForm(FormScreen[Any]):
    """Deletes the client permanently once their code is typed again."""

    SAVE_WORD = "delete"

    HELP_TEXT = (
        "Deletes this client and everything recorded about them, for good: there is no undo "
        "and no copy is kept (backups you made earlier still hold it). Type the client code to "
        "confirm. The audit trail keeps only that a record was deleted, and when. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client
        self.FORM_TITLE = f"Delete {client.code} permanently"

    def compose_fields(self) -> ComposeResult:
        yield Static(
            "Everything recorded about this client will be deleted for good: details, intake, "
            "goals, use log and reviews. To keep the record but hide it, archive instead "
            "(Ctrl+R).",
            classes="warning",
        )
        yield from field(
            f"Type the client code ({self.client.code}) to confirm", Input(id="confirm")
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.maintenance import delete_client

        return delete_client(vault, self.client.id, values["confirm"])
