"""Progress: the use log's days per series, with the drinks table, the intake baselines and
the goals' targets as they stood, handed to :mod:`hrtui.domain.progress`.

The log is read in one indexed query per series over the visible window (the
``(client_id, substance, day)`` index), so ten years of daily entries cost what one window
costs; the figures, the targets day by day and the words are worked out in the domain. Other
areas are asked for their data: goals (:func:`hrtui.store.goals.target_histories`), intake
(:func:`hrtui.store.intake.baseline_rows`), the drinks table (:mod:`hrtui.store.drinks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from hrtui import clock
from hrtui.domain import progress as prog
from hrtui.domain import vocab
from hrtui.domain.drinks import DrinkTable, heavy_definition, is_alcohol, is_standard_drinks
from hrtui.domain.intake import per_use_day
from hrtui.domain.settings import HEAVY_DAY_KEY
from hrtui.store.clients import client_in
from hrtui.store.drinks import drink_table
from hrtui.store.goals import target_histories
from hrtui.store.intake import baseline_rows
from hrtui.store.models import Meta
from hrtui.store.vault import Vault


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


# -- series ------------------------------------------------------------------------------------

_UNITS_SQL = """
SELECT substance, unit, no_use, MAX(day) AS last FROM use_entry
WHERE client_id = :c AND substance != ''
GROUP BY substance, unit, no_use
"""


def list_series(
    session: Session, client_id: int, table: DrinkTable | None = None
) -> list[prog.Series]:
    """Every series the client has: per substance its main one first (alcohol in standard
    drinks, with every unit the drinks table knows; another substance in its intake unit or
    usual unit, else its latest), most recently used first; then each further unit of a
    substance as a series of its own (alcohol in a unit of unknown size, cannabis in grams
    besides joints); then substances only in an intake baseline."""
    table = table or drink_table(session)
    rows = session.execute(text(_UNITS_SQL), {"c": client_id}).all()
    baselines = list(reversed(baseline_rows(session, client_id)))  # newest first
    latest: dict[str, str] = {}  # casefolded substance → its last day with anything recorded
    names: dict[str, str] = {}
    for substance, _unit, _no_use, last in rows:
        key = substance.casefold()
        names.setdefault(key, substance)
        latest[key] = max(latest.get(key, ""), str(last))
    order = sorted(sorted(latest, key=lambda k: names[k]), key=lambda k: latest[k], reverse=True)
    units: dict[str, list[str]] = {key: [] for key in order}  # most recent first
    for substance, unit, no_use, _ in sorted(rows, key=lambda r: str(r[3]), reverse=True):
        key = substance.casefold()
        if not no_use and not any(_same(u, unit) for u in units[key]):
            units[key].append(unit)
    main: list[prog.Series] = []
    extra: list[prog.Series] = []
    for key in order:
        name, found = names[key], units[key]
        if is_alcohol(name):
            main.append(prog.Series(name, vocab.STANDARD_DRINKS))
            extra += [prog.Series(name, u) for u in found if u and not table.knows(u)]
            continue
        base_unit = next((b.unit for b in baselines if _same(b.substance, name)), "")
        wanted = [w for w in (base_unit, vocab.usual_unit(name)) if w]
        first = next((u for w in wanted for u in found if _same(u, w)), None)
        first = first or (found[0] if found else base_unit or vocab.usual_unit(name))
        main.append(prog.Series(name, first))
        extra += [prog.Series(name, u) for u in found if not _same(u, first)]
    out = main + extra
    for b in baselines:
        if not any(_same(s.substance, b.substance) for s in out):
            unit = vocab.STANDARD_DRINKS if is_alcohol(b.substance) else b.unit
            out.append(prog.Series(b.substance, unit))
    return out


def _pick(series: list[prog.Series], wanted: str | None) -> prog.Series | None:
    """The series named by its label ("Alcohol · cans"), else the first of a substance."""
    if wanted:
        for s in series:
            if s.label == wanted:
                return s
        for s in series:
            if _same(s.substance, wanted):
                return s
    return series[0] if series else None


# -- what the other areas hold -----------------------------------------------------------------


def _baselines(
    session: Session, client_id: int, series: prog.Series, table: DrinkTable
) -> list[prog.Baseline]:
    out = []
    for b in baseline_rows(session, client_id):
        if not _same(b.substance, series.substance):
            continue
        # compared per use day, as the log is: the amount per occasion × occasions a use day
        amount, unit = per_use_day(b.amount, b.occasions_per_day), b.unit
        if series.is_alcohol and not is_standard_drinks(unit) and table.knows(unit):
            amount, unit = table.convert(amount, unit), vocab.STANDARD_DRINKS
        out.append(prog.Baseline(b.taken_on, amount, unit, b.days_per_week))
    return out


def _schedule(session: Session, client_id: int, substance: str) -> list[prog.TargetSpan]:
    """Every reduce and step-down goal's targets for ``substance``, as each stood day by day."""
    usual = vocab.usual_unit(substance)
    spans: list[prog.TargetSpan] = []
    for history in target_histories(session, client_id):
        spans += prog.goal_schedule(history, substance, usual)
    return spans


def _heavy(
    session: Session, series: prog.Series, table: DrinkTable, baseline: prog.Baseline | None
) -> prog.HeavyRule | None:
    if series.is_alcohol:
        row = session.get(Meta, HEAVY_DAY_KEY)
        definition = heavy_definition(row.value if row else None)
        return prog.heavy_rule(series, baseline, prog.alcohol_heavy_rule(definition, table.size))
    return prog.heavy_rule(series, baseline)


# -- the log -----------------------------------------------------------------------------------

ENTRIES_SQL = """
SELECT e.id, e.day, e.substance, e.no_use, e.amount, e.unit
FROM use_entry AS e INDEXED BY ix_use_entry_client_substance_day
WHERE e.client_id = :c AND e.substance IN (:s, '') AND e.day BETWEEN :start AND :end
ORDER BY e.day, e.id
"""

STRATEGIES_SQL = """
SELECT st.entry_id, st.strategy
FROM use_entry AS e INDEXED BY ix_use_entry_client_substance_day
JOIN use_entry_strategy AS st ON st.entry_id = e.id
WHERE e.client_id = :c AND e.substance IN (:s, '') AND e.day BETWEEN :start AND :end
ORDER BY st.entry_id, st.strategy
"""


def entries_query(client_id: int, substance: str, start: date, end: date) -> tuple[str, dict]:
    """The SQL (and its parameters) reading one substance's entries over ``start``..``end``."""
    return ENTRIES_SQL, {
        "c": client_id,
        "s": substance,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def _substance_names(session: Session, client_id: int, substance: str) -> list[str]:
    """The spellings the log has of ``substance`` (any case)."""
    rows = session.execute(
        text("SELECT DISTINCT substance FROM use_entry WHERE client_id = :c AND substance != ''"),
        {"c": client_id},
    ).all()
    return [name for (name,) in rows if _same(name, substance)] or [substance]


def read_entries(
    session: Session, client_id: int, substance: str, start: date, end: date
) -> list[prog.Entry]:
    """The substance's entries (any spelling) and the "no use of anything" marks."""
    out: dict[int, prog.Entry] = {}
    strategies: dict[int, list[str]] = {}
    for name in _substance_names(session, client_id, substance):
        sql, params = entries_query(client_id, name, start, end)
        for entry_id, day, sub, no_use, amount, unit in session.execute(text(sql), params):
            out[entry_id] = prog.Entry(
                date.fromisoformat(str(day)), sub, bool(no_use),
                None if amount is None else float(amount), unit or "",
            )  # fmt: skip
        for entry_id, label in session.execute(text(STRATEGIES_SQL), params):
            strategies.setdefault(entry_id, []).append(label)
    return [
        prog.Entry(e.day, e.substance, e.no_use, e.amount, e.unit, tuple(strategies.get(i, ())))
        for i, e in sorted(out.items(), key=lambda kv: (kv[1].day, kv[0]))
    ]


def series_days(
    session: Session,
    client_id: int,
    series: prog.Series,
    start: date,
    end: date,
    table: DrinkTable | None = None,
) -> list[prog.Day]:
    """The series' recorded days over ``start``..``end``."""
    table = table or drink_table(session)
    entries = read_entries(session, client_id, series.substance, start, end)
    return prog.days_from_entries(entries, series, table.convert)


def _first_day(session: Session, client_id: int, substance: str) -> date | None:
    days = []
    for name in [*_substance_names(session, client_id, substance), ""]:
        (day,) = session.execute(
            text("SELECT MIN(day) FROM use_entry WHERE client_id = :c AND substance = :s"),
            {"c": client_id, "s": name},
        ).one()
        if day is not None:
            days.append(date.fromisoformat(str(day)))
    return min(days) if days else None


# -- the view and the export -------------------------------------------------------------------


def load_progress(
    vault: Vault,
    client_id: int,
    substance: str | None = None,
    grain: str = prog.WEEK,
    end: date | None = None,
    *,
    today: date | None = None,
    count: int | None = None,
) -> prog.ProgressView:
    """The progress view of one series (``substance``: a series label such as
    "Alcohol · cans", or a substance; default the most recently used) for the window of
    ``count`` weeks or months ending with ``end`` (default today)."""
    today = today or clock.today()
    count = count or prog.WINDOW[grain]
    end_day = min(end or today, today)
    with vault.session() as session:
        client_in(session, client_id)
        table = drink_table(session)
        series = list_series(session, client_id, table)
        current = _pick(series, substance)
        if current is None:
            return prog.ProgressView(series=[], current=None, grain=grain)
        win_start, win_end = prog.window(end_day, grain, count)
        first = _first_day(session, client_id, current.substance)
        start = win_start
        if first is None or first > win_end:
            start = prog.period_start(win_end, grain)
        elif first > win_start:
            start = prog.period_start(first, grain)
        query_start = prog.shift_period(start, grain, -1)
        baselines = _baselines(session, client_id, current, table)
        schedule = _schedule(session, client_id, current.substance)
        heavy = _heavy(session, current, table, prog.baseline_for(baselines, win_end))
        days = series_days(session, client_id, current, query_start, win_end, table)
    starts = prog.period_starts(query_start, win_end, grain)
    summaries = prog.summarize(
        grain,
        starts,
        days,
        last_day=win_end,
        today=today,
        baselines=baselines,
        schedule=schedule,
        series=current,
        heavy=heavy,
    )
    previous, shown = summaries[0], summaries[1:]
    return prog.build_view(
        series=series,
        current=current,
        grain=grain,
        summaries_oldest_first=shown,
        heavy=heavy,
        window_start=start,
        window_end=win_end,
        has_earlier=first is not None and first < start,
        has_later=win_end < today,
        previous=previous,
    )


def period_summaries(
    vault: Vault, client_id: int, grain: str = prog.WEEK, *, today: date | None = None
) -> list[tuple[prog.Series, list[prog.PeriodSummary], prog.HeavyRule | None]]:
    """Every week (or month) from the first entry to today, per series, for the export."""
    today = today or clock.today()
    out = []
    with vault.session() as session:
        client_in(session, client_id)
        table = drink_table(session)
        for series in list_series(session, client_id, table):
            first = _first_day(session, client_id, series.substance)
            if first is None:
                continue
            baselines = _baselines(session, client_id, series, table)
            heavy = _heavy(session, series, table, prog.baseline_for(baselines, today))
            days = series_days(session, client_id, series, first, today, table)
            summaries = prog.summarize(
                grain,
                prog.period_starts(first, today, grain),
                days,
                last_day=today,
                today=today,
                baselines=baselines,
                schedule=_schedule(session, client_id, series.substance),
                series=series,
                heavy=heavy,
            )
            out.append((series, summaries, heavy))
    return out


def weekly_summary(
    vault: Vault, client_id: int, *, today: date | None = None
) -> list[tuple[prog.Series, list[prog.PeriodSummary]]]:
    """Every week from the first entry to today, per series, for the export."""
    return [(s, weeks) for s, weeks, _ in period_summaries(vault, client_id, today=today)]


def drink_size_words(vault: Vault) -> str:
    """ "WHO standard drinks of 10 g": what the export's standard drinks are."""
    with vault.session() as session:
        return drink_table(session).size.name


__all__: Sequence[Any] = (
    "ENTRIES_SQL", "drink_size_words", "entries_query", "list_series", "load_progress",
    "period_summaries", "read_entries", "series_days", "weekly_summary",
)  # fmt: skip
