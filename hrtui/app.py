"""The application: which screen comes first, global keys, the command palette.

Screens are imported when first needed, so the unlock screen paints before the storage stack
(SQLAlchemy) has loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from hrtui.store import Vault


class HrtuiApp(App[int]):
    TITLE = "hrtui"
    SUB_TITLE = "harm-reduction counseling"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Keys and help for this screen"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(
        self, vault_path: Path, *, demo: bool = False, lock_after: int | None = None
    ) -> None:
        super().__init__()
        self.vault_path = Path(vault_path)
        self.demo = demo
        self.lock_after = lock_after
        self.vault: Vault | None = None

    def on_mount(self) -> None:
        from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen

        if self.vault_path.exists():
            self.push_screen(UnlockScreen(self.vault_path, demo=self.demo))
        else:
            self.push_screen(CreateVaultScreen(self.vault_path))

    def unlocked(self, vault: Vault) -> None:
        """Called by the unlock screens once the vault is open."""
        from hrtui.screens.roster import RosterScreen

        self.vault = vault
        self.switch_screen(RosterScreen())

    def action_help(self) -> None:
        from hrtui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers the current screen's actions, help and quit.

        Textual's defaults are left out on purpose: "save screenshot" would write client data
        to disk unencrypted.
        """
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or binding.description in seen:
                continue
            if not active.enabled:
                continue
            seen.add(binding.description)
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                lambda node=active.node, action=binding.action: self.run_action(action, node),
            )

    def on_unmount(self) -> None:
        if self.vault is not None:
            self.vault.close()
            self.vault = None


def run_app(path: Path, *, demo: bool = False, lock_after: int | None = None) -> int:
    HrtuiApp(path, demo=demo, lock_after=lock_after).run()
    return 0
