"""Fixtures shared by the screen tests. (Their vaults are keyed with ``helpers.fast_kdf``, as
every test's not marked ``real_kdf``: see ``tests/conftest.py``.)"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from conftest import ORDINARY_DAY
from helpers import fast_kdf

from hrtui.demo import DEMO_PASSPHRASE, build_demo


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
