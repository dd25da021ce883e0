"""The small forms and pickers of the review: start a review, pick from a list, add a
trigger or a new stressor (either may become an intake factor), revise a goal, add a safer-use
strategy or a support. Each is a :class:`~hrtui.screens.form.FormScreen` (or a modal list) that
the pane or the worksheet opens and that returns what was entered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import (
    Input,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.parse import DAY_HINT
from hrtui.domain.reviews import StressorItem, TriggerItem
from hrtui.screens.base import VaultModal
from hrtui.screens.form import FormScreen, field
from hrtui.widgets import plain


class StartReviewForm(FormScreen[Any]):
    """Start a review: which day. Returns :class:`hrtui.store.reviews.Started`."""

    FORM_TITLE = "Start a review of a day of use"
    HELP_TEXT = (
        "Type the day to look at together. The worksheet suggests what kind of day it was (a "
        "day over the plan, a heavier day, use after a break, a return to a pattern) from the "
        "log and the goals; change it there if the client sees it differently. The day's "
        "entries are linked to the review and fill in what happened; the open goals about "
        "what was used are linked (change that in the Goals section). " + FormScreen.HELP_TEXT
    )
    SHORT = True

    def __init__(self, client_id: int, defaults: Any) -> None:
        super().__init__()
        self.client_id = client_id
        self.defaults = defaults

    def compose_fields(self) -> ComposeResult:
        recent = [d.isoformat() for d in self.defaults.recent_use_days[:5]]
        hint = DAY_HINT
        if recent:
            hint = "Recent days with use: " + ", ".join(recent)
        yield from field("Day to review", Input(self.defaults.day.isoformat(), id="day"), hint=hint)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.reviews import start_review

        return start_review(vault, self.client_id, values["day"])


class PickList(VaultModal[Any]):
    """A titled list to pick one item from with Up/Down and Enter; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PickList .dialog { width: 76; }
    PickList OptionList { height: auto; max-height: 14; }
    """

    def __init__(self, title: str, options: list[tuple[str, Any]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(plain.text(label), id=str(i))
                    for i, (label, _) in enumerate(self.options)
                ],
                id="pick",
            )
            yield Static(self.hint or "Enter picks · Esc cancels", classes="form-keys")

    def on_mount(self) -> None:
        picker = self.query_one("#pick", OptionList)
        picker.highlighted = 0
        picker.focus()

    @on(OptionList.OptionSelected, "#pick")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


def _category_options(categories: dict[str, list[str]], grp: str) -> list[tuple[Text, str]]:
    return plain.options(categories.get(grp, []))


class IntakeItemForm(FormScreen[Any]):
    """Base for a trigger or stressor that may become an intake factor (group + category)."""

    def __init__(self, categories: dict[str, list[str]]) -> None:
        super().__init__()
        self.categories = categories

    @on(Select.Changed, "#grp")
    def _group_changed(self, event: Select.Changed) -> None:
        category = self.query_one("#category", Select)
        grp = event.value if event.value in vocab.FACTOR_GROUPS else ""
        keep = category.value
        options = _category_options(self.categories, grp)
        category.set_options(options)
        if keep in {v for _, v in options}:
            category.value = keep
        category.disabled = not grp


class TriggerForm(IntakeItemForm):
    """A new trigger, added to the intake as a factor that raises risk. Returns a
    :class:`TriggerItem` (saved with the review)."""

    FORM_TITLE = "A new trigger (it is added to the intake)"
    HELP_TEXT = (
        "A trigger is something inside the person (a feeling, a thought, tiredness, pain) or "
        "around them (people, places, times, money) that set off the use. It is added to the "
        "client's intake as a factor that raises risk when the review is saved. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, categories: dict[str, list[str]], item: TriggerItem | None = None) -> None:
        super().__init__(categories)
        self.item = item

    def compose_fields(self) -> ComposeResult:
        item = self.item
        grp = item.grp if item and item.grp else "internal"
        yield from field(
            "What set it off, in the client's words",
            Input(item.label if item else "", id="label", max_length=rules.ITEM_MAX),
        )
        yield from field(
            "Inside the person, or around them?",
            Select(
                [("Internal (inside the person)", "internal"),
                 ("External (around them)", "external")],
                value=grp, allow_blank=False, id="grp",
            ),
        )  # fmt: skip
        yield from field(
            "Category in the intake",
            Select(
                _category_options(self.categories, grp),
                value=item.category if item and item.category else Select.NULL,
                prompt="Choose a category",
                id="category",
            ),
        )

    def save(self, vault: Any, values: dict[str, Any]) -> TriggerItem:
        from hrtui.store.errors import Invalid

        grp, category = values["grp"] or "", values["category"] or ""
        errors = rules.factor_item_problems(grp, category, values["label"])
        if errors:
            raise Invalid(errors)
        return TriggerItem(" ".join(values["label"].split()), None, grp, category)


NOT_TO_INTAKE = "no"


class StressorForm(IntakeItemForm):
    """A new stressor; it may be added to the intake as a factor. Returns a
    :class:`StressorItem` (saved with the review)."""

    FORM_TITLE = "A new stressor"
    HELP_TEXT = (
        "Something new that weighs on the person since the goals were set: a move, a loss, "
        "money, work, health. Added to the intake, it becomes a factor that raises risk (so "
        "the goals can answer to it). " + FormScreen.HELP_TEXT
    )

    def __init__(self, categories: dict[str, list[str]], item: StressorItem | None = None) -> None:
        super().__init__(categories)
        self.item = item
        if item is not None:
            self.FORM_TITLE = "Change the stressor"

    def compose_fields(self) -> ComposeResult:
        item = self.item
        in_intake = item is not None and item.factor_id is not None
        grp = (item.grp or NOT_TO_INTAKE) if item else "external"
        yield from field(
            "The stressor, in the client's words",
            Input(item.text if item else "", id="text", max_length=rules.ITEM_MAX),
        )
        if in_intake:
            yield Static("It is in the intake already (change it there, F3).", classes="field-hint")
            return
        yield from field(
            "Add it to the intake?",
            Select(
                [("Yes, as an external factor (around them)", "external"),
                 ("Yes, as an internal factor (inside the person)", "internal"),
                 ("No, keep it in this review only", NOT_TO_INTAKE)],
                value=grp, allow_blank=False, id="grp",
            ),
        )  # fmt: skip
        categories = _category_options(self.categories, grp)
        yield from field(
            "Category in the intake",
            Select(
                categories,
                value=item.category if item and item.category else Select.NULL,
                prompt="Choose a category",
                id="category",
                disabled=grp == NOT_TO_INTAKE,
            ),
        )

    def save(self, vault: Any, values: dict[str, Any]) -> StressorItem:
        from hrtui.store.errors import Invalid

        text = " ".join((values["text"] or "").split())
        item = self.item
        if item is not None and item.factor_id is not None:
            problem = rules.item_text_problem(text)
            if problem:
                raise Invalid({"text": problem})
            return replace(item, text=text)
        grp = values.get("grp") or NOT_TO_INTAKE
        if grp == NOT_TO_INTAKE:
            problem = rules.item_text_problem(text)
            if problem:
                raise Invalid({"text": problem})
            return StressorItem(text)
        errors = rules.factor_item_problems(grp, values.get("category") or "", text, name="text")
        if errors:
            raise Invalid(errors)
        return StressorItem(text, None, grp, values["category"])


class ReviseGoalForm(FormScreen[Any]):
    """Revise one goal from the review: target, ladder or steps, status, and why. The revision
    names the review as its reason. Returns the revision."""

    HELP_TEXT = (
        "Change the goal as agreed with the client. It is kept in the goal's history as a "
        "revision with this review as its reason. A review keeps the goal open; moving back a "
        "step or lowering a target is a change of plan, not a setback. " + FormScreen.HELP_TEXT
    )
    DEFAULT_CSS = """
    ReviseGoalForm #ladder { height: 6; }
    """

    def __init__(self, review_id: int, day: date, detail: Any, note: str) -> None:
        super().__init__()
        self.review_id = review_id
        self.day = day
        self.detail = detail
        self.note = note
        self.FORM_TITLE = f"Revise: {detail.goal.title}"

    def _current(self) -> dict[str, str]:
        from hrtui.domain import goals as goal_rules

        goal = self.detail.goal
        return {
            "target_amount": goal_rules.fmt_amount(goal.target_amount)
            if goal.target_amount is not None
            else "",
            "ladder": goal_rules.ladder_text(self.detail.steps),
            "steps": goal.steps,
        }

    def compose_fields(self) -> ComposeResult:
        from hrtui.domain import goals as goal_rules

        goal = self.detail.goal
        now = self._current()
        if goal.kind == "reduce":
            aim = goal_rules.describe_target(goal.target_amount, goal.unit, goal.period)
            yield from field(
                plain.text(
                    f"New target ({goal.unit or 'amount'}, "
                    f"{goal_rules.PERIODS.get(goal.period or '', '')})"
                ),
                Input(now["target_amount"], id="target_amount"),
                hint=f"Now: {aim}.",
            )
        elif goal.kind == "stepdown":
            yield from field(
                "Ladder", TextArea(now["ladder"], id="ladder"), hint=goal_rules.LADDER_HINT
            )
        else:
            yield from field("Steps I'll take", Input(now["steps"], id="steps"))
        current = vocab.GOAL_STATUSES.get(goal.status, goal.status).lower()
        yield from field(
            "Status",
            Select(
                [(f"Keep as it is ({current})", "keep")]
                + [(vocab.GOAL_STATUSES[s], s) for s in vocab.OPEN_GOAL_STATUSES],
                value="keep",
                allow_blank=False,
                id="status",
            ),
            hint="A review keeps goals open (active, progressing or revised).",
        )
        yield from field(
            "What changes and why",
            Input(self.note, id="reason", max_length=400),
            hint=f'Saved as "Review of {self.day.isoformat()}: …" in the goal\'s history.',
        )

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        now = self._current()
        changes: dict[str, Any] = {}
        for name in ("target_amount", "ladder", "steps"):
            if name in values and (values[name] or "").strip() != now[name].strip():
                changes[name] = values[name]
        if values.get("status") not in (None, "keep"):
            changes["status"] = values["status"]
        return changes

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.errors import Invalid
        from hrtui.store.reviews import revise_goal_from_review

        changes = self.changes(values)
        if not changes:
            first = next(n for n in ("target_amount", "ladder", "steps") if n in values)
            raise Invalid({first: "Nothing changes yet: change this, or the status."})
        try:
            return revise_goal_from_review(
                vault, self.review_id, self.detail.goal.id, changes, values["reason"]
            )
        except Invalid as exc:
            known = {"target_amount", "ladder", "steps", "status", "reason"}
            if set(exc.errors) <= known:
                raise
            raise Invalid(
                {k if k in known else "reason": v for k, v in exc.errors.items()}
            ) from None


class StrategyForm(FormScreen[Any]):
    """Add a safer-use strategy to a goal's plan from the review. Returns the revision."""

    HELP_TEXT = (
        "Pick a strategy from the menu of options, or type the client's own. It is added to "
        "the goal's plan and kept in its history with this review as the reason. "
        + FormScreen.HELP_TEXT
    )

    def __init__(
        self,
        review_id: int,
        goal: Any,
        menu: dict[str, list[str]],
        substances: Any = (),
    ) -> None:
        super().__init__()
        self.review_id = review_id
        self.goal = goal
        self.menu = menu
        #: The client's substances: the menu lists the options for them first.
        self.substances = list(substances)
        self.FORM_TITLE = f"Add a safer-use strategy: {goal.title}"

    def compose_fields(self) -> ComposeResult:
        from hrtui.screens.goals.menu import strategy_hint

        choices = vocab.menu_for(self.substances, self.menu)
        options = [(Text(f"{c.group}: {c.label}"), f"{c.group}\t{c.label}") for c in choices]
        names = sorted(
            {vocab.FAMILY_LABELS.get(f, f) for f in vocab.substance_families(self.substances)}
        )
        first = f" (for {', '.join(names)} first)" if names else ""
        yield from field(
            f"From the menu of options{first}",
            Select(options, prompt="Choose a strategy", id="menu"),
        )
        families = vocab.substance_families(self.substances)
        self._hint = lambda concern, label: strategy_hint(concern, label, families)
        yield Static("", id="menu-why", classes="field-hint")
        yield from field("Or the client's own", Input("", id="own", max_length=120))
        yield from field(
            "Concern (for their own)",
            Select(
                plain.options(vocab.STRATEGY_CONCERNS),
                value="General",
                allow_blank=False,
                id="concern",
            ),
        )

    @on(Select.Changed, "#menu")
    def _menu_changed(self, event: Select.Changed) -> None:
        why = self.query_one("#menu-why", Static)
        if isinstance(event.value, str):
            concern, label = event.value.split("\t", 1)
            why.update(self._hint(concern, label))
        else:
            why.update("")

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.errors import Invalid
        from hrtui.store.reviews import add_strategy_from_review

        own = " ".join((values["own"] or "").split())
        if own:
            concern, label, custom = values["concern"] or "General", own, True
        elif values["menu"]:
            concern, label = str(values["menu"]).split("\t", 1)
            custom = False
        else:
            raise Invalid({"menu": "Choose one from the menu, or type the client's own."})
        try:
            return add_strategy_from_review(
                vault, self.review_id, self.goal.id, concern, label, custom
            )
        except Invalid as exc:
            if "label" in exc.errors:
                raise Invalid({"own" if own else "menu": exc.errors["label"]}) from None
            raise


class SupportForm(FormScreen[Any]):
    """Add a support (who or what can help) to a goal from the review. Returns the revision."""

    HELP_TEXT = (
        "Who or what can help the client with this goal: a person to call, a group, a place, "
        'a routine. It is added to the goal\'s "who or what can help" and kept in its history '
        "with this review as the reason. " + FormScreen.HELP_TEXT
    )
    SHORT = True

    def __init__(self, review_id: int, goal: Any) -> None:
        super().__init__()
        self.review_id = review_id
        self.goal = goal
        self.FORM_TITLE = f"Add a support: {goal.title}"

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "Who or what can help",
            Input("", id="support", max_length=rules.SHORT_MAX),
            hint='E.g. "Text my sister before payday".',
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.reviews import add_support_from_review

        return add_support_from_review(vault, self.review_id, self.goal.id, values["support"])
