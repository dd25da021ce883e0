"""The Goals tab, keys only: goals of each kind, the menu of options, revisions with reasons,
the revision history, the take-home plan and the roster's open-goal count.

What a person must see is read off the screen (:func:`shown`). A step-down's steps are dated
relative to today, so moving back a step is tried on every day of the calendar (``any_day``).
"""

from __future__ import annotations

import stat
from contextlib import closing
from datetime import date, datetime, time, timedelta

from textual.widgets import DataTable

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
)
from hrtui.screens.roster import RosterScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as store
from hrtui.store.clients import add_client
from hrtui.store.models import Factor, SubstanceBaseline

from .pilot import (
    open_client_tab,
    open_help,
    running,
    screen_lines,
    screen_prose,
    settle,
    tab_to,
    type_text,
)

PASS = "goals pass phrase"
#: Frame and scrollbar characters at the ends of a screen row (not words).
EDGES = " █▊▎▌▐│▔▁▄▀▆▇"


def seed(path, today: date, *, baseline: bool = True) -> int:
    """A vault with one client (RIV-07) and, from intake (20 days before ``today``), an alcohol
    baseline and a factor."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        intake = today - timedelta(days=20)
        stamp = datetime.combine(intake, time(9))
        with vault.session() as session:
            if baseline:
                session.add(
                    SubstanceBaseline(client_id=client.id, substance="Alcohol", amount=5,
                                      unit="standard drinks", days_per_week=4,
                                      taken_on=intake, created_at=stamp)
                )  # fmt: skip
            session.add(
                Factor(client_id=client.id, grp="internal", category="Sleep",
                       description="Can't sleep after night shifts", effect="risk",
                       noted_on=intake, created_at=stamp, updated_at=stamp)
            )  # fmt: skip
        return client.id


def shown(app) -> str:
    """Every word on the screen in reading order, rows joined and frame edges left out, so a
    sentence wrapped over several rows reads as one."""
    return " ".join(word for line in screen_lines(app) for word in line.strip(EDGES).split())


def field_shown(app, label: str) -> str:
    """What the input box under the field ``label`` shows."""
    lines = screen_lines(app)
    at = next(i for i, line in enumerate(lines) if label in line)
    return " ".join(lines[at + 2].strip(EDGES).strip("▊▎").split())


def stored(path, client_id: int) -> list[store.GoalDetail]:
    with closing(Vault.open(path, PASS)) as vault:
        return store.goal_details(vault, client_id)


async def open_goals_tab(pilot) -> GoalsPane:
    await open_client_tab(pilot, PASS, "f4")  # the only client in the roster
    return pilot.app.screen.query_one(GoalsPane)


async def tick(pilot, concern: str, label: str) -> None:
    """In the menu of options (focused): move down the list until the line under it shows
    ``concern: label…`` (the highlighted strategy in full), then Space ticks it. Found by its
    words, not its place: the menu is ordered by the client's substances."""
    menu = pilot.app.focused
    assert menu is not None and menu.id == "strategies", menu
    await pilot.press("down", "home")  # the first option, highlighted (and shown in full)
    for _ in range(menu.option_count):
        await pilot.pause()
        if f"{concern}: {label}" in screen_prose(pilot.app):
            await pilot.press("space")
            return
        await pilot.press("down")
    raise AssertionError(f"no {concern}: {label!r} in the menu of options")


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


async def test_goals_of_three_kinds_revised_and_there_after_reopening(tmp_path, clock):
    path = tmp_path / "vault.db"
    today = clock.today
    client_id = seed(path, today)
    ladder = [today - timedelta(days=20), today - timedelta(days=6), today + timedelta(days=8)]
    async with running(path) as (app, pilot):
        pane = await open_goals_tab(pilot)
        assert "No goals yet" in shown(app)

        # a reduce goal: the baseline comes from intake, the focus is on the target
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, KindPicker)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm) and app.screen.kind == "reduce"
        assert field_shown(app, "Baseline (where things are now)") == "5"
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
        await tick(pilot, "Overdose", "Naloxone on hand")
        await tick(pilot, "Overdose", "Fentanyl test strips")
        await tab_to(pilot, "custom_strategies")
        await type_text(pilot, "Text my sister when I go out")
        await tab_to(pilot, "client_words")
        await type_text(pilot, "Get home safe")
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
        await tab_to(pilot, "client_words")
        await type_text(pilot, "Come down slowly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert len(table_rows(pane)) == 3
        assert "now 3 (step 2/3)" in shown(app)

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
        assert "Target: 4 → 3" in shown(app)
        await pilot.press("enter")  # no reason yet: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "Going well one less")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        row = next(r for r in table_rows(pane) if r[1].startswith("Reduce"))
        assert row[2] == "5 → 3 per use day" and row[3] == "Revised"
        assert "5 → 3 per use day Revised" in shown(app)

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
    assert [s.starts_on for s in stepdown.ladder] == ladder

    async with running(path) as (app, pilot):
        pane = await open_goals_tab(pilot)
        assert len(table_rows(pane)) == 3
        await select_goal(pilot, pane, "Reduce")
        detail_text = shown(app)
        assert "Drink less on work nights" in detail_text and "Going well one less" in detail_text
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = shown(app)
        assert "Going well one less" in history and "Target: 4 → 3" in history
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)


async def test_stepping_back_a_step_down_moves_the_later_steps_from_today(tmp_path, any_day):
    """A ladder of steps 20 and 6 days ago and 8 days ahead: the second step applies today.
    Moving back a step brings the first back from today for as long as it lasted (14 days);
    the later steps keep their spacing."""
    path = tmp_path / "vault.db"
    today = any_day.today
    client_id = seed(path, today)
    ladder = [today - timedelta(days=20), today - timedelta(days=6), today + timedelta(days=8)]
    later = [today + timedelta(days=14), today + timedelta(days=28)]
    with closing(Vault.open(path, PASS)) as vault:
        store.create_goal(vault, client_id, "stepdown", {
            "substance": "Alcohol", "unit": "standard drinks", "period": "per_use_day",
            "ladder": list(zip(ladder, (4, 3, 2), strict=True)),
        })  # fmt: skip
    async with running(path) as (app, pilot):
        await open_goals_tab(pilot)
        text = shown(app)
        assert "Step-down: Alcohol now 3 (step 2/3) Active" in text
        assert f"{ladder[0]}: 4 · ▸ {ladder[1]}: 3 · {ladder[2]}: 2" in text
        assert f"Dates from {today}" in text

        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, StepBackDialog)
        assert (
            f"Ladder: {ladder[0]}: 4, {ladder[1]}: 3, {ladder[2]}: 2 → "
            f"{ladder[0]}: 4, {later[0]}: 3, {later[1]}: 2" in shown(app)
        )
        await pilot.press("enter")  # the suggested reason
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        text = shown(app)
        assert "Step-down: Alcohol now 4 (step 1/3) Revised" in text
        assert f"▸ {ladder[0]}: 4 · {later[0]}: 3 · {later[1]}: 2" in text
        assert f"{today} Back to the previous step for a while" in text

    (stepdown,) = stored(path, client_id)
    assert [(s.starts_on, s.amount) for s in stepdown.ladder] == [
        (ladder[0], 4.0), (later[0], 3.0), (later[1], 2.0),
    ]  # fmt: skip
    assert [r.reason for r in stepdown.revisions] == ["Back to the previous step for a while"]
    assert stepdown.current_step(today)[0] == 0  # the first step applies again


async def test_plan_written_from_the_workspace_has_the_words_and_no_counselor_note(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        store.create_goal(vault, client_id, "reduce", {
            "substance": "Alcohol", "baseline_amount": "5", "target_amount": "4",
            "unit": "standard drinks", "period": "per_use_day",
            "client_words": "Feel rested before my shift", "counselor_note": "Only for me",
        })  # fmt: skip
    out = tmp_path / "take-home.md"
    async with running(path) as (app, pilot):
        await open_goals_tab(pilot)
        await pilot.press("ctrl+g")  # the plan on screen first, then Ctrl+S to write it
        await settle(pilot)
        assert "Feel rested before my shift" in shown(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanDialog)
        assert "The plan file is NOT encrypted" in shown(app)
        assert "Type where" not in shown(app)
        await pilot.press("enter")  # no path: asked for one, nothing written
        await settle(pilot)
        assert "Type where to write the file" in shown(app)
        await type_text(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    text = out.read_text(encoding="utf-8")
    assert "Feel rested before my shift" in text
    assert "4 standard drinks per drinking day" in text
    assert "Only for me" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_status_options_menu_and_help(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today, baseline=False)
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
        await tick(pilot, "Overdose", "Never use alone")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await type_text(pilot, "Going out more")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert table_rows(pane)[0][2] == "2 strategies"
        text = shown(app)
        assert "2 strategies Progressing" in text
        assert "Going out more" in text and "Eats first most days" in text  # the revisions
        assert "fail" not in text.casefold()

        # moving back a step only applies to a step-down
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)

    (detail,) = stored(path, client_id)
    assert detail.goal.status == "progressing"
    assert [r.reason for r in detail.revisions] == ["Eats first most days", "Going out more"]
