"""Intake: validation of factors, substance baselines and readiness ratings; AUDIT-C scoring and
its bands in plain words; small helpers for trends and for "new since the last session".

Pure functions, no I/O. Wording follows ../shared/DOMAIN.md: person-first, non-judgmental.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.parse import amount_with_unit, parse_amount, parse_day
from hrtui.domain.text import clean, control_char_problem, length_problem

CATEGORY_MAX = 80
DESCRIPTION_MAX = 300
NOTE_MAX = 1000
SUBSTANCE_MAX = 80
UNIT_MAX = 30
ROUTE_MAX = 40
LONG_TEXT_MAX = 2000
WEIGHT_MIN, WEIGHT_MAX = 0, 3
RULER_MIN, RULER_MAX = 0, 10


def _text_problem(text: str, maximum: int, *, multiline: bool = False) -> str | None:
    return control_char_problem(text, multiline=multiline) or length_problem(text, maximum)


def _day(
    value: date | str | None, today: date, errors: dict[str, str], name: str, *, required: bool
) -> date | None:
    """A day from a date or typed text; on a problem the message goes to ``errors[name]``."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > today:
            errors[name] = "That date is in the future."
        return value
    if not clean(value):
        if required:
            return today
        return None
    try:
        return parse_day(value or "", today)
    except ValueError as exc:
        errors[name] = str(exc)
        return None


def _whole(value: int | str | None, low: int, high: int) -> int:
    """A whole number from low to high (int or typed text); raises ValueError with a message."""
    if isinstance(value, bool):
        raise ValueError(f"Use a number from {low} to {high}.")
    if isinstance(value, int):
        number = value
    else:
        raw = clean(value)
        if not raw:
            raise ValueError(f"Type a number from {low} to {high}.")
        if not re.fullmatch(r"[-+]?\d{1,6}", raw):
            raise ValueError(f"Type a whole number from {low} to {high}.")
        number = int(raw)
    if not low <= number <= high:
        raise ValueError(f"Use a number from {low} to {high}.")
    return number


# -- factors -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorInput:
    """One internal or external factor as a form (or another area) submits it.

    ``weight`` and ``noted_on`` may be typed text; :func:`validate_factor` returns them as an
    ``int`` and a ``date`` (``noted_on`` empty or None means today).
    """

    grp: str
    category: str
    description: str
    effect: str
    weight: int | str = 1
    note: str = ""
    noted_on: date | str | None = None


def validate_factor(
    data: FactorInput, today: date | None = None
) -> tuple[FactorInput, dict[str, str]]:
    """Trim and check a factor; returns the cleaned input and a field → message map."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    grp = clean(data.grp).casefold()
    if grp not in vocab.FACTOR_GROUPS:
        errors["grp"] = "Choose internal or external."
    category = clean(data.category)
    if not category:
        errors["category"] = "Choose a category (Ctrl+N adds a new one)."
    elif problem := _text_problem(category, CATEGORY_MAX):
        errors["category"] = problem
    description = clean(data.description)
    if not description:
        errors["description"] = "Describe it, in the client's own words if possible."
    elif problem := _text_problem(description, DESCRIPTION_MAX):
        errors["description"] = problem
    effect = clean(data.effect).casefold()
    if effect not in vocab.FACTOR_EFFECTS:
        errors["effect"] = "Choose whether it raises risk or is a strength."
    weight: int | None = None
    try:
        weight = _whole(data.weight, WEIGHT_MIN, WEIGHT_MAX)
    except ValueError as exc:
        errors["weight"] = str(exc)
    note = clean(data.note)
    if problem := _text_problem(note, NOTE_MAX, multiline=True):
        errors["note"] = problem
    noted_on = _day(data.noted_on, today, errors, "noted_on", required=True)
    out = FactorInput(
        grp=grp,
        category=category,
        description=description,
        effect=effect,
        weight=weight if weight is not None else data.weight,
        note=note,
        noted_on=noted_on,
    )
    return out, errors


EFFECT_MARKS = {"strength": "+ strength", "risk": "▲ risk"}


def weight_dots(weight: int) -> str:
    """How much a factor weighs now, as filled and empty dots: 2 → "●●○"."""
    weight = max(WEIGHT_MIN, min(WEIGHT_MAX, int(weight)))
    return "●" * weight + "○" * (WEIGHT_MAX - weight)


# -- substance baselines -----------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineInput:
    """A substance baseline as the form submits it; numbers and dates may be typed text.

    ``routes`` holds the routes picked from the list; ``other_routes`` is free text,
    comma-separated (both are merged by :func:`validate_baseline`).
    """

    substance: str
    routes: Sequence[str] = ()
    amount: float | str | None = None
    unit: str = ""
    days_per_week: float | str | None = None
    last_use: date | str | None = None
    what_it_does: str = ""
    taken_on: date | str | None = None
    other_routes: str = ""
    #: occasions of use on a use day; the amount per use day is ``amount`` × this (default 1)
    occasions_per_day: float | str | None = None


#: The most occasions of use on one day a baseline may record.
MAX_OCCASIONS = 24


def per_use_day(amount: float | None, occasions: float | None) -> float | None:
    """The usual amount on a use day: the amount per occasion × the occasions a day."""
    return None if amount is None else amount * (occasions or 1)


def merge_routes(
    picked: Iterable[str], other: str = "", known: Iterable[str] = vocab.ROUTES
) -> tuple[list[str], str | None]:
    """The routes picked plus those typed (comma-separated), each once, known ones spelled as in
    the list; and a message if a typed one is unusable."""
    spelled = {r.casefold(): r for r in known}
    out: list[str] = []
    seen: set[str] = set()
    problem = None
    typed = [clean(part) for part in (other or "").split(",")]
    for route in [clean(r) for r in picked] + typed:
        if not route:
            continue
        issue = _text_problem(route, ROUTE_MAX)
        if issue:
            problem = problem or issue
            continue
        route = spelled.get(route.casefold(), route)
        if route.casefold() not in seen:
            seen.add(route.casefold())
            out.append(route)
    return out, problem


def split_routes(stored: str) -> list[str]:
    """Routes as stored (comma-separated) back into a list."""
    return [part.strip() for part in (stored or "").split(",") if part.strip()]


def validate_baseline(
    data: BaselineInput, today: date | None = None, known_routes: Iterable[str] = vocab.ROUTES
) -> tuple[BaselineInput, dict[str, str]]:
    """Trim and check a baseline. The unit defaults to the substance's usual one (standard
    drinks for alcohol); a typed unit is needed when there is no usual one."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    substance = clean(data.substance)
    if not substance:
        errors["substance"] = "Choose a substance (Ctrl+N adds one that is not listed)."
    elif problem := _text_problem(substance, SUBSTANCE_MAX):
        errors["substance"] = problem
    routes, problem = merge_routes(data.routes, data.other_routes, known_routes)
    if problem:
        errors["other_routes"] = problem
    amount = None
    try:
        amount = parse_amount("" if data.amount is None else data.amount, required=False)
    except ValueError as exc:
        errors["amount"] = str(exc)
    unit = clean(data.unit) or (vocab.usual_unit(substance) if substance else "")
    if problem := _text_problem(unit, UNIT_MAX):
        errors["unit"] = problem
    elif amount is not None and not unit:
        errors["unit"] = "Type the unit, e.g. pills, grams or points."
    days = None
    numeric = isinstance(data.days_per_week, int | float) and not isinstance(
        data.days_per_week, bool
    )
    if numeric or (isinstance(data.days_per_week, str) and clean(data.days_per_week)):
        try:
            days = parse_amount(
                "" if data.days_per_week is None else data.days_per_week,
                required=False,
                maximum=10**6,
            )
        except ValueError:
            errors["days_per_week"] = "Type a number of days from 0 to 7."
    if days is not None and not 0 <= days <= 7 and "days_per_week" not in errors:
        errors["days_per_week"] = "Use a number of days from 0 to 7."
    last_use = _day(data.last_use, today, errors, "last_use", required=False)
    what = (data.what_it_does or "").strip()
    if problem := _text_problem(what, LONG_TEXT_MAX, multiline=True):
        errors["what_it_does"] = problem
    taken_on = _day(data.taken_on, today, errors, "taken_on", required=True)
    occasions = 1.0
    typed = data.occasions_per_day
    if (
        isinstance(typed, int | float)
        and not isinstance(typed, bool)
        or (isinstance(typed, str) and clean(typed))
    ):
        try:
            # required=True: a number or ValueError, never None
            occasions = parse_amount(typed, required=True, maximum=10**6) or 0.0
        except ValueError:
            occasions = 0
        if not 0 < occasions <= MAX_OCCASIONS:
            errors["occasions_per_day"] = (
                f"Type how many times on a use day, from 1 to {MAX_OCCASIONS} (e.g. 2)."
            )
    out = BaselineInput(
        substance=substance,
        routes=tuple(routes),
        amount=amount,
        unit=unit,
        days_per_week=days,
        last_use=last_use,
        what_it_does=what,
        taken_on=taken_on,
        other_routes="",
        occasions_per_day=occasions,
    )
    return out, errors


def number(value: float | None) -> str:
    """4.0 → "4", 2.5 → "2.5"; "—" for none."""
    if value is None:
        return "—"
    return f"{value:g}"


def baseline_line(
    substance: str, amount: float | None, unit: str, days: float | None, occasions: float = 1
) -> str:
    """ "Alcohol: 6 standard drinks per occasion, 4 days a week" (parts left out when not
    known); with more than one occasion a use day, "3 … per occasion, 2 times a use day (6 a
    use day)"."""
    parts = []
    if amount is not None:
        parts.append(f"{amount_with_unit(amount, unit)} per occasion")
        if occasions and occasions != 1:
            total = amount_with_unit(round(amount * occasions, 2), unit)
            parts.append(f"{number(occasions)} times a use day ({total} a use day)")
    if days is not None:
        parts.append("1 day a week" if days == 1 else f"{number(days)} days a week")
    return f"{substance}: {', '.join(parts)}" if parts else f"{substance}: amount not recorded"


# -- readiness ruler ---------------------------------------------------------------------------

RULERS = {
    "importance": "Importance",
    "confidence": "Confidence",
    "readiness": "Readiness",
}
WHY_NOT_LOWER = "Why this number and not a lower one?"
ONE_UP = "What would move you one number up?"


@dataclass(frozen=True)
class ReadinessInput:
    """One readiness-ruler rating. Since issue #17 a rating may be about one goal
    (``goal_id``) or one behaviour in words (``behaviour``, e.g. "Drinking", "Injecting");
    with neither it is about change in general, as before. Each keeps its own follow-ups."""

    importance: int | str
    confidence: int | str
    readiness: int | str
    why_not_lower: str = ""
    one_up: str = ""
    rated_on: date | str | None = None
    goal_id: int | None = None
    behaviour: str = ""


BEHAVIOUR_MAX = 80
GENERAL_SUBJECT = "Change in general"


def ruler_subject(goal_title: str | None, behaviour: str) -> str:
    """What a rating is about, in words: the goal's title, the behaviour, or change in general."""
    if goal_title:
        return f"Goal: {goal_title}"
    return behaviour or GENERAL_SUBJECT


def subject_key(goal_id: int | None, behaviour: str) -> tuple[str, int | str]:
    """A key grouping ratings about the same thing: ("goal", id), ("behaviour", folded words)
    or ("general", "")."""
    if goal_id is not None:
        return ("goal", goal_id)
    if behaviour:
        return ("behaviour", behaviour.casefold())
    return ("general", "")


def validate_readiness(
    data: ReadinessInput, today: date | None = None
) -> tuple[ReadinessInput, dict[str, str]]:
    today = today or clock.today()
    errors: dict[str, str] = {}
    values: dict[str, int | str] = {}
    for name in RULERS:
        raw = getattr(data, name)
        try:
            values[name] = _whole(raw, RULER_MIN, RULER_MAX)
        except ValueError as exc:
            errors[name] = str(exc)
            values[name] = raw
    why = (data.why_not_lower or "").strip()
    if problem := _text_problem(why, LONG_TEXT_MAX, multiline=True):
        errors["why_not_lower"] = problem
    one_up = (data.one_up or "").strip()
    if problem := _text_problem(one_up, LONG_TEXT_MAX, multiline=True):
        errors["one_up"] = problem
    rated_on = _day(data.rated_on, today, errors, "rated_on", required=True)
    behaviour = clean(data.behaviour)
    if problem := _text_problem(behaviour, BEHAVIOUR_MAX):
        errors["behaviour"] = problem
    goal_id = data.goal_id
    if goal_id is not None and (isinstance(goal_id, bool) or not isinstance(goal_id, int)):
        errors["goal_id"] = "Pick a goal from the list."
    out = ReadinessInput(
        **values,
        why_not_lower=why,
        one_up=one_up,
        rated_on=rated_on,
        goal_id=goal_id,
        behaviour=behaviour,
    )
    return out, errors


# -- decisional balance ------------------------------------------------------------------------

#: The four cells of the sheet, in the client's words: field → heading.
BALANCE_CELLS: dict[str, str] = {
    "using_good": "Good things about using",
    "using_less_good": "Less good things about using",
    "change_good": "Good things about changing",
    "change_less_good": "Less good things about changing",
}
BALANCE_INTRO = (
    "In the client's own words: what they like about using and what they like less, and the "
    "same for changing. Every answer is valid; the sheet is for thinking aloud together."
)


@dataclass(frozen=True)
class BalanceInput:
    """A decisional-balance sheet as a form (or code) submits it: about a behaviour in words
    and/or a goal, dated ``made_on`` (typed text allowed; empty: today)."""

    using_good: str = ""
    using_less_good: str = ""
    change_good: str = ""
    change_less_good: str = ""
    behaviour: str = ""
    goal_id: int | None = None
    made_on: date | str | None = None


def validate_balance(
    data: BalanceInput, today: date | None = None
) -> tuple[BalanceInput, dict[str, str]]:
    """Trim and check a sheet; at least one cell must hold something."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    cells: dict[str, str] = {}
    for name in BALANCE_CELLS:
        text = (getattr(data, name) or "").strip()
        cells[name] = text
        if problem := _text_problem(text, LONG_TEXT_MAX, multiline=True):
            errors[name] = problem
    if not any(cells.values()) and not errors:
        errors["using_good"] = "Write at least one thing, in the client's words."
    behaviour = clean(data.behaviour)
    if problem := _text_problem(behaviour, BEHAVIOUR_MAX):
        errors["behaviour"] = problem
    goal_id = data.goal_id
    if goal_id is not None and (isinstance(goal_id, bool) or not isinstance(goal_id, int)):
        errors["goal_id"] = "Pick a goal from the list."
    made_on = _day(data.made_on, today, errors, "made_on", required=True)
    out = BalanceInput(**cells, behaviour=behaviour, goal_id=goal_id, made_on=made_on)
    return out, errors


def trend(values: Sequence[int], limit: int = 3) -> str:
    """The last ``limit`` values joined by arrows: [4, 6, 7] → "4 → 6 → 7" ("…" if cut)."""
    if not values:
        return "—"
    shown = " → ".join(str(v) for v in values[-limit:])
    return f"… {shown}" if len(values) > limit else shown


def change_words(values: Sequence[int]) -> str:
    """The change from the first rating to the latest, in words: "up 3", "down 1", "same"."""
    if len(values) < 2:
        return "first rating"
    delta = values[-1] - values[0]
    if delta > 0:
        return f"up {delta}"
    if delta < 0:
        return f"down {-delta}"
    return "same"


# -- AUDIT-C -----------------------------------------------------------------------------------

# WHO AUDIT items 1-3 (public), wording as in the WHO AUDIT manual (2nd ed., 2001).
AUDITC_QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "q1",
        "How often do you have a drink containing alcohol?",
        (
            "Never",
            "Monthly or less",
            "2 to 4 times a month",
            "2 to 3 times a week",
            "4 or more times a week",
        ),
    ),
    (
        "q2",
        "How many drinks containing alcohol do you have on a typical day when you are drinking?",
        ("1 or 2", "3 or 4", "5 or 6", "7, 8 or 9", "10 or more"),
    ),
    (
        "q3",
        "How often do you have six or more drinks on one occasion?",
        ("Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily"),
    ),
)
AUDITC_MAX = 12
#: The two cut-offs in common use; the counselor may choose one for a result.
AUDITC_CUTOFFS: dict[int, str] = {
    3: "3 (the cut-off commonly used for women)",
    4: "4 (the cut-off commonly used for men)",
}
LOWER_CUTOFF, HIGHER_CUTOFF = min(AUDITC_CUTOFFS), max(AUDITC_CUTOFFS)


@dataclass(frozen=True)
class AuditCInput:
    q1: int | None
    q2: int | None
    q3: int | None
    taken_on: date | str | None = None
    cutoff: int | None = None  # None: no cut-off chosen, both common ones are explained


#: Risk zones as many services band the AUDIT-C (risk rises steadily with the score: Bradley KA
#: et al., "AUDIT-C as a brief screen for alcohol misuse in primary care", Alcohol Clin Exp Res
#: 2007;31:1208-17). (lowest score, highest score, zone)
AUDITC_ZONES: tuple[tuple[int, int, str], ...] = (
    (0, 3, "low"),
    (4, 5, "moderate"),
    (6, 7, "high"),
    (8, 12, "severe"),
)
AUDITC_ZONE_SOURCE = (
    "zones 0-3 low, 4-5 moderate, 6-7 high, 8-12 severe, as many services band the AUDIT-C; "
    "risk rises steadily with the score (Bradley et al., 2007)"
)


def auditc_zone(score: int) -> str:
    """The risk zone of a score: low, moderate, high or severe."""
    for low, high, zone in AUDITC_ZONES:
        if low <= score <= high:
            return zone
    raise ValueError("An AUDIT-C score is 0 to 12.")


def auditc_zone_words(q1: int, q2: int, q3: int) -> str:
    """ "Risk zone: moderate (4-5 of 12) …", with a note when every point comes from how often
    the person drinks (item 1): the amount and heavy-drinking items scored nothing."""
    score = auditc_score(q1, q2, q3)
    low, high, zone = next(z for z in AUDITC_ZONES if z[0] <= score <= z[1])
    text = f"Risk zone: {zone} ({low}-{high} of {AUDITC_MAX}; {AUDITC_ZONE_SOURCE})."
    if score and q1 == score:
        text += (
            " Every point comes from how often the person drinks: on a typical day 1 or 2 "
            "drinks, and never 6 or more on one occasion."
        )
    return text


@dataclass(frozen=True)
class AuditCBand:
    score: int
    positive: bool | None  # None: between the two common cut-offs and none chosen
    short: str  # a few words for a table
    explanation: str  # plain words for the counselor to share

    @property
    def zone(self) -> str:
        return auditc_zone(self.score)


def auditc_score(q1: int, q2: int, q3: int) -> int:
    """The AUDIT-C total: the sum of the three answers (each 0-4), 0-12."""
    for answer in (q1, q2, q3):
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 4:
            raise ValueError("Each AUDIT-C answer is scored 0 to 4.")
    return q1 + q2 + q3


def auditc_band(
    score: int, cutoff: int | None = None, answers: tuple[int, int, int] | None = None
) -> AuditCBand:
    """What a score means, in plain words, with its risk zone. Without a chosen cut-off the
    explanation names both common cut-offs and says nothing about the client's sex or gender.
    With ``answers`` (q1, q2, q3) the zone says when every point comes from item 1."""
    band = _auditc_band(score, cutoff)
    zone = (
        auditc_zone_words(*answers)
        if answers is not None
        else f"Risk zone: {auditc_zone(score)} ({AUDITC_ZONE_SOURCE})."
    )
    return AuditCBand(band.score, band.positive, band.short, f"{band.explanation} {zone}")


def _auditc_band(score: int, cutoff: int | None = None) -> AuditCBand:
    if not 0 <= score <= AUDITC_MAX:
        raise ValueError("An AUDIT-C score is 0 to 12.")
    if cutoff is not None and cutoff not in AUDITC_CUTOFFS:
        raise ValueError("Unknown AUDIT-C cut-off.")
    head = f"Score {score} of {AUDITC_MAX}"
    talk = (
        " Worth a conversation about what drinking does for the person and what could make it "
        "safer."
    )
    if score == 0:
        return AuditCBand(score, False, "no drinking reported", f"{head}: no drinking reported.")
    if cutoff is not None:
        which = AUDITC_CUTOFFS[cutoff].split(" ", 1)[1].strip("()")
        if score >= cutoff:
            return AuditCBand(
                score,
                True,
                f"positive at cut-off {cutoff}",
                f"{head}: at or above the chosen cut-off of {cutoff} ({which}), "
                f"a score that suggests drinking may be affecting health.{talk}",
            )
        return AuditCBand(
            score,
            False,
            f"below cut-off {cutoff}",
            f"{head}: below the chosen cut-off of {cutoff} ({which}), in the lower range. It "
            "can still help to talk about what drinking does for the person.",
        )
    if score < LOWER_CUTOFF:
        return AuditCBand(
            score,
            False,
            "below the common cut-offs",
            f"{head}: below both cut-offs in common use ({LOWER_CUTOFF} and {HIGHER_CUTOFF}), "
            "in the lower range. It can still help to talk about what drinking does for the "
            "person.",
        )
    if score < HIGHER_CUTOFF:
        return AuditCBand(
            score,
            None,
            f"at the lower cut-off ({LOWER_CUTOFF})",
            f"{head}: at the lower of the two cut-offs in common use ({LOWER_CUTOFF}), below "
            f"the higher one ({HIGHER_CUTOFF}). Whether this score suggests drinking may be "
            f"affecting health depends on the cut-off used.{talk}",
        )
    return AuditCBand(
        score,
        True,
        "positive at both common cut-offs",
        f"{head}: at or above both cut-offs in common use ({LOWER_CUTOFF} and "
        f"{HIGHER_CUTOFF}): a score that suggests drinking may be affecting health.{talk}",
    )


def validate_auditc(
    data: AuditCInput, today: date | None = None
) -> tuple[AuditCInput, dict[str, str]]:
    """Check the answers (each 0-4). When question 1 is "Never", questions 2 and 3 are skipped
    and score 0, as in the WHO AUDIT."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    answers: dict[str, int | None] = {}
    for key, _question, options in AUDITC_QUESTIONS:
        value = getattr(data, key)
        if value is None or value == -1:
            errors[key] = "Choose an answer (0 to 4)."
            answers[key] = None
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(options):
            errors[key] = "Choose one of the answers (0 to 4)."
            answers[key] = None
        else:
            answers[key] = value
    if answers.get("q1") == 0:
        for key in ("q2", "q3"):
            if answers.get(key):
                errors[key] = 'Question 1 is "Never": this one is skipped (leave it at 0).'
            elif answers.get(key) is None:  # skipped, as the WHO AUDIT does
                errors.pop(key, None)
                answers[key] = 0
    cutoff = data.cutoff
    if cutoff is not None and cutoff not in AUDITC_CUTOFFS:
        errors["cutoff"] = "Choose 3, 4, or no cut-off."
    taken_on = _day(data.taken_on, today, errors, "taken_on", required=True)
    out = replace(data, **answers, taken_on=taken_on)
    return out, errors


def auditc_answer(key: str, value: int) -> str:
    """The answer text for question ``key`` scored ``value``."""
    for k, _question, options in AUDITC_QUESTIONS:
        if k == key:
            return options[value]
    raise KeyError(key)


# -- new since the last session ----------------------------------------------------------------


def since_tag(created_at: datetime, updated_at: datetime, last_session: date | None) -> str:
    """ "new" if added after the last session's day, "changed" if changed after it, else ""."""
    if last_session is None:
        return ""
    if created_at.date() > last_session:
        return "new"
    if updated_at.date() > last_session and updated_at > created_at:
        return "changed"
    return ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def since_line(
    last_session: date | None,
    factor_tags: Iterable[str],
    baselines_added: int = 0,
    ratings_added: int = 0,
    auditc_added: int = 0,
) -> str:
    """ "Since the last session (2026-11-14): 2 factors added, 1 changed; 1 baseline added"."""
    if last_session is None:
        return "No earlier session on record: this is the first look at the intake."
    tags = list(factor_tags)
    added, changed = tags.count("new"), tags.count("changed")
    parts = []
    if added or changed:
        factor_part = _count(added, "factor", "factors") + " added"
        if changed:
            factor_part += f", {changed} changed"
        parts.append(factor_part)
    others = []
    if baselines_added:
        others.append(_count(baselines_added, "baseline", "baselines"))
    if ratings_added:
        others.append(_count(ratings_added, "readiness rating", "readiness ratings"))
    if auditc_added:
        others.append(_count(auditc_added, "AUDIT-C", "AUDIT-Cs"))
    if others:
        parts.append(", ".join(others) + " added")
    head = f"Since the last session ({last_session.isoformat()})"
    if not parts:
        return f"{head}: nothing added or changed yet."
    return f"{head}: {'; '.join(parts)}"
