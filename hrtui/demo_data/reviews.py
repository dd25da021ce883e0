"""Demo reviews of a return to use, for the fictional clients of :mod:`hrtui.demo`. Everyone and
everything here is made up; the stories follow the clients' notes and their demo intake, goals
and use log:

- Marisol (RIV-07): a night above her new target after a rough shift, soon after she moved it
  from four drinks to three. The review (still in progress) finds three was too big a step for
  now; the target goes back to four on work nights. A new stressor (extra night shifts) goes into
  the intake.
- Junichi (CED-18): heroin two days after a hospital stay, little and with naloxone on hand. The
  review (finished) looks at pain and being on his own; the abstinence goal stays, with his
  brother added as a support for the first nights home after a hospital stay.
- Aiyana (PIN-04): a night she mixed alcohol and benzodiazepines after a housing appointment fell
  through. The review (finished) adds "Tell someone your plan" to her safer-use plan.

Days, goals and intake factors are found by querying the vault (the demo use log, goals and
intake are written first); a client whose data is missing is left without a review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from hrtui.domain.reviews import StressorItem, TriggerItem
from hrtui.store import reviews as store
from hrtui.store.goals import list_goals
from hrtui.store.intake import list_factors
from hrtui.store.uselog import days_with_use, entries_on
from hrtui.store.vault import Vault


def _goal(vault: Vault, client_id: int, kind: str, substance: str | None = None) -> Any | None:
    for goal in list_goals(vault, client_id, include_closed=False):
        if goal.kind == kind and (
            substance is None or (goal.substance or "").casefold() == substance.casefold()
        ):
            return goal
    return None


def _factor(vault: Vault, client_id: int, category: str) -> Any | None:
    return next((f for f in list_factors(vault, client_id) if f.category == category), None)


def _triggers(
    vault: Vault, client_id: int, *wanted: tuple[str, str, str]
) -> tuple[TriggerItem, ...]:
    """A trigger for each ``(group, category, words)``: the client's intake factor of that
    category if there is one, else a new trigger in these words (for the intake)."""
    found: list[TriggerItem] = []
    for grp, category, words in wanted:
        factor = _factor(vault, client_id, category)
        found.append(
            TriggerItem(factor.description, factor.id)
            if factor
            else TriggerItem(words, None, grp, category)
        )
    return tuple(found)


def _days(vault: Vault, client_id: int, start: date, end: date) -> list[date]:
    return days_with_use(vault, client_id, start, end) if start <= end else []


def _heaviest(vault: Vault, client_id: int, days: Sequence[date], substance: str) -> date | None:
    """The day with the most of ``substance`` (the latest of equals)."""
    best: tuple[float, date] | None = None
    for day in days:
        total = sum(
            e.amount or 0
            for e in entries_on(vault, client_id, day)
            if e.substance == substance and not e.no_use
        )
        if total and (best is None or (total, day) >= best):
            best = (total, day)
    return best[1] if best else None


def _write_review(
    vault: Vault, client_id: int, day: date, session: date, **answers: Any
) -> store.Worksheet | None:
    """Start a review of ``day`` at the ``session`` and save these worksheet answers in it, as
    a counselor would; None if that day has a review already (nothing is changed then)."""
    started = store.start_review(vault, client_id, day, today=session)
    if not started.created:
        return None
    sheet = store.worksheet(vault, started.review_id)
    return store.save_review(vault, sheet.id, replace(sheet.as_input(), **answers), today=session)


def marisol(vault: Vault, client_id: int, today: date) -> None:
    goal = _goal(vault, client_id, "reduce", "Alcohol")
    if goal is None or goal.id is None:
        return
    day = _heaviest(vault, client_id, _days(vault, client_id, today - timedelta(days=12),
                                             today - timedelta(days=3)), "Alcohol")  # fmt: skip
    if day is None:
        return
    session = today - timedelta(days=1)
    sheet = _write_review(
        vault,
        client_id,
        day,
        session,
        time_of_day="Morning, straight after the night shift",
        thoughts_before="Wound up after a rough shift; just wanted to switch off and sleep.",
        thoughts_after="Annoyed with myself, and tired at the start of the next shift.",
        self_talk="Three was never going to work, so why bother counting.",
        warning_signs="Two rough shifts in a row; skipped dinner; didn't text my sister.",
        consequences="Slept badly; a headache on the day off.",
        too_ambitious="yes",
        too_ambitious_note="Three on work nights came right when the extra shifts started.",
        triggers=_triggers(
            vault,
            client_id,
            ("external", "Work and money", "Coworkers go for drinks after the shift"),
            ("internal", "Stress and emotions", "Rough shifts leave me wound up"),
        ),
        stressors=(
            StressorItem("Extra night shifts this month", None, "external", "Work and money"),
        ),
    )
    if sheet is None:
        return
    store.revise_goal_from_review(
        vault, sheet.id, goal.id, {"target_amount": 4},
        "three was too big a step with the extra shifts; four on work nights for now, and "
        "look at three again when the shifts settle.",
        on=session,
    )  # fmt: skip
    # Still in progress: what was learned is for the next session.


def junichi(vault: Vault, client_id: int, today: date) -> None:
    goal = _goal(vault, client_id, "abstinence")
    if goal is None or goal.id is None:
        return
    days = _days(vault, client_id, today - timedelta(days=60), today - timedelta(days=21))
    if not days:
        return
    session = today - timedelta(days=20)
    sheet = _write_review(
        vault,
        client_id,
        days[0],
        session,
        time_of_day="Evening, two days after coming home from hospital",
        thoughts_before="In pain and on my own in the flat; the old friends were around.",
        thoughts_after="Scared of how it could have gone, and relieved I used less.",
        self_talk='Noticed the "I\'ve blown the programme" thought; talked it through.',
        warning_signs="Not sleeping since the hospital; missed the Thursday peer group.",
        what_reduced_harm="Used less than before, knowing tolerance drops after a break; "
        "naloxone on hand; a friend was there.",
        consequences="Felt low the next day. Told the clinic at his next dose.",
        too_ambitious="no",
        too_ambitious_note="The goal is still his; the first nights home were the hard part.",
        learned="Pain and being alone right after a hospital stay are the risk. Plan the "
        "first nights home ahead of time, and ask the clinic about pain relief.",
        next_checkin=today + timedelta(days=10),
        triggers=(
            *_triggers(
                vault,
                client_id,
                ("internal", "Physical health and pain", "Pain after the operation"),
                ("external", "Availability and environment", "Old friends on the same street"),
            ),
            TriggerItem(
                "Being on my own after the hospital", None, "internal", "Stress and emotions"
            ),
        ),
    )
    if sheet is None:
        return
    store.add_support_from_review(
        vault, sheet.id, goal.id, "My brother stays over the first nights after a hospital stay",
        on=session,
    )  # fmt: skip
    store.finish_review(vault, sheet.id, store.worksheet(vault, sheet.id).as_input(), today=session)


def aiyana(vault: Vault, client_id: int, today: date) -> None:
    goal = _goal(vault, client_id, "safer")
    if goal is None or goal.id is None:
        return
    mixed = [
        day
        for day in _days(vault, client_id, today - timedelta(days=28), today - timedelta(days=8))
        if {"Alcohol", "Benzodiazepines"}
        <= {e.substance for e in entries_on(vault, client_id, day) if not e.no_use}
    ]
    if not mixed:
        return
    session = today - timedelta(days=7)
    sheet = _write_review(
        vault,
        client_id,
        mixed[-1],
        session,
        time_of_day="Late evening",
        thoughts_before="The housing appointment was cancelled again. I felt like giving up.",
        thoughts_after="Glad my cousin was there.",
        warning_signs="Didn't call Dee before; the bad-night plan stayed in my pocket.",
        consequences="Slept through the next morning; missed the drop-in.",
        too_ambitious="not_sure",
        too_ambitious_note="Not mixing mostly works; this was a night with bad news.",
        learned="Bad news is when mixing happens. Tell someone the plan on those nights.",
        next_checkin=today + timedelta(days=7),
        triggers=_triggers(
            vault,
            client_id,
            ("internal", "Stress and emotions", "Mixing takes the edge off a bad day"),
        ),
        stressors=(
            StressorItem(
                "The housing appointment was cancelled twice", None, "external", "Housing"
            ),
        ),  # fmt: skip
    )
    if sheet is None:
        return
    store.add_strategy_from_review(
        vault, sheet.id, goal.id, "General", "Tell someone your plan", on=session
    )
    store.finish_review(vault, sheet.id, store.worksheet(vault, sheet.id).as_input(), today=session)


STORIES: dict[str, Callable[[Vault, int, date], None]] = {
    "RIV-07": marisol,
    "CED-18": junichi,
    "PIN-04": aiyana,
}


def populate(vault: Vault, client_ids: dict[str, int], today: date) -> None:
    """Write the demo reviews for the demo clients in ``client_ids`` (code → id)."""
    for code, story in STORIES.items():
        client_id = client_ids.get(code)
        if client_id is not None:
            story(vault, client_id, today)
