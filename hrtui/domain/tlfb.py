"""Timeline Followback in and out: a day-by-day CSV of use. Pure; no I/O.

In (``hrtui import --client CODE FILE.csv``): a header ``date,substance,amount,unit`` with
optional ``note`` and ``route`` (and the ``standard_drinks`` and ``status`` columns this export
writes, which are read back as they mean). One row per day and substance; several rows of one
substance on a day add up. An amount of 0 is a day with no use of that substance; a row with an
empty substance and amount 0 is a day with no use of anything. The whole file is checked before
anything is written: the first problem is reported with the file's line number.

Out (``hrtui export --client CODE --format tlfb``): one row per day and substance over the
window, every day, recorded or not: ``date, substance, amount, unit, standard_drinks, status``
(status ``use``, ``no use`` or ``not recorded``). Notes are left out: the file is for recall
tools and research, not the counselor's words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hrtui.domain.drinks import DrinkTable, is_alcohol
from hrtui.domain.progress.periods import days_between

REQUIRED = ("date", "substance", "amount", "unit")
OPTIONAL = ("note", "route")
READ_BACK = ("standard_drinks", "status")  # written by the export; status "not recorded" skipped
COLUMNS = ("date", "substance", "amount", "unit", "standard_drinks", "status")
USE, NO_USE, NOT_RECORDED = "use", "no use", "not recorded"
MAX_AMOUNT = 10_000.0


class TlfbProblem(ValueError):
    """A file that cannot be imported: the line (1 = the header) and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TlfbRow:
    line: int
    day: date
    substance: str  # "" with amount 0: no use of anything
    amount: float
    unit: str
    note: str = ""
    route: str = ""

    @property
    def no_use(self) -> bool:
        return self.amount == 0


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_tlfb(
    text: str,
    *,
    today: date,
    units_for: Callable[[str], Iterable[str]],
) -> list[TlfbRow]:
    """Every row to import, checked; :class:`TlfbProblem` on the first bad line.

    ``units_for(substance)`` gives the units accepted for a substance (for alcohol: standard
    drinks and the drinks table's units)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise TlfbProblem(1, "the file is empty; the first line must be the header "
                             "date,substance,amount,unit") from None  # fmt: skip
    names = [h.strip().casefold() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise TlfbProblem(1, f"the header needs the column(s) {', '.join(missing)} "
                             "(date,substance,amount,unit; optional note, route)")  # fmt: skip
    unknown = [n for n in names if n not in (*REQUIRED, *OPTIONAL, *READ_BACK)]
    if unknown or len(set(names)) != len(names):
        what = f"unknown column '{unknown[0]}'" if unknown else "a column named twice"
        raise TlfbProblem(1, f"{what}; the columns are date, substance, amount, unit, and "
                             "optionally note and route")  # fmt: skip
    index = {n: i for i, n in enumerate(names)}
    rows: list[TlfbRow] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) > len(names):
            raise TlfbProblem(line, f"{len(cells)} values for {len(names)} columns")

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        if cell("status").casefold() == NOT_RECORDED:
            continue
        raw_day = cell("date")
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise TlfbProblem(line, f"'{raw_day}' is not a date (write it as YYYY-MM-DD)") from None
        if day > today:
            raise TlfbProblem(line, f"{day.isoformat()} is in the future")
        raw_amount = cell("amount")
        amount = _number(raw_amount)
        if amount is None:
            what = "no amount" if not raw_amount else f"'{raw_amount}' is not a number"
            raise TlfbProblem(line, f"{what} (0 is a day with no use)")
        if amount < 0 or amount > MAX_AMOUNT:
            raise TlfbProblem(line, f"the amount {raw_amount} is out of range (0 to 10000)")
        substance, unit = cell("substance"), cell("unit")
        if not substance and amount:
            raise TlfbProblem(line, "an amount without a substance (an empty substance with "
                                    "amount 0 is a day with no use of anything)")  # fmt: skip
        if amount:
            if not unit:
                raise TlfbProblem(line, f"no unit for {amount:g} of {substance}")
            known = list(units_for(substance))
            if not any(u.casefold() == unit.casefold() for u in known):
                hint = "; ".join(known[:6])
                raise TlfbProblem(
                    line,
                    f"unknown unit '{unit}' for {substance}"
                    + (f" (known: {hint})" if hint else ""),
                )
            unit = next(u for u in known if u.casefold() == unit.casefold())
        else:
            unit = ""
        rows.append(TlfbRow(line, day, substance, amount, unit, cell("note"), cell("route")))
    _check_days(rows)
    return rows


def _check_days(rows: Sequence[TlfbRow]) -> None:
    """A day cannot say both use and no use of a substance, or use and no use of anything."""
    seen: dict[date, list[TlfbRow]] = {}
    for row in rows:
        for other in seen.get(row.day, []):
            same = row.substance.casefold() == other.substance.casefold()
            everything = "" in (row.substance, other.substance)
            if row.no_use != other.no_use and (same or everything):
                what = (
                    "no use of anything" if "" in (row.substance, other.substance)
                    else f"no use of {row.substance or other.substance}"
                )  # fmt: skip
                raise TlfbProblem(
                    row.line,
                    f"{row.day.isoformat()} says both use and {what} "
                    f"(line {other.line} and this one)",
                )
        seen.setdefault(row.day, []).append(row)


# -- out ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoggedEntry:
    day: date
    substance: str  # "" with no_use: no use of anything
    no_use: bool
    amount: float | None
    unit: str


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def tlfb_rows(
    entries: Iterable[LoggedEntry],
    first: date,
    last: date,
    substances: Sequence[str],
    table: DrinkTable,
) -> list[tuple[str, ...]]:
    """One row per day and substance (and unit, when a day has several) from ``first`` to
    ``last``, every day, recorded or not."""
    by_day: dict[date, list[LoggedEntry]] = {}
    for e in entries:
        by_day.setdefault(e.day, []).append(e)
    names = list(substances) or [""]
    out: list[tuple[str, ...]] = []
    for day in days_between(first, last):
        logged = by_day.get(day, [])
        nothing = any(e.substance == "" and e.no_use for e in logged)
        for name in names:
            mine = [e for e in logged if name and e.substance.casefold() == name.casefold()]
            uses = [e for e in mine if not e.no_use]
            alcohol = is_alcohol(name)
            if uses:
                units: dict[str, list[LoggedEntry]] = {}
                for e in uses:
                    units.setdefault(e.unit.casefold(), []).append(e)
                for group in units.values():
                    known = [e.amount for e in group if e.amount is not None]
                    amount = sum(known) if known else None
                    drinks = table.convert(amount, group[0].unit) if alcohol else None
                    out.append((day.isoformat(), name, _fmt(amount), group[0].unit,
                                _fmt(drinks), USE))  # fmt: skip
            elif nothing or any(e.no_use for e in mine):
                out.append((day.isoformat(), name, "0", "", "0" if alcohol else "", NO_USE))
            else:
                out.append((day.isoformat(), name, "", "", "", NOT_RECORDED))
    return out


def to_csv(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
