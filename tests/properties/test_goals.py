"""Property-based tests of the goal forms: creating goals of every kind, editing and revising
them, adding strategies and changing status (hrtui.domain.goals + hrtui.store.goals).

Whatever is typed into each field: stored exactly as validated, or a clear refusal that leaves
every table of the vault (and the goal being changed) as it was."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.domain.text import clean, one_line
from hrtui.store import goals as store
from hrtui.store.vocab import terms

from .support import (
    FAST,
    HEAVY,
    HOSTILE_DAY,
    THOROUGH,
    TODAY,
    assert_clear_message,
    call,
    good_text,
    module_vault,
    mutated,
    nasty_text,
    new_client,
    typed_number,
)

STRATEGY_PICKS = [(concern, label) for concern, labels in vocab.STRATEGIES.items()
                  for label in labels]  # fmt: skip


vault = module_vault()


@pytest.fixture(scope="module")
def client(vault):
    return new_client(vault)


# -- strategies --------------------------------------------------------------------------------

GOOD_DAY = st.one_of(
    st.sampled_from(["", "today", "-3", "+14", None]),
    st.dates(date(1990, 1, 1), date(2100, 1, 1)).map(date.isoformat),
    st.dates(date(1990, 1, 1), date(2100, 1, 1)),
)
HOSTILE_AMOUNT = st.one_of(
    typed_number(), st.floats(), st.integers(-(10**300), 10**300), st.booleans()
)


@st.composite
def ladders(draw: st.DrawFn) -> str:
    """A step-down ladder as typed: distinct dates, amounts going down, optional notes."""
    days = sorted(draw(st.sets(st.dates(date(2000, 1, 1), date(2090, 1, 1)), min_size=2,
                               max_size=6)))  # fmt: skip
    amounts = sorted(
        draw(st.lists(st.floats(0, 1000).map(lambda x: round(x, 2)), min_size=len(days),
                      max_size=len(days))),
        reverse=True,
    )  # fmt: skip
    lines = []
    for day, amount in zip(days, amounts, strict=True):
        note = draw(st.one_of(st.just(""), good_text(rules.STEP_NOTE_MAX)))
        lines.append(f"{day.isoformat()} {amount:g} {note}".rstrip())
    return "\n".join(lines)


def texts(good: bool) -> dict[str, st.SearchStrategy[str]]:
    return {
        name: good_text(rules.TEXT_MAX, multiline=True) if good else nasty_text()
        for name in rules.TEXT_FIELDS
    }


def goal_values(kind: str) -> st.SearchStrategy[dict]:
    good: dict[str, st.SearchStrategy] = {
        "title": good_text(rules.TITLE_MAX),
        "status": st.sampled_from(["", None, *rules.STATUSES]),
        "start_on": GOOD_DAY,
        "review_on": st.sampled_from(["", None, "2100-01-01"]),
        **texts(True),
    }
    hostile: dict[str, st.SearchStrategy] = {
        "title": nasty_text(),
        "status": nasty_text(2),
        "start_on": HOSTILE_DAY,
        "review_on": HOSTILE_DAY,
        "factor_ids": st.lists(st.one_of(st.integers(), nasty_text(2)), max_size=3),
        **texts(False),
    }
    substance = st.one_of(
        st.sampled_from(sorted(vocab.SUBSTANCES)), good_text(rules.SUBSTANCE_MAX, required=True)
    )
    if kind in ("reduce", "stepdown"):
        good |= {
            "substance": substance,
            "unit": good_text(rules.UNIT_MAX, required=True),
            "period": st.sampled_from(sorted(rules.PERIODS)),
            "baseline_amount": st.sampled_from(["", None, "2000", "1000,5"]),
        }
        hostile |= {
            "substance": nasty_text(),
            "unit": nasty_text(),
            "period": nasty_text(2),
            "baseline_amount": typed_number(),
        }
    if kind == "reduce":
        good["target_amount"] = st.one_of(st.sampled_from(["1", "2,5", " 7 "]),
                                          st.floats(0.01, 7).map(repr))  # fmt: skip
        hostile["target_amount"] = typed_number()
    if kind == "stepdown":
        good["ladder"] = ladders()
        hostile["ladder"] = st.one_of(nasty_text(), ladders().map(lambda t: t + "\n" + t))
    if kind == "abstinence":
        good["substance"] = substance
        hostile["substance"] = nasty_text()
    if kind == "life":
        good["life_area"] = st.one_of(st.sampled_from(vocab.LIFE_AREAS),
                                      good_text(rules.SUBSTANCE_MAX, required=True))  # fmt: skip
        hostile["life_area"] = nasty_text()
    if kind == "safer":
        good["strategies"] = st.lists(st.sampled_from(STRATEGY_PICKS), min_size=1, max_size=4)
        good["custom_strategies"] = st.just("")
        hostile["strategies"] = st.lists(st.tuples(nasty_text(2), nasty_text(2)), max_size=3)
        hostile["custom_strategies"] = nasty_text()
        hostile["custom_concern"] = st.one_of(st.sampled_from(vocab.STRATEGY_CONCERNS),
                                              nasty_text(2))  # fmt: skip
    return mutated(good, hostile)


KINDED = st.sampled_from(sorted(rules.KINDS)).flatmap(
    lambda kind: st.tuples(st.just(kind), goal_values(kind))
)


def stored_values(vault, goal_id: int) -> tuple:
    """Everything a goal form stores: the goal's columns, ladder, strategies, factor links."""
    detail = store.goal_detail(vault, goal_id)
    goal = detail.goal
    columns = {
        name: getattr(goal, name) for name in rules.GoalValues("x", "x", "x", TODAY).columns()
    }
    strategies = [(s.concern, s.label, bool(s.custom), s.note) for s in detail.strategies]
    return columns, detail.steps, strategies, sorted(f.id for f in detail.factors)


def expected_values(checked: rules.GoalValues) -> tuple:
    strategies = [(s.concern, s.label, s.custom, s.note) for s in checked.strategies]
    return checked.columns(), checked.ladder, strategies, sorted(checked.factor_ids)


# -- creating ----------------------------------------------------------------------------------


@THOROUGH
@given(kind_values=KINDED)
@example(kind_values=("life", {"life_area": "Housing", "title": "t" * 100_000}))
@example(kind_values=("reduce", {"substance": "Alcohol", "unit": "drinks", "period": "per_week",
                                 "target_amount": "1e-400"}))  # fmt: skip
def test_create_goal_stores_exactly_the_validated_goal_or_nothing(vault, client, kind_values):
    kind, values = kind_values
    goal, refused = call(vault, store.create_goal, client, kind, values)
    if refused:
        return
    checked, errors = rules.validate_goal(
        kind, values, TODAY, menu=terms(vault, vocab.STRATEGY), factor_ids=[]
    )
    assert not errors and checked is not None
    assert stored_values(vault, goal.id) == expected_values(checked)


@FAST
@given(kind=st.one_of(nasty_text(2), st.sampled_from(["Reduce", " reduce", "fail"])))
def test_an_unknown_kind_of_goal_is_refused(vault, client, kind):
    goal, refused = call(vault, store.create_goal, client, kind, {"substance": "Alcohol"})
    assert goal is None and refused is not None and "kind" in refused.errors


@FAST
@given(amount=st.sampled_from([2**1024, 10**400, -(10**400)]))
def test_a_huge_whole_number_as_a_target_is_refused_not_a_crash(vault, client, amount):
    """Goal amounts may be given as numbers (revise_goal's changes, other areas); a whole
    number too big for a float must be refused like any other out-of-range amount."""
    values = {"substance": "Alcohol", "unit": "drinks", "period": "per_week",
              "target_amount": amount}  # fmt: skip
    goal, refused = call(vault, store.create_goal, client, "reduce", values)
    assert goal is None and refused is not None and "target_amount" in refused.errors


# -- changing ----------------------------------------------------------------------------------


def start_goal(vault, client_id: int, kind: str):
    values = {
        "reduce": {"substance": "Alcohol", "unit": "standard drinks", "period": "per_use_day",
                   "baseline_amount": "8", "target_amount": "6"},
        "stepdown": {"substance": "Benzodiazepines", "unit": "pills", "period": "per_use_day",
                     "ladder": "2020-01-01 4\n2030-01-01 2"},
        "safer": {"strategies": [STRATEGY_PICKS[0]]},
        "abstinence": {"substance": "Cannabis"},
        "life": {"life_area": "Housing"},
    }[kind]  # fmt: skip
    return store.create_goal(vault, client_id, kind, values)


REASON = st.one_of(good_text(rules.REASON_MAX, multiline=True, required=True), nasty_text())


@HEAVY
@given(kind_values=KINDED, reason=REASON, data=st.data())
def test_revise_goal_stores_exactly_the_validated_change_or_nothing(
    vault, client, kind_values, reason, data
):
    kind, values = kind_values
    goal = start_goal(vault, client, kind)
    names = data.draw(st.lists(st.sampled_from(sorted(values)), max_size=4, unique=True))
    changes = {name: values[name] for name in names if name not in ("custom_strategies",
                                                                    "custom_concern")}  # fmt: skip
    before = store.goal_detail(vault, goal.id)
    raw_before = store._current_raw(before)
    revision, refused = call(
        vault, store.revise_goal, goal.id, changes, reason,
        unchanged=lambda: stored_values(vault, goal.id),
    )  # fmt: skip
    if refused:
        return
    checked, errors = rules.validate_goal(
        kind, {**raw_before, **changes}, TODAY, menu=terms(vault, vocab.STRATEGY),
        factor_ids=[],
    )  # fmt: skip
    assert not errors and checked is not None
    columns, steps, strategies, factors = stored_values(vault, goal.id)
    want_columns, want_steps, want_strategies, want_factors = expected_values(checked)
    status = columns.pop("status")
    want_status = want_columns.pop("status")
    assert (columns, steps, strategies, factors) == (
        want_columns,
        want_steps,
        want_strategies,
        want_factors,
    )
    # A new target makes an open goal "revised" unless a status was given; never "failed".
    assert status == want_status or (status == "revised" and "status" not in changes)
    assert revision.reason == reason.strip()


@HEAVY
@given(
    kind=st.sampled_from(sorted(rules.KINDS)),
    concern=st.one_of(st.sampled_from(vocab.STRATEGY_CONCERNS), nasty_text(2)),
    label=st.one_of(good_text(rules.STRATEGY_MAX, required=True), nasty_text()),
    note=st.one_of(st.just(""), good_text(rules.STEP_NOTE_MAX), nasty_text()),
)
def test_add_strategy_stores_exactly_the_validated_strategy_or_nothing(
    vault, client, kind, concern, label, note
):
    goal = start_goal(vault, client, kind)
    strategy, refused = call(
        vault, store.add_strategy, goal.id, concern, label, False, note,
        unchanged=lambda: stored_values(vault, goal.id),
    )  # fmt: skip
    if refused:
        return
    assert (strategy.concern, strategy.label, strategy.note) == (
        clean(concern),
        one_line(label),  # one line, zero-width characters off the ends
        clean(note),  # a note of only invisible characters (e.g. a direction mark) is empty
    )


@FAST
@given(status=st.one_of(st.sampled_from(sorted(rules.STATUSES)), nasty_text(2)), reason=REASON)
def test_set_status_stores_a_known_status_or_nothing(vault, client, status, reason):
    goal = start_goal(vault, client, "life")
    revision, refused = call(
        vault, store.set_status, goal.id, status, reason,
        unchanged=lambda: stored_values(vault, goal.id),
    )  # fmt: skip
    if refused:
        return
    # An empty status is the form's default: active.
    assert store.goal_detail(vault, goal.id).goal.status == (status or "active")
    assert revision.reason == reason.strip()


@FAST
@given(text=st.one_of(nasty_text(), ladders()), today=st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_parse_ladder_gives_steps_or_a_message_naming_the_line(text, today):
    try:
        steps = rules.parse_ladder(text, today)
    except ValueError as exc:
        assert_clear_message(str(exc))
        assert str(exc).startswith("Line ")
        return
    assert all(0 <= s.amount <= 100_000 and s.starts_on.year >= 1900 for s in steps)


@FAST
@given(
    amounts=st.lists(st.decimals(0, 100_000, places=3).map(str), min_size=2, max_size=4),
    today=st.dates(date(1990, 1, 1), date(2100, 1, 1)),
)
@example(amounts=["1234.567", "1"], today=date(2026, 1, 1))
def test_a_ladder_shown_for_editing_reads_back_as_stored(amounts, today):
    """The goal form shows a stored ladder with ladder_text; saving the form unchanged must
    store the same steps (else an edit of the client's words silently changes the plan)."""
    typed = "\n".join(f"+{n} {amount}" for n, amount in enumerate(amounts))
    steps = rules.parse_ladder(typed, today)
    assert rules.parse_ladder(rules.ladder_text(steps), today) == steps
