"""The app opens no network socket and writes no file outside its own folders.

Every way Python reaches the network (``socket.socket.connect``/``connect_ex``/``sendto``,
``socket.create_connection``, name lookups) is replaced by one that records the attempt and
fails; every file this process opens for writing, creates, renames or removes is seen by an
audit hook (``sys.addaudithook``). Then a whole session runs as a user would: create a vault,
add a client, open their workspace; then the demo, an export and a backup. Nothing may try the
network, and nothing may be written outside ``tmp_path`` (Python's temporary folder is pointed
into ``tmp_path`` for the run, and must be empty at the end: no temporary file left behind).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from screens.pilot import create_vault, fill_in, open_workspace, running, settle

from hrtui import cli
from hrtui.demo import DEMO_PASSPHRASE, build_demo
from hrtui.export import export_data, to_json, to_markdown
from hrtui.screens.client_form import ClientForm
from hrtui.screens.roster import RosterScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store.maintenance import backup
from hrtui.store.vault import Vault

PASS = "lantern meadow copper"

# File events that change the file system (see the "audit events table" in the Python docs).
WRITE_EVENTS = {
    "os.rename", "os.replace", "os.remove", "os.unlink", "os.rmdir", "os.mkdir", "os.link",
    "os.symlink", "os.truncate", "os.chmod", "shutil.copyfile", "shutil.rmtree",
    "tempfile.mkstemp", "tempfile.mkdtemp",
}  # fmt: skip

_watch: list[tuple[str, str]] | None = None  # the events seen while a test watches


def _audit(event: str, args: tuple) -> None:
    if _watch is None:
        return
    if event == "open":
        path, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        if writes and not isinstance(path, int):
            _watch.append((event, os.fsdecode(path)))
    elif event in WRITE_EVENTS:
        for arg in args[:2]:
            if isinstance(arg, str | bytes | os.PathLike):
                _watch.append((event, os.fsdecode(arg)))


sys.addaudithook(_audit)  # hooks cannot be removed: it does nothing unless a test watches


class Guard:
    def __init__(self, root: Path, systemp: Path) -> None:
        self.root = root.resolve()
        self.systemp = systemp
        self.attempts: list[str] = []

    def writes_outside(self) -> list[str]:
        """Files written, created, renamed or removed outside ``tmp_path`` so far."""
        outside = []
        for event, path in list(_watch or []):
            resolved = Path(path).resolve()
            if resolved.is_relative_to(self.root):
                continue
            if "__pycache__" in resolved.parts:  # Python's own bytecode cache, no data
                continue
            outside.append(f"{event} {path}")
        return outside


@pytest.fixture
def guard(tmp_path, monkeypatch):
    """Network calls refused and recorded; file writes watched; temp folder inside tmp_path."""
    global _watch
    result = Guard(tmp_path, tmp_path / "system-temp")

    def refuse(name):
        def refused(*args, **kwargs):
            result.attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"{name} is not allowed in this test")

        return refused

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    result.systemp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(result.systemp))
    monkeypatch.setenv("TMPDIR", str(result.systemp))
    _watch = []
    try:
        yield result
    finally:
        _watch = None


def test_the_guards_notice_what_they_guard(guard, tmp_path):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("127.0.0.1", 9))
    assert len(guard.attempts) == 2
    (tmp_path / "inside.txt").write_text("fine")
    assert guard.writes_outside() == []
    with open(os.devnull, "w") as fh:  # outside tmp_path, and harmless
        fh.write("x")
    assert guard.writes_outside() == [f"open {os.devnull}"]


async def test_a_whole_session_uses_no_network_and_writes_only_under_tmp(tmp_path, guard):
    path = tmp_path / "vault.db"
    async with running(path) as (app, pilot):
        await create_vault(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ClientForm)
        await fill_in(pilot, "NET-1", "Wren")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        await open_workspace(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    demo = tmp_path / "demo" / "demo.db"
    build_demo(demo, DEMO_PASSPHRASE)
    vault = Vault.open(demo, DEMO_PASSPHRASE)
    try:
        data = export_data(vault)
        cli.write_private_file(tmp_path / "export.json", to_json(data))
        cli.write_private_file(tmp_path / "export.md", to_markdown(data))
        written = backup(vault, tmp_path)
    finally:
        vault.close()

    assert guard.attempts == []
    assert guard.writes_outside() == []
    assert os.listdir(guard.systemp) == []  # no temporary file left behind
    # the run did write, where it should (so the watch above had something to see)
    assert any(path.endswith("export.json") for _, path in _watch)
    assert written.exists() and (tmp_path / "export.md").exists()
