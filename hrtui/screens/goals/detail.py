"""How a goal reads on screen: :func:`short_aim` (one line for the goal table) and
:func:`detail_view` (the detail panel under it, for the counselor or for the client's plan).
Pure rendering helpers with no widgets.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from hrtui.domain import goals as rules
from hrtui.widgets import plain

DETAIL_LABELS = {
    "why_it_matters": "Why",
    "steps": "Steps",
    "helpers": "Who helps",
    "obstacles": "In the way",
    "working_when": "Working when",
}
PERIOD_SHORT = {"per_use_day": "per use day", "per_week": "a week", "use_days_per_week": "days/wk"}


def goal_details_with_prompts(vault: Any, client_id: int) -> list[Any]:
    """(In a worker.) The client's goals as :func:`hrtui.store.goals.goal_details` gives them,
    each with ``prompts``: the safety prompts shown when it was saved (issue #17)."""
    from hrtui.store.goals import goal_details
    from hrtui.store.safety import goal_prompts

    details = goal_details(vault, client_id)
    for detail in details:
        assert detail.goal.id is not None  # a stored goal
        detail.prompts = goal_prompts(vault, detail.goal.id)
    return details


def prompts_text(prompts: Any) -> Text:
    """The safety prompts kept with a goal: when each was shown, its title, then its lines."""
    text = Text()
    for prompt in prompts:
        if text:
            text.append("\n")
        text.append(f"{prompt.shown_at.date().isoformat()}: ", style="bold")
        text.append(prompt.title, style="bold")
        for line in prompt.text.splitlines():
            text.append(f"\n• {line}")
    return text


def short_aim(detail: Any, today: date) -> str:
    """What a goal aims for, short enough for the table."""
    goal = detail.goal
    if goal.kind == "reduce":
        period = PERIOD_SHORT.get(goal.period or "", "")
        if goal.baseline_amount is not None:
            start = rules.fmt_amount(goal.baseline_amount)
            return f"{start} → {rules.fmt_amount(goal.target_amount)} {period}"
        return f"{rules.fmt_amount(goal.target_amount)} {period}"
    if goal.kind == "stepdown":
        found = detail.current_step(today)
        total = len(detail.ladder)
        if found is None:
            return f"starts {detail.ladder[0].starts_on}" if detail.ladder else "—"
        return f"now {rules.fmt_amount(found[1].amount)} (step {found[0] + 1}/{total})"
    if goal.kind == "abstinence":
        return f"since {goal.start_on}" if goal.start_on <= today else f"from {goal.start_on}"
    if goal.kind == "safer":
        n = len(detail.strategies)
        return f"{n} strateg{'y' if n == 1 else 'ies'}"
    return goal.life_area or "—"


def detail_view(detail: Any, today: date, *, counselor: bool = True) -> Group:
    """Everything about one goal, the client's words first and the counselor's note apart
    (left out when ``counselor`` is False: the client view)."""
    goal = detail.goal
    status = rules.STATUSES.get(goal.status, goal.status)
    heading = Text.assemble(
        (goal.title, "bold"), f"  ·  {rules.KINDS.get(goal.kind, goal.kind)}  ·  {status}"
    )
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()

    def add(label: Any, value: Any) -> None:  # what people typed is shown as typed
        rows.add_row(plain.text(label), plain.text(value))

    if goal.client_words.strip():
        add("What I want", Text(f"“{goal.client_words.strip()}”", style="italic"))
    if goal.kind == "reduce":
        aim = rules.describe_target(goal.target_amount, goal.unit, goal.period)
        if goal.baseline_amount is not None:
            aim += f" (baseline {rules.fmt_amount(goal.baseline_amount)})"
        add("Target", f"{goal.substance}: {aim}")
    elif goal.kind == "abstinence":
        add("Aim", f"no {goal.substance} from {goal.start_on}")
    elif goal.kind == "life":
        add("Life area", goal.life_area or "—")
    if goal.kind == "stepdown":
        found = detail.current_step(today)
        current = found[0] if found else None
        rungs = []
        for index, step in enumerate(detail.steps):
            text = f"{step.starts_on}: {rules.fmt_amount(step.amount)}"
            rungs.append((f"▸ {text}", "bold reverse") if index == current else (text, ""))
        ladder = Text(" · ").join(Text(t, style=s) for t, s in rungs)
        where = f"{goal.substance}, {goal.unit} {_period(goal.period)}: "
        add("Ladder", Text.assemble(where, ladder))
    elif goal.kind in ("safer", "life") and goal.substance:
        add("Substance", goal.substance)
    dates = f"from {goal.start_on}" + (f", review {goal.review_on}" if goal.review_on else "")
    add("Dates", dates)
    if detail.strategies:
        add(
            "Strategies",
            "\n".join(
                f"• {s.concern}: {s.label}" + (" (own)" if s.custom else "")
                for s in detail.strategies
            ),
        )
    for name, label in DETAIL_LABELS.items():
        value = getattr(goal, name).strip()
        if value:
            add(label, value)
    if detail.factors:
        add("Answers to", "\n".join(f.label for f in detail.factors))
    if counselor and goal.counselor_note.strip():
        add(
            Text("Counselor note", style="bold dim"),
            Text.assemble(
                (goal.counselor_note.strip(), "dim"), (" (not in the plan)", "italic dim")
            ),
        )
    parts: list[Any] = [heading, rows]
    prompts = getattr(detail, "prompts", None)
    if prompts:
        notes = Text(f"Safety notes shown when the goal was set ({len(prompts)})", style="bold")
        notes.append("\n")
        notes.append_text(prompts_text(prompts))
        parts.append(notes)
    if detail.revisions:
        history = Text.assemble(
            (f"Revisions ({len(detail.revisions)}; Ctrl+Y shows them all)", "bold")
        )
        for revision in detail.revisions[-3:]:
            history.append(f"\n {revision.revised_on}  {revision.reason}")
        parts.append(history)
    return Group(*parts)


def _period(period: str | None) -> str:
    return rules.PERIODS.get(period or "", "—")
