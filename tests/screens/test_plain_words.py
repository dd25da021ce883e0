"""Words on screen (issue #16, point 12): "1 of 1 client", a day's date said once under the
calendar, "1 standard drink" and "1 strategy" in the day's entries. Keys only."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.uselog import CalendarScreen, DayScreen
from hrtui.store import Vault
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client

from .pilot import open_workspace, running, screen_prose, settle, unlock

PASS = "plain words pass"


async def test_counts_and_dates_read_right_on_screen(tmp_path, clock):
    path = tmp_path / "vault.db"
    day = clock.today - timedelta(days=10)  # older than a week: shown as a date
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol"))
        uselog_store.add_entry(vault, client.id, EntryInput(
            day=day.isoformat(), substance="Alcohol", amount="1", unit="standard drinks",
            strategies=("Eat before drinking",),
        ))  # fmt: skip
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        assert "1 of 1 client · Enter opens" in screen_prose(app)
        await open_workspace(pilot)
        await pilot.press("f5", "ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press(*["left"] * 10)
        await settle(pilot)
        prose = screen_prose(app)
        assert f"{day:%a} {day.isoformat()}: Alcohol 1 standard drink" in prose
        assert f"({day.isoformat()})" not in prose  # the date once
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        prose = screen_prose(app)
        assert "1 standard drink " in prose and "1 strategy" in prose
        assert "1 standard drinks" not in prose and "1 strategies" not in prose
