"""Relapse reviews, pure logic: validation, the pre-fill from the log, wording, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from hrtui.domain import reviews as rules
from hrtui.domain.reviews import (
    LogRow,
    ReviewInput,
    StressorItem,
    TimelineItem,
    TriggerItem,
)

TODAY = date(2025, 3, 10)


def test_half_done_worksheet_needs_only_the_day():
    clean, errors = rules.validate_review(ReviewInput(day="yesterday"), TODAY)
    assert errors == {}
    assert clean.day == date(2025, 3, 9)
    assert clean.next_checkin is None and clean.too_ambitious is None


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (ReviewInput(day=""), "day", "Type the day"),
        (ReviewInput(day="2025-03-11"), "day", "future"),
        (ReviewInput(day="soon"), "day", "Not a date"),
        (ReviewInput(day="-1", next_checkin="nope"), "next_checkin", "Not a date"),
        (ReviewInput(day="-1", next_checkin="-5"), "next_checkin", "before the day reviewed"),
        (ReviewInput(day="-1", too_ambitious="maybe"), "too_ambitious", "yes, no or not sure"),
        (ReviewInput(day="-1", place="x" * 201), "place", "200 characters"),
        (ReviewInput(day="-1", learned="bad\x00char"), "learned", "control character"),
    ],
)
def test_bad_input_gets_a_message_at_its_field(data, field, words):
    _, errors = rules.validate_review(data, TODAY)
    assert field in errors and words in errors[field]


def test_check_in_may_be_ahead_and_texts_are_trimmed():
    clean, errors = rules.validate_review(
        ReviewInput(day="-2", next_checkin="+7", place="  the depot  ", learned=" a\nb "), TODAY
    )
    assert errors == {}
    assert clean.next_checkin == TODAY + timedelta(days=7)
    assert clean.place == "the depot" and clean.learned == "a\nb"


def test_new_triggers_and_intake_stressors_need_group_and_category():
    data = ReviewInput(
        day="-1",
        triggers=(TriggerItem("From intake", 4), TriggerItem("Couldn't sleep", grp="internal")),
        stressors=(StressorItem("Rent went up"), StressorItem("New job", grp="external")),
    )
    _, errors = rules.validate_review(data, TODAY)
    assert errors["triggers"] == "Trigger 2: Choose a category for the intake."
    assert errors["stressors"] == "Stressor 2: Choose a category for the intake."
    ok = ReviewInput(
        day="-1",
        triggers=(TriggerItem(" Couldn't   sleep ", grp="Internal", category="Sleep"),),
        stressors=(StressorItem("Rent went up"),),
    )
    clean, errors = rules.validate_review(ok, TODAY)
    assert errors == {}
    assert clean.triggers[0] == TriggerItem("Couldn't sleep", None, "internal", "Sleep")
    assert clean.triggers[0].is_new and not clean.stressors[0].to_intake


def test_a_stored_trigger_whose_factor_was_deleted_is_kept_as_words():
    data = ReviewInput(day="-1", triggers=(TriggerItem("Payday", None, stored=True),))
    assert rules.validate_review(data, TODAY)[1] == {}


@dataclass
class Entry:
    substance: str
    amount: float | None
    unit: str = "standard drinks"
    no_use: bool = False
    route: str = ""
    setting: str = ""
    with_whom: str = ""
    craving: int | None = None
    mood: str = ""
    note: str = ""


def test_prefill_adds_up_the_day_and_lists_where_who_and_strategies():
    entries = [
        Entry("Alcohol", 4, route="Swallowed", setting="bar", with_whom="coworkers", craving=6,
              mood="Stressed"),
        Entry("Alcohol", 3, route="Swallowed", setting="home", with_whom="Coworkers", craving=8,
              note="After a double shift"),
        Entry("Cannabis", None, unit="joints", route="Smoked"),
        Entry("Cocaine", 0, unit="lines", no_use=True),
    ]  # fmt: skip
    filled = rules.prefill(entries, ["Eat before drinking", "eat before drinking"])
    assert filled["what_used"] == (
        "Alcohol 7 standard drinks (Swallowed); Cannabis (amount not noted) (Smoked)"
    )
    assert filled["place"] == "bar; home"
    assert filled["with_whom"] == "coworkers"
    assert filled["what_happened"] == "Craving 8/10.\nMood: Stressed.\nAfter a double shift"
    assert filled["what_reduced_harm"] == "Used from the plan: Eat before drinking"
    assert rules.prefill([Entry("Alcohol", 0, no_use=True)]) == {}


@pytest.mark.parametrize(
    "text",
    ["I've blown it", "why bother now", "Back to square one", "I FAILED again", "might as well"],
)
def test_blown_it_self_talk_is_noticed_kindly(text):
    note = rules.noticed_self_talk(text)
    assert note is not None
    assert "not a verdict" in note and "progress made still counts" in note


def test_other_self_talk_is_left_alone():
    assert rules.noticed_self_talk("I can talk to my sister about it") is None
    assert rules.noticed_self_talk("") is None


def test_wording_is_compassionate():
    texts = [rules.INTRO, rules.SELF_TALK_HINT, rules.SELF_TALK_NOTICED,
             rules.TOO_AMBITIOUS_HINT, rules.KEEPS_GOALS_OPEN, rules.review_title(TODAY),
             *(rules.review_title(TODAY, kind) for kind in rules.KINDS),
             *rules.STATUSES.values(), *(t for _, t in rules.SECTIONS)]  # fmt: skip
    joined = " ".join(texts).casefold()
    for word in ("relapsed", "failed", "failure", "addict", "abuser", "clean", "dirty"):
        assert word not in joined
    assert "return to use" in joined


def test_revision_reason_names_the_review_and_fits():
    assert rules.revision_reason(TODAY, "  four  for now ") == "Review of 2025-03-10: four for now"
    long = rules.revision_reason(TODAY, "x" * 900)
    assert len(long) == rules.REASON_MAX and long.endswith("…")
    assert rules.default_revision_note("yes", "shifts") == "the goal asked too much for now; shifts"
    assert rules.default_revision_note("no", "") == ""


def test_supports_are_added_once_on_their_own_line():
    assert rules.helpers_with("", "My sister") == "My sister"
    assert rules.helpers_with("My sister\n", "The drop-in") == "My sister\nThe drop-in"
    assert rules.helpers_with("My sister", "my sister") == "My sister"
    assert rules.support_problem("", "") is not None
    assert rules.support_problem("my sister", "My sister") == "This support is already in the goal."
    assert rules.support_problem("The drop-in", "My sister") is None


def test_a_review_keeps_goals_open():
    assert rules.status_keeps_goal_open(None)
    assert rules.status_keeps_goal_open("revised")
    assert not rules.status_keeps_goal_open("paused")
    assert not rules.status_keeps_goal_open("achieved")


# -- timeline ----------------------------------------------------------------------------------


def d(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_log_days_summarised_one_line_each():
    items = rules.log_day_items(
        [
            LogRow(d(1), "Alcohol", False, 5.0, "standard drinks"),
            LogRow(d(1), "Cannabis", False, None, "joints"),
            LogRow(d(1), "Cocaine", True, 0.0, "lines"),
            LogRow(d(2), "", True, None, ""),
            LogRow(d(3), "Alcohol", True, 0.0, "standard drinks"),
        ]
    )
    assert [(i.day, i.kind, i.text) for i in items] == [
        (d(1), rules.USE, "Alcohol 5 standard drinks; Cannabis · no Cocaine"),
        (d(2), rules.NO_USE, "No use"),
        (d(3), rules.NO_USE, "No use of Alcohol"),
    ]


def test_runs_of_no_use_days_fold_into_one_line():
    items = [
        TimelineItem(d(0), rules.USE, "Alcohol 2"),
        TimelineItem(d(1), rules.NO_USE, "No use"),
        TimelineItem(d(2), rules.NO_USE, "No use"),
        TimelineItem(d(3), rules.NO_USE, "No use"),
        TimelineItem(d(5), rules.NO_USE, "No use"),  # a gap: not recorded on d(4)
        TimelineItem(d(6), rules.REVIEW, "Review"),
        TimelineItem(d(6), rules.NO_USE, "No use"),
    ]
    out = rules.collapse_no_use(items)
    assert [(i.day, i.kind, i.days) for i in out] == [
        (d(0), rules.USE, 1),
        (d(1), rules.NO_USE, 3),
        (d(5), rules.NO_USE, 1),
        (d(6), rules.REVIEW, 1),
        (d(6), rules.NO_USE, 1),
    ]
    assert out[1].text == f"No use · 3 days in a row (from {d(3).isoformat()})"
    # two runs (e.g. from two pages) join up
    joined = rules.collapse_no_use([out[1], replace_run(d(4), d(4))])
    assert len(joined) == 1 and joined[0].days == 4 and joined[0].first_day == d(4)


def replace_run(day: date, first: date) -> TimelineItem:
    return TimelineItem(day, rules.NO_USE, "No use", days=(day - first).days + 1, first_day=first)


def test_merge_orders_by_day_and_within_a_day_session_events_first():
    log = [TimelineItem(d(2), rules.USE, "used")]
    reviews = [TimelineItem(d(2), rules.REVIEW, "review", 1)]
    revisions = [
        TimelineItem(d(2), rules.REVISION, "rev", 7),
        TimelineItem(d(0), rules.REVISION, "rev", 8),
    ]
    goals = [TimelineItem(d(9), rules.GOAL, "goal", 3)]
    page = rules.merge_page([log, goals, revisions, reviews], [], limit=50)
    assert [(i.day, i.kind) for i in page.items] == [
        (d(0), rules.REVISION),
        (d(2), rules.REVISION),
        (d(2), rules.REVIEW),
        (d(2), rules.USE),
        (d(9), rules.GOAL),
    ]
    assert page.next_before is None


def test_merge_stops_where_every_kind_is_complete():
    log = [TimelineItem(d(i), rules.USE, "u") for i in range(0, 10)]  # saturated at d(9)
    goals = [TimelineItem(d(20), rules.GOAL, "g", 1)]
    page = rules.merge_page([log, goals], [d(9)], limit=10)
    assert [i.day for i in page.items] == [d(i) for i in range(0, 9)]
    assert page.next_before == d(8)  # the next page starts with d(9) (day < d(8))
    # over the limit without saturation: the cut day goes to the next page whole
    many = [TimelineItem(d(0), rules.REVISION, "r", i) for i in range(3)]
    many += [TimelineItem(d(1), rules.REVISION, "r", 10 + i) for i in range(3)]
    page = rules.merge_page([many], [], limit=4)
    assert [i.day for i in page.items] == [d(0)] * 3
    assert page.next_before == d(0)


def test_a_review_is_titled_by_its_kind_of_day_everywhere():
    day = TODAY
    assert rules.review_title(day, "over_plan") == f"A day over the plan: {day.isoformat()}"
    assert rules.review_title(day, "heavier") == f"A heavier day: {day.isoformat()}"
    assert rules.review_title(day, None) == f"Review of {day.isoformat()}"
    assert rules.review_heading("after_break") == "Use after a break"
    assert rules.review_heading(None) == "Review of the day"
