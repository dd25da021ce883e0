"""First run (create a vault) and unlock. Key derivation runs in a worker, never on the UI
thread; the passphrase lives only in the input until it is handed to the vault."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, LoadingIndicator, Select, Static

from hrtui.domain.passphrase import strength_hint
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer

if TYPE_CHECKING:
    from hrtui.app import HrtuiApp

NO_RECOVERY = (
    "There is no way to recover a forgotten passphrase: without it nobody, including you and "
    "us, can read these records. Write it down somewhere safe."
)


def preload_storage() -> None:
    """Load the storage stack while the person types (SQLAlchemy takes a moment to load),
    then what the roster's first paint would otherwise import on the interface thread."""
    from hrtui.store.warmup import warm_up

    warm_up()
    import rich._emoji_codes  # noqa: F401  (Rich loads it on the first markup with emoji)
    import textual.scrollbar  # noqa: F401  (the roster is the first screen that scrolls)

    import hrtui.screens.lock  # noqa: F401  (the app checks for it when unlocked)
    import hrtui.screens.roster  # noqa: F401


class _KeyScreen(Screen):
    """Shared parts: a worker that opens the vault, the busy state, the message line."""

    HELP_TEXT = ""
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    def __init__(self, path: Path, demo: bool = False) -> None:
        super().__init__()
        self.path = path
        self.demo = demo

    def on_mount(self) -> None:
        # after the first paint: the import would hold the interpreter while the screen draws
        self.call_after_refresh(
            self.run_worker, preload_storage, thread=True, group="preload", exit_on_error=False
        )

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.query_one(LoadingIndicator).display = busy
        status = self.query_one("#status", Static)
        status.update(text)
        status.display = bool(text)
        for widget in self.query("Input, Button, Select"):
            widget.disabled = busy

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def open_vault(self, passphrase: str, create: bool, drink_size: str = "") -> None:
        from hrtui.store import Vault, VaultError

        try:
            vault = (
                Vault.create(self.path, passphrase) if create else Vault.open(self.path, passphrase)
            )
            if create and drink_size:  # chosen in the create box; changeable in Settings
                from hrtui.store.settings import set_drink_size

                set_drink_size(vault, drink_size)
        except VaultError as exc:
            self.app.call_from_thread(self.refused, exc)
        except Exception as exc:  # never a traceback on screen; no client data in the text
            self.app.call_from_thread(self.refused, exc)
        else:
            # The roster's rows, read now in this thread: the roster then paints once, with
            # its clients, instead of empty first while it loads them (see RosterScreen).
            from hrtui.screens.roster import RosterScreen

            rows = RosterScreen.read_ahead(vault)
            self.app.call_from_thread(self._opened, vault, rows)

    def _opened(self, vault: Any, rows: Any) -> None:
        from hrtui.screens.roster import RosterScreen

        RosterScreen.hand_over(vault, rows)
        cast("HrtuiApp", self.app).unlocked(vault)

    def refused(self, exc: BaseException) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class CreateVaultScreen(_KeyScreen):
    HELP_TEXT = (
        "No vault exists at this path yet. Choose a passphrase, type it twice and press Enter. "
        "Standard drink: the size every alcohol figure counts in (10 g WHO and Australia, 14 g "
        "US, 13.45 g Canada, 8 g a UK unit); Settings (F9) can change it later. " + NO_RECOVERY
    )
    DEFAULT_CSS = """
    CreateVaultScreen #create-row { height: 1; }
    CreateVaultScreen #create-row Label { margin: 0 1 0 0; }
    CreateVaultScreen #drink_size { width: 30; margin-right: 2; height: 1; }
    CreateVaultScreen #drink_size:focus > SelectCurrent { background: $accent 40%; }
    """

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="key-box"):
            yield Static("[b]Create a new vault[/b]", classes="key-title")
            yield Static(f"File: {self.path}", classes="key-path", markup=False)
            yield Label("Passphrase")
            yield Input(password=True, id="passphrase")
            yield Static("", id="strength", classes="field-hint")
            yield Label("Type it again")
            yield Input(password=True, id="repeat")
            yield Static(NO_RECOVERY, classes="warning")
            yield FieldError(id="message")
            yield LoadingIndicator()
            yield Static("", id="status")
            with Horizontal(id="create-row"):  # one row: the box fits 80×24 with a message
                yield Label("Standard drink:")
                yield _drink_size_select()
                yield Button("Create vault", id="create", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_busy(False)
        self.query_one("#passphrase", Input).focus()
        # one row even when focused (the app's focus border would make it three, cut off)
        for part in self.query("#drink_size > SelectCurrent"):
            part.styles.border = ("none", "black")

    @on(Input.Changed, "#passphrase")
    def _hint(self, event: Input.Changed) -> None:
        level, advice = strength_hint(event.value)
        hint = self.query_one("#strength", Static)
        hint.update("" if level == "empty" else advice)
        hint.set_classes(f"field-hint strength-{level}")

    @on(Input.Submitted, "#passphrase")
    def _next(self) -> None:
        self.query_one("#repeat", Input).focus()

    @on(Input.Submitted, "#repeat")
    @on(Button.Pressed, "#create")
    def submit(self) -> None:
        first = self.query_one("#passphrase", Input)
        second = self.query_one("#repeat", Input)
        if not first.value:
            self.say("Choose a passphrase: an empty one would leave the records unprotected.")
            first.focus()
            return
        if "\x00" in first.value:
            self.say("The passphrase cannot contain a NUL character.")
            return
        if first.value != second.value:
            self.say("The two passphrases differ. Type the second one again.")
            second.value = ""
            second.focus()
            return
        self.say("")
        self.set_busy(True, "Creating the vault…")
        size = self.query_one("#drink_size", Select).value
        self.open_vault(first.value, create=True, drink_size=str(size))

    def refused(self, exc: BaseException) -> None:
        from hrtui.screens.base import describe_error

        self.set_busy(False)
        self.say(describe_error(exc))


def _drink_size_select() -> Select[str]:
    from hrtui.domain.drinks import DEFAULT_SIZE, SIZES

    return Select([(s.label, s.key) for s in SIZES], value=DEFAULT_SIZE, allow_blank=False,
                  compact=True, id="drink_size")  # fmt: skip


class UnlockScreen(_KeyScreen):
    HELP_TEXT = "Type the vault's passphrase and press Enter."

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="key-box"):
            yield Static("[b]Unlock the vault[/b]", classes="key-title")
            yield Static(f"File: {self.path}", classes="key-path", markup=False)
            if self.demo:
                yield Static(
                    "Demo vault of fictional clients: the passphrase is [b]demo[/b].",
                    classes="field-hint",
                )
            yield Label("Passphrase")
            yield Input(password=True, id="passphrase")
            yield FieldError(id="message")
            yield LoadingIndicator()
            yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_busy(False)
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def submit(self, event: Input.Submitted) -> None:
        if not event.value:
            self.say("Type the passphrase first.")
            return
        self.say("")
        self.set_busy(True, "Unlocking…")
        self.open_vault(event.value, create=False)

    def refused(self, exc: BaseException) -> Any:
        from hrtui.screens.base import describe_error
        from hrtui.store import WrongPassphrase

        self.set_busy(False)
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()
        if isinstance(exc, WrongPassphrase):
            self.say("Wrong passphrase. Try again.")
        else:
            self.say(describe_error(exc))
