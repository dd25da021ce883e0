"""Shared fixtures (keep generic: other test modules rely on these)."""

from __future__ import annotations

import pytest

from hrtui.store.vault import Vault

PASSPHRASE = "correct horse"


@pytest.fixture
def vault(tmp_path):
    """A fresh, empty vault in ``tmp_path`` (passphrase "correct horse"), closed at teardown."""
    v = Vault.create(tmp_path / "vault.db", PASSPHRASE)
    try:
        yield v
    finally:
        v.close()
