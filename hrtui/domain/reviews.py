"""Relapse reviews: a return to use, looked at with compassion, so treatment goes on.

Pure functions, no I/O: the worksheet's sections and wording, validation of what is typed, the
pre-fill from the day's use-log entries, the "I've blown it" self-talk noticed kindly, and the
client's timeline (items, a per-day summary of the log, runs of no-use days, merging pages).

Wording follows ../shared/DOMAIN.md: "return to use", "setback", "lapse"; never a verdict. A
review looks at what happened, what helped and whether the plan asked too much; it never closes
the client's record or their goals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.parse import amount_text, amount_with_unit, parse_day
from hrtui.domain.text import clean, control_char_problem, length_problem, one_line

SHORT_MAX = 200
USED_MAX = 500
TEXT_MAX = 2000
ITEM_MAX = 300  # a trigger or stressor: an intake factor's description is up to 300 too
MAX_ITEMS = 30
REASON_MAX = 500  # a goal revision's reason (see hrtui.domain.goals.REASON_MAX)

DRAFT, FINISHED = "draft", "finished"
STATUSES = vocab.REVIEW_STATUSES  # draft → "In progress", finished → "Finished"
KINDS = vocab.REVIEW_KINDS  # over_plan, heavier, after_break, pattern
TOO_AMBITIOUS = vocab.TOO_AMBITIOUS  # yes / no / not_sure

#: The worksheet's sections, in the order they are worked through: (id, title).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("happened", "What happened"),
    ("triggers", "Triggers"),
    ("thoughts", "Thoughts, feelings"),
    ("warning", "Warning signs"),
    ("harm", "What reduced harm"),
    ("goals", "Goals"),
    ("stressors", "New stressors"),
    ("learned", "What we learned"),
    ("plan", "Plan changes"),
)

#: Which section each field is in (so a message can be shown where the field is).
FIELD_SECTIONS: dict[str, str] = {
    "day": "happened",
    "time_of_day": "happened",
    "place": "happened",
    "with_whom": "happened",
    "what_used": "happened",
    "what_happened": "happened",
    "triggers": "triggers",
    "thoughts_before": "thoughts",
    "thoughts_after": "thoughts",
    "self_talk": "thoughts",
    "warning_signs": "warning",
    "what_reduced_harm": "harm",
    "consequences": "harm",
    "goal_ids": "goals",
    "too_ambitious": "goals",
    "too_ambitious_note": "goals",
    "stressors": "stressors",
    "learned": "learned",
    "next_checkin": "plan",
    "kind": "happened",
    "after_stay": "happened",
    "coping": "learned",
    "confidence": "learned",
}

#: Field → (maximum length, may hold line breaks).
TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    "time_of_day": (SHORT_MAX, False),
    "place": (SHORT_MAX, False),
    "with_whom": (SHORT_MAX, False),
    "what_used": (USED_MAX, False),
    "what_happened": (TEXT_MAX, True),
    "thoughts_before": (TEXT_MAX, True),
    "thoughts_after": (TEXT_MAX, True),
    "self_talk": (TEXT_MAX, True),
    "warning_signs": (TEXT_MAX, True),
    "what_reduced_harm": (TEXT_MAX, True),
    "consequences": (TEXT_MAX, True),
    "too_ambitious_note": (TEXT_MAX, True),
    "learned": (TEXT_MAX, True),
}

# -- wording -----------------------------------------------------------------------------------

INTRO = (
    "A return to use is part of many people's change, not the end of it. This review looks at "
    "what happened with curiosity, not blame: what set it off, what helped, and whether the "
    "plan asked too much. Nothing is closed: the goals stay open and the work goes on."
)
SELF_TALK_LABEL = 'Self-talk afterwards (e.g. "I\'ve blown it")'
SELF_TALK_HINT = (
    '"I\'ve blown it, so why stop now" is a common reaction to a lapse. Notice it kindly: one '
    "day of use does not undo the progress made."
)
SELF_TALK_NOTICED = (
    'Noticed: "I\'ve blown it" thinking (the abstinence violation effect). A lapse is one '
    "day, not a verdict: the progress made still counts, and the next choice is still open."
)
TOO_AMBITIOUS_HINT = (
    "If the goal asked too much, that is the plan to adjust, not the person: revise it under "
    "Plan changes (Ctrl+G)."
)
KEEPS_GOALS_OPEN = (
    "A review keeps goals open. To pause or close a goal, do it with the client in the Goals "
    "tab (F4)."
)

# Words people use for the "I've blown it" reaction (matched case-insensitively; an apostrophe
# may be straight, curly or left out).
_BLOWN_IT = re.compile(
    r"\b(blown it|blew it|ruined|why bother|why stop|no point|might as well|back to square "
    r"one|(start|starting) (all )?over|all for nothing|wasted|a failure|i failed|failed again|"
    r"screwed (it )?up|messed (it )?up|weak|hopeless|can'?t do (it|this)|never change|"
    r"back to (day (one|1|zero|0)|zero|the start|the beginning)|(start|starting) from "
    r"(scratch|zero|day one)|i'?m such an? \w+|i am such an? \w+|i'?m (a|an) (idiot|loser|"
    r"mess|joke|disgrace|disappointment)|what'?s the point|what is the point|there'?s no "
    r"point|i'?ll never|i will never|i can'?t stop|i always (mess|screw|blow|ruin)|useless|"
    r"pathetic|no willpower|no self[- ]control|undid everything|undone everything|"
    r"threw it all away|thrown it all away|screw it|who cares|so why not)\b",
    re.IGNORECASE,
)


def _straight(text: str) -> str:
    return (text or "").replace("\u2019", "'").replace("\u2018", "'")


def noticed_self_talk(text: str) -> str | None:
    """A kind note when ``text`` holds "I've blown it" thinking; None otherwise."""
    return SELF_TALK_NOTICED if _BLOWN_IT.search(_straight(text)) else None


def review_heading(kind: str | None) -> str:
    """What a review looks at, without its day: "A day over the plan", or "Review of the day"
    when no kind was chosen (the timeline, where the day has its own column)."""
    return KINDS.get(kind or "", "Review of the day")


def review_title(day: date, kind: str | None = None) -> str:
    """A review's title in the words of its kind ("A heavier day: 2027-06-01", "Use after a
    break: …"); with no kind chosen, "Review of 2027-06-01". One title for the worksheet, the
    Reviews tab, the timeline, the session summary and the exports (issue #16 item 13)."""
    if kind in KINDS:
        return f"{kind_label(kind)}: {day.isoformat()}"
    return f"Review of {day.isoformat()}"


def status_label(status: str) -> str:
    return STATUSES.get(status, status)


def revision_reason(day: date, text: str) -> str:
    """A goal revision's reason that names the review it came from, within the length limit."""
    head = f"Review of {day.isoformat()}"
    body = one_line(text)
    reason = f"{head}: {body}" if body else head
    if len(reason) > REASON_MAX:
        reason = reason[: REASON_MAX - 1] + "…"
    return reason


def default_revision_note(too_ambitious: str | None, note: str = "") -> str:
    """What a revision's reason starts with, from the review's "too ambitious?" answer."""
    note = one_line(note)
    if too_ambitious == "yes":
        head = "the goal asked too much for now"
        return f"{head}; {note}" if note else head
    return note


def helpers_with(existing: str, support: str) -> str:
    """A goal's "who or what can help" text with ``support`` added on its own line (once)."""
    support = one_line(support)
    lines = [line for line in (existing or "").splitlines() if line.strip()]
    if support and support.casefold() not in {line.strip().casefold() for line in lines}:
        lines.append(support)
    return "\n".join(lines)


def support_problem(support: str, existing: str = "") -> str | None:
    text = one_line(support)
    if not text:
        return "Type who or what can help, e.g. a person to call."
    problem = control_char_problem(text) or length_problem(text, SHORT_MAX)
    if problem:
        return problem
    if text.casefold() in {line.strip().casefold() for line in (existing or "").splitlines()}:
        return "This support is already in the goal."
    return None


def status_keeps_goal_open(status: str | None) -> bool:
    """A review may set a goal active, progressing or revised; never achieved or paused."""
    return status is None or status in vocab.OPEN_GOAL_STATUSES


# -- the worksheet as typed ----------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerItem:
    """A trigger: an intake factor (``factor_id``), or a new one for the intake (``grp``,
    ``category``; created as a factor that raises risk when the review is saved)."""

    label: str
    factor_id: int | None = None
    grp: str = ""
    category: str = ""
    stored: bool = False  # already saved (its factor may since have been deleted)

    @property
    def is_new(self) -> bool:
        return self.factor_id is None and not self.stored


@dataclass(frozen=True)
class StressorItem:
    """A new stressor. With ``grp`` set (and no ``factor_id`` yet) it is added to the intake
    as a factor (internal or external, raises risk) when the review is saved."""

    text: str
    factor_id: int | None = None
    grp: str = ""
    category: str = ""

    @property
    def to_intake(self) -> bool:
        return self.factor_id is None and bool(self.grp)


@dataclass(frozen=True)
class ReviewInput:
    """The whole worksheet as the screen (or code) submits it; dates may be typed text."""

    day: date | str = ""
    time_of_day: str = ""
    place: str = ""
    with_whom: str = ""
    what_used: str = ""
    what_happened: str = ""
    thoughts_before: str = ""
    thoughts_after: str = ""
    self_talk: str = ""
    warning_signs: str = ""
    what_reduced_harm: str = ""
    consequences: str = ""
    too_ambitious: str | None = None
    too_ambitious_note: str = ""
    learned: str = ""
    next_checkin: date | str | None = None
    goal_ids: tuple[int, ...] = ()
    triggers: tuple[TriggerItem, ...] = ()
    stressors: tuple[StressorItem, ...] = ()
    # Added with issue #17. None keeps what is stored (a form that does not show them leaves
    # them as they are); :meth:`Worksheet.as_input` fills them from the stored review.
    kind: str | None = None  # over_plan | heavier | after_break | pattern (KINDS)
    after_stay: str | None = None  # '' or a stay (vocab.STAYS): hospital, prison, …
    confidence: int | str | None = None  # 0-10, or "" to clear
    coping: tuple[CopingItem, ...] | None = None  # replaces the stored list


@dataclass(frozen=True)
class CopingItem:
    """A coping response in the client's words: ``tried`` (it was tried that day) or one that
    could be tried next time."""

    text: str
    tried: bool = False


def _text_problem(text: str, maximum: int, multiline: bool) -> str | None:
    return control_char_problem(text, multiline=multiline) or length_problem(text, maximum)


def _as_day(value: date | str | None, today: date, *, allow_future: bool) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > today and not allow_future:
            raise ValueError("That date is in the future.")
        return value
    if not clean(value):
        return None
    return parse_day(value or "", today, allow_future=allow_future)


def factor_item_problems(
    grp: str, category: str, text: str, *, name: str = "label"
) -> dict[str, str]:
    """Messages for a trigger or stressor that is to become an intake factor."""
    errors: dict[str, str] = {}
    if clean(grp).casefold() not in vocab.FACTOR_GROUPS:
        errors["grp"] = "Choose internal or external."
    if not clean(category):
        errors["category"] = "Choose a category for the intake."
    elif problem := _text_problem(clean(category), 80, False):
        errors["category"] = problem
    if problem := item_text_problem(text):
        errors[name] = problem
    return errors


def item_text_problem(text: str) -> str | None:
    text = one_line(text)
    if not text:
        return "Describe it in a few words, in the client's own words if possible."
    return _text_problem(text, ITEM_MAX, False)


def validate_review(
    data: ReviewInput, today: date | None = None
) -> tuple[ReviewInput, dict[str, str]]:
    """Trim and check the worksheet; returns the cleaned input and a field → message map.

    A half-done worksheet is fine: only the day is required. New triggers need a group and a
    category (they become intake factors); so do stressors marked for the intake.
    """
    today = today or clock.today()
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    for name, (maximum, multiline) in TEXT_FIELDS.items():
        raw = getattr(data, name) or ""
        value = raw.strip() if multiline else one_line(raw)
        texts[name] = value
        if problem := _text_problem(value, maximum, multiline):
            errors[name] = problem
    day: date | None = None
    try:
        day = _as_day(data.day, today, allow_future=False)
        if day is None:
            errors["day"] = "Type the day of the return to use (e.g. yesterday or 2025-03-01)."
    except ValueError as exc:
        errors["day"] = str(exc)
    next_checkin: date | None = None
    try:
        next_checkin = _as_day(data.next_checkin, today, allow_future=True)
    except ValueError as exc:
        errors["next_checkin"] = str(exc)
    if next_checkin is not None and day is not None and next_checkin < day:
        errors["next_checkin"] = "The next check-in comes before the day reviewed."
    too = data.too_ambitious or None
    if too is not None and too not in TOO_AMBITIOUS:
        errors["too_ambitious"] = "Choose yes, no or not sure."
    triggers = []
    for number, trigger in enumerate(data.triggers, start=1):
        label = one_line(trigger.label)
        problems = (
            factor_item_problems(trigger.grp, trigger.category, label)
            if trigger.is_new
            else ({"label": p} if (p := item_text_problem(label)) else {})
        )
        if problems and "triggers" not in errors:
            errors["triggers"] = f"Trigger {number}: {next(iter(problems.values()))}"
        triggers.append(
            replace(
                trigger,
                label=label,
                grp=clean(trigger.grp).casefold(),
                category=clean(trigger.category),
            )
        )
    if len(triggers) > MAX_ITEMS:
        errors["triggers"] = f"Keep to {MAX_ITEMS} triggers or fewer."
    stressors = []
    for number, stressor in enumerate(data.stressors, start=1):
        text = one_line(stressor.text)
        problems = (
            factor_item_problems(stressor.grp, stressor.category, text)
            if stressor.to_intake
            else ({"text": p} if (p := item_text_problem(text)) else {})
        )
        if problems and "stressors" not in errors:
            errors["stressors"] = f"Stressor {number}: {next(iter(problems.values()))}"
        stressors.append(
            replace(
                stressor,
                text=text,
                grp=clean(stressor.grp).casefold(),
                category=clean(stressor.category),
            )
        )
    if len(stressors) > MAX_ITEMS:
        errors["stressors"] = f"Keep to {MAX_ITEMS} stressors or fewer."
    goal_ids = tuple(dict.fromkeys(int(g) for g in data.goal_ids))
    if data.kind is not None and data.kind not in KINDS:
        errors["kind"] = "Choose what kind of day this was: " + ", ".join(
            k.lower() for k in KINDS.values()
        )
    after_stay = None if data.after_stay is None else clean(data.after_stay).casefold()
    if after_stay and after_stay not in vocab.STAYS:
        errors["after_stay"] = (
            "Choose hospital, prison or jail, treatment or detox, or another stay."
        )
    confidence: int | str | None = data.confidence
    if isinstance(confidence, str) and not clean(confidence):
        confidence = ""
    elif confidence is not None:
        try:
            confidence = confidence_value(confidence)
        except ValueError as exc:
            errors["confidence"] = str(exc)
    coping: tuple[CopingItem, ...] | None = None
    if data.coping is not None:
        coping = tuple(
            CopingItem(one_line(c.text), bool(c.tried)) for c in data.coping if one_line(c.text)
        )
        for number, item in enumerate(coping, start=1):
            if problem := _text_problem(item.text, ITEM_MAX, False):
                errors.setdefault("coping", f"Coping response {number}: {problem}")
        if len(coping) > MAX_ITEMS:
            errors["coping"] = f"Keep to {MAX_ITEMS} coping responses or fewer."
    out = replace(
        data,
        kind=data.kind,
        after_stay=after_stay,
        confidence=confidence,
        coping=coping,
        **texts,
        day=day if day is not None else data.day,
        too_ambitious=too,
        next_checkin=next_checkin if "next_checkin" not in errors else data.next_checkin,
        goal_ids=goal_ids,
        triggers=tuple(triggers),
        stressors=tuple(stressors),
    )
    return out, errors


# -- pre-fill from the use log -------------------------------------------------------------------


class EntryLike(Protocol):
    # Read-only (properties), so frozen dataclasses and ORM rows both match.
    @property
    def substance(self) -> str: ...
    @property
    def no_use(self) -> bool: ...
    @property
    def amount(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def route(self) -> str: ...
    @property
    def setting(self) -> str: ...
    @property
    def with_whom(self) -> str: ...
    @property
    def craving(self) -> int | None: ...
    @property
    def mood(self) -> str: ...
    @property
    def note(self) -> str: ...


def fmt_amount(value: float | None) -> str:
    return amount_text(value)


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = one_line(value)
        if value and value.casefold() not in {v.casefold() for v in out}:
            out.append(value)
    return out


def used_text(entries: Sequence[EntryLike]) -> str:
    """What was used and how much, e.g. "Alcohol 7 standard drinks (Swallowed); Cannabis 1
    joints". Entries of one substance and unit add up; no-use entries are left out."""
    totals: dict[tuple[str, str], list[Any]] = {}
    for e in entries:
        if e.no_use or not e.substance:
            continue
        key = (e.substance, e.unit or "")
        total = totals.setdefault(key, [None, []])
        if e.amount is not None:
            total[0] = (total[0] or 0.0) + e.amount
        total[1].append(e.route)
    parts = []
    for (substance, unit), (amount, routes) in totals.items():
        text = substance
        if amount is not None:
            text += f" {amount_with_unit(amount, unit)}".rstrip()
        else:
            text += " (amount not noted)"
        routes = _unique(routes)
        if routes:
            text += f" ({', '.join(routes)})"
        parts.append(text)
    return "; ".join(parts)


def prefill(entries: Sequence[EntryLike], strategies: Iterable[str] = ()) -> dict[str, str]:
    """Worksheet fields filled from the day's log entries: where, who with, what was used and
    how much, craving, mood and notes, and the safer-use strategies used."""
    used = [e for e in entries if not e.no_use and e.substance]
    out: dict[str, str] = {}
    if not used:
        return out
    out["what_used"] = used_text(used)[:USED_MAX]
    out["place"] = "; ".join(_unique(e.setting for e in used))[:SHORT_MAX]
    out["with_whom"] = "; ".join(_unique(e.with_whom for e in used))[:SHORT_MAX]
    facts = []
    cravings = [e.craving for e in used if e.craving is not None]
    if cravings:
        facts.append(f"Craving {max(cravings)}/10.")
    moods = _unique(e.mood for e in used)
    if moods:
        facts.append(f"Mood: {', '.join(moods)}.")
    facts += _unique(e.note for e in used)
    out["what_happened"] = "\n".join(facts)[:TEXT_MAX]
    used_strategies = _unique(strategies)
    if used_strategies:
        out["what_reduced_harm"] = ("Used from the plan: " + "; ".join(used_strategies))[:TEXT_MAX]
    return {k: v for k, v in out.items() if v}


# -- the timeline ------------------------------------------------------------------------------

USE, NO_USE, GOAL, REVIEW, REVISION = "use", "no_use", "goal", "review", "revision"
KIND_LABELS = {
    USE: "Used",
    NO_USE: "No use",
    GOAL: "Goal set",
    REVIEW: "Review",
    REVISION: "Goal revised",
}
# Within a day, newest first: a revision (made at a session), the review, a goal set, the log.
_RANK = {USE: 0, NO_USE: 0, GOAL: 1, REVIEW: 2, REVISION: 3}


@dataclass(frozen=True)
class TimelineItem:
    day: date
    kind: str
    text: str
    ref_id: int | None = None  # the review's, goal's or revision's id; None for log days
    days: int = 1  # for a run of no-use days: how many
    first_day: date | None = None  # for a run: its first day

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def sort_key(self) -> tuple[date, int, int]:
        return (self.day, _RANK.get(self.kind, 0), self.ref_id or 0)


@dataclass(frozen=True)
class LogRow:
    """One substance's total on a day, as the timeline query returns it."""

    day: date
    substance: str
    no_use: bool
    amount: float | None
    unit: str


def log_day_items(rows: Iterable[LogRow]) -> list[TimelineItem]:
    """One item per day: "Used: Alcohol 6 standard drinks; …", or "No use" (a recorded fact)."""
    by_day: dict[date, list[LogRow]] = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row)
    items = []
    for day, day_rows in by_day.items():
        used = [r for r in day_rows if not r.no_use and r.substance]
        if used:
            parts = []
            for r in used:
                amount = f" {amount_with_unit(r.amount, r.unit)}" if r.amount is not None else ""
                parts.append(f"{r.substance}{amount}")
            text = "; ".join(parts)
            none_of = _unique(r.substance for r in day_rows if r.no_use and r.substance)
            if none_of:
                text += " · no " + ", ".join(none_of)
            items.append(TimelineItem(day, USE, text))
        else:
            named = _unique(r.substance for r in day_rows if r.substance)
            text = f"No use of {', '.join(named)}" if named else "No use"
            items.append(TimelineItem(day, NO_USE, text))
    return items


def collapse_no_use(items: Sequence[TimelineItem]) -> list[TimelineItem]:
    """Runs of consecutive no-use days (nothing else between them) as one item, newest first.
    Items may be runs already (two pages joined)."""
    out: list[TimelineItem] = []
    for item in items:
        last = out[-1] if out else None
        if (
            last is not None
            and item.kind == NO_USE
            and last.kind == NO_USE
            and (last.first_day or last.day) - item.day == timedelta(days=1)
        ):
            days = last.days + item.days
            first = item.first_day or item.day
            base = last.text.split(" · ")[0]  # "No use", or "No use of Alcohol" if all agree
            if base != item.text.split(" · ")[0]:
                base = "No use"
            out[-1] = replace(
                last,
                days=days,
                first_day=first,
                text=f"{base} · {days} days in a row (from {first.isoformat()})",
            )
        else:
            out.append(item)
    return out


@dataclass
class TimelinePage:
    items: list[TimelineItem] = field(default_factory=list)  # newest first
    next_before: date | None = None  # pass as ``before`` for the page of earlier items


def merge_page(
    kinds: Sequence[Sequence[TimelineItem]], saturated: Sequence[date], limit: int
) -> TimelinePage:
    """Merge per-kind pages (each newest first) into one page of at most about ``limit`` items.

    ``saturated`` holds, for each kind whose query hit its limit, the day of its last row: that
    kind may have more rows on that day or earlier, so the page stops after it. Items on the
    day where the page stops are all left to the next page, so no day is split (unless one day
    alone fills the page). No-use runs are collapsed last."""
    merged = sorted((i for kind in kinds for i in kind), key=TimelineItem.sort_key, reverse=True)
    horizon: date | None = max(saturated) if saturated else None
    if len(merged) > limit:
        cut = merged[limit].day
        horizon = cut if horizon is None else max(horizon, cut)
    if horizon is None:
        return TimelinePage(collapse_no_use(merged), None)
    page = [i for i in merged if i.day > horizon]
    if not page:  # one day alone fills the page: show that whole day
        page = [i for i in merged if i.day == horizon]
        return TimelinePage(collapse_no_use(page), horizon)
    return TimelinePage(collapse_no_use(page), horizon + timedelta(days=1))


# -- review kinds, questions per kind, coping, confidence (issue #17) --------------------------

OVER_PLAN, HEAVIER, AFTER_BREAK, PATTERN = "over_plan", "heavier", "after_break", "pattern"
#: Days of the week up to the reviewed day that must be over the plan (or heavier than usual,
#: without a plan) for it to be "a return to a pattern".
PATTERN_DAYS = 3
PATTERN_WINDOW = 7
#: How many weeks before the reviewed day the worksheet shows the target for.
TARGET_WEEKS = 4

CONFIDENCE_QUESTION = "How sure are you that you could handle this situation next time?"
CONFIDENCE_HINT = (
    "0 = not at all sure, 10 = completely sure. Asked at each review, so change shows."
)
COPING_LABEL = "Coping responses"
COPING_TRIED = "Tried"
COPING_COULD_TRY = "Could try next time"
COPING_HINT = (
    "In the client's words: what they did to cope that day, and what they could try next time "
    "(a person to call, leaving early, eating first, a walk)."
)
KIND_HINT = "Chosen from the log and the goal; change it if the client sees the day differently."


@dataclass(frozen=True)
class Question:
    """A worksheet question for one kind of review; the answer goes in ``field``."""

    field: str
    text: str

    @property
    def section(self) -> str:
        return FIELD_SECTIONS.get(self.field, "happened")


#: The questions each kind of review asks, in order; answers go in the worksheet's fields.
KIND_QUESTIONS: dict[str, tuple[Question, ...]] = {
    OVER_PLAN: (
        Question("what_happened", "What made this day go past the plan: the place, the "
                                  "people, the time, the feelings?"),
        Question("warning_signs", "When did the day start to move away from the plan, and what "
                                  "was the first sign?"),
        Question("too_ambitious", "Was the target right for this week, or did it ask too much "
                                  "for now?"),
        Question("learned", "What would help keep to the plan on a day like this?"),
    ),
    HEAVIER: (
        Question("what_happened", "What was different about this day from a usual one?"),
        Question("what_reduced_harm", "What kept the day safer, and what would have helped "
                                      "more?"),
        Question("consequences", "How was the next day: health, money, people, sleep?"),
        Question("learned", "What would help keep a day like this lighter next time?"),
    ),
    AFTER_BREAK: (
        Question("what_happened", "How long was the break, and what brought on the use that "
                                  "day?"),
        Question("what_reduced_harm", "Was the amount smaller than before the break? Was "
                                      "someone there? Was naloxone at hand?"),
        Question("thoughts_after", "What did the break show the person they can do?"),
        Question("learned", "What would make the next days safer: a plan for cravings, a "
                            "person to call?"),
    ),
    PATTERN: (
        Question("what_happened", "Over which days did the use come back, and what was going "
                                  "on in those days?"),
        Question("stressors", "What new stress or change came before these days?"),
        Question("too_ambitious", "Does the goal still fit, or should it change for now?"),
        Question("learned", "What helped before that could help again now?"),
    ),
}  # fmt: skip


def questions_for(kind: str | None) -> tuple[Question, ...]:
    """The worksheet's questions for a kind of review (none for an unknown kind)."""
    return KIND_QUESTIONS.get(kind or "", ())


def kind_label(kind: str | None) -> str:
    return KINDS.get(kind or "", "Not chosen")


def confidence_value(value: int | str) -> int:
    """A confidence rating 0-10 from a number or typed text; ValueError with a message."""
    if isinstance(value, bool):
        raise ValueError("Use a number from 0 to 10.")
    if isinstance(value, int):
        number = value
    else:
        text = clean(value)
        if not re.fullmatch(r"\d{1,2}", text):
            raise ValueError("Type a whole number from 0 to 10.")
        number = int(text)
    if not 0 <= number <= 10:
        raise ValueError("Use a number from 0 to 10.")
    return number


HEAVY_DRINKS = 6.0  # AUDIT-C item 3: "six or more drinks on one occasion"
PER_USE_DAY, PER_WEEK, USE_DAYS_PER_WEEK = "per_use_day", "per_week", "use_days_per_week"


@dataclass(frozen=True)
class Span:
    """A target in force from ``start`` until a later span starts (an abstinence goal is a
    target of 0 per use day). ``goal``: the goal's title."""

    start: date
    amount: float
    unit: str
    period: str = PER_USE_DAY  # per_use_day | per_week | use_days_per_week
    goal: str = ""


def span_on(schedule: Sequence[Span], day: date) -> Span | None:
    """The span in force on ``day``: the latest one started on or before it."""
    best: Span | None = None
    for span in schedule:
        if span.start <= day and (best is None or span.start >= best.start):
            best = span
    return best


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())  # Monday, as the progress view counts weeks


@dataclass(frozen=True)
class KindChoice:
    """The kind of review the data suggests, and why, in plain sentences."""

    kind: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return kind_label(self.kind)


def _units_agree(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _day_over(
    day: date, by_day: dict[date, Any], schedule: Sequence[Span]
) -> tuple[bool, str] | None:
    """(over the plan?, words) for a day of use, judged against the target in force that day;
    None when no target was in force or it cannot be compared."""
    from hrtui.domain.goals import describe_target

    span = span_on(schedule, day)
    if span is None:
        return None
    entry = by_day.get(day)
    if entry is None or not entry.used:
        return (False, "")
    target = describe_target(span.amount, span.unit, span.period)
    if span.period == USE_DAYS_PER_WEEK:
        start = _week_start(day)
        used = sum(1 for d, e in by_day.items() if start <= d <= day and e.used)
        words = f"{used} use day{'' if used == 1 else 's'} so far this week"
        return (used > span.amount, f"{words}, with a plan of {target}")
    if span.amount == 0:
        return (True, "use on a day the plan was no use")
    if span.period == PER_WEEK:
        start = _week_start(day)
        days = [e for d, e in by_day.items() if start <= d <= day and e.used]
        if any(e.amount is None or not _units_agree(e.unit, span.unit) for e in days):
            return None
        total = sum(e.amount for e in days)
        return (total > span.amount, f"{amount_with_unit(total, span.unit)} so far this week, "
                                     f"with a plan of {target}")  # fmt: skip
    if entry.amount is None or not _units_agree(entry.unit, span.unit):
        return None
    return (entry.amount > span.amount,
            f"{amount_with_unit(entry.amount, entry.unit)}, with a plan of {target}")  # fmt: skip


def _day_heavier(entry: Any, usual_amount: float | None, usual_unit: str, alcohol: bool) -> bool:
    if entry is None or not entry.used or entry.amount is None:
        return False
    if (
        alcohol
        and entry.unit.strip().casefold() == vocab.STANDARD_DRINKS
        and entry.amount >= HEAVY_DRINKS
    ):
        return True
    return (
        usual_amount is not None
        and _units_agree(entry.unit, usual_unit)
        and entry.amount > usual_amount
    )


def choose_kind(
    day: date,
    log: Sequence[Any],
    schedule: Sequence[Span] = (),
    *,
    usual_amount: float | None = None,
    usual_unit: str = "",
    substance: str = "",
    break_days: int = 7,
    after_stay: str = "",
) -> KindChoice:
    """The kind of review the data suggests for a day of use (the counselor may change it).

    ``log``: the substance's log days (:class:`hrtui.domain.safety.LogDay`), at least the
    ``break_days`` and the week before ``day``; ``schedule``: the targets in force over time
    (:class:`Span`; an abstinence goal is a target of 0);
    ``usual_amount`` / ``usual_unit``: the intake baseline's usual amount per use day.

    In order: *use after a break* (a stay before the day, or at least ``break_days`` days
    without use before it); *a return to a pattern* (at least :data:`PATTERN_DAYS` of the 7
    days up to the day over the plan, or heavier than usual when no plan was in force); *a day
    over the plan* (over the target in force that day); *a heavier day* (above the usual
    amount at intake, or 6 or more standard drinks). With none of these: a day over the plan
    when a plan was in force, else a heavier day.
    """
    from hrtui.domain.safety import after_break, days_without_use, stay_words

    by_day = {e.day: e for e in log}
    alcohol = vocab.substance_family(substance) == vocab.ALCOHOL
    reasons: list[str] = []
    if after_stay:
        reasons.append(f"The day came after {stay_words(after_stay)}.")
    gap = after_break(log, day, break_days)
    if gap is not None:
        reasons.append(f"{gap} day{'' if gap == 1 else 's'} without use came before it.")
    if reasons:
        return KindChoice(AFTER_BREAK, tuple(reasons))
    over_today = _day_over(day, by_day, schedule)
    window = [day - timedelta(days=n) for n in range(PATTERN_WINDOW)]
    counted = 0
    for d in window:
        judged = _day_over(d, by_day, schedule)
        if judged is not None:
            counted += judged[0]
        else:
            counted += _day_heavier(by_day.get(d), usual_amount, usual_unit, alcohol)
    if counted >= PATTERN_DAYS and (by_day.get(day) is None or by_day[day].used):
        return KindChoice(
            PATTERN,
            (f"{counted} of the {PATTERN_WINDOW} days up to this day were over the plan or "
             "heavier than usual.",),
        )  # fmt: skip
    if over_today is not None and over_today[0]:
        return KindChoice(OVER_PLAN, (f"This day: {over_today[1]}.",))
    entry = by_day.get(day)
    if entry is not None and _day_heavier(entry, usual_amount, usual_unit, alcohol):
        amount = amount_with_unit(entry.amount, entry.unit)
        usual = (
            f", above the usual {fmt_amount(usual_amount)} at intake"
            if usual_amount is not None and _units_agree(entry.unit, usual_unit)
            else ""
        )
        return KindChoice(HEAVIER, (f"This day: {amount}{usual}.",))
    if over_today is not None:
        return KindChoice(OVER_PLAN, ("A plan was in force on this day.",))
    gap = days_without_use(log, day)
    why = "No plan was in force on this day to compare with."
    if gap is not None and gap > 0:
        why += f" {gap} day{'' if gap == 1 else 's'} without use came before it."
    return KindChoice(HEAVIER, (why,))


@dataclass(frozen=True)
class TargetWeek:
    """The target in force over one week before the reviewed day (``words`` in plain words)."""

    start: date
    end: date
    words: str


@dataclass(frozen=True)
class TargetHistory:
    """The target in force on the reviewed day, and in each of the weeks before it (the most
    recent week first)."""

    day: date
    on_day: str  # plain words, "No target in force" when none
    weeks: tuple[TargetWeek, ...]


NO_TARGET = "No target in force"


def target_history(schedule: Sequence[Span], day: date, weeks: int = TARGET_WEEKS) -> TargetHistory:
    """The target in force on ``day`` and in each of the ``weeks`` 7-day spans before it
    (``schedule``: :class:`Span` in force from their start). A week in which the target changed
    lists each: "5 standard drinks per use day, then 4 standard drinks per use day"."""
    from hrtui.domain.goals import describe_target

    def words(span: Span | None) -> str:
        return NO_TARGET if span is None else describe_target(span.amount, span.unit, span.period)

    out = []
    for n in range(1, weeks + 1):
        end = day - timedelta(days=7 * (n - 1) + 1)
        start = end - timedelta(days=6)
        texts: list[str] = []
        d = start
        while d <= end:
            text = words(span_on(schedule, d))
            if not texts or texts[-1] != text:
                texts.append(text)
            d += timedelta(days=1)
        out.append(TargetWeek(start, end, ", then ".join(texts)))
    return TargetHistory(day, words(span_on(schedule, day)), tuple(out))
