"""The Goals tab, keys only: goals of each kind, the menu of options, revisions with reasons,
the revision history, the take-home plan and the roster's open-goal count."""

from __future__ import annotations

import io
import stat
from contextlib import closing
from datetime import date, datetime, timedelta

from rich.console import Console
from textual.widgets import DataTable, Static

from hrtui.domain.clients import ClientInput
from hrtui.screens.goals import (
    GoalForm,
    GoalsPane,
    HistoryScreen,
    KindPicker,
    PlanDialog,
    ReasonDialog,
    StatusDialog,
    StepBackDialog,
    StrategyPicker,
    detail_view,
)
from hrtui.screens.roster import RosterScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as store
from hrtui.store.clients import add_client
from hrtui.store.models import Factor, SubstanceBaseline

from .pilot import open_client_tab, open_help, running, settle, type_text

PASS = "goals pass phrase"
TODAY = date.today()


def seed(path, *, baseline: bool = True) -> int:
    """A vault with one client (RIV-07) and, from intake, an alcohol baseline and a factor."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        now = datetime.now()
        with vault.session() as session:
            if baseline:
                session.add(
                    SubstanceBaseline(client_id=client.id, substance="Alcohol", amount=5,
                                      unit="standard drinks", days_per_week=4,
                                      taken_on=TODAY - timedelta(days=20), created_at=now)
                )  # fmt: skip
            session.add(
                Factor(client_id=client.id, grp="internal", category="Sleep",
                       description="Can't sleep after night shifts", effect="risk",
                       noted_on=TODAY, created_at=now, updated_at=now)
            )  # fmt: skip
        return client.id


def stored(path, client_id: int) -> list[store.GoalDetail]:
    with closing(Vault.open(path, PASS)) as vault:
        return store.goal_details(vault, client_id)


async def open_goals_tab(pilot) -> GoalsPane:
    await open_client_tab(pilot, PASS, "f4")  # the only client in the roster
    return pilot.app.screen.query_one(GoalsPane)


async def tab_to(pilot, field_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached #{field_id}")


def table_rows(pane: GoalsPane) -> list[list[str]]:
    table = pane.query_one("#goals-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def select_goal(pilot, pane: GoalsPane, title_part: str) -> None:
    table = pane.query_one("#goals-table", DataTable)
    await pilot.press(*["up"] * table.row_count)
    for _ in range(table.row_count + 1):
        if title_part in table_rows(pane)[table.cursor_row][1]:
            return
        await pilot.press("down")
        await pilot.pause()
    raise AssertionError(f"no goal {title_part!r}")


async def test_goals_of_three_kinds_revised_and_there_after_reopening(tmp_path):
    path = tmp_path / "vault.db"
    client_id = seed(path)
    ladder = [TODAY - timedelta(days=20), TODAY - timedelta(days=6), TODAY + timedelta(days=8)]
    async with running(path) as (app, pilot):
        pane = await open_goals_tab(pilot)
        assert "No goals yet" in str(pane.query_one("#goals-status", Static).render())

        # a reduce goal: the baseline comes from intake, the focus is on the target
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, KindPicker)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm) and app.screen.kind == "reduce"
        assert app.screen.query_one("#baseline_amount").value == "5"
        assert app.focused.id == "target_amount"
        await type_text(pilot, "4")
        await tab_to(pilot, "client_words")
        await type_text(pilot, "Drink less on work nights")
        await tab_to(pilot, "factor_ids")
        await pilot.press("space")  # link the intake factor
        await tab_to(pilot, "counselor_note")
        await type_text(pilot, "Private observation")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

        # a safer-use plan from the menu of options, plus one of the client's own
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("2")
        await settle(pilot)
        assert app.focused.id == "strategies"
        await pilot.press("space")  # Overdose: naloxone
        await pilot.press("down", "down", "space")  # Overdose: fentanyl test strips
        await tab_to(pilot, "custom_strategies")
        await type_text(pilot, "Text my sister when I go out")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

        # a step-down with three dated steps
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot)
        assert app.focused.id == "ladder"
        for day, amount in zip(ladder, ("4", "3", "2"), strict=True):
            await type_text(pilot, f"{day.isoformat()} {amount}")
            await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert len(table_rows(pane)) == 3

        # revise the reduce goal: saving a new target asks why
        await select_goal(pilot, pane, "Reduce")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm) and app.screen.detail is not None
        await tab_to(pilot, "target_amount")
        await pilot.press("end", "backspace")
        await type_text(pilot, "3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        summary = str(app.screen.query_one(".change-summary", Static).render())
        assert "Target: 4 → 3" in summary
        await pilot.press("enter")  # no reason yet: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "Going well one less")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        row = next(r for r in table_rows(pane) if r[1].startswith("Reduce"))
        assert row[2] == "5 → 3 per use day" and row[3] == "Revised"

        # move the step-down back one step: a change of plan with a reason
        await select_goal(pilot, pane, "Step-down")
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, StepBackDialog)
        await pilot.press("enter")  # the suggested reason
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

        # the roster counts open goals
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        roster = app.screen.query_one("#roster", DataTable)
        assert str(roster.get_row_at(0)[5]) == "3"
        assert roster.virtual_size.width <= roster.size.width <= 80  # no sideways scrolling

    # reopen: everything is there, with the history of revisions
    details = {d.goal.kind: d for d in stored(path, client_id)}
    reduce, safer, stepdown = details["reduce"], details["safer"], details["stepdown"]
    assert (reduce.goal.baseline_amount, reduce.goal.target_amount) == (5.0, 3.0)
    assert reduce.goal.unit == "standard drinks" and reduce.goal.period == "per_use_day"
    assert reduce.goal.client_words == "Drink less on work nights"
    assert reduce.goal.counselor_note == "Private observation"
    assert [f.label for f in reduce.factors] == ["Risk · Sleep: Can't sleep after night shifts"]
    assert [r.reason for r in reduce.revisions] == ["Going well one less"]
    assert [(s.concern, s.custom) for s in safer.strategies] == [
        ("Overdose", False), ("Overdose", False), ("General", True),
    ]  # fmt: skip
    assert safer.strategies[1].label.startswith("Fentanyl test strips")
    assert [s.amount for s in stepdown.ladder] == [4.0, 3.0, 2.0]
    assert stepdown.ladder[0].starts_on == ladder[0]
    assert [r.reason for r in stepdown.revisions] == ["Back to the previous step for a while"]
    assert stepdown.current_step(TODAY)[0] == 0  # the first step applies again

    async with running(path) as (app, pilot):
        pane = await open_goals_tab(pilot)
        assert len(table_rows(pane)) == 3
        await select_goal(pilot, pane, "Reduce")
        detail_text = shown(pane.query_one("#goal-detail-text", Static))
        assert "Drink less on work nights" in detail_text and "Going well one less" in detail_text
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = shown(app.screen.query_one("#history", Static))
        assert "Going well one less" in history and "Target: 4 → 3" in history
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)


async def test_plan_written_from_the_workspace_has_the_words_and_no_counselor_note(tmp_path):
    path = tmp_path / "vault.db"
    client_id = seed(path)
    with closing(Vault.open(path, PASS)) as vault:
        store.create_goal(vault, client_id, "reduce", {
            "substance": "Alcohol", "baseline_amount": "5", "target_amount": "4",
            "unit": "standard drinks", "period": "per_use_day",
            "client_words": "Feel rested before my shift", "counselor_note": "Only for me",
        })  # fmt: skip
    out = tmp_path / "take-home.md"
    async with running(path) as (app, pilot):
        await open_goals_tab(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, PlanDialog)
        assert "NOT encrypted" in str(app.screen.query_one(".warning", Static).render())
        await pilot.press("enter")  # no path: asked for one, nothing written
        await settle(pilot)
        assert "Type where" in str(app.screen.query_one("#error-path", Static).render())
        await type_text(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    text = out.read_text(encoding="utf-8")
    assert "Feel rested before my shift" in text
    assert "4 standard drinks per use day" in text
    assert "Only for me" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_status_options_menu_and_help(tmp_path):
    path = tmp_path / "vault.db"
    client_id = seed(path, baseline=False)
    with closing(Vault.open(path, PASS)) as vault:
        picks = [("Alcohol", "Eat before drinking")]
        store.create_goal(vault, client_id, "safer", {"strategies": picks})
    async with running(path) as (app, pilot):
        pane = await open_goals_tab(pilot)

        await open_help(pilot)
        keys = dict(app.screen.keys)
        for key in ("^n", "^o", "^t", "^b", "^y", "^g"):
            assert key in keys, (key, keys)
        await pilot.press("escape")
        await pilot.pause()

        # status: progressing is suggested; a reason is needed
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        await type_text(pilot, "Eats first most days")
        await pilot.press("enter")
        await settle(pilot)
        assert table_rows(pane)[0][3] == "Progressing"

        # the menu of options: add a strategy; the change asks for its reason
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, StrategyPicker)
        await pilot.press("down", "space")  # Overdose: never use alone
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "Going out more")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert table_rows(pane)[0][2] == "2 strategies"

        # moving back a step only applies to a step-down
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)

    (detail,) = stored(path, client_id)
    assert detail.goal.status == "progressing"
    assert [r.reason for r in detail.revisions] == ["Eats first most days", "Going out more"]
    assert "fail" not in str(detail_text_of(detail)).casefold()


def as_text(renderable, width: int = 76) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def shown(widget: Static) -> str:
    """What a Static shows, as plain text (wide, so that table cells do not wrap)."""
    return as_text(widget.content, width=200)


def detail_text_of(detail) -> str:
    return as_text(detail_view(detail, TODAY))
