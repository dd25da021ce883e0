"""Intake: factors (risks and strengths), substance baselines, readiness ratings, AUDIT-C.

Every write validates first (:class:`Invalid` with a message per field, nothing saved), runs in
one transaction, marks client activity and records an audit event (never the content).
Baselines and ratings are never overwritten: retaking adds a row, so history stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from sqlmodel import Session, col, select

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.intake import (
    BALANCE_CELLS,
    AuditCInput,
    BalanceInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    ruler_subject,
    subject_key,
    validate_auditc,
    validate_balance,
    validate_baseline,
    validate_factor,
    validate_readiness,
)
from hrtui.store import vocab as vocab_store
from hrtui.store.clients import audit, client_in, last_session_before, touch
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    AuditCResult,
    DecisionalBalance,
    Factor,
    Goal,
    ReadinessRating,
    SubstanceBaseline,
)
from hrtui.store.vault import Vault

R = TypeVar("R")

AREA = "intake"
GROUP_ORDER = {grp: i for i, grp in enumerate(vocab.FACTOR_GROUPS)}


def _checked(result: tuple[R, dict[str, str]]) -> R:
    data, errors = result
    if errors:
        raise Invalid(errors)
    return data


def _record(session: Session, client_id: int, action: str) -> None:
    touch(session, client_id)
    audit(session, client_id, action, area=AREA)


# -- factors -----------------------------------------------------------------------------------


def _insert(vault: Vault, client_id: int, make_row: Callable[[datetime], R]) -> R:
    """Write one new intake row for the client, with its audit event, in one transaction."""
    with vault.session() as session:
        client_in(session, client_id)
        row = make_row(clock.now())
        session.add(row)
        session.flush()
        _record(session, client_id, "created")
    return row


def _factor_order(factor: Factor) -> tuple:
    return (GROUP_ORDER.get(factor.grp, 9), factor.category.casefold(), factor.id or 0)


def list_factors(vault: Vault, client_id: int) -> list[Factor]:
    """The client's factors: internal first, then external; by category, then as added."""
    with vault.session() as session:
        rows = list(session.exec(select(Factor).where(Factor.client_id == client_id)).all())
    return sorted(rows, key=_factor_order)


def new_factor_row(client_id: int, data: FactorInput, stamp: datetime) -> Factor:
    """A Factor row from input already checked by :func:`validate_factor`."""
    return Factor(
        client_id=client_id,
        grp=data.grp,
        category=data.category,
        description=data.description,
        effect=data.effect,
        weight=int(data.weight),
        note=data.note,
        noted_on=data.noted_on,  # type: ignore[arg-type]  # validated: text made a number/date
        created_at=stamp,
        updated_at=stamp,
    )


def add_factor(vault: Vault, client_id: int, data: FactorInput) -> Factor:
    """Add an internal or external factor (a risk or a strength) to the client's intake."""
    clean: FactorInput = _checked(validate_factor(data))
    return _insert(vault, client_id, lambda stamp: new_factor_row(client_id, clean, stamp))


def update_factor(vault: Vault, client_id: int, factor_id: int, data: FactorInput) -> Factor:
    """Change a factor. Nothing is written (and "last changed" stays) if nothing differs."""
    clean: FactorInput = _checked(validate_factor(data))
    with vault.session() as session:
        factor = session.get(Factor, factor_id)
        if factor is None or factor.client_id != client_id:
            raise NotFound("That factor no longer exists.")
        new = {
            "grp": clean.grp,
            "category": clean.category,
            "description": clean.description,
            "effect": clean.effect,
            "weight": int(clean.weight),
            "note": clean.note,
            "noted_on": clean.noted_on,
        }
        if all(getattr(factor, k) == v for k, v in new.items()):
            return factor
        for key, value in new.items():
            setattr(factor, key, value)
        factor.updated_at = clock.now()
        session.add(factor)
        _record(session, client_id, "changed")
    return factor


# -- substance baselines -----------------------------------------------------------------------


def _newest_first(rows: list[SubstanceBaseline]) -> list[SubstanceBaseline]:
    return sorted(rows, key=lambda b: (b.taken_on, b.id or 0), reverse=True)


def list_baselines(vault: Vault, client_id: int) -> list[SubstanceBaseline]:
    """Every baseline the client has, the most recently taken first (the whole history)."""
    with vault.session() as session:
        rows = list(
            session.exec(
                select(SubstanceBaseline).where(SubstanceBaseline.client_id == client_id)
            ).all()
        )
    return _newest_first(rows)


def latest_per_substance(rows: list[SubstanceBaseline]) -> list[SubstanceBaseline]:
    """From any baselines, the most recent one per substance (any case), newest first."""
    seen: set[str] = set()
    out = []
    for row in _newest_first(rows):
        key = row.substance.casefold()
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def current_baselines(vault: Vault, client_id: int) -> list[SubstanceBaseline]:
    """The current baseline for each substance: the latest taken, most recent first."""
    return latest_per_substance(list_baselines(vault, client_id))


def usual_substance(vault: Vault, client_id: int) -> tuple[str, str] | None:
    """(substance, unit) of the most recently taken baseline, or None if there is none."""
    with vault.session() as session:
        row = session.exec(
            select(SubstanceBaseline.substance, SubstanceBaseline.unit)
            .where(SubstanceBaseline.client_id == client_id)
            .order_by(col(SubstanceBaseline.taken_on).desc(), col(SubstanceBaseline.id).desc())
        ).first()
    return (row[0], row[1]) if row else None


def new_baseline_row(client_id: int, data: BaselineInput, stamp: datetime) -> SubstanceBaseline:
    """A SubstanceBaseline row from input already checked by :func:`validate_baseline`."""
    return SubstanceBaseline(
        client_id=client_id,
        substance=data.substance,
        routes=", ".join(data.routes),
        amount=data.amount,  # type: ignore[arg-type]  # validated: text made a number/date
        unit=data.unit,
        days_per_week=data.days_per_week,  # type: ignore[arg-type]  # validated: text made a number/date
        last_use=data.last_use,  # type: ignore[arg-type]  # validated: text made a number/date
        what_it_does=data.what_it_does,
        taken_on=data.taken_on,  # type: ignore[arg-type]  # validated: text made a number/date
        created_at=stamp,
        occasions_per_day=float(data.occasions_per_day or 1),
    )


def add_baseline(vault: Vault, client_id: int, data: BaselineInput) -> SubstanceBaseline:
    """Take (or retake) a substance baseline. Earlier baselines stay as history."""
    routes = _flat(vocab_store.terms(vault, vocab.ROUTE))
    clean: BaselineInput = _checked(validate_baseline(data, known_routes=routes))
    return _insert(vault, client_id, lambda stamp: new_baseline_row(client_id, clean, stamp))


# -- readiness ---------------------------------------------------------------------------------


def list_readiness(vault: Vault, client_id: int) -> list[ReadinessRating]:
    """Every readiness rating, oldest first (so a trend reads left to right)."""
    with vault.session() as session:
        return list(
            session.exec(
                select(ReadinessRating)
                .where(ReadinessRating.client_id == client_id)
                .order_by(col(ReadinessRating.rated_on), col(ReadinessRating.id))
            ).all()
        )


def new_readiness_row(client_id: int, data: ReadinessInput, stamp: datetime) -> ReadinessRating:
    return ReadinessRating(
        client_id=client_id,
        rated_on=data.rated_on,  # type: ignore[arg-type]  # validated: text made a number/date
        importance=int(data.importance),
        confidence=int(data.confidence),
        readiness=int(data.readiness),
        why_not_lower=data.why_not_lower,
        one_up=data.one_up,
        goal_id=data.goal_id,
        behaviour=data.behaviour,
        created_at=stamp,
    )


def _check_goal(session: Session, client_id: int, goal_id: int | None) -> None:
    if goal_id is None:
        return
    goal = session.get(Goal, goal_id)
    if goal is None or goal.client_id != client_id:
        raise Invalid({"goal_id": "That goal is not this client's (any more); pick again."})


def add_readiness(vault: Vault, client_id: int, data: ReadinessInput) -> ReadinessRating:
    """Record a readiness-ruler rating (importance, confidence, readiness, 0-10), dated; about
    one of the client's goals (``goal_id``), a behaviour in words (``behaviour``), or change
    in general (neither)."""
    clean: ReadinessInput = _checked(validate_readiness(data))
    with vault.session() as session:
        client_in(session, client_id)
        _check_goal(session, client_id, clean.goal_id)
    return _insert(vault, client_id, lambda stamp: new_readiness_row(client_id, clean, stamp))


@dataclass
class RulerSeries:
    """The ratings about one thing (a goal, a behaviour, or change in general), oldest first."""

    key: tuple[str, int | str]  # see hrtui.domain.intake.subject_key
    label: str  # "Goal: Reduce: Alcohol", "Injecting", "Change in general"
    goal_id: int | None
    behaviour: str
    ratings: list[ReadinessRating] = field(default_factory=list)


def readiness_by_subject(vault: Vault, client_id: int) -> list[RulerSeries]:
    """The client's readiness ratings grouped by what they are about, each oldest first; the
    groups in the order they were first rated. A behaviour is matched in any case."""
    ratings = list_readiness(vault, client_id)
    with vault.session() as session:
        titles = dict(
            session.exec(select(Goal.id, Goal.title).where(Goal.client_id == client_id)).all()
        )
    out: dict[tuple[str, int | str], RulerSeries] = {}
    for r in ratings:
        key = subject_key(r.goal_id, r.behaviour)
        if key not in out:
            title = titles.get(r.goal_id) if r.goal_id is not None else None
            out[key] = RulerSeries(key, ruler_subject(title, r.behaviour), r.goal_id, r.behaviour)
        out[key].ratings.append(r)
    return list(out.values())


# -- decisional balance ------------------------------------------------------------------------


def list_balances(vault: Vault, client_id: int) -> list[DecisionalBalance]:
    """The client's decisional-balance sheets, oldest first."""
    with vault.session() as session:
        return list(
            session.exec(
                select(DecisionalBalance)
                .where(DecisionalBalance.client_id == client_id)
                .order_by(col(DecisionalBalance.made_on), col(DecisionalBalance.id))
            ).all()
        )


def add_balance(vault: Vault, client_id: int, data: BalanceInput) -> DecisionalBalance:
    """Add a decisional-balance sheet (good / less good things about using and about changing,
    in the client's words), about a behaviour and/or one of the client's goals."""
    clean: BalanceInput = _checked(validate_balance(data))
    with vault.session() as session:
        client_in(session, client_id)
        _check_goal(session, client_id, clean.goal_id)
        stamp = clock.now()
        row = DecisionalBalance(
            client_id=client_id,
            made_on=clean.made_on,  # type: ignore[arg-type]  # validated: text made a number/date
            behaviour=clean.behaviour,
            goal_id=clean.goal_id,
            **{name: getattr(clean, name) for name in BALANCE_CELLS},
            created_at=stamp,
            updated_at=stamp,
        )
        session.add(row)
        session.flush()
        _record(session, client_id, "created")
    return row


def update_balance(
    vault: Vault, client_id: int, balance_id: int, data: BalanceInput
) -> DecisionalBalance:
    """Change a sheet. Nothing is written (and "last changed" stays) if nothing differs."""
    clean: BalanceInput = _checked(validate_balance(data))
    with vault.session() as session:
        row = session.get(DecisionalBalance, balance_id)
        if row is None or row.client_id != client_id:
            raise NotFound("That decisional-balance sheet no longer exists.")
        _check_goal(session, client_id, clean.goal_id)
        new = {
            "made_on": clean.made_on,
            "behaviour": clean.behaviour,
            "goal_id": clean.goal_id,
            **{name: getattr(clean, name) for name in BALANCE_CELLS},
        }
        if all(getattr(row, k) == v for k, v in new.items()):
            return row
        for key, value in new.items():
            setattr(row, key, value)
        row.updated_at = clock.now()
        session.add(row)
        _record(session, client_id, "changed")
    return row


# -- AUDIT-C -----------------------------------------------------------------------------------


def list_auditc(vault: Vault, client_id: int) -> list[AuditCResult]:
    """Every AUDIT-C result, oldest first."""
    with vault.session() as session:
        return list(
            session.exec(
                select(AuditCResult)
                .where(AuditCResult.client_id == client_id)
                .order_by(col(AuditCResult.taken_on), col(AuditCResult.id))
            ).all()
        )


def new_auditc_row(client_id: int, data: AuditCInput, stamp: datetime) -> AuditCResult:
    return AuditCResult(
        client_id=client_id,
        taken_on=data.taken_on,  # type: ignore[arg-type]  # validated: text made a number/date
        q1=int(data.q1),  # type: ignore[arg-type]  # validated: text made a number/date
        q2=int(data.q2),  # type: ignore[arg-type]  # validated: text made a number/date
        q3=int(data.q3),  # type: ignore[arg-type]  # validated: text made a number/date
        cutoff=data.cutoff,
        created_at=stamp,
    )


def add_auditc(vault: Vault, client_id: int, data: AuditCInput) -> AuditCResult:
    """Record an AUDIT-C (answers 0-4 each; the score is computed when shown)."""
    clean: AuditCInput = _checked(validate_auditc(data))
    return _insert(vault, client_id, lambda stamp: new_auditc_row(client_id, clean, stamp))


# -- everything the intake screen shows, in one call -------------------------------------------


@dataclass
class IntakeOverview:
    factors: list[Factor]
    baselines: list[SubstanceBaseline]  # the whole history, newest first
    current: list[SubstanceBaseline]  # the latest per substance
    readiness: list[ReadinessRating]  # oldest first
    auditc: list[AuditCResult]  # oldest first
    last_session: date | None
    categories: dict[str, list[str]] = field(default_factory=dict)  # group → labels
    substances: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    rulers: list[RulerSeries] = field(default_factory=list)  # readiness by goal or behaviour
    balances: list[DecisionalBalance] = field(default_factory=list)  # oldest first
    #: goal id → title (what a decisional-balance sheet is about), filled in by the intake screen
    goal_titles: dict[int, str] = field(default_factory=dict)


def _flat(groups: dict[str, list[str]]) -> list[str]:
    return [label for labels in groups.values() for label in labels]


def overview(vault: Vault, client_id: int, today: date | None = None) -> IntakeOverview:
    """The client's whole intake plus the vocabularies the intake forms offer."""
    today = today or clock.today()
    baselines = list_baselines(vault, client_id)
    return IntakeOverview(
        factors=list_factors(vault, client_id),
        baselines=baselines,
        current=latest_per_substance(baselines),
        readiness=list_readiness(vault, client_id),
        auditc=list_auditc(vault, client_id),
        last_session=last_session_before(vault, client_id, today),
        categories=vocab_store.terms(vault, vocab.FACTOR_CATEGORY),
        substances=_flat(vocab_store.terms(vault, vocab.SUBSTANCE)),
        routes=_flat(vocab_store.terms(vault, vocab.ROUTE)),
        rulers=readiness_by_subject(vault, client_id),
        balances=list_balances(vault, client_id),
    )


def baseline_rows(session: Session, client_id: int) -> list[SubstanceBaseline]:
    """Every baseline of the client in an open session, oldest first (for progress)."""
    return list(
        session.exec(
            select(SubstanceBaseline)
            .where(SubstanceBaseline.client_id == client_id)
            .order_by(col(SubstanceBaseline.taken_on), col(SubstanceBaseline.id))
        ).all()
    )
