"""The intake section of a client's export: factors, substance baselines (with history),
readiness ratings (each about a goal, a behaviour or change in general), AUDIT-C results and
decisional-balance sheets. Field documentation: docs/export-intake.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import select

from hrtui.domain import vocab
from hrtui.domain.intake import (
    AUDITC_QUESTIONS,
    BALANCE_CELLS,
    EFFECT_MARKS,
    GENERAL_SUBJECT,
    auditc_answer,
    auditc_band,
    auditc_score,
    baseline_line,
    ruler_subject,
    split_routes,
    subject_key,
    trend,
)
from hrtui.store import intake
from hrtui.store.models import Client, Goal
from hrtui.store.vault import Vault


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def build(vault: Vault, client: Client) -> dict[str, Any]:
    """The client's whole intake as JSON-ready data."""
    assert client.id is not None
    with vault.session() as session:
        titles = dict(
            session.exec(select(Goal.id, Goal.title).where(Goal.client_id == client.id)).all()
        )
    baselines = intake.list_baselines(vault, client.id)
    current = {b.id for b in intake.latest_per_substance(baselines)}
    auditc = []
    for a in intake.list_auditc(vault, client.id):
        band = auditc_band(auditc_score(a.q1, a.q2, a.q3), a.cutoff)
        auditc.append(
            {
                "taken_on": _day(a.taken_on),
                "q1": a.q1,
                "q2": a.q2,
                "q3": a.q3,
                "answers": [auditc_answer(k, getattr(a, k)) for k, _, _ in AUDITC_QUESTIONS],
                "score": band.score,
                "cutoff": a.cutoff,
                "positive": band.positive,
                "meaning": band.explanation,
                "created_at": _stamp(a.created_at),
            }
        )
    return {
        "factors": [
            {
                "group": f.grp,
                "category": f.category,
                "description": f.description,
                "effect": f.effect,
                "weight": f.weight,
                "note": f.note,
                "noted_on": _day(f.noted_on),
                "created_at": _stamp(f.created_at),
                "updated_at": _stamp(f.updated_at),
            }
            for f in intake.list_factors(vault, client.id)
        ],
        "baselines": [
            {
                "substance": b.substance,
                "routes": split_routes(b.routes),
                "amount": b.amount,
                "occasions_per_day": b.occasions_per_day,
                "unit": b.unit,
                "days_per_week": b.days_per_week,
                "last_use": _day(b.last_use),
                "what_it_does": b.what_it_does,
                "taken_on": _day(b.taken_on),
                "current": b.id in current,
                "created_at": _stamp(b.created_at),
            }
            for b in reversed(baselines)  # oldest first, like the other lists
        ],
        "readiness": [
            {
                "rated_on": _day(r.rated_on),
                "importance": r.importance,
                "confidence": r.confidence,
                "readiness": r.readiness,
                "why_not_lower": r.why_not_lower,
                "one_up": r.one_up,
                "goal": titles.get(r.goal_id) if r.goal_id is not None else None,
                "behaviour": r.behaviour,
                "about": ruler_subject(
                    titles.get(r.goal_id) if r.goal_id is not None else None, r.behaviour
                ),
                "created_at": _stamp(r.created_at),
            }
            for r in intake.list_readiness(vault, client.id)
        ],
        "auditc": auditc,
        "decisional_balance": [
            {
                "made_on": _day(b.made_on),
                "behaviour": b.behaviour,
                "goal": titles.get(b.goal_id) if b.goal_id is not None else None,
                **{name: getattr(b, name) for name in BALANCE_CELLS},
                "created_at": _stamp(b.created_at),
                "updated_at": _stamp(b.updated_at),
            }
            for b in intake.list_balances(vault, client.id)
        ],
    }


def _text(label: str, text: str) -> list[str]:
    """A sub-bullet for a text that may hold line breaks (none if the text is empty)."""
    if not text:
        return []
    lines = text.splitlines() or [""]
    return [f"  - {label}: {lines[0]}", *(f"    {line}" for line in lines[1:])]


def markdown(value: dict[str, Any]) -> list[str]:
    """The intake as Markdown lines, starting with its "### Intake" heading."""
    lines = ["### Intake"]
    for grp, title in vocab.FACTOR_GROUPS.items():
        factors = [f for f in value["factors"] if f["group"] == grp]
        lines += ["", f"#### {title} factors", ""]
        if not factors:
            lines.append("_None recorded._")
        for f in factors:
            mark = EFFECT_MARKS.get(f["effect"], f["effect"])
            lines.append(
                f"- **{mark}** · {f['category']} · weighs {f['weight']} of 3 now · "
                f"noted {f['noted_on']}: “{f['description']}”"
            )
            lines += _text("Note", f["note"])
    lines += ["", "#### Substance baselines", ""]
    if not value["baselines"]:
        lines.append("_None taken._")
    for b in reversed(value["baselines"]):  # newest first to read
        state = "current" if b["current"] else "earlier"
        line = baseline_line(b["substance"], b["amount"], b["unit"], b["days_per_week"],
                             occasions=b["occasions_per_day"])  # fmt: skip
        lines.append(f"- {line} (taken {b['taken_on']}, {state})")
        lines.append(
            f"  - Routes: {', '.join(b['routes']) or '—'} · last use {b['last_use'] or '—'}"
        )
        lines += _text("What the use does for the person", b["what_it_does"])
    lines += ["", "#### Readiness ruler (0–10)", ""]
    ratings = value["readiness"]
    if not ratings:
        lines.append("_No ratings._")
    else:
        subjects: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for r in ratings:
            key = subject_key(None, r["behaviour"]) if r["goal"] is None else ("goal", r["goal"])
            subjects.setdefault(key, []).append(r)
        for group in subjects.values():
            if len(subjects) > 1:
                lines.append(f"- {group[0]['about']}:")
            indent = "  " if len(subjects) > 1 else ""
            for scale in ("importance", "confidence", "readiness"):
                lines.append(
                    f"{indent}- {scale.capitalize()}: {trend([r[scale] for r in group], limit=99)}"
                )
        lines.append("")
        for r in ratings:
            about = "" if r["about"] == GENERAL_SUBJECT else f" ({r['about']})"
            lines.append(
                f"- {r['rated_on']}{about}: importance {r['importance']}, confidence "
                f"{r['confidence']}, readiness {r['readiness']}"
            )
            lines += _text("Why this number and not a lower one", r["why_not_lower"])
            lines += _text("What would move it one number up", r["one_up"])
    lines += ["", "#### AUDIT-C", ""]
    if not value["auditc"]:
        lines.append("_Not answered._")
    for a in value["auditc"]:
        answers = "; ".join(
            f"{i}. {answer} ({a[key]})"
            for i, ((key, _, _), answer) in enumerate(
                zip(AUDITC_QUESTIONS, a["answers"], strict=True), start=1
            )
        )
        lines.append(f"- {a['taken_on']}: {a['meaning']}")
        lines.append(f"  - Answers: {answers}")
    lines += ["", "#### Decisional balance", ""]
    if not value.get("decisional_balance"):
        lines.append("_No sheets._")
    for b in value.get("decisional_balance", []):
        about = "; ".join(x for x in (b["behaviour"], b["goal"] and f"goal: {b['goal']}") if x)
        lines.append(f"- {b['made_on']}" + (f" ({about})" if about else ""))
        for name, heading in BALANCE_CELLS.items():
            lines += _text(heading, b[name])
    return lines
