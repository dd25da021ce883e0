"""Safety prompts over the vault's data (issue #17): the withdrawal prompt for a goal being set,
the tolerance prompt for use after a break, the "after a stay" flag on a log entry, and the
prompts kept with a goal. The rules themselves are in :mod:`hrtui.domain.safety`.

What a screen calls:

- goal form, before saving: :func:`withdrawal_check` with the form's values. If it returns a
  :class:`~hrtui.domain.safety.Prompt`, show its ``title`` and ``lines``; saving stays allowed.
  Then pass ``ShownPrompt(prompt, shown_at)`` as ``shown_prompt`` to
  :func:`hrtui.store.goals.create_goal` / ``update_goal`` so it is kept with the goal
  (:func:`goal_prompts` lists them).
- use log, after saving an entry: :func:`tolerance_for_entry`; show the prompt if there is one.
  :func:`set_entry_stay` sets the entry's "after a stay in hospital / prison / treatment" flag.
- review worksheet: :func:`hrtui.store.reviews.review_tolerance` (uses :func:`tolerance_on_day`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from hrtui import clock
from hrtui.domain import goals as goal_rules
from hrtui.domain import safety as rules
from hrtui.domain import vocab
from hrtui.domain.safety import LogDay, Prompt, ShownPrompt, UsualUse
from hrtui.store import settings as settings_store
from hrtui.store.clients import audit, client_in, touch
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import GoalSafetyPrompt, SubstanceBaseline, UseEntry
from hrtui.store.vault import Vault

#: How far back the log is read for a break before a day of use (a longer break shows as
#: "no earlier use recorded", which gives no prompt by itself).
LOOKBACK_DAYS = 365


# -- reading the log and the baseline ----------------------------------------------------------


def log_days(
    session: Session, client_id: int, substance: str, start: date, end: date
) -> list[LogDay]:
    """The log days from ``start`` to ``end`` for ``substance``'s family (see
    :func:`hrtui.domain.safety.log_days`)."""
    rows = session.exec(
        select(UseEntry).where(
            UseEntry.client_id == client_id, UseEntry.day >= start, UseEntry.day <= end
        )
    ).all()
    return rules.log_days(rows, substance)


def usual_use(session: Session, client_id: int, substance: str) -> UsualUse | None:
    """The latest intake baseline of the substance (same name, else same family), or None."""
    rows = session.exec(
        select(SubstanceBaseline)
        .where(SubstanceBaseline.client_id == client_id)
        .order_by(col(SubstanceBaseline.taken_on).desc(), col(SubstanceBaseline.id).desc())
    ).all()
    family = vocab.substance_family(substance)
    found = next((b for b in rows if b.substance.casefold() == substance.casefold()), None)
    if found is None and family is not None:
        found = next((b for b in rows if vocab.substance_family(b.substance) == family), None)
    if found is None:
        return None
    return UsualUse(found.amount, found.unit, found.days_per_week, found.taken_on)


# -- withdrawal --------------------------------------------------------------------------------


def withdrawal_check(
    vault: Vault,
    client_id: int,
    kind: str,
    values: Mapping[str, Any],
    on: date | None = None,
) -> Prompt | None:
    """The withdrawal prompt for a goal as typed in the form (``kind`` and ``values`` as
    :func:`hrtui.store.goals.create_goal` takes them), or None: for values that do not make a
    valid goal yet, for goals that do not stop or steeply cut heavy daily use, and for other
    substances. Reads the latest intake baseline and the log of the weeks before the start."""
    today = on or clock.today()
    checked, _ = goal_rules.validate_goal(kind, dict(values), today)
    if checked is None or not checked.substance:
        return None
    plan = rules.plan_of(checked)
    until = min(plan.start_on - timedelta(days=1), today)
    with vault.session() as session:
        client_in(session, client_id)
        usual = usual_use(session, client_id, plan.substance)
        log = log_days(
            session,
            client_id,
            plan.substance,
            until - timedelta(days=rules.RECENT_DAYS - 1),
            until,
        )
    return rules.withdrawal_prompt(plan, usual, log, today)


def record_prompt(session: Session, goal_id: int, shown: ShownPrompt) -> GoalSafetyPrompt:
    """Keep a prompt that was shown with a goal (inside the goal's own transaction)."""
    row = GoalSafetyPrompt(
        goal_id=goal_id,
        kind=shown.prompt.kind,
        title=shown.prompt.title,
        text=shown.prompt.text,
        shown_at=shown.shown_at,
    )
    session.add(row)
    return row


def goal_prompts(vault: Vault, goal_id: int) -> list[GoalSafetyPrompt]:
    """The safety prompts shown when the goal was saved, oldest first."""
    with vault.session() as session:
        return list(
            session.exec(
                select(GoalSafetyPrompt)
                .where(GoalSafetyPrompt.goal_id == goal_id)
                .order_by(col(GoalSafetyPrompt.shown_at), col(GoalSafetyPrompt.id))
            ).all()
        )


# -- tolerance ---------------------------------------------------------------------------------


def tolerance_on_day(
    vault: Vault, client_id: int, substance: str, day: date, after_stay: str = ""
) -> Prompt | None:
    """The tolerance prompt for use of ``substance`` on ``day`` (with the break setting and
    the service's overdose-prevention line), or None."""
    with vault.session() as session:
        client_in(session, client_id)
        log = log_days(session, client_id, substance, day - timedelta(days=LOOKBACK_DAYS), day)
    return rules.tolerance_prompt(
        substance,
        day,
        log,
        break_days=settings_store.tolerance_days(vault),
        after_stay=after_stay,
        line=settings_store.overdose_line(vault),
    )


def tolerance_for_entry(vault: Vault, client_id: int, entry_id: int) -> Prompt | None:
    """The tolerance prompt for a saved log entry (use of opioids or another depressant after a
    break, or with its "after a stay" flag), or None."""
    with vault.session() as session:
        entry = session.get(UseEntry, entry_id)
        if entry is None or entry.client_id != client_id:
            raise NotFound("That entry no longer exists.")
        if entry.no_use or not entry.substance:
            return None
        substance, day, stay = entry.substance, entry.day, entry.after_stay
    return tolerance_on_day(vault, client_id, substance, day, stay)


def entry_stay(vault: Vault, client_id: int, entry_id: int) -> str:
    """An entry's "after a stay" mark (a key of :data:`hrtui.domain.vocab.STAYS`; "" for none)."""
    with vault.session() as session:
        entry = session.get(UseEntry, entry_id)
        if entry is None or entry.client_id != client_id:
            raise NotFound("That entry no longer exists.")
        return entry.after_stay or ""


def set_entry_stay(vault: Vault, client_id: int, entry_id: int, stay: str) -> UseEntry:
    """Mark a log entry as the first use after a stay (``stay``: a key of
    :data:`hrtui.domain.vocab.STAYS`), or clear the mark (``""``)."""
    stay = (stay or "").strip().casefold()
    if stay and stay not in vocab.STAYS:
        raise Invalid({"after_stay": "Choose hospital, prison or jail, treatment or detox, or "
                                     "another stay."})  # fmt: skip
    with vault.session() as session:
        entry = session.get(UseEntry, entry_id)
        if entry is None or entry.client_id != client_id:
            raise NotFound("That entry no longer exists.")
        if entry.after_stay != stay:
            entry.after_stay = stay
            entry.updated_at = clock.now()
            session.add(entry)
            touch(session, client_id)
            audit(session, client_id, "changed", area="uselog")
        session.flush()
        session.refresh(entry)
        return entry
