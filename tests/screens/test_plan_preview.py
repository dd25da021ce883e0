"""The take-home plan on screen before it is written, then written as a printable page (issue
#16, points 9 and 14): keys only, what is checked is on the screen (and in the file)."""

from __future__ import annotations

import stat
from contextlib import closing
from datetime import timedelta

from hrtui.client_plan import say_date
from hrtui.domain.clients import ClientInput
from hrtui.domain.reviews import ReviewInput
from hrtui.screens.goals import PlanDialog, PlanPreview
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import goals as store
from hrtui.store import reviews as reviews_store
from hrtui.store.clients import add_client

from .pilot import open_client_tab, running, screen_lines, screen_prose, settle, type_text

PASS = "plan preview pass"


def seed(path, today) -> None:
    """RIV-07 with an alcohol goal (review in three weeks, "My sister" helps) and a review of
    yesterday that set a check-in in a week and added a support."""
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol"))
        goal = store.create_goal(vault, client.id, "reduce", {
            "substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
            "baseline_amount": "6", "target_amount": "4", "client_words": "Sleep before shifts",
            "helpers": "My sister", "review_on": today + timedelta(days=21),
            "counselor_note": "COUNSELOR-ONLY",
        })  # fmt: skip
        yesterday = today - timedelta(days=1)
        started = reviews_store.start_review(vault, client.id, yesterday)
        reviews_store.save_review(
            vault, started.review_id, ReviewInput(day=yesterday, next_checkin="+7")
        )
        reviews_store.add_support_from_review(
            vault, started.review_id, goal.id, "Text my sister before going out"
        )


async def test_the_plan_is_shown_in_words_then_written_as_a_page(tmp_path, clock):
    today = clock.today
    path = tmp_path / "vault.db"
    seed(path, today)
    out = tmp_path / "out"
    out.mkdir()
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f4")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, PlanPreview)
        prose = screen_prose(app)
        # the check-in the review set, in words; no Markdown marks, no jargon
        assert f"Next check-in: {say_date(today + timedelta(days=7), today)}." in prose
        assert "4 standard drinks per drinking day" in prose
        assert "**" not in prose and "###" not in prose and "COUNSELOR-ONLY" not in prose
        # each support on its own line
        await pilot.press("end")
        await settle(pilot)
        lines = screen_lines(app)
        added = [line for line in lines if "Text my sister before going out" in line]
        assert len(added) == 1 and "My sister " not in added[0].replace("Text my sister", "")
        assert any("My sister" in line and "Text" not in line for line in lines)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanDialog)
        await type_text(pilot, str(out / "plan"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    page = out / "plan.html"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Sleep before shifts" in html
    assert "**" not in html and "<script" not in html
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


async def test_escape_leaves_the_preview_without_writing(tmp_path, clock):
    path = tmp_path / "vault.db"
    seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f4")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert "Sleep before shifts" in screen_prose(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
