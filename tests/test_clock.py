"""The one clock: the app reads "today" and "now" from :mod:`hrtui.clock`, and no test reads
the real date (issue #12)."""

from __future__ import annotations

import ast
import time
from datetime import date, timedelta
from pathlib import Path

from conftest import CALENDAR, ORDINARY_DAY

from hrtui import clock as app_clock

ROOT = Path(__file__).resolve().parent.parent
#: Calls that read the real date or wall clock, by their last two names.
READS_THE_DATE = {("date", "today"), ("datetime", "now"), ("datetime", "today"),
                  ("datetime", "utcnow"), ("time", "time"), ("time", "time_ns")}  # fmt: skip


def date_reads(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line name.call`` for each place in ``path`` that reads the real clock."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in READS_THE_DATE:
                found.append(f"{path.relative_to(root)}:{node.lineno} {name}.{node.func.attr}")
    return found


def test_no_test_reads_the_real_date():
    """Tests take ``clock`` or ``any_day`` (tests/conftest.py) instead."""
    found = [hit for path in sorted((ROOT / "tests").rglob("*.py")) for hit in date_reads(path)]
    assert found == []


def test_only_the_clock_module_reads_the_date_in_the_app():
    found = [hit for path in sorted((ROOT / "hrtui").rglob("*.py"))
             if path.name != "clock.py" and "bench" not in path.parts
             for hit in date_reads(path)]  # fmt: skip
    assert found == []


def test_the_check_notices_a_date_read(tmp_path):
    sample = tmp_path / "reads_the_date.py"
    calls = ["datetime.date." + "today()", "datetime.datetime." + "now()", "time." + "time()"]
    sample.write_text("import datetime, time\n" + "\n".join(f"x = {c}" for c in calls))
    found = [hit.split()[1] for hit in date_reads(sample, tmp_path)]
    assert found == ["date.today", "datetime.now", "time.time"]


def test_every_test_runs_on_a_frozen_ordinary_day(clock):
    assert clock.today == ORDINARY_DAY.date() == app_clock.today()
    assert abs(app_clock.wall() - ORDINARY_DAY.timestamp()) < 60
    before = app_clock.now()
    clock.shift(3600)
    assert app_clock.now() - before >= timedelta(hours=1)


def test_monotonic_time_keeps_running(clock):
    start = time.monotonic()
    time.sleep(0.01)
    assert time.monotonic() > start


def test_the_calendar_covers_weeks_month_ends_leap_days_and_daylight_saving():
    days = [at.date() for at in CALENDAR.values()]
    assert sorted(d.weekday() for d in days[:7]) == list(range(7))
    assert date(2027, 8, 31) in days and date(2027, 3, 1) in days
    assert date(2028, 2, 29) in days and date(2026, 12, 31) in days
    spring, autumn = CALENDAR["dst-spring"], CALENDAR["dst-autumn"]
    for change in (spring, autumn):
        midnight = change.replace(hour=0, minute=0)
        next_midnight = (midnight + timedelta(days=1)).replace(hour=0, minute=0)
        hours = (next_midnight.timestamp() - midnight.timestamp()) / 3600
        assert hours in (23, 25)


def test_any_day_sets_the_apps_today(any_day):
    assert app_clock.today() == any_day.today
    assert any_day.today in {at.date() for at in CALENDAR.values()}
