"""The use log in an export: every entry, the memory cues, and the weekly summary per substance.

The JSON fields are documented in ``docs/export-uselog.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hrtui.domain import progress as prog
from hrtui.domain.parse import amount_with_unit
from hrtui.domain.uselog import fmt_amount
from hrtui.store.models import Client
from hrtui.store.progress import drink_size_words, period_summaries
from hrtui.store.uselog import all_entries, entry_stays
from hrtui.store.vault import Vault


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def build(vault: Vault, client: Client, today: date | None = None) -> dict[str, Any]:
    assert client.id is not None
    entries, cues = all_entries(vault, client.id)
    stays = entry_stays(vault, client.id)
    weekly = period_summaries(vault, client.id, prog.WEEK, today=today)
    monthly = {
        s.label: m for s, m, _ in period_summaries(vault, client.id, prog.MONTH, today=today)
    }
    size = drink_size_words(vault)
    return {
        "entries": [
            {
                "day": e.day.isoformat(),
                "substance": e.substance,
                "no_use": e.no_use,
                "amount": _num(e.amount),
                "unit": e.unit,
                "route": e.route,
                "setting": e.setting,
                "with_whom": e.with_whom,
                "craving": e.craving,
                "mood": e.mood,
                "strategies": list(e.strategies),
                "note": e.note,
                "after_stay": stays.get(e.id, ""),
            }
            for e in entries
        ],
        "memory_cues": [{"day": c.day.isoformat(), "label": c.label} for c in cues],
        "weekly_summary": [
            {
                "substance": series.substance,
                "unit": series.unit,
                "standard_drink": size if series.is_alcohol else None,
                "heavy_day_definition": heavy.definition if heavy else None,
                "weeks": [_week(s, series) for s in weeks],
                "months": [_month(s, series) for s in monthly.get(series.label, [])],
            }
            for series, weeks, heavy in weekly
        ],
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _measures(s: prog.PeriodSummary, series: prog.Series) -> dict[str, Any]:
    """The standard outcome measures, over the days recorded (unrounded until here)."""
    f = s.figures
    return {
        "days_recorded": s.days_recorded,
        "percent_days_abstinent": _pct(s.percent_days_abstinent),
        "percent_heavy_days": _pct(s.percent_heavy_days),
        "total_standard_drinks": (_num(f.total) if series.is_alcohol and f.amount_days else None),
        "uncounted_days": f.uncounted_days,
        "uncounted_entries": [{"unit": u, "entries": n} for u, n in f.uncounted],
    }


def _month(s: prog.PeriodSummary, series: prog.Series) -> dict[str, Any]:
    out = _week(s, series)
    del out["week_start"]
    return {"month_start": s.start.isoformat(), **out}


def _week(s: prog.PeriodSummary, series: prog.Series) -> dict[str, Any]:
    f = s.figures
    return {
        "week_start": s.start.isoformat(),
        "days": s.days,
        "use_days": f.use_days,
        "no_use_days": f.no_use_days,
        "unrecorded_days": s.unrecorded_days,
        "total": _num(f.total) if f.amount_days else None,
        "amount_per_use_day": _num(s.per_use_day),
        "peak": _num(f.peak),
        "peak_day": _day(f.peak_day),
        "heavy_days": f.heavy_days,
        "strategy_days": f.strategy_days,
        **_measures(s, series),
    }


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text.replace("|", "\\|")


def markdown(value: dict[str, Any]) -> list[str]:
    lines = ["### Use log", ""]
    entries = value.get("entries", [])
    if not entries and not value.get("memory_cues"):
        return [*lines, "_Nothing recorded._"]
    for series in value.get("weekly_summary", []):
        weeks = [w for w in series["weeks"] if w["use_days"] or w["no_use_days"]]
        lines += [
            f"#### Weekly summary: {series['substance']} ({series['unit']})",
            "",
            "| Week of | Days | Used | No use | Not recorded | Total | Per use day | Peak "
            "| Heavy days | Safer-use days |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for w in weeks:
            per_day = w["amount_per_use_day"]
            lines.append(
                f"| {w['week_start']} | {w['days']} | {w['use_days']} | {w['no_use_days']} "
                f"| {w['unrecorded_days']} | {_cell(fmt_amount(w['total']))} "
                f"| {_cell(None if per_day is None else prog.fmt(per_day))} "
                f"| {_cell(fmt_amount(w['peak']))} | {w['heavy_days']} | {w['strategy_days']} |"
            )
        if not weeks:
            lines.append("| — | | | | | | | | | |")
        lines.append("")
    lines += [
        "#### Entries",
        "",
        "| Date | Substance | Amount | Route | Setting | With whom | Craving | Mood "
        "| Safer-use strategies used | Note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        # a day of no use at all names no substance: "—", "no use of any substance"
        if e["no_use"]:
            amount = "no use" if e["substance"] else "no use of any substance"
        else:
            amount = amount_with_unit(e["amount"], e["unit"])  # "1 beer", "2 beers"
        lines.append(
            f"| {e['day']} | {_cell(e['substance'] or '—')} | {_cell(amount)} "
            f"| {_cell(e['route'])} | {_cell(e['setting'])} | {_cell(e['with_whom'])} "
            f"| {_cell(e['craving'])} | {_cell(e['mood'])} "
            f"| {_cell('; '.join(e['strategies']))} | {_cell(e['note'])} |"
        )
    if not entries:
        lines.append("| — | | | | | | | | | |")
    cues = value.get("memory_cues", [])
    if cues:
        lines += ["", "#### Memory cues", ""]
        lines += [f"- {c['day']}: {_cell(c['label'])}" for c in cues]
    return lines
