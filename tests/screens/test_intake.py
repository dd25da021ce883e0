"""The Intake tab, keys only: factors, baselines, readiness, AUDIT-C, "new since", forms."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime, time, timedelta

from textual.widgets import DataTable, Input, Select

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput, FactorInput
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.intake import (
    AddTermForm,
    AuditCForm,
    BaselineForm,
    FactorForm,
    IntakePane,
    ReadinessForm,
)
from hrtui.screens.workspace import SECTIONS, WorkspaceScreen
from hrtui.store import Vault, intake
from hrtui.store.clients import add_client
from hrtui.store.models import AuditEvent, Factor

from .pilot import (
    choose,
    fill_in,
    line_with,
    open_client_tab,
    open_help,
    running,
    screen_prose,
    screen_text,
    settle,
    table_rows,
    type_text,
)

PASS = "river stone lamp"


def seeded(path, setup=None) -> int:
    with closing(Vault.create(path, PASS)) as vault:
        client_id = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her")).id
        if setup is not None:
            setup(vault, client_id)
        return client_id


def in_vault(path, fn):
    with closing(Vault.open(path, PASS)) as vault:
        return fn(vault)


async def open_intake(pilot) -> IntakePane:
    await open_client_tab(pilot, PASS, "f3")  # the only client on the roster
    pane = pilot.app.screen.query_one(IntakePane)
    assert isinstance(pilot.app.focused, DataTable) and pilot.app.focused.id == "factors"
    return pane


def rows(pane: IntakePane, table: str) -> list[list[str]]:
    return table_rows(pane.query_one(f"#{table}", DataTable))


async def add_factor(pilot, category: str, words: str, effect: str, external=False) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FactorForm)
    if external:
        await choose(pilot, "ext")
    await pilot.press("tab")
    await choose(pilot, category)
    await pilot.press("tab")
    await type_text(pilot, words)
    await pilot.press("tab")
    await choose(pilot, effect)
    await pilot.press("ctrl+s")
    await settle(pilot)


def test_intake_is_the_f3_tab():
    assert ("intake", "Intake", "f3", "hrtui.screens.intake:IntakePane") in SECTIONS
    assert [s[0] for s in SECTIONS][:2] == ["details", "intake"]


async def test_whole_intake_by_keys_survives_closing_and_reopening(tmp_path, clock):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        pane = await open_intake(pilot)
        await add_factor(pilot, "sleep", "After a night shift I cannot switch off", "raises")
        await add_factor(pilot, "relation", "My sister checks in on me", "strength", external=True)
        # a second internal one, a strength, with weight 3 and a note
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab")
        await choose(pilot, "coping")
        await pilot.press("tab")
        await type_text(pilot, "Water between drinks")
        await pilot.press("tab")
        await choose(pilot, "strength")
        await pilot.press("tab")
        await choose(pilot, "3")
        await pilot.press("tab")
        await type_text(pilot, "Her idea")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        shown = rows(pane, "factors")
        assert [r[0] for r in shown] == [
            "Internal", "+ strength", "▲ risk", "External", "+ strength",
        ]  # fmt: skip
        assert shown[1][1] == "Coping skills" and shown[1][3] == "●●●"
        assert shown[2][2].startswith("After a night shift")

        # a substance baseline: alcohol, in standard drinks by default
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BaselineForm)
        await choose(pilot, "alc")
        assert app.screen.query_one("#unit", Input).value == "standard drinks"
        await pilot.press("tab", "space", "tab", "tab")  # tick "Swallowed", on to amount
        await type_text(pilot, "6")
        await pilot.press("tab", "tab", "tab")  # past occasions per use day (1) and the unit
        await fill_in(pilot, "4", "yesterday", "Helps me sleep")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert rows(pane, "baselines")[0][:4] == [
            "Alcohol", clock.today.isoformat(), "6 standard drinks", "4",
        ]  # fmt: skip

        # a readiness rating
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ReadinessForm)
        await fill_in(pilot, "7", "5", "6", "Mornings after are rough")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert rows(pane, "readiness")[0][1:4] == ["7", "5", "6"]

    async with running(path) as (app, pilot):  # a new app: unlock again
        pane = await open_intake(pilot)
        assert [r[1] for r in rows(pane, "factors")] == [
            "", "Coping skills", "Sleep", "", "Relationships and family",
        ]  # fmt: skip
        # on screen: the external strength's row, its category (cut with "…" where the
        # column is narrower) beside the client's words
        assert line_with(app, "+ strength", "Relationships", "My sister checks in on me")
        assert rows(pane, "factors")[0][2] == "1 strength, 1 risk"
        assert rows(pane, "factors")[3][2] == "1 strength, 0 risks"
        summary = screen_text(app)
        assert "Alcohol: 6 standard drinks per occasion, 4 days a week" in summary
        assert "Importance 7 · confidence 5 · readiness 6" in summary
        await pilot.press("2")
        await pilot.pause()
        assert app.focused.id == "baselines" and len(rows(pane, "baselines")) == 1
        await pilot.press("3")
        await pilot.pause()
        assert "Mornings after are rough" in screen_text(app)

    def check(vault):
        client = 1
        factors = intake.list_factors(vault, client)
        assert {(f.grp, f.category, f.effect) for f in factors} == {
            ("internal", "Sleep", "risk"),
            ("internal", "Coping skills", "strength"),
            ("external", "Relationships and family", "strength"),
        }
        coping = next(f for f in factors if f.category == "Coping skills")
        assert coping.weight == 3 and coping.note == "Her idea"
        (baseline,) = intake.current_baselines(vault, client)
        assert (baseline.substance, baseline.routes, baseline.amount, baseline.unit) == (
            "Alcohol", "Swallowed", 6.0, "standard drinks",
        )  # fmt: skip
        assert baseline.last_use == clock.today - timedelta(days=1)
        assert baseline.what_it_does == "Helps me sleep"
        (rating,) = intake.list_readiness(vault, client)
        assert (rating.importance, rating.confidence, rating.readiness) == (7, 5, 6)

    in_vault(path, check)


async def test_enter_edits_a_factor_and_on_a_group_line_adds_to_that_group(tmp_path):
    path = tmp_path / "vault.db"

    def setup(vault, cid):
        intake.add_factor(vault, cid, FactorInput("internal", "Sleep", "Four hours", "risk", 2))

    seeded(path, setup)
    async with running(path) as (app, pilot):
        pane = await open_intake(pilot)
        await pilot.press("down", "enter")  # the Sleep factor
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FactorForm) and form.FORM_TITLE == "Edit factor"
        assert form.query_one("#description", Input).value == "Four hours"
        await pilot.press("tab", "tab")
        await pilot.press("end")
        await type_text(pilot, " on work days")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert rows(pane, "factors")[1][2] == "Four hours on work days"

        await pilot.press("down", "enter")  # the "External" group line
        await pilot.pause()
        assert isinstance(app.screen, FactorForm)
        assert app.screen.query_one("#grp", Select).value == "external"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    factors = in_vault(path, lambda v: intake.list_factors(v, 1))
    assert [f.description for f in factors] == ["Four hours on work days"]


async def test_factor_form_messages_next_to_fields_and_escape_protects_input(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await type_text(pilot, "Something in my words")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FactorForm)
        assert app.focused.id == "category"  # the first field with a message
        assert "Choose a category (Ctrl+N adds a new one)." in screen_text(app)
        await pilot.press("tab", "tab")  # on to the effect: its message shows too
        assert app.focused.id == "effect"
        await pilot.pause()
        assert "Choose whether it raises risk or is a strength." in screen_text(app)
        # Escape with typed input asks; Stay keeps everything
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#description", Input).value == "Something in my words"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    assert in_vault(path, lambda v: intake.list_factors(v, 1)) == []


async def test_unsaved_baseline_can_be_saved_from_the_prompt(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await pilot.press("ctrl+b")
        await pilot.pause()
        await choose(pilot, "cann")
        assert app.screen.query_one("#unit", Input).value == "joints"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    assert in_vault(path, lambda v: intake.usual_substance(v, 1)) == ("Cannabis", "joints")


async def test_readiness_out_of_range_is_explained_and_nothing_saved(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await fill_in(pilot, "11", "5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReadinessForm)
        text = screen_prose(app)
        assert "Importance: how important" in text
        assert text.count("0 to 10") == 1, text  # importance (11); confidence (5) is fine
        assert "Use a number from 0 to 10." in text.split("Confidence:")[0]
        await pilot.press("tab", "tab", "tab")  # past readiness: its message comes into view
        await pilot.wait_for_scheduled_animations()  # (the form scrolls to the focused field)
        text = screen_prose(app)
        # the empty readiness's message, under its field (just before the next question)
        assert "Type a number from 0 to 10. Why this number and not a lower one?" in text, text
    assert in_vault(path, lambda v: intake.list_readiness(v, 1)) == []


async def test_auditc_by_number_keys_is_scored_and_explained(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        pane = await open_intake(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, AuditCForm)
        assert "0 of 3 questions answered" in screen_text(app)
        await pilot.press("3", "2")  # each digit answers and moves on
        await pilot.pause()
        assert "2 of 3 questions answered" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        score = screen_prose(app)
        assert "Score 6 of 12" in score and "both cut-offs in common use" in score
        assert "women" not in score
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert pane.view == "auditc"
        assert rows(pane, "auditc")[0][1:5] == ["3", "2", "1", "6 of 12"]
        assert "Score 6 of 12" in screen_text(app)
    results = in_vault(path, lambda v: intake.list_auditc(v, 1))
    assert [(r.q1, r.q2, r.q3, r.cutoff) for r in results] == [(3, 2, 1, None)]


async def test_auditc_never_skips_the_other_questions(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("0")
        await pilot.pause()
        assert "no drinking reported" in screen_prose(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    results = in_vault(path, lambda v: intake.list_auditc(v, 1))
    assert [(r.q1, r.q2, r.q3) for r in results] == [(0, 0, 0)]


async def test_a_new_category_is_added_from_the_factor_form(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, AddTermForm)
        await type_text(pilot, "Grief")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FactorForm)
        assert form.query_one("#category", Select).value == "Grief"
        await pilot.press("tab")
        await type_text(pilot, "Since my mum died")
        await pilot.press("tab")
        await choose(pilot, "raises")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        # the new category is offered next time, for every client
        await pilot.press("ctrl+n")
        await pilot.pause()
        options = [value for _, value in app.screen.query_one("#category", Select)._options]
        assert "Grief" in options
    factors = in_vault(path, lambda v: intake.list_factors(v, 1))
    assert [(f.category, f.description) for f in factors] == [("Grief", "Since my mum died")]


async def test_retaking_a_baseline_keeps_the_earlier_one(tmp_path, clock):
    path = tmp_path / "vault.db"

    def setup(vault, cid):
        intake.add_baseline(
            vault, cid,
            BaselineInput("Cannabis", ("Smoked",), "3", "joints", "6", taken_on="-30"),
        )  # fmt: skip

    seeded(path, setup)
    async with running(path) as (app, pilot):
        pane = await open_intake(pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BaselineForm) and "Retake" in form.FORM_TITLE
        assert form.query_one("#amount", Input).value == "3"
        assert form.query_one("#taken_on", Input).value == clock.today.isoformat()
        form.query_one("#amount", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        table = rows(pane, "baselines")
        assert [r[2] for r in table] == ["2 joints", "3 joints"]
        assert table[0][4].strip() == "current" and table[1][4] == ""
    history = in_vault(path, lambda v: intake.list_baselines(v, 1))
    assert [(b.amount, b.routes) for b in history] == [(2.0, "Smoked"), (3.0, "Smoked")]


async def test_new_and_changed_since_the_last_session_and_dated_today(tmp_path, any_day):
    path = tmp_path / "vault.db"
    today = any_day.today
    last = today - timedelta(days=7)
    long_ago = datetime.combine(last - timedelta(days=20), time(9))

    def setup(vault, cid):
        old = intake.add_factor(vault, cid, FactorInput("internal", "Sleep", "Old one", "risk"))
        changed = intake.add_factor(
            vault, cid, FactorInput("external", "Housing", "Moved", "strength")
        )
        intake.add_factor(vault, cid, FactorInput("internal", "Cravings", "New one", "risk"))
        with vault.session() as session:
            for f in (session.get(Factor, old.id), session.get(Factor, changed.id)):
                f.created_at = long_ago
                f.updated_at = long_ago if f.id == old.id else any_day.now()
                session.add(f)
            session.add(
                AuditEvent(at=datetime.combine(last, time(10)),
                           client_id=cid, action="opened", area="workspace")
            )  # fmt: skip

    seeded(path, setup)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        since = f"Since the last session ({last.isoformat()}): 1 factor added, 1 changed"
        assert since in screen_text(app)
        assert line_with(app, "New one").rstrip(" ▎│").endswith("new")
        assert line_with(app, "Moved").rstrip(" ▎│").endswith("changed")
        assert not re.search(r"new|changed", line_with(app, "Old one").split("Old one")[1])
        # a readiness rating and an AUDIT-C taken now are dated today, and count as new
        await pilot.press("ctrl+y")
        await settle(pilot)
        await fill_in(pilot, "7", "5", "6")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert re.search(rf"{today.isoformat()}\s+7\s+5\s+6", screen_text(app))
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert re.search(rf"{today.isoformat()}\s+0\s+0\s+0\s+0 of 12", screen_text(app))
        await pilot.press("1")
        await settle(pilot)
        assert f"AUDIT-C 0 of 12 ({today.isoformat()})" in screen_text(app)
        assert f"{since}; 1 readiness rating, 1 AUDIT-C added" in screen_prose(app)


async def test_f1_lists_the_intake_keys(tmp_path):
    path = tmp_path / "vault.db"
    seeded(path)
    async with running(path) as (app, pilot):
        await open_intake(pilot)
        await open_help(pilot)
        keys = dict((what, key) for key, what in app.screen.keys)
        for what in (
            "Add a factor (risk or strength)",
            "Take a substance baseline",
            "Add a readiness rating",
            "Answer the AUDIT-C",
            "Show substances",
        ):
            assert what in keys, what
        assert "Intake" in app.screen.about
