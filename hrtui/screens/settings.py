"""Settings kept in the vault: for now, how long the app may sit idle before it locks; the
screen also says when the vault was last backed up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Static

from hrtui.domain.dates import friendly_day
from hrtui.domain.settings import MAX_LOCK_MINUTES, MIN_LOCK_MINUTES
from hrtui.screens.form import FormScreen, field


class SettingsForm(FormScreen[int]):
    """Returns the new idle time in seconds, or None if left unchanged."""

    FORM_TITLE = "Settings"
    HELP_TEXT = (
        "Auto-lock: after this many minutes without a key press hrtui locks itself (the "
        "command line's --lock-after overrides it for one run). " + FormScreen.HELP_TEXT
    )

    def __init__(self, lock_after_seconds: int) -> None:
        super().__init__()
        self.current = lock_after_seconds

    def compose_fields(self) -> ComposeResult:
        minutes = max(1, round(self.current / 60))
        yield from field(
            "Lock after this many idle minutes",
            Input(str(minutes), id="lock_minutes", max_length=4),
            hint=f"{MIN_LOCK_MINUTES}–{MAX_LOCK_MINUTES} minutes",
        )
        yield Static("", id="last-backup", classes="field-hint", markup=False)

    def on_mount(self) -> None:
        from hrtui.store.maintenance import last_backup

        super().on_mount()
        self.call_store(last_backup, done=self._show_backup)

    def _show_backup(self, when: datetime | None) -> None:
        how = 'Ctrl+P, "Back up the vault" makes an encrypted copy (e.g. on a USB stick).'
        text = (
            f"Last backup: {friendly_day(when)}. {how}" if when
            else f"No backup made with hrtui yet. {how}"
        )  # fmt: skip
        self.query_one("#last-backup", Static).update(text)

    def save(self, vault: Any, values: dict[str, Any]) -> int:
        from hrtui.store.settings import set_lock_minutes

        return set_lock_minutes(vault, values["lock_minutes"])
