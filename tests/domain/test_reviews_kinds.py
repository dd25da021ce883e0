"""Reviews that fit the goal (issue #17): the kind of day chosen from the data, the questions
per kind, coping responses, the confidence rating over time, the target in force that day and
the weeks before, more "I've blown it" self-talk, and the tolerance prompt for a review of use
after a break."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import ORDINARY_DAY
from helpers import stigma_in

from hrtui.domain import reviews as rules
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput
from hrtui.domain.reviews import CopingItem, ReviewInput, Span
from hrtui.domain.safety import LogDay
from hrtui.domain.uselog import EntryInput
from hrtui.store import goals, intake, reviews, settings, uselog
from hrtui.store.clients import add_client
from hrtui.store.errors import Invalid

DAY = ORDINARY_DAY.date()
DR = "standard drinks"


def d(n: int) -> date:
    return DAY + timedelta(days=n)


def drinks(**by_offset: float) -> list[LogDay]:
    """Log days from keyword offsets: m3=5 → 5 drinks 3 days before DAY; d0 → DAY; 0 → no use."""
    out = []
    for key, amount in by_offset.items():
        n = -int(key[1:]) if key[0] == "m" else int(key[1:])
        out.append(LogDay(d(n), amount > 0, amount if amount > 0 else None, DR))
    return out


PLAN_4 = [Span(d(-60), 4, DR, "per_use_day", "Reduce: Alcohol")]
NO_USE_PLAN = [Span(d(-60), 0, DR, "per_use_day", "Abstinence: Alcohol")]

KIND_CASES = [
    ("over the target of 4", drinks(m2=3, m1=0, d0=6), PLAN_4, {}, rules.OVER_PLAN),
    ("at the target", drinks(m2=3, m1=0, d0=4), PLAN_4, {}, rules.OVER_PLAN),  # plan in force
    ("three days over in a week", drinks(m5=6, m3=7, m1=0, d0=6), PLAN_4, {}, rules.PATTERN),
    ("two days over in a week", drinks(m5=6, m3=2, m1=0, d0=6), PLAN_4, {}, rules.OVER_PLAN),
    ("use under an abstinence goal", drinks(m3=0, m2=0, m1=0, d0=2), NO_USE_PLAN, {},
     rules.OVER_PLAN),
    ("no goal, above the usual 4", drinks(m1=3, d0=7), [], {"usual_amount": 4, "usual_unit": DR},
     rules.HEAVIER),
    ("no goal, 6 drinks of alcohol", drinks(m1=2, d0=6), [], {}, rules.HEAVIER),
    ("ten days without, then use", drinks(m11=3, d0=3), PLAN_4, {}, rules.AFTER_BREAK),
    ("ten days without, break setting 12", drinks(m11=3, d0=3), PLAN_4, {"break_days": 12},
     rules.OVER_PLAN),
    ("after a stay in prison", drinks(m1=3, d0=3), PLAN_4, {"after_stay": "prison"},
     rules.AFTER_BREAK),
    ("no goal, no usual: a heavier day to talk about", drinks(d0=2), [], {}, rules.HEAVIER),
    ("a weekly target gone over (Mon-Wed: 15 of 12)",
     drinks(**{f"m{n}": 5 for n in range(1, 3)}, d0=5), [Span(d(-60), 12, DR, "per_week")], {},
     rules.OVER_PLAN),
]  # fmt: skip


@pytest.mark.parametrize(
    ("log", "schedule", "kw", "expected"),
    [c[1:] for c in KIND_CASES],
    ids=[c[0] for c in KIND_CASES],
)
def test_review_kind_is_chosen_from_the_data(log, schedule, kw, expected):
    assert DAY.weekday() == 2  # a Wednesday: the weekly case counts Monday to Wednesday
    choice = rules.choose_kind(DAY, log, schedule, substance="Alcohol", **kw)
    assert choice.kind == expected
    assert choice.reasons and all(r.endswith(".") for r in choice.reasons)
    assert choice.label == rules.KINDS[expected]


def test_kind_reasons_say_what_the_data_shows():
    over = rules.choose_kind(DAY, drinks(d0=6), PLAN_4, substance="Alcohol")
    assert over.reasons == ("This day: 6 standard drinks, with a plan of 4 standard drinks per "
                            "use day.",)  # fmt: skip
    gap = rules.choose_kind(DAY, drinks(m11=3, d0=3), PLAN_4, substance="Alcohol")
    assert gap.reasons == ("10 days without use came before it.",)
    weekly = rules.choose_kind(DAY, drinks(m2=5, m1=5, d0=5), [Span(d(-60), 12, DR, "per_week")],
                               substance="Alcohol")  # fmt: skip
    assert weekly.reasons == ("This day: 15 standard drinks so far this week, with a plan of 12 "
                              "standard drinks a week.",)  # fmt: skip
    heavier = rules.choose_kind(DAY, drinks(d0=7), [], substance="Alcohol", usual_amount=4,
                                usual_unit=DR)  # fmt: skip
    assert heavier.reasons == ("This day: 7 standard drinks, above the usual 4 at intake.",)


def test_target_history_shows_the_day_and_the_weeks_before():
    schedule = [
        Span(d(-30), 6, DR, "per_use_day", "Step-down"),
        Span(d(-10), 5, DR, "per_use_day", "Step-down"),
        Span(d(-3), 4, DR, "per_use_day", "Step-down"),
    ]
    history = rules.target_history(schedule, DAY)
    assert history.on_day == "4 standard drinks per use day"
    assert [(w.start, w.end) for w in history.weeks] == [
        (d(-7), d(-1)), (d(-14), d(-8)), (d(-21), d(-15)), (d(-28), d(-22)),
    ]  # fmt: skip
    assert [w.words for w in history.weeks] == [
        "5 standard drinks per use day, then 4 standard drinks per use day",
        "6 standard drinks per use day, then 5 standard drinks per use day",
        "6 standard drinks per use day",
        "6 standard drinks per use day",
    ]
    assert rules.target_history([], DAY).on_day == rules.NO_TARGET
    late = rules.target_history([Span(d(-9), 3, DR)], DAY, weeks=2)
    assert [w.words for w in late.weeks] == [
        "3 standard drinks per use day",
        f"{rules.NO_TARGET}, then 3 standard drinks per use day",
    ]


def test_each_kind_has_its_questions_in_worksheet_fields():
    assert set(rules.KIND_QUESTIONS) == set(rules.KINDS)
    for kind, questions in rules.KIND_QUESTIONS.items():
        assert len(questions) >= 3, kind
        for q in questions:
            assert q.field in rules.FIELD_SECTIONS, q.field
            assert q.section in dict(rules.SECTIONS)
            assert q.text.endswith("?")
    assert rules.questions_for(None) == ()
    assert "naloxone" in " ".join(q.text for q in rules.questions_for(rules.AFTER_BREAK))


def test_new_words_pass_the_language_check():
    texts = [q.text for qs in rules.KIND_QUESTIONS.values() for q in qs]
    texts += [*rules.KINDS.values(), rules.CONFIDENCE_QUESTION, rules.CONFIDENCE_HINT,
              rules.COPING_LABEL, rules.COPING_HINT, rules.COPING_TRIED, rules.COPING_COULD_TRY,
              rules.KIND_HINT, rules.NO_TARGET]  # fmt: skip
    for case in KIND_CASES:
        texts += rules.choose_kind(DAY, case[1], case[2], substance="Alcohol", **case[3]).reasons
    assert stigma_in(texts) == []


@pytest.mark.parametrize(
    "text",
    ["Back to day one.", "back to day 1 again", "I'm such a mess", "I’m such an idiot",
     "what's the point", "Whats the point anyway", "I'll never manage", "I can't stop",
     "starting from scratch", "I undid everything", "screw it"],
)  # fmt: skip
def test_more_blown_it_self_talk_is_noticed(text):
    assert rules.noticed_self_talk(text) == rules.SELF_TALK_NOTICED


@pytest.mark.parametrize(
    "text", ["I went to the shop.", "It was a long day at work", "We talked about the point "
             "of the plan", "such a nice evening", ""],
)  # fmt: skip
def test_ordinary_words_are_not_taken_for_blown_it_thinking(text):
    assert rules.noticed_self_talk(text) is None


def test_validation_of_kind_stay_confidence_and_coping():
    ok, errors = rules.validate_review(
        ReviewInput(day=DAY, kind="pattern", after_stay=" Prison ", confidence=" 7 ",
                    coping=(CopingItem("  Called my sister ", True), CopingItem("  "),
                            CopingItem("Leave early", False))),
        DAY,
    )  # fmt: skip
    assert errors == {}
    assert (ok.kind, ok.after_stay, ok.confidence) == ("pattern", "prison", 7)
    assert ok.coping == (CopingItem("Called my sister", True), CopingItem("Leave early", False))
    kept, errors = rules.validate_review(ReviewInput(day=DAY), DAY)
    assert errors == {} and (kept.kind, kept.after_stay, kept.confidence, kept.coping) == (
        None, None, None, None,
    )  # fmt: skip
    cleared, errors = rules.validate_review(ReviewInput(day=DAY, confidence=""), DAY)
    assert errors == {} and cleared.confidence == ""
    _, errors = rules.validate_review(
        ReviewInput(day=DAY, kind="bad day", after_stay="holiday", confidence="11",
                    coping=(CopingItem("x" * 400),)),
        DAY,
    )  # fmt: skip
    assert set(errors) == {"kind", "after_stay", "confidence", "coping"}
    for bad in ("-1", "7.5", True, 11):
        _, errors = rules.validate_review(ReviewInput(day=DAY, confidence=bad), DAY)
        assert "confidence" in errors, bad


# -- the store ---------------------------------------------------------------------------------


@pytest.fixture
def cid(vault):
    return add_client(vault, ClientInput("REV-17", "Sam")).id


def log(vault, cid, day, amount, substance="Alcohol", unit=DR):
    return uselog.add_entry(vault, cid, EntryInput(day=day, substance=substance, amount=amount,
                                                   unit=unit), today=day)  # fmt: skip


def test_start_review_stores_the_kind_the_data_suggests(vault, cid, clock):
    today = clock.today
    goals.create_goal(vault, cid, "reduce", {
        "substance": "Alcohol", "target_amount": "4", "unit": DR, "period": "per_use_day",
        "start_on": (today - timedelta(days=40)).isoformat()})  # fmt: skip
    log(vault, cid, today - timedelta(days=2), 3)
    log(vault, cid, today, 6)
    started = reviews.start_review(vault, cid, today)
    sheet = reviews.worksheet(vault, started.review_id)
    assert sheet.review.kind == rules.OVER_PLAN
    assert sheet.questions == rules.KIND_QUESTIONS[rules.OVER_PLAN]
    choice = reviews.review_kind_choice(vault, started.review_id)
    assert choice.kind == rules.OVER_PLAN and "plan of 4 standard drinks" in choice.reasons[0]
    history = reviews.target_history(vault, started.review_id)
    assert history.on_day == "4 standard drinks per use day"
    assert all(w.words == "4 standard drinks per use day" for w in history.weeks)
    # the counselor sees it differently: the kind is editable and kept
    assert reviews.set_kind(vault, started.review_id, rules.HEAVIER).kind == rules.HEAVIER
    assert reviews.worksheet(vault, started.review_id).review.kind == rules.HEAVIER
    with pytest.raises(Invalid):
        reviews.set_kind(vault, started.review_id, "other")


def test_target_history_follows_a_revised_target(vault, cid, clock):
    today = clock.today
    goal = goals.create_goal(vault, cid, "reduce", {
        "substance": "Alcohol", "target_amount": "6", "unit": DR, "period": "per_use_day",
        "start_on": (today - timedelta(days=40)).isoformat()})  # fmt: skip
    goals.revise_goal(vault, goal.id, {"target_amount": "5"}, "one less",
                      on=today - timedelta(days=10))  # fmt: skip
    log(vault, cid, today, 7)
    started = reviews.start_review(vault, cid, today)
    history = reviews.target_history(vault, started.review_id)
    assert history.on_day == "5 standard drinks per use day"
    assert history.weeks[1].words == (
        "6 standard drinks per use day, then 5 standard drinks per use day"
    )
    assert history.weeks[-1].words == "6 standard drinks per use day"


def test_use_after_a_break_is_chosen_and_shows_the_tolerance_prompt(vault, cid, clock):
    today = clock.today
    log(vault, cid, today - timedelta(days=12), 1, "Opioids (heroin)", "bags")
    log(vault, cid, today, 1, "Opioids (heroin)", "bags")
    started = reviews.start_review(vault, cid, today)
    assert reviews.worksheet(vault, started.review_id).review.kind == rules.AFTER_BREAK
    prompt = reviews.review_tolerance(vault, started.review_id)
    assert prompt is not None and "11 days without" in prompt.sentences[0]
    assert "your local overdose-prevention line" in prompt.suggestion


def test_a_stay_marked_on_the_entry_carries_into_the_review(vault, cid, clock):
    from hrtui.store.safety import set_entry_stay

    today = clock.today
    log(vault, cid, today - timedelta(days=1), 1, "Fentanyl", "points")
    entry = log(vault, cid, today, 1, "Fentanyl", "points")
    set_entry_stay(vault, cid, entry.id, "hospital")
    settings.set_overdose_line(vault, "Harbour line")
    started = reviews.start_review(vault, cid, today)
    sheet = reviews.worksheet(vault, started.review_id)
    assert (sheet.review.kind, sheet.review.after_stay) == (rules.AFTER_BREAK, "hospital")
    prompt = reviews.review_tolerance(vault, started.review_id)
    assert prompt is not None and "a stay in hospital" in prompt.sentences[0]
    assert "Harbour line" in prompt.suggestion


def test_no_tolerance_prompt_for_a_review_without_a_break(vault, cid, clock):
    today = clock.today
    log(vault, cid, today - timedelta(days=2), 1, "Opioids (heroin)", "bags")
    log(vault, cid, today, 1, "Opioids (heroin)", "bags")
    started = reviews.start_review(vault, cid, today)
    assert reviews.review_tolerance(vault, started.review_id) is None
    # the counselor marks it as use after a break: the prompt shows
    reviews.set_kind(vault, started.review_id, rules.AFTER_BREAK)
    prompt = reviews.review_tolerance(vault, started.review_id)
    assert prompt is not None and prompt.sentences[0] == "This day came after a break from use."


def test_coping_and_confidence_round_trip_and_form_without_them_keeps_them(vault, cid, clock):
    today = clock.today
    log(vault, cid, today, 5)
    rid = reviews.start_review(vault, cid, today).review_id
    data = reviews.worksheet(vault, rid).as_input()
    from dataclasses import replace

    reviews.save_review(vault, rid, replace(
        data, confidence=6, coping=(CopingItem("Walked home", True),
                                    CopingItem("Text my sister before the party", False)),
    ))  # fmt: skip
    sheet = reviews.worksheet(vault, rid)
    assert sheet.review.confidence == 6
    assert sheet.coping == [CopingItem("Walked home", True),
                            CopingItem("Text my sister before the party", False)]  # fmt: skip
    # a form that knows nothing of these fields (kind, stay, confidence, coping left None)
    reviews.save_review(vault, rid, ReviewInput(day=today, learned="Paydays are hard"))
    sheet = reviews.worksheet(vault, rid)
    assert sheet.review.confidence == 6 and len(sheet.coping) == 2
    assert sheet.review.kind is not None and sheet.review.learned == "Paydays are hard"
    # and the worksheet's own input round-trips unchanged; "" clears the rating
    reviews.save_review(vault, rid, sheet.as_input())
    assert reviews.worksheet(vault, rid).as_input() == sheet.as_input()
    reviews.save_review(vault, rid, replace(sheet.as_input(), confidence="", coping=()))
    cleared = reviews.worksheet(vault, rid)
    assert cleared.review.confidence is None and cleared.coping == []
    reviews.delete_review(vault, rid)
    with vault.raw() as raw:
        assert raw.execute("SELECT count(*) FROM review_coping").fetchone() == (0,)


def test_confidence_is_kept_over_time(vault, cid, clock):
    today = clock.today
    series = []
    for n, rating in ((30, 3), (20, None), (10, 5), (1, 8)):
        day = today - timedelta(days=n)
        log(vault, cid, day, 5)
        rid = reviews.start_review(vault, cid, day).review_id
        if rating is not None:
            reviews.save_review(vault, rid, ReviewInput(day=day, confidence=str(rating)))
            series.append((day, rating))
    assert reviews.confidence_series(vault, cid) == series


def test_kind_uses_the_intake_baseline_of_the_family(vault, cid, clock):
    today = clock.today
    intake.add_baseline(vault, cid, BaselineInput("Beer", ("Swallowed",), "3", DR, "4"))
    log(vault, cid, today - timedelta(days=1), 2)
    log(vault, cid, today, 5)
    rid = reviews.start_review(vault, cid, today).review_id
    sheet = reviews.worksheet(vault, rid)
    assert sheet.review.kind == rules.HEAVIER
    assert "above the usual 3 at intake" in reviews.review_kind_choice(vault, rid).reasons[0]
