"""Safety prompts on screen, keys only (issue #17): the withdrawal prompt in the goal form (it
informs, never blocks, and is kept with the goal), the tolerance note after saving use that
follows a break or a marked stay, and the two safety settings."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, time, timedelta

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.goals import GoalForm
from hrtui.screens.settings import SettingsForm
from hrtui.screens.uselog.forms import EntryForm, SafetyNotice
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as goals_store
from hrtui.store import safety as safety_store
from hrtui.store import settings as settings_store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client
from hrtui.store.models import SubstanceBaseline

from .pilot import choose, open_client_tab, palette, running, screen_prose, settle, type_text

PASS = "safety pass phrase"
WITHDRAWAL_TITLE = "Stopping alcohol after heavy daily use can be dangerous"
TOLERANCE_TITLE = "After a break, tolerance is lower"


def seed(path, today, *, drinks: float, days: float) -> int:
    """One client with an alcohol baseline of ``drinks`` a use day on ``days`` a week."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        taken = today - timedelta(days=10)
        with vault.session() as session:
            session.add(
                SubstanceBaseline(client_id=client.id, substance="Alcohol", amount=drinks,
                                  unit="standard drinks", days_per_week=days, taken_on=taken,
                                  created_at=datetime.combine(taken, time(9)))
            )  # fmt: skip
        return client.id


async def abstinence_goal(pilot) -> None:
    """Goals tab, Ctrl+N, abstinence (4): the substance is the baseline's; type the words."""
    await open_client_tab(pilot, PASS, "f4")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press("4")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GoalForm)
    await type_text(pilot, "Stop drinking for good")


async def test_withdrawal_prompt_shows_first_then_the_goal_saves_and_keeps_it(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today, drinks=14, days=7)
    async with running(path) as (app, pilot):
        await abstinence_goal(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # not saved yet: the prompt is on the form, saving stays the client's choice
        assert isinstance(app.screen, GoalForm)
        prose = screen_prose(app)
        assert WITHDRAWAL_TITLE in prose
        assert "14 standard drinks a day on 7 days a week" in prose
        assert "Ctrl+S again saves the goal as written" in prose
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        prose = screen_prose(app)
        assert "Safety notes shown when the goal was set (1)" in prose
        assert WITHDRAWAL_TITLE in prose
    with closing(Vault.open(path, PASS)) as vault:
        (detail,) = goals_store.goal_details(vault, client_id)
        assert detail.goal.kind == "abstinence"
        (kept,) = safety_store.goal_prompts(vault, detail.goal.id)
        assert kept.kind == "withdrawal" and kept.title == WITHDRAWAL_TITLE
        assert "supervised taper" in kept.text


async def test_no_withdrawal_prompt_for_light_use_the_goal_saves_at_once(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed(path, clock.today, drinks=2, days=2)
    async with running(path) as (app, pilot):
        await abstinence_goal(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "Safety notes" not in screen_prose(app)
    with closing(Vault.open(path, PASS)) as vault:
        (detail,) = goals_store.goal_details(vault, client_id)
        assert safety_store.goal_prompts(vault, detail.goal.id) == []


def seed_heroin(path, today, days_before: int) -> int:
    """A client whose last use of heroin was ``days_before`` days before ``today``."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        day = today - timedelta(days=days_before)
        uselog_store.add_entry(
            vault, client.id,
            EntryInput(day=day.isoformat(), substance="Heroin", amount="0.1", unit="g",
                       confirm_unit="g"),
        )  # fmt: skip
        return client.id


async def log_heroin(pilot, stay: str = "") -> None:
    """Ctrl+U (quick entry: today, the usual substance and unit), the amount, then the stay
    when given, Ctrl+S."""
    await open_client_tab(pilot, PASS, "f5")
    await pilot.press("ctrl+u")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EntryForm)
    await type_text(pilot, "0.1")
    if stay:
        for _ in range(15):
            if pilot.app.focused is not None and pilot.app.focused.id == "after_stay":
                break
            await pilot.press("tab")
        assert pilot.app.focused.id == "after_stay"
        await choose(pilot, stay)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_tolerance_note_after_a_ten_day_break_in_the_log(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed_heroin(path, clock.today, days_before=11)
    async with running(path) as (app, pilot):
        await log_heroin(pilot)
        assert isinstance(app.screen, SafetyNotice)
        prose = screen_prose(app)
        assert TOLERANCE_TITLE in prose
        assert "after 10 days without" in prose
        assert "Keep naloxone at hand" in prose
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    with closing(Vault.open(path, PASS)) as vault:
        assert len(uselog_store.day_entries(vault, client_id, clock.today)[0]) == 1


async def test_tolerance_note_after_a_marked_stay_and_the_mark_is_kept(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id = seed_heroin(path, clock.today, days_before=3)
    async with running(path) as (app, pilot):
        await log_heroin(pilot, stay="Prison")
        assert isinstance(app.screen, SafetyNotice)
        prose = screen_prose(app)
        assert "This is use after a stay in prison or jail." in prose
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    with closing(Vault.open(path, PASS)) as vault:
        (entry,) = uselog_store.day_entries(vault, client_id, clock.today)[0]
        assert safety_store.tolerance_for_entry(vault, client_id, entry.id) is not None


async def test_no_tolerance_note_after_a_two_day_break(tmp_path, clock):
    path = tmp_path / "vault.db"
    seed_heroin(path, clock.today, days_before=3)
    async with running(path) as (app, pilot):
        await log_heroin(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert TOLERANCE_TITLE not in screen_prose(app)


async def test_safety_settings_are_shown_checked_and_kept(tmp_path, clock):
    path = tmp_path / "vault.db"
    seed_heroin(path, clock.today, days_before=3)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f5")
        await palette(pilot, "settings")
        assert isinstance(app.screen, SettingsForm)
        await settle(pilot)
        for _ in range(6):
            if app.focused is not None and app.focused.id == "tolerance_days":
                break
            await pilot.press("tab")
        assert app.focused.value == "7"  # the default, loaded from the vault
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "95")
        await pilot.press("tab")
        await type_text(pilot, "Line 555 0100")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsForm)  # 95 days is refused, next to the field
        assert "90" in screen_prose(app)
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsForm)
    with closing(Vault.open(path, PASS)) as vault:
        assert settings_store.tolerance_days(vault) == 12
        assert settings_store.overdose_line(vault) == "Line 555 0100"
