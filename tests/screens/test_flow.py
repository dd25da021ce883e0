"""Keyboard-only flows through the foundation screens."""

from __future__ import annotations

import hashlib
from contextlib import closing
from pathlib import Path

from helpers import vault_with_clients
from textual.widgets import Input

from hrtui.domain.clients import ClientInput
from hrtui.screens.client_form import ClientForm
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.roster import RosterScreen
from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault

from .pilot import (
    create_vault,
    fill_in,
    line_with,
    open_help,
    open_workspace,
    palette,
    roster_codes,
    running,
    screen_prose,
    screen_text,
    settle,
    type_text,
    unlock,
    unlocked,
    wait_until,
)

PASS = "river stone lamp"


async def add_via_form(pilot, code: str, name: str, pronouns: str = "") -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ClientForm)
    await fill_in(pilot, code, name, pronouns)
    await pilot.press("ctrl+s")
    await settle(pilot)


def seeded_vault(path, *clients: tuple[str, str]) -> None:
    vault_with_clients(path, PASS, *(ClientInput(code, name) for code, name in clients))


async def test_create_add_filter_open_back_and_reopen(tmp_path):
    path = tmp_path / "vault.db"
    async with running(path) as (app, pilot):
        assert isinstance(app.screen, CreateVaultScreen)
        await create_vault(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)

        await add_via_form(pilot, "RIV-07", "Dana", "she/her")
        await add_via_form(pilot, "OAK-3", "Marcus")
        assert isinstance(app.screen, RosterScreen)
        assert sorted(roster_codes(app)) == ["OAK-3", "RIV-07"]

        await type_text(pilot, "dan")  # the search field has focus
        await pilot.pause()
        assert roster_codes(app) == ["RIV-07"]

        await open_workspace(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert line_with(app, "RIV-07", "Dana", "she/her")  # the heading

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)

    async with running(path) as (app, pilot):
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)
        assert sorted(roster_codes(app)) == ["OAK-3", "RIV-07"]


async def test_create_refuses_empty_and_mismatched_passphrases(tmp_path, monkeypatch):
    # A short file name: at 80x24 a path that wraps pushes the message below the last row.
    monkeypatch.chdir(tmp_path)
    path = Path("vault.db")
    async with running(path) as (app, pilot):
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: "an empty one" in screen_text(app), what="no message")
        await type_text(pilot, "one thing")
        await pilot.press("enter")
        await type_text(pilot, "another")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "differ" in screen_text(app), what="no message")
        assert isinstance(app.screen, CreateVaultScreen)
        assert not path.exists()
        assert "recover" in screen_text(app)


async def test_strength_hint_follows_typing(tmp_path):
    async with running(tmp_path / "vault.db") as (app, pilot):
        await type_text(pilot, "password")
        await pilot.pause()
        assert "Weak" in screen_text(app) and "Strong" not in screen_text(app)
        await type_text(pilot, " violet harbour tram 1987")
        await pilot.pause()
        assert "Strong" in screen_text(app) and "Weak" not in screen_text(app)


async def test_wrong_passphrase_clears_field_and_leaves_file_alone(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    async with running(path) as (app, pilot):
        await unlock(pilot, "not it")
        assert isinstance(app.screen, UnlockScreen)
        assert "Wrong passphrase" in screen_text(app)
        field = app.screen.query_one("#passphrase", Input)
        assert field.value == "" and field.has_focus
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
        await unlock(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)


async def test_file_that_is_not_a_vault_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short name: a long path wraps in the middle of a word
    path = Path("notes.txt")
    path.write_text("just some text, not a vault\n")
    async with running(path) as (app, pilot):
        await unlock(pilot, "anything")
        text = screen_prose(app)
        assert "notes.txt cannot be opened" in text and "not an hrtui vault" in text
    assert path.read_text() == "just some text, not a vault\n"


async def test_form_shows_messages_next_to_fields_and_saves_nothing(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"))
    async with unlocked(path, PASS) as (app, pilot):
        await add_via_form(pilot, "ab1", "Someone")  # duplicate code (any case)
        assert isinstance(app.screen, ClientForm)
        assert "already in use" in screen_prose(app)
        await pilot.press("ctrl+a", "ctrl+k")  # focus went to the code field: clear it
        await type_text(pilot, "B!")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "letters, digits" in screen_prose(app)
        assert "already in use" not in screen_prose(app)  # the message is the new one
        # Escape with typed input asks first; Stay keeps the form.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert roster_codes(app) == ["AB1"]


async def test_unsaved_changes_can_be_saved_from_the_prompt(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path)
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill_in(pilot, "NEW-1", "Ari")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert roster_codes(app) == ["NEW-1"]


async def test_empty_form_closes_without_asking(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path)
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_edit_archive_and_show_archived(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"), ("CD2", "Lee"))
    async with unlocked(path, PASS) as (app, pilot):
        await type_text(pilot, "lee")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ClientForm)
        await pilot.press("tab", "end")
        await type_text(pilot, " R")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("escape")  # clear the search
        await pilot.pause()
        assert roster_codes(app) == ["AB1"]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert sorted(roster_codes(app)) == ["AB1", "CD2"]
    with closing(Vault.open(path, PASS)) as vault:
        from hrtui.store.clients import find_client

        lee = find_client(vault, "cd2")
        assert lee.display_name == "Lee R" and lee.archived


async def test_workspace_edit_and_archive(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"))
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("tab", "tab")  # to pronouns
        await type_text(pilot, "he/him")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert line_with(app, "AB1", "Sam", "he/him")  # the heading
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert line_with(app, "AB1", "Sam", "archived")


async def test_f1_lists_the_screens_keys(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"))
    async with unlocked(path, PASS) as (app, pilot):
        await open_help(pilot)
        descriptions = [what for _, what in app.screen.keys]
        assert "Add a client" in descriptions and "Show or hide archived clients" in descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_palette_offers_screen_actions_but_no_screenshot(tmp_path):
    path = tmp_path / "vault.db"
    seeded_vault(path, ("AB1", "Sam"))
    async with unlocked(path, PASS) as (app, pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "New client" in titles and "Archived" in titles
        assert not any("screenshot" in t.lower() for t in titles)
        await palette(pilot, "new client")
        assert isinstance(app.screen, ClientForm)
