"""The use log with the keyboard only: quick entry, back-dating, calendar recall, progress."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime, timedelta

from textual.widgets import DataTable, Input, Static

from hrtui.domain import progress as prog
from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.uselog import (
    CalendarScreen,
    CueForm,
    DayScreen,
    EntryForm,
    NoUseForm,
    UseLogPane,
)
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault, uselog
from hrtui.store.clients import add_client
from hrtui.store.models import SubstanceBaseline
from hrtui.widgets.calendar import MonthGrid

from .pilot import open_client_tab, open_help, running, screen_text, settle, type_text

PASS = "river stone lamp"
DR = "standard drinks"


def seeded(path, *, baseline: bool = True, fill=None) -> int:
    """A vault with one client (AB1) and, by default, an intake baseline of 5 drinks a day on
    5 days a week."""
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("AB1", "Sam")).id
        if baseline:
            with vault.session() as s:
                s.add(SubstanceBaseline(client_id=cid, substance="Alcohol", unit=DR, amount=5,
                                        days_per_week=5,
                                        taken_on=date.today() - timedelta(days=60),
                                        created_at=datetime.now()))  # fmt: skip
        if fill is not None:
            fill(vault, cid)
    return cid


async def open_uselog(pilot) -> UseLogPane:
    await open_client_tab(pilot, PASS, "f5")
    return pilot.app.screen.query_one(UseLogPane)


def entries(app, cid: int, day: date) -> list:
    return uselog.entries_on(app.vault, cid, day)


def error(app, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}", Static).render())


async def test_quick_entry_back_dating_and_the_progress_text(tmp_path):
    path = tmp_path / "v.db"
    cid = seeded(path)
    today = date.today()
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        assert "Nothing recorded for Alcohol this week yet." in pane.progress_text

        # one key from the workspace, then the amount and Enter
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#amount", Input).has_focus
        assert app.screen.query_one("#day", Input).value == today.isoformat()
        assert app.screen.query_one("#substance", Input).value == "Alcohol"
        assert app.screen.query_one("#unit", Input).value == DR
        await type_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [(e.amount, e.unit) for e in entries(app, cid, today)] == [(4, DR)]
        first = pane.progress_text
        assert "4 drinks per drinking day this week, down from 5 at intake: 20% less." in first

        # back-dated: the date field is just before the amount
        await pilot.press("ctrl+u")
        await settle(pilot)
        await pilot.press("shift+tab")
        await type_text(pilot, "-1")  # the field's text is selected: typing replaces it
        await pilot.press("tab")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await settle(pilot)
        yesterday = today - timedelta(days=1)
        assert [e.amount for e in entries(app, cid, yesterday)] == [2]
        second = pane.progress_text
        assert second != first
        if today.weekday() == 0:  # yesterday was last week
            assert "More than last week (2); worth talking about what changed." in second
        else:
            assert "3 drinks per drinking day this week, down from 5 at intake: 40% less." in second


async def test_fill_three_past_days_in_the_calendar(tmp_path):
    path = tmp_path / "v.db"
    cid = seeded(path)
    today = date.today()
    days = [today - timedelta(days=n) for n in (7, 6, 5)]
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        before = pane.progress_text
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        grid = app.screen.query_one(MonthGrid)
        assert grid.cursor == today

        await pilot.press("up")  # a week back
        await settle(pilot)
        assert grid.cursor == days[0]
        await pilot.press("enter")  # the form, filled in for that day
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#day", Input).value == days[0].isoformat()
        await type_text(pilot, "3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert grid.cursor == days[1]  # on to the next day

        await pilot.press("n")  # no use that day
        await settle(pilot)
        assert grid.cursor == days[2]

        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "5")
        await pilot.press("enter")
        await settle(pilot)
        assert grid.cursor == today - timedelta(days=4)

        assert [e.amount for e in entries(app, cid, days[0])] == [3]
        assert [(e.no_use, e.substance) for e in entries(app, cid, days[1])] == [(True, "")]
        assert [e.amount for e in entries(app, cid, days[2])] == [5]
        # the grid shows the three kinds of day differently
        await pilot.press("up")
        await settle(pilot)
        shown = grid.render().plain
        if days[0].month == days[2].month == grid.cursor.month:
            assert "3 dr" in shown and "no use" in shown and "5 dr" in shown
        assert "·" in shown  # days nobody recorded
        detail = str(app.screen.query_one("#cal-day", Static).render())
        assert "Nothing recorded" in detail  # today - 11

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert pane.progress_text != before
        table = pane.query_one("#uselog-table", DataTable)
        rows = {}
        for day in days:
            key = prog.period_start(day, prog.WEEK).isoformat()
            rows.setdefault(key, []).append(day)
        for key, in_week in rows.items():
            label = key + ("*" if key == prog.period_start(today, prog.WEEK).isoformat() else "")
            row = table.get_row(key)
            assert str(row[0]) == label
            expected_use = sum(1 for d in in_week if d != days[1])
            assert str(row[1]) == str(expected_use)


async def test_bad_input_shows_at_the_field_and_saves_nothing(tmp_path):
    path = tmp_path / "v.db"
    cid = seeded(path)
    today = date.today()
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)

        await type_text(pilot, "-3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert "cannot be negative" in error(app, "amount")

        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "lots")
        await pilot.press("enter")
        await settle(pilot)
        assert "Type a number" in error(app, "amount")

        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "4")
        await pilot.press("shift+tab")
        await pilot.press("plus", "2")
        await pilot.press("enter")
        await settle(pilot)
        assert "in the future" in error(app, "day")
        assert app.screen.query_one("#day", Input).has_focus
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "today")

        await pilot.press("tab", "tab")  # to the unit
        await type_text(pilot, "bottles")
        await pilot.press("enter")
        await settle(pilot)
        assert "new unit for Alcohol" in error(app, "unit")
        assert error(app, "day") == ""
        assert isinstance(app.screen, EntryForm)
        assert entries(app, cid, today) == []

        await pilot.press("enter")  # saving again confirms the new unit
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [(e.amount, e.unit) for e in entries(app, cid, today)] == [(4, "bottles")]


async def test_no_use_is_its_own_quick_action(tmp_path):
    path = tmp_path / "v.db"
    cid = seeded(path)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, NoUseForm)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [e.no_use for e in entries(app, cid, date.today())] == [True]
        assert "No use of Alcohol recorded this week: 1 day with no use." in pane.progress_text


async def test_cues_and_editing_a_day(tmp_path):
    path = tmp_path / "v.db"
    today = date.today()

    def fill(vault, cid):
        uselog.add_entry(vault, cid, EntryInput(day=today, substance="Alcohol", amount="6",
                                                unit=DR))  # fmt: skip

    cid = seeded(path, fill=fill)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        grid = app.screen.query_one(MonthGrid)
        assert "6 dr" in grid.render().plain

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CueForm)
        await type_text(pilot, "payday")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert "♦payday" in grid.render().plain

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        table = app.screen.query_one("#day-table", DataTable)
        assert table.row_count == 2  # the entry and the cue
        await pilot.press("enter")  # edit the entry
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#amount", Input).value == "6"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "4.5")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert [e.amount for e in entries(app, cid, today)] == [4.5]

        await pilot.press("down", "ctrl+d")  # the cue
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert "payday" not in grid.render().plain
        assert "4.5 dr" in grid.render().plain
        await pilot.press("escape")
        await settle(pilot)
        assert "4.5 drinks per drinking day this week" in pane.progress_text


async def test_f1_lists_the_use_log_keys(tmp_path):
    path = tmp_path / "v.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        await open_help(pilot)
        keys = dict((what, key) for key, what in app.screen.keys)
        for what in ("Log use", "Record a day with no use", "Calendar recall: fill past days",
                     "Show the next substance", "By week or by month"):  # fmt: skip
            assert what in keys, keys
        assert "no streaks" in app.screen.about.lower()


async def test_weeks_months_substances_and_earlier_windows(tmp_path):
    path = tmp_path / "v.db"
    today = date.today()

    def fill(vault, cid):
        rows = []
        for i in range(400):
            day = today - timedelta(days=i)
            rows.append(EntryInput(day=day, substance="Alcohol", amount=3, unit=DR))
            if i % 3 == 0:
                rows.append(EntryInput(day=day, substance="Cannabis", amount=1, unit="joints"))
        uselog.add_entries(vault, cid, rows)

    seeded(path, fill=fill)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        table = pane.query_one("#uselog-table", DataTable)
        assert table.row_count == 26
        head = str(pane.query_one("#uselog-head", Static).render())
        assert "Alcohol" in head
        await pilot.press("s")
        await settle(pilot)
        assert "Cannabis" in str(pane.query_one("#uselog-head", Static).render())
        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 12
        assert str(table.get_row_at(0)[0]).startswith(today.strftime("%Y-%m"))
        await pilot.press("b")  # earlier months
        await settle(pilot)
        assert table.row_count >= 1
        assert pane.view is not None and pane.view.has_later
        await pilot.press("f")
        await settle(pilot)
        assert str(table.get_row_at(0)[0]).startswith(today.strftime("%Y-%m"))


async def test_a_ten_year_log_opens_with_one_window(tmp_path):
    """Ten years of daily entries for three substances: the pane loads 26 weeks, nothing more."""
    path = tmp_path / "v.db"
    today = date.today()

    def fill(vault, cid):
        rows = []
        for i in range(3652):
            day = today - timedelta(days=i)
            rows.append(EntryInput(day=day, substance="Alcohol", amount=2, unit=DR))
            rows.append(EntryInput(day=day, substance="Cannabis", amount=1, unit="joints"))
            rows.append(EntryInput(day=day, substance="Tobacco / nicotine", amount=8,
                                   unit="cigarettes"))  # fmt: skip
        uselog.add_entries(vault, cid, rows)

    seeded(path, fill=fill)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        assert pane.view is not None
        assert len(pane.view.summaries) == 26
        assert pane.query_one("#uselog-table", DataTable).row_count == 26
        assert "2 drinks per drinking day this week" in pane.progress_text


async def test_strategies_of_the_plan_are_ticked_with_space(tmp_path):
    path = tmp_path / "v.db"
    today = date.today()

    def fill(vault, cid):
        from hrtui.store.models import Goal, GoalStrategy

        with vault.session() as s:
            goal = Goal(client_id=cid, kind="safer", title="Safer nights", start_on=today,
                        created_at=datetime.now(), updated_at=datetime.now())  # fmt: skip
            s.add(goal)
            s.flush()
            for label in ("A glass of water with each drink", "Eat before drinking"):
                s.add(GoalStrategy(goal_id=goal.id, concern="Alcohol", label=label,
                                   added_on=today))  # fmt: skip

    cid = seeded(path, fill=fill)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)
        await type_text(pilot, "5")
        # amount → unit → substance → route → setting → with whom → craving → mood → plan
        await pilot.press(*["tab"] * 8)
        await pilot.press("down", "space")  # the second strategy
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        (entry,) = uselog.day_entries(app.vault, cid, today)[0]
        assert entry.strategies == ("Eat before drinking",)
        assert (
            "Safer-use strategies used on 1 day: Eat before drinking (1 day). "
            "That counts as progress, whatever the amounts." in pane.progress_text
        )


async def test_deleting_an_entry_named_in_a_review_says_so_first(tmp_path):
    from hrtui.screens.confirm import Confirm
    from hrtui.store.reviews import start_review

    today = date.today()

    def fill(vault, cid):
        uselog.add_entry(vault, cid, EntryInput(day=today, substance="Alcohol", amount="6",
                                                unit=DR))  # fmt: skip
        start_review(vault, cid, today)  # links the day's entries

    cid = seeded(path := tmp_path / "v.db", fill=fill)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert f"The review of {today.isoformat()} names it" in app.screen.question
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert len(entries(app, cid, today)) == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert entries(app, cid, today) == []
        assert "No entries" in screen_text(app) or "Nothing recorded" in screen_text(app)
