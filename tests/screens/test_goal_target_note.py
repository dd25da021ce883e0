"""A reduce target above the intake baseline gets a plain note beside the field, never a
refusal (issue #15, defect 9)."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, time, timedelta

from hrtui.domain.clients import ClientInput
from hrtui.screens.goals import GoalForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as store
from hrtui.store.clients import add_client
from hrtui.store.models import SubstanceBaseline

from .pilot import open_client_tab, running, screen_prose, settle, type_text

PASS = "goals pass phrase"
NOTE = "The target is above the usual amount at intake (5): is that what you both meant?"


async def test_a_target_above_the_intake_baseline_is_noted_and_still_saved(tmp_path, clock):
    path = tmp_path / "v.db"
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("RIV-07", "Marisol")).id
        taken = clock.today - timedelta(days=20)
        with vault.session() as session:
            session.add(SubstanceBaseline(client_id=cid, substance="Alcohol", amount=5,
                                          unit="standard drinks", days_per_week=4, taken_on=taken,
                                          created_at=datetime.combine(taken, time(9))))  # fmt: skip
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f4")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("1")  # reduce
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        assert app.focused.id == "target_amount"
        await type_text(pilot, "4")
        await pilot.pause()
        assert "is that what you both meant" not in screen_prose(app)
        await pilot.press("backspace")
        await type_text(pilot, "6")
        await pilot.pause()
        assert NOTE in screen_prose(app)
        await pilot.press("shift+tab")  # no baseline of the goal's own: the intake's stands
        await pilot.press("backspace")
        for _ in range(10):
            if app.focused.id == "client_words":
                break
            await pilot.press("tab")
        await type_text(pilot, "Keep it to six on weekends")
        await pilot.press("ctrl+s")  # a note, not a refusal
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen), screen_prose(app)
    with closing(Vault.open(path, PASS)) as vault:
        (goal,) = store.list_goals(vault, cid)
        assert goal.target_amount == 6
