"""The client's timeline from the vault: log days, no-use runs, goals, revisions and reviews in
date order, one page at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from helpers import alcohol_goal

from hrtui.domain import reviews as rules
from hrtui.domain.clients import ClientInput
from hrtui.domain.sessions import SESSION
from hrtui.domain.uselog import EntryInput
from hrtui.store import reviews as reviews_store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client
from hrtui.store.errors import NotFound
from hrtui.store.timeline import timeline


def days_before(today: date) -> Callable[[int], date]:
    """``ago(n)``: the day ``n`` days before ``today``."""
    return lambda n: today - timedelta(days=n)


def drink(day: date, amount: str = "4") -> EntryInput:
    return EntryInput(day=day, substance="Alcohol", amount=amount, unit="standard drinks")


def test_the_story_in_date_order(vault, any_day):
    ago = days_before(any_day.today)
    client = add_client(vault, ClientInput("RIV-07", "Marisol"))
    other = add_client(vault, ClientInput("OAK-12", "Devonte"))
    goal = alcohol_goal(vault, client.id, ago(40))
    uselog_store.add_entries(
        vault, client.id,
        [drink(ago(12), "5"), drink(ago(12), "2"),
         EntryInput(day=ago(12), substance="Cannabis", amount="1", unit="joints"),
         drink(ago(11), "0"), drink(ago(10), "0"), drink(ago(9), "0"), drink(ago(5), "6")],
    )  # fmt: skip
    uselog_store.add_entries(vault, other.id, [drink(ago(1), "9")])
    started = reviews_store.start_review(vault, client.id, ago(5))
    reviews_store.revise_goal_from_review(
        vault, started.review_id, goal.id, {"target_amount": "4"}, "a smaller step", on=ago(2)
    )
    page = timeline(vault, client.id)
    # the writes above were made "today", so they opened today's session (issue 18), newest
    assert [(i.day, i.kind) for i in page.items] == [
        (any_day.today, SESSION),
        (ago(2), rules.REVISION),
        (ago(5), rules.REVIEW),
        (ago(5), rules.USE),
        (ago(9), rules.NO_USE),
        (ago(12), rules.USE),
        (ago(40), rules.GOAL),
    ]
    texts = [i.text for i in page.items[1:]]
    assert texts[0] == f"Reduce use: Alcohol: Review of {ago(5).isoformat()}: a smaller step"
    assert texts[1] == "A day over the plan (in progress) · Alcohol 6 standard drinks"
    assert texts[3] == f"No use of Alcohol · 3 days in a row (from {ago(11).isoformat()})"
    assert texts[4] == "Alcohol 7 standard drinks; Cannabis 1 joint"
    assert texts[5] == "Reduce use: Alcohol"
    assert page.items[2].ref_id == started.review_id
    assert page.next_before is None
    with pytest.raises(NotFound):
        timeline(vault, 999)


def test_pages_cover_everything_once(vault, any_day):
    ago = days_before(any_day.today)
    client = add_client(vault, ClientInput("CED-18", "Junichi"))
    uselog_store.add_entries(
        vault, client.id, [drink(ago(n), "1" if n % 3 else "0") for n in range(1, 61)]
    )
    for n in (7, 30, 50):
        reviews_store.start_review(vault, client.id, ago(n), goal_ids=[])
    seen: list[tuple[date, str]] = []
    before = None
    pages = 0
    while True:
        page = timeline(vault, client.id, before=before, limit=10)
        pages += 1
        assert page.items, "a page is never empty while there is more"
        for item in page.items:
            first = item.first_day or item.day
            span = [
                (first + timedelta(days=k), item.kind) for k in range((item.day - first).days + 1)
            ]
            seen += span
        if page.next_before is None:
            break
        assert min(i.first_day or i.day for i in page.items) >= page.next_before
        before = page.next_before
    assert pages > 3
    log_days = sorted(d for d, k in seen if k in (rules.USE, rules.NO_USE))
    assert log_days == sorted(ago(n) for n in range(1, 61))  # every day once, none twice
    assert sorted(d for d, k in seen if k == rules.REVIEW) == sorted(ago(n) for n in (7, 30, 50))
