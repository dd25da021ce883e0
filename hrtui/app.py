"""The application: which screen comes first, global keys, lock and privacy, the palette.

Screens are imported when first needed, so the unlock screen paints before the storage stack
(SQLAlchemy) has loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widgets import Static

from hrtui import clock, themes

if TYPE_CHECKING:
    from hrtui.store import Vault

IDLE_CHECK_SECONDS = 1.0
#: The smallest terminal (columns, rows) the screens are laid out for: below it a notice says so.
MIN_SIZE = (80, 24)

#: What the client view never offers (F8: the screen is turned toward the client): actions that
#: open the settings, archive the client, write a file (the take-home plan) or quit. Refused
#: in :meth:`HrtuiApp.check_action` for the app's keys and in ``StoreCalls.check_action`` for
#: every screen's, pane's and dialog's, so the footer, F1 help and the palette leave them out
#: too. The palette's rare commands (export, delete, backup, passphrase) are left out as well:
#: see :meth:`HrtuiApp.palette_commands_of`.
#: Sessions (their notes are the counselor's) and deleting a goal are refused too.
CLIENT_VIEW_REFUSED = frozenset(
    {"settings", "quit", "archive", "write_plan", "session", "delete_goal"}
)


class SizeNotice(Static):
    """Covers the screen while the terminal is smaller than :data:`MIN_SIZE`."""

    DEFAULT_CSS = """
    SizeNotice {
        overlay: screen;
        position: absolute;
        offset: 0 0;
        width: 100vw;
        height: 100vh;
        padding: 0 2;
        content-align: center middle;
        text-align: center;
        text-style: bold;
        background: $background;
        color: $text;
    }
    """


def read_alt_digits() -> None:
    """Alt+1…Alt+6 show the workspace's tabs. Most terminals send Alt+1 as Escape then "1";
    Textual reads that pair as "¡" (what Option+1 types on a Mac, sent so by WezTerm on macOS),
    so Alt+digits would never arrive. Read as the terminals mean it: alt+1. (Terminals with
    the kitty keyboard protocol send alt+1 either way.) A private table of Textual:
    tests/screens/test_second_keys.py fails if an upgrade changes it."""
    from textual import _ansi_sequences

    # typed as a Mapping, but a dict that Textual reads at each key
    keys = cast("dict[str, object]", _ansi_sequences.ANSI_SEQUENCES_KEYS)
    for digit in "0123456789":
        keys.pop(f"\x1b{digit}", None)


class HrtuiApp(App[int]):
    TITLE = "hrtui"
    SUB_TITLE = "harm-reduction counseling"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        # priority: dialogs and forms are modal screens, which hold back the app's other keys.
        # Every F-key has a second key, for terminals that take the F-key (README: Terminals).
        Binding("f1,alt+h", "help", "Help", priority=True, tooltip="Keys and help for this screen"),
        Binding("ctrl+l", "lock", "Lock", priority=True, tooltip="Lock hrtui now"),
        Binding("f7,alt+n", "toggle_names", "Hide names", show=False, tooltip="Show codes only"),
        Binding("f9,alt+s", "settings", "Settings", show=False, tooltip="Auto-lock time"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    #: Names are masked everywhere (codes only), for when someone may look over a shoulder.
    names_hidden: reactive[bool] = reactive(False)
    #: The laptop is turned toward the client: one client only, no counselor-only notes.
    client_view: reactive[bool] = reactive(False)
    #: Rich's named colours ("magenta") in colours that read on the theme (hrtui/themes.py).
    ansi_theme_dark = Reactive(themes.ANSI_DARK, init=False)
    ansi_theme_light = Reactive(themes.ANSI_LIGHT, init=False)

    def __init__(
        self, vault_path: Path, *, demo: bool = False, lock_after: int | None = None
    ) -> None:
        super().__init__()
        read_alt_digits()
        self.vault_path = Path(vault_path)
        self.demo = demo
        self.lock_after_override = lock_after
        self.lock_after: int | None = lock_after
        self.vault: Vault | None = None
        self.locked = False
        self.last_input = clock.wall()
        self._after_unlock: list[Callable[[], None]] = []
        self._held_lock: Any = None  # the vault's lock while locked (see action_lock)

    def on_mount(self) -> None:
        from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen

        if self.vault_path.exists():
            self.push_screen(UnlockScreen(self.vault_path, demo=self.demo))
        else:
            self.push_screen(CreateVaultScreen(self.vault_path))
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(self._size_notice))

    # -- the terminal's size -----------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_later(self._size_notice)

    def _size_notice(self) -> None:
        """Below :data:`MIN_SIZE` a notice covers the screen in front (its labels would be cut);
        it goes once the terminal is large enough."""
        width, height = self.size
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        front = self.screen
        for screen in self.screen_stack:
            for notice in screen.query(SizeNotice):
                if not small or screen is not front:
                    notice.remove()
        if small and front.is_mounted:
            text = (f"Make the terminal at least {MIN_SIZE[0]}×{MIN_SIZE[1]} to use hrtui "
                    f"(it is {width}×{height} now).")  # fmt: skip
            shown = front.query(SizeNotice)
            if shown:
                shown.first().update(text)
            else:
                front.mount(SizeNotice(text))

    # -- unlocking and locking -------------------------------------------------------------

    def unlocked(self, vault: Vault) -> None:
        """Called by the unlock and lock screens once the vault is open."""
        from hrtui.screens.lock import LockScreen
        from hrtui.screens.roster import RosterScreen
        from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen
        from hrtui.store.settings import lock_after

        self.vault = vault
        self.last_input = clock.wall()
        self._let_go_of_the_lock()  # the vault holds its own again
        if getattr(vault, "read_only", False):
            self.notify(
                f"{self.vault_path} is read-only here: records can be read, but nothing can be "
                "saved. Copy the vault to a folder you may write to, or make a backup (Ctrl+P).",
                title="Read-only", severity="warning", timeout=30,
            )  # fmt: skip
        themes.restore_theme(self, vault)  # the theme chosen in this vault
        if self.lock_after_override is None:
            self.run_worker(
                lambda: self.call_from_thread(self._set_lock_after, lock_after(vault)),
                thread=True,
                exit_on_error=False,
            )
        # Help (F1) may have been opened over the lock or unlock screen while the key was
        # derived: it closes with the screen it explains.
        if self.locked:
            self._close_down_to(LockScreen)
            self.locked = False
            self.client_view = False
            self.pop_screen()
            pending, self._after_unlock = self._after_unlock, []
            for callback in pending:
                callback()
        else:
            self._close_down_to((UnlockScreen, CreateVaultScreen))
            self.switch_screen(RosterScreen())

    def _close_down_to(self, kind: type[Screen[Any]] | tuple[type[Screen[Any]], ...]) -> None:
        """Pop the screens above the topmost screen of ``kind`` (the bottom one stays)."""
        while not isinstance(self.screen, kind) and len(self.screen_stack) > 2:
            self.pop_screen()

    def _set_lock_after(self, seconds: int) -> None:
        self.lock_after = seconds

    def after_unlock(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` now, or once the app is unlocked again."""
        if self.locked:
            self._after_unlock.append(callback)
        else:
            callback()

    def action_lock(self, reason: str = "") -> None:
        """Close the vault (connections and key) and cover everything with the lock screen."""
        from hrtui.screens.lock import LockScreen

        if self.vault is None or self.locked:
            return
        self.locked = True
        vault, self.vault = self.vault, None
        self.clear_notifications()
        self.push_screen(LockScreen(self.vault_path, reason))
        # Locked, this window still has the vault "open": its lock stays held (taken before the
        # vault lets go of its own), so no restore or passphrase change replaces the file under
        # a counselor who will unlock and go on.
        self._held_lock = hold_open(self.vault_path)
        vault.close()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            events.Key
            | events.MouseDown
            | events.MouseScrollDown
            | events.MouseScrollUp
            | events.Paste,
        ):
            self.last_input = clock.wall()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Lock when idle too long, by wall clock: a laptop's sleep counts as idle time."""
        if self.vault is None or self.locked or not self.lock_after:
            return
        if clock.wall() - self.last_input >= self.lock_after:
            self.action_lock("Locked after a while without use.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # (Textual may ask before __init__ has finished: hence getattr.)
        locked, vault = getattr(self, "locked", False), getattr(self, "vault", None)
        if locked and action in {"command_palette", "settings", "toggle_names"}:
            return False
        if self.refused_in_client_view(action):
            return False
        return not (vault is None and action in {"settings", "toggle_names", "lock"})

    def refused_in_client_view(self, action: str) -> bool:
        """True if ``action`` is not for the client view and the client view is on (the one
        rule every screen's ``check_action`` asks)."""
        if action not in CLIENT_VIEW_REFUSED or getattr(self, "vault", None) is None:
            return False  # (no vault: locked, or not yet set up, so no client view either)
        return bool(self.client_view)

    def watch_client_view(self) -> None:
        # what the footer, F1 and the palette offer depends on it
        for screen in self.screen_stack:
            screen.refresh_bindings()

    # -- privacy ---------------------------------------------------------------------------

    def action_toggle_names(self) -> None:
        self.names_hidden = not self.names_hidden
        self.notify("Names hidden: codes only." if self.names_hidden else "Names shown.")

    def shown_name(self, name: str) -> str:
        """A client's name as it may be shown right now."""
        return "(name hidden)" if self.names_hidden else name

    def enter_client_view(self) -> None:
        self.client_view = True
        self.notify(
            "Client view: other clients and counselor notes are hidden. "
            "F8 and the passphrase leave it.",
            timeout=6,
        )

    def leave_client_view(self) -> None:
        """Leaving the client view takes the passphrase: the client may be at the keyboard."""
        self.action_lock("Type the passphrase to leave the client view.")

    # -- settings and help -----------------------------------------------------------------

    def action_settings(self) -> None:
        from hrtui.screens.settings import SettingsForm

        def saved(seconds: int | None) -> None:
            if seconds:
                if self.lock_after_override is None:
                    self.lock_after = seconds
                self.notify(f"hrtui will lock after {seconds // 60} idle minutes.")

        self.push_screen(SettingsForm(self.lock_after or 300), saved)

    def action_help(self) -> None:
        from hrtui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()  # F1 again closes it
        else:
            self.push_screen(HelpScreen(self.screen))

    def get_key_display(self, binding: Binding) -> str:
        """F-keys as "F1", Alt keys as "Alt+1"; others as Textual shows them ("^l")."""
        if not binding.key_display:
            modifiers, key = binding.parse_key()
            if not modifiers and key[:1] == "f" and key[1:].isdigit():
                return key.upper()
            if modifiers == ["alt"] and len(key) == 1:
                return f"Alt+{key.upper()}"
        return super().get_key_display(binding)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers the current screen's actions and the app's own.

        Textual's defaults are left out on purpose: "save screenshot" would write client data
        to disk unencrypted.
        """
        from hrtui.widgets.footer import app_keys

        seen: set[str] = set()
        for _, keys in app_keys(screen):  # the app's own keys: no text editor's
            for key in keys:
                if not key.enabled or key.description in seen:
                    continue
                seen.add(key.description)
                yield SystemCommand(
                    key.description, f"{key.tooltip} ({key.display})",
                    lambda node=key.node, action=key.action: self.run_action(action, node),
                )  # fmt: skip
        for title, help_text, callback in self.palette_commands_of(screen):
            yield SystemCommand(title, help_text, callback)
        if self.locked or self.vault is None or self.client_view:
            return
        yield SystemCommand("Back up the vault", "An encrypted, checked copy", self.backup)
        yield SystemCommand(
            "Change the passphrase", "Copy under a new key, then swap", self.change_passphrase
        )
        yield SystemCommand("Change theme", "Colours: dark, light or the terminal's own",
                            self.choose_theme)  # fmt: skip

    def choose_theme(self) -> None:
        from hrtui.screens.theme import ThemeScreen

        self.push_screen(ThemeScreen())

    # -- readable colours (WCAG AA): hrtui/themes.py ------------------------------------------

    def get_css_variables(self) -> dict[str, str]:
        variables = themes.readable_variables(super().get_css_variables(), self.current_theme)
        if not self.is_headless and self.console.color_system == "standard":  # TERM=xterm
            variables = themes.reverse_cursor(variables)
        self.theme_variables = variables
        return variables

    def get_line_filters(self) -> list[LineFilter]:
        return [READABLE_DIM, *super().get_line_filters()]  # before dim is blended away

    def palette_commands_of(self, screen: Screen[Any]) -> list[tuple[str, str, Any]]:
        """The screen's rare actions offered by the palette only (and listed by F1): none while
        locked or in the client view (they export, delete or leave the client)."""
        if self.locked or self.vault is None or self.client_view:
            return []
        return list(getattr(screen, "palette_commands", list)())

    def backup(self) -> None:
        from hrtui.screens.maintenance import BackupForm

        def written(path: object) -> None:
            if path:
                self.notify(f"Backup written and checked: {path}")

        self.push_screen(BackupForm(), written)

    def change_passphrase(self) -> None:
        from hrtui.screens.maintenance import PassphraseForm

        def changed(vault: object) -> None:
            if vault:
                self.notify("The passphrase is changed.")

        self.push_screen(PassphraseForm(), changed)

    def on_unmount(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        self._let_go_of_the_lock()

    def _let_go_of_the_lock(self) -> None:
        held, self._held_lock = self._held_lock, None
        if held is not None:
            held.release()

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Notifications show their text as written, never as markup (widgets' ``notify``
        passes ``markup=True``): they often quote what a person typed."""
        super().notify(message, markup=False, **kwargs)

    def action_help_quit(self) -> None:
        """Ctrl+C (outside a text field, where it copies) says how to quit. Textual's own hint
        is markup (``[b]ctrl+q[/b]``), which :meth:`notify` would show as typed."""
        if self.refused_in_client_view("quit"):
            self.notify("F8 and the passphrase leave the client view.")
        else:
            self.notify("Press Ctrl+Q to quit.", title="Do you want to quit?")

    def _fatal_error(self) -> None:
        # Textual's report of an unexpected error prints the traceback with its local
        # variables, which can hold a client's record, to the terminal: one line instead.
        # A private hook of Textual (App._handle_exception calls it), as are _begin_batch and
        # _driver below: tests/test_textual_internals.py fails if an upgrade changes them.
        self.bell()
        # Wipe the last frame (names, notes): leaving the alternate screen hides it, but a
        # terminal without one (GNU screen's default, tmux with alternate-screen off) keeps it
        # above the crash line. No frame is drawn after this (as when Textual shuts down).
        # Line by line: "erase the screen" makes tmux and others scroll it into the history.
        self._begin_batch()
        if self._driver is not None:
            rows = range(1, self.size.height + 1)
            self._driver.write("".join(f"\x1b[{row};1H\x1b[2K" for row in rows) + "\x1b[H")
            self._driver.flush()
        self.panic(Text(CRASH_LINE))  # printed on exit; the app closes at once


READABLE_DIM = themes.ReadableDim()

#: What the terminal shows after an unexpected error (never a traceback: it may quote records).
CRASH_LINE = (
    "hrtui stopped after an unexpected error. Everything saved before it is in the vault; "
    "open it again with the same command."
)


def hold_open(vault_path: Path) -> Any:
    """The vault's shared lock (:class:`hrtui.store.vault_lock.VaultLock`), or None where none
    can be had (a read-only folder: nothing can replace the vault there either)."""
    from hrtui.store.errors import VaultError
    from hrtui.store.vault_lock import VaultLock

    try:
        return VaultLock.take(vault_path, exclusive=False)
    except (OSError, VaultError):
        return None


def run_app(path: Path, *, demo: bool = False, lock_after: int | None = None) -> int:
    """Run the app; its exit code (1 after an unexpected error)."""
    app = HrtuiApp(path, demo=demo, lock_after=lock_after)
    app.run()
    return app.return_code or 0
