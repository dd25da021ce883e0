"""Crash safety: a process writing through the storage layer is killed at random moments; after
every kill the vault opens, passes both integrity checks and holds every reported write.

The cycles are those of ``scripts/crash_test.py`` (``make test`` runs 32, ``make torture`` 200,
the script's default): writers are forked from a helper process that has imported the app and
write in rounds (add a client with :func:`hrtui.store.clients.add_client`, add a use entry and a
no-use mark for them, delete an earlier entry with :func:`hrtui.store.uselog.delete_entry`),
printing each operation only after its commit; the parent kills them while they open the vault
or within an operation, the operation aimed at rotating over the round so that kills land in
each kind.
"""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import script_module, vault_with_clients

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.store.clients import add_client
from hrtui.store.uselog import add_entry, delete_entry, record_no_use
from hrtui.store.vault import Vault

#: Kill cycles: (make test, make torture). 32: eight turns of the aimed-at operation (C, E,
#: E, D) in the 24 cycles that kill while writing, so each kind is aimed at least 8 times.
CYCLES = (32, 200)


@pytest.fixture(scope="module")
def crash_test():
    with script_module("crash_test") as module:
        yield module


@pytest.mark.torture
def test_every_reported_write_survives_a_kill(crash_test, tmp_path, torture_cycles):
    cycles = torture_cycles(*CYCLES)
    summary = crash_test.run_cycles(tmp_path, cycles)
    report = "\n".join(summary.lines())
    assert summary.failures == [], report
    assert summary.cycles == cycles
    # kills landed while opening and during each kind of write, not only while adding clients
    assert summary.killed_while_opening >= 1, report
    assert all(summary.killed[kind] >= 1 for kind in "CED"), report
    assert summary.killed_while_opening + summary.killed_while_writing == cycles
    assert all(summary.reported[kind] >= 1 for kind in "CED"), report
    assert sum(summary.reported.values()) >= cycles
    assert summary.clients >= summary.reported["C"]


# -- the check after a kill ----------------------------------------------------------------


def write_rounds(vault: Vault, today: date, rounds: int) -> list[str]:
    """Write as the crash test's writer does (client, use entry, no-use mark, delete the oldest
    earlier entry) for ``rounds`` rounds: the lines it reports."""
    lines: list[str] = []
    entries: list[tuple[int, int]] = []
    for n in range(1, rounds + 1):
        code = f"C{n:05d}"
        client = add_client(vault, ClientInput(code, f"Person {n}"))
        lines.append(f"C {code}")
        used = EntryInput(day=today - timedelta(days=1), substance="Alcohol", amount="2",
                          unit="standard drinks", strategies=("Water between drinks",))  # fmt: skip
        for entry in (
            add_entry(vault, client.id, used, today=today),
            record_no_use(vault, client.id, today - timedelta(days=2), today=today),
        ):
            entries.append((entry.id, client.id))
            lines.append(f"E {entry.id} {code}")
        entry_id, client_id = entries.pop(0)
        delete_entry(vault, client_id, entry_id)
        lines.append(f"D {entry_id}")
    return lines


@pytest.fixture
def written(crash_test, tmp_path, clock):
    """A vault after two rounds of writes: (path, the lines reported, the entry ids stored)."""
    path = tmp_path / "v.db"
    with closing(Vault.create(path, crash_test.PASSPHRASE)) as vault:
        lines = write_rounds(vault, clock.today, 2)
        stored = crash_test.read_contents(vault)
    return path, lines, sorted(stored.entries)


def check(crash_test, path: Path, before, lines: list[str], *, ready: bool = True):
    return crash_test.check_after_kill(path, before, crash_test.Reports(tuple(lines)), ready=ready)


def test_the_check_accepts_every_reported_write(crash_test, written):
    path, lines, stored = written
    failures, contents, unreported = check(crash_test, path, crash_test.Contents(), lines)
    assert failures == [] and unreported == []
    assert contents.clients == ("C00001", "C00002") and sorted(contents.entries) == stored


def test_the_check_accepts_the_one_write_in_flight(crash_test, written):
    path, lines, _ = written  # killed after the last deletion committed, before its report
    failures, _, unreported = check(crash_test, path, crash_test.Contents(), lines[:-1])
    assert failures == []
    assert unreported == [lines[-1]]


def test_the_check_notices_a_lost_write(crash_test, written):
    path, lines, _ = written
    claimed = [*lines, "C C00003", "E 999 C00003"]  # reported, but not in the vault
    failures, _, _ = check(crash_test, path, crash_test.Contents(), claimed)
    assert any("missing: clients" in f and "C00003" in f for f in failures)
    assert any("missing: entries" in f and "999" in f for f in failures)


def test_the_check_notices_a_reported_deletion_that_is_still_there(crash_test, written):
    path, lines, stored = written
    kept = stored[-1]  # the vault still has it; the writer claims to have deleted it
    claimed = [*lines[:-1], f"D {kept}"]
    failures, _, _ = check(crash_test, path, crash_test.Contents(), claimed)
    assert any("deleted but still there" in f and str(kept) in f for f in failures)


def test_the_check_notices_lost_entries_of_earlier_cycles(crash_test, written):
    path, lines, stored = written
    before = crash_test.Contents(("C00001", "C00002"), {990: "C00001", 991: "C00002"})
    failures, _, unreported = check(crash_test, path, before, lines)
    assert unreported == ["D 990", "D 991"]
    assert any("2 changes nobody reported" in f for f in failures)


def test_the_check_notices_extra_or_gapped_writes(crash_test, tmp_path):
    path = tmp_path / "v.db"
    gapped = [
        ClientInput(code, f"Person {code}") for code in ("C00001", "C00002", "C00003", "C00005")
    ]
    vault_with_clients(path, crash_test.PASSPHRASE, *gapped)
    failures, _, unreported = check(crash_test, path, crash_test.Contents(("C00001",)), [])
    assert len(unreported) == 3
    assert any("3 changes nobody reported" in f for f in failures)
    assert any("gaps" in f for f in failures)


def test_the_check_notices_a_write_while_the_writer_was_still_opening(crash_test, tmp_path):
    path = tmp_path / "v.db"
    vault_with_clients(path, crash_test.PASSPHRASE, ClientInput("C00001", "Person C00001"))
    empty = crash_test.Contents()
    assert check(crash_test, path, empty, [], ready=True).failures == []  # adding C00001
    failures, _, _ = check(crash_test, path, empty, [], ready=False)
    assert any("while opening the vault" in f for f in failures)


def test_the_check_notices_reports_out_of_order(crash_test, written):
    path, lines, _ = written
    failures, _, _ = check(crash_test, path, crash_test.Contents(), lines[1:] + lines[:1])
    assert any("out of order" in f for f in failures)


def test_the_check_notices_a_vault_that_does_not_open(crash_test, tmp_path):
    path = tmp_path / "v.db"
    vault_with_clients(path, "some other passphrase", ClientInput("C00001", "Person C00001"))
    failures, _, _ = check(crash_test, path, crash_test.Contents(), [])
    assert failures and "did not open" in failures[0]
