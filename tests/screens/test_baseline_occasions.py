"""The baseline form asks the occasions on a use day (default 1) and says what its date is."""

from __future__ import annotations

from contextlib import closing

from hrtui.domain.clients import ClientInput
from hrtui.screens.intake import BaselineForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault, intake
from hrtui.store.clients import add_client

from .pilot import choose, open_client_tab, running, screen_prose, settle, type_text

PASS = "river stone lamp"


async def test_occasions_on_a_use_day_are_asked_checked_and_kept(tmp_path, clock):
    path = tmp_path / "v.db"
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("RIV-07", "Marisol")).id
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f3")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BaselineForm)
        await choose(pilot, "alc")
        await pilot.press("tab", "tab", "tab")  # routes, other routes, the amount
        assert app.focused.id == "amount"
        await type_text(pilot, "3")
        await pilot.press("tab")
        assert app.focused.id == "occasions_per_day"
        text = screen_prose(app)
        assert "Occasions on a use day" in text
        assert "Progress compares per use day: the amount per occasion × occasions." in text
        await type_text(pilot, "30")  # the default 1 is selected: typing replaces it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BaselineForm)
        assert "from 1 to 24" in screen_prose(app)
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "2")
        for _ in range(12):
            if app.focused.id == "taken_on":
                break
            await pilot.press("tab")
        assert "The day the baseline describes: use as it was then." in screen_prose(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        # the intake's summary (above the factors) says the occasions and the use-day amount
        await pilot.press("1")
        await settle(pilot)
        assert (
            "Alcohol: 3 standard drinks per occasion, 2 times a use day (6 standard drinks "
            "a use day)"
        ) in screen_prose(app)
    with closing(Vault.open(path, PASS)) as vault:
        (row,) = intake.list_baselines(vault, cid)
    assert (row.amount, row.occasions_per_day, row.taken_on) == (3, 2, clock.today)
