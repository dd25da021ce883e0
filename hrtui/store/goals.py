"""Goals: create, edit and revise co-created goals; step-down ladders; the safer-use plan.

Every write validates first (:mod:`hrtui.domain.goals`; an :class:`Invalid` names the fields),
runs in one transaction, marks the client's activity and adds an audit event (area "goals";
what and when, never the content). A change of plan (target, ladder, strategies, status…) is
kept as a dated :class:`GoalRevision` with its reason and a JSON diff ``{field: [before,
after]}``; a goal is never marked as failed.

Functions other areas call: :func:`list_goals`, :func:`revise_goal`, :func:`add_strategy`,
:func:`safer_use_plan`, :func:`active_target`, :func:`revisions`, :func:`target_histories`
(progress).

Intake data (substance baselines, factors) is read straight from the intake tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.domain.intake import per_use_day
from hrtui.domain.progress.targets import GoalHistory
from hrtui.domain.safety import ShownPrompt
from hrtui.domain.text import one_line
from hrtui.store.clients import audit, client_in, touch
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    Client,
    Factor,
    Goal,
    GoalFactor,
    GoalRevision,
    GoalSafetyPrompt,
    GoalStep,
    GoalStrategy,
    SubstanceBaseline,
)
from hrtui.store.vault import Vault
from hrtui.store.vocab import terms


def _record_prompt(session: Session, goal_id: int, shown: ShownPrompt) -> None:
    """Keep a safety prompt shown with the goal (:mod:`hrtui.store.safety` imports this module's
    neighbours, so it is imported when used)."""
    from hrtui.store.safety import record_prompt

    record_prompt(session, goal_id, shown)


AREA = "goals"
FACTOR_LABEL_MAX = 70


class ReasonNeeded(Invalid):
    """The change alters the plan: say why (``changes`` is the diff, ``summary`` its lines)."""

    def __init__(self, changes: dict[str, list[Any]]) -> None:
        super().__init__({"reason": "Say why the plan changes."})
        self.changes = changes
        self.summary = rules.describe_changes(changes)


# -- read models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """The latest intake baseline for one substance; ``amount`` is per use day (the intake's
    amount per occasion × its occasions a use day)."""

    substance: str
    amount: float | None
    unit: str
    days_per_week: float | None
    taken_on: date

    def for_period(self, period: str | None) -> float | None:
        return rules.baseline_for_period(self.amount, self.days_per_week, period)


@dataclass(frozen=True)
class FactorChoice:
    """An intake factor as a goal shows it ("Risk · Sleep: …"), with its parts."""

    id: int
    label: str
    category: str = ""
    description: str = ""
    effect: str = ""

    @classmethod
    def of(cls, factor: Factor) -> FactorChoice:
        assert factor.id is not None
        return cls(
            factor.id, factor_label(factor), factor.category, factor.description, factor.effect
        )


@dataclass
class GoalContext:
    """What a goal form offers: the client's baselines and factors, substances, the menu."""

    client_id: int
    today: date
    baselines: dict[str, Baseline] = field(default_factory=dict)
    factors: list[FactorChoice] = field(default_factory=list)
    substances: list[str] = field(default_factory=list)
    menu: dict[str, list[str]] = field(default_factory=dict)

    def baseline(self, substance: str | None) -> Baseline | None:
        if not substance:
            return None
        for name, found in self.baselines.items():
            if name.casefold() == substance.casefold():
                return found
        return None


@dataclass
class GoalDetail:
    """One goal with its ladder, strategies, linked factors and revisions (oldest first)."""

    goal: Goal
    ladder: list[GoalStep] = field(default_factory=list)
    strategies: list[GoalStrategy] = field(default_factory=list)
    factors: list[FactorChoice] = field(default_factory=list)
    revisions: list[GoalRevision] = field(default_factory=list)
    #: The safety prompts shown when it was saved (filled in by the goals screen's loader).
    prompts: list[GoalSafetyPrompt] = field(default_factory=list)

    @property
    def steps(self) -> list[rules.Step]:
        return [rules.Step(s.starts_on, s.amount, s.note) for s in self.ladder]

    def current_step(self, on: date) -> tuple[int, rules.Step] | None:
        return rules.current_step(self.steps, on)

    @property
    def is_open(self) -> bool:
        return self.goal.status in vocab.OPEN_GOAL_STATUSES


def factor_label(factor: Factor) -> str:
    effect = "Strength" if factor.effect == "strength" else "Risk"
    text = f"{effect} · {factor.category}: {factor.description}"
    if len(text) > FACTOR_LABEL_MAX:
        text = text[: FACTOR_LABEL_MAX - 1] + "…"
    return text


def changes_of(revision: GoalRevision) -> dict[str, list[Any]]:
    """A revision's diff as a dict ({} if it cannot be read)."""
    try:
        value = json.loads(revision.changes or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- reading -----------------------------------------------------------------------------------


def _goal(session: Session, goal_id: int) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound("That goal no longer exists.")
    return goal


def _order_open_first(goals: Iterable[Goal]) -> list[Goal]:
    goals = sorted(goals, key=lambda g: (g.start_on, g.id or 0), reverse=True)
    return sorted(goals, key=lambda g: g.status not in vocab.OPEN_GOAL_STATUSES)


def list_goals(vault: Vault, client_id: int, include_closed: bool = True) -> list[Goal]:
    """The client's goals, open ones (active, progressing, revised) first, newest first.

    ``include_closed=False`` leaves out achieved and paused goals."""
    with vault.session() as session:
        query = select(Goal).where(Goal.client_id == client_id)
        if not include_closed:
            query = query.where(col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES))
        return _order_open_first(session.exec(query).all())


def _details(session: Session, goals: list[Goal]) -> list[GoalDetail]:
    ids = [g.id for g in goals]
    details = {g.id: GoalDetail(g) for g in goals}
    if not ids:
        return []
    for step in session.exec(
        select(GoalStep).where(col(GoalStep.goal_id).in_(ids)).order_by(col(GoalStep.position))
    ).all():
        details[step.goal_id].ladder.append(step)
    for strategy in session.exec(
        select(GoalStrategy)
        .where(col(GoalStrategy.goal_id).in_(ids))
        .order_by(col(GoalStrategy.id))
    ).all():
        details[strategy.goal_id].strategies.append(strategy)
    for goal_id, factor in session.exec(
        select(GoalFactor.goal_id, Factor)
        .join(Factor, col(Factor.id) == GoalFactor.factor_id)
        .where(col(GoalFactor.goal_id).in_(ids))
        .order_by(col(Factor.grp), col(Factor.category), col(Factor.id))
    ).all():
        details[goal_id].factors.append(FactorChoice.of(factor))
    for revision in session.exec(
        select(GoalRevision)
        .where(col(GoalRevision.goal_id).in_(ids))
        .order_by(col(GoalRevision.revised_on), col(GoalRevision.id))
    ).all():
        details[revision.goal_id].revisions.append(revision)
    return [details[g.id] for g in goals]


def goal_details(vault: Vault, client_id: int) -> list[GoalDetail]:
    """Every goal of the client with everything that hangs off it (for the Goals pane)."""
    with vault.session() as session:
        client_in(session, client_id)
        goals = _order_open_first(
            session.exec(select(Goal).where(Goal.client_id == client_id)).all()
        )
        return _details(session, goals)


def goal_detail(vault: Vault, goal_id: int) -> GoalDetail:
    with vault.session() as session:
        return _details(session, [_goal(session, goal_id)])[0]


def revisions(vault: Vault, goal_id: int) -> list[GoalRevision]:
    """The goal's revisions, oldest first (``changes`` is JSON: {field: [before, after]})."""
    with vault.session() as session:
        _goal(session, goal_id)
        return list(
            session.exec(
                select(GoalRevision)
                .where(GoalRevision.goal_id == goal_id)
                .order_by(col(GoalRevision.revised_on), col(GoalRevision.id))
            ).all()
        )


def _baselines(session: Session, client_id: int) -> dict[str, Baseline]:
    rows = session.exec(
        select(SubstanceBaseline)
        .where(SubstanceBaseline.client_id == client_id)
        .order_by(col(SubstanceBaseline.taken_on), col(SubstanceBaseline.id))
    ).all()
    latest: dict[str, Baseline] = {}
    for row in rows:  # later rows replace earlier ones: the latest per substance remains
        key = next((k for k in latest if k.casefold() == row.substance.casefold()), row.substance)
        latest.pop(key, None)
        # per use day, as goals count: the amount per occasion × occasions a use day
        latest[row.substance] = Baseline(
            row.substance, per_use_day(row.amount, row.occasions_per_day), row.unit,
            row.days_per_week, row.taken_on,
        )  # fmt: skip
    return latest


def latest_baseline(vault: Vault, client_id: int, substance: str) -> Baseline | None:
    """The client's most recent intake baseline for ``substance`` (any case), or None."""
    with vault.session() as session:
        baselines = _baselines(session, client_id)
    for name, found in baselines.items():
        if name.casefold() == substance.casefold():
            return found
    return None


def _factor_ids(session: Session, client_id: int) -> list[int]:
    ids = session.exec(select(Factor.id).where(Factor.client_id == client_id)).all()
    return [factor_id for factor_id in ids if factor_id is not None]


def goal_context(vault: Vault, client_id: int, on: date | None = None) -> GoalContext:
    """Everything a goal form needs for this client, with today's date."""
    menu = terms(vault, vocab.STRATEGY)
    substances = [s for labels in terms(vault, vocab.SUBSTANCE).values() for s in labels]
    with vault.session() as session:
        client_in(session, client_id)
        baselines = _baselines(session, client_id)
        factors = session.exec(
            select(Factor)
            .where(Factor.client_id == client_id)
            .order_by(col(Factor.grp), col(Factor.category), col(Factor.id))
        ).all()
    # the client's own substances (most recent intake first), then the rest of the list
    own = sorted(baselines.values(), key=lambda b: b.taken_on, reverse=True)
    ordered = [b.substance for b in own]
    ordered += [s for s in substances if s.casefold() not in {x.casefold() for x in ordered}]
    return GoalContext(
        client_id=client_id,
        today=on or clock.today(),
        baselines=baselines,
        factors=[FactorChoice.of(f) for f in factors],
        substances=ordered,
        menu=menu,
    )


def safer_use_plan(vault: Vault, client_id: int) -> list[GoalStrategy]:
    """The client's safer-use plan: strategies of open safer-use goals, by concern."""
    order = {concern: i for i, concern in enumerate(vocab.STRATEGY_CONCERNS)}
    with vault.session() as session:
        rows = session.exec(
            select(GoalStrategy)
            .join(Goal, col(Goal.id) == GoalStrategy.goal_id)
            .where(
                Goal.client_id == client_id,
                Goal.kind == "safer",
                col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES),
            )
            .order_by(col(GoalStrategy.id))
        ).all()
    return sorted(rows, key=lambda s: order.get(s.concern, len(order)))


def active_target(
    vault: Vault, client_id: int, substance: str, on: date
) -> tuple[float, str, str] | None:
    """(amount, unit, period) the client aims for with ``substance`` on ``on``: the target of an
    open reduce goal started by then, or the step in effect of an open step-down. When several
    apply, the one that took effect most recently wins. None if no such goal."""
    with vault.session() as session:
        goals = session.exec(
            select(Goal).where(
                Goal.client_id == client_id,
                col(Goal.kind).in_(("reduce", "stepdown")),
                col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES),
                Goal.start_on <= on,
            )
        ).all()
        goals = [g for g in goals if (g.substance or "").casefold() == substance.casefold()]
        details = _details(session, goals)
    best: tuple[date, int, tuple[float, str, str]] | None = None
    for detail in details:
        goal = detail.goal
        period = goal.period or "per_use_day"
        if goal.kind == "reduce":
            if goal.target_amount is None:
                continue
            since, value = goal.start_on, (goal.target_amount, goal.unit or "", period)
        else:
            found = detail.current_step(on)
            if found is None:
                continue
            step = found[1]
            since, value = step.starts_on, (step.amount, goal.unit or "", period)
        key = (since, goal.id or 0)
        if best is None or key > best[:2]:
            best = (*key, value)
    return None if best is None else best[2]


# -- writing -----------------------------------------------------------------------------------


def _current_raw(detail: GoalDetail) -> dict[str, Any]:
    """The stored goal in the shape :func:`rules.validate_goal` takes."""
    goal = detail.goal
    raw: dict[str, Any] = {
        name: getattr(goal, name)
        for name in (
            "status", "title", "start_on", "review_on", *rules.TEXT_FIELDS, "substance",
            "baseline_amount", "target_amount", "unit", "period", "life_area",
        )
    }  # fmt: skip
    raw["ladder"] = detail.steps
    raw["strategies"] = [
        rules.StrategyPick(s.concern, s.label, bool(s.custom), s.note) for s in detail.strategies
    ]
    raw["factor_ids"] = [f.id for f in detail.factors]
    return raw


def _stored_values(detail: GoalDetail) -> rules.GoalValues:
    """The stored goal as values, unvalidated (for the "before" side of a diff)."""
    raw = _current_raw(detail)
    return rules.GoalValues(
        kind=detail.goal.kind,
        **{k: v for k, v in raw.items() if k not in ("ladder", "strategies", "factor_ids")},
        ladder=raw["ladder"],
        strategies=raw["strategies"],
        factor_ids=raw["factor_ids"],
    )


def _write(session: Session, goal: Goal, values: rules.GoalValues, on: date) -> None:
    """Store ``values`` on ``goal`` and replace its ladder, strategies and factor links."""
    for name, value in values.columns().items():
        setattr(goal, name, value)
    goal.updated_at = clock.now()
    session.add(goal)
    session.flush()
    assert goal.id is not None
    session.exec(delete(GoalStep).where(col(GoalStep.goal_id) == goal.id))
    for position, step in enumerate(values.ladder, start=1):
        session.add(
            GoalStep(
                goal_id=goal.id,
                position=position,
                starts_on=step.starts_on,
                amount=step.amount,
                unit=values.unit or "",
                note=step.note,
            )
        )
    existing = {
        s.label.casefold(): s
        for s in session.exec(select(GoalStrategy).where(GoalStrategy.goal_id == goal.id)).all()
    }
    keep = set()
    for pick in values.strategies:
        row = existing.get(pick.label.casefold())
        if row is None:
            row = GoalStrategy(goal_id=goal.id, concern=pick.concern, label=pick.label,
                               custom=pick.custom, note=pick.note, added_on=on)  # fmt: skip
        else:
            row.concern, row.label, row.custom, row.note = (
                pick.concern, pick.label, pick.custom, pick.note,
            )  # fmt: skip
            keep.add(pick.label.casefold())
        session.add(row)
    for key, row in existing.items():
        if key not in keep:
            session.delete(row)
    session.exec(delete(GoalFactor).where(col(GoalFactor.goal_id) == goal.id))
    for factor_id in values.factor_ids:
        session.add(GoalFactor(goal_id=goal.id, factor_id=factor_id))


def create_goal(
    vault: Vault,
    client_id: int,
    kind: str,
    values: Mapping[str, Any],
    on: date | None = None,
    shown_prompt: ShownPrompt | None = None,
) -> Goal:
    """Add a goal of ``kind`` (reduce, safer, stepdown, abstinence, life) from form values.

    ``shown_prompt``: the safety prompt the form showed before saving
    (:func:`hrtui.store.safety.withdrawal_check`), kept with the goal and when it was shown."""
    today = on or clock.today()
    menu = terms(vault, vocab.STRATEGY)
    with vault.session() as session:
        client_in(session, client_id)
        checked, errors = rules.validate_goal(
            kind, dict(values), today, menu=menu, factor_ids=_factor_ids(session, client_id)
        )
        if checked is None:
            raise Invalid(errors)
        stamp = clock.now()
        goal = Goal(client_id=client_id, created_at=stamp, updated_at=stamp, **checked.columns())
        _write(session, goal, checked, today)
        if shown_prompt is not None:
            assert goal.id is not None
            _record_prompt(session, goal.id, shown_prompt)
        audit(session, client_id, "created", area=AREA)
        touch(session, client_id)
    return goal


def _change(
    vault: Vault,
    goal_id: int,
    changes: Mapping[str, Any],
    reason: str,
    *,
    on: date | None,
    review_id: int | None = None,
    always_record: bool,
    status_given: bool | None = None,
    shown_prompt: ShownPrompt | None = None,
) -> tuple[Goal, GoalRevision | None]:
    today = on or clock.today()
    reason = (reason or "").strip()
    if reason or always_record:
        problem = rules.reason_problem(reason)
        if problem:
            raise Invalid({"reason": problem})
    menu = terms(vault, vocab.STRATEGY)
    with vault.session() as session:
        goal = _goal(session, goal_id)
        detail = _details(session, [goal])[0]
        before_values = _stored_values(detail)
        merged = {**_current_raw(detail), **changes}
        checked, errors = rules.validate_goal(
            goal.kind, merged, today, menu=menu, factor_ids=_factor_ids(session, goal.client_id)
        )
        if checked is None:
            raise Invalid(errors)
        before = rules.snapshot(before_values)
        changed = rules.diff(before, rules.snapshot(checked))
        if status_given is None:
            status_given = "status" in changes
        checked.status = rules.implied_status(checked.status, changed, status_given)
        changed = rules.diff(before, rules.snapshot(checked))
        plan_change = rules.needs_reason(changed)
        if plan_change and not reason:
            raise ReasonNeeded(changed)
        _write(session, goal, checked, today)
        revision = None
        if always_record or plan_change:
            revision = GoalRevision(
                goal_id=goal_id,
                revised_on=today,
                reason=reason,
                changes=json.dumps(changed, ensure_ascii=False),
                review_id=review_id,
                created_at=clock.now(),
            )
            session.add(revision)
        if shown_prompt is not None:
            _record_prompt(session, goal_id, shown_prompt)
        audit(session, goal.client_id, "revised" if revision else "changed", area=AREA)
        touch(session, goal.client_id)
        session.flush()
    return goal, revision


def update_goal(
    vault: Vault,
    goal_id: int,
    values: Mapping[str, Any],
    reason: str = "",
    on: date | None = None,
    shown_prompt: ShownPrompt | None = None,
) -> Goal:
    """Save the goal form. If the plan itself changes (target, ladder, strategies, status…)
    a reason is needed: without one :class:`ReasonNeeded` is raised and nothing is saved; with
    one the change is kept as a revision. Other edits (the client's words, dates) are saved as
    they are. ``shown_prompt``: a safety prompt the form showed, kept with the goal."""
    with vault.session() as session:
        current = _goal(session, goal_id).status
    status_given = bool(values.get("status")) and values.get("status") != current
    goal, _ = _change(
        vault, goal_id, values, reason, on=on, always_record=False, status_given=status_given,
        shown_prompt=shown_prompt,
    )  # fmt: skip
    return goal


def revise_goal(
    vault: Vault,
    goal_id: int,
    changes: dict[str, Any],
    reason: str,
    review_id: int | None = None,
    on: date | None = None,
) -> GoalRevision:
    """Apply ``changes`` to a goal and keep them as a revision dated ``on`` (default today) with
    ``reason`` (required) and, if a relapse review led to it, ``review_id``.

    ``changes`` maps goal fields to new values: ``target_amount``, ``baseline_amount`` (numbers
    or text), ``unit``, ``period``, ``substance``, ``life_area``, ``title``, ``status``, the
    texts (``client_words``, ``why_it_matters``, ``steps``, ``helpers``, ``obstacles``,
    ``working_when``, ``counselor_note``), ``start_on`` / ``review_on`` (dates or ISO text),
    ``ladder`` (the step-down ladder: a list of ``Step`` / ``{"starts_on", "amount", "note"}``
    / ``(date, amount)``), ``strategies`` (a list of ``StrategyPick`` / ``{"concern",
    "label"}`` / ``(concern, label)``; replaces the list) and ``factor_ids``.

    A new target or ladder makes an active or progressing goal "revised" unless ``changes``
    names a status. Raises :class:`Invalid` (field → message) and changes nothing if the result
    is not a valid goal or the reason is missing.
    """
    unknown = set(changes) - _CHANGEABLE
    if unknown:
        raise ValueError(f"unknown goal field(s): {', '.join(sorted(unknown))}")
    _, revision = _change(
        vault, goal_id, changes, reason, on=on, review_id=review_id, always_record=True
    )
    assert revision is not None
    return revision


_CHANGEABLE = {
    "status", "title", "start_on", "review_on", *rules.TEXT_FIELDS, "substance",
    "baseline_amount", "target_amount", "unit", "period", "life_area", "ladder", "strategies",
    "factor_ids",
}  # fmt: skip


def set_status(
    vault: Vault, goal_id: int, status: str, reason: str, on: date | None = None
) -> GoalRevision:
    """Change a goal's status (active, progressing, achieved, revised, paused) with a reason."""
    with vault.session() as session:
        current = _goal(session, goal_id).status
    if status == current:
        raise Invalid({"status": f"The goal is already {rules.STATUSES[current].lower()}."})
    return revise_goal(vault, goal_id, {"status": status}, reason, on=on)


def step_back(vault: Vault, goal_id: int, reason: str, on: date | None = None) -> GoalRevision:
    """Move a step-down back one step from ``on`` (a change of plan, kept as a revision)."""
    today = on or clock.today()
    detail = goal_detail(vault, goal_id)
    if detail.goal.kind != "stepdown":
        raise Invalid({"ladder": "Only a step-down goal has steps to move back."})
    try:
        ladder = rules.step_back(detail.steps, today)
    except ValueError as exc:
        raise Invalid({"ladder": str(exc)}) from None
    return revise_goal(vault, goal_id, {"ladder": ladder}, reason, on=today)


def set_strategies(
    vault: Vault,
    goal_id: int,
    picked: Iterable[Any],
    custom_strategies: str = "",
    custom_concern: str | None = None,
    reason: str = "",
    on: date | None = None,
) -> Goal:
    """Replace a goal's strategies with the menu picks plus typed ones (one per line). A change
    needs a reason (:class:`ReasonNeeded` without one) and is kept as a revision."""
    changes = {
        "strategies": list(picked),
        "custom_strategies": custom_strategies,
        "custom_concern": custom_concern,
    }
    goal, _ = _change(vault, goal_id, changes, reason, on=on, always_record=False)
    return goal


def add_strategy(
    vault: Vault,
    goal_id: int,
    concern: str,
    label: str,
    custom: bool = False,
    note: str = "",
) -> GoalStrategy:
    """Add one strategy to a goal's plan (kept as a revision, "Added to the plan: …").

    ``custom`` marks a strategy that is not on the menu (one that is not on it is marked so
    anyway). Raises :class:`Invalid` if the plan already has it."""
    detail = goal_detail(vault, goal_id)
    clean_label = one_line(label)  # as the plan's validation keeps it
    if not clean_label:
        raise Invalid({"label": "Type the strategy."})
    if clean_label.casefold() in {s.label.casefold() for s in detail.strategies}:
        raise Invalid({"label": "This strategy is already in the plan."})
    current = [
        rules.StrategyPick(s.concern, s.label, bool(s.custom), s.note) for s in detail.strategies
    ]
    new = rules.StrategyPick(concern, clean_label, custom, note)
    reason = f"Added to the plan: {clean_label}"[: rules.REASON_MAX]
    try:
        revise_goal(vault, goal_id, {"strategies": [*current, new]}, reason)
    except Invalid as exc:  # name the problem by the argument the caller gave
        if "strategies" in exc.errors:
            raise Invalid({"label": exc.errors["strategies"]}) from None
        raise
    for row in goal_detail(vault, goal_id).strategies:
        if row.label.casefold() == clean_label.casefold():
            return row
    raise NotFound("The strategy was not saved.")  # pragma: no cover - defensive


def delete_goal(vault: Vault, goal_id: int, confirm_code: str) -> str:
    """Delete a goal entered by mistake, for good (to stop working on a goal, pause it).

    Refuses (:class:`Invalid` on the field ``confirm``) unless ``confirm_code`` is the client's
    code, typed again (case and surrounding spaces ignored). Its ladder, strategies, revisions,
    factor and review links and safety prompts go with it (``ON DELETE CASCADE``); the reviews
    themselves stay. A "deleted" event (no content) is kept in the audit trail. Returns the
    deleted goal's title."""
    from hrtui.store.maintenance import codes_match

    with vault.session() as session:
        goal = _goal(session, goal_id)
        client = client_in(session, goal.client_id)
        if not codes_match(confirm_code, client.code):
            raise Invalid({"confirm": "That is not this client's code; nothing was deleted."})
        title, client_id = goal.title, goal.client_id
        session.delete(goal)
        session.flush()
        audit(session, client_id, "deleted", area=AREA)
        touch(session, client_id)
    return title


def plan_details(vault: Vault, client_id: int) -> tuple[Client, list[GoalDetail]]:
    """The client and their goals, for the take-home plan (see :mod:`hrtui.client_plan`)."""
    with vault.session() as session:
        client = client_in(session, client_id)
        goals = _order_open_first(
            session.exec(select(Goal).where(Goal.client_id == client_id)).all()
        )
        return client, _details(session, goals)


def record_plan_written(vault: Vault, client_id: int) -> None:
    """Note in the audit trail that the take-home plan was written out (not its content)."""
    with vault.session() as session:
        audit(session, client_id, "exported", area="plan")


# -- for progress (hrtui.store.progress) -------------------------------------------------------


def target_histories(session: Session, client_id: int) -> list[GoalHistory]:
    """The client's reduce and step-down goals, whatever their status now, each as it is now
    with its dated revisions: what progress needs to take every target as it stood on a day."""
    goals = session.exec(
        select(Goal)
        .where(Goal.client_id == client_id, col(Goal.kind).in_(("reduce", "stepdown")))
        .order_by(col(Goal.start_on), col(Goal.id))
    ).all()
    out = []
    for detail in _details(session, list(goals)):
        goal = detail.goal
        assert goal.id is not None
        current = {
            "status": goal.status,
            "substance": goal.substance,
            "target_amount": goal.target_amount,
            "unit": goal.unit,
            "period": goal.period,
            "baseline_amount": goal.baseline_amount,
            "start_on": goal.start_on.isoformat(),
            "ladder": [
                {"starts_on": s.starts_on.isoformat(), "amount": s.amount} for s in detail.ladder
            ],
        }
        out.append(
            GoalHistory(
                goal.id,
                goal.title,
                goal.kind,
                current,
                [(r.revised_on, changes_of(r)) for r in detail.revisions],
            )
        )
    return out
