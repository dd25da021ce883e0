"""The Reviews and Timeline tabs, keys only: start a review of a log day, pick a trigger from the
intake, add a stressor to the intake, mark the goal too ambitious and revise it, save half-done,
reopen the vault and finish it; the timeline shows the review among entries and revisions."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import date, timedelta

from helpers import alcohol_goal
from textual.widgets import DataTable, Input, Select, SelectionList

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import FactorInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.goals import HistoryScreen
from hrtui.screens.help import HelpScreen
from hrtui.screens.reviews import (
    PickList,
    ReviewsPane,
    ReviewWorksheet,
    ReviseGoalForm,
    StartReviewForm,
    StressorForm,
    SupportForm,
)
from hrtui.screens.uselog import CalendarScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as goals_store
from hrtui.store import intake as intake_store
from hrtui.store import reviews as store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client, get_client

from .pilot import (
    choose,
    line_with,
    open_client_tab,
    running,
    screen_lines,
    screen_prose,
    screen_text,
    settle,
    table_rows,
    type_text,
)

PASS = "reviews pass phrase"


def use_day(today: date) -> date:
    """The day of use every test reviews: two days before ``today``."""
    return today - timedelta(days=2)


def seed(path, today: date) -> tuple[int, int]:
    """One client with a reduce goal set 30 days before ``today``, an intake factor, a day of
    use two days before ``today`` (:func:`use_day`) and a day of no use before it."""
    day = use_day(today)
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        goal = alcohol_goal(vault, client.id, today - timedelta(days=30))
        intake_store.add_factor(
            vault, client.id,
            FactorInput("external", "Work and money", "Coworkers drink after the shift", "risk"),
        )  # fmt: skip
        uselog_store.add_entry(
            vault, client.id,
            EntryInput(day=day.isoformat(), substance="Alcohol", amount="7",
                       unit="standard drinks", setting="bar by the depot",
                       with_whom="coworkers", craving="8", mood="Stressed"),
        )  # fmt: skip
        uselog_store.record_no_use(vault, client.id, (day - timedelta(days=1)).isoformat())
        return client.id, goal.id


def opened(path) -> closing[Vault]:
    return closing(Vault.open(path, PASS))


def start_review(path, client_id: int, day: date) -> int:
    """A review of ``day`` started in the vault: its id."""
    with opened(path) as vault:
        return store.start_review(vault, client_id, day).review_id


async def open_review(pilot) -> None:
    """Unlock, the only client's Reviews tab, Enter on the first review: its worksheet."""
    await open_client_tab(pilot, PASS, "f6")
    await pilot.press("enter")
    await settle(pilot)


async def go_to_section(pilot, number: int) -> None:
    """Ctrl+O to the section list, the section's number, Enter into it."""
    await pilot.press("ctrl+o", str(number), "enter")
    await settle(pilot)


async def test_review_of_a_log_day_saved_half_done_then_finished_after_reopening(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, goal_id = seed(path, clock.today)
    day = use_day(clock.today)
    async with running(path) as (app, pilot):
        # start from the day in the use log's calendar (r)
        await open_client_tab(pilot, PASS, "f5")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("left", "left")  # two days ago
        await pilot.press("r")
        await settle(pilot)
        sheet = app.screen
        assert isinstance(sheet, ReviewWorksheet)
        # what happened is pre-filled from the day's log, and the alcohol goal is linked
        assert sheet.query_one("#what_used", Input).value == "Alcohol 7 standard drinks"
        assert sheet.query_one("#place", Input).value == "bar by the depot"
        assert sheet.query_one("#with_whom", Input).value == "coworkers"
        assert sheet.query_one("#goal_ids", SelectionList).selected == [goal_id]
        assert f"A day over the plan: {day.isoformat()}" in screen_text(app)  # 7 over a target of 3

        # a trigger picked from the intake
        await go_to_section(pilot, 2)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, PickList)
        assert "Coworkers drink after the shift" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert table_rows(sheet.query_one("#triggers", DataTable)) == [
            ["Coworkers drink after the shift", "in intake"]
        ]

        # a new stressor, added to the intake as an external factor
        await go_to_section(pilot, 7)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, StressorForm)
        await type_text(pilot, "Rent went up")
        await pilot.press("tab")
        assert app.screen.query_one("#grp", Select).value == "external"
        await pilot.press("tab")
        await choose(pilot, "Housing")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        assert table_rows(sheet.query_one("#stressors", DataTable)) == [
            ["Rent went up", "add (external)"]
        ]

        # were the goals too ambitious? yes, with a note
        await go_to_section(pilot, 6)
        assert app.focused.id == "goal_ids"
        await pilot.press("tab")
        await choose(pilot, "Yes")
        await pilot.press("tab")
        await type_text(pilot, "three a night was a big step with night shifts")

        # plan change: revise the goal; the reason starts from the answer above
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, PickList)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReviseGoalForm)
        assert form.query_one("#reason", Input).value.startswith("the goal asked too much")
        assert app.focused.id == "target_amount"
        await pilot.press("end", "backspace")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        assert "Reduce use: Alcohol (revised)" in screen_text(app)

        # a support for the same goal
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SupportForm)
        await type_text(pilot, "Walk with my sister on Sundays")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)

        # the next check-in, then save half-done
        await go_to_section(pilot, 9)
        assert "Changed in this review" in screen_text(app)
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "next_checkin"
        await type_text(pilot, "+7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "In progress" in screen_text(app)
        assert not sheet.dirty

        # back through the calendar to the Reviews tab: the review is in progress
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("f6")
        await settle(pilot)
        pane = app.screen.query_one(ReviewsPane)
        assert table_rows(pane.query_one("#reviews-table", DataTable))[0][:3] == [
            day.isoformat(),
            "A day over the plan",
            "In progress",
        ]
        assert line_with(app, day.isoformat(), "A day over the plan", "In progress")
        # the revision is in the goal's history, with the review as its reason
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        history = screen_text(app)  # a table: the reason wraps inside its column
        for words in ("(review)", "Review of", day.isoformat(), "the goal asked", "Target: 3 → 5"):
            assert words in history
        await pilot.press("escape")
        await settle(pilot)

        # the new stressor is in the intake (the workspace opened afresh loads it)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert "Rent went up" in screen_text(app)

    with opened(path) as vault:
        [row] = store.list_reviews(vault, client_id)
        assert row.status == "draft" and row.next_checkin == clock.today + timedelta(days=7)
        factors = intake_store.list_factors(vault, client_id)
        assert [f.description for f in factors if f.category == "Housing"] == ["Rent went up"]
        revisions = goals_store.revisions(vault, goal_id)
        assert [r.review_id for r in revisions] == [row.id, row.id]
        assert revisions[0].reason == (
            f"Review of {day.isoformat()}: the goal asked too much for now; "
            "three a night was a big step with night shifts"
        )
        goal = goals_store.goal_detail(vault, goal_id).goal
        assert goal.target_amount == 5 and goal.status == "revised"
        assert "Walk with my sister on Sundays" in goal.helpers
        factor_count = len(factors)

    # a later session: reopen the vault, open the review, finish it
    async with running(path) as (app, pilot):
        await open_review(pilot)
        sheet = app.screen
        assert isinstance(sheet, ReviewWorksheet)
        assert table_rows(sheet.query_one("#triggers", DataTable)) == [
            ["Coworkers drink after the shift", "in intake"]
        ]
        assert table_rows(sheet.query_one("#stressors", DataTable)) == [
            ["Rent went up", "in intake"]
        ]
        assert sheet.query_one("#too_ambitious", Select).value == "yes"
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "Finished" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

    with opened(path) as vault:
        [row] = store.list_reviews(vault, client_id)
        assert row.status == "finished"
        assert row.triggers == ("Coworkers drink after the shift",)
        # finishing did not add the stressor to the intake a second time
        assert len(intake_store.list_factors(vault, client_id)) == factor_count
        # a review never closes the record or the goal
        assert not get_client(vault, client_id).archived
        assert goals_store.goal_detail(vault, goal_id).goal.status == "revised"


async def test_ive_blown_it_self_talk_is_noticed_kindly_on_screen(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    start_review(path, client_id, use_day(clock.today))
    async with running(path) as (app, pilot):
        await open_review(pilot)
        await go_to_section(pilot, 3)
        await pilot.press("tab", "tab")
        assert app.focused.id == "self_talk"
        await type_text(pilot, "I blew it so why stop now")
        await settle(pilot)
        noticed = screen_prose(app)
        assert "abstinence violation effect" in noticed and "progress made still counts" in noticed


async def test_start_from_the_reviews_tab_offers_the_last_day_with_use(tmp_path, clock):
    path = tmp_path / "vault.db"
    seed(path, clock.today)
    day = use_day(clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f6")
        pane = app.screen.query_one(ReviewsPane)
        assert "No reviews" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, StartReviewForm)
        assert app.screen.query_one("#day", Input).value == day.isoformat()
        assert f"Recent days with use: {day.isoformat()}" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        assert app.screen.query_one("#what_used", Input).value == "Alcohol 7 standard drinks"
        await pilot.press("escape")  # nothing typed: leaves without asking
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert table_rows(pane.query_one("#reviews-table", DataTable)) == [
            [day.isoformat(), "A day over the plan", "In progress", "Reduce use: Alcohol", "—"]
        ]
        assert line_with(
            app, day.isoformat(), "A day over the plan", "In progress", "Reduce use: Alcohol"
        )  # the kind of day, in its own column on screen
        # a day in the future is refused at the field
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await type_text(pilot, "+3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StartReviewForm)
        assert "future" in screen_text(app)


async def test_escape_with_unsaved_input_asks_and_discard_keeps_nothing(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    review_id = start_review(path, client_id, use_day(clock.today))
    async with running(path) as (app, pilot):
        await open_review(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        await go_to_section(pilot, 8)
        assert app.focused.id == "learned"
        await type_text(pilot, "Payday evenings are the hard ones")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # discard
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

        await pilot.press("enter")
        await settle(pilot)
        await go_to_section(pilot, 8)
        await type_text(pilot, "Plan payday evenings")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # save, then leave
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)

        # F1 lists the worksheet's keys
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = dict(app.screen.keys)
        assert keys["^s"] == "Save as it is (in progress)"
        assert keys["^f"] == "Save and mark finished"
        assert keys["^g"].startswith("Revise a goal")
        assert "curiosity, not blame" in app.screen.about

    with opened(path) as vault:
        sheet = store.worksheet(vault, review_id)
        assert sheet.review.learned == "Plan payday evenings"
        assert sheet.review.status == "draft"


async def test_a_bad_date_is_shown_at_its_field_and_nothing_is_saved(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    review_id = start_review(path, client_id, use_day(clock.today))
    async with running(path) as (app, pilot):
        await open_review(pilot)
        await go_to_section(pilot, 9)
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "someday")
        await go_to_section(pilot, 8)
        await type_text(pilot, "Something learned")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the plan section is shown with the message next to the check-in date
        assert app.focused.id == "next_checkin"
        assert "Not a date" in screen_text(app)
    with opened(path) as vault:
        assert store.worksheet(vault, review_id).review.learned == ""


def line_order(app, *rows: tuple[str, str]) -> list[int | None]:
    """For each (date, what) the number of the screen line that starts a table row with
    them (None where none does)."""
    lines = screen_lines(app)
    return [
        next((i for i, line in enumerate(lines) if re.search(rf"{day}\s+{what}", line)), None)
        for day, what in rows
    ]


async def test_timeline_shows_the_review_among_log_days_and_revisions_in_date_order(
    tmp_path, any_day
):
    today = any_day.today
    path = tmp_path / "vault.db"
    client_id, goal_id = seed(path, today)
    day = use_day(today)
    with opened(path) as vault:
        started = store.start_review(vault, client_id, day)
        store.revise_goal_from_review(
            vault, started.review_id, goal_id, {"target_amount": "4"}, "a smaller step first"
        )
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f10")
        rows = [
            (today.isoformat(), "Goal revised"),
            # today's session, opened by the day's first write: it began the day (under the
            # day's later events, newest first)
            (today.isoformat(), "Session"),
            (day.isoformat(), "Review"),
            (day.isoformat(), "Used"),
            ((day - timedelta(days=1)).isoformat(), "No use"),
            ((today - timedelta(days=30)).isoformat(), "Goal set"),
        ]
        at = line_order(app, *rows)
        assert None not in at and at == sorted(at), (at, screen_text(app))
        assert len(table_rows(app.screen.query_one("#timeline-table", DataTable))) == len(rows)
        assert f"Review of {day.isoformat()}: a smaller" in screen_text(app)
        # Enter on the review (under today's revision and session) opens its worksheet;
        # a check-in "+7" is a week from today
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        assert app.screen.review_id == started.review_id
        assert f"A day over the plan: {day.isoformat()}" in screen_text(app)  # 7 over a target of 3
        await go_to_section(pilot, 9)
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "next_checkin"
        await type_text(pilot, "+7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "In progress" in screen_text(app)
    with opened(path) as vault:
        [row] = store.list_reviews(vault, client_id)
        assert row.next_checkin == today + timedelta(days=7)
