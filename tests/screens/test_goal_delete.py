"""A goal needs the client's words, and a goal entered by mistake can be deleted (issue #16,
point 8): keys only, checked on the screen (and in the vault for what was saved)."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, time, timedelta

from sqlmodel import select

from hrtui.domain.clients import ClientInput
from hrtui.screens.goals import GoalForm
from hrtui.screens.goals.dialogs import DeleteGoalForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as store
from hrtui.store.clients import add_client, audit_trail
from hrtui.store.errors import Invalid
from hrtui.store.models import GoalRevision, SubstanceBaseline

from .pilot import open_help, open_workspace, running, screen_prose, settle, type_text, unlock

PASS = "goal delete pass"


def seed(path, today) -> int:
    """One client (RIV-07) with an alcohol baseline from intake, and an older client (SOL-02)
    with a goal of their own."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        other = add_client(vault, ClientInput("SOL-02", "Sol", ""))
        store.create_goal(
            vault, other.id, "life", {"life_area": "Housing", "client_words": "A room of my own"}
        )
        taken = today - timedelta(days=20)
        with vault.session() as session:
            session.add(
                SubstanceBaseline(client_id=client.id, substance="Alcohol", amount=5,
                                  unit="standard drinks", days_per_week=4, taken_on=taken,
                                  created_at=datetime.combine(taken, time(9)))
            )  # fmt: skip
        return client.id


async def open_goals(pilot) -> None:
    """Unlock, find RIV-07 on the roster, open the Goals tab (F4)."""
    await unlock(pilot, PASS)
    await open_workspace(pilot, "RIV")
    await pilot.press("f4")
    await settle(pilot)


def goals_of(path, client_id: int) -> list[store.GoalDetail]:
    with closing(Vault.open(path, PASS)) as vault:
        return store.goal_details(vault, client_id)


async def test_a_goal_without_the_clients_words_is_not_saved(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_goals(pilot)
        await pilot.press("ctrl+n", "4")  # abstinence: "What I want" has the focus
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        assert "Write what the client wants, in their own words" in screen_prose(app)
        assert goals_of(path, client_id) == []
        await type_text(pilot, "Nothing on weekdays")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen), screen_prose(app)
        assert "Abstinence" in screen_prose(app)
    [saved] = goals_of(path, client_id)
    assert saved.goal.client_words == "Nothing on weekdays"


async def test_a_goal_entered_by_mistake_is_deleted_once_the_code_is_typed_again(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        store.create_goal(vault, client_id, "safer", {
            "strategies": [("Alcohol", "Eat before drinking")],
            "client_words": "Meant for another client", "title": "Entered by mistake",
        })  # fmt: skip
        store.create_goal(vault, client_id, "life", {
            "life_area": "Sleep", "client_words": "Sleep six hours", "title": "Sleep better",
        })  # fmt: skip
    async with running(path) as (app, pilot):
        await open_goals(pilot)
        assert "Entered by mistake" in screen_prose(app)
        # F1 tells Delete from pausing
        await open_help(pilot)
        assert "Delete removes a goal entered by mistake" in screen_prose(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down")  # the second goal: its words show below the table
        assert "Meant for another client" in screen_prose(app)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, DeleteGoalForm)
        prose = screen_prose(app)
        assert "Delete “Entered by mistake” for good?" in prose
        assert "pause it instead" in prose
        # another client's code: refused, nothing deleted
        await type_text(pilot, "SOL-02")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeleteGoalForm)
        assert "That is not this client's code; nothing was deleted." in screen_prose(app)
        assert len(goals_of(path, client_id)) == 2
        await pilot.press("ctrl+u")
        await type_text(pilot, "riv-07")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        prose = screen_prose(app)
        assert "Entered by mistake" not in prose and "Sleep better" in prose
    assert [d.goal.title for d in goals_of(path, client_id)] == ["Sleep better"]
    with closing(Vault.open(path, PASS)) as vault:
        events = [(e.area, e.action) for e in audit_trail(vault, client_id)]
    assert events[-1] == ("goals", "deleted")


async def test_escape_keeps_the_goal(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        store.create_goal(vault, client_id, "life", {
            "life_area": "Sleep", "client_words": "Sleep six hours", "title": "Sleep better",
        })  # fmt: skip
    async with running(path) as (app, pilot):
        await open_goals(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, DeleteGoalForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "Sleep better" in screen_prose(app)
    assert len(goals_of(path, client_id)) == 1


def test_delete_goal_takes_its_history_and_leaves_the_rest(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        goal = store.create_goal(vault, client_id, "life", {
            "life_area": "Sleep", "client_words": "Sleep six hours",
        })  # fmt: skip
        store.revise_goal(vault, goal.id, {"status": "paused"}, "night shifts for a month")
        try:
            store.delete_goal(vault, goal.id, "SOL-02")
        except Invalid as exc:
            assert exc.errors == {"confirm": "That is not this client's code; nothing was deleted."}
        else:
            raise AssertionError("deleted with another client's code")
        assert len(store.revisions(vault, goal.id)) == 1
        assert store.delete_goal(vault, goal.id, " riv-07 ") == goal.title
        assert store.goal_details(vault, client_id) == []
        with vault.session() as session:
            assert session.exec(select(GoalRevision)).all() == []
        [other] = store.list_goals(vault, client_id + 1)
        assert other.client_words == "A room of my own"
