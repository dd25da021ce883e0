"""A passphrase change killed at random moments: the vault always opens with the old or the new
passphrase, never neither, and every client is still there.

The cycles are those of ``scripts/kill_test.py`` (run it with ``--cycles N`` for a longer
proof): a child process (``python -c``) changes the passphrase of a copy of a vault and is sent
SIGKILL after a random delay between 0 and the typical duration of a change, measured first;
every other cycle waits until the new file has been renamed over the vault (the commit point)
and kills within the typical time from there to the child's exit, a window too short for delays
drawn over the whole change to land in. Each cycle costs a few key derivations (about 0.2 s
each): `make test` runs 20 cycles, `make torture` 300.
"""

from __future__ import annotations

import shutil

import pytest
from helpers import script_module, vault_with_clients

from hrtui.domain.clients import ClientInput
from hrtui.store.vault import Vault

#: Kill cycles: (make test, make torture).
CYCLES = (20, 300)


@pytest.fixture(scope="module")
def kill_test():
    with script_module("kill_test") as module:
        yield module


@pytest.mark.torture
def test_killed_passphrase_change_is_always_old_or_new(kill_test, tmp_path, torture_cycles):
    cycles = torture_cycles(*CYCLES)
    summary = kill_test.run_cycles(tmp_path, cycles, workers=2)
    assert summary.failures == [], "\n".join(summary.lines())
    assert summary.cycles == cycles
    assert summary.opened_with["old"] + summary.opened_with["new"] == cycles
    assert summary.killed >= cycles // 3  # most kills land while the change is running
    assert summary.waited_for_rename == cycles // 2
    assert summary.killed_before_rename >= cycles // 4
    # the window after the commit point is covered, not only the long stretch before it
    assert summary.killed_after_rename >= 0.15 * summary.killed, "\n".join(summary.lines())
    assert summary.opened_with["new"] >= summary.killed_after_rename
    assert 0.05 < summary.typical_seconds < 30


def test_the_check_notices_a_vault_that_opens_with_neither(kill_test, tmp_path):
    path = tmp_path / "v.db"
    Vault.create(path, "a third passphrase").close()
    opened, problem = kill_test.verify(path, path.stat().st_ino)
    assert opened is None and "neither" in problem


def test_the_check_notices_a_lost_client(kill_test, tmp_path):
    path = tmp_path / "v.db"
    people = [ClientInput(code, f"Person {code}") for code in kill_test.codes()[:-1]]  # one short
    vault_with_clients(path, kill_test.NEW, *people)
    opened, problem = kill_test.verify(path, -1)
    assert opened == "new" and "missing" in problem


def test_the_check_notices_damage(kill_test, tmp_path):
    [source] = kill_test.make_sources(tmp_path / "src")[0]
    path = tmp_path / "v.db"
    shutil.copyfile(source, path)
    pages = path.stat().st_size // 4096
    with path.open("r+b") as fh:
        fh.seek((pages - 2) * 4096 + 200)
        fh.write(b"\xa5" * 300)
    opened, problem = kill_test.verify(path, path.stat().st_ino)
    assert problem is not None
