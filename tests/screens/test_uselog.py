"""The use log with the keyboard only: quick entry, back-dating, calendar recall, progress.

What a person must see is read off the screen (:func:`shown`, :func:`table_row`,
:func:`grid_cell`, :func:`day_detail`); the store is read only to check what was saved.
Tests whose outcome hangs on the calendar (weeks, months, the grid) run on ``any_day``.
"""

from __future__ import annotations

import calendar
import re
from contextlib import closing
from datetime import date, datetime, time, timedelta

from textual.widgets import DataTable

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

from .pilot import open_client_tab, open_help, running, screen_lines, settle, type_text

PASS = "river stone lamp"
DR = "standard drinks"
#: Frame and scrollbar characters at the ends of a screen row (not words).
EDGES = " █▊▎▌▐│▔▁▄▀▇"


def seeded(path, today: date, *, baseline: bool = True, fill=None) -> int:
    """A vault with one client (AB1) and, by default, an intake baseline (taken 60 days before
    ``today``) of 5 drinks a day on 5 days a week."""
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("AB1", "Sam")).id
        if baseline:
            taken = today - timedelta(days=60)
            with vault.session() as s:
                s.add(SubstanceBaseline(client_id=cid, substance="Alcohol", unit=DR, amount=5,
                                        days_per_week=5, taken_on=taken,
                                        created_at=datetime.combine(taken, time(9))))  # fmt: skip
        if fill is not None:
            fill(vault, cid)
    return cid


async def open_uselog(pilot) -> UseLogPane:
    await open_client_tab(pilot, PASS, "f5")
    return pilot.app.screen.query_one(UseLogPane)


def entries(app, cid: int, day: date) -> list:
    return uselog.entries_on(app.vault, cid, day)


# -- reading the screen -----------------------------------------------------------------------


def shown(app) -> str:
    """Every word on the screen in reading order, rows joined and frame edges left out, so a
    sentence wrapped over several rows reads as one."""
    return " ".join(word for line in screen_lines(app) for word in line.strip(EDGES).split())


def table_row(app, label: str) -> list[str]:
    """The cells shown in the use-log table's row for the period ``label`` ("2027-06-07*")."""
    for line in screen_lines(app):
        cells = line.strip(EDGES).split()
        if line.startswith("▊") and cells and cells[0] == label:  # inside the table's frame
            return cells
    raise AssertionError(f"no row {label!r} on the screen:\n" + "\n".join(screen_lines(app)))


def label(start: date, grain: str, today: date) -> str:
    """How the table names the period starting on ``start``: its first day (week) or its month,
    with * while the period is not over ("so far"; on its last day it is whole)."""
    name = start.isoformat() if grain == prog.WEEK else start.strftime("%Y-%m")
    return name + ("*" if today < prog.period_end(start, grain) else "")


def grid_cell(app, day: date) -> tuple[str, str]:
    """The calendar's cell for ``day`` as shown: (its top row: the day's number and cue, its
    bottom row: what is recorded). The grid must show ``day``'s month."""
    lines = screen_lines(app)
    assert f"{day:%B %Y}" in shown(app), f"the calendar does not show {day:%B %Y}"
    head = next(i for i, line in enumerate(lines) if re.search(r"\bMon +Tue +Wed +Thu", line))
    left = lines[head].index("Mon")
    width = lines[head].index("Tue") - left
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    row = next(i for i, week in enumerate(weeks) if day in week)
    x = left + day.weekday() * width
    top, bottom = (lines[head + 1 + 2 * row + k][x : x + width].strip() for k in (0, 1))
    return top, bottom


def day_detail(app, day: date) -> str:
    """What the line under the calendar says about ``day`` (it shows the day under the cursor:
    no such line, no cursor on ``day``)."""
    pattern = re.compile(rf"{day:%a} {day.isoformat()}(?: \([^)]*\))?: (.*)$")
    for line in screen_lines(app):
        found = pattern.search(line.strip(EDGES))
        if found:
            return found.group(1).strip()
    raise AssertionError(f"{day} is not under the cursor:\n" + "\n".join(screen_lines(app)))


# -- tests ------------------------------------------------------------------------------------


async def test_quick_entry_back_dating_the_progress_text_and_editing_the_day(tmp_path, any_day):
    """Quick entry today and a week ago, then in the calendar: a memory cue on today, today's
    amount corrected from its day screen, the cue deleted again."""
    path = tmp_path / "v.db"
    today = any_day.today
    week_ago = today - timedelta(weeks=1)  # always in last week
    cid = seeded(path, today)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        assert "Nothing recorded for Alcohol this week yet." in shown(app)

        # one key from the workspace, then the amount and Enter
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        lines = screen_lines(app)
        assert "Log use · today" in shown(app)
        assert any(today.isoformat() in line and DR in line for line in lines), lines
        assert any("Alcohol" in line for line in lines), lines
        await type_text(pilot, "4")  # the amount has the focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [(e.amount, e.unit) for e in entries(app, cid, today)] == [(4, DR)]
        this_week = "4 drinks per drinking day this week, down from 5 at intake: 20% less."
        assert this_week in shown(app)
        assert "last week" not in shown(app)

        # back-dated: the date field is just before the amount
        await pilot.press("ctrl+u")
        await settle(pilot)
        await pilot.press("shift+tab")
        await type_text(pilot, "-7")  # the field's text is selected: typing replaces it
        await pilot.press("tab")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [e.amount for e in entries(app, cid, week_ago)] == [2]
        assert entries(app, cid, today)[0].amount == 4
        text = shown(app)
        assert this_week in text
        assert "More than last week (2); worth talking about what changed." in text
        last_week = prog.period_start(week_ago, prog.WEEK).isoformat()
        assert table_row(app, last_week)[1:8] == ["1", "0", "6", "2", "2", "2", "0"]

        # the calendar: a memory cue on today, today's amount corrected on the day's screen
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert grid_cell(app, today) == (str(today.day), "4 dr")

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CueForm)
        await type_text(pilot, "payday")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert grid_cell(app, today) == (f"{today.day} ♦payday", "4 dr")
        assert day_detail(app, today) == "Alcohol 4 standard drinks  ♦ payday"

        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        table = app.screen.query_one("#day-table", DataTable)
        text = shown(app)
        assert f"{today:%A} {today.isoformat()}" in text
        assert "Alcohol 4 standard drinks" in text and "♦ memory cue payday" in text
        await pilot.press("enter")  # edit the entry
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "4.5")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert "Alcohol 4.5 standard drinks" in shown(app)  # the amount and its unit, whole
        assert [e.amount for e in entries(app, cid, today)] == [4.5]

        await pilot.press("down", "ctrl+d")  # the cue
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 1
        assert "payday" not in shown(app)
        await pilot.press("escape")
        await settle(pilot)
        assert grid_cell(app, today) == (str(today.day), "4.5 dr")
        assert "payday" not in shown(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "4.5 drinks per drinking day this week" in shown(app)


async def test_fill_three_past_days_in_the_calendar_then_no_use_today(tmp_path, any_day):
    """Last week's Monday, Tuesday and Wednesday, one after another: 3 drinks, no use, 5; then
    today marked as a day with no use by its quick action."""
    path = tmp_path / "v.db"
    today = any_day.today
    this_week = prog.period_start(today, prog.WEEK)
    last_week = this_week - timedelta(weeks=1)
    days = [last_week + timedelta(days=n) for n in range(3)]
    cid = seeded(path, today)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert day_detail(app, today) == "Nothing recorded"

        await pilot.press("up", *["left"] * today.weekday())  # a week back, to its Monday
        await settle(pilot)
        assert day_detail(app, days[0]) == "Nothing recorded"
        await pilot.press("enter")  # the form, filled in for that day
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        lines = screen_lines(app)
        assert any(days[0].isoformat() in line and DR in line for line in lines), lines
        await type_text(pilot, "3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert day_detail(app, days[1]) == "Nothing recorded"  # on to the next day

        await pilot.press("n")  # no use that day
        await settle(pilot)
        assert day_detail(app, days[2]) == "Nothing recorded"

        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "5")
        await pilot.press("enter")
        await settle(pilot)
        assert day_detail(app, days[2] + timedelta(days=1)) == "Nothing recorded"

        assert [e.amount for e in entries(app, cid, days[0])] == [3]
        assert [(e.no_use, e.substance) for e in entries(app, cid, days[1])] == [(True, "")]
        assert [e.amount for e in entries(app, cid, days[2])] == [5]

        # back over them: each day reads differently, in its cell and in the line below
        for day, words, cell in (
            (days[2], "Alcohol 5 standard drinks", "5 dr"),
            (days[1], "No use recorded", "no use"),
            (days[0], "Alcohol 3 standard drinks", "3 dr"),
            (days[0] - timedelta(days=1), "Nothing recorded", "·"),
        ):
            await pilot.press("left")
            await settle(pilot)
            assert day_detail(app, day) == words
            assert grid_cell(app, day) == (str(day.day), cell)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        # the table, newest first: this week so far (*), nothing in it; then last week
        so_far = str(today.weekday() + 1)
        assert table_row(app, label(this_week, prog.WEEK, today))[1:8] == [
            "0", "0", so_far, "–", "–", "–", "0",
        ]  # fmt: skip
        assert table_row(app, last_week.isoformat())[1:8] == ["2", "1", "4", "8", "4", "5", "0"]
        assert "Nothing recorded for Alcohol this week yet." in shown(app)
        await pilot.press("down")  # last week's sentences
        await settle(pilot)
        text = shown(app)
        assert "4 drinks per drinking day last week, down from 5 at intake: 20% less." in text
        assert "2 drinking days, 1 day with no use and 4 not recorded." in text
        wednesday = f"{days[2]:%a} {days[2].day} {days[2]:%b}"
        assert f"Most on one day: 5 drinks ({wednesday})." in text

        # no use today: its own quick action, counted in this week's row
        await pilot.press("up")  # back to this week
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, NoUseForm)
        assert today.isoformat() in shown(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [e.no_use for e in entries(app, cid, today)] == [True]
        assert "No use of Alcohol recorded this week: 1 day with no use." in shown(app)
        assert table_row(app, label(this_week, prog.WEEK, today))[1:4] == [
            "0", "1", str(today.weekday()),
        ]  # fmt: skip


async def test_bad_input_shows_at_the_field_and_saves_nothing_and_f1_keys(tmp_path, clock):
    path = tmp_path / "v.db"
    today = clock.today
    cid = seeded(path, today)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
        await pilot.press("ctrl+u")
        await settle(pilot)

        await type_text(pilot, "-3")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert "The amount cannot be negative." in shown(app)

        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "lots")
        await pilot.press("enter")
        await settle(pilot)
        assert "Type a number" in shown(app)
        assert "cannot be negative" not in shown(app)

        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "4")
        await pilot.press("shift+tab")
        await pilot.press("plus", "2")
        await pilot.press("enter")
        await settle(pilot)
        assert "That date is in the future." in shown(app)
        # the date field has the focus: what is typed replaces the date
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "today")

        await pilot.press("tab", "tab")  # to the unit
        await type_text(pilot, "bottles")
        await pilot.press("enter")
        await settle(pilot)
        assert "new unit for Alcohol" in shown(app)
        assert "in the future" not in shown(app)
        assert isinstance(app.screen, EntryForm)
        assert entries(app, cid, today) == []

        await pilot.press("enter")  # saving again confirms the new unit
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert [(e.amount, e.unit) for e in entries(app, cid, today)] == [(4, "bottles")]

        # F1 lists the use log's keys
        await open_help(pilot)
        keys = dict((what, key) for key, what in app.screen.keys)
        for what in ("Log use", "Record a day with no use", "Calendar recall: fill past days",
                     "Show the next substance", "By week or by month"):  # fmt: skip
            assert what in keys, keys
        assert "no streaks" in app.screen.about.lower()


async def test_weeks_months_substances_and_earlier_windows(tmp_path, any_day):
    path = tmp_path / "v.db"
    today = any_day.today

    def fill(vault, cid):
        rows = []
        for i in range(400):
            day = today - timedelta(days=i)
            rows.append(EntryInput(day=day, substance="Alcohol", amount=3, unit=DR))
            if i % 3 == 0:
                rows.append(EntryInput(day=day, substance="Cannabis", amount=1, unit="joints"))
        uselog.add_entries(vault, cid, rows)

    seeded(path, today, fill=fill)
    this_week = prog.period_start(today, prog.WEEK)
    this_month = prog.period_start(today, prog.MONTH)
    month = label(this_month, prog.MONTH, today)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        table = pane.query_one("#uselog-table", DataTable)
        assert table.row_count == 26  # weeks
        assert "Alcohol · standard drinks · by week" in shown(app)
        assert table_row(app, label(this_week, prog.WEEK, today))[1:3] == [
            str(today.weekday() + 1), "0",
        ]  # fmt: skip
        week_before = (this_week - timedelta(weeks=1)).isoformat()
        assert table_row(app, week_before)[1:5] == ["7", "0", "0", "21"]

        await pilot.press("s")
        await settle(pilot)
        assert "Cannabis · joints · by week" in shown(app)

        await pilot.press("m")
        await settle(pilot)
        assert table.row_count == 12  # months
        assert "Cannabis · joints · by month" in shown(app)
        assert table_row(app, month)
        month_before = prog.shift_period(this_month, prog.MONTH, -1).strftime("%Y-%m")
        assert table_row(app, month_before)

        await pilot.press("b")  # earlier months: the twelve before these
        await settle(pilot)
        assert table.row_count >= 1
        assert month not in shown(app).split()
        newest = prog.shift_period(this_month, prog.MONTH, -12).strftime("%Y-%m")
        assert str(table.get_row_at(0)[0]) == newest
        assert table_row(app, newest)

        await pilot.press("f")  # back to the latest
        await settle(pilot)
        assert table_row(app, month)


async def test_a_ten_year_log_opens_with_one_window(tmp_path, clock):
    """Ten years of daily entries for three substances: the pane loads 26 weeks, nothing more."""
    path = tmp_path / "v.db"
    today = clock.today

    def fill(vault, cid):
        rows = []
        for i in range(3652):
            day = today - timedelta(days=i)
            rows.append(EntryInput(day=day, substance="Alcohol", amount=2, unit=DR))
            rows.append(EntryInput(day=day, substance="Cannabis", amount=1, unit="joints"))
            rows.append(EntryInput(day=day, substance="Tobacco / nicotine", amount=8,
                                   unit="cigarettes"))  # fmt: skip
        uselog.add_entries(vault, cid, rows)

    seeded(path, today, fill=fill)
    async with running(path) as (app, pilot):
        pane = await open_uselog(pilot)
        assert pane.view is not None
        assert len(pane.view.summaries) == 26
        assert pane.query_one("#uselog-table", DataTable).row_count == 26
        assert "2 drinks per drinking day this week" in shown(app)


async def test_strategies_of_the_plan_are_ticked_with_space(tmp_path, clock):
    path = tmp_path / "v.db"
    today = clock.today

    def fill(vault, cid):
        from hrtui.store.models import Goal, GoalStrategy

        now = clock.now()
        with vault.session() as s:
            goal = Goal(client_id=cid, kind="safer", title="Safer nights", start_on=today,
                        created_at=now, updated_at=now)  # fmt: skip
            s.add(goal)
            s.flush()
            for label in ("A glass of water with each drink", "Eat before drinking"):
                s.add(GoalStrategy(goal_id=goal.id, concern="Alcohol", label=label,
                                   added_on=today))  # fmt: skip

    cid = seeded(path, today, fill=fill)
    async with running(path) as (app, pilot):
        await open_uselog(pilot)
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
            "That counts as progress, whatever the amounts." in shown(app)
        )


async def test_deleting_an_entry_named_in_a_review_says_so_first(tmp_path, clock):
    from hrtui.screens.confirm import Confirm
    from hrtui.store.reviews import start_review

    today = clock.today

    def fill(vault, cid):
        uselog.add_entry(vault, cid, EntryInput(day=today, substance="Alcohol", amount="6",
                                                unit=DR))  # fmt: skip
        start_review(vault, cid, today)  # links the day's entries

    cid = seeded(path := tmp_path / "v.db", today, fill=fill)
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
        assert f"The review of {today.isoformat()} names it" in shown(app)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert isinstance(app.screen, DayScreen)
        assert len(entries(app, cid, today)) == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert entries(app, cid, today) == []
        assert "Nothing recorded" in shown(app)
