"""The client's take-home plan: one client's goals in their own words, the safer-use strategies
they chose, who and what helps, and the next check-in, as Markdown (for counselors) and as a
printable page for the client (:mod:`hrtui.plan_page`). Dates are written out ("Tuesday 9
December") and, for alcohol, a "use day" is a "drinking day". Imports no Textual.

It shows the next appointment, and leaves out everything that is the counselor's alone: counselor
notes (on goals and on the client), session notes, intake factors, revision history and
statuses. Paused goals are left out too; reached goals are listed as reached.

Written from the Goals pane (Ctrl+G) or with ``hrtui export --client CODE --format plan``.
The file is NOT encrypted: it is created readable only by its owner (0600). Writing it is a
disclosure, kept in the client's list (by default the client's own copy: "The client", consent
not needed; see :mod:`hrtui.store.sessions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.domain.sessions import DisclosureInput, own_copy
from hrtui.files import target_path, write_private_file
from hrtui.store.errors import Invalid
from hrtui.store.goals import GoalDetail, plan_details, record_plan_written
from hrtui.store.vault import Vault

#: File endings that get the printable page; any other gets the Markdown.
PAGE_SUFFIXES = (".html", ".htm")

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


def next_review(
    details: Iterable[GoalDetail], today: date, review_checkin: date | None = None
) -> date | None:
    """The next check-in: the one the most recent review set (``review_checkin``: the latest
    agreement) when it is today or later; else the earliest review date from today on among
    open goals."""
    if review_checkin is not None and review_checkin >= today:
        return review_checkin
    days = [
        d.goal.review_on
        for d in details
        if d.is_open and d.goal.review_on is not None and d.goal.review_on >= today
    ]
    return min(days) if days else None


def say_date(day: date, today: date) -> str:
    """A date as a client reads it: "Tuesday 9 December" (with the year when it is not this
    year's: "Friday 1 January 2027")."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


# English names whatever the machine's locale (``%A`` would follow it)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _plain(text: str, substance: str | None) -> str:
    """Plan words without the counselor's jargon: for alcohol, a "use day" is a "drinking
    day"."""
    if (substance or "").strip().casefold() == "alcohol":
        return text.replace("use day", "drinking day")
    return text


def _aim(detail: GoalDetail, today: date) -> list[str]:
    """What the goal aims for, in plain words."""
    goal = detail.goal
    if goal.kind == "reduce":
        aim = _plain(
            rules.describe_target(goal.target_amount, goal.unit, goal.period), goal.substance
        )
        line = f"- **What I'm aiming for:** {aim}"
        if goal.baseline_amount is not None:
            line += f" (it was {rules.fmt_amount(goal.baseline_amount)})"
        return [line]
    if goal.kind == "abstinence":
        since = say_date(goal.start_on, today)
        return [f"- **What I'm aiming for:** no {goal.substance or 'use'}, from {since}"]
    if goal.kind == "stepdown":
        lines = ["- **My step-down ladder:**", "", "  | From | Amount |", "  |---|---|"]
        found = detail.current_step(today)
        now_index = found[0] if found else None
        for index, step in enumerate(detail.steps):
            amount = _plain(
                rules.describe_target(step.amount, goal.unit, goal.period), goal.substance
            )
            mark = " ← now" if index == now_index else ""
            note = f" ({_cell(step.note)})" if step.note else ""
            lines.append(f"  | {say_date(step.starts_on, today)} | {_cell(amount)}{note}{mark} |")
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
    lines.append(f"- **Started:** {say_date(goal.start_on, today)}")
    if goal.review_on:
        lines.append(f"- **We'll look at it again on:** {say_date(goal.review_on, today)}")
    for name, heading in PLAN_TEXTS:
        text = getattr(goal, name)
        if text.strip():
            lines += ["", f"**{heading}**", "", *_paragraph(text)]
    return [*lines, ""]


def render_plan(
    display_name: str,
    details: list[GoalDetail],
    today: date,
    appointment: str | None = None,
    review_checkin: date | None = None,
) -> str:
    """The plan as Markdown text (no counselor notes, no session notes, no intake factors, no
    history). ``appointment``: the next appointment in words, if one is planned;
    ``review_checkin``: the next check-in the most recent review set, if any."""
    open_goals = [d for d in details if d.is_open]
    reached = [d for d in details if d.goal.status == "achieved"]
    written = say_date(today, today)
    lines = [f"# My plan — {_cell(display_name)}", "", f"Written with my counselor on {written}."]
    if appointment:
        lines.append(f"Our next appointment: **{_cell(appointment)}**.")
    review = next_review(details, today, review_checkin)
    if review:
        lines.append(f"Next check-in: **{say_date(review, today)}**.")
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

    helpers: list[str] = []  # one a line (a support added in a review is a line of its own)
    for detail in open_goals:
        for line in detail.goal.helpers.splitlines():
            text = " ".join(line.split())
            if text and text.casefold() not in {h.casefold() for h in helpers}:
                helpers.append(text)
    if helpers:
        lines += ["## People and things that help me", ""]
        lines += ["- " + _safe(text) for text in helpers]
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
    from hrtui.store.reviews import list_reviews
    from hrtui.store.sessions import next_appointment

    today = today or clock.today()
    client, details = plan_details(vault, client_id)
    upcoming = next_appointment(vault, client_id, today)
    # the most recent review that set a next check-in (the list is the latest day first)
    checkin = next((r.next_checkin for r in list_reviews(vault, client_id) if r.next_checkin), None)
    return render_plan(
        client.display_name, details, today, upcoming.text(today) if upcoming else None, checkin
    )


def _disclosed(vault: Vault, client_id: int, disclosure: DisclosureInput | None) -> list[int]:
    """Record the plan as a disclosure (the client's own copy unless told otherwise)."""
    from hrtui.store.sessions import record_disclosures

    recorded = record_disclosures(vault, [client_id], "plan", disclosure or own_copy())
    return [d.id for d in recorded]


def plan_for_code(
    vault: Vault, code: str, today: date | None = None, disclosure: DisclosureInput | None = None
) -> str:
    """The plan of the client with this code (any case), noted in their audit trail and
    their disclosures. Raises :class:`hrtui.store.errors.NotFound` for an unknown code, and
    :class:`Invalid` for an incomplete ``disclosure`` (before anything is recorded)."""
    from hrtui.store.clients import find_client
    from hrtui.store.sessions import checked_disclosure

    if disclosure is not None:
        checked_disclosure(disclosure)
    client = find_client(vault, code)
    assert client.id is not None
    text = plan_markdown(vault, client.id, today)
    _disclosed(vault, client.id, disclosure)
    record_plan_written(vault, client.id)
    return text


def write_plan(
    vault: Vault,
    client_id: int,
    path_text: str,
    overwrite: bool = False,
    today: date | None = None,
    disclosure: DisclosureInput | None = None,
) -> Path:
    """Write the client's plan to ``path_text`` (a full path; 0600) and note it in the audit
    trail and in the client's disclosures (``disclosure``; None: the client's own copy).
    A name ending in .html (or with no ending: .html is added) gets the printable page
    (:func:`hrtui.plan_page.plan_page`); any other ending, e.g. .md, the Markdown.
    Raises :class:`Invalid` ({"path": message}, or the disclosure's fields) if it cannot be
    written there."""
    from hrtui.plan_page import plan_page
    from hrtui.store.sessions import checked_disclosure, withdraw_disclosures

    if disclosure is not None:
        checked_disclosure(disclosure)
    path = target_path(path_text, overwrite)
    if not path.suffix:
        path = target_path(str(path.with_suffix(".html")), overwrite)
    text = plan_markdown(vault, client_id, today)
    if path.suffix.lower() in PAGE_SUFFIXES:
        text = plan_page(text)
    recorded = _disclosed(vault, client_id, disclosure)
    try:
        write_private_file(path, text)
    except OSError as exc:
        withdraw_disclosures(vault, recorded)
        raise Invalid({"path": f"Cannot write there: {exc.strerror or 'error'}."}) from None
    record_plan_written(vault, client_id)
    return path
