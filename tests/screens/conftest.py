"""Fixtures shared by the screen tests.

**Key derivation.** Every screen test runs with SQLCipher's key derivation at
:data:`helpers.FAST_KDF_ITER` rounds instead of 256,000 (:func:`fast_kdf`, autouse): a screen test
creates, unlocks and checks its vault three to five times, and each derivation costs about
0.1 s of CPU, a fifth of a typical journey. The screens never see the difference (the key is
derived inside SQLCipher); what the real derivation guarantees is tested where it is made, in
``tests/test_vault.py`` (a new vault uses at least 256,000 rounds; one with fewer is refused),
and by every test that runs ``hrtui`` in a subprocess. The setting is process-wide in
SQLCipher, so it is set for one test (or one fixture build) and put back after it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from conftest import ORDINARY_DAY
from helpers import fast_kdf

from hrtui.demo import DEMO_PASSPHRASE, build_demo


@pytest.fixture(autouse=True)
def _screen_kdf() -> Iterator[None]:
    with fast_kdf():
        yield


@pytest.fixture(scope="session")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault, built once per test process on the frozen day the tests run on, half an
    hour before the tests' clock stands (a module may define its own ``demo_vault`` to build it
    differently). Built earlier, not at the same instant: records are stamped to the second,
    and a session a test opens within a second of its start would otherwise count the whole
    demo as "what changed" in it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with time_machine.travel(ORDINARY_DAY - timedelta(minutes=30), tick=False), fast_kdf():
        build_demo(path, DEMO_PASSPHRASE)
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_vault: Path, clock) -> Path:
    """A copy of the demo vault for one test (a file copy, not a new key derivation)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_vault, path)
    return path
