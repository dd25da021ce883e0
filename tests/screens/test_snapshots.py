"""Snapshot tests: every screen and dialog of hrtui at 80×24, error states included.

Each test drives the app by keys (as a person types) to one screen or state, and compares what
the terminal shows with the SVG stored in ``__snapshots__/test_snapshots/``: a changed screen
is a changed file, reviewed like code. After a reviewed change of a screen,
``pytest tests/screens/test_snapshots.py --snapshot-update`` writes the new SVGs.

What makes a snapshot the same on every run:
- the wall clock is frozen (the ``clock`` fixture), so every date on screen is the same; the
  demo vault is built once per module on the same frozen day and copied for each test;
- the vault is opened by a relative path, from the test's own folder, so the file name shown
  on the create, unlock and lock screens is always ``vault.db``;
- nothing is left moving when the screenshot is taken: workers done, the workspace's tabs all
  prepared (:func:`quiet`), no blinking cursor (:func:`still`), no toasts (they come and go
  with time, and say nothing a screen does not).
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent, TabPane, TextArea

from hrtui.app import HrtuiApp
from hrtui.demo import DEMO_PASSPHRASE
from hrtui.screens.client_form import ClientForm
from hrtui.screens.confirm import Confirm, UnsavedChanges
from hrtui.screens.drinks import DrinksScreen
from hrtui.screens.goals import (
    GoalForm,
    HistoryScreen,
    KindPicker,
    MenuItemForm,
    PlanDialog,
    PlanPreview,
    ReasonDialog,
    StatusDialog,
    StepBackDialog,
    StrategyPicker,
)
from hrtui.screens.help import HelpScreen
from hrtui.screens.intake import AddTermForm, AuditCForm, BaselineForm, FactorForm, ReadinessForm
from hrtui.screens.lock import LockScreen
from hrtui.screens.maintenance import (
    BackupForm,
    DeleteClientForm,
    ExportRecordForm,
    PassphraseForm,
)
from hrtui.screens.reviews import (
    PickList,
    ReviewWorksheet,
    ReviseGoalForm,
    StartReviewForm,
    StrategyForm,
    StressorForm,
    SupportForm,
    TriggerForm,
)
from hrtui.screens.roster import RosterScreen
from hrtui.screens.sessions import SessionScreen
from hrtui.screens.settings import SettingsForm
from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen
from hrtui.screens.uselog import CalendarScreen, CueForm, DayScreen, EntryForm, NoUseForm
from hrtui.screens.workspace import PREPARE_ORDER, SECTIONS, WorkspaceScreen

from .pilot import open_workspace, type_text, unlock

VAULT = Path("vault.db")  # relative: the screens show the file name, the same on every run

Steps = Callable[[Pilot], Awaitable[None]]


# -- the vault and the app ---------------------------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock) -> Path:
    """The test's own folder, made the working directory (``VAULT`` lies in it)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)  # the app reads it when made
    return tmp_path


@pytest.fixture
def demo(here: Path, demo_vault: Path) -> Path:
    """A copy of the demo vault as ``vault.db`` in the test's folder."""
    shutil.copyfile(demo_vault, here / VAULT)
    return VAULT


@pytest.fixture(autouse=True)
def _collected() -> Iterator[None]:
    """After each test, what is still alive (Textual's caches of rendered lines fill up over
    dozens of apps in one process) is moved out of the garbage collector's way, as the app
    does once per process (:func:`hrtui.store.warmup.freeze`): otherwise every collection in
    the later tests walks all of it again (about a fifth of this module's CPU time)."""
    yield
    gc.collect()
    gc.freeze()


def app_on(path: Path) -> HrtuiApp:
    app = HrtuiApp(path)
    app.animation_level = "none"  # the screen at rest, as pilot.make_app does
    # as run_test(notifications=False) does: toasts come and go with time
    app._disable_notifications = True
    app.theme = "textual-dark"  # whatever TEXTUAL_THEME says
    return app


# -- steps -----------------------------------------------------------------------------------


async def quiet(pilot: Pilot) -> None:
    """Wait until nothing more changes by itself: no worker running, and each open
    workspace's tabs all prepared (it mounts them one by one on a timer)."""
    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        unprepared = any(
            not screen.query_one(f"#tab-{tab}", TabPane).children
            for screen in app.screen_stack
            if isinstance(screen, WorkspaceScreen)
            for tab in PREPARE_ORDER
        )
        if not unprepared and not any(w.is_running for w in app.workers):
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never came to rest")


def still(app: HrtuiApp) -> None:
    """No blinking cursor: it would be on or off by the time the screenshot is taken."""
    for screen in app.screen_stack:
        for widget in [*screen.query(Input), *screen.query(TextArea)]:
            widget.cursor_blink = False


async def press(pilot: Pilot, *keys: str) -> None:
    """Press ``keys``, then let the app come to rest."""
    await pilot.press(*keys)
    await quiet(pilot)


async def typed(pilot: Pilot, text: str) -> None:
    await type_text(pilot, text)
    await quiet(pilot)


def shot(snap_compare, path: Path, *steps: Steps) -> bool:
    """Run the app on ``path``, take ``steps`` in turn, and compare the screen at rest."""

    async def run_before(pilot: Pilot) -> None:
        await quiet(pilot)
        for step in steps:
            await step(pilot)
            await quiet(pilot)
        still(pilot.app)

    return snap_compare(app_on(path), terminal_size=(80, 24), run_before=run_before)


def keys(*names: str) -> Steps:
    async def step(pilot: Pilot) -> None:
        await press(pilot, *names)

    return step


def text(words: str) -> Steps:
    async def step(pilot: Pilot) -> None:
        await typed(pilot, words)

    return step


def unlocked(passphrase: str = DEMO_PASSPHRASE) -> Steps:
    async def step(pilot: Pilot) -> None:
        await unlock(pilot, passphrase)

    return step


def client(code: str) -> Steps:
    """Unlock the demo, find ``code`` on the roster and open their workspace."""

    async def step(pilot: Pilot) -> None:
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, code)
        assert isinstance(pilot.app.screen, WorkspaceScreen)

    return step


def on(kind: type) -> Steps:
    """Check the screen in front is a ``kind`` (so a snapshot shows what its name says)."""

    async def step(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, kind), type(pilot.app.screen).__name__

    return step


def command(words: str) -> Steps:
    """Ctrl+P, type ``words``, Enter on the first command found (Enter highlights it first
    if nothing is highlighted yet)."""

    async def step(pilot: Pilot) -> None:
        await press(pilot, "ctrl+p")
        await typed(pilot, words)  # the search runs in a worker: typed() waits for it
        for _ in range(2):
            if not isinstance(pilot.app.screen, CommandPalette):
                return
            await press(pilot, "enter")
        assert not isinstance(pilot.app.screen, CommandPalette), f"no command {words!r}"

    return step


def tab(code: str, key: str) -> list[Steps]:
    """Unlock, open ``code``'s workspace, show the tab of ``key`` (F3…F10)."""
    name = next(name for name, _, k, _ in SECTIONS if k == key)

    async def shown(pilot: Pilot) -> None:
        assert pilot.app.screen.query_one(TabbedContent).active == f"tab-{name}"

    return [client(code), keys(key), shown]


# -- first start, unlock, roster, client form ------------------------------------------------


def test_create_vault(snap_compare, here):
    """A new vault: the passphrase typed once, its strength shown."""
    assert shot(snap_compare, VAULT, text("open sesame"), on(CreateVaultScreen))


def test_create_vault_passphrases_differ(snap_compare, here):
    assert shot(
        snap_compare, VAULT,
        text("open sesame"), keys("enter"), text("open sesame!"), keys("enter"),
        on(CreateVaultScreen),
    )  # fmt: skip


def test_unlock(snap_compare, demo):
    assert shot(snap_compare, demo, on(UnlockScreen))


def test_unlock_wrong_passphrase(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked("not the one"), on(UnlockScreen))


def test_roster(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked(), on(RosterScreen))


def test_help_on_the_roster(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked(), keys("f1"), on(HelpScreen))


def test_client_form_edit(snap_compare, demo):
    """Ctrl+E on the roster's first row: the client's details, counselor note included."""
    assert shot(snap_compare, demo, unlocked(), keys("ctrl+e"), on(ClientForm))


def test_client_form_duplicate_code(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        unlocked(), keys("ctrl+n"), text("RIV-07"), keys("tab"), text("Marisol"),
        keys("ctrl+s"), on(ClientForm),
    )  # fmt: skip


def test_unsaved_changes(snap_compare, demo):
    """Escape from a form with something typed asks what to do with it."""
    assert shot(
        snap_compare, demo,
        unlocked(), keys("ctrl+n"), text("NEW-01"), keys("escape"), on(UnsavedChanges),
    )  # fmt: skip


def test_settings(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked(), keys("f9"), on(SettingsForm))


def test_drinks_table(snap_compare, demo):
    """Settings, Ctrl+D: the drinks and how many standard drinks each makes."""
    assert shot(snap_compare, demo, unlocked(), keys("f9"), on(SettingsForm), keys("ctrl+d"),
                on(DrinksScreen))  # fmt: skip


def test_session_screen(snap_compare, demo):
    """Ctrl+S in a workspace: today's session and the earlier ones, never the note's text."""
    assert shot(snap_compare, demo, client("RIV-07"), keys("ctrl+s"), on(SessionScreen))


def test_settings_zero_minutes(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        unlocked(), keys("f9", "home", "ctrl+k"), text("0"), keys("enter"), on(SettingsForm),
    )  # fmt: skip


def test_lock(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked(), keys("ctrl+l"), on(LockScreen))


def test_lock_wrong_passphrase(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        unlocked(), keys("ctrl+l"), text("not the one"), keys("enter"), on(LockScreen),
    )  # fmt: skip


def test_backup_form(snap_compare, demo):
    assert shot(snap_compare, demo, unlocked(), command("back up"), on(BackupForm))


def test_passphrase_form_new_ones_differ(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        unlocked(), command("change the passphrase"),
        text(DEMO_PASSPHRASE), keys("tab"), text("lantern harbour"), keys("tab"),
        text("lantern harbor"), keys("ctrl+s"), on(PassphraseForm),
    )  # fmt: skip


# -- the workspace ---------------------------------------------------------------------------


def test_workspace_details(snap_compare, demo):
    assert shot(snap_compare, demo, client("RIV-07"), on(WorkspaceScreen))


def test_client_view(snap_compare, demo):
    """F8: the screen turned toward the client (no counselor note, fewer keys)."""
    assert shot(snap_compare, demo, client("RIV-07"), keys("f8"), on(WorkspaceScreen))


def test_export_record_form(snap_compare, demo):
    assert shot(
        snap_compare, demo, client("RIV-07"), command("export this client"),
        on(ExportRecordForm),
    )  # fmt: skip


def test_delete_client_wrong_code(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        client("RIV-07"), command("delete this client"), text("RIV-08"), keys("ctrl+s"),
        on(DeleteClientForm),
    )  # fmt: skip


# -- intake (F3) -----------------------------------------------------------------------------


def test_intake_tab(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f3"))


def test_factor_form(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f3"), keys("ctrl+n"), on(FactorForm))


def test_factor_form_new_category(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f3"), keys("ctrl+n", "ctrl+n"), on(AddTermForm))


def test_baseline_form(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f3"), keys("ctrl+b"), on(BaselineForm))


def test_readiness_form_out_of_range(snap_compare, demo):
    """Importance 11: the message is next to the field; nothing is saved."""
    assert shot(
        snap_compare, demo,
        *tab("RIV-07", "f3"), keys("ctrl+y"), text("11"), keys("tab"), text("5"),
        keys("ctrl+s"), on(ReadinessForm),
    )  # fmt: skip


def test_auditc_form_scored(snap_compare, demo):
    assert shot(
        snap_compare, demo, *tab("RIV-07", "f3"), keys("ctrl+t", "3", "2", "1"), on(AuditCForm)
    )


# -- goals (F4) ------------------------------------------------------------------------------


def test_goals_tab(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"))


def test_goal_kind_picker(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+n"), on(KindPicker))


def test_goal_form_bad_target(snap_compare, demo):
    """A new reduce goal whose target is not a number."""
    assert shot(
        snap_compare, demo,
        *tab("RIV-07", "f4"), keys("ctrl+n", "1"), text("lots"), keys("ctrl+s"), on(GoalForm),
    )  # fmt: skip


def test_strategy_picker(snap_compare, demo):
    """Ctrl+O on the safer-use plan (the first goal): the menu of options."""
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+o"), on(StrategyPicker))


def test_strategy_picker_add_to_menu(snap_compare, demo):
    assert shot(
        snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+o", "ctrl+n"), on(MenuItemForm)
    )


def test_reason_for_a_changed_plan(snap_compare, demo):
    """A strategy ticked and saved: the change is shown and its reason asked for."""
    assert shot(
        snap_compare, demo,
        *tab("RIV-07", "f4"), keys("ctrl+o", "space", "ctrl+s"), on(ReasonDialog),
    )  # fmt: skip


def test_status_dialog_without_reason(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+t", "enter"), on(StatusDialog))


def test_step_back_dialog(snap_compare, demo):
    """FIR-09's taper: moving back a step shows the ladder before and after."""
    assert shot(snap_compare, demo, *tab("FIR-09", "f4"), keys("ctrl+b"), on(StepBackDialog))


def test_goal_history(snap_compare, demo):
    """The reduce goal (second row): its revisions, newest first."""
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"), keys("down", "ctrl+y"), on(HistoryScreen))


def test_plan_preview(snap_compare, demo):
    """Ctrl+G shows the take-home plan as the client will read it, before anything is written."""
    assert shot(snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+g"), on(PlanPreview))


def test_plan_dialog(snap_compare, demo):
    assert shot(
        snap_compare, demo, *tab("RIV-07", "f4"), keys("ctrl+g"), on(PlanPreview),
        keys("ctrl+s"), on(PlanDialog),
    )  # fmt: skip


# -- use log (F5) ----------------------------------------------------------------------------


def test_uselog_tab(snap_compare, demo):
    """The progress by week, with the chart and the sentences comparing it."""
    assert shot(snap_compare, demo, *tab("RIV-07", "f5"))


def test_entry_form_bad_amount(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        *tab("RIV-07", "f5"), keys("ctrl+u"), text("lots"), keys("ctrl+s"), on(EntryForm),
    )  # fmt: skip


def test_no_use_form(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f5"), keys("ctrl+o"), on(NoUseForm))


def test_calendar(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f5"), keys("ctrl+g"), on(CalendarScreen))


def test_calendar_day(snap_compare, demo):
    """e on yesterday: the day's entries."""
    assert shot(
        snap_compare, demo, *tab("RIV-07", "f5"), keys("ctrl+g", "left", "e"), on(DayScreen)
    )


def test_calendar_day_delete_question(snap_compare, demo):
    assert shot(
        snap_compare, demo,
        *tab("RIV-07", "f5"), keys("ctrl+g", "left", "e", "ctrl+d"), on(Confirm),
    )  # fmt: skip


def test_cue_form(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f5"), keys("ctrl+g", "c"), on(CueForm))


# -- reviews (F6) and the timeline (F10) -----------------------------------------------------


def worksheet(code: str = "RIV-07") -> list[Steps]:
    """The client's Reviews tab, Enter on the first review: its worksheet."""
    return [*tab(code, "f6"), keys("enter"), on(ReviewWorksheet)]


def section(number: int) -> Steps:
    """In the worksheet: Ctrl+O to the sections, the section's number, Enter into it."""
    return keys("ctrl+o", str(number), "enter")


def test_reviews_tab(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f6"))


def test_start_review_form(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f6"), keys("ctrl+n"), on(StartReviewForm))


def test_review_worksheet(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet())


def test_review_worksheet_bad_checkin(snap_compare, demo):
    """A check-in date that is not a date: the plan section, its message at the field."""
    assert shot(
        snap_compare, demo,
        *worksheet(), section(9), keys("tab", "tab", "tab", "home", "ctrl+k"), text("someday"),
        keys("ctrl+s"), on(ReviewWorksheet),
    )  # fmt: skip


def test_review_trigger_pick_list(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet(), section(2), keys("ctrl+n"), on(PickList))


def test_review_new_trigger_form(snap_compare, demo):
    assert shot(
        snap_compare, demo, *worksheet(), section(2), keys("ctrl+n", "end", "enter"),
        on(TriggerForm),
    )  # fmt: skip


def test_review_stressor_form(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet(), section(7), keys("ctrl+n"), on(StressorForm))


def test_review_revise_goal_form(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet(), keys("ctrl+g", "enter"), on(ReviseGoalForm))


def test_review_strategy_form(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet(), keys("ctrl+b", "enter"), on(StrategyForm))


def test_review_support_form(snap_compare, demo):
    assert shot(snap_compare, demo, *worksheet(), keys("ctrl+t", "enter"), on(SupportForm))


def test_timeline_tab(snap_compare, demo):
    assert shot(snap_compare, demo, *tab("RIV-07", "f10"))
