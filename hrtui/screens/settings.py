"""Settings kept in the vault: for now, how long the app may sit idle before it locks."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input

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

    def save(self, vault: Any, values: dict[str, Any]) -> int:
        from hrtui.store.settings import set_lock_minutes

        return set_lock_minutes(vault, values["lock_minutes"])
