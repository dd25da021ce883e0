"""Safety prompts: withdrawal when a goal stops or steeply cuts heavy daily use, and lower
tolerance when someone uses again after a break (issue #17).

Pure functions, no I/O. A prompt is information for the counselor and the client to talk
about; it never blocks a goal or an entry. Wording follows ../shared/DOMAIN.md.

**The withdrawal rule** (:func:`withdrawal_prompt`). A prompt shows when a goal about alcohol,
benzodiazepines, GHB/GBL or opioids both

1. follows *heavy daily use*, from the intake baseline or the recent log:

   - daily means use on at least :data:`DAILY_DAYS_PER_WEEK` (5) days a week: a baseline with
     ``days_per_week`` >= 5, or at least 5 use days in some 7 days in a row within the
     :data:`RECENT_DAYS` (14) days before the goal starts (or before today, if it starts later);
   - heavy, for alcohol: at least :data:`ALCOHOL_HEAVY_DRINKS` (8) standard drinks on a use day
     (a baseline's usual amount, or each counted log day). When the amount is not known in
     standard drinks it cannot be weighed, so daily drinking counts;
   - for benzodiazepines, GHB/GBL and opioids any daily use counts (a baseline describes the
     usual use of the weeks before the intake);

2. and *stops or cuts steeply*: an abstinence goal; a reduce target more than
   :data:`STEEP_CUT_PER_WEEK` (25 %) below the current level (it applies from the first day);
   a step-down ladder with a step more than 25 % of the current level below the amount in
   force a week before it. The current level is the goal's baseline, else the intake
   baseline in the goal's period and unit, else the recent log; when none is known, a ladder
   that reaches 0 within :data:`ZERO_WITHIN_DAYS` (28) days of its start counts as steep.

Alcohol, benzodiazepines and GHB/GBL get the withdrawal prompt (seizures, delirium; a taper with
medical support). Opioids get their own framing: withdrawal is very uncomfortable, and going
back to the old amount after tolerance has dropped can cause an overdose.

**The tolerance rule** (:func:`tolerance_prompt`). Use of opioids or another depressant
(:data:`hrtui.domain.vocab.DEPRESSANTS`) on a day that follows at least N days without use
since the last recorded use (N is a setting, default 7: :mod:`hrtui.domain.settings`), or
after a stay in hospital, prison or jail, or treatment (a flag on the entry or the review),
shows the tolerance prompt: a smaller amount, a test dose, not alone, naloxone at hand, and
the service's overdose-prevention line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hrtui.domain import vocab
from hrtui.domain.goals import baseline_for_period, fmt_amount
from hrtui.domain.parse import amount_with_unit
from hrtui.domain.settings import DEFAULT_TOLERANCE_DAYS

WITHDRAWAL = "withdrawal"
OPIOID_WITHDRAWAL = "opioid_withdrawal"
TOLERANCE = "tolerance"
PROMPT_KINDS = {
    WITHDRAWAL: "Withdrawal",
    OPIOID_WITHDRAWAL: "Opioid withdrawal",
    TOLERANCE: "Tolerance after a break",
}

DAILY_DAYS_PER_WEEK = 5
ALCOHOL_HEAVY_DRINKS = 8.0
RECENT_DAYS = 14
STEEP_CUT_PER_WEEK = 0.25
ZERO_WITHIN_DAYS = 28
#: Substances whose sudden stop after heavy daily use can cause seizures.
SEIZURE_RISK = (vocab.ALCOHOL, vocab.BENZODIAZEPINES, vocab.GHB)
WITHDRAWAL_FAMILIES = (*SEIZURE_RISK, vocab.OPIOIDS)
GOAL_KINDS = ("abstinence", "reduce", "stepdown")
LOCAL_LINE = "your local overdose-prevention line"


# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UsualUse:
    """The intake baseline: usual amount per use day (in ``unit``) and use days a week."""

    amount: float | None
    unit: str
    days_per_week: float | None
    taken_on: date | None = None


@dataclass(frozen=True)
class LogDay:
    """One day of the use log for the substance: ``used`` (else a recorded no-use day) and
    the day's total ``amount`` in ``unit`` (None when not noted)."""

    day: date
    used: bool
    amount: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class GoalPlan:
    """The part of a goal the withdrawal rule reads. :func:`plan_of` makes one from a goal's
    validated values (:class:`hrtui.domain.goals.GoalValues`) or a stored goal + ladder."""

    kind: str
    substance: str
    start_on: date
    target_amount: float | None = None
    period: str | None = None
    unit: str | None = None
    baseline_amount: float | None = None
    ladder: tuple[tuple[date, float], ...] = ()


def plan_of(values: Any, ladder: Iterable[Any] | None = None) -> GoalPlan:
    """A :class:`GoalPlan` from anything with a goal's fields; ``ladder`` (or
    ``values.ladder``) holds steps with ``starts_on`` and ``amount``."""
    steps = ladder if ladder is not None else getattr(values, "ladder", ()) or ()
    return GoalPlan(
        kind=values.kind,
        substance=values.substance or "",
        start_on=values.start_on,
        target_amount=values.target_amount,
        period=values.period,
        unit=values.unit,
        baseline_amount=values.baseline_amount,
        ladder=tuple(sorted((s.starts_on, float(s.amount)) for s in steps)),
    )


# -- the prompt --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    """What the screen shows: ``title``, then each of ``sentences`` (the first says why it
    shows), then ``suggestion`` (medical support, or where to get help). Never a block."""

    kind: str  # withdrawal | opioid_withdrawal | tolerance
    title: str
    sentences: tuple[str, ...]
    suggestion: str
    substance: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return (*self.sentences, self.suggestion)

    @property
    def text(self) -> str:
        """The whole prompt after its title, one sentence a line (as it is recorded)."""
        return "\n".join(self.lines)


@dataclass(frozen=True)
class ShownPrompt:
    """A prompt as it was shown, and when: passed to the goal's save to be kept with it."""

    prompt: Prompt
    shown_at: datetime


# -- heavy daily use ---------------------------------------------------------------------------


def _is_drinks(unit: str | None) -> bool:
    return (unit or "").strip().casefold() == vocab.STANDARD_DRINKS


def _heavy_amount(family: str, amount: float | None, unit: str | None) -> bool:
    """Whether a use day's amount counts as heavy for the family (alcohol: >= 8 standard
    drinks, or unknown; everything else: any use)."""
    if family != vocab.ALCOHOL:
        return True
    if amount is None or not _is_drinks(unit):
        return True
    return amount >= ALCOHOL_HEAVY_DRINKS


def _plural(count: float, word: str) -> str:
    return f"{fmt_amount(count)} {word}{'' if count == 1 else 's'}"


def _amount_words(amount: float | None, unit: str) -> str:
    if amount is None:
        return "an amount not noted"
    return amount_with_unit(amount, unit)


def heavy_daily(
    family: str, usual: UsualUse | None, log: Sequence[LogDay], until: date
) -> str | None:
    """A plain sentence saying what shows heavy daily use of ``family`` (by the rules in the
    module's text), or None. ``until``: the last day of the recent log to look at."""
    if (
        usual is not None
        and (usual.days_per_week or 0) >= DAILY_DAYS_PER_WEEK
        and _heavy_amount(family, usual.amount, usual.unit)
    ):
        days = _plural(usual.days_per_week or 0, "day")
        when = f" (taken {usual.taken_on.isoformat()})" if usual.taken_on else ""
        if usual.amount is None:
            return f"The intake baseline{when} shows use on {days} a week."
        return (
            f"The intake baseline{when} shows {_amount_words(usual.amount, usual.unit)} "
            f"a day on {days} a week."
        )
    start = until - timedelta(days=RECENT_DAYS - 1)
    heavy_days = {
        d.day
        for d in log
        if d.used and start <= d.day <= until and _heavy_amount(family, d.amount, d.unit)
    }
    best = 0
    for offset in range(RECENT_DAYS - 6):
        first = start + timedelta(days=offset)
        best = max(best, sum(1 for d in heavy_days if first <= d <= first + timedelta(days=6)))
    if best >= DAILY_DAYS_PER_WEEK:
        what = "use"
        if family == vocab.ALCOHOL:
            what = f"{fmt_amount(ALCOHOL_HEAVY_DRINKS)} or more standard drinks (or not counted)"
        return f"The log shows {what} on {best} of 7 days in a row in the last {RECENT_DAYS} days."
    return None


# -- steep cuts --------------------------------------------------------------------------------


def current_level(
    plan: GoalPlan, usual: UsualUse | None, log: Sequence[LogDay], until: date
) -> float | None:
    """Use before the goal in the goal's period and unit: the goal's baseline, else the intake
    baseline, else the recent log; None when none of these says."""
    if plan.baseline_amount is not None:
        return plan.baseline_amount
    period = plan.period
    unit = (plan.unit or "").casefold()
    if usual is not None and (period == "use_days_per_week" or usual.unit.casefold() == unit):
        found = baseline_for_period(usual.amount, usual.days_per_week, period)
        if found is not None:
            return found
    start = until - timedelta(days=RECENT_DAYS - 1)
    days = [d for d in log if start <= d.day <= until]
    used = [d for d in days if d.used]
    if not days or period is None:
        return None
    if period == "use_days_per_week":
        return round(len(used) * 7 / RECENT_DAYS, 2)
    amounts = [d.amount for d in used if d.amount is not None and d.unit.casefold() == unit]
    if len(amounts) != len(used) or not used:
        return None
    if period == "per_use_day":
        return round(sum(amounts) / len(amounts), 2)
    return round(sum(amounts) * 7 / RECENT_DAYS, 2)  # per_week


def steep_change(plan: GoalPlan, level: float | None) -> str | None:
    """A plain sentence when the plan stops or cuts steeply (see the module's text), or None."""
    start = plan.start_on.isoformat()
    if plan.kind == "abstinence":
        return f"This goal stops it completely from {start}."
    if plan.kind == "reduce":
        if level and plan.target_amount is not None:
            cut = (level - plan.target_amount) / level
            if cut > STEEP_CUT_PER_WEEK:
                return (
                    f"This goal cuts it from {fmt_amount(level)} to "
                    f"{fmt_amount(plan.target_amount)} from {start}: more than a quarter at once."
                )
        return None
    if plan.kind != "stepdown" or not plan.ladder:
        return None
    steps = sorted(plan.ladder)
    if not level:
        first_day = min(plan.start_on, steps[0][0])
        for day, amount in steps:
            if amount == 0 and (day - first_day).days <= ZERO_WITHIN_DAYS:
                return f"This ladder reaches 0 on {day.isoformat()}, within 4 weeks of its start."
        return None

    def in_force(on: date) -> float:
        found = level
        for day, amount in steps:
            if day <= on:
                found = amount
        return found

    for day, amount in steps:
        before = in_force(day - timedelta(days=7))
        if before - amount > STEEP_CUT_PER_WEEK * level + 1e-9:
            return (
                f"This ladder goes from {fmt_amount(before)} to {fmt_amount(amount)} within a "
                f"week (by {day.isoformat()}): more than a quarter of the usual "
                f"{fmt_amount(level)} a week."
            )
    return None


# -- the withdrawal prompt ---------------------------------------------------------------------

_DANGER = {
    vocab.ALCOHOL: (
        "After heavy daily drinking, stopping or cutting down fast can bring withdrawal from 6 "
        "to 24 hours after the last drink: shaking, sweating, and sometimes seizures or "
        "delirium, which can be life-threatening."
    ),
    vocab.BENZODIAZEPINES: (
        "After daily benzodiazepine use, stopping or cutting down fast can bring strong anxiety, "
        "no sleep and sometimes seizures, which can be life-threatening."
    ),
    vocab.GHB: (
        "After daily GHB or GBL use, withdrawal can start within hours of the last dose and "
        "bring agitation, delirium and seizures, which can be life-threatening."
    ),
}
WITHDRAWAL_SUGGESTION = (
    "Suggest medical support for a supervised taper (a doctor, or a withdrawal or detox "
    "service): it makes this goal safer to reach. The goal stays the client's choice."
)
WITHDRAWAL_IF_ALONE = (
    "If the client stops without support: not alone, and medical help at once for shaking, "
    "confusion, seeing things or a seizure."
)
OPIOID_SUGGESTION = (
    "Suggest medical support: methadone or buprenorphine, or a supervised taper, eases "
    "withdrawal and protects against overdose. The goal stays the client's choice."
)


def withdrawal_prompt(
    plan: GoalPlan,
    usual: UsualUse | None,
    log: Sequence[LogDay],
    today: date,
) -> Prompt | None:
    """The withdrawal prompt for a goal being set, or None.

    ``usual``: the client's latest intake baseline for the goal's substance (None if none);
    ``log``: the recent log days of that substance (at least the :data:`RECENT_DAYS` days
    before the goal starts). See the module's text for the rules."""
    family = vocab.substance_family(plan.substance)
    if plan.kind not in GOAL_KINDS or family not in WITHDRAWAL_FAMILIES:
        return None
    until = min(plan.start_on - timedelta(days=1), today)
    heavy = heavy_daily(family, usual, log, until)
    if heavy is None:
        return None
    change = steep_change(plan, current_level(plan, usual, log, until))
    if change is None:
        return None
    name = vocab.FAMILY_LABELS[family]
    if family == vocab.OPIOIDS:
        return Prompt(
            kind=OPIOID_WITHDRAWAL,
            title=f"Stopping or cutting down {name} after daily use",
            sentences=(
                heavy,
                change,
                "Opioid withdrawal is very uncomfortable (aches, sweating, stomach upset, no "
                "sleep), and many people use again to make it stop.",
                "Tolerance drops within days: going back to the old amount after a few days "
                "without use can cause an overdose. Keep naloxone at hand.",
            ),
            suggestion=OPIOID_SUGGESTION,
            substance=plan.substance,
        )
    verb = "Stopping" if plan.kind == "abstinence" else "Cutting down fast on"
    return Prompt(
        kind=WITHDRAWAL,
        title=f"{verb} {name} after heavy daily use can be dangerous",
        sentences=(heavy, change, _DANGER[family], WITHDRAWAL_IF_ALONE),
        suggestion=WITHDRAWAL_SUGGESTION,
        substance=plan.substance,
    )


# -- the tolerance prompt ----------------------------------------------------------------------


def days_without_use(log: Sequence[LogDay], day: date) -> int | None:
    """Days between the last recorded use before ``day`` and ``day`` (both left out); None
    when the log has no earlier use."""
    earlier = [d.day for d in log if d.used and d.day < day]
    if not earlier:
        return None
    return (day - max(earlier)).days - 1


def after_break(
    log: Sequence[LogDay], day: date, break_days: int = DEFAULT_TOLERANCE_DAYS
) -> int | None:
    """The days without use before ``day`` when they are at least ``break_days``; else None."""
    gap = days_without_use(log, day)
    return gap if gap is not None and gap >= break_days else None


def stay_words(stay: str) -> str:
    """'prison' → "a stay in prison or jail"."""
    return vocab.STAY_PHRASES.get(stay, "a stay away from use")


def overdose_line_sentence(line: str = "") -> str:
    """Where to get help, naming the service's line when it is set."""
    line = (line or "").strip()
    return f"If in doubt, call {line or LOCAL_LINE}; in an emergency, emergency services."


TOLERANCE_STEPS = (
    "Use a smaller amount than before the break.",
    "Try a test dose first, and wait before taking more.",
    "Don't use alone: have someone there, or call a never-use-alone line.",
    "Keep naloxone at hand, and let people nearby know where it is.",
)


def tolerance_prompt(
    substance: str,
    day: date,
    log: Sequence[LogDay],
    *,
    break_days: int = DEFAULT_TOLERANCE_DAYS,
    after_stay: str = "",
    line: str = "",
    marked_break: bool = False,
) -> Prompt | None:
    """The tolerance prompt for use of ``substance`` on ``day``, or None.

    Shows for opioids and other depressants when the log has no use of the substance in the
    ``break_days`` (or more) days before ``day`` since the last recorded use, or when
    ``after_stay`` names a stay (hospital, prison, treatment, other). ``log``: the log days
    of that substance; ``line``: the service's overdose-prevention line ("" for none);
    ``marked_break``: the counselor marked the day as use after a break (a review's kind)."""
    if vocab.substance_family(substance) not in vocab.DEPRESSANTS:
        return None
    reasons = []
    if after_stay:
        reasons.append(f"This is use after {stay_words(after_stay)}.")
    gap = after_break(log, day, break_days)
    if gap is not None:
        reasons.append(
            f"This is the first use of {substance} recorded after {_plural(gap, 'day')} without."
        )
    if not reasons and marked_break:
        reasons.append("This day came after a break from use.")
    if not reasons:
        return None
    return Prompt(
        kind=TOLERANCE,
        title="After a break, tolerance is lower",
        sentences=(
            *reasons,
            "The body loses tolerance within days, so the amount used before the break can "
            "now cause an overdose.",
            *TOLERANCE_STEPS,
        ),
        suggestion=overdose_line_sentence(line),
        substance=substance,
    )


# -- building log days from entries ------------------------------------------------------------


def log_days(entries: Iterable[Any], substance: str) -> list[LogDay]:
    """Per day, the entries of ``substance``'s family (matched by :func:`vocab.substance_family`,
    or by name when the family is not known) added up: used or a recorded no-use day. Entries
    need ``day``, ``substance``, ``no_use``, ``amount``, ``unit``. A day with entries in
    several units keeps the first unit's total and counts as used."""
    family = vocab.substance_family(substance)

    def mine(name: str) -> bool:
        if family is not None:
            return vocab.substance_family(name) == family
        return name.casefold() == substance.casefold()

    days: dict[date, LogDay] = {}
    for e in entries:
        if not e.substance or not mine(e.substance):
            if e.no_use and not e.substance:  # "no use of anything" that day
                days.setdefault(e.day, LogDay(e.day, False))
            continue
        found = days.get(e.day)
        if e.no_use:
            if found is None:
                days[e.day] = LogDay(e.day, False)
            continue
        if found is None or not found.used:
            days[e.day] = LogDay(e.day, True, e.amount, e.unit or "")
            continue
        if found.unit.casefold() == (e.unit or "").casefold() and found.amount is not None:
            total = None if e.amount is None else found.amount + e.amount
            days[e.day] = LogDay(e.day, True, total, found.unit)
    return sorted(days.values(), key=lambda d: d.day)
