"""Timeline Followback in and out for one client (parsing and rows: :mod:`hrtui.domain.tlfb`).

An import is checked whole (the file, then against the log) and written in one transaction by
:func:`hrtui.store.uselog.add_entries`: one bad row and nothing is written.
"""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import col, select

from hrtui import clock
from hrtui.domain.drinks import is_alcohol, known_alcohol_units
from hrtui.domain.tlfb import LoggedEntry, TlfbProblem, parse_tlfb, tlfb_rows, to_csv
from hrtui.domain.uselog import EntryInput, known_units_for
from hrtui.store.clients import client_in
from hrtui.store.drinks import drink_table
from hrtui.store.errors import Invalid
from hrtui.store.models import UseEntry
from hrtui.store.uselog import _client_units, _dbapi, add_entries
from hrtui.store.vault import Vault


def import_tlfb(vault: Vault, client_id: int, text: str, *, today: date | None = None) -> int:
    """Import a TLFB CSV for the client; the number of entries written. Raises
    :class:`TlfbProblem` (the file's line and the problem) and writes nothing if any row is
    bad, contradicts another row, or contradicts the log."""
    today = today or clock.today()
    with vault.session() as session:
        client_in(session, client_id)
        table = drink_table(session)
        conn = _dbapi(session)
        cache: dict[str, list[str]] = {}

        def units_for(substance: str) -> list[str]:
            key = substance.casefold()
            if key not in cache:
                if is_alcohol(substance):
                    cache[key] = known_alcohol_units(table)
                else:
                    cache[key] = known_units_for(
                        substance, _client_units(conn, client_id, substance)
                    )
            return cache[key]

        rows = parse_tlfb(text, today=today, units_for=units_for)
    entries = [
        EntryInput(
            day=r.day,
            substance=r.substance,
            amount=r.amount,
            unit=r.unit,
            route=r.route,
            note=r.note,
        )  # fmt: skip
        for r in rows
    ]
    labels = [f"line {r.line}" for r in rows]
    try:
        return add_entries(vault, client_id, entries, today=today, labels=labels)
    except Invalid as exc:
        message = next(iter(exc.errors.values()), "cannot be imported")
        found = re.match(r"line (\d+)(?: \((\d{4}-\d{2}-\d{2})\))?: (.*)$", message)
        if found is None:
            raise TlfbProblem(0, message) from None
        line, day, problem = int(found[1]), found[2], found[3].rstrip(".")
        if day:  # the file agrees with itself (checked first), so the log is what it contradicts
            problem = f"{day}: the log already has an entry that contradicts it ({problem})"
        raise TlfbProblem(line, problem) from None


def export_tlfb(
    vault: Vault,
    client_id: int,
    first: date | None = None,
    last: date | None = None,
    *,
    today: date | None = None,
) -> str:
    """The client's TLFB CSV from ``first`` (default: the first entry) to ``last`` (default
    today): every day, one row per substance."""
    today = today or clock.today()
    with vault.session() as session:
        client_in(session, client_id)
        table = drink_table(session)
        rows = session.exec(
            select(UseEntry).where(col(UseEntry.client_id) == client_id).order_by(col(UseEntry.day))
        ).all()
        entries = [LoggedEntry(e.day, e.substance, bool(e.no_use), e.amount, e.unit) for e in rows]
    substances: dict[str, str] = {}
    for e in entries:
        if e.substance:
            substances.setdefault(e.substance.casefold(), e.substance)
    start = first or (entries[0].day if entries else today)
    end = last or today
    if end < start:
        raise Invalid({"to": "The end of the window is before its start."})
    window = [e for e in entries if start <= e.day <= end]
    names = sorted(substances.values(), key=str.casefold)
    return to_csv(tlfb_rows(window, start, end, names, table))
