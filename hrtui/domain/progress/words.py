"""A period's figures in plain sentences a counselor can read aloud. Pure; no I/O.

The approach (../shared/DOMAIN.md): success is any step toward health, and it is said so, in
words. Using safer-use strategies is progress even when amounts do not fall. Nothing resets to
zero: there are no streaks. An increase is said as plainly as a decrease, without blame.

Honest verdicts: no sentence gives a verdict that the days not yet recorded could overturn
("3 of 7 days recorded: 9 drinks so far"); percentages are worked out from the unrounded
values; every goal in force is named, with its own baseline when it has one; what could not be
counted is said.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from hrtui.domain.drinks import DrinkSize, HeavyDefinition
from hrtui.domain.progress.figures import (
    Baseline,
    HeavyRule,
    PeriodSummary,
    PeriodTarget,
    Series,
)
from hrtui.domain.progress.periods import MONTH, WEEK, period_start, shift_period
from hrtui.domain.progress.targets import PER_USE_DAY, PER_WEEK, USE_DAYS_PER_WEEK

KIND_WORDS = "worth talking about what changed"
TARGET_WORDS = "worth talking about what got in the way"


def fmt(value: float) -> str:
    """One decimal, rounded half up (25/6 → "4.2", 5.0 → "5"), except that an amount with
    exactly two decimals is shown as it is (a taper step of 1.25 mg reads "1.25", not "1.3"):
    a dose or target typed by hand is never shown rounded."""
    exact = Decimal(repr(float(value)))
    if exact == exact.quantize(Decimal("0.01")) and exact != exact.quantize(Decimal("0.1")):
        return f"{exact.quantize(Decimal('0.01')):f}"
    d = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return text[:-2] if text.endswith(".0") else text


def shown(value: float) -> Decimal:
    return Decimal(fmt(value))


def percent(value: float) -> str:
    """A percentage worked out elsewhere, whole and rounded half up: 31.8 → "32%"."""
    d = Decimal(repr(float(value))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{d}%"


def percent_change(new: float, old: float) -> str:
    """How far ``new`` is from ``old`` in percent of ``old``, from the unrounded values:
    "16%" for 4.2 against 5, "17%" for 25/6 against 5; "under 1%" for tiny steps."""
    if old <= 0:
        return ""
    pct = abs(Decimal(repr(float(new))) - Decimal(repr(float(old)))) / Decimal(repr(float(old)))
    whole = (pct * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return "under 1%" if whole == 0 else f"{whole}%"


def percent_less(new: float, old: float) -> str:
    return percent_change(new, old)


def unit_word(series: Series, amount: float | None = None) -> str:
    """ "drinks" for standard drinks; the unit otherwise; singular for exactly 1."""
    word = "drinks" if series.is_alcohol else series.unit
    if amount is not None and shown(amount) == 1 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def day_word(series: Series, count: float | None = None) -> str:
    word = "drinking day" if series.is_drinking else "use day"
    return word if count is not None and shown(count) == 1 else word + "s"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def short_day(day) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def when_phrase(summary: PeriodSummary) -> str:
    """ "this week", "last week", "in the week of 3 Mar", "this month", "in March 2025"."""
    today = summary.today
    if summary.grain == MONTH:
        if summary.is_current:
            return "this month"
        if today and shift_period(summary.start, MONTH, 1) == period_start(today, MONTH):
            return "last month"
        return f"in {summary.start.strftime('%B %Y')}"
    if summary.is_current:
        return "this week"
    if today and summary.start + timedelta(weeks=1) == period_start(today, WEEK):
        return "last week"
    year = "" if today and summary.start.year == today.year else f" {summary.start.year}"
    return f"in the week of {summary.start.day} {summary.start.strftime('%b')}{year}"


def before_phrase(summary: PeriodSummary) -> str:
    """How the previous period is named next to this one."""
    if summary.is_current:
        return "last week" if summary.grain == WEEK else "last month"
    return "the week before" if summary.grain == WEEK else "the month before"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def compare_amount(new: float, old: float, old_words: str) -> str:
    """ "down from 5 at intake: 16% less" / "the same as at intake" / "up from 5 at intake:
    20% more; worth talking about what changed" (old_words e.g. "at intake")."""
    a, b = shown(new), shown(old)
    if a == b:
        return f"the same as {old_words}"
    if new < old:
        return f"down from {fmt(old)} {old_words}: {percent_change(new, old)} less"
    return f"up from {fmt(old)} {old_words}: {percent_change(new, old)} more; {KIND_WORDS}"


# -- heavy days --------------------------------------------------------------------------------


def alcohol_heavy_rule(definition: HeavyDefinition, size: DrinkSize) -> HeavyRule:
    """A heavy-drinking day by the chosen definition, in standard drinks of the vault's size."""
    threshold = definition.threshold(size)
    if definition.drinks is not None:
        said = f"{fmt(threshold)} or more drinks"
    else:
        said = f"{fmt(threshold)} or more drinks of {fmt(size.grams)} g; {definition.source}"
    return HeavyRule(
        threshold,
        True,
        f"heavy-drinking day ({said})",
        f"heavy-drinking days ({said})",
        definition.words(size),
    )


def heavy_rule(
    series: Series,
    baseline: Baseline | None,
    alcohol: HeavyRule | None = None,
) -> HeavyRule | None:
    """Alcohol in standard drinks: the chosen definition (``alcohol``; WHO's 60 g when none is
    given). Other substances: a day above the usual amount per occasion at intake (if known and
    in the same unit)."""
    if series.is_alcohol:
        if alcohol is not None:
            return alcohol
        from hrtui.domain.drinks import default_table, heavy_definition

        return alcohol_heavy_rule(heavy_definition(None), default_table().size)
    if (
        baseline is not None
        and baseline.amount
        and baseline.unit.casefold() == series.unit.casefold()
    ):
        usual = f"the usual {fmt(baseline.amount)} {unit_word(series, baseline.amount)}"
        return HeavyRule(
            baseline.amount,
            False,
            f"day above {usual} at intake",
            f"days above {usual} at intake",
            f"above {usual} at intake",
        )
    return None


# -- the sentences -----------------------------------------------------------------------------


def describe(
    summary: PeriodSummary,
    previous: PeriodSummary | None,
    series: Series,
    heavy: HeavyRule | None = None,
) -> list[str]:
    """Plain sentences about one period: what was recorded, compared with intake, the period
    before and each goal's target; safer-use strategies count as progress."""
    f = summary.figures
    heavy = heavy or summary.heavy
    when = when_phrase(summary)
    if not summary.recorded:
        tail = " yet" if summary.is_current else ""
        out: list[str] = [f"Nothing recorded for {series.substance} {when}{tail}."]
        out.extend(_target_sentences(summary, series))
        return out

    out = []
    per_day = summary.per_use_day
    base = summary.baseline
    base_ok = base is not None and base.unit.casefold() == series.unit.casefold()

    if f.use_days == 0:
        out.append(
            f"No use of {series.substance} recorded {when}: "
            f"{plural(f.no_use_days, 'day')} with no use."
        )
    elif per_day is not None:
        head = f"{fmt(per_day)} {unit_word(series, per_day)} per {day_word(series, 1)} {when}"
        if base_ok and base is not None and base.amount is not None:
            head += ", " + compare_amount(per_day, base.amount, "at intake")
        out.append(head + ".")
        before = previous.per_use_day if previous is not None else None
        if before is not None and previous is not None:
            words = before_phrase(summary)
            a, b = shown(per_day), shown(before)
            if a < b:
                out.append(
                    f"Down from {fmt(before)} {words}: {percent_change(per_day, before)} less."
                )
            elif a == b:
                out.append(f"The same as {words}.")
            else:
                out.append(f"More than {words} ({fmt(before)}); {KIND_WORDS}.")

    if f.use_days:
        parts = [f"{f.use_days} {day_word(series, f.use_days)}"]
        if f.no_use_days:
            parts.append(f"{plural(f.no_use_days, 'day')} with no use")
        if summary.unrecorded_days:
            parts.append(f"{summary.unrecorded_days} not recorded")
        out.append(_cap(_join(parts)) + ".")
        if base_ok and base is not None and base.days_per_week is not None:
            out.extend(_days_compared(summary, base.days_per_week))
    elif summary.unrecorded_days:
        out.append(f"{summary.unrecorded_days} not recorded.")

    out.extend(_target_sentences(summary, series))

    if f.amount_days > 1 and f.peak is not None:
        on = f" ({short_day(f.peak_day)})" if f.peak_day else ""
        out.append(f"Most on one day: {fmt(f.peak)} {unit_word(series, f.peak)}{on}.")
    if heavy is not None and f.use_days:
        if f.heavy_days:
            words = heavy.words if f.heavy_days == 1 else heavy.plural
            out.append(f"{f.heavy_days} {words}.")
        elif f.amount_days:
            out.append(f"No {heavy.plural}.")
    out.extend(_measures(summary, series, heavy))

    if f.strategy_days:
        named = [f"{label} ({plural(n, 'day')})" for label, n in f.strategies[:3]]
        more = len(f.strategies) - 3
        if more > 0:
            named.append(f"{more} more")
        listing = f": {'; '.join(named)}" if named else ""
        out.append(
            f"Safer-use strategies used on {plural(f.strategy_days, 'day')}{listing}. "
            "That counts as progress, whatever the amounts."
        )
    out.extend(_uncounted(summary, series))
    return out


def _measures(summary: PeriodSummary, series: Series, heavy: HeavyRule | None) -> list[str]:
    """The standard outcome measures, over the days recorded."""
    n = summary.days_recorded
    pda = summary.percent_days_abstinent
    if not n or pda is None or not summary.figures.use_days:
        return []
    none_words = "no drinking" if series.is_drinking else "no use"
    parts = [f"{percent(pda)} with {none_words}"]
    phdd = summary.percent_heavy_days
    if phdd is not None and heavy is not None:
        parts.append(
            f"{percent(phdd)} heavy-drinking days"
            if series.is_drinking
            else f"{percent(phdd)} heavy-use days"
        )
    text = f"Of the {plural(n, 'day')} recorded: {', '.join(parts)}"
    if summary.unrecorded_days:
        text += f" ({summary.unrecorded_days} not recorded)"
    if series.is_alcohol and summary.figures.amount_days:
        text += f"; {fmt(summary.figures.total)} standard drinks in all"
        if summary.figures.uncounted_days:
            text += " on the days counted"
    return [text + "."]


def _uncounted(summary: PeriodSummary, series: Series) -> list[str]:
    """What was not added up, said plainly with what to do about it."""
    out = []
    for unit, n in summary.figures.uncounted:
        entries = plural(n, "entry") if n == 1 else f"{n} entries"
        if not unit:
            out.append(f"{_cap(entries)} without an amount: not counted in the {series.unit}.")
        else:
            out.append(
                f"{_cap(entries)} in '{unit}' not counted: set {'its' if n == 1 else 'their'} "
                "size in the drinks table (Settings)."
            )
    if out and summary.figures.uncounted_days:
        days = plural(summary.figures.uncounted_days, day_word(series, 1))
        out.append(f"The amounts above leave out {days} with an entry not counted.")
    for unit, n in summary.figures.other_units:
        entries = "1 entry" if n == 1 else f"{n} entries"
        shown_unit = f"'{unit}'" if unit else "no unit"
        out.append(
            f"{_cap(entries)} in {shown_unit} not added to the {series.unit}: "
            f"{'it has' if n == 1 else 'they have'} a series of {'its' if n == 1 else 'their'} own."
        )
    return out


def _days_compared(summary: PeriodSummary, per_week: float) -> list[str]:
    """Use days against the intake's days per week, only when every day is recorded."""
    if summary.unrecorded_days:
        return []
    f = summary.figures
    b = fmt(per_week)
    if summary.grain == WEEK and summary.days == 7:
        rate: float = f.use_days
        lead, fewer, more = "That is", f"fewer than the {b} a week", f"more than the {b} a week"
    else:
        rate = f.use_days * 7 / summary.days
        lead = f"That is about {fmt(rate)} a week,"
        fewer, more = f"fewer than the {b}", f"more than the {b}"
    if shown(rate) < shown(per_week):
        return [f"{lead} {fewer} at intake."]
    if shown(rate) == shown(per_week):
        return [f"{lead} the same as at intake."]
    return [f"{lead} {more} at intake; {KIND_WORDS}."]


def _all(n: int, words: str) -> str:
    if n == 1:
        return f"the one {words}"
    if n == 2:
        return f"both {words}"
    return f"all {n} {words}"


def _scope(summary: PeriodSummary, target: PeriodTarget) -> str:
    whole = (summary.full_end - summary.start).days + 1
    if target.days == whole:
        return "for the week" if summary.grain == WEEK else "for the month"
    return f"for the {plural(target.days, 'day')} it is in force"


def _goal_name(target: PeriodTarget) -> str:
    return f'Goal "{target.goal}"' if target.goal else "The goal"


def _target_sentences(summary: PeriodSummary, series: Series) -> list[str]:
    out: list[str] = []
    for target in summary.targets:
        out.extend(_one_target(summary, series, target))
    return out


def _one_target(summary: PeriodSummary, series: Series, target: PeriodTarget) -> list[str]:
    name = _goal_name(target)
    if not target.comparable:
        return [
            f"{name}: the target is in {target.unit} and the entries in {series.unit}, "
            "so they are not compared."
        ]
    changes = ""
    if target.changed:
        steps = ", then ".join(f"{fmt(a)} from {short_day(d)}" for d, a in target.amounts[1:])
        changes = f" (the target was {fmt(target.amounts[0][1])}, then {steps})"
    notes = _baseline_note(target)
    when = when_phrase(summary)
    if target.kind == PER_USE_DAY:
        t = target.last
        what = "the day's target"
        if not target.changed:
            what = f"the target of {fmt(t)} {unit_word(series, t)}"
        n, w = target.judged, target.within
        if not n:
            return [f"{name}: {fmt(t)} {unit_word(series, t)} per {day_word(series, 1)}{changes}"
                    f"; no {day_word(series)} counted {when} yet{notes}."]  # fmt: skip
        if w == n:
            head = f"{name}: at or under {what} on {_all(n, day_word(series, n))}{changes}"
            return [head + notes + "."]
        if w == 0:
            return [f"{name}: above {what} on the {n} {day_word(series, n)}{changes}; "
                    f"{TARGET_WORDS}{notes}."]  # fmt: skip
        return [f"{name}: at or under {what} on {w} of {n} {day_word(series, n)}{changes}{notes}."]
    budget = target.budget
    if budget is None:
        return []
    if target.kind == PER_WEEK:
        value, words = target.value, unit_word(series, target.value)
        budget_words = f"{fmt(budget)} {unit_word(series, budget)}"
    else:
        value, words = target.value, day_word(series, target.value)
        budget_words = f"{fmt(budget)} {day_word(series, budget)}"
    scope = _scope(summary, target)
    above = value > budget + 1e-6
    if above:  # nothing still to come can undo an amount already recorded
        already = " already" if target.open_days else ""
        return [
            f"{name}: {fmt(value)} {words} {when}; the target {scope} is {budget_words}:"
            f"{already} above it{changes}; {TARGET_WORDS}{notes}."
        ]
    if not target.open_days:
        verdict = "right at it" if shown(value) == shown(budget) else "under it"
        return [
            f"{name}: {fmt(value)} {words} {when}; the target {scope} is {budget_words}: "
            f"{verdict}{changes}{notes}."
        ]
    # not every day is known: say where things stand, and give no verdict
    if target.kind == USE_DAYS_PER_WEEK:
        text = f"{name}: {fmt(value)} of {budget_words} used so far {when}{changes}"
        if target.unrecorded:
            text += f"; {plural(target.unrecorded, 'day')} not recorded"
        return [text + notes + "."]
    if target.unrecorded or target.uncounted:
        text = (
            f"{name}: {target.recorded} of {plural(target.days, 'day')} recorded {when}: "
            f"{fmt(value)} {words} so far, against a target of {budget_words} {scope}{changes}"
        )
        if target.uncounted:
            text += f"; {plural(target.uncounted, day_word(series, 1))} not all counted"
        else:
            room = budget - value
            text += (
                f"; at most {fmt(room)} {unit_word(series, room)} on the days not yet "
                "recorded keeps it within the target"
            )
        return [text + notes + "."]
    return [
        f"{name}: {fmt(value)} of {budget_words} so far {when} (the target {scope})"
        f"{changes}{notes}."
    ]


def _baseline_note(target: PeriodTarget) -> str:
    """The goal's own baseline, and a word when the target is above it."""
    if target.baseline is None:
        return ""
    measure = {
        PER_USE_DAY: "per use day",
        PER_WEEK: "a week",
        USE_DAYS_PER_WEEK: "use days a week",
    }.get(target.kind, "")
    note = f" (the goal's baseline: {fmt(target.baseline)} {measure})".replace("  ", " ")
    if target.last > target.baseline + 1e-9:
        note += (
            f"; the target ({fmt(target.last)}) is above that baseline: worth checking it is "
            "the number agreed"
        )
    return note


def describe_all(
    summaries: Sequence[PeriodSummary], series: Series, previous: PeriodSummary | None = None
) -> list[list[str]]:
    """Sentences for every period (oldest first), each compared with the one before."""
    out = []
    before = previous
    for s in summaries:
        out.append(describe(s, before, series))
        before = s
    return out
