"""The reviews section of a client's export: each review of a return to use with its worksheet,
the log entries and goals it links, its triggers and new stressors (and whether they are in the
intake), and the goal revisions it made. Field documentation: docs/export-reviews.md."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.parse import amount_with_unit
from hrtui.store.models import Client
from hrtui.store.reviews import reviews_for_export
from hrtui.store.vault import Vault

#: The worksheet's texts in the order the Markdown shows them, with their headings.
TEXTS: tuple[tuple[str, str], ...] = (
    ("time_of_day", "When"),
    ("place", "Where"),
    ("with_whom", "Who with"),
    ("what_used", "What was used"),
    ("what_happened", "What happened"),
    ("thoughts_before", "Thoughts and feelings before"),
    ("thoughts_after", "Thoughts and feelings after"),
    ("self_talk", "Self-talk afterwards"),
    ("warning_signs", "Warning signs"),
    ("what_reduced_harm", "What reduced harm"),
    ("consequences", "Consequences"),
    ("learned", "What we learned"),
)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _changes(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _intake(factors: dict[int, Any], factor_id: int | None) -> dict[str, Any]:
    """Whether a trigger or stressor is an intake factor, and its group and category."""
    f = factors.get(factor_id) if factor_id is not None else None
    return {
        "in_intake": f is not None,
        "group": f.grp if f else None,
        "category": f.category if f else None,
    }


def build(vault: Vault, client: Client) -> list[dict[str, Any]]:
    """Every review of the client, oldest day first, as JSON-ready data."""
    assert client.id is not None
    out = []
    for sheet in reviews_for_export(vault, client.id):
        r = sheet.review
        factors = {f.id: f for f in sheet.factors}

        out.append(
            {
                "day": _day(r.day),
                "status": r.status,
                "kind": r.kind,
                "after_stay": r.after_stay or "",
                "confidence": r.confidence,
                "coping": [{"text": c.text, "tried": c.tried} for c in sheet.coping],
                **{name: getattr(r, name) for name, _ in TEXTS},
                "too_ambitious": r.too_ambitious,
                "too_ambitious_note": r.too_ambitious_note,
                "next_checkin": _day(r.next_checkin),
                "log_entries": [
                    {
                        "day": _day(e.day),
                        "substance": e.substance,
                        "no_use": e.no_use,
                        "amount": e.amount,
                        "unit": e.unit,
                    }
                    for e in sheet.entries
                ],  # fmt: skip
                "goals": [g.title for g in sheet.goals if g.id in sheet.linked_goal_ids],
                "triggers": [
                    {"label": t.label, **_intake(factors, t.factor_id)} for t in sheet.triggers
                ],
                "new_stressors": [
                    {"text": s.text, **_intake(factors, s.factor_id)} for s in sheet.stressors
                ],
                "plan_changes": [
                    {
                        "revised_on": _day(p.revised_on),
                        "goal": p.goal_title,
                        "reason": p.reason,
                        "changes": _changes(p.changes),
                    }
                    for p in sheet.plan_changes
                ],  # fmt: skip
                "created_at": _stamp(r.created_at),
                "updated_at": _stamp(r.updated_at),
            }
        )
    return out


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def markdown(value: list[dict[str, Any]]) -> list[str]:
    """The section as Markdown lines, starting with "### Reviews"."""
    from hrtui.domain.goals import describe_changes

    lines = ["### Reviews", ""]
    if not value:
        return [*lines, "_No reviews yet._"]
    for review in value:
        status = rules.status_label(review["status"]).lower()
        title = rules.review_title(date.fromisoformat(review["day"]), review.get("kind"))
        lines += [f"#### {title} ({status})", ""]
        if review.get("kind"):
            lines.append(f"- Kind of day: {rules.kind_label(review['kind'])}")
        if review.get("after_stay"):
            lines.append(f"- After {vocab.STAY_PHRASES.get(review['after_stay'], 'a stay')}")
        for item in review.get("coping", []):
            said = rules.COPING_TRIED if item["tried"] else rules.COPING_COULD_TRY
            lines.append(f"- Coping ({said.lower()}): {_one_line(item['text'])}")
        if review.get("confidence") is not None:
            lines.append(f"- {rules.CONFIDENCE_QUESTION} {review['confidence']} of 10")
        for name, label in TEXTS:
            if review[name].strip():
                lines.append(f"- {label}: {_one_line(review[name])}")
        for entry in review["log_entries"]:
            amount = "no use" if entry["no_use"] else (
                amount_with_unit(entry["amount"], entry["unit"]) or "amount not noted"
            )  # fmt: skip
            lines.append(f"- From the log, {entry['day']}: {entry['substance']} {amount}".rstrip())
        if review["triggers"]:
            lines.append("- Triggers: " + "; ".join(_item(t, "label") for t in review["triggers"]))
        if review["too_ambitious"]:
            answer = rules.TOO_AMBITIOUS.get(review["too_ambitious"], review["too_ambitious"])
            note = _one_line(review["too_ambitious_note"])
            lines.append(
                f"- Were the goals too ambitious? {answer}" + (f" ({note})" if note else "")
            )
        if review["goals"]:
            lines.append("- Goals it touches: " + "; ".join(review["goals"]))
        if review["new_stressors"]:
            lines.append(
                "- New stressors: " + "; ".join(_item(s, "text") for s in review["new_stressors"])
            )
        for change in review["plan_changes"]:
            what = "; ".join(describe_changes(change["changes"]))
            lines.append(
                f"- Plan change {change['revised_on']}, {change['goal']}: {change['reason']}"
                + (f" ({what})" if what else "")
            )
        if review["next_checkin"]:
            lines.append(f"- Next check-in: {review['next_checkin']}")
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _item(item: dict[str, Any], key: str) -> str:
    if item["in_intake"]:
        return f"{item[key]} ({item['group']}, {item['category']})"
    return item[key]
