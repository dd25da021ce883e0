"""Goal rules: validation per kind, ladders, strategies, revision diffs, plain-word targets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.domain.goals import Step, StrategyPick

TODAY = date(2025, 3, 10)


def check(kind: str, **raw):
    return rules.validate_goal(kind, raw, TODAY)


def reduce_raw(**overrides):
    raw = {"substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
           "baseline_amount": "5", "target_amount": "4"}  # fmt: skip
    raw.update(overrides)
    return raw


# -- each kind ---------------------------------------------------------------------------------


def test_reduce_goal_from_form_text_gets_defaults():
    values, errors = check("reduce", **reduce_raw(client_words="  Fewer on work nights \n"))
    assert errors == {}
    assert (values.baseline_amount, values.target_amount) == (5.0, 4.0)
    assert values.status == "active" and values.start_on == TODAY and values.review_on is None
    assert values.title == "Reduce use: Alcohol"
    assert values.client_words == "Fewer on work nights"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"target_amount": ""}, "target_amount", "Type an amount"),
        ({"target_amount": "five"}, "target_amount", "Type a number"),
        ({"target_amount": "5"}, "target_amount", "below the baseline (5)"),
        ({"target_amount": "6"}, "target_amount", "below the baseline"),
        ({"target_amount": "0"}, "target_amount", "abstinence goal"),
        ({"period": "per_month"}, "period", "per use day"),
        ({"unit": ""}, "unit", "Type the unit"),
        ({"substance": ""}, "substance", "Choose the substance"),
        ({"baseline_amount": "-1"}, "baseline_amount", "cannot be negative"),
        ({"period": "use_days_per_week", "baseline_amount": "", "target_amount": "8"},
         "target_amount", "0 to 7"),
        ({"start_on": "2025-13-01"}, "start_on", "Not a date"),
        ({"review_on": "2025-03-01"}, "review_on", "before the start date"),
        ({"client_words": "bell\x07"}, "client_words", "control character"),
        ({"title": "x" * 101}, "title", "100 characters"),
    ],
)  # fmt: skip
def test_reduce_goal_problems_are_named_per_field(overrides, field, words):
    values, errors = check("reduce", **reduce_raw(**overrides))
    assert values is None
    assert words in errors[field], errors


def test_a_reduce_goal_without_a_baseline_is_fine_and_use_days_get_a_unit():
    values, errors = check("reduce", **reduce_raw(baseline_amount="", period="use_days_per_week",
                                                  unit="", target_amount="3"))  # fmt: skip
    assert errors == {}
    assert values.baseline_amount is None and values.unit == "use days"


def test_future_start_and_review_dates_are_allowed_relative_or_iso():
    values, errors = check(
        "abstinence", substance="Cannabis", start_on="+7", review_on="2025-04-01"
    )
    assert errors == {}
    assert values.start_on == TODAY + timedelta(days=7)
    assert values.review_on == date(2025, 4, 1)
    assert values.target_amount is None and values.period is None


def test_life_goal_needs_an_area_and_drops_substance_targets():
    assert "life_area" in check("life")[1]
    values, errors = check("life", life_area="Housing", target_amount="3", substance="Alcohol")
    assert errors == {}
    assert values.title == "Life: Housing" and values.target_amount is None
    assert values.substance == "Alcohol"  # a linked substance is kept


def test_safer_goal_needs_a_strategy_and_marks_the_clients_own():
    assert "Pick at least one" in check("safer")[1]["strategies"]
    values, errors = check(
        "safer",
        strategies=[("Alcohol", "Eat before drinking")],
        custom_strategies="Call my sister\n\n  eat before DRINKING \n",
        custom_concern="General",
    )
    assert errors == {}
    assert values.strategies == [
        StrategyPick("Alcohol", "Eat before drinking", custom=False),
        StrategyPick("General", "Call my sister", custom=True),
    ]


def test_typed_strategies_need_a_concern():
    _, errors = check("safer", custom_strategies="Call my sister", custom_concern="")
    assert "concern" in errors["custom_strategies"]


def test_the_counselors_additions_to_the_menu_are_not_custom():
    menu = {"General": ["Carry a charged phone"]}
    values, _ = rules.validate_goal(
        "safer", {"strategies": [("General", "Carry a charged phone")]}, TODAY, menu=menu
    )
    assert values.strategies[0].custom is False


def test_linked_factors_must_be_the_clients():
    raw = {"life_area": "Housing", "factor_ids": [3, "4"]}
    values, errors = rules.validate_goal("life", raw, TODAY, factor_ids=[3, 4, 5])
    assert errors == {} and values.factor_ids == [3, 4]
    _, errors = rules.validate_goal("life", raw, TODAY, factor_ids=[3])
    assert "not this client's" in errors["factor_ids"]


def test_unknown_kind_and_status():
    assert "kind" in rules.validate_goal("quit", {}, TODAY)[1]
    assert "status" in check("life", life_area="Health", status="failed")[1]


# -- step-down ladders -------------------------------------------------------------------------


def test_ladder_text_with_relative_dates_notes_and_blank_lines():
    steps = rules.parse_ladder("today 4\n\n+14 3 with the prescriber\n2025-04-07 2,5\n", TODAY)
    assert steps == [
        Step(TODAY, 4.0),
        Step(TODAY + timedelta(days=14), 3.0, "with the prescriber"),
        Step(date(2025, 4, 7), 2.5),
    ]
    assert rules.parse_ladder(rules.ladder_text(steps), TODAY) == steps


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-03-10 4\nsoon 3", "Line 2: not a date"),
        ("2025-03-10", "Line 1: give a start date and an amount"),
        ("2025-03-10 4\n2025-03-20 lots", "Line 2: Type a number"),
    ],
)
def test_ladder_lines_that_cannot_be_read_are_named(text, words):
    with pytest.raises(ValueError, match=words):
        rules.parse_ladder(text, TODAY)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025-03-10 4", "at least 2 steps"),
        ("2025-03-10 4\n2025-03-10 3", "Two steps start on 2025-03-10"),
        ("2025-03-10 3\n2025-03-24 4", "higher than the one before it"),
        ("2025-03-10 6\n2025-03-24 4", "above the baseline"),
    ],
)
def test_ladder_problems(text, words):
    _, errors = check("stepdown", substance="Benzodiazepines", unit="mg", period="per_use_day",
                      baseline_amount="5", ladder=text)  # fmt: skip
    assert words in errors["ladder"]


def test_stepdown_target_is_the_last_step_and_steps_are_sorted():
    ladder = "2025-04-07 1\n2025-03-10 2\n2025-03-24 1.5"
    values, errors = check(
        "stepdown", substance="Benzodiazepines", unit="mg", period="per_use_day", ladder=ladder
    )
    assert errors == {}
    assert [s.amount for s in values.ladder] == [2.0, 1.5, 1.0]
    assert values.target_amount == 1.0


def test_current_step_and_moving_back_a_step():
    ladder = [Step(date(2025, 3, 1), 4), Step(date(2025, 3, 15), 3), Step(date(2025, 4, 1), 2)]
    assert rules.current_step(ladder, date(2025, 2, 28)) is None
    assert rules.current_step(ladder, date(2025, 3, 20)) == (1, ladder[1])
    moved = rules.step_back(ladder, date(2025, 3, 20))
    # the first step applies again for its 14 days; the rest keep their spacing
    assert [s.starts_on for s in moved] == [date(2025, 3, 1), date(2025, 4, 3), date(2025, 4, 20)]
    assert [s.amount for s in moved] == [4, 3, 2]
    assert rules.current_step(moved, date(2025, 3, 20)) == (0, ladder[0])
    with pytest.raises(ValueError, match="first step"):
        rules.step_back(ladder, date(2025, 3, 5))


# -- revisions ---------------------------------------------------------------------------------


def test_diff_and_plain_words_for_a_revision():
    before, _ = check("reduce", **reduce_raw())
    after, _ = check("reduce", **reduce_raw(target_amount="3", review_on="2025-04-01",
                                            client_words="new words"))  # fmt: skip
    changes = rules.diff(rules.snapshot(before), rules.snapshot(after))
    assert changes == {"target_amount": [4.0, 3.0], "review_on": [None, "2025-04-01"]}
    assert rules.needs_reason(changes)
    assert rules.describe_changes(changes) == ["Target: 4 → 3", "Review date: — → 2025-04-01"]
    assert not rules.needs_reason({"review_on": [None, "2025-04-01"]})


def test_strategy_and_ladder_changes_in_words():
    a, b, c = ({"concern": "General", "label": x} for x in "ABC")
    changes = {
        "strategies": [[a, b], [b, c]],
        "ladder": [[{"starts_on": "2025-03-01", "amount": 4.0}],
                   [{"starts_on": "2025-03-08", "amount": 4.0}]],
        "status": ["active", "paused"],
    }  # fmt: skip
    assert rules.describe_changes(changes) == [
        "Ladder: 2025-03-01: 4 → 2025-03-08: 4",
        "Strategies: added C, removed A",
        "Status: Active → Paused",
    ]


def test_a_new_target_makes_an_open_goal_revised_unless_a_status_is_chosen():
    assert rules.implied_status("active", ["target_amount"], False) == "revised"
    assert rules.implied_status("progressing", ["ladder"], False) == "revised"
    assert rules.implied_status("active", ["strategies"], False) == "active"
    assert rules.implied_status("active", ["target_amount"], True) == "active"
    assert rules.implied_status("paused", ["target_amount"], False) == "paused"


def test_reason_is_required_and_limited():
    assert "Say why" in rules.reason_problem("   ")
    assert rules.reason_problem("Too big a jump") is None
    assert "500" in rules.reason_problem("x" * 501)


# -- words -------------------------------------------------------------------------------------


def test_baseline_for_each_period_and_targets_in_words():
    assert rules.baseline_for_period(5, 4, "per_use_day") == 5
    assert rules.baseline_for_period(5, 4, "per_week") == 20
    assert rules.baseline_for_period(5, 4, "use_days_per_week") == 4
    assert rules.baseline_for_period(None, 4, "per_week") is None
    assert rules.describe_target(4, "standard drinks", "per_use_day") == (
        "4 standard drinks per use day"
    )
    assert rules.describe_target(2.5, "joints", "per_week") == "2.5 joints a week"
    assert rules.describe_target(1, "", "use_days_per_week") == "1 use day a week"


def test_statuses_never_say_a_goal_failed():
    words = " ".join([*vocab.GOAL_STATUSES, *vocab.GOAL_STATUSES.values()]).casefold()
    assert "fail" not in words
    assert set(vocab.OPEN_GOAL_STATUSES) <= set(vocab.GOAL_STATUSES)
