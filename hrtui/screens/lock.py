"""The lock screen: opaque, with nothing of any client on it. The vault is closed and the key
dropped while it shows; the passphrase opens it again and returns to the same screen, with any
typed but unsaved form input still in place (it stays on the hidden screens, in memory only)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, LoadingIndicator, Static

from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer

if TYPE_CHECKING:
    from hrtui.app import HrtuiApp


class LockScreen(Screen[None]):
    HELP_TEXT = "hrtui is locked. Type the passphrase and press Enter to go back to your work."
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]
    AUTO_FOCUS = "#passphrase"

    def __init__(self, path: Path, reason: str = "") -> None:
        super().__init__()
        self.path = path
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="key-box"):
            yield Static("[b]hrtui is locked[/b]", classes="key-title")
            if self.reason:
                yield Static(self.reason, classes="field-hint")
            yield Label("Passphrase")
            yield Input(password=True, id="passphrase")
            yield FieldError(id="message")
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "locked"
        self.query_one(LoadingIndicator).display = False

    @on(Input.Submitted, "#passphrase")
    def submit(self, event: Input.Submitted) -> None:
        if not event.value:
            self.query_one("#message", Static).update("Type the passphrase first.")
            return
        self.query_one("#message", Static).update("")
        self.query_one(LoadingIndicator).display = True
        event.input.disabled = True
        self.open_vault(event.value)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def open_vault(self, passphrase: str) -> None:
        from hrtui.store import Vault

        try:
            vault = Vault.open(self.path, passphrase)
        except Exception as exc:  # shown as one line; never a traceback
            self.app.call_from_thread(self.refused, exc)
        else:
            self.app.call_from_thread(cast("HrtuiApp", self.app).unlocked, vault)

    def refused(self, exc: BaseException) -> None:
        from hrtui.screens.base import describe_error
        from hrtui.store import WrongPassphrase

        self.query_one(LoadingIndicator).display = False
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()
        text = "Wrong passphrase. Try again." if isinstance(exc, WrongPassphrase) else None
        self.query_one("#message", Static).update(text or describe_error(exc))
