"""Restore and passphrase change refuse while any hrtui has the vault open, whatever passphrase
the backup has: every open vault holds a shared lock on ``<vault>.lock``, and replacing the
vault needs it exclusively. (Without it, a restore from a backup with another passphrase went
ahead under a running app, which then saved into the file moved aside.)"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from helpers import clean_env, cli_env, hrtui, one_error_line, vault_with_clients

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, list_clients
from hrtui.store.errors import VaultBusy, VaultOpenElsewhere, WrongPassphrase
from hrtui.store.maintenance import backup, change_passphrase, restore
from hrtui.store.vault import Vault
from hrtui.store.vault_lock import VaultLock, lock_path, replacing

PASS = "counsel lamp river"
BACKUP_PASS = "the backup's own 'passphrase'"
NEW = "a brand new passphrase"
OPEN_ELSEWHERE = "hrtui has this vault open in another window"

HOLDER = """
import sys
from hrtui.store.vault import Vault
vault = Vault.open(sys.argv[1], sys.stdin.readline().rstrip("\\n"))
print("open", flush=True)
sys.stdin.readline()
vault.close()
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def codes(path: Path, passphrase: str = PASS) -> list[str]:
    with closing(Vault.open(path, passphrase)) as vault:
        return sorted(c.code for c in list_clients(vault))


@pytest.fixture
def db(tmp_path):
    """The counselor's vault (PASS) with two clients."""
    path = tmp_path / "data" / "hrtui.db"
    path.parent.mkdir()
    vault_with_clients(
        path, PASS, ClientInput("RIV-07", "Marisol"), ClientInput("OAK-12", "Devonte")
    )
    return path


@pytest.fixture
def other_backup(tmp_path):
    """A checked backup of another vault, with another passphrase (BACKUP_PASS)."""
    source = tmp_path / "elsewhere" / "old.db"
    source.parent.mkdir()
    vault_with_clients(source, BACKUP_PASS, ClientInput("BK-1", "From the backup"))
    with closing(Vault.open(source, BACKUP_PASS)) as vault:
        return backup(vault, tmp_path / "backup.db")


def untouched(db: Path, before: str) -> None:
    """The vault file is as it was, nothing was kept aside or left behind, and it still opens
    with the counselor's passphrase."""
    assert digest(db) == before
    assert not list(db.parent.glob("*.before-restore*"))
    assert not list(db.parent.glob(".*.tmp"))
    assert codes(db) == ["OAK-12", "RIV-07"]


@pytest.fixture
def holder(db):
    """Another process holding the vault open (as a running hrtui does): start(), close()."""

    class Holder:
        proc: subprocess.Popen[str] | None = None

        def start(self) -> None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", HOLDER, str(db)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=clean_env(db.parent),
            )
            self.proc.stdin.write(PASS + "\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline() == "open\n"

        def close(self) -> None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.wait(timeout=60) == 0

        def kill(self) -> None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=60)

    h = Holder()
    yield h
    if h.proc is not None and h.proc.poll() is None:
        h.proc.kill()
        h.proc.wait(timeout=60)


# -- in this process -----------------------------------------------------------------------


def test_restore_with_another_passphrase_is_refused_while_the_vault_is_open(db, other_backup):
    vault = Vault.open(db, PASS)
    try:
        with pytest.raises(VaultOpenElsewhere) as info:
            restore(other_backup, db, BACKUP_PASS)
        assert OPEN_ELSEWHERE in str(info.value) and str(db) in str(info.value)
        add_client(vault, ClientInput("NEW-1", "Saved after the refusal"))
    finally:
        vault.close()
    assert codes(db) == ["NEW-1", "OAK-12", "RIV-07"]  # saved into the vault, not aside
    result = restore(other_backup, db, BACKUP_PASS)  # once closed, restore works
    assert codes(db, BACKUP_PASS) == ["BK-1"]
    assert codes(result.kept) == ["NEW-1", "OAK-12", "RIV-07"]


def test_restore_refusal_changes_nothing(db, other_backup):
    before = digest(db)
    with closing(Vault.open(db, PASS)):
        with pytest.raises(VaultOpenElsewhere):
            restore(other_backup, db, BACKUP_PASS)
        assert digest(db) == before
    untouched(db, before)


def test_passphrase_change_is_refused_while_the_vault_is_open(db):
    before = digest(db)
    with closing(Vault.open(db, PASS)):
        with pytest.raises(VaultOpenElsewhere) as info:
            change_passphrase(db, PASS, NEW)
        assert OPEN_ELSEWHERE in str(info.value)
    untouched(db, before)
    change_passphrase(db, PASS, NEW)  # once closed, it works
    assert codes(db, NEW) == ["OAK-12", "RIV-07"]


def test_every_open_vault_counts_until_the_last_one_closes(db, other_backup):
    first, second = Vault.open(db, PASS), Vault.open(db, PASS)
    first.close()
    try:
        with pytest.raises(VaultOpenElsewhere):
            restore(other_backup, db, BACKUP_PASS)
    finally:
        second.close()
    restore(other_backup, db, BACKUP_PASS)
    assert codes(db, BACKUP_PASS) == ["BK-1"]


def test_while_the_vault_is_being_replaced_it_cannot_be_opened(db):
    with replacing(db):
        with pytest.raises(VaultBusy) as info:
            Vault.open(db, PASS)
        assert not isinstance(info.value, VaultOpenElsewhere)
        assert "passphrase change in progress" in str(info.value)
    assert codes(db) == ["OAK-12", "RIV-07"]


def test_the_lock_file_is_empty_private_and_gone_once_closed(db):
    lock = lock_path(db)
    assert lock == db.with_name("hrtui.db.lock")
    assert not lock.exists()
    with closing(Vault.open(db, PASS)) as vault:
        add_client(vault, ClientInput("SECRET-9", "A name that must stay inside the vault"))
        assert lock.read_bytes() == b""  # nothing but its existence
        assert stat.S_IMODE(lock.stat().st_mode) & 0o077 == 0
    assert not lock.exists()


def test_a_wrong_passphrase_leaves_no_lock_file_behind(db):
    with pytest.raises(WrongPassphrase):
        Vault.open(db, "not it")
    assert sorted(p.name for p in db.parent.iterdir()) == ["hrtui.db"]


def test_a_lock_file_left_by_a_crash_blocks_nothing(db, other_backup):
    lock_path(db).write_bytes(b"")  # as a killed hrtui leaves it: nobody holds the lock
    restore(other_backup, db, BACKUP_PASS)
    assert codes(db, BACKUP_PASS) == ["BK-1"]
    assert not lock_path(db).exists()


def test_a_lock_file_removed_while_being_taken_is_made_again(db, monkeypatch):
    """The last holder removes the file: whoever opened it just before takes their lock on
    a removed file, notices, and starts over with a new one."""
    from hrtui.store import vault_lock as vault_module

    real = vault_module._try_lock
    calls = []

    def racing(fd, exclusive):
        calls.append(exclusive)
        if len(calls) == 1:
            lock_path(db).unlink()  # the last holder let go and removed it meanwhile
        return real(fd, exclusive)

    monkeypatch.setattr(vault_module, "_try_lock", racing)
    lock = VaultLock.take(db, exclusive=False)
    try:
        assert len(calls) == 2 and lock_path(db).exists()
        monkeypatch.setattr(vault_module, "_try_lock", real)
        with pytest.raises(VaultOpenElsewhere):
            VaultLock.take(db, exclusive=True)  # the new file is the one held
    finally:
        lock.release()
    assert not lock_path(db).exists()


# -- in another process --------------------------------------------------------------------


def test_restore_and_passwd_are_refused_while_another_process_holds_the_vault(
    tmp_path, db, other_backup, holder
):
    before = digest(db)
    holder.start()
    with pytest.raises(VaultOpenElsewhere):
        restore(other_backup, db, BACKUP_PASS)
    with pytest.raises(VaultOpenElsewhere):
        change_passphrase(db, PASS, NEW)
    env = {"HRTUI_PASSPHRASE": BACKUP_PASS}
    result = hrtui(tmp_path, "restore", "--db", str(db), "--yes", str(other_backup), **env)
    assert result.returncode == 3
    assert OPEN_ELSEWHERE in one_error_line(result)
    assert digest(db) == before
    holder.close()
    untouched(db, before)
    result = hrtui(tmp_path, "restore", "--db", str(db), "--yes", str(other_backup), **env)
    assert result.returncode == 0, result.stderr
    assert codes(db, BACKUP_PASS) == ["BK-1"]


def test_a_killed_holder_lets_go_of_the_vault(db, other_backup, holder):
    holder.start()
    holder.kill()  # the OS drops the lock with the process; its lock file stays behind
    assert lock_path(db).exists()
    restore(other_backup, db, BACKUP_PASS)
    assert codes(db, BACKUP_PASS) == ["BK-1"]


# -- the command line asks nothing when it would be refused --------------------------------


def test_cli_refuses_before_asking_anything(tmp_path, db, other_backup, monkeypatch, capsys):
    cli_env(monkeypatch, tmp_path)
    asked: list[str] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "y")
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": asked.append(prompt) or PASS)
    before = digest(db)
    with closing(Vault.open(db, PASS)):
        assert cli.main(["restore", "--db", str(db), str(other_backup)]) == 3
        assert OPEN_ELSEWHERE in one_error_line(capsys.readouterr().err)
        assert cli.main(["passwd", "--db", str(db)]) == 3
        assert OPEN_ELSEWHERE in one_error_line(capsys.readouterr().err)
    assert asked == []
    untouched(db, before)


# -- the running app -----------------------------------------------------------------------


@pytest.mark.slow
async def test_the_running_app_keeps_its_vault_through_a_refused_restore(db, other_backup):
    from screens.pilot import screen_text, unlocked

    async with unlocked(db, PASS) as (app, pilot):
        assert "RIV-07" in screen_text(app)
        with pytest.raises(VaultOpenElsewhere):
            restore(other_backup, db, BACKUP_PASS)
        add_client(app.vault, ClientInput("LATE-3", "Saved while the restore was refused"))
    assert codes(db) == ["LATE-3", "OAK-12", "RIV-07"]
    assert not os.path.exists(lock_path(db))


@pytest.mark.slow
async def test_the_app_says_why_it_cannot_change_the_passphrase_and_goes_on(db):
    from screens.pilot import fill_in, palette, screen_text, settle, unlocked

    from hrtui.screens.maintenance import PassphraseForm

    before = digest(db)
    other_window = Vault.open(db, PASS)
    try:
        async with unlocked(db, PASS) as (app, pilot):
            await palette(pilot, "change the passphrase")
            assert isinstance(app.screen, PassphraseForm)
            await fill_in(pilot, PASS, "brand new words", "brand new words")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert OPEN_ELSEWHERE in " ".join(screen_text(app).split())
            assert app.vault is not None  # reopened with the passphrase that still works
            add_client(app.vault, ClientInput("AFTER-1", "Saved after the refusal"))
    finally:
        other_window.close()
    assert digest(db) != before  # the save went into the vault itself
    assert codes(db) == ["AFTER-1", "OAK-12", "RIV-07"]


@pytest.mark.slow
async def test_a_locked_app_still_keeps_its_vault_from_being_replaced(db, other_backup):
    from screens.pilot import screen_text, settle, unlock, unlocked

    async with unlocked(db, PASS) as (app, pilot):
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "hrtui is locked" in screen_text(app)
        with pytest.raises(VaultOpenElsewhere):
            restore(other_backup, db, BACKUP_PASS)
        with pytest.raises(VaultOpenElsewhere):
            change_passphrase(db, PASS, NEW)
        await unlock(pilot, PASS)  # the counselor's passphrase still opens it
        assert "RIV-07" in screen_text(app)
    assert not os.path.exists(lock_path(db))
    restore(other_backup, db, BACKUP_PASS)  # the app is gone: now it may
