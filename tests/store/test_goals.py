"""Goal storage: one transaction per change, revisions with reasons, the functions other areas
call (list_goals, revise_goal, add_strategy, safer_use_plan, active_target, revisions), the
roster's open-goal count and the demo goals."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from hrtui.demo import DEMO_CLIENTS
from hrtui.demo_data import goals as demo_goals
from hrtui.domain.clients import ClientInput
from hrtui.domain.goals import Step, StrategyPick
from hrtui.store import goals as store
from hrtui.store.clients import add_client, audit_trail, list_roster
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import AuditEvent, Factor, Goal, GoalRevision, SubstanceBaseline

D = date(2025, 3, 10)
NOW = datetime(2025, 3, 10, 9, 0)


@pytest.fixture
def client(vault) -> int:
    return add_client(vault, ClientInput("RIV-07", "Marisol")).id


def add_factor(vault, client_id: int, category: str = "Sleep") -> int:
    with vault.session() as session:
        row = Factor(client_id=client_id, grp="internal", category=category,
                     description="Hard to sleep after shifts", effect="risk", noted_on=D,
                     created_at=NOW, updated_at=NOW)  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def reduce(vault, client_id: int, **extra):
    values = {"substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
              "baseline_amount": "5", "target_amount": "4", **extra}  # fmt: skip
    return store.create_goal(vault, client_id, "reduce", values, on=D)


def stepdown(vault, client_id: int, status: str = "active"):
    ladder = f"{D - timedelta(days=20)} 4\n{D - timedelta(days=6)} 3\n{D + timedelta(days=8)} 2"
    return store.create_goal(vault, client_id, "stepdown", {
        "substance": "Benzodiazepines", "unit": "pills", "period": "per_use_day",
        "ladder": ladder, "status": status, "start_on": D - timedelta(days=20),
    }, on=D)  # fmt: skip


def safer(vault, client_id: int, *labels: tuple[str, str]):
    picks = list(labels) or [("Alcohol", "Eat before drinking")]
    return store.create_goal(vault, client_id, "safer", {"strategies": picks}, on=D)


def count(vault, model) -> int:
    with vault.session() as session:
        return len(session.exec(select(model)).all())


# -- creating and listing ----------------------------------------------------------------------


def test_create_list_and_details(vault, client):
    factor = add_factor(vault, client)
    goal = reduce(vault, client, factor_ids=[factor], counselor_note="mine")
    sd = stepdown(vault, client, status="paused")
    assert [g.id for g in store.list_goals(vault, client)] == [goal.id, sd.id]  # open first
    assert [g.id for g in store.list_goals(vault, client, include_closed=False)] == [goal.id]
    detail = store.goal_detail(vault, goal.id)
    assert [f.id for f in detail.factors] == [factor]
    assert detail.factors[0].label == "Risk · Sleep: Hard to sleep after shifts"
    ladder = store.goal_detail(vault, sd.id).ladder
    assert [(s.position, s.amount, s.unit) for s in ladder] == [
        (1, 4.0, "pills"), (2, 3.0, "pills"), (3, 2.0, "pills"),
    ]  # fmt: skip
    events = [(e.action, e.area) for e in audit_trail(vault, client)]
    assert events.count(("created", "goals")) == 2


def test_invalid_goal_is_not_written_at_all(vault, client):
    other = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    foreign = add_factor(vault, other)
    with pytest.raises(Invalid) as caught:
        reduce(vault, client, factor_ids=[foreign])
    assert "factor_ids" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        store.create_goal(vault, client, "stepdown", {
            "substance": "X", "unit": "mg", "period": "per_use_day", "ladder": "today 3",
        })  # fmt: skip
    assert "at least 2 steps" in caught.value.errors["ladder"]
    assert count(vault, Goal) == 0
    assert [e for e in audit_trail(vault, client) if e.area == "goals"] == []


def test_unknown_client_and_goal(vault):
    with pytest.raises(NotFound):
        store.create_goal(vault, 99, "life", {"life_area": "Housing"})
    with pytest.raises(NotFound):
        store.revisions(vault, 99)


def test_goal_context_offers_the_latest_baseline_and_the_clients_substances_first(vault, client):
    with vault.session() as session:
        for taken, amount in ((D - timedelta(days=60), 6), (D - timedelta(days=5), 4)):
            session.add(SubstanceBaseline(client_id=client, substance="Cannabis", amount=amount,
                                          unit="joints", days_per_week=5, taken_on=taken,
                                          created_at=NOW))  # fmt: skip
    context = store.goal_context(vault, client, on=D)
    assert context.substances[0] == "Cannabis"
    assert context.baseline("cannabis").amount == 4
    assert context.baseline("cannabis").for_period("per_week") == 20
    assert store.latest_baseline(vault, client, "CANNABIS").taken_on == D - timedelta(days=5)
    assert store.latest_baseline(vault, client, "Alcohol") is None
    assert "Overdose" in context.menu


# -- editing and revising ----------------------------------------------------------------------


def test_update_without_plan_change_needs_no_reason(vault, client):
    goal = reduce(vault, client)
    store.update_goal(vault, goal.id, {"client_words": "In my words", "review_on": "2025-04-01"})
    detail = store.goal_detail(vault, goal.id)
    assert detail.goal.client_words == "In my words" and detail.revisions == []
    assert detail.goal.review_on == date(2025, 4, 1)


def test_update_of_the_target_asks_for_a_reason_then_keeps_a_revision(vault, client):
    goal = reduce(vault, client)
    with pytest.raises(store.ReasonNeeded) as caught:
        store.update_goal(vault, goal.id, {"target_amount": "3", "client_words": "x"}, on=D)
    assert caught.value.summary == ["Target: 4 → 3", "Status: Active → Revised"]
    assert store.goal_detail(vault, goal.id).goal.target_amount == 4.0  # nothing saved
    store.update_goal(vault, goal.id, {"target_amount": "3"}, reason="Going well", on=D)
    (revision,) = store.revisions(vault, goal.id)
    assert revision.reason == "Going well" and revision.revised_on == D
    assert json.loads(revision.changes) == {
        "target_amount": [4.0, 3.0], "status": ["active", "revised"],
    }  # fmt: skip


def test_revise_goal_applies_changes_and_records_the_review(vault, client):
    goal = reduce(vault, client)
    later = D + timedelta(days=7)
    revision = store.revise_goal(vault, goal.id, {"target_amount": 4.5, "period": "per_use_day"},
                                 "Too ambitious for now", review_id=12, on=later)  # fmt: skip
    assert (revision.review_id, revision.revised_on) == (12, later)
    stored = store.list_goals(vault, client)[0]
    assert stored.target_amount == 4.5 and stored.status == "revised"
    assert [r.id for r in store.revisions(vault, goal.id)] == [revision.id]
    assert ("revised", "goals") in [(e.action, e.area) for e in audit_trail(vault, client)]


def test_revise_goal_keeps_a_chosen_status_and_refuses_bad_changes(vault, client):
    goal = reduce(vault, client)
    store.revise_goal(vault, goal.id, {"target_amount": "3", "status": "progressing"}, "ok")
    assert store.list_goals(vault, client)[0].status == "progressing"
    with pytest.raises(Invalid) as caught:
        store.revise_goal(vault, goal.id, {"target_amount": "3"}, "   ")
    assert "reason" in caught.value.errors
    with pytest.raises(Invalid) as caught:
        store.revise_goal(vault, goal.id, {"target_amount": "9"}, "more")
    assert "baseline" in caught.value.errors["target_amount"]
    with pytest.raises(Invalid) as caught:
        store.revise_goal(vault, goal.id, {"status": "failed"}, "no")
    assert "status" in caught.value.errors
    with pytest.raises(ValueError, match="unknown goal field"):
        store.revise_goal(vault, goal.id, {"target": 3}, "typo")
    assert len(store.revisions(vault, goal.id)) == 1  # only the first one
    assert store.list_goals(vault, client)[0].target_amount == 3.0


def test_status_changes_and_moving_back_a_step(vault, client):
    sd = stepdown(vault, client)
    with pytest.raises(Invalid, match="already active"):
        store.set_status(vault, sd.id, "active", "same")
    store.set_status(vault, sd.id, "progressing", "Two weeks at 3", on=D)
    revision = store.step_back(vault, sd.id, "Hard week at work", on=D)
    changes = json.loads(revision.changes)
    assert [s["starts_on"] for s in changes["ladder"][1]] == [
        str(D - timedelta(days=20)), str(D + timedelta(days=14)), str(D + timedelta(days=28)),
    ]  # fmt: skip
    assert changes["status"] == ["progressing", "revised"]
    assert store.active_target(vault, client, "benzodiazepines", D) == (4.0, "pills", "per_use_day")
    life = store.create_goal(vault, client, "life", {"life_area": "Housing"})
    with pytest.raises(Invalid, match="Only a step-down"):
        store.step_back(vault, life.id, "x")
    with pytest.raises(Invalid, match="first step"):
        store.step_back(vault, sd.id, "again", on=D)


# -- strategies and the safer-use plan ---------------------------------------------------------


def test_add_strategy_records_a_revision_and_refuses_duplicates(vault, client):
    goal = safer(vault, client)
    row = store.add_strategy(vault, goal.id, "General", "Call my sister", note="before going out")
    assert (row.concern, row.label, row.custom, row.note) == (
        "General",
        "Call my sister",
        True,
        "before going out",
    )
    menu_row = store.add_strategy(vault, goal.id, "Overdose", "Start low, go slow", custom=False)
    assert menu_row.custom is False
    reasons = [r.reason for r in store.revisions(vault, goal.id)]
    assert reasons == ["Added to the plan: Call my sister", "Added to the plan: Start low, go slow"]
    with pytest.raises(Invalid, match="already in the plan"):
        store.add_strategy(vault, goal.id, "General", "call my SISTER")
    assert len(store.goal_detail(vault, goal.id).strategies) == 3


def test_set_strategies_keeps_kept_rows_and_asks_for_a_reason(vault, client):
    goal = safer(
        vault, client, ("Alcohol", "Eat before drinking"), ("General", "Plan a safe place")
    )
    first = store.goal_detail(vault, goal.id).strategies[0]
    with pytest.raises(store.ReasonNeeded):
        store.set_strategies(vault, goal.id, [("Alcohol", "Eat before drinking")], "Own one",
                             "General")  # fmt: skip
    store.set_strategies(vault, goal.id, [("Alcohol", "Eat before drinking")], "Own one",
                         "General", reason="Plan changed", on=D)  # fmt: skip
    rows = store.goal_detail(vault, goal.id).strategies
    assert [(r.label, r.custom) for r in rows] == [
        ("Eat before drinking", False), ("Own one", True),
    ]  # fmt: skip
    assert rows[0].id == first.id and rows[0].added_on == first.added_on
    with pytest.raises(Invalid, match="Pick at least one"):
        store.set_strategies(vault, goal.id, [], reason="empty")


def test_safer_use_plan_is_the_open_safer_goals_strategies_by_concern(vault, client):
    safer(vault, client, ("General", "Set a spending limit"), ("Overdose", "Start low, go slow"))
    paused = safer(vault, client, ("Alcohol", "Space drinks out"))
    store.set_status(vault, paused.id, "paused", "Not drinking at the moment")
    other = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    safer(vault, other, ("Infections", "New sterile supplies each time"))
    plan = store.safer_use_plan(vault, client)
    assert [(s.concern, s.label) for s in plan] == [
        ("Overdose", "Start low, go slow"), ("General", "Set a spending limit"),
    ]  # fmt: skip


# -- active target -----------------------------------------------------------------------------


def test_active_target_for_a_substance_on_a_day(vault, client):
    assert store.active_target(vault, client, "Alcohol", D) is None
    goal = reduce(vault, client, start_on="2025-03-01")
    assert store.active_target(vault, client, "alcohol", D) == (4.0, "standard drinks",
                                                                 "per_use_day")  # fmt: skip
    assert store.active_target(vault, client, "Alcohol", date(2025, 2, 28)) is None
    newer = reduce(vault, client, start_on="2025-03-08", target_amount="3", period="per_use_day")
    assert store.active_target(vault, client, "Alcohol", D)[0] == 3.0  # the most recent wins
    store.set_status(vault, newer.id, "achieved", "Done")
    store.set_status(vault, goal.id, "paused", "Break")
    assert store.active_target(vault, client, "Alcohol", D) is None
    stepdown(vault, client)
    assert store.active_target(vault, client, "Benzodiazepines", D) == (3.0, "pills", "per_use_day")
    assert store.active_target(vault, client, "Benzodiazepines", D + timedelta(days=8))[0] == 2.0
    assert store.active_target(vault, client, "Benzodiazepines", D - timedelta(days=30)) is None


# -- roster ------------------------------------------------------------------------------------


def test_roster_counts_open_goals_in_one_query(vault, client):
    add_client(vault, ClientInput("OAK-12", "Devonte"))
    reduce(vault, client)
    safer(vault, client)
    done = safer(vault, client)
    store.set_status(vault, done.id, "achieved", "Reached")
    statements: list[str] = []

    def listener(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(vault.engine, "before_cursor_execute", listener)
    try:
        rows = {r.code: r.open_goals for r in list_roster(vault)}
    finally:
        event.remove(vault.engine, "before_cursor_execute", listener)
    assert rows == {"RIV-07": 2, "OAK-12": 0}
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_audit_events_carry_no_content(vault, client):
    goal = reduce(vault, client, client_words="Secret words")
    store.revise_goal(vault, goal.id, {"target_amount": 3}, "Secret reason")
    with vault.session() as session:
        events = session.exec(select(AuditEvent)).all()
    text = " ".join(f"{e.action} {e.area}" for e in events)
    assert "Secret" not in text and "goals" in text


def test_deleting_a_client_takes_the_goals_with_it(vault, client):
    goal = reduce(vault, client)
    store.revise_goal(vault, goal.id, {"target_amount": 3}, "ok")
    with vault.raw() as conn:
        conn.execute("DELETE FROM client WHERE id = ?", (client,))
        conn.commit()
    assert count(vault, Goal) == 0 and count(vault, GoalRevision) == 0


# -- demo ----------------------------------------------------------------------------------------


def test_demo_goals_cover_every_kind_with_plans_and_revisions(vault, any_day):
    ids = {d.code: add_client(vault, d.as_input()).id for d in DEMO_CLIENTS}
    today = any_day.today
    demo_goals.populate(vault, ids, today)
    details = [d for client_id in ids.values() for d in store.goal_details(vault, client_id)]
    assert {d.goal.kind for d in details} == {"reduce", "safer", "stepdown", "abstinence", "life"}
    assert any(d.goal.status == "revised" for d in details)
    assert any(s.custom for d in details for s in d.strategies)
    assert all(store.safer_use_plan(vault, ids[code]) for code in ("RIV-07", "OAK-12", "PIN-04"))
    taper = next(d for d in details if d.goal.kind == "stepdown")
    assert any("ladder" in store.changes_of(r) for r in taper.revisions)
    assert store.active_target(vault, ids["FIR-09"], "Benzodiazepines", today) == (
        1.5,
        "mg",
        "per_use_day",
    )  # moved back a step three days ago
    words = " ".join(
        f"{d.goal.title} {d.goal.client_words} {r.reason}" for d in details for r in d.revisions
    ).casefold()
    for bad in ("fail", "relapsed", "clean", "dirty", "addict", "abuser"):
        assert bad not in words
    archived = {d.code for d in DEMO_CLIENTS if d.archived}
    assert {r.code: r.open_goals for r in list_roster(vault) if r.code in archived} == {
        code: 0 for code in archived
    }


def test_demo_goals_link_intake_factors_when_the_intake_is_there(vault, clock):
    client_id = add_client(vault, ClientInput("RIV-07", "Marisol")).id
    factor = add_factor(vault, client_id, "Sleep")
    demo_goals.populate(vault, {"RIV-07": client_id}, clock.today)
    linked = [f.id for d in store.goal_details(vault, client_id) for f in d.factors]
    assert linked == [factor]


def test_strategy_picks_may_be_given_as_dicts_or_picks(vault, client):
    goal = store.create_goal(vault, client, "safer", {"strategies": [
        {"concern": "General", "label": "Plan a safe place"},
        StrategyPick("General", "Tell someone your plan"),
    ]})  # fmt: skip
    store.revise_goal(vault, goal.id, {"ladder": [], "strategies": [
        StrategyPick("General", "Tell someone your plan"),
    ]}, "Simpler")  # fmt: skip
    assert [s.label for s in store.goal_detail(vault, goal.id).strategies] == [
        "Tell someone your plan"
    ]


def test_a_ladder_may_be_revised_with_steps_or_pairs(vault, client):
    sd = stepdown(vault, client)
    store.revise_goal(vault, sd.id, {"ladder": [Step(D, 3.5), (D + timedelta(days=14), 2)]},
                      "Agreed with the prescriber", on=D)  # fmt: skip
    assert [(s.starts_on, s.amount) for s in store.goal_detail(vault, sd.id).ladder] == [
        (D, 3.5), (D + timedelta(days=14), 2.0),
    ]  # fmt: skip
    assert store.list_goals(vault, client)[0].target_amount == 2.0
