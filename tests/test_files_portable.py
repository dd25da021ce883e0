"""The put-in-place sequence on Windows, run on Linux by making the OS calls behave as there
(issue #19): fsync refuses a read-only handle (EBADF), a folder cannot be opened, and a file
that is open (by this process: SQLite, an unclosed handle) cannot be renamed over or away
(a sharing violation, ``PermissionError``)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from hrtui import files
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, list_clients
from hrtui.store.errors import WrongPassphrase
from hrtui.store.maintenance import PassphraseNotChanged, backup, change_passphrase, restore
from hrtui.store.vault import Vault, connect

PASS = "correct horse"
NEW = "battery staple"
PROC_FD = Path("/proc/self/fd")
if not PROC_FD.is_dir():  # pragma: no cover
    pytest.skip("needs /proc/self/fd to see which files are open", allow_module_level=True)


def open_here(path: Path | str) -> bool:
    """Whether this process has ``path`` open (as Windows would know from its handles)."""
    wanted = os.path.realpath(path)
    for fd in os.listdir(PROC_FD):
        try:
            if os.readlink(PROC_FD / fd) == wanted:
                return True
        except OSError:
            continue
    return False


class WindowsLike:
    """Linux's OS calls made to refuse what Windows refuses; records what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real_open, self.real_fsync, self.real_replace = os.open, os.fsync, os.replace
        self.replaces: list[tuple[str, str]] = []
        self.pauses: list[float] = []
        self.busy = 0  # how many more renames fail as if a virus scanner had the file open
        monkeypatch.setattr(files, "_WINDOWS", True)
        monkeypatch.setattr(files, "_sleep", self.pauses.append)
        monkeypatch.setattr(os, "open", self.open)
        monkeypatch.setattr(os, "fsync", self.fsync)
        monkeypatch.setattr(os, "replace", self.replace)

    def open(self, path, flags, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return self.real_open(path, flags, *args, **kwargs)

    def fsync(self, fd):
        import fcntl

        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        return self.real_fsync(fd)

    def replace(self, src, dst):
        self.replaces.append((str(src), str(dst)))
        if self.busy:
            self.busy -= 1
            raise PermissionError(
                13,
                "The process cannot access the file because it is being used by another process",
                str(src),
            )
        for path in (src, dst):
            if os.path.exists(path) and open_here(path):
                raise PermissionError(13, "The file is open", str(path))
        return self.real_replace(src, dst)


@pytest.fixture
def windows(monkeypatch) -> WindowsLike:
    return WindowsLike(monkeypatch)


def make_vault(path: Path, passphrase: str = PASS, codes=("ANA-01", "FOX4")) -> None:
    vault = Vault.create(path, passphrase)
    try:
        for code in codes:
            add_client(vault, ClientInput(code, f"Person {code}", "", ""))
    finally:
        vault.close()


def codes_in(path: Path, passphrase: str) -> list[str]:
    vault = Vault.open(path, passphrase)
    try:
        assert vault.integrity_check() == []
        return sorted(c.code for c in list_clients(vault))
    finally:
        vault.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- the emulation refuses what Windows refuses (else the tests below could not fail) --------


def test_the_emulation_refuses_what_windows_refuses(windows, tmp_path):
    file = tmp_path / "a.txt"
    file.write_text("a")
    fd = os.open(file, os.O_RDONLY)
    try:
        with pytest.raises(OSError) as info:
            os.fsync(fd)
        assert info.value.errno == errno.EBADF
    finally:
        os.close(fd)
    with pytest.raises(PermissionError):
        os.open(tmp_path, os.O_RDONLY)
    other = tmp_path / "b.txt"
    other.write_text("b")
    with open(file, "rb"), pytest.raises(PermissionError):  # noqa: SIM117
        os.replace(other, file)
    make_vault(tmp_path / "v.db")
    conn = connect(tmp_path / "v.db", PASS)
    try:  # a vault SQLite holds open cannot be renamed over either
        with pytest.raises(PermissionError):
            os.replace(other, tmp_path / "v.db")
    finally:
        conn.close()


# -- hrtui.files -----------------------------------------------------------------------------


def test_fsync_file_opens_for_writing(windows, tmp_path):
    file = tmp_path / "a.db"
    file.write_bytes(b"data")
    files.fsync_file(file)  # a read-only handle would get EBADF here
    assert file.read_bytes() == b"data"


def test_no_folder_fsync_on_windows(windows, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)))
    files.fsync_dir(tmp_path)
    assert opened == []


def test_folder_fsync_elsewhere_is_done_and_best_effort(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_WINDOWS", False)
    synced: list[bool] = []
    real_fsync = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: synced.append(stat.S_ISDIR(os.fstat(fd).st_mode)) or real_fsync(fd)
    )
    files.fsync_dir(tmp_path)
    assert synced == [True]

    def refused(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refused)
    files.fsync_dir(tmp_path)  # no exception: some file systems refuse it


def test_replace_retries_a_sharing_violation(windows, tmp_path):
    src, dst = tmp_path / "new", tmp_path / "old"
    src.write_text("new")
    dst.write_text("old")
    windows.busy = 2
    files.replace(src, dst)
    assert dst.read_text() == "new" and not src.exists()
    assert len(windows.replaces) == 3
    assert windows.pauses == [files.REPLACE_PAUSE] * 2


def test_replace_gives_up_after_a_few_tries(windows, tmp_path):
    src, dst = tmp_path / "new", tmp_path / "old"
    src.write_text("new")
    dst.write_text("old")
    windows.busy = 100
    with pytest.raises(PermissionError):
        files.replace(src, dst)
    assert len(windows.replaces) == files.REPLACE_TRIES
    assert dst.read_text() == "old" and src.read_text() == "new"


def test_replace_elsewhere_does_not_retry(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_WINDOWS", False)
    calls: list[str] = []

    def refused(src, dst):
        calls.append(str(src))
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(files, "_sleep", lambda s: pytest.fail("no pause on POSIX"))
    with pytest.raises(PermissionError):
        files.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 1


@pytest.mark.parametrize("is_windows", [True, False])
def test_put_in_place_releases_the_target_first_only_on_windows(tmp_path, monkeypatch, is_windows):
    monkeypatch.setattr(files, "_WINDOWS", is_windows)
    tmp, target = tmp_path / "t.tmp", tmp_path / "target"
    tmp.write_text("new")
    target.write_text("old")
    holder = open(target, "rb")  # noqa: SIM115
    order: list[str] = []
    real_replace = os.replace

    def replace(src, dst):
        order.append("replace while open" if not holder.closed else "replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)

    def release():
        order.append("release")
        holder.close()

    try:
        files.put_in_place(tmp, target, release)
    finally:
        holder.close()
    assert order == (["release", "replace"] if is_windows else ["replace while open"])
    assert target.read_text() == "new"


def test_private_file_on_windows(windows, tmp_path):
    out = tmp_path / "export.json"
    out.write_text("old")
    windows.busy = 2  # the search indexer glances at the new file
    files.write_private_file(out, "new ✓\n")
    assert out.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []
    assert len(windows.replaces) == 3


# -- backup, restore, passphrase change with Windows' rules ----------------------------------


def test_backup_on_windows(windows, tmp_path):
    make_vault(tmp_path / "hrtui.db")
    dest = tmp_path / "stick"
    dest.mkdir()
    vault = Vault.open(tmp_path / "hrtui.db", PASS)
    try:
        written = backup(vault, dest)
    finally:
        vault.close()
    assert written.parent == dest and leftovers(dest) == []
    assert codes_in(written, PASS) == ["ANA-01", "FOX4"]


def test_passphrase_change_on_windows(windows, tmp_path):
    path = tmp_path / "hrtui.db"
    make_vault(path)
    change_passphrase(path, PASS, NEW)
    assert codes_in(path, NEW) == ["ANA-01", "FOX4"]
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASS)
    assert [name for name in os.listdir(tmp_path) if "passwd" in name] == []


def test_passphrase_change_on_windows_gives_up_cleanly_when_the_vault_stays_busy(windows, tmp_path):
    path = tmp_path / "hrtui.db"
    make_vault(path)
    windows.busy = 100  # another program keeps the vault open
    with pytest.raises(PassphraseNotChanged):
        change_passphrase(path, PASS, NEW)
    assert len(windows.replaces) == files.REPLACE_TRIES
    windows.busy = 0
    assert codes_in(path, PASS) == ["ANA-01", "FOX4"]
    assert [name for name in os.listdir(tmp_path) if "passwd" in name] == []


@pytest.mark.parametrize("same_passphrase", [True, False])
def test_restore_on_windows(windows, tmp_path, same_passphrase):
    source = tmp_path / "backup.db"
    make_vault(source, codes=("BAK-1",))
    target = tmp_path / "vault" / "hrtui.db"
    target.parent.mkdir()
    # The same passphrase lets restore hold the current vault open while it copies.
    make_vault(target, PASS if same_passphrase else NEW, codes=("CUR-1",))
    done = restore(source, target, PASS)
    assert codes_in(target, PASS) == ["BAK-1"]
    assert done.kept is not None
    assert codes_in(done.kept, PASS if same_passphrase else NEW) == ["CUR-1"]
    assert leftovers(target.parent) == []
