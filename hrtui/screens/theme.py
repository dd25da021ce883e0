"""Choosing the colour theme: :class:`ThemeScreen`, from the palette ("Change theme") or from
Settings (Ctrl+T). The choice is kept in the vault's settings and applied after each unlock
(:mod:`hrtui.themes`)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hrtui.screens.base import VaultModal
from hrtui.themes import apply_theme, theme_choices


class ThemeScreen(VaultModal[str | None]):
    """Lists Textual's themes. Moving through the list shows each at once; Enter keeps the one
    highlighted (saved in the vault) and returns its name; Escape goes back to the theme there
    was and returns None."""

    HELP_TEXT = (
        "The colours of hrtui. Up and Down show each theme at once; Enter keeps it, in this "
        "vault's settings, so it comes back after every unlock (before the vault is unlocked "
        "the default shows). Escape goes back to the theme there was. The default "
        "(textual-dark) is checked for contrast: its text meets WCAG AA (4.5:1). The ANSI "
        "themes use your terminal's own colours: their contrast is the terminal's."
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ThemeScreen #themes { height: auto; max-height: 12; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.before = ""
        self._saving = False

    def compose(self) -> ComposeResult:
        self.before = self.app.theme
        options = []
        for name, words in theme_choices(self.app.available_themes):
            label = Text.assemble((name, "bold"), f"  {words}")
            if name == self.before:
                label.append("  (in use)")
            options.append(Option(label, id=name))
        with Vertical(classes="dialog"):
            yield Static("Theme", classes="dialog-title")
            yield OptionList(*options, id="themes")
            yield Static("Up/Down shows · Enter keeps · Esc goes back", classes="form-keys")

    def on_mount(self) -> None:
        themes = self.query_one("#themes", OptionList)
        themes.highlighted = themes.get_option_index(self.before)
        themes.focus()

    @on(OptionList.OptionHighlighted, "#themes")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        if not self._saving:
            apply_theme(self.app, event.option.id)

    @on(OptionList.OptionSelected, "#themes")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from hrtui.store.settings import set_theme

        name = event.option.id
        if name is None or self._saving:
            return
        self._saving = True
        apply_theme(self.app, name)
        self.call_store(set_theme, name, done=self._kept, failed=self._not_kept)

    def _kept(self, name: str) -> None:
        self.app.notify(f"Theme {name}: kept in this vault's settings.")
        self.dismiss(name)

    def _not_kept(self, exc: BaseException) -> bool:
        self._saving = False
        return False  # reported as one line by call_store

    def action_cancel(self) -> None:
        apply_theme(self.app, self.before)
        self.dismiss(None)
