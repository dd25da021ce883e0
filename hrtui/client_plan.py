"""The client's take-home plan: one client's goals in their own words, the safer-use strategies
they chose, who and what helps, and the next check-in, as Markdown. Imports no Textual.

It leaves out everything that is the counselor's alone: counselor notes (on goals and on the
client), intake factors, revision history and statuses. Paused goals are left out too; reached
goals are listed as reached.

Written from the Goals pane (Ctrl+G) or with ``hrtui export --client CODE --format plan``.
The file is NOT encrypted: it is created readable only by its owner (0600).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.files import target_path, write_private_file
from hrtui.store.errors import Invalid
from hrtui.store.goals import GoalDetail, plan_details, record_plan_written
from hrtui.store.vault import Vault

NOT_ENCRYPTED = (
    "The plan file is NOT encrypted: it holds the client's goals in their own words. "
    "Print it or hand it over, then delete it."
)

#: Co-creation texts that go into each goal of the plan, with the heading the client reads
#: (who or what helps is gathered once, in "People and things that help me").
PLAN_TEXTS = (
    ("why_it_matters", "Why it matters to me"),
    ("steps", "Steps I'll take"),
    ("obstacles", "What could get in the way"),
    ("working_when", "I'll know it's working when…"),
)


def _safe(line: str) -> str:
    """A line of the client's text that Markdown will not turn into a heading or a quote."""
    stripped = line.lstrip()
    if stripped[:1] in ("#", ">", "|") or stripped[:3] in ("---", "***", "==="):
        return "\\" + stripped
    return stripped


def _paragraph(text: str) -> list[str]:
    lines = [_safe(line) for line in text.strip().splitlines()]
    # two spaces keep the client's own line breaks
    return [line + "  " if i < len(lines) - 1 and line else line for i, line in enumerate(lines)]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def next_review(details: Iterable[GoalDetail], today: date) -> date | None:
    """The earliest review date from today on among open goals."""
    days = [
        d.goal.review_on
        for d in details
        if d.is_open and d.goal.review_on is not None and d.goal.review_on >= today
    ]
    return min(days) if days else None


def _aim(detail: GoalDetail, today: date) -> list[str]:
    """What the goal aims for, in plain words."""
    goal = detail.goal
    if goal.kind == "reduce":
        aim = rules.describe_target(goal.target_amount, goal.unit, goal.period)
        line = f"- **What I'm aiming for:** {aim}"
        if goal.baseline_amount is not None:
            line += f" (it was {rules.fmt_amount(goal.baseline_amount)})"
        return [line]
    if goal.kind == "abstinence":
        return [f"- **What I'm aiming for:** no {goal.substance or 'use'}, from {goal.start_on}"]
    if goal.kind == "stepdown":
        lines = ["- **My step-down ladder:**", "", "  | From | Amount |", "  |---|---|"]
        found = detail.current_step(today)
        now_index = found[0] if found else None
        for index, step in enumerate(detail.steps):
            amount = rules.describe_target(step.amount, goal.unit, goal.period)
            mark = " ← now" if index == now_index else ""
            note = f" ({_cell(step.note)})" if step.note else ""
            lines.append(f"  | {step.starts_on} | {_cell(amount)}{note}{mark} |")
        lines.append("")
        return lines
    if goal.kind == "life":
        return [f"- **Part of life:** {goal.life_area}"]
    return ["- **My safer-use strategies:** see “My safer-use plan” below"]


def _goal_lines(detail: GoalDetail, today: date) -> list[str]:
    goal = detail.goal
    lines = [f"### {_cell(goal.title)}", ""]
    if goal.client_words.strip():
        lines += ["**What I want:**", "", *_paragraph(goal.client_words), ""]
    lines += _aim(detail, today)
    lines.append(f"- **Started:** {goal.start_on}")
    if goal.review_on:
        lines.append(f"- **We'll look at it again on:** {goal.review_on}")
    for name, heading in PLAN_TEXTS:
        text = getattr(goal, name)
        if text.strip():
            lines += ["", f"**{heading}**", "", *_paragraph(text)]
    return [*lines, ""]


def render_plan(display_name: str, details: list[GoalDetail], today: date) -> str:
    """The plan as Markdown text (no counselor notes, no intake factors, no history)."""
    open_goals = [d for d in details if d.is_open]
    reached = [d for d in details if d.goal.status == "achieved"]
    lines = [f"# My plan — {_cell(display_name)}", "", f"Written with my counselor on {today}."]
    review = next_review(details, today)
    if review:
        lines.append(f"Next check-in: **{review}**.")
    lines += ["", "## What I'm working on", ""]
    if not open_goals:
        lines += ["_No goals set yet: we'll write them together._", ""]
    for detail in open_goals:
        lines += _goal_lines(detail, today)

    strategies: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for detail in open_goals:
        for s in detail.strategies:
            if s.label.casefold() not in seen:
                seen.add(s.label.casefold())
                strategies.setdefault(s.concern, []).append((s.label, s.note))
    if strategies:
        lines += ["## My safer-use plan", ""]
        order = {c: i for i, c in enumerate(vocab.STRATEGY_CONCERNS)}
        for concern in sorted(strategies, key=lambda c: order.get(c, len(order))):
            lines += [f"### {_cell(concern)}", ""]
            for label, note in strategies[concern]:
                lines.append(f"- {_cell(label)}" + (f" — {_cell(note)}" if note else ""))
            lines.append("")

    helpers = []
    for detail in open_goals:
        text = detail.goal.helpers.strip()
        if text and text not in helpers:
            helpers.append(text)
    if helpers:
        lines += ["## People and things that help me", ""]
        for text in helpers:
            lines.append("- " + " ".join(_safe(x) for x in text.splitlines() if x.strip()))
        lines.append("")

    if reached:
        lines += ["## Already reached", ""]
        lines += [f"- {_cell(d.goal.title)}" for d in reached]
        lines.append("")

    lines += [
        "---",
        "",
        "Every step toward health counts. If things don't go to plan, that is something to "
        "look at together, not the end of the plan.",
    ]
    return "\n".join(lines) + "\n"


def plan_markdown(vault: Vault, client_id: int, today: date | None = None) -> str:
    """The client's take-home plan as Markdown (reading only; nothing is written)."""
    client, details = plan_details(vault, client_id)
    return render_plan(client.display_name, details, today or clock.today())


def plan_for_code(vault: Vault, code: str, today: date | None = None) -> str:
    """The plan of the client with this code (any case), noted in their audit trail.

    Raises :class:`hrtui.store.errors.NotFound` for an unknown code."""
    from hrtui.store.clients import find_client

    client = find_client(vault, code)
    assert client.id is not None
    text = plan_markdown(vault, client.id, today)
    record_plan_written(vault, client.id)
    return text


def write_plan(
    vault: Vault,
    client_id: int,
    path_text: str,
    overwrite: bool = False,
    today: date | None = None,
) -> Path:
    """Write the client's plan to ``path_text`` (a full path; 0600) and note it in the audit
    trail. Raises :class:`Invalid` ({"path": message}) if it cannot be written there."""
    path = target_path(path_text, overwrite)
    text = plan_markdown(vault, client_id, today)
    try:
        write_private_file(path, text)
    except OSError as exc:
        raise Invalid({"path": f"Cannot write there: {exc.strerror or 'error'}."}) from None
    record_plan_written(vault, client_id)
    return path
