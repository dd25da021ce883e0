"""F1: what this screen is for and every key it answers to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from hrtui.widgets.footer import Footer, app_keys


def screen_keys(screen: Screen) -> list[tuple[str, str, str]]:
    """(group, keys, what they do) for each of the app's own keys on ``screen``: the screen's
    (or tab's) first, then the workspace's, then those that work everywhere; a text field's
    editing keys are not among them (see :func:`hrtui.widgets.footer.app_keys`)."""
    return [
        (heading, key.display, key.tooltip) for heading, keys in app_keys(screen) for key in keys
    ]


def help_text(screen: Screen) -> str:
    """The screen's HELP_TEXT, then that of each widget around the focus that has one. In the
    client view a node's CLIENT_VIEW_HELP, if it has one, stands for its HELP_TEXT (the help of
    the client view offers nothing the client view refuses)."""
    name = "CLIENT_VIEW_HELP" if getattr(screen.app, "client_view", False) else "HELP_TEXT"

    def text_of(node: object) -> str:
        return getattr(node, name, None) or getattr(node, "HELP_TEXT", "") or ""

    parts = [text_of(screen)]
    node: DOMNode | None = screen.focused
    inner: list[str] = []
    while node is not None and node is not screen:
        text = text_of(node)
        if text and text not in inner:
            inner.append(text)
        node = node.parent
    return "\n\n".join(p for p in [*parts, *reversed(inner)] if p)


class HelpScreen(ModalScreen[None]):
    """The screen's help text, then its keys in groups: this screen's (or tab's), the
    workspace's, those that work everywhere, and the palette's commands."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen .help-keys {
        margin-bottom: 1;
    }
    """

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.about = help_text(screen)
        self.groups = screen_keys(screen)
        commands = getattr(screen.app, "palette_commands_of", None)
        self.groups += [
            ("In the command palette (Ctrl+P)", "", title)
            for title, _, _ in (commands(screen) if commands else [])
        ]
        #: (keys, what they do), in the order shown
        self.keys = [(keys, what) for _, keys, what in self.groups]
        self.title_text = screen.__class__.__name__

    def compose(self) -> ComposeResult:
        from rich.table import Table

        width = max((len(key) for _, key, _ in self.groups), default=0)
        with Vertical(classes="dialog help"):
            yield Static("[b]Help[/b] — Escape closes", classes="dialog-title")
            with VerticalScroll():
                if self.about:
                    yield Static(self.about, classes="help-about", markup=False)
                for heading in dict.fromkeys(group for group, _, _ in self.groups):
                    table = Table.grid(padding=(0, 2))
                    table.add_column(no_wrap=True, min_width=width)
                    table.add_column()
                    for group, key, what in self.groups:
                        if group == heading:
                            table.add_row(Text(key, style="bold"), Text(what))
                    yield Static(Text(heading, style="bold underline"), classes="help-heading")
                    yield Static(table, classes="help-keys")
        yield Footer()
