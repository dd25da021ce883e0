"""The key bar at the bottom of every screen: one widget drawing one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever the screen's bindings
change (every focus change): about 1 ms a key on a modest machine, 20–25 ms when a workspace
tab brings its keys, and a new layout after it. This Footer draws the same line as text and only
repaints when what it shows changes: the keys with ``show=True`` of the focused widget and its
ancestors (disabled ones dimmed), and the command palette key at the right edge.

A click on a key presses it, as in Textual's Footer. Per-key tooltips are not shown; F1 lists
every key with its explanation. Keys that do not fit the width are cut at the right, the palette
key always shows.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget


class Footer(Widget, can_focus=False):
    """One line of key hints; see the module docstring."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "footer--disabled"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self._shown: tuple[Any, ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            self.refresh()

    def _keys(self) -> tuple[tuple[str, str, str, bool, bool], ...]:
        """(key, shown as, description, enabled, is the palette key) for each key shown."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        keys: list[tuple[str, str, str, bool, bool]] = []
        seen_actions: set[str] = set()
        palette_key = None
        for key, (_, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == palette:
                if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
                    palette_key = (binding.key, app.get_key_display(binding),
                                   binding.description, enabled, True)  # fmt: skip
                continue
            if not binding.show or binding.action in seen_actions:
                continue  # one key per action, as Textual's Footer shows
            seen_actions.add(binding.action)
            keys.append(
                (binding.key, app.get_key_display(binding), binding.description, enabled, False)
            )
        if palette_key is not None:
            keys.append(palette_key)
        return tuple(keys)

    @property
    def descriptions(self) -> list[str]:
        """What each shown key does, in order (the palette key last)."""
        return [description for _, _, description, _, _ in self._shown]

    def _part(self, entry: tuple[str, str, str, bool, bool]) -> Text:
        key, shown_as, description, enabled, _ = entry
        meta = {"footer_key": key}
        key_style = self.get_component_rich_style("footer-key--key") + Style.from_meta(meta)
        text_style = self.get_component_rich_style("footer-key--description")
        text = Text.assemble((f" {shown_as} ", key_style), (f"{description} ", text_style + (
            Style.from_meta(meta))))  # fmt: skip
        if not enabled:
            text.stylize(self.get_component_rich_style("footer--disabled"))
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y or width <= 0:
            return Strip.blank(width, base)
        console = self.app.console
        left = Text(no_wrap=True, overflow="ellipsis")
        right = Text(no_wrap=True)
        for entry in self._shown:
            if entry[4]:
                right.append("│", style=Style(dim=True))
                right.append_text(self._part(entry))
            else:
                left.append_text(self._part(entry))
        room = max(0, width - right.cell_len)
        left.truncate(room, overflow="ellipsis", pad=True)
        segments = [*left.render(console, end=""), *right.render(console, end="")]
        strip = Strip(Segment.apply_style(segments, base))
        return strip.adjust_cell_length(width, base).simplify()

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("footer_key") if event.style else None
        if key:
            event.stop()
            self.app.simulate_key(key)
