"""Nothing typed is lost, nothing is replaced that was not meant (issue #16, points 7 and 11).

Keys only, as a person types; what is checked is what the screen shows (and, for a save, what
the vault holds)."""

from __future__ import annotations

import re
import threading
from contextlib import closing
from datetime import date, timedelta

from helpers import alcohol_goal

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.reviews import ReviewWorksheet
from hrtui.screens.reviews import worksheet as worksheet_screen
from hrtui.store import Vault
from hrtui.store import reviews as reviews_store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client

from .pilot import open_client_tab, running, screen_prose, screen_text, settle, type_text

PASS = "typed text pass"


def seed(path, today: date) -> tuple[int, date]:
    """One client with an alcohol goal and a day of use two days before ``today``: (id, day)."""
    day = today - timedelta(days=2)
    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her"))
        alcohol_goal(vault, client.id, today - timedelta(days=30))
        uselog_store.add_entry(
            vault, client.id,
            EntryInput(day=day.isoformat(), substance="Alcohol", amount="7",
                       unit="standard drinks"),
        )  # fmt: skip
        return client.id, day


def saved_review(path, client_id: int):
    with closing(Vault.open(path, PASS)) as vault:
        [row] = reviews_store.list_reviews(vault, client_id)
        return reviews_store.worksheet(vault, row.id).review


async def open_calendar_review(pilot) -> None:
    """The use log's calendar (F5, Ctrl+G), two days back, ``r``: the day's review."""
    await open_client_tab(pilot, PASS, "f5")
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("left", "left", "r")


# -- point 7: the review worksheet ------------------------------------------------------------


async def test_typing_on_entering_a_section_keeps_the_date(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, day = seed(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        reviews_store.start_review(vault, client_id, day)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f6")
        await pilot.press("enter")  # the review's worksheet
        await settle(pilot)
        await pilot.press("enter")  # into section 1
        await type_text(pilot, "ZZ")
        await settle(pilot)
        # the date is still there, and ZZ did not go into it
        assert re.search(r"▊ZZ\s*▎", screen_text(app)), screen_text(app)
        for _ in range(12):  # back up to the date field: it is there, as it was
            if app.focused.id == "day":
                break
            await pilot.press("shift+tab")
        assert re.search(rf"▊{day.isoformat()}\s*▎", screen_text(app)), screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    review = saved_review(path, client_id)
    assert review.day == day
    assert "ZZ" in (review.time_of_day, review.what_happened)


async def test_the_first_sentence_typed_after_r_in_the_calendar_is_kept(tmp_path, clock):
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_calendar_review(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ReviewWorksheet)
        # straight away, without Enter: the words go into "What happened"
        await type_text(pilot, "She left work upset")
        await settle(pilot)
        assert "She left work upset" in screen_prose(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Saved ·" in screen_prose(app)
    assert saved_review(path, client_id).what_happened == "She left work upset"


async def test_words_typed_while_the_worksheet_loads_are_kept(tmp_path, clock, monkeypatch):
    """The vault is slow to answer (held back here until the words are typed): the words typed
    meanwhile, after ``r`` and Enter into the first section, show once it has loaded."""
    release = threading.Event()
    start = worksheet_screen._start_worksheet

    def held_back(vault, client_id, day):
        assert release.wait(10)
        return start(vault, client_id, day)

    monkeypatch.setattr(worksheet_screen, "_start_worksheet", held_back)
    path = tmp_path / "vault.db"
    client_id, _ = seed(path, clock.today)
    async with running(path) as (app, pilot):
        await open_calendar_review(pilot)
        await pilot.press("enter")
        await type_text(pilot, "Payday and no dinner")
        assert isinstance(app.screen, ReviewWorksheet)
        assert app.screen.sheet is None  # still loading
        release.set()
        await settle(pilot)
        assert "Payday and no dinner" in screen_prose(app), (app.focused, screen_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert saved_review(path, client_id).what_happened == "Payday and no dinner"


# -- point 11: the quick entry starts from the client's usual route ---------------------------


def seed_baselines(path, today: date) -> int:
    """A client whose intake has alcohol (swallowed), then cannabis (smoked or vaped)."""
    from hrtui.domain.intake import BaselineInput
    from hrtui.store.intake import add_baseline

    with closing(Vault.create(path, PASS)) as vault:
        client = add_client(vault, ClientInput("OAK-12", "Devonte"))
        add_baseline(vault, client.id, BaselineInput(
            "Alcohol", routes=["Swallowed"], amount="4", unit="standard drinks",
            days_per_week="3", taken_on=(today - timedelta(days=30)).isoformat(),
        ))  # fmt: skip
        add_baseline(vault, client.id, BaselineInput(
            "Cannabis", routes=["Smoked", "Vaped"], amount="2", unit="joints",
            days_per_week="6", taken_on=(today - timedelta(days=20)).isoformat(),
        ))  # fmt: skip
        return client.id


def route_shown(app) -> str:
    """What the Route field of the entry form shows (the line under its label)."""
    from .pilot import screen_lines

    lines = screen_lines(app)
    at = next(i for i, line in enumerate(lines) if "Route" in line)
    column = lines[at].index("Route")
    return lines[at + 2][column - 2 : column + 22].strip(" ▊▎▼▲")


async def test_quick_entry_starts_from_the_usual_route_and_follows_the_substance(tmp_path, clock):
    from hrtui.screens.uselog import EntryForm

    path = tmp_path / "vault.db"
    client_id = seed_baselines(path, clock.today)
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f5")
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        assert route_shown(app) == "Smoked", screen_text(app)  # cannabis, the latest intake
        await type_text(pilot, "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EntryForm), screen_text(app)
        # another substance brings its own usual route
        await pilot.press("ctrl+u")
        await settle(pilot)
        await pilot.press("tab", "tab")  # from the amount: the unit, then the substance
        assert app.focused.id == "substance"
        await pilot.press("ctrl+u")  # clear the field
        await type_text(pilot, "Alcohol")
        await settle(pilot)
        assert route_shown(app) == "Swallowed", screen_text(app)
    with closing(Vault.open(path, PASS)) as vault:
        [entry] = uselog_store.entries_on(vault, client_id, clock.today)
    assert (entry.substance, entry.route) == ("Cannabis", "Smoked")
