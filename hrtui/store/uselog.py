"""The use log: entries (with the safer-use strategies used), no-use days, memory cues and the
recall calendar's month view (progress figures: :mod:`hrtui.store.progress`).

Every write validates first (:class:`~hrtui.store.errors.Invalid` with a message per field),
then writes in one transaction, marks the client's activity and records an audit event (what and
when, never the content).

Reads of other areas' tables (intake baselines, goals, goal steps and strategies, revisions) are
small queries written here against their models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from hrtui import clock
from hrtui.domain import progress as prog
from hrtui.domain import vocab
from hrtui.domain.parse import parse_day
from hrtui.domain.text import clean as clean_text
from hrtui.domain.text import control_char_problem
from hrtui.domain.uselog import (
    DEFAULT_SUBSTANCE,
    DEFAULT_UNIT,
    CleanEntry,
    Cue,
    DayRecord,
    DayUse,
    EntryDefaults,
    EntryInput,
    EntryView,
    MonthView,
    known_units_for,
    validate_cue,
    validate_entry,
)
from hrtui.store.clients import audit, client_in, record_activity, stamp_text, touch
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    Goal,
    GoalStrategy,
    MemoryCue,
    SubstanceBaseline,
    UseEntry,
    UseEntryStrategy,
    VocabTerm,
)
from hrtui.store.vault import Vault

AREA = "uselog"


class UnitNotKnown(Invalid):
    """A unit not yet used for the substance: the message asks to save again to confirm it."""

    def __init__(self, errors: dict[str, str], unit: str) -> None:
        super().__init__(errors)
        self.unit = unit


# -- helpers ----------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or clock.today()


def _as_day(value: date | str, today: date, *, allow_future: bool = False) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value > today and not allow_future:
            raise Invalid({"day": "That date is in the future."})
        return value
    try:
        return parse_day(value, today, allow_future=allow_future)
    except ValueError as exc:
        raise Invalid({"day": str(exc)}) from None


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def _dbapi(session: Session) -> Any:
    """The session's DB-API connection, for the plain-SQL helpers below."""
    return session.connection().connection.driver_connection


def _column(conn: Any, sql: str, params: Sequence[Any]) -> list[Any]:
    return [row[0] for row in conn.execute(sql, params)]


def _known_substances(conn: Any, client_id: int, typed: str | None = None) -> list[str]:
    """Built-in and added substances, the client's baselines, and what they logged.

    With ``typed`` (the save path), the log is asked only whether that one substance is in it,
    on the (client_id, substance, day) index, instead of listing years of entries.
    """
    names = list(vocab.SUBSTANCES)
    custom = _column(
        conn, "SELECT label FROM vocab_term WHERE kind = ? ORDER BY id", (vocab.SUBSTANCE,)
    )
    logged = "SELECT substance FROM use_entry WHERE client_id = ? AND substance != ''"
    if typed is None:
        mine = _column(conn, f"SELECT DISTINCT substance FROM ({logged})", (client_id,))
    else:
        mine = _column(conn, f"{logged} AND substance = ? LIMIT 1", (client_id, typed))
        if not mine and not any(_same(n, typed) for n in [*names, *custom]):
            mine = _column(
                conn, f"{logged} AND lower(substance) = ? LIMIT 1", (client_id, typed.lower())
            )
    baselines = _column(
        conn, "SELECT substance FROM substance_baseline WHERE client_id = ?", (client_id,)
    )
    out: dict[str, str] = {}  # casefolded → as first named
    for name in [*names, *custom, *mine, *baselines]:
        if name:
            out.setdefault(name.casefold(), name)
    return list(out.values())


#: How many recent entries of a substance are read for the units a client uses, when the typed
#: unit is not already known (the message then lists them).
RECENT_UNIT_ROWS = 200

_RECENT_UNITS_SQL = f"""
SELECT DISTINCT unit FROM (
    SELECT unit FROM use_entry WHERE client_id = ? AND substance = ? AND unit != ''
    ORDER BY day DESC LIMIT {RECENT_UNIT_ROWS})
"""

_CLIENT_UNITS_SQL = """
SELECT :substance, unit FROM (
    SELECT unit FROM use_entry WHERE client_id = :client AND substance = :substance
    AND unit = :typed AND unit != '' LIMIT 1)
UNION ALL
SELECT substance, unit FROM substance_baseline WHERE client_id = :client
UNION ALL
SELECT substance, unit FROM goal WHERE client_id = :client
UNION ALL
SELECT g.substance, s.unit FROM goal_step s JOIN goal g ON g.id = s.goal_id
    WHERE g.client_id = :client
"""


def _client_units(conn: Any, client_id: int, substance: str, typed_unit: str = "") -> list[str]:
    """Units this client already has for the substance: the typed unit if the log has it,
    the units of intake baselines, goals and their steps (one statement); when the typed unit
    is none of these, also the units of the substance's recent entries.

    Substance names from intake and goals are matched ignoring case in every script.
    """
    params = {"client": client_id, "substance": substance, "typed": typed_unit}
    units = [
        unit
        for named, unit in conn.execute(_CLIENT_UNITS_SQL, params)
        if unit and _same(named, substance)
    ]
    if not typed_unit or not any(_same(u, typed_unit) for u in units):
        units += _column(conn, _RECENT_UNITS_SQL, (client_id, substance))
    return units


def _validated(
    conn: Any, client_id: int, data: EntryInput, today: date, *, trust_units: bool = False
) -> CleanEntry:
    typed = clean_text(data.substance)  # as validation will keep them
    typed_unit = clean_text(data.unit)
    for name, typed_text in (("substance", typed), ("unit", typed_unit)):
        if problem := control_char_problem(typed_text):  # checked before the text reaches a query
            raise Invalid({name: problem})
    substances = _known_substances(conn, client_id, typed)
    substance = next((s for s in substances if _same(s, typed)), typed)
    units = known_units_for(substance, _client_units(conn, client_id, substance, typed_unit))
    if trust_units and typed_unit:
        units.append(typed_unit)
    clean, errors, unknown = validate_entry(
        data, today=today, known_units=units, known_substances=substances
    )
    if clean is None:
        if unknown:
            raise UnitNotKnown(errors, unknown)
        raise Invalid(errors)
    return clean


def _strategies(session: Session, entry_ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not entry_ids:
        return out
    rows = session.exec(
        select(UseEntryStrategy.entry_id, UseEntryStrategy.strategy).where(
            col(UseEntryStrategy.entry_id).in_(list(entry_ids))
        )
    ).all()
    for entry_id, strategy in rows:
        out.setdefault(entry_id, []).append(strategy)
    return out


def _view(
    entry: UseEntry | CleanEntry, strategies: Iterable[str] = (), *, id: int = 0
) -> EntryView:
    """What screens show of an entry: a stored row, or a validated entry just written as
    ``id``."""
    return EntryView(
        id=getattr(entry, "id", None) or id,
        day=entry.day,
        substance=entry.substance,
        no_use=bool(entry.no_use),
        amount=entry.amount,
        unit=entry.unit,
        route=entry.route,
        setting=entry.setting,
        with_whom=entry.with_whom,
        craving=entry.craving,
        mood=entry.mood,
        note=entry.note,
        strategies=tuple(sorted(strategies, key=str.casefold)),
    )


# -- entries: written in plain SQL in one Vault.transaction (see save_ratio in hrtui.bench) ----


def _require_client_row(conn: Any, client_id: int) -> None:
    if conn.execute("SELECT 1 FROM client WHERE id = ?", (client_id,)).fetchone() is None:
        raise NotFound(f"client {client_id}")


def _stored_entry(conn: Any, client_id: int, entry_id: int) -> tuple[str, bool]:
    """(substance, no_use) of the client's entry ``entry_id``; NotFound if it is not theirs."""
    row = conn.execute(
        "SELECT substance, no_use FROM use_entry WHERE id = ? AND client_id = ?",
        (entry_id, client_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"use entry {entry_id}")
    return row[0], bool(row[1])


def _check_day_conflicts(
    conn: Any, client_id: int, clean: CleanEntry, except_id: int | None = None
) -> list[int]:
    """Raise for contradictions on the day; return the ids of the quick no-use marks a use
    entry replaces.

    - no use of a substance, when use of it is recorded that day: refused;
    - use of a substance, when no use *of it* is recorded in its own entry: refused;
    - use, when the day has the quick "no use" mark: the mark is replaced (a corrected recall;
      :func:`_replace_mark` keeps "no use" for the client's other substances and says so).
    """
    day = clean.day.isoformat()
    same_day = [
        (entry_id, substance, bool(no_use))
        for entry_id, substance, no_use in conn.execute(
            "SELECT id, substance, no_use FROM use_entry"
            " WHERE client_id = ? AND day = ? AND substance IN (?, '')",
            (client_id, day, clean.substance),
        )
        if entry_id != except_id
    ]
    if clean.no_use:
        if any(not no_use and s == clean.substance for _, s, no_use in same_day):
            raise Invalid(
                {
                    "amount": f"Use of {clean.substance} is already recorded on {day}. "
                    "Edit or delete that entry instead (calendar, e)."
                }
            )
        return []
    if any(no_use and s == clean.substance for _, s, no_use in same_day):
        raise Invalid(
            {
                "amount": f"No use of {clean.substance} is recorded on {day}. "
                "Edit that entry instead (calendar, e)."
            }
        )
    return [entry_id for entry_id, s, no_use in same_day if no_use and s == ""]


_ENTRY_COLUMNS = (
    "day, substance, no_use, amount, unit, route, setting, with_whom, craving, mood, note"
)


_ENTRY_ASSIGNMENTS = ", ".join(f"{column.strip()} = ?" for column in _ENTRY_COLUMNS.split(","))


def _entry_values(clean: CleanEntry) -> tuple[Any, ...]:
    """The values of :data:`_ENTRY_COLUMNS`, in order."""
    return (
        clean.day.isoformat(), clean.substance, int(clean.no_use), clean.amount, clean.unit,
        clean.route, clean.setting, clean.with_whom, clean.craving, clean.mood, clean.note,
    )  # fmt: skip


@dataclass(frozen=True)
class SavedEntry(EntryView):
    """An entry that replaced the day's quick "no use of anything" mark: ``no_use_for`` names
    the client's other substances now recorded as no use that day (the rest of the mark)."""

    no_use_for: tuple[str, ...] = ()
    replaced_mark: bool = True


_CLIENT_SUBSTANCES_SQL = """
SELECT substance FROM use_entry WHERE client_id = :client AND substance != ''
UNION SELECT substance FROM substance_baseline WHERE client_id = :client
UNION SELECT substance FROM goal WHERE client_id = :client AND status != 'achieved'
"""


def _replace_mark(conn: Any, client_id: int, clean: CleanEntry, stamp: str) -> tuple[str, ...]:
    """Record no use, on the entry's day, of each of the client's other substances (logged,
    at intake, or in a goal not achieved) that has nothing recorded that day: the quick mark
    said so, and only the entry's own substance is corrected. Returns their names."""
    seen = {clean.substance.casefold()}
    seen |= {
        s.casefold()
        for (s,) in conn.execute(
            "SELECT substance FROM use_entry WHERE client_id = ? AND day = ?",
            (client_id, clean.day.isoformat()),
        )
    }
    others: list[str] = []
    for (name,) in conn.execute(_CLIENT_SUBSTANCES_SQL, {"client": client_id}):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            others.append(name)
    others.sort(key=str.casefold)
    conn.executemany(
        "INSERT INTO use_entry (client_id, day, substance, no_use, unit, created_at,"
        " updated_at) VALUES (?, ?, ?, 1, '', ?, ?)",
        [(client_id, clean.day.isoformat(), name, stamp, stamp) for name in others],
    )
    return tuple(others)


def _saved(view: EntryView, replaced: tuple[str, ...] | None) -> EntryView:
    if replaced is None:
        return view
    fields = {f: getattr(view, f) for f in EntryView.__dataclass_fields__}
    return SavedEntry(**fields, no_use_for=replaced)


def _replace_marks_and_strategies(
    conn: Any, entry_id: int, marks: Sequence[int], strategies: Iterable[str]
) -> None:
    if marks:
        conn.executemany("DELETE FROM use_entry WHERE id = ?", [(m,) for m in marks])
    conn.executemany(
        "INSERT INTO use_entry_strategy (entry_id, strategy) VALUES (?, ?)",
        [(entry_id, label) for label in strategies],
    )


def add_entry(
    vault: Vault, client_id: int, data: EntryInput, *, today: date | None = None
) -> EntryView:
    """Add one entry (several on a day add up). Amount 0 records no use of the substance."""
    today = _today(today)
    with vault.transaction() as conn:
        _require_client_row(conn, client_id)
        clean = _validated(conn, client_id, data, today)
        marks = _check_day_conflicts(conn, client_id, clean)
        stamp = stamp_text(clock.now())
        entry_id = conn.execute(
            f"INSERT INTO use_entry (client_id, {_ENTRY_COLUMNS}, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (client_id, *_entry_values(clean), stamp, stamp),
        ).lastrowid
        _replace_marks_and_strategies(conn, entry_id, marks, clean.strategies)
        replaced = _replace_mark(conn, client_id, clean, stamp) if marks else None
        record_activity(conn, client_id, "created", AREA)
    return _saved(_view(clean, clean.strategies, id=entry_id), replaced)


def update_entry(
    vault: Vault, client_id: int, entry_id: int, data: EntryInput, *, today: date | None = None
) -> EntryView:
    today = _today(today)
    with vault.transaction() as conn:
        substance, no_use = _stored_entry(conn, client_id, entry_id)
        if no_use and substance == "":
            raise Invalid({"amount": "This is a quick no-use mark: delete it, then add an entry."})
        clean = _validated(conn, client_id, data, today)
        marks = _check_day_conflicts(conn, client_id, clean, except_id=entry_id)
        stamp = stamp_text(clock.now())
        conn.execute(
            f"UPDATE use_entry SET {_ENTRY_ASSIGNMENTS}, updated_at = ? WHERE id = ?",
            (*_entry_values(clean), stamp, entry_id),
        )
        conn.execute("DELETE FROM use_entry_strategy WHERE entry_id = ?", (entry_id,))
        _replace_marks_and_strategies(conn, entry_id, marks, clean.strategies)
        replaced = _replace_mark(conn, client_id, clean, stamp) if marks else None
        record_activity(conn, client_id, "changed", AREA)
    return _saved(_view(clean, clean.strategies, id=entry_id), replaced)


def delete_entry(vault: Vault, client_id: int, entry_id: int) -> None:
    """Delete an entry with its strategies (a relapse review that named it keeps the review)."""
    with vault.transaction() as conn:
        _stored_entry(conn, client_id, entry_id)
        conn.execute("DELETE FROM use_entry WHERE id = ?", (entry_id,))  # strategies cascade
        record_activity(conn, client_id, "deleted", AREA)


def reviews_naming(vault: Vault, client_id: int, entry_id: int) -> list[date]:
    """The days of the relapse reviews that name this entry (deleting it takes it out of
    them; the reviews stay)."""
    with vault.session() as session:
        rows = (
            _dbapi(session)
            .execute(
                "SELECT r.day FROM review_entry AS re JOIN review AS r ON r.id = re.review_id"
                " WHERE re.entry_id = ? AND r.client_id = ? ORDER BY r.day",
                (entry_id, client_id),
            )
            .fetchall()
        )
    return [date.fromisoformat(day) for (day,) in rows]


def record_no_use(
    vault: Vault, client_id: int, day: date | str, *, today: date | None = None
) -> EntryView:
    """Record that there was no use of anything on ``day`` (a fact, not a gap)."""
    today = _today(today)
    the_day = _as_day(day, today)
    mark = EntryView(id=0, day=the_day, substance="", no_use=True, amount=None, unit="")
    with vault.transaction() as conn:
        _require_client_row(conn, client_id)
        rows = conn.execute(
            "SELECT id, substance, no_use FROM use_entry WHERE client_id = ? AND day = ?",
            (client_id, the_day.isoformat()),
        ).fetchall()
        if any(not no_use for _, _, no_use in rows):
            raise Invalid(
                {
                    "day": f"Use is recorded on {the_day.isoformat()}. Edit or delete those "
                    "entries first (calendar, e)."
                }
            )
        for entry_id, substance, _ in rows:
            if substance == "":
                return replace(mark, id=entry_id)
        stamp = stamp_text(clock.now())
        entry_id = conn.execute(
            "INSERT INTO use_entry (client_id, day, substance, no_use, unit, created_at,"
            " updated_at) VALUES (?, ?, '', 1, '', ?, ?)",
            (client_id, the_day.isoformat(), stamp, stamp),
        ).lastrowid
        record_activity(conn, client_id, "created", AREA)
    return replace(mark, id=entry_id)


def _day_conflict(recorded: Sequence[tuple[str, bool]], substance: str, no_use: bool) -> str:
    """Why an entry cannot join the day's ``recorded`` (substance, no_use) pairs; '' if it can.
    The same rules as one entry at a time, except that nothing is replaced."""
    if substance == "":  # the quick "no use of anything" mark
        if any(not n for _, n in recorded):
            return "use is recorded that day"
        if any(s == "" for s, _ in recorded):
            return "no use is already recorded that day"
        return ""
    if no_use and any(s == substance and not n for s, n in recorded):
        return f"use of {substance} is recorded that day"
    if not no_use and any((s == substance and n) or s == "" for s, n in recorded):
        return "no use is recorded that day"
    return ""


def _check_batch_days(
    conn: Any, client_id: int, rows: Sequence[dict[str, Any]], labels: Sequence[str] = ()
) -> None:
    """Refuse a batch that contradicts itself or the log on any day (use and no use of the
    same substance, use on a day marked "no use of anything"). ``labels`` name the rows in the
    message ("line 5"); by default "Entry 1", "Entry 2"…"""
    first, last = min(r["day"] for r in rows), max(r["day"] for r in rows)
    days: dict[str, list[tuple[str, bool]]] = {}
    for day, substance, no_use in conn.execute(
        "SELECT day, substance, no_use FROM use_entry WHERE client_id = ? AND day BETWEEN ? AND ?",
        (client_id, first.isoformat(), last.isoformat()),
    ):
        days.setdefault(day, []).append((substance, bool(no_use)))
    for index, row in enumerate(rows, start=1):
        day = row["day"].isoformat()
        recorded = days.setdefault(day, [])
        if problem := _day_conflict(recorded, row["substance"], bool(row["no_use"])):
            label = labels[index - 1] if len(labels) >= index else f"Entry {index}"
            raise Invalid({"day": f"{label} ({day}): {problem}."})
        recorded.append((row["substance"], bool(row["no_use"])))


def add_entries(
    vault: Vault,
    client_id: int,
    entries: Iterable[EntryInput],
    *,
    today: date | None = None,
    labels: Sequence[str] = (),
) -> int:
    """Add many entries in one transaction (demo data, imports); ``labels`` name the entries
    in messages (e.g. "line 5" of an imported file). Units are taken as given;
    an entry with no substance and amount 0 is the quick "no use of anything" mark. Entries
    that contradict each other or the log on a day are refused (:func:`_day_conflict`).

    Raises ``Invalid`` naming the first bad entry; then nothing is written.
    """
    today = _today(today)
    stamp = clock.now()
    rows: list[dict[str, Any]] = []
    strategy_lists: list[tuple[str, ...]] = []
    with vault.session() as session:
        client_in(session, client_id)
        substances = _known_substances(_dbapi(session), client_id)
        for index, data in enumerate(entries, start=1):
            typed = (data.substance or "").strip()
            if not typed and str(data.amount).strip() in ("0", "0.0"):
                day = _as_day(data.day, today)  # the quick mark: no use of anything
                rows.append(
                    {"client_id": client_id, "day": day, "substance": "", "no_use": True,
                     "amount": None, "unit": "", "route": "", "setting": "", "with_whom": "",
                     "craving": None, "mood": "", "note": "", "created_at": stamp,
                     "updated_at": stamp}
                )  # fmt: skip
                strategy_lists.append(())
                continue
            substance = next((s for s in substances if _same(s, typed)), typed)
            clean, errors, _ = validate_entry(
                data,
                today=today,
                known_units=[*known_units_for(substance), (data.unit or "").strip()],
                known_substances=substances,
            )
            if clean is None:
                field, message = next(iter(errors.items()))
                label = labels[index - 1] if len(labels) >= index else f"Entry {index}"
                raise Invalid({field: f"{label}: {message}"})
            if clean.substance not in substances:
                substances.append(clean.substance)
            rows.append(
                {
                    "client_id": client_id,
                    "day": clean.day,
                    "substance": clean.substance,
                    "no_use": clean.no_use,
                    "amount": clean.amount,
                    "unit": clean.unit,
                    "route": clean.route,
                    "setting": clean.setting,
                    "with_whom": clean.with_whom,
                    "craving": clean.craving,
                    "mood": clean.mood,
                    "note": clean.note,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            strategy_lists.append(clean.strategies)
        if not rows:
            return 0
        _check_batch_days(_dbapi(session), client_id, rows, labels)
        ids = (
            session.execute(
                insert(UseEntry).returning(col(UseEntry.id), sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        links = [
            {"entry_id": entry_id, "strategy": label}
            for entry_id, labels in zip(ids, strategy_lists, strict=True)
            for label in labels
        ]
        if links:
            session.execute(insert(UseEntryStrategy), links)
        touch(session, client_id)
        audit(session, client_id, "imported", area=AREA)
    return len(rows)


def entries_on(vault: Vault, client_id: int, day: date) -> list[UseEntry]:
    """Every entry of the client on ``day`` (use, no use), in the order added."""
    with vault.session() as session:
        return list(
            session.exec(
                select(UseEntry)
                .where(UseEntry.client_id == client_id, UseEntry.day == day)
                .order_by(col(UseEntry.id))
            ).all()
        )


def day_entries(vault: Vault, client_id: int, day: date) -> tuple[list[EntryView], list[Cue]]:
    """The day's entries with their strategies, and its memory cues."""
    with vault.session() as session:
        rows = session.exec(
            select(UseEntry)
            .where(UseEntry.client_id == client_id, UseEntry.day == day)
            .order_by(col(UseEntry.id))
        ).all()
        strategies = _strategies(session, [e.id for e in rows if e.id is not None])
        cues = session.exec(
            select(MemoryCue)
            .where(MemoryCue.client_id == client_id, MemoryCue.day == day)
            .order_by(col(MemoryCue.id))
        ).all()
    return (
        [_view(e, strategies.get(e.id or 0, ())) for e in rows],
        [Cue(c.id or 0, c.day, c.label) for c in cues],
    )


def get_entry(vault: Vault, client_id: int, entry_id: int) -> EntryView:
    with vault.session() as session:
        entry = session.get(UseEntry, entry_id)
        if entry is None or entry.client_id != client_id:
            raise NotFound(f"use entry {entry_id}")
        return _view(entry, _strategies(session, [entry_id]).get(entry_id, ()))


def days_with_use(vault: Vault, client_id: int, start: date, end: date) -> list[date]:
    """Days from ``start`` to ``end`` (inclusive) with any use recorded, oldest first."""
    with vault.session() as session:
        return list(
            session.exec(
                select(col(UseEntry.day))
                .where(
                    UseEntry.client_id == client_id,
                    UseEntry.day >= start,
                    UseEntry.day <= end,
                    UseEntry.no_use == False,  # noqa: E712 - SQL expression
                )
                .distinct()
                .order_by(col(UseEntry.day))
            ).all()
        )


# -- defaults for a new entry -----------------------------------------------------------------


def _plan_strategies(session: Session, client_id: int) -> list[str]:
    """Labels of the strategies in the client's open safer-use goals."""
    rows = session.exec(
        select(GoalStrategy.label)
        .join(Goal, col(Goal.id) == col(GoalStrategy.goal_id))
        .where(
            Goal.client_id == client_id,
            Goal.kind == "safer",
            col(Goal.status).in_(vocab.OPEN_GOAL_STATUSES),
        )
        .order_by(col(Goal.id), col(GoalStrategy.id))
    ).all()
    out: list[str] = []
    for label in rows:
        if label.casefold() not in {x.casefold() for x in out}:
            out.append(label)
    return out


def _last_units(session: Session, client_id: int) -> dict[str, str]:
    """Substance → the unit of its most recent use entry (one indexed lookup each)."""
    out: dict[str, str] = {}
    names = session.exec(
        select(UseEntry.substance)
        .where(UseEntry.client_id == client_id, UseEntry.substance != "")
        .distinct()
    ).all()
    for name in names:
        unit = session.exec(
            select(UseEntry.unit)
            .where(
                UseEntry.client_id == client_id,
                UseEntry.substance == name,
                UseEntry.no_use == False,  # noqa: E712
            )
            .order_by(col(UseEntry.day).desc(), col(UseEntry.id).desc())
            .limit(1)
        ).first()
        if unit:
            out[name] = unit
    return out


def entry_defaults(vault: Vault, client_id: int, today: date | None = None) -> EntryDefaults:
    """Today, the client's usual substance and unit (most recent use entry, else the latest
    intake baseline, else alcohol in standard drinks), and the lists the form offers."""
    today = _today(today)
    with vault.session() as session:
        client_in(session, client_id)
        latest = session.exec(
            select(UseEntry.substance, UseEntry.unit)
            .where(
                UseEntry.client_id == client_id,
                UseEntry.no_use == False,  # noqa: E712
                UseEntry.day <= today,
            )
            .order_by(col(UseEntry.day).desc(), col(UseEntry.id).desc())
            .limit(1)
        ).first()
        baseline = session.exec(
            select(SubstanceBaseline.substance, SubstanceBaseline.unit)
            .where(SubstanceBaseline.client_id == client_id)
            .order_by(col(SubstanceBaseline.taken_on).desc(), col(SubstanceBaseline.id).desc())
            .limit(1)
        ).first()
        units = _last_units(session, client_id)
        for b_substance, b_unit in session.exec(
            select(SubstanceBaseline.substance, SubstanceBaseline.unit)
            .where(SubstanceBaseline.client_id == client_id)
            .order_by(col(SubstanceBaseline.taken_on))
        ).all():
            if b_unit and not any(_same(b_substance, k) for k in units):
                units[b_substance] = b_unit
        substances = _known_substances(_dbapi(session), client_id)
        routes = list(vocab.ROUTES) + [
            r
            for r in session.exec(
                select(col(VocabTerm.label))
                .where(VocabTerm.kind == vocab.ROUTE)
                .order_by(col(VocabTerm.id))
            ).all()
            if r.casefold() not in {x.casefold() for x in vocab.ROUTES}
        ]
        strategies = _plan_strategies(session, client_id)
        usual_routes: dict[str, str] = {}  # the latest baseline naming a route wins
        for b_substance, b_routes in session.exec(
            select(SubstanceBaseline.substance, SubstanceBaseline.routes)
            .where(SubstanceBaseline.client_id == client_id)
            .order_by(col(SubstanceBaseline.taken_on), col(SubstanceBaseline.id))
        ).all():
            first = next((r.strip() for r in (b_routes or "").split(",") if r.strip()), "")
            if first:
                usual_routes[b_substance.strip().casefold()] = first
    if latest is not None:
        substance, unit = latest
    elif baseline is not None:
        substance, unit = baseline
    else:
        substance, unit = DEFAULT_SUBSTANCE, DEFAULT_UNIT
    return EntryDefaults(
        today=today,
        substance=substance,
        unit=unit or vocab.usual_unit(substance),
        units=units,
        substances=tuple(substances),
        routes=tuple(routes),
        strategies=tuple(strategies),
        usual_routes=usual_routes,
    )


# -- memory cues ------------------------------------------------------------------------------


def add_cue(
    vault: Vault, client_id: int, day: date | str, label: str, *, today: date | None = None
) -> MemoryCue:
    """Put a memory cue (payday, a holiday, a court date) on a day; future days are fine."""
    the_day = _as_day(day, _today(today), allow_future=True)
    label, problem = validate_cue(label)
    if problem:
        raise Invalid({"label": problem})
    with vault.session() as session:
        client_in(session, client_id)
        cue = MemoryCue(client_id=client_id, day=the_day, label=label, created_at=clock.now())
        session.add(cue)
        touch(session, client_id)
        audit(session, client_id, "created", area=AREA)
    return cue


def update_cue(
    vault: Vault,
    client_id: int,
    cue_id: int,
    day: date | str,
    label: str,
    *,
    today: date | None = None,
) -> MemoryCue:
    the_day = _as_day(day, _today(today), allow_future=True)
    label, problem = validate_cue(label)
    if problem:
        raise Invalid({"label": problem})
    with vault.session() as session:
        cue = session.get(MemoryCue, cue_id)
        if cue is None or cue.client_id != client_id:
            raise NotFound(f"memory cue {cue_id}")
        cue.day, cue.label = the_day, label
        session.add(cue)
        touch(session, client_id)
        audit(session, client_id, "changed", area=AREA)
    return cue


def delete_cue(vault: Vault, client_id: int, cue_id: int) -> None:
    with vault.session() as session:
        cue = session.get(MemoryCue, cue_id)
        if cue is None or cue.client_id != client_id:
            raise NotFound(f"memory cue {cue_id}")
        session.delete(cue)
        touch(session, client_id)
        audit(session, client_id, "deleted", area=AREA)


# -- the month view ---------------------------------------------------------------------------


def _usual_substance(session: Session, client_id: int) -> str:
    latest = session.exec(
        select(UseEntry.substance)
        .where(UseEntry.client_id == client_id, UseEntry.no_use == False)  # noqa: E712
        .order_by(col(UseEntry.day).desc(), col(UseEntry.id).desc())
        .limit(1)
    ).first()
    return latest or ""


def month_view(vault: Vault, client_id: int, year: int, month: int) -> MonthView:
    """One month of the recall calendar: per day the use added up by substance and unit, the
    no-use marks and the memory cues (at most one row per day, substance and unit)."""
    first = date(year, month, 1)
    last = prog.period_end(first, prog.MONTH)
    with vault.session() as session:
        usual = _usual_substance(session, client_id)
        # sqlalchemy's select: sqlmodel's is typed for at most four columns.
        rows = session.execute(
            sa.select(
                col(UseEntry.day),
                col(UseEntry.substance),
                col(UseEntry.no_use),
                col(UseEntry.unit),
                func.sum(col(UseEntry.amount)),
                func.count(),
            )
            .where(
                col(UseEntry.client_id) == client_id,
                col(UseEntry.day) >= first,
                col(UseEntry.day) <= last,
            )
            .group_by(
                col(UseEntry.day), col(UseEntry.substance), col(UseEntry.no_use), col(UseEntry.unit)
            )
            .order_by(col(UseEntry.day), col(UseEntry.substance))
        ).all()
        cues = session.exec(
            select(MemoryCue)
            .where(MemoryCue.client_id == client_id, MemoryCue.day >= first, MemoryCue.day <= last)
            .order_by(col(MemoryCue.day), col(MemoryCue.id))
        ).all()
    view = MonthView(year, month, usual)
    for day, substance, no_use, unit, amount, count in rows:
        record = view.days.setdefault(day, DayRecord(day))
        if no_use and substance == "":
            record.no_use_all = True
        elif no_use:
            record.no_use_of.append(substance)
        else:
            record.uses.append(DayUse(substance, amount, unit, count))
    for cue in cues:
        view.days.setdefault(cue.day, DayRecord(cue.day)).cues.append(
            Cue(cue.id or 0, cue.day, cue.label)
        )
    return view


def all_entries(vault: Vault, client_id: int) -> tuple[list[EntryView], list[Cue]]:
    """Every entry (oldest first, with strategies) and every memory cue: for the export."""
    with vault.session() as session:
        rows = session.exec(
            select(UseEntry)
            .where(UseEntry.client_id == client_id)
            .order_by(col(UseEntry.day), col(UseEntry.id))
        ).all()
        strategies: dict[int, list[str]] = {}
        links = session.exec(
            select(UseEntryStrategy.entry_id, UseEntryStrategy.strategy)
            .join(UseEntry, col(UseEntry.id) == col(UseEntryStrategy.entry_id))
            .where(UseEntry.client_id == client_id)
        ).all()
        for entry_id, label in links:
            strategies.setdefault(entry_id, []).append(label)
        cues = session.exec(
            select(MemoryCue)
            .where(MemoryCue.client_id == client_id)
            .order_by(col(MemoryCue.day), col(MemoryCue.id))
        ).all()
    return (
        [_view(e, strategies.get(e.id or 0, ())) for e in rows],
        [Cue(c.id or 0, c.day, c.label) for c in cues],
    )


def entry_stays(vault: Vault, client_id: int) -> dict[int, str]:
    """The "after a stay" flag (hospital, prison, treatment, other) of each of the client's
    entries that has one, by entry id: for the export."""
    with vault.session() as session:
        rows = session.exec(
            select(UseEntry.id, UseEntry.after_stay).where(
                UseEntry.client_id == client_id, UseEntry.after_stay != ""
            )
        ).all()
    return {entry_id or 0: stay for entry_id, stay in rows}
