"""Readiness per goal or behaviour, and the decisional balance, in the Intake tab (issue #17
item 5), keys only: a rating about a goal gets its own trend and answers, apart from change in
general; a decisional-balance sheet is written in four boxes and shown in the pane."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

from helpers import alcohol_goal

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import ReadinessInput
from hrtui.screens.intake.forms import BalanceForm, ReadinessForm
from hrtui.store import Vault
from hrtui.store import intake as intake_store
from hrtui.store.clients import add_client

from .pilot import choose, open_client_tab, running, screen_prose, settle, type_text

PASS = "intake subjects pass phrase"


def seed(path, today) -> tuple[int, str]:
    """A client with an alcohol goal and one earlier rating about change in general:
    (client id, the goal's title)."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        goal = alcohol_goal(vault, client.id, today - timedelta(days=20))
        intake_store.add_readiness(
            vault, client.id,
            ReadinessInput(3, 2, 2, rated_on=(today - timedelta(days=20)).isoformat()),
        )  # fmt: skip
        return client.id, goal.title


async def test_readiness_about_a_goal_has_its_own_trend_and_answers(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, title = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f3")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, ReadinessForm)
        assert app.focused.id == "importance"
        await pilot.press("shift+tab", "shift+tab")  # back past the behaviour to "About"
        await choose(pilot, "Goal")
        await pilot.press("tab", "tab")  # past the behaviour, to importance
        for number in ("8", "6", "7"):
            await type_text(pilot, number)
            await pilot.press("tab")
        await type_text(pilot, "My kids notice")
        await pilot.press("ctrl+s")
        await settle(pilot)
        prose = screen_prose(app)
        assert f"Goal: {title}" in prose
        assert "Change in general" in prose
        assert "Why not lower: My kids notice" in prose
    with closing(Vault.open(path, PASS)) as vault:
        series = intake_store.readiness_by_subject(vault, client_id)
        assert [(s.label, [r.importance for r in s.ratings]) for s in series] == [
            ("Change in general", [3]),
            (f"Goal: {title}", [8]),
        ]


async def test_decisional_balance_written_in_four_boxes_and_shown(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f3")
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, BalanceForm)
        assert app.focused.id == "using_good"
        await type_text(pilot, "Helps me unwind")
        await pilot.press("tab")
        await type_text(pilot, "Hangovers at work")
        await pilot.press("ctrl+s")
        await settle(pilot)
        prose = screen_prose(app)
        assert "Helps me unwind" in prose
        assert "Less good things about using: Hangovers at work" in prose
    with closing(Vault.open(path, PASS)) as vault:
        (sheet,) = intake_store.list_balances(vault, client_id)
        assert (sheet.using_good, sheet.using_less_good) == ("Helps me unwind", "Hangovers at work")
