"""A goal's revision history: :class:`HistoryScreen` lists each revision with its
date, what changed and the reason given.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Static,
)

from hrtui.domain import goals as rules
from hrtui.screens.base import VaultModal
from hrtui.widgets.footer import Footer


class HistoryScreen(VaultModal[None]):
    """Every revision of one goal, newest first: date, reason and what changed."""

    HELP_TEXT = "The goal's history of changes of plan, newest first. Escape closes."
    BINDINGS = [Binding("escape,q", "close", "Close")]
    DEFAULT_CSS = """
    HistoryScreen #history-scroll { height: 1fr; }
    """

    def __init__(self, goal_id: int) -> None:
        super().__init__()
        self.goal_id = goal_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("History", id="history-title", classes="dialog-title")
            with VerticalScroll(id="history-scroll"):
                yield Static("Loading…", id="history")
            yield Static("Esc closes", classes="form-keys")
        yield Footer()

    def on_mount(self) -> None:
        from hrtui.store.goals import goal_detail

        self.query_one("#history-scroll").focus()
        self.call_store(goal_detail, self.goal_id, done=self._show)

    def _show(self, detail: Any) -> None:
        from hrtui.store.goals import changes_of

        goal = detail.goal
        self.query_one("#history-title", Static).update(
            Text.assemble(("History · ", "bold"), (goal.title, "bold"),
                          f"  (started {goal.start_on})")
        )  # fmt: skip
        if not detail.revisions:
            self.query_one("#history", Static).update(
                "No changes of plan yet: the goal is as it was first written."
            )
            return
        text = Text()
        for revision in reversed(detail.revisions):
            if text:
                text.append("\n\n")
            text.append(str(revision.revised_on), style="bold")
            if revision.review_id is not None:
                text.append(" (review)", style="bold")
            text.append("\n  Why: ", style="bold")
            text.append(revision.reason)
            for line in rules.describe_changes(changes_of(revision)) or ["no field changed"]:
                text.append(f"\n  • {line}")
        self.query_one("#history", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(None)
