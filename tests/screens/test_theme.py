"""Choosing the colour theme (issue #16, point 5): from the palette ("Change theme") or from
Settings (F9, Ctrl+T); kept in the vault's settings and applied after unlocking, the default
before. Keys only; what is checked is on the screen (its words, and its colours as the
terminal would draw them)."""

from __future__ import annotations

import re
from collections import Counter

from helpers import vault_with_clients
from textual.color import Color

from hrtui.domain.clients import ClientInput
from hrtui.screens.settings import SettingsForm
from hrtui.screens.theme import ThemeScreen
from hrtui.themes import DEFAULT_THEME, luminance

from .pilot import line_with, palette, running, screen_prose, settle, unlock

PASS = "theme pass phrase"


def looks_light(app) -> bool:
    """Whether the screen is light: the colour most of it is painted in."""
    rects = re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"[^>]*crispEdges', app.export_screenshot())
    fills = Counter(rects)
    return luminance(Color.parse(fills.most_common(1)[0][0])) > 0.4


async def choose_theme(pilot, name: str) -> None:
    """In the theme list: Down until ``name`` is highlighted (each is shown at once), Enter."""
    for _ in range(40):
        if pilot.app.theme == name:
            break
        await pilot.press("down")
        await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_changes_the_theme_and_the_vault_keeps_it(tmp_path, clock):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("AB1", "Sam"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        assert not looks_light(app)  # the default is dark
        await palette(pilot, "Change theme")
        assert isinstance(app.screen, ThemeScreen)
        prose = screen_prose(app)
        for offered in ("textual-dark dark, the default (in use)", "textual-light light",
                        "ansi-dark the terminal's own colours"):  # fmt: skip
            assert offered in prose
        await choose_theme(pilot, "textual-light")
        assert not isinstance(app.screen, ThemeScreen)
        assert looks_light(app)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)
        assert "Theme: textual-light." in screen_prose(app)
        assert "^t Theme" in line_with(app, "Help", "Lock")  # the key, in the footer

    # the next start: the default until the vault is open, then the theme kept in it
    async with running(path) as (app, pilot):
        await settle(pilot)
        assert not looks_light(app)
        await unlock(pilot, PASS)
        await settle(pilot)
        assert looks_light(app)


async def test_settings_ctrl_t_chooses_and_escape_goes_back_to_the_theme_there_was(tmp_path, clock):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("AB1", "Sam"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await pilot.press("f9")
        await settle(pilot)
        assert f"Theme: {DEFAULT_THEME}." in screen_prose(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, ThemeScreen)
        await pilot.press("down")  # the light theme, shown at once
        await settle(pilot)
        assert looks_light(app)
        await pilot.press("escape")  # not kept: back to the theme there was
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)
        assert not looks_light(app)
        assert f"Theme: {DEFAULT_THEME}." in screen_prose(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await choose_theme(pilot, "textual-light")
        assert isinstance(app.screen, SettingsForm)
        assert "Theme: textual-light." in screen_prose(app)
        assert looks_light(app)

    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await settle(pilot)
        assert looks_light(app)
