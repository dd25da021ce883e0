"""Property-based tests of the intake forms: factors, substance baselines, readiness ratings
and AUDIT-C (hrtui.domain.intake + hrtui.store.intake).

Whatever is typed into each field: stored exactly as validated, or a clear refusal that leaves
every table of the vault (and the record being edited) as it was."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlmodel import select

from hrtui.domain import vocab
from hrtui.domain.intake import (
    CATEGORY_MAX,
    DESCRIPTION_MAX,
    LONG_TEXT_MAX,
    NOTE_MAX,
    SUBSTANCE_MAX,
    UNIT_MAX,
    AuditCInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    split_routes,
    validate_auditc,
    validate_baseline,
    validate_factor,
    validate_readiness,
)
from hrtui.store import intake
from hrtui.store.models import AuditCResult, Factor, ReadinessRating, SubstanceBaseline

from .support import (
    FAST,
    THOROUGH,
    TODAY,
    assert_clear_message,
    call,
    good_text,
    module_vault,
    mutated,
    nasty_text,
    new_client,
    typed_day,
    typed_number,
)

vault = module_vault()


@pytest.fixture(scope="module")
def client(vault):
    return new_client(vault)


def row(vault, model, row_id):
    with vault.session() as session:
        found = session.get(model, row_id)
        assert found is not None
        return found


def same(a, b) -> bool:
    """Equal, counting NaN as equal to NaN (so only a real change of value fails)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


# -- strategies --------------------------------------------------------------------------------

PAST_DAY = st.dates(date(1900, 1, 1), TODAY)
GOOD_DAY = st.one_of(
    st.sampled_from(["", "today", "yesterday", "-3", None]),
    PAST_DAY.map(date.isoformat),
    PAST_DAY,
)
HOSTILE_DAY = st.one_of(typed_day(), st.dates(), st.datetimes())
HOSTILE_WHOLE = st.one_of(typed_number(), st.integers(), st.booleans())


def nonempty(max_size: int, *, multiline: bool = False) -> st.SearchStrategy[str]:
    return good_text(max_size, multiline=multiline, required=True)


def factor_inputs() -> st.SearchStrategy[FactorInput]:
    good = {
        "grp": st.sampled_from(["internal", "external", " External "]),
        "category": nonempty(CATEGORY_MAX),
        "description": nonempty(DESCRIPTION_MAX),
        "effect": st.sampled_from(["risk", "strength", "Risk "]),
        "weight": st.one_of(st.integers(0, 3), st.integers(0, 3).map(str)),
        "note": good_text(NOTE_MAX, multiline=True),
        "noted_on": GOOD_DAY,
    }
    hostile = {
        "grp": nasty_text(3),
        "category": nasty_text(),
        "description": nasty_text(),
        "effect": nasty_text(3),
        "weight": HOSTILE_WHOLE,
        "note": nasty_text(),
        "noted_on": HOSTILE_DAY,
    }
    return mutated(good, hostile).map(lambda v: FactorInput(**v))


def other_routes() -> st.SearchStrategy[str]:
    route = good_text(40).map(lambda s: s.replace(",", " "))
    return st.lists(route, max_size=4).map(", ".join)


GOOD_AMOUNT = st.one_of(
    st.sampled_from(["", "4", "2,5", " 0 ", None]),
    st.floats(0, 100_000).map(repr),
    st.integers(0, 100_000),
)


def baseline_inputs() -> st.SearchStrategy[BaselineInput]:
    good = {
        "substance": st.one_of(st.sampled_from(sorted(vocab.SUBSTANCES)), nonempty(SUBSTANCE_MAX)),
        "routes": st.lists(
            st.sampled_from([*vocab.ROUTES, "smoked", "UNDER THE TONGUE"]), max_size=3
        ).map(tuple),
        "amount": GOOD_AMOUNT,
        "unit": st.one_of(st.just(""), nonempty(UNIT_MAX)),
        "days_per_week": st.one_of(
            st.sampled_from(["", "0", "7", "3.5", None]), st.integers(0, 7), st.floats(0, 7)
        ),
        "last_use": GOOD_DAY,
        "what_it_does": good_text(LONG_TEXT_MAX, multiline=True),
        "taken_on": GOOD_DAY,
        "other_routes": other_routes(),
    }
    hostile = {
        "substance": nasty_text(),
        "routes": st.lists(nasty_text(3), max_size=3).map(tuple),
        "amount": typed_number(),  # typed text; numbers are checked in their own test below
        "unit": nasty_text(),
        "days_per_week": st.one_of(typed_number(), st.integers(-(10**9), 10**9)),
        "last_use": HOSTILE_DAY,
        "what_it_does": nasty_text(),
        "taken_on": HOSTILE_DAY,
        "other_routes": nasty_text(),
    }
    return mutated(good, hostile).map(lambda v: BaselineInput(**v))


def readiness_inputs() -> st.SearchStrategy[ReadinessInput]:
    rating = st.one_of(st.integers(0, 10), st.integers(0, 10).map(lambda n: f" {n}"))
    good = {
        "importance": rating,
        "confidence": rating,
        "readiness": rating,
        "why_not_lower": good_text(LONG_TEXT_MAX, multiline=True),
        "one_up": good_text(LONG_TEXT_MAX, multiline=True),
        "rated_on": GOOD_DAY,
    }
    hostile = {
        "importance": HOSTILE_WHOLE,
        "confidence": HOSTILE_WHOLE,
        "readiness": HOSTILE_WHOLE,
        "why_not_lower": nasty_text(),
        "one_up": nasty_text(),
        "rated_on": HOSTILE_DAY,
    }
    return mutated(good, hostile).map(lambda v: ReadinessInput(**v))


def auditc_inputs() -> st.SearchStrategy[AuditCInput]:
    answer = st.integers(0, 4)
    odd = st.one_of(st.none(), st.integers(), st.booleans(), st.just(-1), nasty_text(2))
    good = {
        "q1": answer,
        "q2": st.one_of(answer, st.none()),
        "q3": answer,
        "taken_on": GOOD_DAY,
        "cutoff": st.sampled_from([None, 3, 4]),
    }
    hostile = {
        "q1": odd,
        "q2": odd,
        "q3": odd,
        "taken_on": HOSTILE_DAY,
        "cutoff": st.one_of(st.integers(), nasty_text(2)),
    }
    return mutated(good, hostile).map(lambda v: AuditCInput(**v))


# -- factors -----------------------------------------------------------------------------------


def factor_values(f: Factor | FactorInput) -> tuple:
    return (f.grp, f.category, f.description, f.effect, f.weight, f.note, f.noted_on)


@THOROUGH
@given(data=factor_inputs())
@example(data=FactorInput("internal", "Sleep", "x" * 100_000, "risk", 1))
@example(data=FactorInput("internal", "Sleep", "ok", "risk", 10**100))
def test_add_factor_stores_exactly_the_validated_factor_or_nothing(vault, client, data):
    factor, refused = call(vault, intake.add_factor, client, data)
    if refused:
        return
    expected, errors = validate_factor(data)
    assert not errors
    assert factor_values(row(vault, Factor, factor.id)) == factor_values(expected)


@FAST
@given(data=factor_inputs())
def test_update_factor_stores_exactly_the_validated_factor_or_changes_nothing(vault, client, data):
    start = intake.add_factor(vault, client, FactorInput("internal", "Sleep", "Before", "risk"))
    changed, refused = call(
        vault,
        intake.update_factor,
        client,
        start.id,
        data,
        unchanged=lambda: factor_values(row(vault, Factor, start.id)),
    )
    if refused:
        return
    expected, _ = validate_factor(data)
    assert factor_values(row(vault, Factor, start.id)) == factor_values(expected)


# -- substance baselines -----------------------------------------------------------------------


def baseline_values(b: SubstanceBaseline | BaselineInput) -> tuple:
    routes = split_routes(b.routes) if isinstance(b.routes, str) else list(b.routes)
    return (
        b.substance, routes, b.amount, b.unit, b.days_per_week, b.last_use, b.what_it_does,
        b.taken_on,
    )  # fmt: skip


@THOROUGH
@given(data=baseline_inputs())
@example(data=BaselineInput("Alcohol", amount="1e-400"))
@example(data=BaselineInput("Alcohol", other_routes=", ,Smoked,smoked, 🙂 ,"))
def test_add_baseline_stores_exactly_the_validated_baseline_or_nothing(vault, client, data):
    baseline, refused = call(vault, intake.add_baseline, client, data)
    if refused:
        return
    expected, errors = validate_baseline(data)
    assert not errors
    stored = baseline_values(row(vault, SubstanceBaseline, baseline.id))
    wanted = baseline_values(expected)
    assert all(same(a, b) for a, b in zip(stored, wanted, strict=True)), (stored, wanted)


@FAST
@given(amount=st.one_of(st.floats(), st.integers(-(10**6), 10**6)))
@example(amount=float("nan"))
@example(amount=1e300)
def test_baseline_amount_given_as_a_number_is_checked_like_the_same_number_typed(amount):
    """BaselineInput takes the amount as a number or as typed text; both must be held to the
    same rules (not negative, not NaN or infinite, at most 100 000), or a number that the
    text field would refuse is stored (and NaN is stored as no amount at all)."""
    as_number, number_errors = validate_baseline(BaselineInput("Alcohol", amount=amount))
    typed = format(Decimal(repr(amount)), "f")  # as a person writes it, no exponent
    as_text, text_errors = validate_baseline(BaselineInput("Alcohol", amount=typed))
    assert ("amount" in number_errors) == ("amount" in text_errors), (
        f"{amount!r}: as a number {number_errors or 'accepted'}, typed {text_errors or 'accepted'}"
    )
    if not number_errors:
        assert same(as_number.amount, as_text.amount)


# -- readiness and AUDIT-C ---------------------------------------------------------------------


def readiness_values(r: ReadinessRating | ReadinessInput) -> tuple:
    return (r.importance, r.confidence, r.readiness, r.why_not_lower, r.one_up, r.rated_on)


@THOROUGH
@given(data=readiness_inputs())
def test_add_readiness_stores_exactly_the_validated_rating_or_nothing(vault, client, data):
    rating, refused = call(vault, intake.add_readiness, client, data)
    if refused:
        return
    expected, errors = validate_readiness(data)
    assert not errors
    assert readiness_values(row(vault, ReadinessRating, rating.id)) == readiness_values(expected)


@THOROUGH
@given(data=auditc_inputs())
@example(data=AuditCInput(0, None, None))
@example(data=AuditCInput(0, 3, None))
def test_add_auditc_stores_exactly_the_validated_answers_or_nothing(vault, client, data):
    result, refused = call(vault, intake.add_auditc, client, data)
    if refused:
        return
    expected, errors = validate_auditc(data)
    assert not errors
    stored = row(vault, AuditCResult, result.id)
    assert (stored.q1, stored.q2, stored.q3, stored.cutoff, stored.taken_on) == (
        expected.q1,
        expected.q2,
        expected.q3,
        expected.cutoff,
        expected.taken_on,
    )
    assert all(0 <= q <= 4 for q in (stored.q1, stored.q2, stored.q3))


@FAST
@given(
    validate=st.sampled_from([validate_factor, validate_baseline, validate_readiness]),
    text=nasty_text(),
)
def test_every_intake_message_is_clear(validate, text):
    """Each validator, given hostile text in every text field, explains each problem clearly."""
    data = {
        validate_factor: FactorInput(text, text, text, text, text, text, text),
        validate_baseline: BaselineInput(text, (text,), text, text, text, text, text, text, text),
        validate_readiness: ReadinessInput(text, text, text, text, text, text),
    }[validate]
    _, errors = validate(data, TODAY)
    for message in errors.values():
        assert_clear_message(message)


def test_a_refused_factor_writes_nothing_at_all(vault, client):
    """Guards the properties above: a hostile factor is really refused, and nothing lands."""
    with vault.session() as session:
        before = len(session.exec(select(Factor)).all())
    _, refused = call(
        vault,
        intake.add_factor,
        client,
        FactorInput("inside", "\x00", "", "maybe", "9", "x\u202e", TODAY + timedelta(days=1)),
    )
    assert refused is not None
    assert set(refused.errors) == {
        "grp", "category", "description", "effect", "weight", "note", "noted_on"
    }  # fmt: skip
    with vault.session() as session:
        assert len(session.exec(select(Factor)).all()) == before
