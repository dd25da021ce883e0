"""The Reviews tab of a client's workspace and the review worksheet.

A review looks at a return to use with compassion so treatment goes on: what happened, the
triggers (picked from the intake or added to it), thoughts and feelings (the "I've blown it"
self-talk noticed kindly), warning signs, what reduced harm, whether the goals asked too much,
new stressors, what was learned, and the plan changes agreed (a goal revised, a safer-use
strategy or a support added, the next check-in). It can be saved half-done and finished later.

The worksheet is a full screen: the sections on the left (Up/Down or 1-9), one short form per
section on the right. Ctrl+S saves it as it is, Ctrl+F marks it finished, Escape leaves (asking
about unsaved input). Data goes through :mod:`hrtui.store.reviews` only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.parse import DAY_HINT
from hrtui.domain.reviews import ReviewInput, StressorItem, TriggerItem
from hrtui.screens.base import StoreCalls, VaultModal, VaultPane, VaultScreen
from hrtui.screens.confirm import Confirm, UnsavedChanges
from hrtui.screens.form import FormScreen, field, value_of
from hrtui.widgets import plain
from hrtui.widgets.fast_table import PlainTable
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer

NEW_TRIGGER = "__new__"


def open_review_of_day(
    owner: StoreCalls,
    client_id: int,
    day: date,
    closed: Callable[[bool | None], None] | None = None,
) -> None:
    """Start (or open, if there is one) the review of ``day`` and show its worksheet.

    ``owner`` is any screen or pane with ``call_store`` (e.g. the use log's calendar)."""
    from hrtui.store.reviews import start_review

    def started(result: Any) -> None:
        if result.created:
            owner.app.notify(f"Review of {day.isoformat()} started; the day's log is linked.")
        else:
            owner.app.notify(f"The review of {day.isoformat()} is opened.")
        owner.app.push_screen(ReviewWorksheet(result.review_id), closed)

    def failed(exc: BaseException) -> bool:
        from hrtui.store.errors import Invalid

        if isinstance(exc, Invalid):  # e.g. a day in the future
            owner.app.notify(" ".join(exc.errors.values()), title="Not started", severity="warning")
            return True
        return False

    owner.call_store(start_review, client_id, day, done=started, failed=failed)


# -- the pane ----------------------------------------------------------------------------------


class ReviewTable(PlainTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", key_display="⏎", tooltip="Open the worksheet"),
    ]


class ReviewsPane(VaultPane):
    HELP_TEXT = (
        "Reviews of a return to use. A lapse is met with curiosity, not blame: what set it "
        "off, what helped, whether the goals asked too much, what to change. Treatment goes "
        "on: a review never closes the record or a goal. Ctrl+N starts a review of a day (the "
        "day's log entries are linked and fill in what happened); in the use log's calendar, "
        "r does the same for the selected day. Enter opens the selected review; Delete "
        "removes a review that changed no goal."
    )
    BINDINGS = [
        Binding("ctrl+n", "start", "Start review", tooltip="Start a review of a day"),
        Binding("delete", "delete", "Delete", show=False, tooltip="Delete the selected review"),
    ]
    DEFAULT_CSS = """
    ReviewsPane #reviews-table { height: 1fr; min-height: 4; }
    ReviewsPane #review-detail {
        height: 6;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    ReviewsPane #reviews-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        yield ReviewTable(id="reviews-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="review-detail"):
            yield Static("", id="review-detail-text")
        yield Static("Loading…", id="reviews-status")

    def on_mount(self) -> None:
        table = self.query_one("#reviews-table", DataTable)
        table.add_column("Day", key="day", width=10)
        table.add_column("Status", key="status", width=11)
        table.add_column("Goals it touches", key="goals", width=30)
        table.add_column("Next check-in", key="next", width=13)

    def on_show(self) -> None:
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.reviews import list_reviews

        keep = select_id if select_id is not None else self.selected_id()
        self.call_store(list_reviews, self.client_id, done=lambda rows: self._loaded(rows, keep))

    def _loaded(self, rows: list[Any], keep: int | None) -> None:
        self.rows = rows
        table = self.query_one("#reviews-table", DataTable)
        table.clear()
        for row in rows:
            style = "bold" if row.status == rules.DRAFT else ""
            table.add_row(
                row.day.isoformat(),
                Text(row.status_label, style=style),
                ", ".join(row.goals) or "—",
                row.next_checkin.isoformat() if row.next_checkin else "—",
                key=str(row.id),
            )
        for index, row in enumerate(rows):
            if row.id == keep:
                table.move_cursor(row=index)
        drafts = sum(1 for r in rows if r.status == rules.DRAFT)
        if rows:
            status = f"{len(rows)} review{'s' if len(rows) != 1 else ''}"
            status += f", {drafts} in progress" if drafts else ""
            status += " · Enter opens · Ctrl+N start · F1 keys"
        else:
            status = "No reviews. Ctrl+N starts one for a day with a return to use."
        self.query_one("#reviews-status", Static).update(status)
        self._show_detail()

    def selected(self) -> Any | None:
        table = self.query_one("#reviews-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def _show_detail(self) -> None:
        row = self.selected()
        text = self.query_one("#review-detail-text", Static)
        if row is None:
            text.update(
                "A return to use is reviewed, not punished: were the goals too ambitious? New "
                "stressors? What did we learn about triggers and needs? The work goes on."
            )
            return
        lines = Text.assemble((rules.review_title(row.day), "bold"), f"  ({row.status_label})")
        if row.what_used:
            lines.append(f"\nUsed: {row.what_used}")
        if row.triggers:
            lines.append(f"\nTriggers: {', '.join(row.triggers)}")
        if row.learned:
            lines.append(f"\nLearned: {' '.join(row.learned.split())}")
        if row.plan_changes:
            n = row.plan_changes
            lines.append(f"\nPlan changes: {n} goal revision{'s' if n != 1 else ''}")
        text.update(lines)

    @on(DataTable.RowHighlighted, "#reviews-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#reviews-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected()
        if row is not None:
            self.open(row.id)

    def open(self, review_id: int) -> None:
        self.app.push_screen(ReviewWorksheet(review_id), lambda _: self.reload(review_id))

    def action_start(self) -> None:
        from hrtui.store.reviews import start_defaults

        def loaded(defaults: Any) -> None:
            def started(result: Any) -> None:
                if result is None:
                    return
                if not result.created:
                    self.notify("That day already has a review; it is opened.")
                self.open(result.review_id)

            self.app.push_screen(StartReviewForm(self.client_id, defaults), started)

        self.call_store(start_defaults, self.client_id, done=loaded)

    def action_delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        from hrtui.store.reviews import delete_review

        def failed(exc: BaseException) -> bool:
            from hrtui.store.errors import Invalid

            if isinstance(exc, Invalid):
                self.notify(" ".join(exc.errors.values()), severity="warning", timeout=8)
                return True
            return False

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_store(delete_review, row.id, done=lambda _: self.reload(), failed=failed)

        self.app.push_screen(
            Confirm(
                f"Delete the review of {row.day.isoformat()}? The log entries, goals and "
                "intake factors stay as they are.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )


class StartReviewForm(FormScreen[Any]):
    """Start a review: which day. Returns :class:`hrtui.store.reviews.Started`."""

    FORM_TITLE = "Start a review of a return to use"
    HELP_TEXT = (
        "Type the day of the return to use. The day's log entries are linked to the review and "
        "fill in what happened; the open goals about what was used are linked (change that in "
        "the Goals section). " + FormScreen.HELP_TEXT
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
        yield from field(
            "Day of the return to use", Input(self.defaults.day.isoformat(), id="day"), hint=hint
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.reviews import start_review

        return start_review(vault, self.client_id, values["day"])


# -- small pickers and forms the worksheet opens -----------------------------------------------


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

    def __init__(self, review_id: int, goal: Any, menu: dict[str, list[str]]) -> None:
        super().__init__()
        self.review_id = review_id
        self.goal = goal
        self.menu = menu
        self.FORM_TITLE = f"Add a safer-use strategy: {goal.title}"

    def compose_fields(self) -> ComposeResult:
        options = [
            (Text(f"{concern}: {label}"), f"{concern}\t{label}")
            for concern, labels in self.menu.items()
            for label in labels
        ]
        yield from field(
            "From the menu of options",
            Select(options, prompt="Choose a strategy", id="menu"),
        )
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


# -- the worksheet -----------------------------------------------------------------------------


class SectionList(OptionList):
    """The worksheet's sections; Up/Down show one, Enter (or Tab) goes into it."""

    BINDINGS = [
        Binding(str(i), f"jump({i - 1})", show=False, tooltip=f"Section {i}")
        for i in range(1, len(rules.SECTIONS) + 1)
    ]

    def action_jump(self, index: int) -> None:
        self.highlighted = index


class ItemTable(PlainTable):
    """The triggers or stressors of the review."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Change", key_display="⏎", show=False),
        Binding("delete", "remove", "Remove", tooltip="Remove the selected one from the review"),
    ]

    def action_remove(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewWorksheet):
            screen.remove_item(self.id or "")


class ItemSection(VerticalScroll):
    """A section holding a list (triggers or stressors): Ctrl+N adds to it."""

    BINDINGS = [Binding("ctrl+n", "add", "Add", tooltip="Add a trigger or a stressor")]

    def action_add(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewWorksheet):
            screen.add_item(self.id or "")


def _area(text_id: str, height: int = 4) -> TextArea:
    area = TextArea("", id=text_id, soft_wrap=True, show_line_numbers=False)
    area.styles.height = height + 2
    return area


class ReviewWorksheet(VaultScreen):
    """The worksheet of one review (a full screen)."""

    HELP_TEXT = (
        rules.INTRO
        + "\n\nThe sections are on the left: Up/Down (or 1-9) show one, Enter or Tab goes into "
        "it, Ctrl+O goes back to the list. Ctrl+S saves the worksheet as it is (it can be "
        "finished at a later session); Ctrl+F saves it and marks it finished. In Triggers and "
        "New stressors, Ctrl+N adds one and Delete removes the selected one. Plan changes: "
        "Ctrl+G revises a goal, Ctrl+B adds a safer-use strategy, Ctrl+T adds a support; each "
        "is saved at once in the goal's history with this review as the reason. Escape goes "
        "back; if something is not saved you are asked."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save as it is (in progress)"),
        Binding("ctrl+f", "finish", "Finish", priority=True, tooltip="Save and mark finished"),
        Binding("ctrl+o", "sections", "Sections", tooltip="Go to the list of sections"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+g", "revise_goal", "Revise goal", show=False,
                tooltip="Revise a goal (kept in its history with this review as the reason)"),
        Binding("ctrl+b", "add_strategy", "Add strategy", show=False,
                tooltip="Add a safer-use strategy to a goal's plan"),
        Binding("ctrl+t", "add_support", "Add support", show=False,
                tooltip="Add a support (who or what can help) to a goal"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    ReviewWorksheet #ws-title { height: 1; padding: 0 1; background: $boost; }
    ReviewWorksheet #ws-body { height: 1fr; }
    ReviewWorksheet #ws-sections { width: 24; height: 100%; border: none; }
    ReviewWorksheet #ws-sections:focus { background: $boost; }
    ReviewWorksheet #ws-switcher { width: 1fr; height: 100%; }
    ReviewWorksheet .ws-section { padding: 0 1; height: 100%; }
    ReviewWorksheet .ws-note { color: $text-muted; }
    ReviewWorksheet .ws-kind { color: $success; text-style: italic; }
    ReviewWorksheet ItemTable { height: auto; max-height: 10; }
    ReviewWorksheet #goal_ids { height: auto; max-height: 7; }
    ReviewWorksheet #plan-buttons { height: auto; }
    ReviewWorksheet #plan-buttons Button { width: 100%; margin: 0 0 1 0; }
    ReviewWorksheet .field-label { margin-top: 0; }
    ReviewWorksheet #ws-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id
        self.sheet: Any = None
        self.triggers: list[TriggerItem] = []
        self.stressors: list[StressorItem] = []
        self._initial: ReviewInput | None = None
        self._saving = False
        self._leave_after_save = False
        self.changed = False  # something was saved while the worksheet was open

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="ws-title")
        with Horizontal(id="ws-body"):
            yield SectionList(
                *[Option(f"{i}. {title}", id=sid)
                  for i, (sid, title) in enumerate(rules.SECTIONS, start=1)],
                id="ws-sections",
            )  # fmt: skip
            with ContentSwitcher(id="ws-switcher", initial="sec-happened"):
                yield from self._compose_sections()
        yield Static("", id="ws-status")
        yield Footer()

    def _compose_sections(self) -> ComposeResult:
        with VerticalScroll(id="sec-happened", classes="ws-section"):
            yield Static(
                "Curiosity, not blame. Pre-filled from the day's log; change what is not right.",
                classes="ws-kind",
            )
            yield Static("", id="ws-entries", classes="ws-note")
            yield from field("Day of the return to use", Input(id="day"))
            yield from field("When in the day", Input(id="time_of_day", max_length=200))
            yield from field("Where", Input(id="place", max_length=200))
            yield from field("Who with", Input(id="with_whom", max_length=200))
            yield from field("What was used, and how much", Input(id="what_used", max_length=500))
            yield from field("What happened", _area("what_happened"))
        with ItemSection(id="sec-triggers", classes="ws-section"):
            yield Static(
                "Internal (feelings, thoughts, pain, tiredness) and external (people, places, "
                "times, money). Ctrl+N picks one from the intake or adds a new one to it.",
                classes="ws-note",
            )
            yield ItemTable(id="triggers", cursor_type="row")
            yield FieldError(id="error-triggers")
        with VerticalScroll(id="sec-thoughts", classes="ws-section"):
            yield from field("Thoughts and feelings before", _area("thoughts_before", 3))
            yield from field("Thoughts and feelings after", _area("thoughts_after", 3))
            yield from field(
                rules.SELF_TALK_LABEL, _area("self_talk", 2), hint=rules.SELF_TALK_HINT
            )
            yield Static("", id="self-talk-noticed", classes="ws-kind")
        with VerticalScroll(id="sec-warning", classes="ws-section"):
            yield from field(
                "Warning signs noticed beforehand",
                _area("warning_signs", 6),
                hint="Early signs: sleep, mood, skipped meals, money, who was around.",
            )
        with VerticalScroll(id="sec-harm", classes="ws-section"):
            yield from field(
                "What reduced harm (safer-use strategies used)", _area("what_reduced_harm", 4)
            )
            yield from field("What the consequences were", _area("consequences", 4))
        with VerticalScroll(id="sec-goals", classes="ws-section"):
            yield Static("Goals this review touches (Space links or unlinks):", classes="ws-note")
            yield SelectionList[int](id="goal_ids")
            yield FieldError(id="error-goal_ids")
            yield from field(
                "Were the goals too ambitious?",
                Select(
                    [(label, key) for key, label in rules.TOO_AMBITIOUS.items()],
                    prompt="Not talked about yet",
                    id="too_ambitious",
                ),
                hint=rules.TOO_AMBITIOUS_HINT,
            )
            yield from field("Note", Input(id="too_ambitious_note", max_length=2000))
        with ItemSection(id="sec-stressors", classes="ws-section"):
            yield Static(
                "New stressors since the goals were set. Ctrl+N adds one (it can go into the "
                "intake as a factor); Enter changes the selected one.",
                classes="ws-note",
            )
            yield ItemTable(id="stressors", cursor_type="row")
            yield FieldError(id="error-stressors")
        with VerticalScroll(id="sec-learned", classes="ws-section"):
            yield from field(
                "What we learned about triggers and needs",
                _area("learned", 7),
                hint="What would help next time, in the client's words.",
            )
        with VerticalScroll(id="sec-plan", classes="ws-section"):
            with Vertical(id="plan-buttons"):
                yield Button("Revise a goal  Ctrl+G", id="revise-goal", compact=True)
                yield Button("Add a safer-use strategy  Ctrl+B", id="add-strategy", compact=True)
                yield Button("Add a support  Ctrl+T", id="add-support", compact=True)
            yield from field(
                "Next check-in",
                Input(id="next_checkin"),
                hint="A date: e.g. +7 for in a week, or YYYY-MM-DD.",
            )
            yield Static("", id="plan-changes")

    def on_mount(self) -> None:
        triggers = self.query_one("#triggers", DataTable)
        triggers.add_column("Trigger", key="label", width=36)
        triggers.add_column("Intake", key="from", width=11)
        stressors = self.query_one("#stressors", DataTable)
        stressors.add_column("Stressor", key="text", width=36)
        stressors.add_column("Intake", key="intake", width=14)
        sections = self.query_one("#ws-sections", SectionList)
        sections.highlighted = 0
        sections.focus()
        for widget in self.query(".form-input"):
            widget.disabled = True
        self.call_store(_load_worksheet, self.review_id, done=self._loaded)

    # -- data in and out -------------------------------------------------------------------

    def _loaded(self, sheet: Any) -> None:
        self.sheet = sheet
        review = sheet.review
        for widget in self.query(".form-input"):
            widget.disabled = False
        for name in rules.TEXT_FIELDS:
            self._set(name, getattr(review, name))
        self._set("day", review.day.isoformat())
        self._set("next_checkin", review.next_checkin.isoformat() if review.next_checkin else "")
        self.query_one("#too_ambitious", Select).value = (
            review.too_ambitious if review.too_ambitious else Select.NULL
        )
        self.triggers = list(sheet.triggers)
        self.stressors = list(sheet.stressors)
        self._fill_goals(sheet.linked_goal_ids)
        self._refresh_lists()
        self._show_sheet()
        self._initial = self.current_input()

    def _set(self, name: str, value: str) -> None:
        widget = self.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.load_text(value or "")
        elif isinstance(widget, Input):
            widget.value = value or ""

    def _fill_goals(self, linked: list[int]) -> None:
        goals = self.query_one("#goal_ids", SelectionList)
        goals.clear_options()
        shown = [g for g in self.sheet.goals if g.is_open or g.id in linked]
        goals.add_options([Selection(Text(g.label), g.id, g.id in linked) for g in shown])
        if not shown:
            self.query_one("#error-goal_ids", Static).update(
                "The client has no open goals yet (Goals tab, F4)."
            )

    def _show_sheet(self) -> None:
        sheet = self.sheet
        review = sheet.review
        title = Text.assemble(
            (sheet.client_code, "bold"),
            f" · {rules.review_title(review.day)} · ",
            (rules.status_label(review.status), "bold reverse" if review.status == "draft" else ""),
        )
        self.query_one("#ws-title", Static).update(title)
        entries = "\n".join(f"Log {e.day.isoformat()}: {e.text}" for e in sheet.entries)
        self.query_one("#ws-entries", Static).update(Text(entries or "No log entries linked."))
        self._show_plan_changes()
        status = "Saved · " if self._initial is not None else ""
        self.query_one("#ws-status", Static).update(
            f"{status}Ctrl+S saves (finish later) · Ctrl+F finish · Ctrl+O sections · F1 help"
        )

    def _show_plan_changes(self) -> None:
        from hrtui.domain import goals as goal_rules

        changes = self.sheet.plan_changes
        if not changes:
            self.query_one("#plan-changes", Static).update(
                "No plan changes yet. The goals stay open; only what you change here changes."
            )
            return
        import json

        text = Text.assemble(("Changed in this review:", "bold"))
        for change in changes:
            try:
                diff = json.loads(change.changes or "{}")
            except ValueError:
                diff = {}
            what = "; ".join(goal_rules.describe_changes(diff))
            text.append(f"\n• {change.revised_on} {change.goal_title}: {change.reason}")
            if what:
                text.append(f" ({what})")
        self.query_one("#plan-changes", Static).update(text)

    def _refresh_lists(self) -> None:
        triggers = self.query_one("#triggers", DataTable)
        triggers.clear()
        for i, t in enumerate(self.triggers):
            source = "new" if t.is_new else ("in intake" if t.factor_id else "—")
            triggers.add_row(t.label, source, key=str(i))
        stressors = self.query_one("#stressors", DataTable)
        stressors.clear()
        for i, s in enumerate(self.stressors):
            if s.factor_id is not None:
                where = "in intake"
            elif s.to_intake:
                where = f"add ({s.grp})"
            else:
                where = "review only"
            stressors.add_row(s.text, where, key=str(i))
        sections = self.query_one("#ws-sections", SectionList)
        for index, (sid, title) in enumerate(rules.SECTIONS):
            count = {"triggers": len(self.triggers), "stressors": len(self.stressors)}.get(sid)
            label = f"{index + 1}. {title}" + (f" ({count})" if count else "")
            sections.replace_option_prompt_at_index(index, label)

    def current_input(self) -> ReviewInput:
        values = {w.id: value_of(w) for w in self.query(".form-input") if w.id}
        goals = self.query_one("#goal_ids", SelectionList)
        return ReviewInput(
            day=values["day"],
            **{name: values[name] for name in rules.TEXT_FIELDS},
            too_ambitious=values["too_ambitious"],
            next_checkin=values["next_checkin"],
            goal_ids=tuple(sorted(goals.selected)),
            triggers=tuple(self.triggers),
            stressors=tuple(self.stressors),
        )

    @property
    def dirty(self) -> bool:
        return self._initial is not None and self.current_input() != self._initial

    # -- sections --------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#ws-sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_section(event.option.id or "happened", focus=False)

    @on(OptionList.OptionSelected, "#ws-sections")
    def _section_selected(self, event: OptionList.OptionSelected) -> None:
        self.show_section(event.option.id or "happened", focus=True)

    def show_section(self, section: str, *, focus: bool) -> None:
        switcher = self.query_one("#ws-switcher", ContentSwitcher)
        switcher.current = f"sec-{section}"
        sections = self.query_one("#ws-sections", SectionList)
        index = next(i for i, (sid, _) in enumerate(rules.SECTIONS) if sid == section)
        if sections.highlighted != index:
            sections.highlighted = index
        if focus:
            pane = self.query_one(f"#sec-{section}")
            targets = [w for w in pane.query("*") if w.focusable]
            if targets:
                targets[0].focus()

    def action_sections(self) -> None:
        self.query_one("#ws-sections", SectionList).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(TextArea.Changed, "#self_talk")
    def _self_talk(self, event: TextArea.Changed) -> None:
        note = rules.noticed_self_talk(event.text_area.text)
        noticed = self.query_one("#self-talk-noticed", Static)
        noticed.update(Text(note or ""))
        if note:  # it shows below the field being typed in: bring it into view
            noticed.scroll_visible(animate=False)

    # -- triggers and stressors -------------------------------------------------------------

    def add_item(self, section: str) -> None:
        if self.sheet is None:
            return
        if section == "sec-triggers":
            self._pick_trigger()
        elif section == "sec-stressors":
            self.app.push_screen(StressorForm(self.sheet.categories), self._stressor_added)

    def _pick_trigger(self) -> None:
        picked_ids = {t.factor_id for t in self.triggers if t.factor_id is not None}
        factors = [f for f in self.sheet.factors if f.id not in picked_ids]
        factors.sort(key=lambda f: f.effect != "risk")  # risks first, then strengths
        options: list[tuple[str, Any]] = [(f.label, f) for f in factors]
        options.append(("+ A new trigger (it is added to the intake)", NEW_TRIGGER))

        def picked(choice: Any) -> None:
            if choice is None:
                return
            if choice == NEW_TRIGGER:
                self.app.push_screen(TriggerForm(self.sheet.categories), self._trigger_added)
                return
            self._trigger_added(TriggerItem(choice.description, choice.id))

        self.app.push_screen(
            PickList(
                "Pick a trigger from the client's intake",
                options,
                "Enter picks · the last line adds a new one · Esc cancels",
            ),
            picked,
        )

    def _trigger_added(self, item: TriggerItem | None) -> None:
        if item is None:
            return
        self.triggers.append(item)
        self._refresh_lists()
        table = self.query_one("#triggers", DataTable)
        table.move_cursor(row=len(self.triggers) - 1)
        table.focus()

    def _stressor_added(self, item: StressorItem | None) -> None:
        if item is None:
            return
        self.stressors.append(item)
        self._refresh_lists()
        table = self.query_one("#stressors", DataTable)
        table.move_cursor(row=len(self.stressors) - 1)
        table.focus()

    def remove_item(self, table_id: str) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        items = self.triggers if table_id == "triggers" else self.stressors
        row = table.cursor_row
        if not items or not 0 <= row < len(items):
            return
        del items[row]
        self._refresh_lists()
        if items:
            table.move_cursor(row=min(row, len(items) - 1))

    @on(DataTable.RowSelected, "#triggers")
    def _trigger_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        if not 0 <= row < len(self.triggers):
            return
        item = self.triggers[row]
        if not item.is_new:
            self.notify("This trigger is in the intake; Delete removes it from the review.")
            return

        def changed(new: TriggerItem | None) -> None:
            if new is not None:
                self.triggers[row] = new
                self._refresh_lists()

        self.app.push_screen(TriggerForm(self.sheet.categories, item), changed)

    @on(DataTable.RowSelected, "#stressors")
    def _stressor_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        if not 0 <= row < len(self.stressors):
            return

        def changed(new: StressorItem | None) -> None:
            if new is not None:
                self.stressors[row] = new
                self._refresh_lists()

        self.app.push_screen(StressorForm(self.sheet.categories, self.stressors[row]), changed)

    # -- saving ----------------------------------------------------------------------------

    def _save(self, status: str | None) -> None:
        if self._saving or self.sheet is None:
            return
        from hrtui.store.reviews import save_review

        self._saving = True
        for message in self.query(".field-error"):
            message.update("")
        submitted = self.current_input()
        self.query_one("#ws-status", Static).update("Saving…")
        self.call_store(
            save_review,
            self.review_id,
            submitted,
            status,
            done=lambda sheet: self._saved(sheet, status),
            failed=self._not_saved,
        )

    def action_save(self) -> None:
        # A finished review stays finished when it is saved again.
        self._save(None)

    def action_finish(self) -> None:
        self._save(rules.FINISHED)

    def _saved(self, sheet: Any, status: str | None) -> None:
        self._saving = False
        self.changed = True
        self.sheet = sheet
        self.triggers = list(sheet.triggers)
        self.stressors = list(sheet.stressors)
        self._set("day", sheet.review.day.isoformat())
        nxt = sheet.review.next_checkin
        self._set("next_checkin", nxt.isoformat() if nxt else "")
        self._refresh_lists()
        self._initial = self.current_input()
        self._show_sheet()
        if status == rules.FINISHED:
            self.notify("Review finished. The goals stay open; the work goes on.")
        else:
            label = rules.status_label(sheet.review.status).lower()
            self.notify(f"Review saved ({label}).")
        if self._leave_after_save:
            self.dismiss(True)

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.screens.base import describe_error
        from hrtui.store.errors import Invalid

        self._saving = False
        self._leave_after_save = False
        self._show_sheet()
        if not isinstance(exc, Invalid):
            self.query_one("#ws-status", Static).update(describe_error(exc))
            return False
        for name, text in exc.errors.items():
            target = self.query(f"#error-{name}")
            if target:
                target.first(Static).update(text)
        first = next(iter(exc.errors))
        section = rules.FIELD_SECTIONS.get(first)
        if section:
            self.show_section(section, focus=False)
            widgets = self.query(f"#{first}")
            if widgets:
                widgets.first().focus()
        self.query_one("#ws-status", Static).update("Not saved: see the highlighted section.")
        return True

    def action_back(self) -> None:
        if not self.dirty:
            self.dismiss(self.changed)
            return

        def decided(choice: str | None) -> None:
            if choice == "save":
                self._leave_after_save = True
                self._save(None)
            elif choice == "discard":
                self.dismiss(self.changed)

        self.app.push_screen(UnsavedChanges(), decided)

    # -- plan changes (saved at once, through the goals area) -------------------------------

    @on(Button.Pressed, "#revise-goal")
    def _revise_pressed(self) -> None:
        self.action_revise_goal()

    @on(Button.Pressed, "#add-strategy")
    def _strategy_pressed(self) -> None:
        self.action_add_strategy()

    @on(Button.Pressed, "#add-support")
    def _support_pressed(self) -> None:
        self.action_add_support()

    def _pick_goal(self, purpose: str, then: Callable[[Any], None], prefer: str = "") -> None:
        if self.sheet is None:
            return
        linked = set(self.query_one("#goal_ids", SelectionList).selected)
        goals = [g for g in self.sheet.goals if g.is_open]
        if not goals:
            self.notify(
                "The client has no open goals: write one with them in the Goals tab (F4).",
                severity="warning",
            )
            return
        goals.sort(key=lambda g: (g.kind != prefer, g.id not in linked))
        options = [(("● " if g.id in linked else "  ") + g.label, g) for g in goals]
        self.app.push_screen(
            PickList(purpose, options, "● linked to this review · Enter picks · Esc cancels"),
            lambda goal: then(goal) if goal is not None else None,
        )

    def action_revise_goal(self) -> None:
        from hrtui.store.goals import goal_detail

        def picked(goal: Any) -> None:
            values = self.current_input()
            note = rules.default_revision_note(values.too_ambitious, values.too_ambitious_note)

            def loaded(detail: Any) -> None:
                form = ReviseGoalForm(self.review_id, self.sheet.review.day, detail, note)
                self.app.push_screen(form, self._plan_changed)

            self.call_store(goal_detail, goal.id, done=loaded)

        self._pick_goal("Which goal changes?", picked)

    def action_add_strategy(self) -> None:
        def picked(goal: Any) -> None:
            self.app.push_screen(
                StrategyForm(self.review_id, goal, self.sheet.menu), self._plan_changed
            )

        self._pick_goal("Add a safer-use strategy to which goal?", picked, prefer="safer")

    def action_add_support(self) -> None:
        def picked(goal: Any) -> None:
            self.app.push_screen(SupportForm(self.review_id, goal), self._plan_changed)

        self._pick_goal("Add a support to which goal?", picked)

    def _plan_changed(self, revision: Any) -> None:
        if revision is None:
            return
        self.changed = True
        self.notify("Saved in the goal's history, with this review as the reason.")
        goal_id = revision.goal_id
        goals = self.query_one("#goal_ids", SelectionList)
        was_dirty = self.dirty

        def reloaded(sheet: Any) -> None:
            self.sheet.plan_changes = sheet.plan_changes
            self.sheet.goals = sheet.goals
            selected = set(goals.selected) | {goal_id}
            self._fill_goals(sorted(selected))
            if self._initial is not None:
                initial_goals = tuple(sorted(set(self._initial.goal_ids) | {goal_id}))
                self._initial = replace(self._initial, goal_ids=initial_goals)
                if not was_dirty:
                    self._initial = self.current_input()
            self._show_plan_changes()

        self.call_store(_load_worksheet, self.review_id, done=reloaded)


def _load_worksheet(vault: Any, review_id: int) -> Any:
    from hrtui.store.reviews import worksheet

    return worksheet(vault, review_id)
