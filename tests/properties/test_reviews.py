"""Property-based tests of the relapse-review worksheet: starting a review, saving every field
of it (new triggers and stressors become intake factors), and the plan changes made from it
(hrtui.domain.reviews + hrtui.store.reviews).

Whatever is typed into each field: stored exactly as validated, or a clear refusal that leaves
every table of the vault (and the review or goal being changed) as it was."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.reviews import ReviewInput, StressorItem, TriggerItem
from hrtui.domain.text import clean, one_line
from hrtui.store import goals, reviews
from hrtui.store.models import Factor

from .support import (
    FAST,
    HEAVY,
    HOSTILE_DAY,
    PAST_DAY,
    TODAY,
    call,
    good_text,
    module_vault,
    mutated,
    nasty_text,
    new_client,
    typed_number,
)

vault = module_vault()


# -- strategies --------------------------------------------------------------------------------

GOOD_DAY = st.one_of(st.sampled_from(["today", "yesterday", "-3"]), PAST_DAY.map(date.isoformat))
GRP = st.sampled_from(sorted(vocab.FACTOR_GROUPS))
CATEGORY = good_text(80, required=True)


def good_triggers() -> st.SearchStrategy[tuple[TriggerItem, ...]]:
    item = st.builds(TriggerItem, label=good_text(rules.ITEM_MAX, required=True), grp=GRP,
                     category=CATEGORY)  # fmt: skip
    return st.lists(item, max_size=3).map(tuple)


def good_stressors() -> st.SearchStrategy[tuple[StressorItem, ...]]:
    item = st.builds(
        StressorItem, text=good_text(rules.ITEM_MAX, required=True),
        grp=st.one_of(st.just(""), GRP), category=CATEGORY,
    )  # fmt: skip
    return st.lists(item, max_size=3).map(tuple)


def hostile_items(kind):
    text = "label" if kind is TriggerItem else "text"
    item = st.builds(kind, **{text: nasty_text()}, grp=st.one_of(GRP, nasty_text(2)),
                     category=st.one_of(CATEGORY, nasty_text()))  # fmt: skip
    many = st.builds(lambda n: tuple(kind("x", grp="internal", category="Sleep")
                                     for _ in range(n)), st.integers(31, 40))  # fmt: skip
    return st.one_of(st.lists(item, min_size=1, max_size=3).map(tuple), many)


def review_inputs() -> st.SearchStrategy[ReviewInput]:
    good: dict[str, st.SearchStrategy] = {
        name: good_text(maximum, multiline=multiline)
        for name, (maximum, multiline) in rules.TEXT_FIELDS.items()
    }
    hostile: dict[str, st.SearchStrategy] = {name: nasty_text() for name in rules.TEXT_FIELDS}
    good |= {
        "day": GOOD_DAY,
        "too_ambitious": st.sampled_from([None, "", *rules.TOO_AMBITIOUS]),
        "next_checkin": st.one_of(
            st.sampled_from(["", None, "+7", "today"]),
            st.dates(TODAY, TODAY + timedelta(days=90)),
        ),
        "triggers": good_triggers(),
        "stressors": good_stressors(),
    }
    hostile |= {
        "day": HOSTILE_DAY,
        "too_ambitious": nasty_text(2),
        "next_checkin": HOSTILE_DAY,
        "triggers": hostile_items(TriggerItem),
        "stressors": hostile_items(StressorItem),
        "goal_ids": st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=2).map(tuple),
    }
    return mutated(good, hostile).map(lambda v: ReviewInput(**v))


# -- helpers -----------------------------------------------------------------------------------


def review_values(ws: reviews.Worksheet) -> tuple:
    r = ws.review
    return (
        r.day, r.too_ambitious, r.next_checkin, {n: getattr(r, n) for n in rules.TEXT_FIELDS},
        [t.label for t in ws.triggers], [s.text for s in ws.stressors],
        sorted(ws.linked_goal_ids),
    )  # fmt: skip


def factors_of(vault, client_id: int) -> list[tuple]:
    with vault.session() as session:
        rows = session.exec(
            select(Factor).where(Factor.client_id == client_id).order_by(Factor.id)
        ).all()
    return [(f.grp, f.category, f.description, f.effect) for f in rows]


def reduce_goal(vault, client_id: int):
    values = {"substance": "Alcohol", "unit": "standard drinks", "period": "per_use_day",
              "baseline_amount": "8", "target_amount": "6"}  # fmt: skip
    return goals.create_goal(vault, client_id, "reduce", values)


# -- starting and saving -----------------------------------------------------------------------


@FAST
@given(day=st.one_of(GOOD_DAY, HOSTILE_DAY),
       goal_ids=st.one_of(st.none(), st.lists(st.integers(-5, 10**6), max_size=2)))  # fmt: skip
def test_start_review_stores_a_draft_of_the_day_or_nothing(vault, day, goal_ids):
    client = new_client(vault)
    started, refused = call(vault, reviews.start_review, client, day, goal_ids, today=TODAY)
    if refused:
        return
    ws = reviews.worksheet(vault, started.review_id)
    assert ws.review.day <= TODAY and ws.review.status == rules.DRAFT
    assert ws.linked_goal_ids == []


@HEAVY
@given(data=review_inputs(), status=st.sampled_from([None, rules.DRAFT, rules.FINISHED]))
def test_save_review_stores_exactly_the_validated_worksheet_or_nothing(vault, data, status):
    client = new_client(vault)
    review_id = reviews.start_review(vault, client, "-1", today=TODAY).review_id
    factors_before = factors_of(vault, client)
    saved, refused = call(
        vault, reviews.save_review, review_id, data, status, today=TODAY,
        unchanged=lambda: review_values(reviews.worksheet(vault, review_id)),
    )  # fmt: skip
    if refused:
        return
    checked, errors = rules.validate_review(data, TODAY)
    assert not errors
    ws = reviews.worksheet(vault, review_id)
    assert review_values(ws) == (
        checked.day, checked.too_ambitious, checked.next_checkin,
        {n: getattr(checked, n) for n in rules.TEXT_FIELDS},
        [t.label for t in checked.triggers], [s.text for s in checked.stressors], [],
    )  # fmt: skip
    assert ws.review.status == (status or rules.DRAFT)
    # New triggers and stressors marked for the intake became intake factors, word for word.
    new = [(t.grp, t.category, t.label, "risk") for t in checked.triggers]
    new += [(s.grp, s.category, s.text, "risk") for s in checked.stressors if s.to_intake]
    assert factors_of(vault, client) == factors_before + new


# -- plan changes made from a review -----------------------------------------------------------


@HEAVY
@given(
    note=st.one_of(good_text(300, required=True), nasty_text()),
    target=st.one_of(st.sampled_from(["5", "2,5"]), typed_number()),
    status=st.sampled_from([None, "active", "revised", "paused", "achieved", ""]),
)
def test_revise_goal_from_review_stores_the_change_or_nothing(vault, note, target, status):
    client = new_client(vault)
    goal = reduce_goal(vault, client)
    review_id = reviews.start_review(vault, client, "today", [], today=TODAY).review_id
    changes = {"target_amount": target} | ({"status": status} if status is not None else {})
    revision, refused = call(
        vault, reviews.revise_goal_from_review, review_id, goal.id, changes, note,
        unchanged=lambda: (goals.goal_detail(vault, goal.id).goal.model_dump(),
                           reviews.worksheet(vault, review_id).linked_goal_ids),
    )  # fmt: skip
    if refused:
        return
    stored = goals.goal_detail(vault, goal.id).goal
    assert stored.status in vocab.OPEN_GOAL_STATUSES  # a review keeps goals open
    assert revision.review_id == review_id
    assert revision.reason == rules.revision_reason(TODAY, note)
    assert one_line(note) in revision.reason or revision.reason.endswith("…")
    assert reviews.worksheet(vault, review_id).linked_goal_ids == [goal.id]


@HEAVY
@given(support=st.one_of(good_text(rules.SHORT_MAX, required=True), nasty_text()))
def test_add_support_from_review_stores_the_support_or_nothing(vault, support):
    client = new_client(vault)
    goal = reduce_goal(vault, client)
    review_id = reviews.start_review(vault, client, "today", [], today=TODAY).review_id
    _, refused = call(
        vault, reviews.add_support_from_review, review_id, goal.id, support,
        unchanged=lambda: goals.goal_detail(vault, goal.id).goal.model_dump(),
    )  # fmt: skip
    if refused:
        return
    helpers = goals.goal_detail(vault, goal.id).goal.helpers
    assert helpers.splitlines()[-1] == one_line(support)


@HEAVY
@given(
    concern=st.one_of(st.sampled_from(vocab.STRATEGY_CONCERNS), nasty_text(2)),
    label=st.one_of(good_text(120, required=True), nasty_text()),
)
def test_add_strategy_from_review_stores_the_strategy_or_nothing(vault, concern, label):
    client = new_client(vault)
    goal = reduce_goal(vault, client)
    review_id = reviews.start_review(vault, client, "today", [], today=TODAY).review_id
    _, refused = call(
        vault, reviews.add_strategy_from_review, review_id, goal.id, concern, label,
        unchanged=lambda: [s.label for s in goals.goal_detail(vault, goal.id).strategies],
    )  # fmt: skip
    if refused:
        return
    strategies = goals.goal_detail(vault, goal.id).strategies
    assert [(s.concern, s.label) for s in strategies] == [
        (clean(concern), one_line(label))  # cleaned as the app cleans a label
    ]
