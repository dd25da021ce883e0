"""Shared fixtures (keep generic: other test modules rely on these).

**The clock.** No test reads the real date: every test runs with the wall clock frozen by
``time-machine`` (monotonic time keeps running, so Textual's timers and asyncio work), at
:data:`ORDINARY_DAY` unless it asks for another. A test whose outcome depends on the calendar
(weeks, months, "so far", the calendar grid, progress words, timeline, review dates, auto-lock)
takes the ``any_day`` fixture instead of ``clock`` and so runs on every day of
:data:`CALENDAR`. Either fixture gives a :class:`Clock`: ``clock.today``, ``clock.now()``,
``clock.shift(seconds)``. A test asserts the same things on every day; it never branches on the
weekday or month to decide *what* to assert.

**Markers.** ``slow`` marks the Pilot screen tests (everything under ``tests/screens``), the
property tests, the modules of :data:`SLOW_MODULES` and the torture runs; ``pytest -m "not
slow"`` (``make quick``) is the quick loop. ``torture`` marks the runs that kill
processes at random moments: ``make test`` runs them short, ``make torture`` (``pytest -m
torture --full-torture``) at full strength; ``.ci/run`` runs both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from helpers import fast_kdf

from hrtui import clock as app_clock
from hrtui.store.vault import Vault

PASSPHRASE = "correct horse"

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def _at(day: str, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), zone).replace(
        hour=hour, minute=minute
    )


#: Where every test's clock stands unless it asks for another: an ordinary Wednesday morning.
ORDINARY_DAY = _at("2027-06-09", 10, 30, NEW_YORK)

#: The days a calendar-dependent test runs on (issue #12): each day of one week (in New York,
#: late in the evening, when the UTC date is already the next day), the last day of a 31-day
#: month, 1 March after a 28-day February, 29 February, 31 December, and both days of a
#: daylight-saving change in Berlin (late in the day, when "24 hours ago" is not "yesterday").
CALENDAR: dict[str, datetime] = {
    "mon": _at("2027-06-07", 21, 0, NEW_YORK),
    "tue": _at("2027-06-08", 21, 0, NEW_YORK),
    "wed": _at("2027-06-09", 21, 0, NEW_YORK),
    "thu": _at("2027-06-10", 21, 0, NEW_YORK),
    "fri": _at("2027-06-11", 21, 0, NEW_YORK),
    "sat": _at("2027-06-12", 21, 0, NEW_YORK),
    "sun": _at("2027-06-13", 21, 0, NEW_YORK),
    "31-aug": _at("2027-08-31", 10, 30, BERLIN),
    "1-mar": _at("2027-03-01", 10, 30, BERLIN),
    "29-feb": _at("2028-02-29", 10, 30, BERLIN),
    "31-dec": _at("2026-12-31", 10, 30, BERLIN),
    "dst-spring": _at("2027-03-28", 23, 30, BERLIN),
    "dst-autumn": _at("2027-10-31", 23, 30, BERLIN),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full-torture", action="store_true",
        help="run the kill tests (tests marked torture) for their full number of cycles",
    )  # fmt: skip


TESTS = Path(__file__).parent

#: Modules left out of the quick loop besides the screen tests and the property tests: they
#: start processes, derive many keys (backups, restores, locks) or build the wheel.
SLOW_MODULES = {
    "test_bench.py", "cli/test_cli.py", "cli/test_maintenance.py", "cli/test_demo.py",
    "store/test_maintenance.py", "test_no_network.py", "store/test_restore_lock.py",
    "store/test_vault_reasons.py", "test_hardening.py", "test_wheel.py",
}  # fmt: skip

#: Modules whose vaults are keyed with SQLCipher's real key derivation (256,000 rounds): they
#: check it, open their vaults in another process, or measure it. Every other test runs with
#: :func:`helpers.fast_kdf` (2,000 rounds), which the app cannot tell from the real one: a
#: derivation costs about 0.1 s of CPU, and a test makes and opens its vault several times.
REAL_KDF_MODULES = {
    "test_bench.py", "test_hardening.py", "test_no_network.py", "test_wheel.py",
    "cli/test_cli.py", "cli/test_maintenance.py", "cli/test_demo.py", "cli/test_goals.py",
    "cli/test_export_withdrawn.py", "store/test_vault.py", "store/test_vault_reasons.py",
    "store/test_schema.py", "store/test_maintenance.py", "store/test_restore_lock.py",
    "store/test_crash_safety.py", "store/test_passwd_kill.py", "store/test_two_writers.py",
}  # fmt: skip


def _module(item: pytest.Item) -> str:
    return item.path.relative_to(TESTS).as_posix()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject's addopts) starts one and a half workers per core: a Pilot screen
    test spends part of its time waiting for the app to be idle, and a third worker on two
    cores fills that time (measured: the screen tests took 10 min with two workers, under 6
    with three)."""
    return max(2, (os.cpu_count() or 1) * 3 // 2)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = _module(item)
        if (
            module.startswith(("screens/", "properties/"))
            or module in SLOW_MODULES
            or item.get_closest_marker("torture")
        ):
            item.add_marker(pytest.mark.slow)
        if module in REAL_KDF_MODULES:
            item.add_marker(pytest.mark.real_kdf)


@pytest.fixture(autouse=True)
def _key_derivation(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test keys its vaults with :func:`helpers.fast_kdf` unless marked ``real_kdf``."""
    if request.node.get_closest_marker("real_kdf"):
        yield
        return
    with fast_kdf():
        yield


@pytest.fixture
def torture_cycles(request: pytest.FixtureRequest):
    """``torture_cycles(short, full)``: how many kill cycles to run, by ``--full-torture``."""
    full = request.config.getoption("--full-torture")
    return lambda short, long: long if full else short


@dataclass
class Clock:
    """The frozen clock a test runs on; the app reads it through :mod:`hrtui.clock`."""

    traveller: time_machine.Traveller

    @property
    def today(self) -> date:
        return app_clock.today()

    def now(self) -> datetime:
        return app_clock.now()

    def wall(self) -> float:
        return app_clock.wall()

    def shift(self, seconds: float) -> None:
        """Move the wall clock on (monotonic time is not touched)."""
        self.traveller.shift(timedelta(seconds=seconds))


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[Clock]:
    """Every test, whatever it asks for, runs at :data:`ORDINARY_DAY` unless moved."""
    with time_machine.travel(ORDINARY_DAY, tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture
def clock(_frozen_clock: Clock) -> Clock:
    """The clock at :data:`ORDINARY_DAY` (for tests whose outcome does not hang on the day)."""
    return _frozen_clock


@pytest.fixture(params=list(CALENDAR.values()), ids=list(CALENDAR))
def any_day(request: pytest.FixtureRequest, _frozen_clock: Clock) -> Iterator[Clock]:
    """The clock on each day of :data:`CALENDAR` in turn (the test runs once per day)."""
    with time_machine.travel(request.param, tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture
def vault(tmp_path):
    """A fresh, empty vault in ``tmp_path`` (passphrase "correct horse"), closed at teardown."""
    v = Vault.create(tmp_path / "vault.db", PASSPHRASE)
    try:
        yield v
    finally:
        v.close()
