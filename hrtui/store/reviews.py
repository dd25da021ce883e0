"""Relapse reviews: start one from a day of the use log (or any day), fill the worksheet over one
or more sessions, and carry what was learned into the intake and the goals.

Every save validates first (:class:`Invalid`, a message per field, nothing saved) and writes in
one transaction: the worksheet's texts, the goals it touches, its triggers and stressors, and
the intake factors that new triggers and stressors become (through the intake's own
``validate_factor`` / ``new_factor_row``, so the factor is exactly what the intake would store).
Each write marks the client's activity and adds an audit event (area "review"; never content).

Plan changes go through the goals area: :func:`revise_goal_from_review`,
:func:`add_strategy_from_review` and :func:`add_support_from_review` call
:func:`hrtui.store.goals.revise_goal` with the review as reason and ``review_id`` set, so each
appears in the goal's history as coming from this review. A review never closes the client's
record or a goal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, delete, func, select

from hrtui import clock
from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.intake import FactorInput, validate_factor
from hrtui.domain.parse import amount_with_unit, parse_day
from hrtui.domain.reviews import CopingItem, KindChoice, ReviewInput, StressorItem, TriggerItem
from hrtui.domain.safety import Prompt
from hrtui.domain.text import one_line
from hrtui.store import vocab as vocab_store
from hrtui.store.clients import audit, client_in, touch
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    Factor,
    Goal,
    GoalRevision,
    GoalStep,
    Review,
    ReviewCoping,
    ReviewEntry,
    ReviewGoal,
    ReviewStressor,
    ReviewTrigger,
    UseEntry,
)
from hrtui.store.vault import Vault

AREA = "review"
RECENT_USE_DAYS = 90  # how far back the start form looks for days with use
TRIGGER_WEIGHT = 2  # a trigger that led to a return to use weighs "quite a bit"
STRESSOR_WEIGHT = 1

# -- read models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """One review in the list."""

    id: int
    day: date
    status: str
    next_checkin: date | None
    goals: tuple[str, ...]
    triggers: tuple[str, ...]
    plan_changes: int
    what_used: str
    learned: str
    kind: str | None = None  # what kind of day it looks at (``rules.KINDS``); None: not set

    @property
    def status_label(self) -> str:
        return rules.status_label(self.status)


@dataclass(frozen=True)
class GoalChoice:
    id: int
    title: str
    kind: str
    status: str
    substance: str | None

    @property
    def is_open(self) -> bool:
        return self.status in vocab.OPEN_GOAL_STATUSES

    @property
    def label(self) -> str:
        status = vocab.GOAL_STATUSES.get(self.status, self.status).lower()
        return f"{self.title} ({status})"


@dataclass(frozen=True)
class FactorOption:
    """An intake factor a trigger can be picked from."""

    id: int
    grp: str
    category: str
    description: str
    effect: str

    @property
    def label(self) -> str:
        mark = "strength" if self.effect == "strength" else "risk"
        return f"{self.grp.capitalize()} · {self.category}: {self.description} ({mark})"


@dataclass(frozen=True)
class LinkedEntry:
    """A use-log entry linked to the review."""

    id: int
    day: date
    text: str
    substance: str = ""
    no_use: bool = False
    amount: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class PlanChange:
    """A goal revision this review made."""

    id: int
    revised_on: date
    goal_id: int
    goal_title: str
    reason: str
    changes: str  # JSON {field: [before, after]}


@dataclass
class Worksheet:
    """Everything the worksheet screen shows and offers for one review."""

    review: Review
    client_code: str
    entries: list[LinkedEntry] = field(default_factory=list)
    goals: list[GoalChoice] = field(default_factory=list)  # open first
    linked_goal_ids: list[int] = field(default_factory=list)
    triggers: list[TriggerItem] = field(default_factory=list)
    stressors: list[StressorItem] = field(default_factory=list)
    factors: list[FactorOption] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    menu: dict[str, list[str]] = field(default_factory=dict)
    plan_changes: list[PlanChange] = field(default_factory=list)
    coping: list[CopingItem] = field(default_factory=list)  # in the order entered

    @property
    def id(self) -> int:
        assert self.review.id is not None
        return self.review.id

    def as_input(self) -> ReviewInput:
        r = self.review
        return ReviewInput(
            day=r.day,
            **{name: getattr(r, name) for name in rules.TEXT_FIELDS},
            too_ambitious=r.too_ambitious,
            next_checkin=r.next_checkin,
            goal_ids=tuple(self.linked_goal_ids),
            triggers=tuple(self.triggers),
            stressors=tuple(self.stressors),
            kind=r.kind,
            after_stay=r.after_stay,
            confidence=r.confidence if r.confidence is not None else "",
            coping=tuple(self.coping),
        )

    @property
    def questions(self) -> tuple[rules.Question, ...]:
        """The worksheet's questions for the review's kind (see ``rules.KIND_QUESTIONS``)."""
        return rules.questions_for(self.review.kind)

    def goal(self, goal_id: int) -> GoalChoice | None:
        return next((g for g in self.goals if g.id == goal_id), None)


@dataclass(frozen=True)
class StartDefaults:
    """What the "start a review" form offers: a day and the recent days with use."""

    day: date
    recent_use_days: tuple[date, ...]  # newest first


@dataclass(frozen=True)
class Started:
    review_id: int
    created: bool  # False: a review of that day existed already and is returned instead


# -- helpers -----------------------------------------------------------------------------------


def _review(session: Session, review_id: int) -> Review:
    review = session.get(Review, review_id)
    if review is None:
        raise NotFound("That review no longer exists.")
    return review


def _record(session: Session, client_id: int, action: str) -> None:
    touch(session, client_id)
    audit(session, client_id, action, area=AREA)


def _entry_text(entry: UseEntry) -> str:
    if entry.no_use:
        return f"No use of {entry.substance}" if entry.substance else "No use"
    amount = amount_with_unit(entry.amount, entry.unit)  # "1 beer", "2 beers"
    text = f"{entry.substance} {amount}".strip() if amount else entry.substance
    extra = [x for x in (entry.route, entry.setting) if x]
    return f"{text} ({', '.join(extra)})" if extra else text


def _goal_order(goals: Iterable[Goal]) -> list[Goal]:
    ordered = sorted(goals, key=lambda g: (g.start_on, g.id or 0), reverse=True)
    return sorted(ordered, key=lambda g: g.status not in vocab.OPEN_GOAL_STATUSES)


def _default_goal_ids(session: Session, client_id: int, substances: Iterable[str]) -> list[int]:
    """The client's open goals about a substance used that day."""
    wanted = {s.casefold() for s in substances if s}
    if not wanted:
        return []
    goals = session.exec(
        select(Goal).where(
            Goal.client_id == client_id, col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES)
        )
    ).all()
    return [g.id for g in _goal_order(goals) if g.id and (g.substance or "").casefold() in wanted]


def _as_day(value: date | str, today: date) -> date:
    if isinstance(value, date):
        if value > today:
            raise Invalid({"day": "That date is in the future."})
        return value
    try:
        return parse_day(value, today)
    except ValueError as exc:
        raise Invalid({"day": str(exc)}) from None


# -- reading -----------------------------------------------------------------------------------


def list_reviews(vault: Vault, client_id: int) -> list[ReviewRow]:
    """The client's reviews, the most recent day first, with the goals and triggers they
    name and how many goal revisions each made."""
    with vault.session() as session:
        client_in(session, client_id)
        reviews = session.exec(
            select(Review)
            .where(Review.client_id == client_id)
            .order_by(col(Review.day).desc(), col(Review.id).desc())
        ).all()
        ids = [r.id for r in reviews]
        goals: dict[int, list[str]] = {}
        triggers: dict[int, list[str]] = {}
        changes: dict[int, int] = {}
        if ids:
            for review_id, title in session.exec(
                select(ReviewGoal.review_id, Goal.title)
                .join(Goal, col(Goal.id) == ReviewGoal.goal_id)
                .where(col(ReviewGoal.review_id).in_(ids))
                .order_by(col(Goal.id))
            ).all():
                goals.setdefault(review_id, []).append(title)
            for review_id, label in session.exec(
                select(ReviewTrigger.review_id, ReviewTrigger.label)
                .where(col(ReviewTrigger.review_id).in_(ids))
                .order_by(col(ReviewTrigger.id))
            ).all():
                triggers.setdefault(review_id, []).append(label)
            for revised_in, count in session.exec(
                select(GoalRevision.review_id, func.count())
                .where(col(GoalRevision.review_id).in_(ids))
                .group_by(col(GoalRevision.review_id))
            ).all():
                if revised_in is not None:  # the query picks revisions made in these reviews
                    changes[revised_in] = count
    return [
        ReviewRow(
            id=r.id or 0,
            day=r.day,
            status=r.status,
            next_checkin=r.next_checkin,
            goals=tuple(goals.get(r.id or 0, ())),
            triggers=tuple(triggers.get(r.id or 0, ())),
            plan_changes=changes.get(r.id or 0, 0),
            what_used=r.what_used,
            learned=r.learned,
            kind=r.kind,
        )
        for r in reviews
    ]


def start_defaults(vault: Vault, client_id: int, today: date | None = None) -> StartDefaults:
    """The most recent day with use in the last 90 days (else today) and those days."""
    from hrtui.store.uselog import days_with_use

    today = today or clock.today()
    days = days_with_use(vault, client_id, today - timedelta(days=RECENT_USE_DAYS), today)
    recent = tuple(sorted(days, reverse=True))
    return StartDefaults(day=recent[0] if recent else today, recent_use_days=recent)


def review_on_day(vault: Vault, client_id: int, day: date) -> int | None:
    """The id of the client's review of ``day``, if there is one."""
    with vault.session() as session:
        return session.exec(
            select(Review.id)
            .where(Review.client_id == client_id, Review.day == day)
            .order_by(col(Review.id))
        ).first()


def _plan_changes(session: Session, review_id: int) -> list[PlanChange]:
    rows = session.exec(
        select(GoalRevision, Goal.title)
        .join(Goal, col(Goal.id) == GoalRevision.goal_id)
        .where(GoalRevision.review_id == review_id)
        .order_by(col(GoalRevision.revised_on), col(GoalRevision.id))
    ).all()
    return [
        PlanChange(rev.id or 0, rev.revised_on, rev.goal_id, title, rev.reason, rev.changes)
        for rev, title in rows
    ]


def worksheet(vault: Vault, review_id: int) -> Worksheet:
    """The review with everything its worksheet shows: the linked log entries, the client's
    goals (and which are linked), triggers, stressors, the intake factors to pick triggers
    from, the category list, the safer-use menu, and the goal revisions it made."""
    with vault.session() as session:
        review = _review(session, review_id)
        client = client_in(session, review.client_id)
        entries = session.exec(
            select(UseEntry)
            .join(ReviewEntry, col(ReviewEntry.entry_id) == UseEntry.id)
            .where(ReviewEntry.review_id == review_id)
            .order_by(col(UseEntry.day), col(UseEntry.id))
        ).all()
        goals = _goal_order(session.exec(select(Goal).where(Goal.client_id == client.id)).all())
        linked = set(
            session.exec(select(ReviewGoal.goal_id).where(ReviewGoal.review_id == review_id)).all()
        )
        triggers = session.exec(
            select(ReviewTrigger)
            .where(ReviewTrigger.review_id == review_id)
            .order_by(col(ReviewTrigger.id))
        ).all()
        stressors = session.exec(
            select(ReviewStressor)
            .where(ReviewStressor.review_id == review_id)
            .order_by(col(ReviewStressor.id))
        ).all()
        plan_changes = _plan_changes(session, review_id)
        coping = session.exec(
            select(ReviewCoping)
            .where(ReviewCoping.review_id == review_id)
            .order_by(col(ReviewCoping.id))
        ).all()
    from hrtui.store.intake import list_factors

    factors = list_factors(vault, review.client_id)
    return Worksheet(
        review=review,
        client_code=client.code,
        entries=[
            LinkedEntry(
                e.id or 0, e.day, _entry_text(e), e.substance, bool(e.no_use), e.amount, e.unit
            )
            for e in entries
        ],
        goals=[GoalChoice(g.id or 0, g.title, g.kind, g.status, g.substance) for g in goals],
        linked_goal_ids=[g.id for g in goals if g.id in linked],
        triggers=[TriggerItem(t.label, t.factor_id, stored=True) for t in triggers],
        stressors=[StressorItem(s.text, s.factor_id) for s in stressors],
        factors=[
            FactorOption(f.id or 0, f.grp, f.category, f.description, f.effect) for f in factors
        ],
        categories=vocab_store.terms(vault, vocab.FACTOR_CATEGORY),
        menu=vocab_store.terms(vault, vocab.STRATEGY),
        plan_changes=plan_changes,
        coping=[CopingItem(c.text, bool(c.tried)) for c in coping],
    )


# -- starting ----------------------------------------------------------------------------------


def start_review(
    vault: Vault,
    client_id: int,
    day: date | str,
    goal_ids: Sequence[int] | None = None,
    today: date | None = None,
) -> Started:
    """Start a review of a return to use on ``day`` (a draft).

    The day's use entries are linked and pre-fill what happened, where, who with, what was used
    and how much, and the safer-use strategies used. ``goal_ids`` are the goals it touches;
    None links the client's open goals about a substance used that day. If the client already
    has a review of that day, that one is returned instead (``created`` False).
    """
    from hrtui.store.uselog import day_entries

    today = today or clock.today()
    the_day = _as_day(day, today)
    existing = review_on_day(vault, client_id, the_day)
    if existing is not None:
        return Started(existing, False)
    views, _ = day_entries(vault, client_id, the_day)
    used = [v for v in views if not v.no_use and v.substance]
    strategies = [s for v in used for s in v.strategies]
    # Any: the keys are Review's text fields, which the type of ``**filled`` cannot say.
    filled: dict[str, Any] = rules.prefill(used, strategies)
    with vault.session() as session:
        client_in(session, client_id)
        if goal_ids is None:
            links = _default_goal_ids(session, client_id, [v.substance for v in used])
        else:
            links = _own_goal_ids(session, client_id, goal_ids)
        stays = session.exec(
            select(UseEntry.after_stay).where(
                col(UseEntry.id).in_([v.id for v in used]), UseEntry.after_stay != ""
            )
        ).all()
        after_stay = stays[0] if stays else ""
        substances = _goal_substances(session, links) + [v.substance for v in used]
    choice = suggest_kind(vault, client_id, the_day, substances, after_stay)
    with vault.session() as session:
        stamp = clock.now()
        review = Review(
            client_id=client_id,
            day=the_day,
            status=rules.DRAFT,
            created_at=stamp,
            updated_at=stamp,
            kind=choice.kind,
            after_stay=after_stay,
            **filled,
        )
        session.add(review)
        session.flush()
        assert review.id is not None
        for view in used:
            session.add(ReviewEntry(review_id=review.id, entry_id=view.id))
        for goal_id in links:
            session.add(ReviewGoal(review_id=review.id, goal_id=goal_id))
        _record(session, client_id, "created")
        return Started(review.id, True)


def _own_goal_ids(session: Session, client_id: int, goal_ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(int(g) for g in goal_ids))
    if not wanted:
        return []
    own = set(
        session.exec(
            select(Goal.id).where(Goal.client_id == client_id, col(Goal.id).in_(wanted))
        ).all()
    )
    if len(own) != len(wanted):
        raise Invalid({"goal_ids": "One of the goals is not this client's (any more)."})
    return wanted


# -- saving ------------------------------------------------------------------------------------


def _new_factor(
    session: Session,
    client_id: int,
    grp: str,
    category: str,
    description: str,
    weight: int,
    note: str,
    today: date,
    problem_field: str,
    number: int,
    what: str,
) -> int:
    """Add an intake factor that raises risk (the intake's own validation and row builder)."""
    from hrtui.store.intake import new_factor_row

    data, errors = validate_factor(
        FactorInput(grp, category, description, "risk", weight, note, today), today
    )
    if errors:
        message = next(iter(errors.values()))
        raise Invalid({problem_field: f"{what} {number}: {message}"})
    factor = new_factor_row(client_id, data, clock.now())
    session.add(factor)
    session.flush()
    audit(session, client_id, "created", area="intake")
    assert factor.id is not None
    return factor.id


def _own_factor_ids(session: Session, client_id: int, ids: Iterable[int | None]) -> set[int]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    found = session.exec(
        select(Factor.id).where(Factor.client_id == client_id, col(Factor.id).in_(wanted))
    ).all()
    return {factor_id for factor_id in found if factor_id is not None}


def save_review(
    vault: Vault,
    review_id: int,
    data: ReviewInput,
    status: str | None = None,
    today: date | None = None,
) -> Worksheet:
    """Save the whole worksheet in one transaction and return it as stored.

    ``status`` "draft" or "finished" sets it; None keeps it (a finished review stays finished).
    New triggers, and stressors marked for the intake, become intake factors (raising risk)
    linked from the review. Half-done is fine: only the day is required.
    """
    today = today or clock.today()
    if status is not None and status not in rules.STATUSES:
        raise ValueError(f"unknown review status {status!r}")
    checked, errors = rules.validate_review(data, today)
    if errors:
        raise Invalid(errors)
    with vault.session() as session:
        review = _review(session, review_id)
        client_id = review.client_id
        goal_ids = _own_goal_ids(session, client_id, checked.goal_ids)
        revised = session.exec(  # a goal this review changed stays linked to it
            select(GoalRevision.goal_id).where(GoalRevision.review_id == review_id).distinct()
        ).all()
        goal_ids += [g for g in revised if g not in goal_ids]
        known = _own_factor_ids(
            session,
            client_id,
            [t.factor_id for t in checked.triggers] + [s.factor_id for s in checked.stressors],
        )
        for name, items in (("triggers", checked.triggers), ("stressors", checked.stressors)):
            if any(i.factor_id is not None and i.factor_id not in known for i in items):
                raise Invalid({name: "One of the intake factors no longer exists; pick again."})
        day: date = checked.day  # type: ignore[assignment]  # validated: a date
        for name in rules.TEXT_FIELDS:
            setattr(review, name, getattr(checked, name))
        review.day = day
        review.too_ambitious = checked.too_ambitious
        review.next_checkin = checked.next_checkin  # type: ignore[assignment]  # validated: a date
        if checked.kind is not None:
            review.kind = checked.kind
        if checked.after_stay is not None:
            review.after_stay = checked.after_stay
        if checked.confidence is not None:
            review.confidence = None if checked.confidence == "" else int(checked.confidence)
        if checked.coping is not None:
            session.exec(delete(ReviewCoping).where(col(ReviewCoping.review_id) == review_id))
            for coping in checked.coping:
                session.add(ReviewCoping(review_id=review_id, text=coping.text, tried=coping.tried))
        finishing = status == rules.FINISHED and review.status != rules.FINISHED
        if status is not None:
            review.status = status
        review.updated_at = clock.now()
        session.add(review)
        session.exec(delete(ReviewGoal).where(col(ReviewGoal.review_id) == review_id))
        for goal_id in goal_ids:
            session.add(ReviewGoal(review_id=review_id, goal_id=goal_id))
        session.exec(delete(ReviewTrigger).where(col(ReviewTrigger.review_id) == review_id))
        note = f"Named in the review of {day.isoformat()}"
        for number, trigger in enumerate(checked.triggers, start=1):
            factor_id = trigger.factor_id
            if factor_id is None:
                factor_id = _new_factor(
                    session, client_id, trigger.grp, trigger.category, trigger.label,
                    TRIGGER_WEIGHT, f"A trigger. {note}.", today, "triggers", number, "Trigger",
                )  # fmt: skip
            session.add(
                ReviewTrigger(review_id=review_id, factor_id=factor_id, label=trigger.label)
            )
        session.exec(delete(ReviewStressor).where(col(ReviewStressor.review_id) == review_id))
        for number, stressor in enumerate(checked.stressors, start=1):
            factor_id = stressor.factor_id
            if stressor.to_intake:
                factor_id = _new_factor(
                    session, client_id, stressor.grp, stressor.category, stressor.text,
                    STRESSOR_WEIGHT, f"A new stressor. {note}.", today, "stressors", number,
                    "Stressor",
                )  # fmt: skip
            session.add(
                ReviewStressor(review_id=review_id, text=stressor.text, factor_id=factor_id)
            )
        _record(session, client_id, "finished" if finishing else "changed")
    return worksheet(vault, review_id)


def finish_review(
    vault: Vault, review_id: int, data: ReviewInput, today: date | None = None
) -> Worksheet:
    """Save the worksheet and mark the review finished (it can still be edited later)."""
    return save_review(vault, review_id, data, status=rules.FINISHED, today=today)


def delete_review(vault: Vault, review_id: int) -> None:
    """Delete a review (its links go with it; the log entries, goals and intake factors stay).
    Refused if the review changed a goal: it is part of that goal's history."""
    with vault.session() as session:
        review = _review(session, review_id)
        made = session.exec(
            select(func.count())
            .select_from(GoalRevision)
            .where(GoalRevision.review_id == review_id)
        ).one()
        if made:
            raise Invalid(
                {"review": "This review changed a goal's plan; it stays as part of that goal's "
                           "history."}
            )  # fmt: skip
        for table in (ReviewEntry, ReviewGoal, ReviewTrigger, ReviewStressor, ReviewCoping):
            session.exec(delete(table).where(col(table.review_id) == review_id))
        session.delete(review)
        _record(session, review.client_id, "deleted")


# -- plan changes (through the goals area) -----------------------------------------------------


def _review_and_goal(vault: Vault, review_id: int, goal_id: int) -> tuple[Review, Goal]:
    with vault.session() as session:
        review = _review(session, review_id)
        goal = session.get(Goal, goal_id)
        if goal is None or goal.client_id != review.client_id:
            raise NotFound("That goal no longer exists.")
        return review, goal


def _link_goal(vault: Vault, review: Review, goal_id: int) -> None:
    assert review.id is not None  # a stored review
    with vault.session() as session:
        exists = session.get(ReviewGoal, (review.id, goal_id))
        if exists is None:
            session.add(ReviewGoal(review_id=review.id, goal_id=goal_id))
        stored = _review(session, review.id or 0)
        stored.updated_at = clock.now()
        session.add(stored)
        _record(session, review.client_id, "changed")


def revise_goal_from_review(
    vault: Vault,
    review_id: int,
    goal_id: int,
    changes: Mapping[str, Any],
    note: str,
    on: date | None = None,
) -> GoalRevision:
    """Change a goal's plan as agreed in the review: a goal revision with the review as its
    reason ("Review of <day>: <note>") and ``review_id`` set; the goal is linked to the review.

    ``changes`` as for :func:`hrtui.store.goals.revise_goal`. A review keeps goals open: a
    status other than active, progressing or revised is refused."""
    from hrtui.store.goals import revise_goal

    review, _ = _review_and_goal(vault, review_id, goal_id)
    if not rules.status_keeps_goal_open(changes.get("status")):
        raise Invalid({"status": rules.KEEPS_GOALS_OPEN})
    if not changes:
        raise Invalid({"changes": "Nothing changes yet: change the target, steps or status."})
    text = one_line(note)
    if not text:
        raise Invalid({"reason": "Say what changes and why (a few words are enough)."})
    revision = revise_goal(
        vault, goal_id, dict(changes), rules.revision_reason(review.day, text),
        review_id=review_id, on=on,
    )  # fmt: skip
    _link_goal(vault, review, goal_id)
    return revision


def add_strategy_from_review(
    vault: Vault,
    review_id: int,
    goal_id: int,
    concern: str,
    label: str,
    custom: bool = False,
    on: date | None = None,
) -> GoalRevision:
    """Add a safer-use strategy to a goal's plan as agreed in the review (a revision of the goal
    with the review as reason and ``review_id`` set; ``add_strategy`` cannot carry the review).
    """
    from hrtui.domain.goals import StrategyPick
    from hrtui.store.goals import goal_detail, revise_goal

    review, _ = _review_and_goal(vault, review_id, goal_id)
    clean_label = one_line(label)
    if not clean_label:
        raise Invalid({"label": "Choose a strategy from the menu or type one."})
    detail = goal_detail(vault, goal_id)
    if clean_label.casefold() in {s.label.casefold() for s in detail.strategies}:
        raise Invalid({"label": "This strategy is already in the goal's plan."})
    current = [StrategyPick(s.concern, s.label, bool(s.custom), s.note) for s in detail.strategies]
    reason = rules.revision_reason(review.day, f"added to the plan: {clean_label}")
    try:
        revision = revise_goal(
            vault, goal_id,
            {"strategies": [*current, StrategyPick(concern, clean_label, custom)]},
            reason, review_id=review_id, on=on,
        )  # fmt: skip
    except Invalid as exc:
        if "strategies" in exc.errors:
            raise Invalid({"label": exc.errors["strategies"]}) from None
        raise
    _link_goal(vault, review, goal_id)
    return revision


def add_support_from_review(
    vault: Vault, review_id: int, goal_id: int, support: str, on: date | None = None
) -> GoalRevision:
    """Add a support (who or what can help) to a goal, as agreed in the review: appended to the
    goal's "who or what can help" and kept as a revision with the review as reason."""
    from hrtui.store.goals import revise_goal

    review, goal = _review_and_goal(vault, review_id, goal_id)
    problem = rules.support_problem(support, goal.helpers)
    if problem:
        raise Invalid({"support": problem})
    text = one_line(support)
    revision = revise_goal(
        vault, goal_id, {"helpers": rules.helpers_with(goal.helpers, text)},
        rules.revision_reason(review.day, f"added a support: {text}"),
        review_id=review_id, on=on,
    )  # fmt: skip
    _link_goal(vault, review, goal_id)
    return revision


# -- for other areas -----------------------------------------------------------------------------


def reviews_for_export(vault: Vault, client_id: int) -> list[Worksheet]:
    """Every review of the client as a worksheet, oldest day first (for the export)."""
    with vault.session() as session:
        ids = session.exec(
            select(col(Review.id))
            .where(Review.client_id == client_id)
            .order_by(col(Review.day), col(Review.id))
        ).all()
    return [worksheet(vault, review_id) for review_id in ids if review_id is not None]


# -- the kind of review, the targets around it, confidence, tolerance (issue #17) ---------------

TARGET_GOAL_KINDS = ("reduce", "stepdown", "abstinence")


def _goal_substances(session: Session, goal_ids: Sequence[int]) -> list[str]:
    if not goal_ids:
        return []
    goals = session.exec(select(Goal).where(col(Goal.id).in_(list(goal_ids)))).all()
    return [g.substance for g in goals if g.substance and g.kind in TARGET_GOAL_KINDS]


def _same_substance(a: str | None, b: str) -> bool:
    if not a:
        return False
    family = vocab.substance_family(b)
    if family is not None:
        return vocab.substance_family(a) == family
    return a.casefold() == b.casefold()


def _number(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def target_spans(session: Session, client_id: int, substance: str) -> list[rules.Span]:
    """The targets of the client's open reduce, step-down and abstinence goals for
    ``substance`` (same family), as spans in force from a day on: a step-down's rungs, a reduce
    goal's target from its start and as each dated revision changed it, an abstinence goal as a
    target of 0 from its start."""
    import json

    goals = session.exec(
        select(Goal)
        .where(
            Goal.client_id == client_id,
            col(Goal.kind).in_(TARGET_GOAL_KINDS),
            col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES),
        )
        .order_by(col(Goal.start_on), col(Goal.id))
    ).all()
    spans: list[rules.Span] = []
    for goal in goals:
        if not _same_substance(goal.substance, substance):
            continue
        unit = goal.unit or vocab.usual_unit(goal.substance or "")
        period = goal.period or rules.PER_USE_DAY
        if goal.kind == "abstinence":
            spans.append(rules.Span(goal.start_on, 0.0, unit, rules.PER_USE_DAY, goal.title))
            continue
        if goal.kind == "stepdown":
            steps = session.exec(
                select(GoalStep)
                .where(GoalStep.goal_id == goal.id)
                .order_by(col(GoalStep.starts_on))
            ).all()
            spans += [
                rules.Span(s.starts_on, s.amount, s.unit or unit, period, goal.title) for s in steps
            ]
            continue
        if goal.target_amount is None:
            continue
        revisions = session.exec(
            select(GoalRevision)
            .where(GoalRevision.goal_id == goal.id)
            .order_by(col(GoalRevision.revised_on), col(GoalRevision.id))
        ).all()
        changes: list[tuple[date, dict[str, Any]]] = []
        for rev in revisions:
            try:
                parsed = json.loads(rev.changes or "{}")
            except ValueError:
                continue
            if isinstance(parsed, dict):
                wanted = {
                    k: v
                    for k, v in parsed.items()
                    if k in ("target_amount", "unit", "period") and isinstance(v, list)
                    and len(v) == 2
                }  # fmt: skip
                if wanted:
                    changes.append((rev.revised_on, wanted))
        values: dict[str, Any] = {"target_amount": goal.target_amount, "unit": unit,
                                  "period": period}  # fmt: skip
        for _, change in reversed(changes):  # back to the values in force at the start
            for key, (before, _after) in change.items():
                values[key] = before
        points = [(goal.start_on, dict(values))]
        for day, change in changes:
            for key, (_before, after) in change.items():
                values[key] = after
            points.append((max(day, goal.start_on), dict(values)))
        for day, vals in points:
            amount = _number(vals.get("target_amount"))
            if amount is not None:
                spans.append(
                    rules.Span(day, amount, str(vals.get("unit") or unit),
                               str(vals.get("period") or rules.PER_USE_DAY), goal.title)
                )  # fmt: skip
    return spans


def suggest_kind(
    vault: Vault,
    client_id: int,
    day: date,
    substances: Sequence[str],
    after_stay: str = "",
) -> KindChoice:
    """The kind of review the data suggests for use on ``day`` (see
    :func:`hrtui.domain.reviews.choose_kind`), judged for the first of ``substances`` (the
    linked goals' substances first, then those used that day)."""
    from hrtui.store import settings as settings_store
    from hrtui.store.safety import log_days, usual_use

    break_days = settings_store.tolerance_days(vault)
    substance = next((s for s in substances if s), "")
    if not substance:
        return rules.choose_kind(day, [], break_days=break_days, after_stay=after_stay)
    with vault.session() as session:
        days_back = max(break_days, rules.PATTERN_WINDOW) + 366
        log = log_days(session, client_id, substance, day - timedelta(days=days_back), day)
        usual = usual_use(session, client_id, substance)
        schedule = target_spans(session, client_id, substance)
    return rules.choose_kind(
        day,
        log,
        schedule,
        usual_amount=usual.amount if usual else None,
        usual_unit=usual.unit if usual else "",
        substance=substance,
        break_days=break_days,
        after_stay=after_stay,
    )


def _review_substances(session: Session, review: Review) -> list[str]:
    """The substances a review is about: its goals' first, then those used that day."""
    goal_ids = session.exec(
        select(ReviewGoal.goal_id).where(ReviewGoal.review_id == review.id)
    ).all()
    used = session.exec(
        select(UseEntry.substance)
        .join(ReviewEntry, col(ReviewEntry.entry_id) == UseEntry.id)
        .where(ReviewEntry.review_id == review.id, UseEntry.no_use == False)  # noqa: E712
        .order_by(col(UseEntry.id))
    ).all()
    return list(dict.fromkeys([*_goal_substances(session, list(goal_ids)), *used]))


def review_kind_choice(vault: Vault, review_id: int) -> KindChoice:
    """What the data suggests for this review's kind now (the stored ``review.kind`` is what
    was chosen; show this one's ``reasons`` next to it, and offer it if it differs)."""
    with vault.session() as session:
        review = _review(session, review_id)
        substances = _review_substances(session, review)
        client_id, day, stay = review.client_id, review.day, review.after_stay
    return suggest_kind(vault, client_id, day, substances, stay)


def set_kind(vault: Vault, review_id: int, kind: str) -> Review:
    """Change what kind of day the review looks at (one of ``rules.KINDS``)."""
    if kind not in rules.KINDS:
        raise Invalid({"kind": "Choose what kind of day this was."})
    with vault.session() as session:
        review = _review(session, review_id)
        if review.kind != kind:
            review.kind = kind
            review.updated_at = clock.now()
            session.add(review)
            _record(session, review.client_id, "changed")
        session.flush()
        session.refresh(review)
        return review


def target_history(vault: Vault, review_id: int) -> rules.TargetHistory:
    """The target in force on the reviewed day and in each of the 4 weeks before it, for the
    review's substance (the linked goals' first). "No target in force" when none."""
    with vault.session() as session:
        review = _review(session, review_id)
        substances = _review_substances(session, review)
        schedule = target_spans(session, review.client_id, substances[0]) if substances else []
        day = review.day
    return rules.target_history(schedule, day)


def confidence_series(vault: Vault, client_id: int) -> list[tuple[date, int]]:
    """(day reviewed, confidence 0-10) for each review with a confidence rating, oldest day
    first: how sure the client is they could handle the situation next time, over time."""
    with vault.session() as session:
        client_in(session, client_id)
        rows = session.exec(
            select(col(Review.day), col(Review.confidence))
            .where(Review.client_id == client_id, col(Review.confidence).is_not(None))
            .order_by(col(Review.day), col(Review.id))
        ).all()
    return [(day, int(value)) for day, value in rows if value is not None]


def review_tolerance(vault: Vault, review_id: int) -> Prompt | None:
    """The tolerance prompt for a review of use after a break (the log shows the break, a stay
    is marked, or its kind is "after_break") when an opioid or another depressant was used;
    None otherwise. Show it on the worksheet near "what reduced harm"."""
    from hrtui.domain.safety import tolerance_prompt
    from hrtui.store import settings as settings_store
    from hrtui.store.safety import log_days

    with vault.session() as session:
        review = _review(session, review_id)
        substances = _review_substances(session, review)
        client_id, day, stay, kind = review.client_id, review.day, review.after_stay, review.kind
        depressants = [s for s in substances if vocab.substance_family(s) in vocab.DEPRESSANTS]
        logs = {
            s: log_days(session, client_id, s, day - timedelta(days=366), day) for s in depressants
        }
    for substance in depressants:
        prompt = tolerance_prompt(
            substance,
            day,
            logs[substance],
            break_days=settings_store.tolerance_days(vault),
            after_stay=stay,
            line=settings_store.overdose_line(vault),
            marked_break=kind == rules.AFTER_BREAK,
        )
        if prompt is not None:
            return prompt
    return None
