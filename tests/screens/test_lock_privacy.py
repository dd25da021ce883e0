"""Auto-lock, lock on a key, names hidden, client view, and the idle-time setting."""

from __future__ import annotations

from contextlib import closing

from helpers import vault_with_clients
from textual.command import CommandPalette
from textual.widgets import Input

from hrtui.domain.clients import ClientInput
from hrtui.screens.client_form import ClientForm
from hrtui.screens.lock import LockScreen
from hrtui.screens.roster import RosterScreen
from hrtui.screens.settings import SettingsForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store.settings import lock_after

from .pilot import (
    fill_in,
    open_workspace,
    roster_codes,
    screen_text,
    settle,
    type_text,
    unlock,
    unlocked,
    wait_until,
)

PASS = "quiet harbour"


def seed(path):
    vault_with_clients(
        path, PASS,
        ClientInput("RIV-07", "Marisol", "she/her", "Private counselor remark"),
        ClientInput("OAK-12", "Devonte"),
    )  # fmt: skip


async def test_ctrl_l_locks_closes_the_vault_and_shows_nothing_of_clients(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        assert "Marisol" in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.vault is None and app.locked
        text = screen_text(app)
        for secret in ("Marisol", "RIV-07", "Devonte", "OAK-12"):
            assert secret not in text
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await unlock(pilot, "wrong one")
        assert "Wrong passphrase" in screen_text(app)
        await unlock(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)
        assert app.vault is not None and not app.locked
        assert sorted(roster_codes(app)) == ["OAK-12", "RIV-07"]


async def test_unlock_returns_to_the_form_with_typed_input(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill_in(pilot, "NEW-9", "Half typed")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await unlock(pilot, PASS)
        assert isinstance(app.screen, ClientForm)
        assert app.screen.query_one("#code", Input).value == "NEW-9"
        assert app.screen.query_one("#display_name", Input).value == "Half typed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "NEW-9" in roster_codes(app)


async def test_idle_time_by_wall_clock_locks_and_a_key_press_starts_it_again(tmp_path, any_day):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS, lock_after=60) as (app, pilot):
        assert "Marisol" in screen_text(app)
        any_day.shift(50)
        await pilot.press("down")  # a key press: the idle time starts again
        any_day.shift(30)  # 80 s since the unlock, 30 s since the key
        app.lock_if_idle()
        await pilot.pause()
        assert not app.locked
        assert "Marisol" in screen_text(app) and "hrtui is locked" not in screen_text(app)
        # A laptop that slept: the wall clock jumped past the idle time, and the app's own
        # idle check (every second) locks it.
        any_day.shift(31)
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), what="no lock")
        await settle(pilot)
        assert app.vault is None
        text = screen_text(app)
        assert "hrtui is locked" in text and "Locked after a while without use." in text
        for secret in ("Marisol", "RIV-07", "Devonte", "OAK-12", "Private counselor remark"):
            assert secret not in text


async def test_results_arriving_while_locked_wait_for_unlock(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        seen = []
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.after_unlock(lambda: seen.append("delivered"))
        assert seen == []
        await unlock(pilot, PASS)
        assert seen == ["delivered"]


async def test_f7_hides_names_everywhere_and_search_cannot_reveal_them(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("f7")
        await pilot.pause()
        text = screen_text(app)
        assert text.count("(name hidden)") == 2
        assert "Marisol" not in text and "Devonte" not in text
        await type_text(pilot, "mari")
        await pilot.pause()
        assert roster_codes(app) == []
        await pilot.press("escape")
        await open_workspace(pilot, "riv")
        assert isinstance(app.screen, WorkspaceScreen)
        assert "Marisol" not in screen_text(app)
        await pilot.press("f7")
        await pilot.pause()
        assert "Marisol" in screen_text(app)


async def test_client_view_hides_notes_and_other_clients_until_the_passphrase(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot, "riv")
        assert "Private counselor remark" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert app.client_view
        assert "Private counselor remark" not in screen_text(app)
        await pilot.press("escape")  # no way back to the roster
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("f8")  # leaving asks for the passphrase
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await unlock(pilot, PASS)
        assert isinstance(app.screen, WorkspaceScreen) and not app.client_view
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)


async def test_settings_change_the_idle_time_and_keep_it_in_the_vault(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        assert app.lock_after == 300
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "0")
        await pilot.press("enter")
        await settle(pilot)
        assert "from 1 to 240" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "10")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert app.lock_after == 600
    with closing(Vault.open(path, PASS)) as vault:
        assert lock_after(vault) == 600


async def test_command_line_idle_time_wins_over_the_stored_one(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS, lock_after=45) as (app, pilot):
        assert app.lock_after == 45
