"""The goals section of a client's export: goals with their ladders, strategies, linked intake
factors and revisions, plus the safer-use plan. Documented in ``docs/export-goals.md``.

This is the counselor's full record (counselor notes included); the client's take-home plan
is :mod:`hrtui.client_plan`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.store.goals import changes_of, goal_details, safer_use_plan
from hrtui.store.models import Client
from hrtui.store.safety import goal_prompts
from hrtui.store.vault import Vault


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def build(vault: Vault, client: Client) -> dict[str, Any]:
    """{"goals": [...], "safer_use_plan": [...], "next_review_on": date or null}."""
    assert client.id is not None
    details = goal_details(vault, client.id)
    titles = {d.goal.id: d.goal.title for d in details}
    goals = []
    for detail in details:
        goal = detail.goal
        assert goal.id is not None  # a stored goal
        goals.append(
            {
                "kind": goal.kind,
                "status": goal.status,
                "title": goal.title,
                "client_words": goal.client_words,
                "why_it_matters": goal.why_it_matters,
                "steps": goal.steps,
                "helpers": goal.helpers,
                "obstacles": goal.obstacles,
                "working_when": goal.working_when,
                "counselor_note": goal.counselor_note,
                "substance": goal.substance,
                "baseline_amount": goal.baseline_amount,
                "target_amount": goal.target_amount,
                "unit": goal.unit,
                "period": goal.period,
                "life_area": goal.life_area,
                "start_on": _day(goal.start_on),
                "review_on": _day(goal.review_on),
                "created_at": _when(goal.created_at),
                "updated_at": _when(goal.updated_at),
                "factors": [
                    {"category": f.category, "description": f.description, "effect": f.effect}
                    for f in detail.factors
                ],
                "ladder": [
                    {
                        "starts_on": _day(s.starts_on),
                        "amount": s.amount,
                        "unit": s.unit,
                        "note": s.note,
                    }
                    for s in detail.ladder
                ],
                "strategies": [
                    {
                        "concern": s.concern,
                        "label": s.label,
                        "custom": bool(s.custom),
                        "note": s.note,
                        "added_on": _day(s.added_on),
                    }
                    for s in detail.strategies
                ],
                "revisions": [
                    {
                        "revised_on": _day(r.revised_on),
                        "reason": r.reason,
                        "changes": changes_of(r),
                        "from_review": r.review_id is not None,
                        "created_at": _when(r.created_at),
                    }
                    for r in detail.revisions
                ],
                "safety_prompts": [
                    {
                        "kind": p.kind,
                        "title": p.title,
                        "text": p.text,
                        "shown_at": _when(p.shown_at),
                    }
                    for p in goal_prompts(vault, goal.id)
                ],
            }
        )
    plan = [
        {"concern": s.concern, "label": s.label, "custom": bool(s.custom), "note": s.note,
         "goal": titles.get(s.goal_id, "")}
        for s in safer_use_plan(vault, client.id)
    ]  # fmt: skip
    today = clock.today()
    reviews = [
        d.goal.review_on
        for d in details
        if d.is_open and d.goal.review_on is not None and d.goal.review_on >= today
    ]
    return {
        "goals": goals,
        "safer_use_plan": plan,
        "next_review_on": _day(min(reviews)) if reviews else None,
    }


def _target_line(goal: dict[str, Any]) -> str | None:
    kind = goal["kind"]
    if kind == "reduce":
        line = rules.describe_target(goal["target_amount"], goal["unit"], goal["period"])
        if goal["baseline_amount"] is not None:
            line += f" (baseline {rules.fmt_amount(goal['baseline_amount'])})"
        return f"- Target: {line}"
    if kind == "abstinence":
        return f"- No use of {goal['substance']} from {goal['start_on']}"
    if kind == "life":
        return f"- Life area: {goal['life_area']}"
    return None


def markdown(value: dict[str, Any]) -> list[str]:
    """The section as Markdown lines, starting with "### Goals"."""
    goals = value.get("goals", [])
    lines = ["### Goals", ""]
    if not goals:
        return [*lines, "_No goals yet._"]
    for goal in goals:
        status = rules.STATUSES.get(goal["status"], goal["status"])
        kind = rules.KINDS.get(goal["kind"], goal["kind"])
        lines += [f"#### {goal['title']} ({kind}, {status.lower()})", ""]
        dates = f"- Started {goal['start_on']}"
        if goal["review_on"]:
            dates += f"; review {goal['review_on']}"
        lines.append(dates)
        if goal["substance"] and goal["kind"] != "abstinence":
            lines.append(f"- Substance: {goal['substance']}")
        target = _target_line(goal)
        if target:
            lines.append(target)
        for step in goal["ladder"]:
            amount = rules.describe_target(step["amount"], step["unit"], goal["period"])
            note = f" ({step['note']})" if step["note"] else ""
            lines.append(f"- Step from {step['starts_on']}: {amount}{note}")
        for s in goal["strategies"]:
            own = ", own" if s["custom"] else ""
            lines.append(f"- Strategy ({s['concern']}{own}): {s['label']}")
        for name, label in rules.TEXT_FIELDS.items():
            if name != "counselor_note" and goal[name].strip():
                lines.append(f"- {label}: {' '.join(goal[name].split())}")
        if goal["factors"]:
            factors = [f"{f['category']}: {f['description']}" for f in goal["factors"]]
            lines.append("- Answers to: " + "; ".join(factors))
        if goal["counselor_note"].strip():
            lines.append(f"- Counselor note: {' '.join(goal['counselor_note'].split())}")
        for rev in goal["revisions"]:
            what = "; ".join(rules.describe_changes(rev["changes"])) or "no field changed"
            review = " (from a review)" if rev["from_review"] else ""
            lines.append(f"- Revised {rev['revised_on']}{review}: {rev['reason']} — {what}")
        for prompt in goal.get("safety_prompts", []):
            said = " ".join(prompt["text"].split())
            shown_on = prompt["shown_at"][:10]
            lines.append(f"- Safety note shown {shown_on}: {prompt['title']}. {said}")
        lines.append("")
    if value.get("next_review_on"):
        lines.append(f"Next review: {value['next_review_on']}")
    while lines and lines[-1] == "":
        lines.pop()
    return lines
