"""Relapse reviews in the vault: start from a log day, save in one transaction, intake factors
from triggers and stressors, plan changes through the goals area, audit without content."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from helpers import alcohol_goal

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import FactorInput
from hrtui.domain.reviews import ReviewInput, StressorItem, TriggerItem
from hrtui.domain.uselog import EntryInput
from hrtui.store import goals as goals_store
from hrtui.store import intake as intake_store
from hrtui.store import reviews as store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client, audit_trail, get_client
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import Review, ReviewStressor, ReviewTrigger


def review_setup(vault, today: date) -> dict:
    """Marisol, with a reduce goal about alcohol (from 30 days before ``today``), a safer-use
    goal, an intake factor, two drinks entries on ``day`` (3 days before ``today``) and no use
    the day before; Devonte, with a goal and a factor of his own. Their ids, ``today`` and
    ``day``."""
    day = today - timedelta(days=3)
    client = add_client(vault, ClientInput("RIV-07", "Marisol"))
    other = add_client(vault, ClientInput("OAK-12", "Devonte"))
    reduce = alcohol_goal(vault, client.id, today - timedelta(days=30))
    safer = goals_store.create_goal(
        vault, client.id, "safer", {"strategies": [("Alcohol", "Eat before drinking")]}
    )
    other_goal = goals_store.create_goal(
        vault, other.id, "life", {"life_area": "Housing", "title": "A place of my own"}
    )
    factor = intake_store.add_factor(
        vault, client.id, FactorInput("external", "Work and money", "Drinks after work", "risk")
    )
    other_factor = intake_store.add_factor(
        vault, other.id, FactorInput("internal", "Sleep", "Bad nights", "risk")
    )
    uselog_store.add_entry(
        vault, client.id,
        EntryInput(day=day.isoformat(), substance="Alcohol", amount="6",
                   unit="standard drinks", route="Swallowed", setting="bar",
                   with_whom="coworkers", craving="7", mood="Stressed",
                   strategies=["Eat before drinking"]),
    )  # fmt: skip
    uselog_store.add_entry(
        vault, client.id,
        EntryInput(day=day.isoformat(), substance="Alcohol", amount="1",
                   unit="standard drinks", route="Swallowed", setting="home"),
    )  # fmt: skip
    uselog_store.record_no_use(vault, client.id, (day - timedelta(days=1)).isoformat())
    return {
        "client": client.id, "other": other.id, "reduce": reduce.id, "safer": safer.id,
        "other_goal": other_goal.id, "factor": factor.id, "other_factor": other_factor.id,
        "today": today, "day": day,
    }  # fmt: skip


@pytest.fixture
def setup(vault, clock):
    return review_setup(vault, clock.today)


def test_start_links_the_days_entries_and_prefills(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day.isoformat())
    assert started.created
    sheet = store.worksheet(vault, started.review_id)
    review = sheet.review
    assert review.status == "draft" and review.day == day
    assert review.what_used == "Alcohol 7 standard drinks (Swallowed)"
    assert review.place == "bar; home" and review.with_whom == "coworkers"
    assert review.what_reduced_harm == "Used from the plan: Eat before drinking"
    assert [e.text for e in sheet.entries] == [
        "Alcohol 6 standard drinks (Swallowed, bar)",
        "Alcohol 1 standard drink (Swallowed, home)",
    ]
    # the open goal about what was used is linked; the safer-use plan (no substance) is not
    assert sheet.linked_goal_ids == [setup["reduce"]]
    assert [f.id for f in sheet.factors] == [setup["factor"]]  # only this client's factors
    # a second start for the same day opens the same review
    again = store.start_review(vault, setup["client"], day)
    assert again == store.Started(started.review_id, False)
    assert [a.area for a in audit_trail(vault, setup["client"])].count("review") == 1


def test_start_from_the_workspace_on_a_day_without_log(vault, any_day):
    setup = review_setup(vault, any_day.today)
    today = setup["today"]
    day = today - timedelta(days=10)
    started = store.start_review(vault, setup["client"], day, goal_ids=[setup["safer"]])
    sheet = store.worksheet(vault, started.review_id)
    assert sheet.entries == [] and sheet.review.what_used == ""
    assert sheet.linked_goal_ids == [setup["safer"]]
    with pytest.raises(Invalid) as bad:
        store.start_review(vault, setup["client"], "tomorrow-ish")
    assert "day" in bad.value.errors
    with pytest.raises(Invalid):
        store.start_review(vault, setup["client"], today + timedelta(days=1))
    with pytest.raises(Invalid) as other:
        store.start_review(vault, setup["client"], today, goal_ids=[setup["other_goal"]])
    assert "goal_ids" in other.value.errors


def test_start_defaults_offer_the_last_day_with_use(vault, any_day):
    setup = review_setup(vault, any_day.today)
    today, day = setup["today"], setup["day"]
    defaults = store.start_defaults(vault, setup["client"], today)
    assert defaults.day == day and defaults.recent_use_days == (day,)
    assert store.start_defaults(vault, setup["other"], today).day == today


def test_save_creates_intake_factors_once_and_links_them(vault, setup):
    today, day = setup["today"], setup["day"]
    started = store.start_review(vault, setup["client"], day)
    sheet = store.worksheet(vault, started.review_id)
    data = replace(
        sheet.as_input(),
        triggers=(
            TriggerItem("Drinks after work", setup["factor"]),
            TriggerItem("Couldn't sleep", None, "internal", "Sleep"),
        ),
        stressors=(
            StressorItem("Rent went up", None, "external", "Housing"),
            StressorItem("A friend moved away"),
        ),
        too_ambitious="yes",
        learned="Paydays are the hard days.",
    )
    sheet = store.save_review(vault, started.review_id, data, today=today)
    factors = intake_store.list_factors(vault, setup["client"])
    by_words = {f.description: f for f in factors}
    assert set(by_words) == {"Drinks after work", "Couldn't sleep", "Rent went up"}
    new_trigger = by_words["Couldn't sleep"]
    assert (new_trigger.grp, new_trigger.category, new_trigger.effect) == (
        "internal", "Sleep", "risk",
    )  # fmt: skip
    assert f"review of {day.isoformat()}" in new_trigger.note
    assert by_words["Rent went up"].grp == "external"
    assert [t.factor_id for t in sheet.triggers] == [setup["factor"], new_trigger.id]
    assert [s.factor_id for s in sheet.stressors] == [by_words["Rent went up"].id, None]
    assert sheet.review.too_ambitious == "yes" and sheet.review.status == "draft"

    # saving again (as the screen does) adds nothing to the intake
    sheet = store.save_review(vault, started.review_id, sheet.as_input(), today=today)
    assert len(intake_store.list_factors(vault, setup["client"])) == 3
    areas = [(e.area, e.action) for e in audit_trail(vault, setup["client"])]
    assert areas.count(("intake", "created")) == 3  # the setup's factor and the two new ones
    assert areas.count(("review", "changed")) == 2


def test_a_bad_item_saves_nothing_at_all(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day)
    data = ReviewInput(
        day=day,
        learned="Should not be stored",
        triggers=(TriggerItem("Couldn't sleep", None, "internal", "Sleep"),),
        stressors=(StressorItem("Rent", None, "external", "Housing"),),
        goal_ids=(setup["other_goal"],),  # another client's goal
    )
    with pytest.raises(Invalid) as bad:
        store.save_review(vault, started.review_id, data)
    assert "goal_ids" in bad.value.errors
    data = replace(data, goal_ids=(), triggers=(TriggerItem("x", setup["other_factor"]),))
    with pytest.raises(Invalid) as bad:
        store.save_review(vault, started.review_id, data)
    assert "triggers" in bad.value.errors
    sheet = store.worksheet(vault, started.review_id)
    assert sheet.review.learned == "" and sheet.triggers == [] and sheet.stressors == []
    assert len(intake_store.list_factors(vault, setup["client"])) == 1
    with pytest.raises(Invalid) as bad:
        store.save_review(vault, started.review_id, ReviewInput(day="", learned="x"))
    assert "day" in bad.value.errors


def test_finish_later_and_a_finished_review_stays_finished(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day)
    sheet = store.save_review(vault, started.review_id, ReviewInput(day=day, learned="a"))
    assert sheet.review.status == "draft"
    sheet = store.finish_review(vault, started.review_id, sheet.as_input())
    assert sheet.review.status == "finished"
    sheet = store.save_review(vault, started.review_id, replace(sheet.as_input(), learned="b"))
    assert sheet.review.status == "finished" and sheet.review.learned == "b"
    actions = [e.action for e in audit_trail(vault, setup["client"]) if e.area == "review"]
    assert actions == ["created", "changed", "finished", "changed"]
    assert store.list_reviews(vault, setup["client"])[0].status_label == "Finished"


def test_revising_a_goal_from_the_review(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day, goal_ids=[])
    revision = store.revise_goal_from_review(
        vault, started.review_id, setup["reduce"], {"target_amount": "4"}, "three a night was a lot"
    )
    assert revision.review_id == started.review_id
    assert revision.reason == f"Review of {day.isoformat()}: three a night was a lot"
    history = goals_store.revisions(vault, setup["reduce"])
    assert [(r.review_id, r.reason) for r in history] == [(started.review_id, revision.reason)]
    goal = goals_store.goal_detail(vault, setup["reduce"]).goal
    assert goal.target_amount == 4 and goal.status == "revised"
    sheet = store.worksheet(vault, started.review_id)
    assert sheet.linked_goal_ids == [setup["reduce"]]  # the revised goal is linked
    assert [p.goal_title for p in sheet.plan_changes] == [goal.title]
    # saving the worksheet without it does not unlink a goal the review changed
    sheet = store.save_review(vault, started.review_id, replace(sheet.as_input(), goal_ids=()))
    assert sheet.linked_goal_ids == [setup["reduce"]]


def test_a_review_never_closes_a_goal(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day)
    for status in ("paused", "achieved"):
        with pytest.raises(Invalid) as bad:
            store.revise_goal_from_review(
                vault, started.review_id, setup["reduce"], {"status": status}, "stop for now"
            )
        assert "keeps goals open" in bad.value.errors["status"]
    with pytest.raises(Invalid) as bad:
        store.revise_goal_from_review(vault, started.review_id, setup["reduce"], {}, "why")
    with pytest.raises(Invalid) as bad:
        store.revise_goal_from_review(
            vault, started.review_id, setup["reduce"], {"target_amount": "4"}, "  "
        )
    assert "reason" in bad.value.errors
    with pytest.raises(NotFound):  # another client's goal
        store.revise_goal_from_review(
            vault, started.review_id, setup["other_goal"], {"steps": "x"}, "why"
        )
    assert goals_store.revisions(vault, setup["reduce"]) == []
    assert goals_store.goal_detail(vault, setup["reduce"]).goal.status == "active"
    assert not get_client(vault, setup["client"]).archived


def test_strategy_and_support_from_the_review(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day)
    rev = store.add_strategy_from_review(
        vault, started.review_id, setup["safer"], "Alcohol", "A glass of water with each drink"
    )
    assert rev.review_id == started.review_id and "added to the plan" in rev.reason
    labels = [s.label for s in goals_store.goal_detail(vault, setup["safer"]).strategies]
    assert labels == ["Eat before drinking", "A glass of water with each drink"]
    with pytest.raises(Invalid) as bad:
        store.add_strategy_from_review(
            vault, started.review_id, setup["safer"], "Alcohol", "eat before drinking"
        )
    assert "already" in bad.value.errors["label"]

    rev = store.add_support_from_review(
        vault, started.review_id, setup["reduce"], "Text my sister on paydays"
    )
    assert rev.reason == f"Review of {day.isoformat()}: added a support: Text my sister on paydays"
    helpers = goals_store.goal_detail(vault, setup["reduce"]).goal.helpers
    assert helpers.splitlines()[-1] == "Text my sister on paydays"
    with pytest.raises(Invalid) as bad:
        store.add_support_from_review(
            vault, started.review_id, setup["reduce"], "text my sister on paydays"
        )
    assert "support" in bad.value.errors
    sheet = store.worksheet(vault, started.review_id)
    assert sorted(sheet.linked_goal_ids) == sorted([setup["reduce"], setup["safer"]])
    assert len(sheet.plan_changes) == 2


def test_delete_only_a_review_that_changed_no_goal(vault, setup):
    today, day = setup["today"], setup["day"]
    kept = store.start_review(vault, setup["client"], day)
    store.revise_goal_from_review(vault, kept.review_id, setup["reduce"], {"steps": "x"}, "why")
    with pytest.raises(Invalid):
        store.delete_review(vault, kept.review_id)
    gone = store.start_review(vault, setup["client"], today - timedelta(days=9))
    store.save_review(
        vault, gone.review_id,
        ReviewInput(day=today - timedelta(days=9),
                    triggers=(TriggerItem("Drinks after work", setup["factor"]),),
                    stressors=(StressorItem("Rent"),)),
    )  # fmt: skip
    store.delete_review(vault, gone.review_id)
    assert [r.id for r in store.list_reviews(vault, setup["client"])] == [kept.review_id]
    with vault.session() as session:
        assert session.get(Review, gone.review_id) is None
        left = session.exec(
            ReviewTrigger.__table__.select().where(
                ReviewTrigger.__table__.c.review_id == gone.review_id
            )
        ).all()
        assert left == []
        assert session.exec(ReviewStressor.__table__.select()).all() == []
    # the log entries and intake factor stay
    assert len(uselog_store.entries_on(vault, setup["client"], day)) == 2
    assert len(intake_store.list_factors(vault, setup["client"])) == 1


def test_list_reviews_newest_first_with_their_goals_and_triggers(vault, any_day):
    setup = review_setup(vault, any_day.today)
    today, day = setup["today"], setup["day"]
    older = store.start_review(vault, setup["client"], today - timedelta(days=20))
    newer = store.start_review(vault, setup["client"], day)
    store.save_review(
        vault, newer.review_id,
        replace(store.worksheet(vault, newer.review_id).as_input(),
                triggers=(TriggerItem("Drinks after work", setup["factor"]),),
                next_checkin="+7"),
    )  # fmt: skip
    rows = store.list_reviews(vault, setup["client"])
    assert [r.id for r in rows] == [newer.review_id, older.review_id]
    assert rows[0].goals == ("Reduce use: Alcohol",)
    assert rows[0].triggers == ("Drinks after work",)
    assert rows[0].next_checkin == today + timedelta(days=7)
    assert store.list_reviews(vault, setup["other"]) == []
    with pytest.raises(NotFound):
        store.worksheet(vault, 999)


def test_audit_events_hold_no_content(vault, setup):
    day = setup["day"]
    started = store.start_review(vault, setup["client"], day)
    store.save_review(vault, started.review_id, ReviewInput(day=day, learned="SECRET words"))
    for event in audit_trail(vault, setup["client"]):
        assert "SECRET" not in f"{event.action} {event.area}"
