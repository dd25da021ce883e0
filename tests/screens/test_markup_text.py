"""Text a person typed is shown as typed on every screen, even when it looks like markup.

A plain string given to a Select, a SelectionList, an OptionList, a Label, a Static or a
notification is read as markup by Textual: a label such as ``[/] [b]x[/b]`` added to an
editable list (a factor category, a substance, a route, a safer-use strategy) would stop the
app with "unexpected error", for every client, every time the list is shown again; ``[b]``
would turn text bold and ``\\[x]`` lose its backslash. First a test per kind of list, adding
the label through the UI the way a person would; then a sweep that writes markup-like labels
straight into every vocabulary and every free-text column and opens every tab, form and dialog
that lists them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest
import time_machine
from conftest import ORDINARY_DAY
from helpers import fast_kdf, vault_with_clients
from textual.widgets import SelectionList

from hrtui.app import CRASH_LINE
from hrtui.demo import DEMO_PASSPHRASE, build_demo
from hrtui.domain import vocab
from hrtui.domain.clients import ClientInput
from hrtui.screens.goals import (
    GoalForm,
    GoalsPane,
    HistoryScreen,
    MenuItemForm,
    StrategyPicker,
)
from hrtui.screens.intake import AddTermForm, BaselineForm, FactorForm
from hrtui.screens.reviews import PickList, ReviewWorksheet, StrategyForm, StressorForm
from hrtui.screens.roster import RosterScreen
from hrtui.screens.uselog import CalendarScreen, DayScreen, EntryForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store.clients import find_client
from hrtui.store.uselog import add_cue
from hrtui.store.vault import connect
from hrtui.store.vocab import add_term

from .pilot import (
    SIZE,
    choose,
    make_app,
    open_workspace,
    screen_text,
    settle,
    type_text,
    unlock,
)

PASS = "markup pass phrase"
#: What a person types as a label in the tests that go through the UI.
LABEL = "[/] [b]x[/b]"


def one_client(tmp_path: Path) -> Path:
    path = tmp_path / "vault.db"
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol", "she/her"))
    return path


@asynccontextmanager
async def unlocked(path: Path) -> AsyncIterator[tuple]:
    """The app on ``path``, unlocked, with its notifications shown (Pilot hides them unless
    asked): (app, pilot)."""
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await unlock(pilot, PASS)
        yield app, pilot


def toast(app, text: str) -> None:
    """``text`` is in a notification on screen; then the notifications are cleared (so they
    hide nothing the test looks at next)."""
    shown = screen_text(app)
    app.clear_notifications()
    assert text in shown, shown


def still_running(app) -> str:
    """The app did not stop (no error caught, no crash line waiting to be printed, no error
    reported on screen); what the screen shows."""
    assert app._exception is None, repr(app._exception)
    assert CRASH_LINE not in app._exit_renderables
    shown = screen_text(app)
    assert "Something went wrong" not in shown
    return shown


async def press(pilot, *keys: str) -> str:
    """Press ``keys``, let the app settle; what the screen shows then."""
    await pilot.press(*keys)
    await settle(pilot)
    return still_running(pilot.app)


async def focus(pilot, field_id: str, limit: int = 40) -> str:
    """Tab (or Shift+Tab, for a field above) to the field ``field_id``; the screen then."""
    screen = pilot.app.screen
    ids = [w.id for w in screen.focus_chain]
    key = "shift+tab" if ids.index(field_id) < ids.index(pilot.app.focused.id) else "tab"
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            return await press(pilot)
        await pilot.press(key)
    raise AssertionError(f"never reached #{field_id}")


async def open_client(pilot, tab: str) -> None:
    """Unlock has happened: open the only client's workspace on ``tab`` (F3…)."""
    await open_workspace(pilot)
    assert isinstance(pilot.app.screen, WorkspaceScreen)
    await press(pilot, tab)


# -- one test per kind of list, the label added through the UI ---------------------------------


async def test_a_factor_category_like_markup_is_listed_as_typed(tmp_path):
    async with unlocked(one_client(tmp_path)) as (app, pilot):
        await open_client(pilot, "f3")
        await press(pilot, "ctrl+n")  # a new factor
        await press(pilot, "ctrl+n")  # a new category for the list
        assert isinstance(app.screen, AddTermForm)
        await type_text(pilot, LABEL)
        shown = await press(pilot, "enter")
        assert isinstance(app.screen, FactorForm)
        assert LABEL in shown  # chosen in the form
        await pilot.press("tab")
        await type_text(pilot, "Since the move")
        await pilot.press("tab")
        await choose(pilot, "raises")
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WorkspaceScreen)
        assert LABEL in shown  # the factor's row
        # offered again to the next factor: open the list of categories, go to its end
        await press(pilot, "ctrl+n")
        await pilot.press("tab")
        shown = await press(pilot, "enter", "end")
        assert isinstance(app.screen, FactorForm)
        assert "Mental health" in shown and LABEL in shown


async def test_a_substance_like_markup_added_at_intake_is_listed_as_typed(tmp_path):
    async with unlocked(one_client(tmp_path)) as (app, pilot):
        await open_client(pilot, "f3")
        await press(pilot, "ctrl+b")  # a substance baseline
        await press(pilot, "ctrl+n")  # a new substance for the list
        assert isinstance(app.screen, AddTermForm)
        await type_text(pilot, LABEL)
        shown = await press(pilot, "enter")
        assert isinstance(app.screen, BaselineForm)
        assert LABEL in shown
        await pilot.press("tab", "tab", "tab")  # past the routes to the amount
        await type_text(pilot, "2")
        await pilot.press("tab", "tab")  # past the occasions on a use day (1)
        await type_text(pilot, "cups")
        await pilot.press("tab")
        await type_text(pilot, "3")
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WorkspaceScreen)
        toast(app, f"Baseline for {LABEL} saved.")
        # a new reduce goal starts from the client's own substance
        await press(pilot, "f4", "ctrl+n", "1")
        assert isinstance(app.screen, GoalForm)
        shown = await focus(pilot, "substance")
        assert LABEL in shown


async def test_a_substance_like_markup_typed_in_the_use_log_is_shown_as_typed(tmp_path, clock):
    async with unlocked(one_client(tmp_path)) as (app, pilot):
        await open_client(pilot, "f5")
        await press(pilot, "ctrl+u")
        assert isinstance(app.screen, EntryForm)
        await type_text(pilot, "2")  # the amount has the focus
        await pilot.press("tab")
        await type_text(pilot, "cups")
        await pilot.press("tab")
        await type_text(pilot, LABEL)  # typing replaces the usual substance
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, EntryForm)  # a unit new for the substance: asked once
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WorkspaceScreen)
        toast(app, f"Saved 2 cups of {LABEL} today.")
        assert f"{LABEL} · cups · by week" in shown  # the use log shows what was logged last
        # the calendar, then the day's entries
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, CalendarScreen)
        shown = await press(pilot, "e")
        assert isinstance(app.screen, DayScreen)
        assert LABEL in shown


async def test_a_strategy_and_a_goal_title_like_markup_are_listed_as_typed(tmp_path):
    title = "[red]plan[/]"
    async with unlocked(one_client(tmp_path)) as (app, pilot):
        await open_client(pilot, "f4")
        await press(pilot, "ctrl+n")
        await press(pilot, "2")  # a safer-use goal: the menu of options has the focus
        await press(pilot, "ctrl+n")  # add a strategy to the menu
        assert isinstance(app.screen, MenuItemForm)
        await type_text(pilot, LABEL)
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, GoalForm)
        toast(app, f"Added to the menu: {LABEL}")
        await focus(pilot, "client_words")
        await type_text(pilot, "Safe nights out")
        await focus(pilot, "title")
        await type_text(pilot, title)
        shown = await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WorkspaceScreen)
        toast(app, f"Goal added: {title}")
        # the menu of options again (grouped: the strategy is with those for anyone, before
        # the options for other substances): down the list to it
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, StrategyPicker)
        options = app.screen.query_one(SelectionList).option_count
        shown = still_running(app)
        for _ in range(options):
            if f"General: {LABEL}" in shown:
                break
            shown = await press(pilot, "down")
        assert f"General: {LABEL}" in shown, shown  # the highlighted strategy, in full
        await press(pilot, "escape")
        # the use log's entry offers the plan's strategies to tick
        await press(pilot, "f5", "ctrl+u")
        assert isinstance(app.screen, EntryForm)
        shown = await focus(pilot, "strategies")
        assert LABEL in shown
        await press(pilot, "escape")
        # a review lists the goal to revise
        await press(pilot, "f6", "ctrl+n")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReviewWorksheet)
        shown = await press(pilot, "ctrl+g")
        assert isinstance(app.screen, PickList)
        assert title in shown


async def test_a_roster_search_like_markup_is_shown_as_typed(tmp_path):
    async with unlocked(one_client(tmp_path)) as (app, pilot):
        assert isinstance(app.screen, RosterScreen)
        await type_text(pilot, "[/]")
        await settle(pilot)
        still_running(app)
        assert 'matching "[/]"' in screen_text(app)


# -- the sweep: markup in every vocabulary and every free-text column --------------------------

FREE_TEXT = {  # table: columns a counselor or client types freely, and labels of the lists
    "client": ("display_name", "note"),
    "factor": ("category", "description", "note"),
    "substance_baseline": ("substance", "unit", "routes", "what_it_does"),
    "readiness_rating": ("why_not_lower", "one_up"),
    "goal": ("title", "client_words", "why_it_matters", "steps", "helpers", "obstacles",
             "working_when", "counselor_note", "substance", "unit"),
    "goal_step": ("unit",),
    "goal_strategy": ("label", "note"),
    "goal_revision": ("reason",),
    "use_entry": ("substance", "unit", "route", "setting", "with_whom", "note"),
    "memory_cue": ("label",),
    "review": ("what_happened", "place", "with_whom", "what_used", "thoughts_before",
               "thoughts_after", "self_talk", "warning_signs", "what_reduced_harm",
               "consequences", "learned"),
    "review_trigger": ("label",),
    "review_stressor": ("text",),
}  # fmt: skip

#: Labels that Textual would read as markup: a closing tag with nothing open (an error that
#: stops the app), a style (bold) with an unclosed colour, an escaped bracket, a click action.
SWEEP = ["[/] [b]x[red]", "\\[x] [@click=a]q"]


def on_the_list(markup: str) -> str:
    """What the sweep adds to every editable list: the markup, told apart from the same markup
    in the records (so a list shown is seen to hold the added term)."""
    return f"{markup} +"


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory) -> Path:
    """The demo vault, built once for this module (on the day every test's clock shows), with
    a memory cue on that day for the first client."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with time_machine.travel(ORDINARY_DAY, tick=False), fast_kdf():
        build_demo(path, DEMO_PASSPHRASE, ORDINARY_DAY.date())
        with closing(Vault.open(path, DEMO_PASSPHRASE)) as vault:
            client = find_client(vault, "RIV-07")
            add_cue(vault, client.id, ORDINARY_DAY.date(), "payday")
    return path


def markup_everywhere(source: Path, path: Path, markup: str) -> None:
    """A copy of ``source`` at ``path`` with ``markup`` in every free-text column, and
    :func:`on_the_list` added to every editable list (each group of it)."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{path}{suffix}")
    conn = connect(path, DEMO_PASSPHRASE)
    try:
        for table, columns in FREE_TEXT.items():
            sets = ", ".join(f"{column} = ?" for column in columns)
            conn.execute(f"UPDATE {table} SET {sets}", (markup,) * len(columns))
        conn.commit()
    finally:
        conn.close()
    with closing(Vault.open(path, DEMO_PASSPHRASE)) as vault:
        for kind in vocab.EDITABLE_KINDS:
            for grp in vocab.builtin_terms(kind):
                assert add_term(vault, kind, grp, on_the_list(markup)) == on_the_list(markup)


def shows(text: str, typed: str) -> bool:
    """``typed`` is in the screen's ``text`` as typed (not with a backslash more before it, as
    when markup escaping was applied to text that is then not read as markup)."""
    return re.search(r"(?<!\\)" + re.escape(typed), text) is not None


def chosen(text: str, value: str) -> bool:
    """``value`` is what a Select on the screen shows as chosen (on the line of its arrow)."""
    return any(shows(line, value) and ("▼" in line or "▲" in line) for line in text.splitlines())


async def down_to(pilot, rows: list, wanted) -> None:
    """In a list in front, with the first row highlighted: Down to the first row ``wanted``
    says yes to (from the rows' data, to know how often to press)."""
    await press(pilot, *["down"] * next(i for i, row in enumerate(rows) if wanted(row)))


@pytest.mark.parametrize("markup", SWEEP)
async def test_markup_in_every_list_and_field_is_shown_as_typed_everywhere(
    tmp_path, clock, demo_vault, markup
):
    assert clock.today == ORDINARY_DAY.date()  # the demo's day: its cue is on the calendar
    path = tmp_path / "demo.db"
    markup_everywhere(demo_vault, path, markup)
    listed = on_the_list(markup)
    seen: dict[str, str] = {}  # where: the screen there, which shows the markup as typed
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, DEMO_PASSPHRASE)
        seen["roster"] = screen_text(app)
        await type_text(pilot, "riv")
        seen["details"] = await press(pilot, "enter")
        workspace = app.screen
        assert isinstance(workspace, WorkspaceScreen)

        # intake: the factors; a factor's form and its list of categories
        seen["intake"] = await press(pilot, "f3")
        seen["factor form"] = await press(pilot, "down", "enter")
        assert isinstance(app.screen, FactorForm) and chosen(seen["factor form"], markup)
        await pilot.press("tab")
        categories = await press(pilot, "enter", "end")
        assert shows(categories, listed)
        await press(pilot, "escape", "escape")
        # the baselines; retaking one: its substance and the list of routes
        seen["baselines"] = await press(pilot, "2")
        seen["baseline form"] = await press(pilot, "enter")
        assert isinstance(app.screen, BaselineForm) and chosen(seen["baseline form"], markup)
        await pilot.press("tab")
        routes = await press(pilot, "end")
        assert shows(routes, listed)
        await press(pilot, "escape")

        # goals: the table; the reduce goal's form (its substance); the menu of options; history
        seen["goals"] = await press(pilot, "f4")
        await down_to(pilot, workspace.query_one(GoalsPane).details,
                      lambda d: d.goal.kind == "reduce")  # fmt: skip
        seen["goal form"] = await press(pilot, "enter")
        assert isinstance(app.screen, GoalForm) and chosen(seen["goal form"], markup)
        await press(pilot, "escape")
        menu = await press(pilot, "ctrl+o")
        assert isinstance(app.screen, StrategyPicker) and shows(menu, listed)
        await press(pilot, "escape")
        seen["history"] = await press(pilot, "ctrl+y")
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "escape")

        # use log: the substance's progress; the entry form: its routes, the plan's strategies
        seen["use log"] = await press(pilot, "f5")
        assert shows(seen["use log"], f"{markup} · {markup} · by week")  # substance, unit
        seen["entry form"] = await press(pilot, "ctrl+u")
        assert isinstance(app.screen, EntryForm)
        await focus(pilot, "route")
        routes = await press(pilot, "enter", "end")
        assert shows(routes, listed)
        await press(pilot, "escape")
        seen["strategies to tick"] = await focus(pilot, "strategies")
        await press(pilot, "escape")
        # the calendar (the day's memory cue) and the day's entries
        seen["calendar"] = await press(pilot, "ctrl+g")
        assert isinstance(app.screen, CalendarScreen)
        seen["day"] = await press(pilot, "e")
        assert isinstance(app.screen, DayScreen)
        await press(pilot, "escape", "escape")

        # reviews: the worksheet's triggers and stressors, and what they open
        seen["reviews"] = await press(pilot, "f6")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReviewWorksheet)
        seen["triggers"] = await press(pilot, "ctrl+o", "2", "enter")
        seen["trigger picker"] = await press(pilot, "ctrl+n")
        assert isinstance(app.screen, PickList)
        await press(pilot, "escape")
        seen["stressors"] = await press(pilot, "ctrl+o", "7", "enter")
        await press(pilot, "ctrl+n")
        assert isinstance(app.screen, StressorForm)
        await focus(pilot, "category")
        categories = await press(pilot, "enter", "end")
        assert shows(categories, listed)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ReviewWorksheet)
        # plan changes: a strategy from the menu for a goal; revising the reduce goal
        seen["goal picker"] = await press(pilot, "ctrl+b")
        assert isinstance(app.screen, PickList)
        await press(pilot, "enter")
        assert isinstance(app.screen, StrategyForm)
        strategies = await press(pilot, "enter")
        assert shows(strategies, f"Overdose: {listed}")
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ReviewWorksheet)
        await press(pilot, "ctrl+g")
        await down_to(pilot, [goal for _, goal in app.screen.options],
                      lambda goal: goal.kind == "reduce")  # fmt: skip
        seen["revise form"] = await press(pilot, "enter")
        assert shows(seen["revise form"], f"New target ({markup}")
        await press(pilot, "escape", "escape")

        seen["timeline"] = await press(pilot, "f10")
        still_running(app)

    missing = [where for where, text in seen.items() if not shows(text, markup)]
    assert missing == [], f"{markup!r} is not shown as typed in: {missing}"


# -- when something does go wrong --------------------------------------------------------------


async def test_an_unexpected_error_ends_the_app_with_one_line_and_no_record_text(tmp_path, capsys):
    app = make_app(one_client(tmp_path))
    with pytest.raises(RuntimeError):
        async with app.run_test() as pilot:
            await unlock(pilot, PASS)

            def broken() -> None:
                secret = "Marisol's words"  # a local, as a real error would have
                raise RuntimeError(secret)

            app.call_later(broken)
            await pilot.pause()
    assert app.return_code == 1
    printed = capsys.readouterr()
    terminal = " ".join((printed.out + printed.err).split())
    assert CRASH_LINE in terminal
    assert "Marisol" not in terminal and "Traceback" not in terminal
