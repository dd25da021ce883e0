"""F1 help and the palette list the app's keys, grouped, without a text field's editing keys; every
F-key action has a second key for terminals that take F-keys (issue #16)."""

from __future__ import annotations

from textual._xterm_parser import XTermParser
from textual.command import CommandPalette
from textual.widgets import TabbedContent

from hrtui.demo import DEMO_PASSPHRASE
from hrtui.screens.help import HelpScreen
from hrtui.screens.roster import RosterScreen
from hrtui.screens.settings import SettingsForm
from hrtui.screens.unlock import UnlockScreen
from hrtui.screens.workspace import WorkspaceScreen

from .pilot import (
    make_app,
    open_workspace,
    running,
    screen_prose,
    screen_text,
    settle,
    type_text,
    unlock,
)

#: Keys of Textual's Input and TextArea, as F1 and the palette listed them before.
EDITOR_KEYS = (
    "Move cursor left", "Cursor left", "Copy selected text", "Delete character left",
    "Select all", "Paste", "Scroll Up", "Go to start",
)  # fmt: skip


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def no_editor_keys(text: str) -> None:
    for words in EDITOR_KEYS:
        assert words not in text, words


# -- F1 help ---------------------------------------------------------------------------------


async def test_help_on_the_unlock_screen_lists_the_apps_keys_not_the_editors(demo):
    async with running(demo) as (app, pilot):
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        no_editor_keys(text)
        assert text.index("This screen") < text.index("^q") < text.index("Everywhere")
        assert "F1 or Alt+H" in text


async def test_help_on_the_roster_groups_the_screens_keys_first(demo):
    async with running(demo, size=(80, 50)) as (app, pilot):  # the whole list in view
        await unlock(pilot, DEMO_PASSPHRASE)
        assert isinstance(app.screen, RosterScreen)  # its search field has the focus
        await press(pilot, "f1")
        text = screen_text(app)
        no_editor_keys(text)
        assert text.index("This screen") < text.index("Add a client") < text.index("Everywhere")
        assert text.index("Everywhere") < text.index("Lock hrtui now")
        for both in ("F1 or Alt+H", "F7 or Alt+N", "F9 or Alt+S"):
            assert both in text, both


async def test_help_in_the_workspace_shows_both_keys_of_every_tab(demo):
    async with running(demo, size=(80, 60)) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        await press(pilot, "f4")
        await press(pilot, "f1")
        text = screen_text(app)
        no_editor_keys(text)
        tab, workspace, everywhere = (
            text.index("This tab"),
            text.index("Workspace"),
            text.index("Everywhere"),
        )
        assert tab < text.index("Add a goal") < workspace < everywhere
        for both in (
            "F2 or Alt+1",
            "F3 or Alt+2",
            "F4 or Alt+3",
            "F5 or Alt+4",
            "F6 or Alt+5",
            "F10 or Alt+6",
            "F8 or Alt+C",
        ):
            assert workspace < text.index(both) < everywhere, both
        # F1 again closes it
        await press(pilot, "f1")
        assert isinstance(app.screen, WorkspaceScreen)


# -- the command palette ---------------------------------------------------------------------


async def test_the_palette_offers_no_editor_actions(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        for words in ("cursor", "copy", "select"):
            await press(pilot, "ctrl+p")
            assert isinstance(app.screen, CommandPalette)
            await type_text(pilot, words)
            await settle(pilot)
            await pilot.pause(0.2)  # the search runs as a task
            await settle(pilot)
            text = screen_prose(app)
            no_editor_keys(text)
            await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await type_text(pilot, "new cl")
        await pilot.pause(0.2)
        await settle(pilot)
        assert "Add a client (^n)" in screen_prose(app)  # the app's own are there


# -- second keys -----------------------------------------------------------------------------


def test_alt_and_a_digit_arrive_as_alt_and_the_digit(tmp_path):
    """Terminals send Alt+1 as Escape then "1"; read as alt+1 once the app is made (Textual's
    own table reads it as "¡")."""
    make_app(tmp_path / "vault.db")
    for digit in "123456":
        assert keys_read(f"\x1b{digit}") == [f"alt+{digit}"]
    assert keys_read("\x1bh") == ["alt+h"]
    assert keys_read("\x1b[21~") == ["f10"]
    assert keys_read("¡") == ["inverted_exclamation_mark"]  # typed on a Spanish keyboard


def keys_read(sequence: str) -> list[str]:
    """The keys Textual reads from ``sequence`` (then nothing more arrives)."""
    parser = XTermParser()
    events = [*parser.feed(sequence), *parser.feed("")]
    return [event.key for event in events]


async def test_alt_digits_show_the_tabs_and_alt_h_opens_help(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        tabs = app.screen.query_one(TabbedContent)
        for key, tab, seen in [
            ("alt+2", "intake", "In the client's words"), ("alt+3", "goals", "Aiming for"),
            ("alt+4", "uselog", "Calendar"), ("alt+5", "reviews", "Goals it touches"),
            ("alt+6", "timeline", "events, newest first"), ("alt+1", "details", "Client code"),
        ]:  # fmt: skip
            await press(pilot, key)
            assert tabs.active == f"tab-{tab}", key
            assert seen in screen_text(app), key
        await press(pilot, "alt+h")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape")
        await press(pilot, "alt+c")  # F8: the client view
        assert "client view" in screen_text(app)


async def test_alt_keys_for_names_and_settings_leave_typing_alone(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await press(pilot, "alt+n")  # F7
        assert "Marisol" not in screen_text(app) and "(name hidden)" in screen_text(app)
        await press(pilot, "alt+n")
        assert "Marisol" in screen_text(app)
        # the letters themselves still type into the search field
        await type_text(pilot, "hnsc1")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert "hnsc1" in screen_text(app)
        await press(pilot, "alt+s")  # F9
        assert isinstance(app.screen, SettingsForm)
