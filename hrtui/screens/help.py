"""F1: what this screen is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The keys shown for ``screen``'s own bindings (and those of its focused widget)."""
    app = screen.app
    seen: set[str] = set()
    keys: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.description in seen or binding.system:
            continue
        seen.add(binding.description)
        keys.append((app.get_key_display(binding), binding.tooltip or binding.description))
    return keys


def help_text(screen: Screen) -> str:
    """The screen's HELP_TEXT, then that of each widget around the focus that has one. In the
    client view a node's CLIENT_VIEW_HELP, if it has one, stands for its HELP_TEXT (the help of
    the client view offers nothing the client view refuses)."""
    name = "CLIENT_VIEW_HELP" if getattr(screen.app, "client_view", False) else "HELP_TEXT"

    def text_of(node: object) -> str:
        return getattr(node, name, None) or getattr(node, "HELP_TEXT", "") or ""

    parts = [text_of(screen)]
    node = screen.focused
    inner: list[str] = []
    while node is not None and node is not screen:
        text = text_of(node)
        if text and text not in inner:
            inner.append(text)
        node = node.parent
    return "\n\n".join(p for p in [*parts, *reversed(inner)] if p)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.about = help_text(screen)
        self.keys = screen_keys(screen)
        commands = getattr(screen.app, "palette_commands_of", None)
        self.keys += [
            ("Ctrl+P", f"{title} (in the palette)")
            for title, _, _ in (commands(screen) if commands else [])
        ]
        self.title_text = screen.__class__.__name__

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in self.keys:
            table.add_row(key, what)
        with Vertical(classes="dialog help"):
            yield Static("[b]Help[/b] — Escape closes", classes="dialog-title")
            with VerticalScroll():
                if self.about:
                    yield Static(self.about, classes="help-about", markup=False)
                yield Static(table)
