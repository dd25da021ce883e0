"""Why the plan changes: :class:`ReasonDialog` (a short reason for a revision),
:class:`StatusDialog` (a goal met, paused, changed…), :class:`StepBackDialog` (a step-down goal
goes back a step, without blame), and the :class:`AsksReason` mixin that forms use to ask for a
reason before saving a change to the plan; and :class:`DeleteGoalForm` (a goal entered by
mistake, deleted once the client's code is typed again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import (
    Input,
    Select,
    Static,
)

from hrtui.domain import goals as rules
from hrtui.screens.form import FormScreen, field

if TYPE_CHECKING:  # a mixin of forms: checked as one, a plain class when run
    _FormMixin = FormScreen[Any]
else:
    _FormMixin = object


class AsksReason(_FormMixin):
    """For a form whose save may raise ReasonNeeded: ask why, then save again with the reason."""

    _reason = ""

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.store.goals import ReasonNeeded

        if isinstance(exc, ReasonNeeded):
            self._saving = False
            self.query_one("#form-error", Static).update("")

            def answered(reason: str | None) -> None:
                if reason:
                    self._reason = reason
                    self.action_save()

            self.app.push_screen(ReasonDialog(exc.summary), answered)
            return True
        return super()._not_saved(exc)


class ReasonDialog(FormScreen[Any]):
    """Asks why the plan changes; shows what changes. Returns the reason (or what ``apply``
    returns), or None."""

    FORM_TITLE = "Why does the plan change?"
    HELP_TEXT = (
        "A change of plan is kept with the goal, dated, with this reason. Changing a plan is "
        "part of the work: say what changed or what you learned together. " + FormScreen.HELP_TEXT
    )
    DEFAULT_CSS = """
    ReasonDialog .change-summary { margin-top: 1; }
    """

    def __init__(
        self,
        summary: list[str],
        default: str = "",
        apply: Callable[[Any, str], Any] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.default = default
        self.apply = apply
        if title:
            self.FORM_TITLE = title

    def compose_fields(self) -> ComposeResult:
        yield from self.extra_fields()
        if self.summary:
            text = Text.assemble(("What changes:", "bold"))
            for line in self.summary:
                text.append(f"\n • {line}")
            yield Static(text, classes="change-summary")
        yield from field(
            "Reason (kept with the revision)",
            Input(self.default, id="reason", max_length=rules.REASON_MAX,
                  placeholder="e.g. too big a jump with night shifts"),
        )  # fmt: skip

    def extra_fields(self) -> ComposeResult:
        return iter(())

    def on_mount(self) -> None:  # after FormScreen's own focus (see GoalForm.on_mount)
        self.call_after_refresh(lambda: self.query_one("#reason").focus())

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.errors import Invalid

        problem = rules.reason_problem(values["reason"])
        if problem:
            raise Invalid({"reason": problem})
        reason = values["reason"].strip()
        return self.apply(vault, reason) if self.apply else reason


class StatusDialog(ReasonDialog):
    """Change a goal's status (active, progressing, achieved, revised, paused) with a reason.
    Returns the revision, or None."""

    FORM_TITLE = "Change the goal's status"

    def __init__(self, detail: Any) -> None:
        super().__init__([], title=f"Status · {detail.goal.title}")
        self.detail = detail

    def extra_fields(self) -> ComposeResult:
        current = self.detail.goal.status
        suggestion = {"active": "progressing", "progressing": "achieved", "paused": "active"}
        yield Static(
            f"Now: {rules.STATUSES[current]}. Any step toward health counts; when a goal "
            "doesn't fit any more, pause it or revise it.",
            classes="field-hint",
        )
        yield from field(
            "New status",
            Select([(label, key) for key, label in rules.STATUSES.items()], id="status",
                   value=suggestion.get(current, "active"), allow_blank=False),
        )  # fmt: skip

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.errors import Invalid
        from hrtui.store.goals import set_status

        problem = rules.reason_problem(values["reason"])
        if problem:
            raise Invalid({"reason": problem})
        return set_status(vault, self.detail.goal.id, values["status"], values["reason"])


class StepBackDialog(ReasonDialog):
    """Move a step-down back one step, as a change of plan. Returns the revision, or None."""

    def __init__(self, detail: Any, ladder: list[rules.Step]) -> None:
        before = [{"starts_on": str(s.starts_on), "amount": s.amount} for s in detail.steps]
        after = [{"starts_on": str(s.starts_on), "amount": s.amount} for s in ladder]
        summary = rules.describe_changes({"ladder": [before, after]})
        goal_id = detail.goal.id

        def apply(vault: Any, reason: str) -> Any:
            from hrtui.store.goals import step_back

            return step_back(vault, goal_id, reason)

        super().__init__(
            [
                "The step before this one applies again from today, for as long as it did "
                "the first time; the later steps move with it.",
                *summary,
            ],
            default="Back to the previous step for a while",
            apply=apply,
            title=f"Move back a step · {detail.goal.title}",
        )


class DeleteGoalForm(FormScreen[Any]):
    """Deletes a goal entered by mistake once the client's code is typed again. Returns the
    deleted goal's title, or None. Pausing a goal (its status) keeps it; this does not."""

    SAVE_WORD = "delete"

    SHORT = True
    HELP_TEXT = (
        "Deletes a goal entered by mistake (the wrong client, a duplicate, a goal not meant), "
        "for good: its history, strategies and links go with it; reviews stay. To stop working "
        "on a goal, pause it instead (Ctrl+T): a paused goal keeps its history. Type the client "
        "code to confirm. The audit trail keeps only that a goal was deleted, and when. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, detail: Any, client_code: str) -> None:
        super().__init__()
        self.detail = detail
        self.client_code = client_code
        self.FORM_TITLE = "Delete a goal entered by mistake"

    def compose_fields(self) -> ComposeResult:
        yield Static(
            Text.assemble("Delete “", (self.detail.goal.title, "bold"), "” for good?"),
            classes="warning",
        )
        yield Static(
            "Its history and strategies go with it. To stop working on it, pause it instead "
            "(Ctrl+T): a paused goal keeps its history.",
            classes="field-hint",
        )
        yield from field(
            f"Type the client code ({self.client_code}) to confirm", Input(id="confirm")
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.goals import delete_goal

        return delete_goal(vault, self.detail.goal.id, values["confirm"])
