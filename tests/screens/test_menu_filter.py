"""The menu of options ordered for the client's substances (issue #16 item 10, #17), keys only:
an alcohol client meets the alcohol options before the injecting ones, each with one line of
why it helps; the injecting options are still on the list."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, time, timedelta

from textual.widgets import SelectionList

from hrtui.domain.clients import ClientInput
from hrtui.screens.goals import GoalForm
from hrtui.store import Vault
from hrtui.store.clients import add_client
from hrtui.store.models import SubstanceBaseline

from .pilot import open_client_tab, running, screen_prose, settle

PASS = "menu pass phrase"
WATER = "A glass of water with each drink"
STERILE = "New sterile supplies each time"


def seed(path, today) -> None:
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        taken = today - timedelta(days=5)
        with vault.session() as session:
            session.add(
                SubstanceBaseline(client_id=client.id, substance="Alcohol", amount=5,
                                  unit="standard drinks", days_per_week=3, taken_on=taken,
                                  created_at=datetime.combine(taken, time(9)))
            )  # fmt: skip


async def down_to(pilot, label: str, limit: int = 80) -> int:
    """Down through the menu until ``label`` is highlighted: how many presses it took."""
    menu = pilot.app.screen.query_one("#strategies", SelectionList)
    for presses in range(limit):
        option = menu.get_option_at_index(menu.highlighted or 0)
        if option.value[1] == label:
            return presses
        await pilot.press("down")
    raise AssertionError(f"{label!r} is not on the menu")


async def test_alcohol_client_sees_alcohol_options_first_with_why(tmp_path, clock):
    path = tmp_path / "vault.db"
    seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f4")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("2")  # a safer-use plan: the form opens on the menu
        await settle(pilot)
        assert isinstance(app.screen, GoalForm) and app.focused.id == "strategies"
        assert "options for alcohol first" in screen_prose(app)
        to_water = await down_to(pilot, WATER)
        await pilot.pause()
        prose = screen_prose(app)
        assert f"Alcohol: {WATER}" in prose
        assert "Why: Water slows the drinking and eases the next day." in prose
        assert "For the client's substances" in prose
        await pilot.press("home")
        to_sterile = await down_to(pilot, STERILE)
        await pilot.pause()
        assert to_water < to_sterile  # alcohol first, injecting later, still there
        prose = screen_prose(app)
        assert f"Infections: {STERILE}" in prose
        assert "Why: New supplies prevent HIV, hepatitis C and skin infections." in prose
        assert "For opioids, stimulants" in prose
