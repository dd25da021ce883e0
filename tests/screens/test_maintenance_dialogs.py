"""Backup, passphrase change, export of one record and deletion, from inside the app."""

from __future__ import annotations

import json
import stat
from contextlib import closing
from datetime import datetime, time, timedelta

from helpers import vault_with_clients

from hrtui.domain.clients import ClientInput
from hrtui.screens.maintenance import (
    BackupForm,
    DeleteClientForm,
    ExportRecordForm,
    PassphraseForm,
)
from hrtui.screens.roster import RosterScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault, WrongPassphrase
from hrtui.store.clients import audit_trail, list_roster
from hrtui.store.maintenance import backup

from .pilot import (
    choose,
    fill_in,
    line_with,
    open_workspace,
    palette,
    roster_codes,
    screen_prose,
    screen_text,
    settle,
    type_text,
    unlocked,
)

PASS = "lantern tide"


def seed(path):
    vault_with_clients(
        path, PASS,
        ClientInput("RIV-07", "Marisol", "she/her", "note"),
        ClientInput("OAK-12", "Devonte"),
    )  # fmt: skip


async def test_backup_from_the_palette_writes_a_checked_encrypted_copy(tmp_path, clock):
    path = tmp_path / "v.db"
    seed(path)
    usb = tmp_path / "usb"
    usb.mkdir()
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("f9")  # the settings say when the last backup was made
        await settle(pilot)
        assert "No backup made with hrtui yet" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "back up")
        assert isinstance(app.screen, BackupForm)
        assert "Ctrl+S back up · Esc cancel" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Type a folder" in screen_text(app)
        await type_text(pilot, str(usb))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("f9")
        await settle(pilot)
        assert "Last backup: today." in screen_text(app)
    copies = list(usb.glob("hrtui-backup-*.db"))
    assert len(copies) == 1
    assert not copies[0].read_bytes().startswith(b"SQLite format 3")
    with closing(Vault.open(copies[0], PASS)) as copy:
        assert sorted(r.code for r in list_roster(copy)) == ["OAK-12", "RIV-07"]


async def test_the_last_backup_is_named_by_its_day_on_any_day(tmp_path, any_day):
    """A backup made late yesterday evening is "yesterday", even less than 24 hours on."""
    path = tmp_path / "v.db"
    seed(path)
    made_at = datetime.combine(any_day.today - timedelta(days=1), time(23, 30))
    back_to = any_day.wall()
    any_day.shift(made_at.timestamp() - back_to)
    assert any_day.now().date() == made_at.date()
    with closing(Vault.open(path, PASS)) as vault:
        backup(vault, tmp_path)
    any_day.shift(back_to - any_day.wall())
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("f9")
        await settle(pilot)
        assert "Last backup: yesterday." in screen_prose(app)


async def test_passphrase_change_checks_the_old_one_and_keeps_working(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await palette(pilot, "change the passphrase")
        assert isinstance(app.screen, PassphraseForm)
        await fill_in(pilot, "not it", "brand new words", "brand new words")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not the current passphrase" in screen_text(app)
        field = app.screen.query_one("#old")
        field.value = ""
        field.focus()
        await type_text(pilot, PASS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert app.vault is not None
        # The app goes on working on the reopened vault.
        assert sorted(roster_codes(app)) == ["OAK-12", "RIV-07"]
    try:
        Vault.open(path, PASS).close()
        raise AssertionError("the old passphrase still opens the vault")
    except WrongPassphrase:
        pass
    Vault.open(path, "brand new words").close()


async def test_export_one_record_and_delete_a_client_from_the_workspace(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    out = tmp_path / "record.json"
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot, "riv")
        assert isinstance(app.screen, WorkspaceScreen)
        await palette(pilot, "export this client")
        assert isinstance(app.screen, ExportRecordForm)
        # the file, then (past the format and "replace") who receives it, why, and consent
        await type_text(pilot, str(out))
        await pilot.press("tab", "tab", "tab")
        await pilot.wait_for_scheduled_animations()  # the form scrolls to the focused field
        assert "Who receives it" in screen_text(app)  # scrolled into view with the focus
        await fill_in(pilot, "Dr Lee GP", "Referral")
        await pilot.press("tab")
        await choose(pilot, "Yes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await palette(pilot, "delete this client")
        assert isinstance(app.screen, DeleteClientForm)
        # the key line and the footer say what Ctrl+S does here: delete, not "save"
        assert "Ctrl+S delete · Esc cancel" in screen_text(app)
        assert line_with(app, "^s", "Delete")
        await type_text(pilot, "OAK-12")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeleteClientForm)  # the wrong code is refused
        assert "That is not this client's code; nothing was deleted." in screen_prose(app)
        field = app.screen.query_one("#confirm")
        field.value = ""
        await type_text(pilot, "riv-07")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("escape")  # clear the search "riv"
        await pilot.pause()
        assert roster_codes(app) == ["OAK-12"]
    data = json.loads(out.read_text())
    assert [c["code"] for c in data["clients"]] == ["RIV-07"]
    assert {"intake", "goals", "uselog", "reviews"} <= set(data["clients"][0])
    # the export was recorded as a disclosure, as typed into the form, and is in the file
    assert [
        (d["recipient"], d["purpose"], d["consent"]) for d in data["clients"][0]["disclosures"]
    ] == [("Dr Lee GP", "Referral", "yes")]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with closing(Vault.open(path, PASS)) as vault:
        assert [e.action for e in audit_trail(vault, 1)][-2:] == ["exported", "deleted"]


async def test_client_view_offers_no_record_or_vault_actions(tmp_path):
    path = tmp_path / "v.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot)
        await pilot.press("f8")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any("Export" in t or "Delete" in t or "Back up" in t for t in titles)
