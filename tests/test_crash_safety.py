"""Crash safety: a process writing through the storage layer is killed at random moments; after
every kill the vault opens, passes both integrity checks and holds every reported write.

The cycles are those of ``scripts/crash_test.py`` (``make test`` runs 25, ``make torture`` 200,
the script's default): writers are forked from a helper process that has imported the app,
add clients C00001, C00002, … with :func:`hrtui.store.clients.add_client`, and print each code
only after its commit; the parent sends SIGKILL at a random moment from start-up into the writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import script_module, vault_with_clients

from hrtui.domain.clients import ClientInput

#: Kill cycles: (make test, make torture).
CYCLES = (25, 200)


@pytest.fixture(scope="module")
def crash_test():
    with script_module("crash_test") as module:
        yield module


@pytest.mark.torture
def test_every_reported_write_survives_a_kill(crash_test, tmp_path, torture_cycles):
    cycles = torture_cycles(*CYCLES)
    summary = crash_test.run_cycles(tmp_path, cycles)
    assert summary.failures == [], "\n".join(summary.lines())
    assert summary.cycles == cycles
    assert summary.killed_while_writing >= cycles // 8 and summary.reported >= cycles // 2
    assert summary.stored >= summary.reported


def people(*codes: str) -> list[ClientInput]:
    """Clients as the writers add them: "Person CODE"."""
    return [ClientInput(code, f"Person {code}") for code in codes]


def vault_with(path: Path, passphrase: str, count: int) -> list[str]:
    codes = [f"C{i:05d}" for i in range(1, count + 1)]
    vault_with_clients(path, passphrase, *people(*codes))
    return codes


def test_the_check_notices_a_lost_write(crash_test, tmp_path):
    path = tmp_path / "v.db"
    codes = vault_with(path, crash_test.PASSPHRASE, 3)
    failures, stored = crash_test.check_after_kill(path, codes[:1], codes[1:] + ["C00004"])
    assert stored == codes
    assert any("missing" in f and "C00004" in f for f in failures)


def test_the_check_notices_extra_or_gapped_writes(crash_test, tmp_path):
    path = tmp_path / "v.db"
    gapped = people("C00001", "C00002", "C00003", "C00005")
    vault_with_clients(path, crash_test.PASSPHRASE, *gapped)
    failures, _ = crash_test.check_after_kill(path, ["C00001"], [])
    assert any("new in the vault" in f for f in failures)
    assert any("gaps" in f for f in failures)


def test_the_check_notices_a_vault_that_does_not_open(crash_test, tmp_path):
    path = tmp_path / "v.db"
    vault_with(path, "some other passphrase", 1)
    failures, _ = crash_test.check_after_kill(path, [], [])
    assert failures and "did not open" in failures[0]
