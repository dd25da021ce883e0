"""Reviews in the export (JSON and Markdown) and in the demo vault."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from helpers import alcohol_goal

from hrtui.demo import DEMO_CLIENTS
from hrtui.domain.clients import ClientInput
from hrtui.domain.reviews import StressorItem, TriggerItem
from hrtui.domain.uselog import EntryInput
from hrtui.exports import reviews as export
from hrtui.store import goals as goals_store
from hrtui.store import intake as intake_store
from hrtui.store import reviews as store
from hrtui.store import uselog as uselog_store
from hrtui.store.clients import add_client, get_client

BANNED = ("relapsed", "failed", "failure", "addict", "abuser", "clean", "dirty")


def test_export_carries_the_whole_worksheet(vault, any_day):
    today = any_day.today
    day = today - timedelta(days=4)
    client = add_client(vault, ClientInput("RIV-07", "Marisol"))
    goal = alcohol_goal(vault, client.id, today - timedelta(days=30))
    uselog_store.add_entry(
        vault, client.id,
        EntryInput(day=day, substance="Alcohol", amount="6", unit="standard drinks"),
    )  # fmt: skip
    started = store.start_review(vault, client.id, day)
    sheet = store.worksheet(vault, started.review_id)
    store.save_review(
        vault, started.review_id,
        replace(sheet.as_input(), self_talk="I've blown it", too_ambitious="yes",
                learned="Line one\nline two", next_checkin="+7",
                triggers=(TriggerItem("Payday", None, "external", "Work and money"),),
                stressors=(StressorItem("A friend moved away"),)),
    )  # fmt: skip
    store.revise_goal_from_review(
        vault, started.review_id, goal.id, {"target_amount": 4}, "four for now"
    )
    value = export.build(vault, get_client(vault, client.id))
    json.dumps(value)  # JSON-ready
    [review] = value
    assert review["day"] == day.isoformat() and review["status"] == "draft"
    assert review["what_used"] == "Alcohol 6 standard drinks"
    assert review["self_talk"] == "I've blown it" and review["too_ambitious"] == "yes"
    assert review["next_checkin"] == (today + timedelta(days=7)).isoformat()
    assert review["log_entries"] == [
        {"day": day.isoformat(), "substance": "Alcohol", "no_use": False, "amount": 6.0,
         "unit": "standard drinks"}
    ]  # fmt: skip
    assert review["goals"] == ["Reduce use: Alcohol"]
    assert review["triggers"] == [
        {"label": "Payday", "in_intake": True, "group": "external", "category": "Work and money"}
    ]
    assert review["new_stressors"] == [
        {"text": "A friend moved away", "in_intake": False, "group": None, "category": None}
    ]
    [change] = review["plan_changes"]
    assert change["goal"] == "Reduce use: Alcohol"
    assert change["reason"] == f"Review of {day.isoformat()}: four for now"
    assert change["changes"]["target_amount"] == [3.0, 4.0]

    lines = export.markdown(value)
    assert lines[0] == "### Reviews"
    text = "\n".join(lines)
    assert f"#### A day over the plan: {day.isoformat()} (in progress)" in text
    assert "- What we learned: Line one line two" in text
    assert "- Triggers: Payday (external, Work and money)" in text
    assert "- New stressors: A friend moved away" in text
    assert "- Were the goals too ambitious? Yes" in text
    assert f"Review of {day.isoformat()}: four for now (Target: 3 → 4" in text
    assert export.markdown([]) == ["### Reviews", "", "_No reviews yet._"]


def demo_vault(vault, today: date) -> dict[str, int]:
    from hrtui.demo_data import goals, intake, reviews, uselog

    ids = {c.code: add_client(vault, c.as_input()).id for c in DEMO_CLIENTS}
    for module in (intake, goals, uselog, reviews):
        module.populate(vault, ids, today)
    return ids


def test_demo_clients_have_reviews_that_revised_a_goal(vault, any_day):
    ids = demo_vault(vault, any_day.today)
    revised = []
    for code, client_id in ids.items():
        for row in store.list_reviews(vault, client_id):
            sheet = store.worksheet(vault, row.id)
            assert row.day < any_day.today
            for change in sheet.plan_changes:
                [rev] = [
                    r for r in goals_store.revisions(vault, change.goal_id) if r.id == change.id
                ]
                assert rev.review_id == row.id and rev.reason.startswith("Review of")
                revised.append(code)
            # the log entries it links are the client's, on the day reviewed
            assert all(e.day == row.day for e in sheet.entries) and sheet.entries
            value = export.build(vault, get_client(vault, client_id))
            words = json.dumps(value).casefold()
            assert not any(word in words for word in BANNED), code
    assert len(set(revised)) >= 2
    statuses = {
        r.status for client_id in ids.values() for r in store.list_reviews(vault, client_id)
    }
    assert statuses == {"draft", "finished"}  # one is still in progress, to finish in the demo
    # the stressor of Marisol's review went into her intake
    factors = intake_store.list_factors(vault, ids["RIV-07"])
    assert "Extra night shifts this month" in [f.description for f in factors]
