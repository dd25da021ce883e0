"""The key bar at the bottom of every screen, and the list of the app's keys it is drawn from.

:func:`app_keys` lists the keys the app itself declares for the screen in front (never the text
editor's keys of an Input or TextArea, nor Textual's scrolling keys), grouped as "This tab" or
"This screen", "Workspace" and "Everywhere", each action once with all its keys ("F2 or
Alt+1"). F1 help and the command palette show that list; the footer shows its keys marked
``show``.

Textual's Footer builds a widget per key and rebuilds them all whenever the screen's bindings
change (every focus change): about 1 ms a key on a modest machine, 20–25 ms when a workspace
tab brings its keys, and a new layout after it. This Footer draws the same line as text and only
repaints when what it shows changes. At 80 columns it shows Help (F1) and Lock first, then the
screen's own keys in order (Escape and moving keys last), as many whole ones as fit; every key
is in F1 and the palette. The command palette key sits at the right edge.

A click on a key presses it, as in Textual's Footer. Per-key tooltips are not shown; F1 lists
every key with its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

#: The app's actions the footer shows first, on every screen where they can be used.
FIRST = ("help", "lock")
#: Keys that move around (and Escape, which goes back): shown after the screen's other keys.
LATER = frozenset({"escape", "up", "down", "left", "right", "home", "end", "pageup", "pagedown"})
#: The groups of :func:`app_keys`, in order. A node (screen or widget) names its group with a
#: ``KEYS_HEADING`` attribute (the nearest one around the focus counts); the app's keys are
#: "Everywhere"; any other key belongs to "This screen".
THIS_SCREEN, WORKSPACE, EVERYWHERE = "This screen", "Workspace", "Everywhere"


@dataclass(frozen=True)
class Key:
    """One action the app offers on the screen in front, with every key that runs it."""

    keys: tuple[str, ...]  #: the keys as bound ("f2", "alt+1")
    shown_as: tuple[str, ...]  #: each key as shown ("F2", "Alt+1")
    description: str
    tooltip: str
    action: str
    node: Any  #: the app, screen or widget whose action it is
    enabled: bool
    show: bool  #: shown in the footer

    @property
    def display(self) -> str:
        """Every key of the action: "F2 or Alt+1"."""
        return " or ".join(self.shown_as)


@cache
def _declared(cls: type) -> frozenset[tuple[str, str]]:
    """(key, action) of the bindings that hrtui's own classes in ``cls``'s MRO declare (not
    those of Textual's widgets: an Input's cursor keys, a DataTable's, a scroll view's)."""
    own: set[tuple[str, str]] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("hrtui"):
            continue
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", [])):
            own.add((binding.key, binding.action))
    return frozenset(own)


def _heading(node: Any, app: Any) -> str:
    if node is app:
        return EVERYWHERE
    for around in node.ancestors_with_self:
        heading = getattr(around, "KEYS_HEADING", None)
        if heading:
            return str(heading)
    return THIS_SCREEN


def app_keys(screen: Any) -> list[tuple[str, list[Key]]]:
    """The app's own keys for ``screen`` as (heading, keys) groups: the screen's (or tab's)
    first, then the workspace's, then those that work everywhere. On a dialog, "Everywhere"
    holds the app's keys that work over dialogs (Help, Lock, Quit)."""
    app = screen.app
    found: dict[tuple[int, str], dict[str, Any]] = {}
    entries: list[tuple[Any, Binding, bool]] = [
        (active.node, active.binding, active.enabled) for active in screen.active_bindings.values()
    ]
    if screen.is_modal:  # the app's keys with priority reach over a dialog
        for binding in Binding.make_bindings(app.BINDINGS):
            if binding.priority and app.check_action(binding.action, ()) is not False:
                entries.append((app, binding, True))
    for node, binding, enabled in entries:
        if not binding.description or binding.system:
            continue
        node_class: type = type(node)  # mypy sees type[Any] as not Hashable; a class is
        if (binding.key, binding.action) not in _declared(node_class):
            continue
        entry = found.setdefault((id(node), binding.action), {
            "keys": [], "shown_as": [], "binding": binding, "node": node, "enabled": enabled,
        })  # fmt: skip
        if binding.key not in entry["keys"]:
            entry["keys"].append(binding.key)
            entry["shown_as"].append(app.get_key_display(binding))
    groups: dict[str, list[Key]] = {}
    for entry in found.values():
        binding, node = entry["binding"], entry["node"]
        key = Key(
            keys=tuple(entry["keys"]), shown_as=tuple(entry["shown_as"]),
            description=binding.description, tooltip=binding.tooltip or binding.description,
            action=binding.action, node=node, enabled=entry["enabled"], show=binding.show,
        )  # fmt: skip
        groups.setdefault(_heading(node, app), []).append(key)
    rank = {THIS_SCREEN: 0, WORKSPACE: 2, EVERYWHERE: 3}  # a tab's keys (1) come first too
    return [(heading, groups[heading]) for heading in sorted(groups, key=lambda h: rank.get(h, 1))]


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
        """(key, shown as, description, enabled, is the palette key) for each key shown, in
        the order they are shown: Help and Lock, the screen's keys, Escape and moving keys."""
        app = self.app
        screen = self.screen
        first: dict[str, tuple[str, str, str, bool, bool]] = {}
        middle: list[tuple[str, str, str, bool, bool]] = []
        later: list[tuple[str, str, str, bool, bool]] = []
        for _, keys in app_keys(screen):
            for key in keys:
                if not key.show:
                    continue
                entry = (key.keys[0], key.shown_as[0], key.description, key.enabled, False)
                if key.node is app and key.action in FIRST:
                    first[key.action] = entry
                elif key.keys[0] in LATER:
                    later.append(entry)
                else:
                    middle.append(entry)
        leading = [first[action] for action in FIRST if action in first]
        palette: list[tuple[str, str, str, bool, bool]] = []
        active = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if active is not None:
            binding, enabled = active.binding, active.enabled
        elif screen.is_modal:  # the palette's key has priority: it reaches over a dialog too
            binding = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "palette",
                              key_display=app.COMMAND_PALETTE_DISPLAY)  # fmt: skip
            enabled = app.check_action("command_palette", ()) is not False
        if (
            (active is not None or screen.is_modal)
            and self.show_command_palette
            and (app.ENABLE_COMMAND_PALETTE)
        ):
            palette.append((binding.key, app.get_key_display(binding), binding.description,
                            enabled, True))  # fmt: skip
        return tuple(leading + middle + later + palette)

    @property
    def descriptions(self) -> list[str]:
        """What each shown key does, in order (the palette key last)."""
        return [description for _, _, description, _, _ in self._shown]

    def _part(self, entry: tuple[str, str, str, bool, bool]) -> Text:
        key, shown_as, description, enabled, _ = entry
        meta = {"footer_key": key}
        key_style = self.get_component_rich_style("footer-key--key") + Style.from_meta(meta)
        text_style = self.get_component_rich_style("footer-key--description")
        text = Text.assemble((shown_as, key_style), (f" {description}", text_style + (
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
        right = Text(no_wrap=True)
        for entry in self._shown:
            if entry[4]:
                right.append(" │ ", style=Style(dim=True))
                right.append_text(self._part(entry))
                right.append(" ")
        room = max(0, width - right.cell_len)
        parts = [self._part(entry) for entry in self._shown if not entry[4]]
        # whole keys only: those that do not fit are left out (F1 and the palette list them);
        # two spaces between keys, one where that shows more of them
        left = max((self._fill(parts, room, gap) for gap in (2, 1)), key=lambda t: t[0])[1]
        left.pad_right(room - left.cell_len)
        segments = [*left.render(console, end=""), *right.render(console, end="")]
        strip = Strip(Segment.apply_style(segments, base))
        return strip.adjust_cell_length(width, base).simplify()

    @staticmethod
    def _fill(parts: list[Text], room: int, gap: int) -> tuple[int, Text]:
        """As many of ``parts`` as fit ``room``, ``gap`` spaces apart: (how many, the line)."""
        line = Text(no_wrap=True)
        count = 0
        for part in parts:
            space = " " * (gap if count else 1)
            if line.cell_len + len(space) + part.cell_len > room:
                break
            line.append(space)
            line.append_text(part)
            count += 1
        return count, line

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("footer_key") if event.style else None
        if key:
            event.stop()
            self.app.simulate_key(key)
