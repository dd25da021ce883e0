"""The review worksheet fits the day (issues #16 item 13 and #17), keys only: its title and the
reviews list use the kind's words, the kind can be changed and the questions follow it, the
target in force that day and the weeks before show, coping responses and the confidence rating
are saved and shown over time."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

from helpers import alcohol_goal

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.reviews import ReviewWorksheet
from hrtui.store import Vault
from hrtui.store import reviews as store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client

from .pilot import (
    choose,
    open_client_tab,
    running,
    screen_lines,
    screen_prose,
    settle,
    type_text,
)

PASS = "kinds pass phrase"


def section_prose(app) -> str:
    """The words of the worksheet's section on the right (right of the list of sections), rows
    run together so a wrapped sentence reads whole."""
    rows = screen_lines(app)[1:-2]
    return " ".join(" ".join(row[25:].strip(" ▊▎▌█│").split()) for row in rows)


def seed(path, today) -> tuple[int, int]:
    """A client with a reduce goal (3 standard drinks a use day) from 30 days before, 7 drinks
    two days before ``today`` and a started review of that day: (client id, review id)."""
    day = today - timedelta(days=2)
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        alcohol_goal(vault, client.id, today - timedelta(days=30))
        uselog_store.add_entry(
            vault, client.id,
            EntryInput(day=day.isoformat(), substance="Alcohol", amount="7",
                       unit="standard drinks"),
        )  # fmt: skip
        return client.id, store.start_review(vault, client.id, day).review_id


async def test_kind_words_editable_questions_coping_confidence_and_targets(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, review_id = seed(path, clock.today)
    day = (clock.today - timedelta(days=2)).isoformat()
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f6")
        prose = screen_prose(app)
        assert "A day over the plan" in prose  # the reviews list, in the kind's words
        assert "Return to use" not in prose
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        assert f"A day over the plan: {day}" in screen_prose(app)
        assert "What made this day go past the plan" in section_prose(app)

        # the kind is a field: changing it changes the title and the questions
        await pilot.press("enter")  # into "What happened": the kind comes first
        await settle(pilot)
        assert app.focused.id == "kind"
        await choose(pilot, "A heavier")
        assert f"A heavier day: {day}" in screen_prose(app)
        prose = section_prose(app)
        assert "What was different about this day from a usual one?" in prose
        assert "What made this day go past the plan" not in prose

        # the target in force that day and the weeks before it
        await pilot.press("ctrl+o", "6")
        await settle(pilot)
        assert "Target on the day: 3 standard drinks" in section_prose(app)

        # coping responses and the confidence rating
        await pilot.press("ctrl+o", "8", "enter")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Called my sister")
        await pilot.press("tab")
        await type_text(pilot, "Leave after two")
        await pilot.press("tab")
        await type_text(pilot, "6")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Over time: {day}: 6" in section_prose(app)
    with closing(Vault.open(path, PASS)) as vault:
        sheet = store.worksheet(vault, review_id)
        assert sheet.review.kind == "heavier"
        assert sheet.review.confidence == 6
        assert [(c.text, c.tried) for c in sheet.coping] == [
            ("Called my sister", True),
            ("Leave after two", False),
        ]
        assert store.confidence_series(vault, client_id) == [(clock.today - timedelta(days=2), 6)]
