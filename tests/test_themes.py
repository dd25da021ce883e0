"""Readable colours (issue #16, point 5): hrtui.themes raises every theme's text to WCAG AA
(4.5:1); the chosen theme's name is kept in the vault (hrtui.store.settings)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from hrtui import themes
from hrtui.app import HrtuiApp
from hrtui.domain.settings import stored_theme, theme_name_problem
from hrtui.store.errors import Invalid
from hrtui.store.settings import set_theme, theme

COLOURED = [
    name for name, t in sorted(BUILTIN_THEMES.items()) if not themes.uses_terminal_palette(t)
]


def variables_of(theme: Theme) -> dict[str, str]:
    generated = theme.to_color_system().generate()
    return themes.readable_variables({**generated, **theme.variables}, theme)


def auto(value: str, ground: Color) -> Color:
    """What Textual draws for "auto N%" on ``ground``."""
    alpha = float(value.split()[1].rstrip("%")) / 100
    return ground + ground.get_contrast_text(alpha)


@pytest.mark.parametrize("name", COLOURED)
def test_every_text_colour_of_a_theme_reads_on_its_backgrounds(name):
    theme = BUILTIN_THEMES[name]
    variables = variables_of(theme)
    grounds = themes.backgrounds(variables)
    low = []
    for var in themes.AUTO_VARIABLES:
        for ground in grounds:
            ratio = themes.contrast(auto(variables[var], ground), ground)
            if ratio < themes.AA:
                low.append(f"${var} on {ground.hex}: {ratio:.2f}")
    for var in themes.TEXT_VARIABLES:
        colour = Color.parse(variables[var])
        for ground in grounds:
            ratio = themes.contrast(ground + colour, ground)
            if ratio < themes.AA:
                low.append(f"${var} {colour.hex} on {ground.hex}: {ratio:.2f}")
    pairs = [("block-cursor-foreground", "block-cursor-background")] + [
        (f"hrtui-{kind}-button-text", f"hrtui-{kind}-button")
        for kind in ("primary", "error", "success", "warning")
    ]
    for fg, bg in pairs:
        ratio = themes.contrast(Color.parse(variables[fg]), Color.parse(variables[bg]))
        if ratio < themes.AA:
            low.append(f"${fg} on ${bg}: {ratio:.2f}")
    assert not low, f"{name}: text below 4.5:1: {low}"


def test_the_default_cursor_row_stays_blue_and_readable_on_256_colours():
    variables = variables_of(BUILTIN_THEMES[themes.DEFAULT_THEME])
    fg, bg = (Color.parse(variables[v]) for v in ("block-cursor-foreground",
                                                   "block-cursor-background"))  # fmt: skip
    assert fg == Color.parse("#ffffff")
    assert bg.rgb[2] > max(bg.rgb[:2])  # still blue
    shown = [themes._256(c) for c in (fg, bg)]
    assert themes.contrast(*shown) >= themes.AA


def test_ansi_themes_are_left_to_the_terminal():
    for ansi in BUILTIN_THEMES.values():
        if themes.uses_terminal_palette(ansi):
            generated = {**ansi.to_color_system().generate(), **ansi.variables}
            out = themes.readable_variables(generated, ansi)
            assert {k: v for k, v in out.items() if not k.startswith("hrtui-")} == generated


def test_on_a_16_colour_terminal_the_cursor_row_is_reverse_video(monkeypatch, tmp_path):
    """TERM=xterm: a mid blue cursor row became cyan under white text (about 2:1)."""
    app = HrtuiApp(tmp_path / "never-opened.db")
    monkeypatch.setattr(HrtuiApp, "is_headless", property(lambda self: False))
    app.console = Console(file=io.StringIO(), force_terminal=True, color_system="standard")
    variables = app.get_css_variables()
    assert variables["block-cursor-background"] == variables["foreground"]
    assert variables["block-cursor-foreground"] == variables["background"]
    app.console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    assert app.get_css_variables()["block-cursor-background"] != variables["foreground"]


@pytest.mark.parametrize("kind", ["dark", "light"])
def test_rich_s_named_colours_read_on_the_theme_s_backgrounds(kind):
    palette = themes.ANSI_DARK if kind == "dark" else themes.ANSI_LIGHT
    backgrounds = {0} if kind == "dark" else {7, 15}  # colours used behind text, not as text
    low = []
    for number in range(16):
        if number in backgrounds:
            continue
        colour = Color(*palette.ansi_colors[number])
        for ground in themes.ANSI_GROUNDS[kind]:
            ratio = themes.contrast(colour, Color.parse(ground))
            if ratio < themes.AA:
                low.append(f"colour {number} {colour.hex} on {ground}: {ratio:.2f}")
    assert not low


def test_dim_text_stays_dimmer_and_readable():
    dim = themes.ReadableDim()
    ground = Color.parse("#121212")
    [out] = dim.apply([Segment("not recorded", Style(color="#e0e0e0", dim=True))], ground)
    colour = Color.from_rich_color(out.style.color)
    assert not out.style.dim
    assert themes.contrast(colour, ground) >= themes.AA
    assert themes.luminance(colour) < themes.luminance(Color.parse("#e0e0e0"))  # still dimmer
    # a named colour is taken as the app draws it; reversed and default-coloured text is left
    [named] = dim.apply([Segment("x", Style(color="magenta", dim=True))], ground)
    assert themes.contrast(Color.from_rich_color(named.style.color), ground) >= themes.AA
    for style in (Style(color="#e0e0e0", dim=True, reverse=True), Style(dim=True)):
        [same] = dim.apply([Segment("x", style)], ground)
        assert same.style == style


def test_the_themes_offered_start_with_the_default_a_light_one_and_the_terminal_s_own():
    choices = themes.theme_choices(BUILTIN_THEMES)
    assert [name for name, _ in choices[:4]] == ["textual-dark", "textual-light", "ansi-dark",
                                                 "ansi-light"]  # fmt: skip
    assert dict(choices)["textual-dark"] == "dark, the default"
    assert dict(choices)["ansi-light"] == "the terminal's own colours, light"
    assert {name for name, _ in choices} == set(BUILTIN_THEMES)


# -- kept in the vault -------------------------------------------------------------------------


def test_the_theme_chosen_is_kept_in_the_vault(vault):
    assert theme(vault) is None  # not chosen: the default
    assert set_theme(vault, "textual-light") == "textual-light"
    assert theme(vault) == "textual-light"
    with pytest.raises(Invalid) as refused:
        set_theme(vault, "<b>light</b>")
    assert set(refused.value.errors) == {"theme"}
    assert theme(vault) == "textual-light"


@pytest.mark.parametrize("name", ["", "Light", "a" * 41, "x y", "-dark", "dark\n"])
def test_a_theme_name_that_is_not_one_is_refused_and_never_read_back(name):
    assert theme_name_problem(name)
    assert stored_theme(name) is None


def test_a_theme_name_is_read_back_as_stored():
    assert stored_theme("rose-pine-dawn") == "rose-pine-dawn"
    assert stored_theme(None) is None
