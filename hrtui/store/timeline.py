"""A client's story in date order: days of the use log (what was used, or no use), goals set,
goal revisions, relapse reviews and sessions (when and how; never the note), newest first, one
page at a time.

One query per kind, each limited to a page and using its ``(client_id, day)`` index; the pages
are merged and sorted by :func:`hrtui.domain.reviews.merge_page`, which stops where every kind is
complete, so years of daily entries cost what one page costs. Reads only.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from hrtui.domain import reviews as rules
from hrtui.domain.reviews import LogRow, TimelineItem, TimelinePage
from hrtui.store.clients import client_in
from hrtui.store.models import (
    Goal,
    GoalRevision,
    Review,
    ReviewTrigger,
    SessionNote,
    SessionRow,
    UseEntry,
)
from hrtui.store.vault import Vault

PAGE = 80


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _log_days(
    session: Session, client_id: int, before: date | None, limit: int
) -> tuple[list[TimelineItem], int]:
    """The most recent ``limit`` days of the log, one item each; and how many days were read."""
    days = (
        select(col(UseEntry.day))
        .where(UseEntry.client_id == client_id)
        .distinct()
        .order_by(col(UseEntry.day).desc())
        .limit(limit)
    )
    if before is not None:
        days = days.where(UseEntry.day < before)
    # sqlalchemy's select: sqlmodel's is typed for at most four columns.
    rows = session.execute(
        sa.select(
            col(UseEntry.day),
            col(UseEntry.substance),
            col(UseEntry.no_use),
            func.sum(col(UseEntry.amount)),
            func.count(col(UseEntry.amount)),
            col(UseEntry.unit),
        )
        .where(col(UseEntry.client_id) == client_id, col(UseEntry.day).in_(days.scalar_subquery()))
        .group_by(
            col(UseEntry.day), col(UseEntry.substance), col(UseEntry.no_use), col(UseEntry.unit)
        )
        .order_by(col(UseEntry.day).desc(), UseEntry.substance)
    ).all()
    log = [
        LogRow(_day(day), substance, bool(no_use), total if counted else None, unit)
        for day, substance, no_use, total, counted, unit in rows
    ]
    items = rules.log_day_items(log)
    return items, len(items)


def _goals(session: Session, client_id: int, before: date | None, limit: int) -> list[TimelineItem]:
    # A goal is on the timeline on the earlier of its start and the day it was written.
    when = func.min(Goal.start_on, func.date(Goal.created_at))
    query = (
        select(Goal.id, Goal.title, when)
        .where(Goal.client_id == client_id)
        .order_by(when.desc(), col(Goal.id).desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(when < before.isoformat())
    return [
        TimelineItem(_day(day), rules.GOAL, title, goal_id)
        for goal_id, title, day in session.exec(query).all()
    ]


def _revisions(
    session: Session, client_id: int, before: date | None, limit: int
) -> list[TimelineItem]:
    query = (
        sa.select(col(GoalRevision.id), col(GoalRevision.revised_on), col(GoalRevision.reason),
                  col(GoalRevision.review_id), col(Goal.title))
        .join(Goal, col(Goal.id) == GoalRevision.goal_id)
        .where(col(Goal.client_id) == client_id)
        .order_by(col(GoalRevision.revised_on).desc(), col(GoalRevision.id).desc())
        .limit(limit)
    )  # fmt: skip
    if before is not None:
        query = query.where(col(GoalRevision.revised_on) < before)
    items = []
    for rev_id, day, reason, review_id, title in session.execute(query).all():
        text = f"{title}: {reason}"
        if review_id is not None and not reason.startswith("Review of"):
            text += " (from a review)"
        items.append(TimelineItem(_day(day), rules.REVISION, text, rev_id))
    return items


def _reviews(
    session: Session, client_id: int, before: date | None, limit: int
) -> list[TimelineItem]:
    query = (
        select(Review)
        .where(Review.client_id == client_id)
        .order_by(col(Review.day).desc(), col(Review.id).desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(Review.day < before)
    rows = session.exec(query).all()
    triggers: dict[int, list[str]] = {}
    if rows:
        for owner, label in session.exec(
            select(col(ReviewTrigger.review_id), col(ReviewTrigger.label))
            .where(col(ReviewTrigger.review_id).in_([r.id for r in rows]))
            .order_by(col(ReviewTrigger.id))
        ).all():
            triggers.setdefault(owner, []).append(label)
    items = []
    for review in rows:
        review_id, day, what_used = review.id, review.day, review.what_used
        assert review_id is not None  # a stored row has its id
        status = rules.status_label(review.status).lower()
        text = f"{rules.review_heading(review.kind)} ({status})"
        named = triggers.get(review_id)
        if named:
            text += " · triggers: " + ", ".join(named)
        elif what_used:
            text += f" · {what_used}"
        items.append(TimelineItem(_day(day), rules.REVIEW, text, review_id))
    return items


def _sessions(
    session: Session, client_id: int, before: date | None, limit: int
) -> list[TimelineItem]:
    from hrtui.domain.sessions import session_item

    query = (
        select(SessionRow, SessionNote.status)
        .join(SessionNote, col(SessionNote.session_id) == SessionRow.id, isouter=True)
        .where(SessionRow.client_id == client_id)
        .order_by(col(SessionRow.day).desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(SessionRow.day < before)
    return [
        session_item(s.id or 0, s.day, s.started_at, s.kind, s.place, s.length_minutes, status)
        for s, status in session.exec(query).all()
    ]


def timeline(
    vault: Vault, client_id: int, before: date | None = None, limit: int = PAGE
) -> TimelinePage:
    """One page of the client's timeline, newest first: items on days before ``before`` (all
    days if None). ``page.next_before`` asks for the page of earlier items (None: no more)."""
    limit = max(1, limit)
    with vault.session() as session:
        client_in(session, client_id)
        log, log_days = _log_days(session, client_id, before, limit)
        kinds = [
            log,
            _goals(session, client_id, before, limit),
            _revisions(session, client_id, before, limit),
            _reviews(session, client_id, before, limit),
            _sessions(session, client_id, before, limit),
        ]
    counts = [log_days, *(len(k) for k in kinds[1:])]
    saturated = [min(i.day for i in k) for k, n in zip(kinds, counts, strict=True) if n >= limit]
    return rules.merge_page(kinds, saturated, limit)
