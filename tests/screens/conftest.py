"""Fixtures shared by the screen tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import time_machine
from conftest import ORDINARY_DAY

from hrtui.demo import DEMO_PASSPHRASE, build_demo


@pytest.fixture(scope="session")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault, built once per test process on the frozen day the tests run on (a module
    may define its own ``demo_vault`` to build it differently)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with time_machine.travel(ORDINARY_DAY, tick=False):
        build_demo(path, DEMO_PASSPHRASE)
    return path


@pytest.fixture
def demo(tmp_path: Path, demo_vault: Path, clock) -> Path:
    """A copy of the demo vault for one test (a file copy, not a new key derivation)."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_vault, path)
    return path
