"""Use-log entries: what a counselor types, checked, with messages fit to show at each field.

An entry records use of one substance on one day. Several entries on a day add up. "No use" is a
recorded fact, distinct from a day that was not recorded:

- an amount of 0 records no use *of that substance* that day (with craving, mood, strategies);
- the quick "no use" action records no use *of anything* that day (``substance`` ``''``).

Units. An amount only means something with its unit, and sums only add up in one unit, so a
unit is accepted without asking when it is one of the *known units* for the substance: its usual
unit (standard drinks for alcohol; see :data:`hrtui.domain.vocab.SUBSTANCES`), a unit this client
already used for it (in the log, the intake baseline or a goal). Any other unit is refused once
with a message at the field; saving again with the same unit confirms it (it is then known).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hrtui.domain import vocab
from hrtui.domain.parse import (
    amount_text,
    amount_with_unit,
    parse_amount,
    parse_day,
    parse_int_range,
)
from hrtui.domain.text import clean, control_char_problem, length_problem

SUBSTANCE_MAX = 80
UNIT_MAX = 40
ROUTE_MAX = 80
SETTING_MAX = 120
NOTE_MAX = 2000
STRATEGY_MAX = 200
CUE_MAX = 40

DEFAULT_SUBSTANCE = "Alcohol"
DEFAULT_UNIT = vocab.STANDARD_DRINKS


@dataclass(frozen=True)
class EntryInput:
    """An entry as typed (strings) or as values (for callers that already have them)."""

    day: str | date = "today"
    substance: str = ""
    amount: str | float | int | None = ""
    unit: str = ""
    route: str | None = ""
    setting: str = ""
    with_whom: str = ""
    craving: str | int | None = ""
    mood: str | None = ""
    strategies: tuple[str, ...] | list[str] = ()
    note: str = ""
    confirm_unit: str = ""  # a new unit the counselor confirmed by saving it a second time


@dataclass(frozen=True)
class CleanEntry:
    day: date
    substance: str
    no_use: bool
    amount: float | None
    unit: str
    route: str
    setting: str
    with_whom: str
    craving: int | None
    mood: str
    strategies: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class EntryView:
    """One stored entry with the strategies used, as screens and exports show it."""

    id: int
    day: date
    substance: str
    no_use: bool
    amount: float | None
    unit: str
    route: str = ""
    setting: str = ""
    with_whom: str = ""
    craving: int | None = None
    mood: str = ""
    note: str = ""
    strategies: tuple[str, ...] = ()

    def as_input(self) -> EntryInput:
        return EntryInput(
            day=self.day.isoformat(),
            substance=self.substance,
            amount="0" if self.no_use else fmt_amount(self.amount),
            unit=self.unit,
            route=self.route,
            setting=self.setting,
            with_whom=self.with_whom,
            craving="" if self.craving is None else str(self.craving),
            mood=self.mood,
            strategies=self.strategies,
            note=self.note,
        )


@dataclass(frozen=True)
class EntryDefaults:
    """What a new entry starts with: today, the client's usual substance and unit, the lists."""

    today: date
    substance: str = DEFAULT_SUBSTANCE
    unit: str = DEFAULT_UNIT
    units: dict[str, str] = field(default_factory=dict)  # substance → unit to pre-fill
    substances: tuple[str, ...] = ()  # suggestions for the substance field
    routes: tuple[str, ...] = vocab.ROUTES
    strategies: tuple[str, ...] = ()  # the client's safer-use plan
    #: substance (casefolded) → the usual route from the latest intake baseline that names one
    usual_routes: dict[str, str] = field(default_factory=dict)

    def unit_for(self, substance: str) -> str:
        key = substance.strip().casefold()
        for name, unit in self.units.items():
            if name.casefold() == key:
                return unit
        return vocab.usual_unit(substance)

    def route_for(self, substance: str) -> str | None:
        """The usual route of ``substance`` from the intake baseline (None if none is known)."""
        return self.usual_routes.get(substance.strip().casefold())


def fmt_amount(value: float | None) -> str:
    """4 → "4", 2.5 → "2.5", 0.25 → "0.25"; None → ""."""
    return amount_text(value)


def canonical(text: str, known: Iterable[str]) -> str:
    """``text`` spelled as in ``known`` when it matches one of them in any case."""
    key = text.casefold()
    for name in known:
        if name.casefold() == key:
            return name
    return text


def unit_problem(
    unit: str, substance: str, known_units: Iterable[str], confirmed: str = ""
) -> tuple[str | None, str]:
    """(message or None, the unit spelled canonically) for the unit of a use entry."""
    known = [u for u in known_units if u]
    if not unit:
        usual = f" (usual for {substance}: {known[0]})" if known else ""
        return f"Type a unit{usual}.", unit
    problem = control_char_problem(unit) or length_problem(unit, UNIT_MAX)
    if problem:
        return problem, unit
    spelled = canonical(unit, known)
    if spelled.casefold() in {u.casefold() for u in known}:
        return None, spelled
    if confirmed and confirmed.strip().casefold() == unit.casefold():
        return None, unit
    usual = f" Known: {', '.join(known)}." if known else ""
    return (
        f'"{unit}" is a new unit for {substance}.{usual} Save again to use it anyway.',
        unit,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    return clean(str(value))


def validate_entry(
    data: EntryInput,
    *,
    today: date,
    known_units: Iterable[str] = (),
    known_substances: Iterable[str] = (),
) -> tuple[CleanEntry | None, dict[str, str], str | None]:
    """(clean entry or None, errors by field, the unit that needs confirming or None)."""
    errors: dict[str, str] = {}
    unknown_unit: str | None = None

    day: date | None = None
    if isinstance(data.day, date):
        day = data.day
        if day > today:
            errors["day"] = "That date is in the future."
    else:
        try:
            day = parse_day(str(data.day or ""), today)
        except ValueError as exc:
            errors["day"] = str(exc)

    substance = canonical(_text(data.substance), known_substances)
    problem = (
        ("Type a substance (e.g. Alcohol)." if not substance else None)
        or control_char_problem(substance)
        or length_problem(substance, SUBSTANCE_MAX)
    )
    if problem:
        errors["substance"] = problem

    amount: float | None = None
    numeric = isinstance(data.amount, int | float) and not isinstance(data.amount, bool)
    raw_amount = "" if numeric else _text(data.amount)
    try:
        amount = parse_amount(data.amount if numeric else raw_amount)
    except ValueError as exc:
        message = str(exc)
        if not raw_amount:
            message = "Type an amount (0 if there was no use that day)."
        errors["amount"] = message
    no_use = amount == 0

    unit = _text(data.unit)
    if not no_use and "substance" not in errors:
        unit_message, unit = unit_problem(unit, substance, known_units, data.confirm_unit)
        if unit_message:
            errors["unit"] = unit_message
            if unit and "Save again" in unit_message:
                unknown_unit = unit
    elif no_use:
        unit = ""  # no amount, so no unit

    route = _text(data.route)
    setting = _text(data.setting)
    with_whom = _text(data.with_whom)
    for name, value, limit in (
        ("route", route, ROUTE_MAX),
        ("setting", setting, SETTING_MAX),
        ("with_whom", with_whom, SETTING_MAX),
    ):
        problem = control_char_problem(value) or length_problem(value, limit)
        if problem:
            errors[name] = problem

    craving: int | None = None
    if isinstance(data.craving, int) and not isinstance(data.craving, bool):
        raw_craving = str(data.craving)
    else:
        raw_craving = _text(data.craving)
    try:
        craving = parse_int_range(raw_craving, 0, 10, required=False)
    except ValueError as exc:
        errors["craving"] = str(exc)

    mood = canonical(_text(data.mood), vocab.MOODS)
    if mood and mood not in vocab.MOODS:
        errors["mood"] = f"Choose one of: {', '.join(vocab.MOODS)}."

    strategies: list[str] = []
    for raw in data.strategies or ():
        label = _text(raw)
        if not label or label.casefold() in {s.casefold() for s in strategies}:
            continue
        problem = control_char_problem(label) or length_problem(label, STRATEGY_MAX)
        if problem:
            errors["strategies"] = problem
            break
        strategies.append(label)

    note = (data.note or "").strip()
    problem = control_char_problem(note, multiline=True) or length_problem(note, NOTE_MAX)
    if problem:
        errors["note"] = problem

    if errors or day is None or amount is None:
        return None, errors, unknown_unit
    return (
        CleanEntry(
            day=day,
            substance=substance,
            no_use=no_use,
            amount=None if no_use else amount,
            unit=unit,
            route=route,
            setting=setting,
            with_whom=with_whom,
            craving=craving,
            mood=mood,
            strategies=tuple(strategies),
            note=note,
        ),
        {},
        None,
    )


def validate_cue(label: str) -> tuple[str, str | None]:
    """(clean label, message or None) for a memory cue such as "payday" or "court date"."""
    label = clean(label)
    problem = (
        ("Type a short cue, e.g. payday, a holiday, court date." if not label else None)
        or control_char_problem(label)
        or length_problem(label, CUE_MAX)
    )
    return label, problem


def known_units_for(
    substance: str, client_units: Iterable[str] = (), *, confirmed: Iterable[str] = ()
) -> list[str]:
    """The units accepted without asking: the usual one first, then the client's own."""
    out: list[str] = []
    for unit in (vocab.usual_unit(substance), *client_units, *confirmed):
        if unit and unit.casefold() not in {u.casefold() for u in out}:
            out.append(unit)
    return out


# -- the recall calendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class DayUse:
    """Use of one substance on one day, entries added up (per unit)."""

    substance: str
    amount: float | None
    unit: str
    entries: int = 1


@dataclass(frozen=True)
class Cue:
    id: int
    day: date
    label: str


@dataclass
class DayRecord:
    """What is recorded on one day: use (by substance), no use, memory cues."""

    day: date
    uses: list[DayUse] = field(default_factory=list)
    no_use_all: bool = False  # the quick "no use" mark: no use of anything
    no_use_of: list[str] = field(default_factory=list)  # no use of these substances
    cues: list[Cue] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """ "use", "no_use" or "none" (nothing recorded)."""
        if self.uses:
            return "use"
        if self.no_use_all or self.no_use_of:
            return "no_use"
        return "none"


USE, NO_USE, NONE = "use", "no_use", "none"


def short_unit(substance: str, unit: str) -> str:
    if substance.casefold() == "alcohol" and unit.casefold() == vocab.STANDARD_DRINKS:
        return "dr"
    return unit


def cell_text(record: DayRecord, usual: str, width: int) -> str:
    """What a calendar cell says: "4 dr", "4 dr +1" (more substances), "no use" or "·"."""
    if record.uses:
        uses = sorted(record.uses, key=lambda u: u.substance.casefold() != usual.casefold())
        first = uses[0]
        others = len({u.substance.casefold() for u in uses}) - 1
        more = f" +{others}" if others else ""
        amount = fmt_amount(first.amount) or "?"
        unit = short_unit(first.substance, first.unit)
        text = f"{amount} {unit}{more}"
        if len(text) > width:
            text = f"{amount} {unit[: max(1, width - len(amount) - len(more) - 1)]}{more}"
        return text[:width]
    if record.kind == NO_USE:
        return "no use"[:width]
    return "·"


def day_words(record: DayRecord) -> str:
    """The day in words, for the line under the calendar."""
    parts: list[str] = []
    for use in record.uses:
        amount = amount_with_unit(use.amount, use.unit)  # "1 standard drink", "2 beers"
        entries = f" ({use.entries} entries)" if use.entries > 1 else ""
        parts.append(f"{use.substance} {amount}".rstrip() + entries)
    if record.no_use_all:
        parts.append("No use recorded")
    for substance in record.no_use_of:
        parts.append(f"no use of {substance}")
    if not parts:
        parts.append("Nothing recorded")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


@dataclass
class MonthView:
    year: int
    month: int
    usual: str  # the client's usual substance: shown first in cells
    days: dict[date, DayRecord] = field(default_factory=dict)

    def record(self, day: date) -> DayRecord:
        return self.days.get(day) or DayRecord(day)
