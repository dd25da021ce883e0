"""The look of hrtui: the colour themes a person may choose, and text readable in them.

The theme is chosen from the palette ("Change theme") or in Settings (F9, Ctrl+T), kept in the
vault's settings (:mod:`hrtui.store.settings`), and applied once the vault is unlocked; before
that, and in a vault where none was chosen, the default (:data:`DEFAULT_THEME`).

Text meets WCAG AA (a contrast of 4.5:1) in the default theme, and as far as colours allow in
Textual's other themes (``scripts/contrast.py`` checks the snapshot tests' screens). Textual's
themes leave some text below it: the cursor row (white on mid blue, 3.8:1), placeholders and
hints ("auto 38%"), inactive tabs, dim text. The fixes, in one place each:

- :func:`readable_variables` (called by ``HrtuiApp.get_css_variables``) darkens or lightens the
  cursor's background until its text reaches 4.5:1, raises the muted and placeholder text
  until they do on every background hrtui paints, and gives every coloured text variable
  ($text-error, the Markdown headings…) the contrast it lacks. On a terminal of 16 colours
  (``TERM=xterm``), where the blue cursor row became cyan under white text (about 2:1), the
  cursor row is drawn in reverse video instead (:func:`reverse_cursor`).
- ``hrtui/app.tcss`` uses these variables where Textual's widgets have a fixed "50%" grey.
- :class:`ReadableDim` draws dim text as a colour between the text and its background that
  still meets 4.5:1 (a terminal's own "dim" is often about 2:1).
- :data:`ANSI_DARK` / :data:`ANSI_LIGHT` (``HrtuiApp.ansi_theme_dark`` / ``_light``): the
  colours Rich's named colours ("magenta", "blue") are drawn in, each readable on the
  theme's backgrounds (the timeline's "Review" was 3.6:1).

The ANSI themes ("ansi-dark", "ansi-light") use the terminal's own palette: their contrast is
the terminal's, and nothing here changes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import BLACK, WHITE, Color
from textual.filter import LineFilter
from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

#: WCAG 2 AA for text; a little above it, so rounding never lands just under.
AA = 4.5
_AIM = 4.6

#: hrtui's default theme (Textual's own default: the snapshot tests show it).
DEFAULT_THEME = "textual-dark"
#: Offered first, in this order; then every other theme Textual has, by name.
FIRST = ("textual-dark", "textual-light", "ansi-dark", "ansi-light")


# -- the themes offered ----------------------------------------------------------------------


def uses_terminal_palette(theme: Theme) -> bool:
    """Whether ``theme`` draws in the terminal's own colours ("ansi-dark"). ``Theme.ansi``
    came after Textual 8.0.0, the floor pyproject.toml allows: there, no theme does."""
    return bool(getattr(theme, "ansi", False))


def describe(theme: Theme) -> str:
    """A few words on what a theme is, for the list to choose from."""
    if uses_terminal_palette(theme):
        return f"the terminal's own colours, {'dark' if theme.dark else 'light'}"
    words = "dark" if theme.dark else "light"
    if theme.name == DEFAULT_THEME:
        words += ", the default"
    return words


def theme_choices(available: Mapping[str, Theme]) -> list[tuple[str, str]]:
    """(name, description) of every theme, the default, a light one and the terminal's own
    first."""
    first = [name for name in FIRST if name in available]
    rest = sorted(name for name in available if name not in first)
    return [(name, describe(available[name])) for name in first + rest]


# -- contrast --------------------------------------------------------------------------------


def luminance(colour: Color) -> float:
    """Relative luminance of an opaque colour (WCAG 2)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour.rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: Color, bg: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _worst(fg: Color, backgrounds: Iterable[Color]) -> float:
    return min(contrast(bg + fg, bg) for bg in backgrounds)


def _toward(colour: Color, target: Color, backgrounds: list[Color]) -> Color:
    """``colour`` moved toward ``target`` in small steps until it reads on every background
    (or as far as it goes)."""
    for step in range(21):
        moved = colour.blend(target, step / 20, colour.a)
        if _worst(moved, backgrounds) >= _AIM:
            return moved
    return target.with_alpha(colour.a)


def _solid(value: str) -> Color | None:
    """A variable's value as a colour, or None if it is not one ("auto 60%", "ansi_red")."""
    try:
        colour = Color.parse(value)
    except Exception:  # noqa: BLE001 - Textual raises its own error types for non-colours
        return None
    return None if colour.ansi is not None else colour


def _auto_alpha(value: str) -> float | None:
    """The alpha of an "auto N%" value, or None."""
    parts = value.split()
    if len(parts) == 2 and parts[0] == "auto" and parts[1].endswith("%"):
        try:
            return float(parts[1][:-1]) / 100
        except ValueError:
            return None
    return None


#: Text colours of a theme that are drawn on its ordinary backgrounds.
TEXT_VARIABLES = (
    "text-primary", "text-secondary", "text-accent", "text-warning", "text-error",
    "text-success", "foreground-muted", "footer-key-foreground",
    *(f"markdown-h{n}-color" for n in range(1, 7)),
)  # fmt: skip
#: "auto N%" text: N is raised until the text reads on every background.
AUTO_VARIABLES = ("text", "text-muted", "text-disabled")


def backgrounds(variables: Mapping[str, str]) -> list[Color]:
    """The backgrounds hrtui paints text on: the screen, surfaces and panels, each also as a
    focused field draws it (5% of the foreground over it)."""
    foreground = _solid(variables.get("foreground", "")) or WHITE
    found = []
    for name in ("background", "surface", "panel"):
        colour = _solid(variables.get(name, ""))
        if colour is not None:
            found += [colour, colour + foreground.with_alpha(0.05)]
    return found


def readable_variables(variables: Mapping[str, str], theme: Theme) -> dict[str, str]:
    """The theme's CSS variables with text raised to 4.5:1 where it was below (see the module's
    docstring). ANSI themes come back unchanged: their colours are the terminal's."""
    out = dict(variables)
    grounds = backgrounds(variables)
    if uses_terminal_palette(theme) or not grounds:
        for kind in ("primary", "error", "success", "warning"):  # as Textual draws them there
            out[f"hrtui-{kind}-button"] = "ansi_default"
            out[f"hrtui-{kind}-button-text"] = out.get(kind, "ansi_default")
        return out
    toward = WHITE if theme.dark else BLACK
    for name in AUTO_VARIABLES:
        alpha = _auto_alpha(out.get(name, ""))
        if alpha is None:
            continue
        for percent in range(round(alpha * 100), 101):
            auto = [bg + bg.get_contrast_text(percent / 100) for bg in grounds]
            if min(contrast(fg, bg) for fg, bg in zip(auto, grounds, strict=True)) >= _AIM:
                break
        out[name] = f"auto {percent}%"
    for name in TEXT_VARIABLES:
        colour = _solid(out.get(name, ""))
        if colour is not None and _worst(colour, grounds) < _AIM:
            out[name] = _toward(colour, toward, grounds).hex
    out.update(_cursor(out, "block-cursor-background", "block-cursor-foreground"))
    # buttons with a coloured background (Save, Delete…): used by app.tcss
    for kind in ("primary", "error", "success", "warning"):
        cursor = _cursor(out, kind, "button-color-foreground")
        out[f"hrtui-{kind}-button"] = cursor[kind]
        out[f"hrtui-{kind}-button-text"] = cursor["button-color-foreground"]
    return out


def _cursor(variables: Mapping[str, str], bg_name: str, fg_name: str) -> dict[str, str]:
    """A background and its text (the cursor row, a coloured button) that reach 4.5:1, also
    on a 256-colour terminal: the text white or black as Textual's "auto" picks it, and the
    background moved away from it (kept in its hue) until it reads."""
    bg = _solid(variables.get(bg_name, ""))
    if bg is None or bg.a < 1:
        return {bg_name: variables.get(bg_name, ""), fg_name: variables.get(fg_name, "")}
    fg = bg.get_contrast_text(1.0)
    away = BLACK if fg == WHITE else WHITE
    for step in range(41):
        moved = bg.blend(away, step / 40)
        if contrast(fg, moved) >= _AIM and contrast(_256(fg), _256(moved)) >= AA:
            return {bg_name: moved.hex, fg_name: fg.hex}
    return {bg_name: away.hex, fg_name: fg.hex}  # pragma: no cover - white on black reads


def _256(colour: Color) -> Color:
    """The colour a 256-colour terminal shows for ``colour``."""
    shown = colour.rich_color.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return Color(*shown)


def reverse_cursor(variables: Mapping[str, str]) -> dict[str, str]:
    """For a terminal of 16 colours (``TERM=xterm``): the cursor row in reverse video, the
    theme's background on its foreground, which the terminal's own palette always keeps apart
    (its mid blue became cyan there, under white text: about 2:1)."""
    out = dict(variables)
    if _solid(out.get("foreground", "")) and _solid(out.get("background", "")):
        out["block-cursor-background"] = out["foreground"]
        out["block-cursor-foreground"] = out["background"]
        out["block-cursor-text-style"] = "bold"
    return out


# -- dim text -------------------------------------------------------------------------------


class ReadableDim(LineFilter):
    """Draws dim text in a colour between its own and its background's that still meets
    4.5:1. Textual blends dim text a third of the way into its background, and a terminal's
    own "dim" is often about 2:1; here dim stays visibly de-emphasised and readable. It runs
    before Textual's filters (which blend dim away). Left alone: reversed text (its colour is
    the background there) and text on the terminal's own colours (ANSI themes)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(style is not None and style.dim for _, style, _ in segments):
            return segments  # (most lines: nothing to do)
        return [self._segment(segment, background) for segment in segments]

    @staticmethod
    def _segment(segment: Segment, background: Color) -> Segment:
        style = segment.style
        if style is None or not style.dim or style.color is None or style.reverse:
            return segment
        bg = Color.from_rich_color(style.bgcolor) if style.bgcolor else background
        if bg.ansi is not None or style.color.is_default:
            return segment
        if style.color.triplet is None:  # a named colour: as the app draws it on this ground
            palette = ANSI_DARK if luminance(bg) < 0.2 else ANSI_LIGHT
            fg = Color(*style.color.get_truecolor(palette))
        else:
            fg = Color.from_rich_color(style.color)
        colour = _dimmed(fg.hex6, bg.hex6)
        return Segment(segment.text, style + Style(color=colour, dim=False), segment.control)


@lru_cache(maxsize=1024)
def _dimmed(fg: str, bg: str) -> str:
    """``fg`` moved halfway to ``bg``, or less: as far as 4.5:1 allows."""
    text, ground = Color.parse(fg), Color.parse(bg)
    for step in range(10, -1, -1):
        moved = text.blend(ground, step / 20)
        if contrast(moved, ground) >= _AIM:
            return moved.hex6
    return fg  # already below: not made worse


# -- Rich's named colours --------------------------------------------------------------------


def _palette(*colours: str) -> list[tuple[int, int, int]]:
    return [Color.parse(c).rgb for c in colours]


#: For dark themes: Textual's "Monokai" palette with the colours text is written in raised to
#: 4.5:1 on greys up to #2a2a2a (a panel, a focused field, a highlighted row): red and magenta
#: #f4005f → #f75997, blue #9d65ff → #ab7cff, bright black #625e4c → #98968a.
#: ``tests/test_themes.py`` checks every one.
ANSI_DARK = TerminalTheme(
    (12, 12, 12), (217, 217, 217),
    _palette("#1a1a1a", "#f75997", "#98e024", "#fd971f", "#ab7cff", "#f75997", "#58d1eb",
             "#c4c5b5"),
    _palette("#98968a", "#f75997", "#98e024", "#e0d561", "#ab7cff", "#f75997", "#58d1eb",
             "#f6f6ef"),
)  # fmt: skip
#: For light themes: Textual's "Alabaster" palette, raised to 4.5:1 on white down to #e0e0e0
#: (its white and bright white are backgrounds, not text, and stay).
ANSI_LIGHT = TerminalTheme(
    (247, 247, 247), (0, 0, 0),
    _palette("#000000", "#aa3731", "#33691d", "#795600", "#325cc0", "#7a3e9d", "#00688e",
             "#f7f7f7"),
    _palette("#5f5f5f", "#a83838", "#346f00", "#725429", "#0061a3", "#953195", "#006679",
             "#f7f7f7"),
)  # fmt: skip
#: What the two palettes' text colours are checked on (``tests/test_themes.py``).
ANSI_GROUNDS = {"dark": ("#0c0c0c", "#121212", "#2a2a2a"), "light": ("#ffffff", "#e0e0e0")}


# -- choosing, remembering, restoring --------------------------------------------------------


def apply_theme(app: App[Any], name: str | None) -> None:
    """Use the theme ``name`` if Textual has it (an unknown or missing one: leave it)."""
    if name and name in app.available_themes and app.theme != name:
        app.theme = name


def restore_theme(app: App[Any], vault: Any) -> None:
    """After unlocking: read the vault's chosen theme in a worker, then apply it."""
    from hrtui.store.settings import theme

    app.run_worker(
        lambda: app.call_from_thread(apply_theme, app, theme(vault)),
        thread=True,
        exit_on_error=False,
    )
