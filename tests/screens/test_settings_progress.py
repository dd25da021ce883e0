"""Settings (F9) for progress and sessions: the standard-drink size, the heavy-drinking day and
the note structure; the drinks table opened from there (Ctrl+D). Keys only, read off the screen.
"""

from __future__ import annotations

import re
from contextlib import closing

from helpers import vault_with_clients

from hrtui.domain.clients import ClientInput
from hrtui.screens.confirm import Confirm
from hrtui.screens.drinks import DrinkForm, DrinksScreen
from hrtui.screens.settings import SettingsForm
from hrtui.store import Vault
from hrtui.store import settings as settings_store
from hrtui.store.drinks import list_drinks

from .pilot import choose, line_with, running, screen_prose, settle, tab_to, type_text, unlock

PASS = "river stone lamp"


async def open_settings(pilot):
    await pilot.press("f9")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsForm)


async def test_drink_size_heavy_day_and_note_structure_are_shown_checked_and_kept(tmp_path, clock):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("AB1", "Sam"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await open_settings(pilot)
        await tab_to(pilot, "drink_size")
        text = screen_prose(app)
        assert "Standard drink size" in text and "10 g (WHO, Australia)" in text  # the default
        await choose(pilot, "14")
        await tab_to(pilot, "heavy_day")
        assert "WHO: 60 g or more" in screen_prose(app)
        await choose(pilot, "A number")
        await tab_to(pilot, "heavy_drinks")
        await type_text(pilot, "0")  # out of range: refused next to the field
        await tab_to(pilot, "note_structure")
        await choose(pilot, "SOAP")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)
        await tab_to(pilot, "heavy_drinks")
        assert "above 0 and up to 50" in screen_prose(app)
        await pilot.press("backspace")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsForm)

        await open_settings(pilot)  # opens again on what was kept
        await tab_to(pilot, "drink_size")
        assert "14 g (United States)" in screen_prose(app)
        await tab_to(pilot, "note_structure")
        text = screen_prose(app)
        assert "A number of standard drinks (below)" in text
        assert re.search(r"standard drinks or more \W+ 5 ", text), text
        assert "SOAP: Subjective, Objective, Assessment, Plan" in text
    with closing(Vault.open(path, PASS)) as vault:
        assert settings_store.drink_size(vault).key == "us"
        assert settings_store.heavy_day(vault).key == "drinks:5"
        assert settings_store.note_structure(vault) == "soap"


async def test_the_drinks_table_lists_adds_changes_and_removes_drinks(tmp_path, clock):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("AB1", "Sam"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await open_settings(pilot)
        await tab_to(pilot, "drink_size")
        await choose(pilot, "14")  # the table counts in the size chosen, saved or not
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, DrinksScreen)
        assert "US standard drinks of 14 g" in screen_prose(app)
        row = line_with(app, "cans of beer")
        assert re.search(r"cans of beer +355 +5% +1 ", row), row  # 14.005 g / 14 g

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, DrinkForm)
        await type_text(pilot, "cans of lager")
        await pilot.press("tab")
        await type_text(pilot, "500")
        await pilot.press("tab")
        await type_text(pilot, "101")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DrinkForm)  # 101% is refused, next to the field
        assert "up to 100 %" in screen_prose(app)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DrinksScreen)
        row = line_with(app, "cans of lager")
        assert "500" in row and "1.41" in row, row  # 19.725 g / 14 g

        await pilot.press("enter")  # the new drink is selected: change it
        await settle(pilot)
        assert isinstance(app.screen, DrinkForm)
        assert "Change 'cans of lager'" in screen_prose(app)
        await pilot.press("tab")
        await type_text(pilot, "440")  # the field's text is selected: typing replaces it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "440" in line_with(app, "cans of lager")

        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DrinksScreen)
        assert line_with(app, "cans of lager") == ""
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)
    with closing(Vault.open(path, PASS)) as vault:
        units = [d.unit for _, d in list_drinks(vault)]
        assert "cans of lager" not in units and "cans of beer" in units
        assert settings_store.drink_size(vault).key == "who"  # the form was not saved
