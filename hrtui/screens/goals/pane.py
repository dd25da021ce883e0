"""The Goals tab of a client's workspace: :class:`GoalsPane`.

A table of the client's goals with the selected goal's detail below. Its keys add a goal
(:class:`~hrtui.screens.goals.form.KindPicker` then
:class:`~hrtui.screens.goals.form.GoalForm`), edit it, pick from the menu of options, change
the status or step back (asking why), show the revision history and write the take-home plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    DataTable,
    Static,
)

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.screens.base import VaultPane
from hrtui.screens.goals.detail import detail_view, short_aim
from hrtui.screens.goals.dialogs import DeleteGoalForm, StatusDialog, StepBackDialog
from hrtui.screens.goals.form import GoalForm, KindPicker
from hrtui.screens.goals.history import HistoryScreen
from hrtui.screens.goals.menu import StrategyPicker
from hrtui.screens.goals.plan import PlanPreview
from hrtui.widgets.fast_table import PlainTable

SHORT_KINDS = {
    "reduce": "Reduce use",
    "safer": "Safer use",
    "stepdown": "Step-down",
    "abstinence": "Abstinence",
    "life": "Life",
}


class GoalTable(PlainTable):
    """The goals table; Enter edits the selected goal (and says so in the footer)."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Edit", key_display="⏎", tooltip="Edit the goal"),
    ]


class GoalsPane(VaultPane):
    HELP_TEXT = (
        "Goals written with the client, in their words: reduce use, a safer-use plan from the "
        "menu of options, a step-down ladder, abstinence, or a life goal. Up/Down choose a "
        "goal and Enter edits it. A change of target, ladder, strategies or status is kept as "
        "a dated revision with its reason; a goal is paused or revised, never judged, and moving "
        "back a step is a change of plan. Ctrl+G shows the client's take-home plan (no counselor "
        "notes), then writes it to a file you name. Delete removes a goal entered by mistake, "
        "for good (the client's code is typed again to confirm); to stop working on a goal, "
        "pause it (Ctrl+T)."
    )
    #: F1 in the client view: the same without the plan file and Delete (neither is offered in
    #: the client view).
    CLIENT_VIEW_HELP = HELP_TEXT.partition(" Ctrl+G shows")[0]
    BINDINGS = [
        Binding("ctrl+n", "new_goal", "New goal", tooltip="Add a goal (choose its kind first)"),
        Binding("ctrl+g", "write_plan", "Plan",
                tooltip="Show the client's take-home plan, then write it to a file"),
        Binding("ctrl+o", "options", "Options", tooltip="Menu of options: safer-use strategies"),
        Binding("ctrl+t", "status", "Status", tooltip="Change the goal's status, with a reason"),
        Binding("ctrl+b", "step_back", "Step back", tooltip="Step-down: back to the last step"),
        Binding("ctrl+y", "history", "History", tooltip="The goal's revisions"),
        Binding("delete", "delete_goal", "Delete", show=False,
                tooltip="Delete a goal entered by mistake (the client's code typed again)"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    GoalsPane {
        height: 1fr;
    }
    GoalsPane #goals-table {
        height: auto;
        max-height: 7;
    }
    GoalsPane #goal-detail {
        height: 1fr;
        min-height: 6;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    GoalsPane #goals-status {
        height: 1;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.details: list[Any] = []
        self.today = clock.today()

    def compose(self) -> ComposeResult:
        yield GoalTable(id="goals-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="goal-detail"):
            yield Static("", id="goal-detail-text")
        yield Static("Loading…", id="goals-status")

    def on_mount(self) -> None:
        table = self.query_one("#goals-table", GoalTable)
        table.add_column("Kind", key="kind", width=10)
        table.add_column("Goal", key="title", width=24)
        table.add_column("Aiming for", key="aim", width=20)
        table.add_column("Status", key="status", width=11)
        table.flex("title", "aim")  # the client's words take the width there is
        self.watch(self.app, "client_view", lambda _: self._show_detail(), init=False)
        # VaultPane.on_mount (which loads the goals) runs next: Textual calls each class's own
        # handler in turn.

    # -- data ------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.screens.goals.detail import goal_details_with_prompts as goal_details

        keep = select_id if select_id is not None else self.selected_id()
        self.call_store(goal_details, self.client_id, done=lambda d: self._loaded(d, keep))

    def _loaded(self, details: list[Any], keep: int | None) -> None:
        self.today = clock.today()
        self.details = details
        table = self.query_one("#goals-table", DataTable)
        table.clear()
        for detail in details:
            goal = detail.goal
            style = "" if detail.is_open else "dim"
            table.add_row(
                Text(SHORT_KINDS.get(goal.kind, goal.kind), style=style),
                Text(goal.title, style=style),
                Text(short_aim(detail, self.today), style=style),
                Text(rules.STATUSES.get(goal.status, goal.status), style=style),
                key=str(goal.id),
            )
        for index, detail in enumerate(details):
            if detail.goal.id == keep:
                table.move_cursor(row=index)
                break
        open_count = sum(1 for d in details if d.is_open)
        if details:
            status = f"{len(details)} goal{'s' if len(details) != 1 else ''}, {open_count} open"
            status += " · Enter edits · Ctrl+N new · F1 keys"
        else:
            status = "No goals yet. Press Ctrl+N to write the first one with the client."
        self.query_one("#goals-status", Static).update(status)
        self._show_detail()

    def selected(self) -> Any | None:
        table = self.query_one("#goals-table", DataTable)
        if not self.details or not 0 <= table.cursor_row < len(self.details):
            return None
        return self.details[table.cursor_row]

    def selected_id(self) -> int | None:
        detail = self.selected()
        return detail.goal.id if detail else None

    def _show_detail(self) -> None:
        detail = self.selected()
        text = self.query_one("#goal-detail-text", Static)
        if detail is None:
            text.update(
                "Harm reduction goals are the client's own: any step toward health counts. "
                "Abstinence is one possible goal, never the only one."
            )
        else:
            text.update(detail_view(detail, self.today, counselor=not self.app.client_view))

    @on(DataTable.RowHighlighted, "#goals-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#goals-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_goal()

    def _need_goal(self, what: str) -> Any | None:
        detail = self.selected()
        if detail is None:
            self.notify(
                f"Select a goal to {what}." if self.details else "Add a goal first (Ctrl+N)."
            )
        return detail

    # -- actions ---------------------------------------------------------------------------

    def _with_context(self, then: Callable[[Any], None]) -> None:
        from hrtui.store.goals import goal_context

        self.call_store(goal_context, self.client_id, done=then)

    def action_new_goal(self) -> None:
        def picked(kind: str | None) -> None:
            if kind:
                self._with_context(lambda ctx: self._open_form(kind, ctx, None))

        self.app.push_screen(KindPicker(), picked)

    def _open_form(self, kind: str, context: Any, detail: Any | None) -> None:
        def saved(goal: Any) -> None:
            if goal is not None:
                self.notify("Goal saved." if detail else f"Goal added: {goal.title}")
                self.reload(select_id=goal.id)

        self.app.push_screen(GoalForm(self.client_id, kind, context, detail), saved)

    def action_edit_goal(self) -> None:
        detail = self._need_goal("edit")
        if detail is not None:
            self._with_context(lambda ctx: self._open_form(detail.goal.kind, ctx, detail))

    def action_options(self) -> None:
        detail = self._need_goal("plan strategies for")
        if detail is None:
            return

        def saved(goal: Any) -> None:
            if goal is not None:
                self.notify("Safer-use plan saved; the change is in the goal's history.")
                self.reload(select_id=goal.id)

        self._with_context(lambda ctx: self.app.push_screen(StrategyPicker(detail, ctx), saved))

    def action_status(self) -> None:
        detail = self._need_goal("change")
        if detail is None:
            return

        def changed(revision: Any) -> None:
            if revision is not None:
                self.notify("Status changed; the reason is in the goal's history.")
                self.reload()

        self.app.push_screen(StatusDialog(detail), changed)

    def action_step_back(self) -> None:
        detail = self._need_goal("move back a step")
        if detail is None:
            return
        if detail.goal.kind != "stepdown":
            self.notify("Only a step-down goal has steps to move back (choose one first).")
            return
        try:
            ladder = rules.step_back(detail.steps, clock.today())
        except ValueError as exc:
            self.notify(str(exc))
            return

        def moved(revision: Any) -> None:
            if revision is not None:
                self.notify("Moved back a step: kept in the goal's history as a change of plan.")
                self.reload()

        self.app.push_screen(StepBackDialog(detail, ladder), moved)

    def action_history(self) -> None:
        detail = self._need_goal("see the history of")
        if detail is not None:
            self.app.push_screen(HistoryScreen(detail.goal.id))

    def action_delete_goal(self) -> None:
        detail = self._need_goal("delete")
        if detail is None:
            return
        client = getattr(self.screen, "client", None)
        code = getattr(client, "code", "") or ""

        def deleted(title: str | None) -> None:
            if title is not None:
                self.notify(f"Goal deleted: {title}")
                self.reload()

        self.app.push_screen(DeleteGoalForm(detail, code), deleted)

    def action_write_plan(self) -> None:
        client = getattr(self.screen, "client", None)
        code = getattr(client, "code", "") or "CODE"

        def written(path: Any) -> None:
            if path is not None:
                self.notify(
                    f"Wrote the client's plan to {path}. It is NOT encrypted: hand it over, "
                    "then delete it.",
                    title="Plan written",
                    timeout=10,
                )

        self.app.push_screen(PlanPreview(self.client_id, code), written)
