"""Every message a form or the unlock screen gives is on the screen, under its field (issue #13).

They used to be built but hidden (``.field-error:empty`` matches every ``Static`` in Textual),
so a refused save just left the form open, silent. Each check here reads the screen as a person
sees it, after key presses, and finds the message on the rows just below the field it is about.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import ExitStack, closing
from functools import partial

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from helpers import alcohol_goal

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.client_form import ClientForm
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.goals import StatusDialog
from hrtui.screens.intake import ReadinessForm
from hrtui.screens.lock import LockScreen
from hrtui.screens.roster import RosterScreen
from hrtui.screens.settings import SettingsForm
from hrtui.screens.unlock import UnlockScreen
from hrtui.screens.uselog import NoUseForm
from hrtui.store import Vault, uselog
from hrtui.store import vault as vault_module
from hrtui.store.clients import add_client, list_clients
from hrtui.store.settings import lock_after

from .pilot import (
    SIZE,
    fill_in,
    make_app,
    open_workspace,
    running,
    screen_prose,
    screen_text,
    settle,
    type_text,
    unlock,
)

PASS = "river stone lamp"
#: What a border, an input's edge or the padding adds to a screen row.
FRAME = " │█▊▎▌▐▔▁▄▀╭╮╰╯─━┃"


def rows(app) -> list[str]:
    """The screen's rows, borders and edges stripped."""
    return [line.strip(FRAME) for line in screen_text(app).splitlines()]


def row_of(app, text: str, *, exact: bool = False) -> int:
    """The first screen row that is ``text`` (exact) or holds it."""
    for i, line in enumerate(rows(app)):
        if (line == text) if exact else (text in line):
            return i
    raise AssertionError(f"not on the screen: {text!r}\n{screen_text(app)}")


def shows_under(app, label: str, message: str, *, within: int = 5) -> None:
    """``message`` is on the screen in the few rows under the field labelled ``label`` (its
    input with two edges, perhaps a hint, then the message; a long one wraps on)."""
    start = row_of(app, label, exact=True)
    below = " ".join(line for line in rows(app)[start + 1 : start + 1 + within + 2] if line)
    assert message in below, (label, message, screen_text(app))


def seed(path, day) -> int:
    """One client who used on ``day``, with a goal from that day: the client's id."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        uselog.add_entry(
            vault, client.id,
            EntryInput(day=day, substance="Alcohol", amount="3", unit="standard drinks"),
        )  # fmt: skip
        alcohol_goal(vault, client.id, day)
        return client.id


async def discard(pilot) -> None:
    """Escape, and if asked about typed input, Discard."""
    await pilot.press("escape")
    await pilot.pause()
    if isinstance(pilot.app.screen, UnsavedChanges):
        await pilot.press("d")
    await settle(pilot)


async def test_messages_at_unlock_on_the_roster_and_at_the_lock(tmp_path, clock):
    path = tmp_path / "v.db"
    seed(path, clock.today)
    async with running(path) as (app, pilot):
        assert isinstance(app.screen, UnlockScreen)
        await unlock(pilot, "not it")
        assert isinstance(app.screen, UnlockScreen)
        shows_under(app, "Passphrase", "Wrong passphrase. Try again.")
        await pilot.press("enter")  # the field was cleared: nothing typed
        await pilot.pause()
        shows_under(app, "Passphrase", "Type the passphrase first.")
        await unlock(pilot, PASS)
        assert isinstance(app.screen, RosterScreen)

        # a new client under a code that is taken (in another case)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await fill_in(pilot, "riv-07", "Someone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ClientForm)
        shows_under(app, "Client code", "The code riv-07 is already in use; choose another.")
        await discard(pilot)

        # F9: an idle time of 0 minutes
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "0")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)
        shows_under(app, "Lock after this many idle minutes", "Use a number from 1 to 240.")
        await discard(pilot)
        assert lock_after(app.vault) == 300  # nothing saved

        # the lock screen says so too
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await unlock(pilot, "still not it")
        assert isinstance(app.screen, LockScreen)
        shows_under(app, "Passphrase", "Wrong passphrase. Try again.")
    with closing(Vault.open(path, PASS)) as vault:
        assert [c.code for c in list_clients(vault)] == ["RIV-07"]


async def test_messages_in_the_workspace_forms(tmp_path, clock):
    path = tmp_path / "v.db"
    client_id = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await open_workspace(pilot)

        # Intake: a readiness of 11
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await fill_in(pilot, "7", "5", "11")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReadinessForm)
        shows_under(
            app, "Readiness: how ready are you to make it now? (0–10)", "Use a number from 0 to 10."
        )
        await discard(pilot)

        # Use log: a day with no use, on a day use was logged
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")  # the date offered is today
        await settle(pilot)
        assert isinstance(app.screen, NoUseForm)
        shows_under(app, "Date", f"Use is recorded on {clock.today.isoformat()}.")
        await discard(pilot)

        # Goals: a new status without a reason
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        shows_under(app, "Reason (kept with the revision)", "Say why the plan changes (a few words")
        await discard(pilot)
    with closing(Vault.open(path, PASS)) as vault:
        (entry,) = uselog.entries_on(vault, client_id, clock.today)  # no no-use mark added
        assert not entry.no_use


async def test_a_message_takes_rows_only_while_it_has_text(tmp_path):
    """No row is kept for an empty message: the next field sits where it sat before the
    message came and again after it went, so nothing jumps while a person works."""
    path = tmp_path / "v.db"
    with closing(Vault.create(path, PASS)) as vault:
        add_client(vault, ClientInput("RIV-07", "Marisol"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await pilot.press("ctrl+n")
        await pilot.pause()

        def gap() -> int:  # rows from the code field's hint to the next field's label
            return row_of(app, "Name or alias", exact=True) - row_of(app, "2–16 letters")

        before = gap()
        assert rows(app)[row_of(app, "2–16 letters") + 1] == ""  # only the label's margin
        await fill_in(pilot, "riv-07", "Someone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert gap() == before + 1  # the one-row message under the code
        # a free code and no name: the code's message goes, the name's comes
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "NEW-1")
        await pilot.press("tab", "ctrl+a", "ctrl+k", "ctrl+s")
        await settle(pilot)
        shows_under(app, "Name or alias", "A name is required")
        assert "already in use" not in screen_text(app)
        assert gap() == before


# -- the unlock screen: what is wrong with the file -----------------------------------------
# Each maker turns the vault at ``path`` into one problem; ``stack`` undoes what must be undone.


def a_vault(path) -> None:
    with closing(Vault.create(path, PASS)):
        pass


def damaged(path, monkeypatch, stack) -> None:
    """Not a whole number of pages: a vault cut short, or something else under its name."""
    path.write_bytes(os.urandom(5000))


def in_use(path, monkeypatch, stack) -> None:
    """Another program holds the vault with an exclusive lock (as a restore does)."""
    a_vault(path)
    holder = stack.enter_context(closing(vault_module.connect(path, PASS)))
    holder.isolation_level = None
    holder.execute("PRAGMA main.locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    # the lock is real; only the unlock's wait for it (5 s by default) is cut short
    monkeypatch.setattr(sqlcipher, "connect", partial(sqlcipher.connect, timeout=0.2))


def read_only(path, monkeypatch, stack) -> None:
    """A folder nobody may create files in (the vault needs its -wal and -shm beside it)."""
    a_vault(path)
    folder = path.parent
    if os.geteuid() != 0:
        folder.chmod(0o500)
        stack.callback(folder.chmod, 0o700)
        return
    # root may write anywhere: only the immutable flag stops it
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode:
        pytest.skip("running as root where chattr +i does not work: no read-only folder")
    stack.callback(subprocess.run, ["chattr", "-i", str(folder)], check=True)


class _FillsTheDisk:
    """The vault's own connection, on a disk with no room left: its first write (switching
    the journal to WAL) fails as SQLite fails on a full disk."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def __getattr__(self, name: str):
        return getattr(self._conn, name)

    def execute(self, sql: str, *args):
        if sql.startswith("PRAGMA journal_mode"):
            raise sqlcipher.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)


def disk_full(path, monkeypatch, stack) -> None:
    """A test cannot fill a disk: the driver fails as it does on one."""
    a_vault(path)
    real = sqlcipher.connect
    monkeypatch.setattr(sqlcipher, "connect", lambda *a, **k: _FillsTheDisk(real(*a, **k)))


UNLOCK_PROBLEMS = {
    "damaged": (damaged, ["is damaged", "Restore it from a backup."]),
    "in use": (in_use, ["is in use by another program", "Close it, then try again."]),
    "disk full": (disk_full, ["is full: hrtui cannot write to it.", "Free some space"]),
}


@pytest.mark.parametrize("problem", list(UNLOCK_PROBLEMS))
async def test_unlock_says_what_is_wrong_with_the_file(tmp_path, monkeypatch, problem):
    path = tmp_path / "vault" / "v.db"  # in a folder of its own (see read_only)
    path.parent.mkdir()
    make, phrases = UNLOCK_PROBLEMS[problem]
    with ExitStack() as stack:
        make(path, monkeypatch, stack)
        async with running(path) as (app, pilot):
            await unlock(pilot, PASS)
            assert isinstance(app.screen, UnlockScreen)
            for phrase in phrases:
                shows_under(app, "Passphrase", phrase)
            assert "Wrong passphrase" not in screen_text(app)


async def test_a_read_only_vault_opens_for_reading_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "vault" / "v.db"
    path.parent.mkdir()
    with ExitStack() as stack:
        read_only(path, monkeypatch, stack)
        app = make_app(path)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await unlock(pilot, PASS)
            text = screen_prose(app)
            assert "is read-only here: records can be read, but nothing can be saved" in text
            assert "Wrong passphrase" not in text
