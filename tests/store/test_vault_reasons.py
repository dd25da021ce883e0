"""The right reason when a vault does not open or cannot be written: a damaged, cut-short or
foreign file, a read-only disk or file, a full disk. Only a wrong passphrase is reported as a
wrong passphrase, by the store and by ``hrtui check`` alike.

Full and read-only disks are real ones where the test runs as root (a small tmpfs, remounted
read-only; ``chattr +i``, since root ignores file modes); elsewhere those tests are skipped and
the error handling is checked at the DB-API boundary instead.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from helpers import cli_env, one_error_line, vault_with_clients

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, list_clients
from hrtui.store.diagnose import disk_problem, explain_database_error
from hrtui.store.errors import (
    DiskFull,
    NotAVault,
    VaultDamaged,
    VaultReadOnly,
    WrongPassphrase,
)
from hrtui.store.maintenance import (
    BackupFailed,
    PassphraseNotChanged,
    RestoreFailed,
    backup,
    change_passphrase,
    restore,
)
from hrtui.store.vault import Vault, check_file, export_database

PASS = "counsel lamp river"
PAGE = 4096
PEOPLE = [ClientInput(f"C{i:03d}", f"Person number {i}", "", "note " * 40) for i in range(60)]


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> Path:
    """A closed vault of several pages (made once; tests change copies of it)."""
    path = tmp_path_factory.mktemp("sound") / "vault.db"
    vault_with_clients(path, PASS, *PEOPLE)
    assert path.stat().st_size >= 10 * PAGE
    return path


@pytest.fixture
def copy(sound, tmp_path) -> Path:
    path = tmp_path / "data" / "vault.db"
    path.parent.mkdir()
    shutil.copyfile(sound, path)
    return path


def flip_bit(path: Path, offset: int) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        byte = fh.read(1)[0]
        fh.seek(offset)
        fh.write(bytes([byte ^ 0x10]))


def cli_check(path: Path, monkeypatch, capsys, passphrase: str = PASS) -> tuple[int, str]:
    """``hrtui check`` in-process: (exit code, its one line on stderr or its stdout)."""
    cli_env(monkeypatch, path.parent)
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    monkeypatch.setenv("HRTUI_PASSPHRASE", passphrase)
    code = cli.main(["check", "--db", str(path)])
    out = capsys.readouterr()
    return code, (out.out.strip() if code == 0 else one_error_line(out.err))


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# -- damaged or foreign files --------------------------------------------------------------


def test_a_damaged_first_page_with_the_right_passphrase_is_damage(copy, monkeypatch, capsys):
    flip_bit(copy, 2000)  # inside page 1, the page the key check reads
    with pytest.raises(VaultDamaged) as info:
        Vault.open(copy, PASS)
    assert "passphrase is right" in str(info.value) and str(copy) in str(info.value)
    with pytest.raises(VaultDamaged):
        check_file(copy, PASS)
    code, line = cli_check(copy, monkeypatch, capsys)
    assert code == 4 and "damaged" in line and "Wrong passphrase" not in line
    with pytest.raises(WrongPassphrase):  # with a wrong one it is still a wrong passphrase
        Vault.open(copy, "not it")


def test_a_damaged_later_page_is_damage(copy, monkeypatch, capsys):
    pages = copy.stat().st_size // PAGE
    flip_bit(copy, (pages - 2) * PAGE + 1000)
    code, line = cli_check(copy, monkeypatch, capsys)
    assert code == 4 and "damaged" in line and "passphrase" not in line.lower()


@pytest.mark.parametrize("size", ["half a page", "pages and a half", "whole pages"])
def test_a_vault_cut_short_is_damaged_not_a_wrong_passphrase(copy, size, monkeypatch, capsys):
    length = {"half a page": PAGE // 2, "pages and a half": 5 * PAGE + 100, "whole pages": 5 * PAGE}
    os.truncate(copy, length[size])
    with pytest.raises(VaultDamaged) as info:
        Vault.open(copy, PASS)
    assert "passphrase" not in str(info.value).lower() or "passphrase is right" in str(info.value)
    code, line = cli_check(copy, monkeypatch, capsys)
    assert code == 4 and "damaged" in line and "Wrong passphrase" not in line


def test_junk_bytes_are_not_blamed_on_the_passphrase(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(3 * PAGE + 7))
    with pytest.raises(VaultDamaged) as info:
        Vault.open(junk, PASS)
    assert "not a whole number" in str(info.value)
    assert files_beside(junk) == ["junk.db"]


def test_a_text_file_is_not_a_vault(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("Call the pharmacy about naloxone stock.\n" * 200)  # 8000 bytes
    with pytest.raises(NotAVault) as info:
        Vault.open(notes, PASS)
    assert "not an hrtui vault" in str(info.value)


def test_the_wrong_passphrase_is_still_a_wrong_passphrase(copy, monkeypatch, capsys):
    with pytest.raises(WrongPassphrase):
        Vault.open(copy, "not it")
    code, line = cli_check(copy, monkeypatch, capsys, "not it")
    assert code == 3 and "Wrong passphrase" in line


# -- a full disk, at the DB-API boundary (runs anywhere) -----------------------------------


class FullDisk:
    """A connection on which ``sqlcipher_export`` meets a full disk: SQLite then rolls the
    transaction back itself and raises SQLITE_FULL, as it does on a real one."""

    def __init__(self, conn: sqlcipher.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str):
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value) -> None:
        if name == "_conn":
            object.__setattr__(self, name, value)
        else:
            setattr(self._conn, name, value)

    def execute(self, sql: str, *args):
        if "sqlcipher_export" in sql:
            self._conn.execute("ROLLBACK")
            raise sqlcipher.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)


def test_a_full_disk_during_a_copy_is_reported_not_the_rollback(copy, tmp_path):
    from hrtui.store.vault import connect

    conn = connect(copy, PASS)
    try:
        target = tmp_path / "copy.db"
        with pytest.raises(sqlcipher.OperationalError) as info:
            export_database(FullDisk(conn), target, PASS)
        assert "full" in str(info.value) and "rollback" not in str(info.value)
        assert not conn.in_transaction
        assert conn.execute("PRAGMA database_list").fetchall()[-1][1] == "main"  # detached
    finally:
        conn.close()


def test_disk_problems_are_told_by_their_errno(tmp_path):
    path = tmp_path / "vault.db"
    assert isinstance(disk_problem(path, OSError(errno.ENOSPC, "No space left")), DiskFull)
    full = disk_problem(path, sqlcipher.OperationalError("database or disk is full"))
    assert isinstance(full, DiskFull) and full.reason == "the disk is full"
    read_only = disk_problem(path, OSError(errno.EROFS, "Read-only file system"))
    assert isinstance(read_only, VaultReadOnly) and "read-only" in read_only.reason
    denied = disk_problem(path, OSError(errno.EACCES, "Permission denied", str(path)))
    assert isinstance(denied, VaultReadOnly)
    assert denied.reason == f"you have no permission to create files in {tmp_path}"
    assert disk_problem(path, sqlcipher.DatabaseError("file is not a database")) is None
    assert disk_problem(path, FileNotFoundError(errno.ENOENT, "No such file")) is None


# -- real disks (root only) ----------------------------------------------------------------


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``where`` (skips the test where that is not possible)."""
    where.mkdir()
    if os.geteuid() != 0 or not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "t", str(where)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte; returns the file that does it."""
    pad = folder / "pad"
    fd = os.open(pad, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (64 * 1024, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return pad


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    with tmpfs(tmp_path / "full", "1m") as folder:
        yield folder


def test_opening_on_a_full_disk_says_the_disk_is_full(sound, full_disk, monkeypatch, capsys):
    path = full_disk / "vault.db"
    shutil.copyfile(sound, path)
    fill(full_disk)
    with pytest.raises(DiskFull) as info:
        Vault.open(path, PASS)
    assert "full" in str(info.value) and "passphrase" not in str(info.value).lower()
    code, line = cli_check(path, monkeypatch, capsys)
    assert code == 3 and "is full" in line and "passphrase" not in line.lower()


def test_saving_on_a_full_disk_says_the_disk_is_full(sound, full_disk):
    path = full_disk / "vault.db"
    shutil.copyfile(sound, path)
    with closing(Vault.open(path, PASS)) as vault:
        fill(full_disk)
        with pytest.raises(DiskFull) as info:  # one line for the counselor, not the driver's
            add_client(vault, ClientInput("LATE-1", "Added on a full disk", "", "x " * 900))
        assert "Free some space" in str(info.value)


def test_a_backup_to_a_full_disk_says_so_and_leaves_nothing(copy, full_disk):
    pad = fill(full_disk)
    with closing(Vault.open(copy, PASS)) as vault, pytest.raises(BackupFailed) as info:
        backup(vault, full_disk)
    message = str(info.value)
    assert "disk is full" in message and "rollback" not in message
    assert list(full_disk.iterdir()) == [pad]


def test_a_passphrase_change_on_a_full_disk_says_so_and_keeps_the_old_one(sound, full_disk):
    path = full_disk / "vault.db"
    shutil.copyfile(sound, path)
    pad = fill(full_disk)
    with pytest.raises(PassphraseNotChanged) as info:
        change_passphrase(path, PASS, "a new one")
    message = str(info.value)
    assert "disk is full" in message and "rollback" not in message
    pad.unlink()
    assert not [name for name in files_beside(path) if name.endswith(".tmp")]
    with closing(Vault.open(path, PASS)) as vault:
        assert len(list_clients(vault)) == len(PEOPLE)


def test_a_restore_onto_a_full_disk_says_so(sound, full_disk, tmp_path):
    target = full_disk / "vault.db"
    vault_with_clients(target, PASS, ClientInput("OLD-1", "Before the restore"))
    fill(full_disk)
    with pytest.raises(RestoreFailed) as info:
        restore(sound, target, PASS)
    assert "disk is full" in str(info.value) and "unchanged" in str(info.value)


@contextmanager
def read_only_disk(folder: Path) -> Iterator[None]:
    if not _run("mount", "-o", "remount,ro", str(folder)):
        pytest.skip("cannot remount read-only here")
    try:
        yield
    finally:
        _run("mount", "-o", "remount,rw", str(folder))


def test_a_vault_on_a_read_only_disk(sound, tmp_path, monkeypatch, capsys):
    with tmpfs(tmp_path / "stick", "2m") as stick:
        path = stick / "vault.db"
        shutil.copyfile(sound, path)
        with read_only_disk(stick):
            code, line = cli_check(path, monkeypatch, capsys)
            assert code == 0 and "sound" in line
            with pytest.raises(WrongPassphrase):  # a wrong one is still a wrong one
                Vault.open(path, "not it")
            with closing(Vault.open(path, PASS)) as vault:  # read as it is
                assert vault.read_only and len(list_clients(vault)) == len(PEOPLE)
                with pytest.raises(VaultReadOnly) as info:
                    add_client(vault, ClientInput("NEW-1", "Cannot be saved here"))
                assert "the disk it is on is read-only" in str(info.value)
                written = backup(vault, tmp_path)  # the backup goes elsewhere: it works
            assert check_file(written, PASS).problems == []
            with pytest.raises(RestoreFailed) as info:
                restore(written, path, PASS)
            assert "read-only" in str(info.value)
            with pytest.raises(PassphraseNotChanged) as info:
                change_passphrase(path, PASS, "a new one")
            assert "read-only" in str(info.value)
            assert files_beside(path) == ["vault.db"]


@pytest.fixture
def locked_file(copy) -> Iterator[Path]:
    """The vault marked immutable (``chattr +i``): not even root may write it."""
    if not _run("chattr", "+i", str(copy)):
        pytest.skip("chattr +i is not possible here")
    try:
        yield copy
    finally:
        _run("chattr", "-i", str(copy))


def test_check_and_backup_of_a_read_only_vault_leave_nothing_behind(
    locked_file, tmp_path, monkeypatch, capsys
):
    code, line = cli_check(locked_file, monkeypatch, capsys)
    assert code == 0 and "sound" in line
    assert files_beside(locked_file) == ["vault.db"]  # no -wal, -shm or lock left
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli.main(["backup", "--db", str(locked_file), str(usb)]) == 0
    assert "Backup written" in capsys.readouterr().out
    [written] = usb.iterdir()
    with closing(Vault.open(written, PASS)) as copy:
        assert len(list_clients(copy)) == len(PEOPLE)
    assert files_beside(locked_file) == ["vault.db"]


def test_saving_into_a_locked_vault_names_the_reason(locked_file):
    with closing(Vault.open(locked_file, PASS)) as vault:
        with pytest.raises(VaultReadOnly) as info:
            add_client(vault, ClientInput("NEW-1", "Cannot be saved"))
        assert "the file is locked against changes" in str(info.value)
        with vault.raw() as conn, pytest.raises(sqlcipher.OperationalError) as raw:
            conn.execute("DELETE FROM client")  # what the CLI meets outside a session
        found = explain_database_error(locked_file, raw.value)
        assert isinstance(found, VaultReadOnly) and "locked against changes" in str(found)


def test_a_folder_where_nothing_can_be_made_is_read_only_not_a_wrong_passphrase(sound, tmp_path):
    """A WAL left by a crash needs its -shm made beside it: where the folder refuses that, the
    vault cannot be opened with any passphrase (SQLite looks for the WAL before it reads a
    page), and the reason given is the folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "vault.db"
    live = tmp_path / "live.db"
    with closing(Vault.open(_copied(sound, live), PASS)) as vault:
        add_client(vault, ClientInput("WAL-1", "Only in the WAL"))
        shutil.copyfile(live, path)
        shutil.copyfile(f"{live}-wal", f"{path}-wal")
    if not _run("chattr", "+i", str(folder)):
        pytest.skip("chattr +i is not possible here")
    try:
        for passphrase in (PASS, "not it"):
            with pytest.raises(VaultReadOnly) as info:
                Vault.open(path, passphrase)
            assert f"cannot create files in its folder {folder}" in str(info.value)
    finally:
        _run("chattr", "-i", str(folder))


def _copied(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
