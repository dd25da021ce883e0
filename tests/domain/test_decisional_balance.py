"""The decisional-balance sheet and the readiness ruler per goal or behaviour (issue #17):
validation, storage, the intake export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import stigma_in

from hrtui.domain import intake as rules
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BalanceInput, ReadinessInput
from hrtui.exports import intake as section
from hrtui.store import goals, intake
from hrtui.store.clients import add_client, audit_trail, get_client
from hrtui.store.errors import Invalid, NotFound


@pytest.fixture
def cid(vault):
    return add_client(vault, ClientInput("DB-01", "Lee")).id


@pytest.fixture
def goal_id(vault, cid):
    return goals.create_goal(vault, cid, "reduce", {
        "substance": "Alcohol", "target_amount": "3", "unit": "standard drinks",
        "period": "per_use_day"}).id  # fmt: skip


SHEET = BalanceInput(
    using_good="I switch off.\nI sleep.",
    using_less_good="Tired with the kids the next day.",
    change_good="Mornings with energy.",
    change_less_good="Evenings feel long.",
    behaviour="  Drinking after shifts ",
)


def test_balance_validation(clock):
    ok, errors = rules.validate_balance(SHEET)
    assert errors == {}
    assert ok.behaviour == "Drinking after shifts" and ok.made_on == clock.today
    assert ok.using_good == "I switch off.\nI sleep."
    _, errors = rules.validate_balance(BalanceInput(behaviour="Drinking"))
    assert errors == {"using_good": "Write at least one thing, in the client's words."}
    _, errors = rules.validate_balance(
        BalanceInput(change_good="x" * 2001, behaviour="b\x00", made_on="tomorrow")
    )
    assert set(errors) == {"change_good", "behaviour", "made_on"}
    _, errors = rules.validate_balance(BalanceInput(change_good="ok", goal_id="3"))  # type: ignore[arg-type]
    assert set(errors) == {"goal_id"}


def test_balance_headings_are_person_first():
    assert stigma_in([*rules.BALANCE_CELLS.values(), rules.BALANCE_INTRO,
                      rules.GENERAL_SUBJECT]) == []  # fmt: skip
    assert list(rules.BALANCE_CELLS) == [
        "using_good", "using_less_good", "change_good", "change_less_good",
    ]  # fmt: skip


def test_balance_add_update_list(vault, cid, goal_id, clock):
    first = intake.add_balance(vault, cid, SHEET)
    assert first.id and first.made_on == clock.today and first.goal_id is None
    second = intake.add_balance(vault, cid, BalanceInput(
        change_good="Money for the trip", goal_id=goal_id,
        made_on=(clock.today - timedelta(days=3)).isoformat()))  # fmt: skip
    assert [b.id for b in intake.list_balances(vault, cid)] == [second.id, first.id]  # by day
    edited = BalanceInput(**{**SHEET.__dict__, "change_less_good": "Evenings feel long. Friends "
                                                                   "drink."})  # fmt: skip
    changed = intake.update_balance(vault, cid, first.id, edited)
    assert changed.change_less_good == "Evenings feel long. Friends drink."
    stored = {b.id: b for b in intake.list_balances(vault, cid)}
    assert stored[first.id].change_less_good == "Evenings feel long. Friends drink."
    assert stored[first.id].updated_at >= stored[first.id].created_at
    actions = [e.action for e in audit_trail(vault, cid) if e.area == "intake"]
    assert actions == ["created", "created", "changed"]
    # nothing differs: nothing written
    intake.update_balance(vault, cid, first.id, edited)
    assert len([e for e in audit_trail(vault, cid) if e.area == "intake"]) == 3
    overview = intake.overview(vault, cid)
    assert [b.id for b in overview.balances] == [second.id, first.id]


def test_balance_refuses_another_clients_goal_and_sheet(vault, cid, goal_id):
    other = add_client(vault, ClientInput("DB-02", "Kim")).id
    with pytest.raises(Invalid) as info:
        intake.add_balance(vault, other, BalanceInput(change_good="x", goal_id=goal_id))
    assert "goal_id" in info.value.errors
    mine = intake.add_balance(vault, cid, SHEET)
    with pytest.raises(NotFound):
        intake.update_balance(vault, other, mine.id, SHEET)
    with pytest.raises(Invalid):
        intake.add_balance(vault, cid, BalanceInput())
    assert len(intake.list_balances(vault, cid)) == 1


def test_readiness_per_goal_and_behaviour_each_with_its_own_follow_ups(vault, cid, goal_id,
                                                                       clock):  # fmt: skip
    intake.add_readiness(vault, cid, ReadinessInput(5, 4, 5, "Days off", "Sleep", "-30"))
    intake.add_readiness(vault, cid, ReadinessInput(8, 6, 7, "My kids", "A plan for Fridays",
                                                    "-20", goal_id=goal_id))  # fmt: skip
    intake.add_readiness(vault, cid, ReadinessInput(3, 2, 2, "Scared of needles", "A nurse",
                                                    "-10", behaviour="Injecting"))  # fmt: skip
    intake.add_readiness(vault, cid, ReadinessInput(5, 3, 4, "", "", behaviour="injecting"))
    intake.add_readiness(vault, cid, ReadinessInput(9, 7, 8, "Mornings", "", goal_id=goal_id))
    series = intake.readiness_by_subject(vault, cid)
    assert [(s.label, [r.importance for r in s.ratings]) for s in series] == [
        ("Change in general", [5]),
        ("Goal: Reduce use: Alcohol", [8, 9]),
        ("Injecting", [3, 5]),
    ]
    assert series[1].ratings[0].why_not_lower == "My kids"
    assert series[1].ratings[0].one_up == "A plan for Fridays"
    assert series[2].ratings[0].one_up == "A nurse"
    assert [s.label for s in intake.overview(vault, cid).rulers] == [s.label for s in series]
    other = add_client(vault, ClientInput("DB-03", "Ash")).id
    with pytest.raises(Invalid) as info:
        intake.add_readiness(vault, other, ReadinessInput(5, 5, 5, goal_id=goal_id))
    assert "goal_id" in info.value.errors
    with pytest.raises(Invalid) as info:
        intake.add_readiness(vault, cid, ReadinessInput(5, 5, 5, behaviour="x" * 81))
    assert "behaviour" in info.value.errors


def test_export_carries_the_sheets_and_what_each_rating_is_about(vault, cid, goal_id, clock):
    intake.add_readiness(vault, cid, ReadinessInput(5, 4, 5, "Days off", "Sleep", "-30"))
    intake.add_readiness(vault, cid, ReadinessInput(8, 6, 7, "My kids", "", "-20",
                                                    goal_id=goal_id))  # fmt: skip
    intake.add_balance(vault, cid, SHEET)
    value = section.build(vault, get_client(vault, cid))
    assert [(r["goal"], r["behaviour"], r["about"]) for r in value["readiness"]] == [
        (None, "", "Change in general"),
        ("Reduce use: Alcohol", "", "Goal: Reduce use: Alcohol"),
    ]
    (sheet,) = value["decisional_balance"]
    assert sheet["behaviour"] == "Drinking after shifts" and sheet["goal"] is None
    assert sheet["using_good"] == "I switch off.\nI sleep."
    assert sheet["made_on"] == clock.today.isoformat()
    assert set(sheet) == {
        "made_on",
        "behaviour",
        "goal",
        "using_good",
        "using_less_good",
        "change_good",
        "change_less_good",
        "created_at",
        "updated_at",
    }
    lines = section.markdown(value)
    text = "\n".join(lines)
    assert "#### Decisional balance" in lines
    assert f"- {clock.today.isoformat()} (Drinking after shifts)" in lines
    assert "  - Good things about using: I switch off.\n    I sleep." in text
    assert "  - Less good things about changing: Evenings feel long." in text
    assert "- Change in general:" in lines and "- Goal: Reduce use: Alcohol:" in lines
    assert "  - Importance: 8" in lines
    assert "(Goal: Reduce use: Alcohol): importance 8" in text
