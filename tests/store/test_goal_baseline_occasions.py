"""A goal's suggested baseline counts the occasions on a use day (issue 15, item 5): the intake
asks the amount per occasion, goals compare per use day."""

from __future__ import annotations

from datetime import timedelta

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput
from hrtui.store import goals as store
from hrtui.store import intake
from hrtui.store.clients import add_client


def test_the_goal_baseline_is_per_use_day_amount_times_occasions(vault, clock):
    cid = add_client(vault, ClientInput("RIV-07", "Marisol")).id
    # 3 standard drinks per occasion, twice a use day, 4 use days a week
    intake.add_baseline(vault, cid, BaselineInput(
        "Alcohol", amount=3, unit="standard drinks", days_per_week=4, occasions_per_day=2,
        taken_on=clock.today - timedelta(days=7),
    ))  # fmt: skip
    # one occasion a use day: the amount per occasion is the amount per use day
    intake.add_baseline(vault, cid, BaselineInput(
        "Cannabis", amount=2, unit="joints", days_per_week=5, taken_on=clock.today,
    ))  # fmt: skip

    context = store.goal_context(vault, cid, on=clock.today)
    alcohol = context.baseline("alcohol")
    assert alcohol is not None and alcohol.amount == 6
    assert alcohol.for_period("per_use_day") == 6
    assert alcohol.for_period("per_week") == 24
    assert store.latest_baseline(vault, cid, "Alcohol").amount == 6
    cannabis = context.baseline("Cannabis")
    assert cannabis is not None and cannabis.amount == 2
    assert cannabis.for_period("per_week") == 10


def test_a_later_baseline_with_other_occasions_replaces_the_earlier(vault, clock):
    cid = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    for days_ago, occasions in ((30, 3), (2, 1.5)):
        intake.add_baseline(vault, cid, BaselineInput(
            "Alcohol", amount=2, unit="standard drinks", days_per_week=3,
            occasions_per_day=occasions, taken_on=clock.today - timedelta(days=days_ago),
        ))  # fmt: skip
    assert store.latest_baseline(vault, cid, "alcohol").amount == 3
