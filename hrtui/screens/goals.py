"""The Goals tab of a client's workspace: co-created goals, the menu of safer-use options,
revisions with their reasons, and the client's take-home plan.

Screens here: :class:`GoalsPane` (the tab), :class:`KindPicker`, :class:`GoalForm` (one form,
its fields depend on the kind of goal), :class:`StrategyPicker` (the menu of options for a
goal), :class:`MenuItemForm` (add a strategy to the menu for everyone), :class:`ReasonDialog`
(why the plan changes), :class:`StatusDialog`, :class:`StepBackDialog`, :class:`HistoryScreen`
(a goal's revisions) and :class:`PlanDialog` (write the take-home plan to a file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Checkbox,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.screens.base import VaultModal, VaultPane
from hrtui.screens.form import FormScreen, field
from hrtui.widgets import plain
from hrtui.widgets.fast_table import PlainTable
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer

SHORT_KINDS = {
    "reduce": "Reduce use",
    "safer": "Safer use",
    "stepdown": "Step-down",
    "abstinence": "Abstinence",
    "life": "Life",
}
KIND_HINTS = {
    "reduce": "use less of a substance: a baseline and a target",
    "safer": "a plan picked from the menu of safer-use options",
    "stepdown": "a ladder of dated steps down (\u201cwarm turkey\u201d)",
    "abstinence": "no use of a substance, from a start date",
    "life": "housing, health, relationships, work…",
}
DETAIL_LABELS = {
    "why_it_matters": "Why",
    "steps": "Steps",
    "helpers": "Who helps",
    "obstacles": "In the way",
    "working_when": "Working when",
}
PERIOD_SHORT = {"per_use_day": "per use day", "per_week": "a week", "use_days_per_week": "days/wk"}


# -- helpers -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A Select's "nothing chosen" as None."""
    return None if isinstance(value, type(Select.NULL)) else value


def selected_in_order(selection: SelectionList) -> list[Any]:
    """The selected values in the order the list shows them (not the order they were ticked)."""
    chosen = set(selection.selected)
    return [
        selection.get_option_at_index(i).value
        for i in range(selection.option_count)
        if selection.get_option_at_index(i).value in chosen
    ]


def strategy_options(
    menu: dict[str, list[str]], chosen: Iterable[tuple[str, str]] = ()
) -> list[Selection]:
    """The menu of options as selections, by concern; strategies already in the plan that are
    not on the menu (the client's own) are listed too, ticked."""
    chosen = list(chosen)
    ticked = {label.casefold() for _, label in chosen}
    on_menu = set()
    options: list[Selection] = []
    for concern, labels in menu.items():
        for label in labels:
            on_menu.add(label.casefold())
            options.append(
                Selection(strategy_prompt(concern, label), (concern, label),
                          label.casefold() in ticked)
            )  # fmt: skip
    for concern, label in chosen:
        if label.casefold() not in on_menu:
            prompt = strategy_prompt(concern, label, own=True)
            options.append(Selection(prompt, (concern, label), True))
    return options


def strategy_prompt(concern: str, label: str, own: bool = False) -> Text:
    """One line of the menu: the strategy, then its concern (dim). A long label is cut short
    in the list; the line under the list shows the highlighted one in full."""
    return Text.assemble(label, (" (own)" if own else "", "italic"), (f"  · {concern}", "dim"))


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


# -- the pane ----------------------------------------------------------------------------------


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
        "back a step is a change of plan. Ctrl+G writes the client's take-home plan (no counselor "
        "notes) to a file you name."
    )
    #: F1 in the client view: the same without the plan file (not written in the client view).
    CLIENT_VIEW_HELP = HELP_TEXT.partition(" Ctrl+G writes")[0]
    BINDINGS = [
        Binding("ctrl+n", "new_goal", "New goal", tooltip="Add a goal (choose its kind first)"),
        Binding("ctrl+g", "write_plan", "Plan", tooltip="Write the client's take-home plan"),
        Binding("ctrl+o", "options", "Options", tooltip="Menu of options: safer-use strategies"),
        Binding("ctrl+t", "status", "Status", tooltip="Change the goal's status, with a reason"),
        Binding("ctrl+b", "step_back", "Step back", tooltip="Step-down: back to the last step"),
        Binding("ctrl+y", "history", "History", tooltip="The goal's revisions"),
    ]
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
        table = self.query_one("#goals-table", DataTable)
        table.add_column("Kind", key="kind", width=10)
        table.add_column("Goal", key="title", width=24)
        table.add_column("Aiming for", key="aim", width=20)
        table.add_column("Status", key="status", width=11)
        self.watch(self.app, "client_view", lambda _: self._show_detail(), init=False)
        # VaultPane.on_mount (which loads the goals) runs next: Textual calls each class's own
        # handler in turn.

    # -- data ------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.goals import goal_details

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

        self.app.push_screen(PlanDialog(self.client_id, code), written)


# -- choosing the kind -------------------------------------------------------------------------


class KindPicker(VaultModal[str | None]):
    """Which kind of goal: Up/Down and Enter (or the number), Escape cancels."""

    HELP_TEXT = (
        "Choose the kind of goal. Every kind is a valid goal: abstinence is one possibility "
        "among others, and any step toward health counts."
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(1, len(rules.KINDS) + 1)],
    ]

    def compose(self) -> ComposeResult:
        options = [
            Option(Text.assemble((f"{i}  {label}", "bold"), f"\n   {KIND_HINTS[kind]}"), id=kind)
            for i, (kind, label) in enumerate(rules.KINDS.items(), start=1)
        ]
        with Vertical(classes="dialog"):
            yield Static("What kind of goal?", classes="dialog-title")
            yield OptionList(*options, id="kinds")
            yield Static("Enter chooses · Esc cancels", classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#kinds", OptionList).focus()

    @on(OptionList.OptionSelected, "#kinds")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        self.dismiss(list(rules.KINDS)[number - 1])

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- forms that may need a reason --------------------------------------------------------------


class AsksReason:
    """For a form whose save may raise ReasonNeeded: ask why, then save again with the reason."""

    _reason = ""

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.store.goals import ReasonNeeded

        if isinstance(exc, ReasonNeeded):
            self._saving = False  # type: ignore[attr-defined]
            self.query_one("#form-error", Static).update("")  # type: ignore[attr-defined]

            def answered(reason: str | None) -> None:
                if reason:
                    self._reason = reason
                    self.action_save()  # type: ignore[attr-defined]

            self.app.push_screen(ReasonDialog(exc.summary), answered)  # type: ignore[attr-defined]
            return True
        return super()._not_saved(exc)  # type: ignore[misc]


class SelectionForm(FormScreen[Any]):
    """A form that may hold SelectionLists (their ids are field names too) and Selects that
    may be left blank."""

    def values(self) -> dict[str, Any]:
        out = {k: _plain(v) for k, v in super().values().items()}
        for selection in self.query(SelectionList):
            if selection.id:
                out[selection.id] = selected_in_order(selection)
        return out


def selection_field(label: str, widget: SelectionList, hint: str = "") -> ComposeResult:
    """Like :func:`field`, for a SelectionList (Space ticks an option)."""
    yield Label(label, classes="field-label")
    yield widget
    if hint:
        yield Static(hint, classes="field-hint", markup=False)
    yield FieldError(id=f"error-{widget.id}")


def strategy_fields(menu: dict[str, list[str]], chosen: Iterable[tuple[str, str]]) -> ComposeResult:
    yield from selection_field(
        "Menu of options (Space ticks a strategy)",
        SelectionList(*strategy_options(menu, chosen), id="strategies", classes="strategy-menu"),
    )
    yield Static("", id="strategy-full")
    yield Static("Ctrl+N adds a strategy to the menu for every client.", classes="field-hint")
    yield from field(
        "The client's own strategies (optional, one per line)",
        TextArea("", id="custom_strategies", soft_wrap=True, tab_behavior="focus"),
    )
    concerns = list(dict.fromkeys([*vocab.STRATEGY_CONCERNS, *menu]))
    yield from field(
        "…about",
        Select(plain.options(concerns), id="custom_concern", value="General",
               allow_blank=False),
    )


def focus_menu(form: FormScreen[Any]) -> None:
    """Focus the menu of options with the form shown from its top (focusing a tall list would
    otherwise scroll the form past its first lines)."""
    form.query_one("#strategies", SelectionList).focus(scroll_visible=False)
    form.query_one(".form-body", VerticalScroll).scroll_home(animate=False)


class MenuStrategies:
    """In a form with the menu of options: the highlighted strategy in full under the list, and
    Ctrl+N to add a strategy to the menu for everyone."""

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted
    ) -> None:
        if event.selection_list.id != "strategies":
            return
        concern, label = event.selection.value
        full = self.query_one("#strategy-full", Static)  # type: ignore[attr-defined]
        full.update(Text.assemble((f"{concern}: ", "bold"), label))

    def action_add_to_menu(self) -> None:
        def added(item: tuple[str, str] | None) -> None:
            if item is None:
                return
            selection = self.query_one("#strategies", SelectionList)  # type: ignore[attr-defined]
            concern, label = item
            values = [selection.get_option_at_index(i).value for i in range(selection.option_count)]
            if (concern, label) not in values:
                selection.add_option(
                    Selection(strategy_prompt(concern, label), (concern, label), True)
                )
            else:
                selection.select((concern, label))
            self.notify(f"Added to the menu: {label}")  # type: ignore[attr-defined]

        self.app.push_screen(MenuItemForm(), added)  # type: ignore[attr-defined]


# -- the goal form -----------------------------------------------------------------------------


class GoalForm(AsksReason, MenuStrategies, SelectionForm):
    """Add or edit a goal. Returns the saved goal, or None when left without saving."""

    HELP_TEXT = (
        "Write the goal with the client, in their words. The first fields depend on the kind of "
        "goal; then what they want, why it matters, the steps, who can help, what could get in "
        "the way and how they'll know it's working. Dates: YYYY-MM-DD, today, +N (in N days). "
        "The counselor note at the end is yours: it never goes into the client's plan. Saving a "
        "change of target, ladder, strategies or status asks for the reason. "
        + FormScreen.HELP_TEXT
    )
    #: F1 in the client view, where the form has no counselor note.
    CLIENT_VIEW_HELP = HELP_TEXT.replace(
        "The counselor note at the end is yours: it never goes into the client's plan. ", ""
    )
    BINDINGS = [
        Binding("ctrl+n", "add_to_menu", "Add to menu", priority=True, show=False),
    ]
    DEFAULT_CSS = """
    GoalForm .strategy-menu, GoalForm #factor_ids {
        height: auto;
        max-height: 10;
    }
    GoalForm #strategy-full {
        color: $text-muted;
    }
    GoalForm .counselor-only {
        margin-top: 1;
        padding: 0 1;
        background: $warning 15%;
        text-style: bold;
    }
    """

    def __init__(self, client_id: int, kind: str, context: Any, detail: Any | None = None):
        super().__init__()
        self.client_id = client_id
        self.kind = kind
        self.context = context
        self.detail = detail
        self._suggested: dict[str, str] = {}
        self._last: tuple[str | None, str | None] = (None, None)
        verb = "Edit" if detail else "New"
        self.FORM_TITLE = f"{verb} goal · {rules.KINDS[kind]}"
        if detail is not None:
            self.FORM_TITLE += f" · {detail.goal.title}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_to_menu":
            return self.kind == "safer"  # only this kind of goal shows the menu of options
        return super().check_action(action, parameters)

    # -- fields ----------------------------------------------------------------------------

    def _substance_default(self) -> str | None:
        if self.detail is not None:
            return self.detail.goal.substance
        own = sorted(self.context.baselines.values(), key=lambda b: b.taken_on, reverse=True)
        if own and self.kind in rules.SUBSTANCE_KINDS:
            return own[0].substance
        return None

    def _suggest(self, substance: str | None, period: str | None) -> tuple[str, str]:
        """(baseline, unit) suggested from the intake for this substance and period."""
        baseline = self.context.baseline(substance)
        amount = baseline.for_period(period) if baseline else None
        unit = baseline.unit if baseline else vocab.usual_unit(substance or "")
        return ("" if amount is None else rules.fmt_amount(amount)), unit

    def compose_fields(self) -> ComposeResult:
        goal = self.detail.goal if self.detail else None
        kind = self.kind
        substance = self._substance_default()
        substances = list(self.context.substances)
        if substance and substance not in substances:
            substances.insert(0, substance)
        if kind in rules.SUBSTANCE_KINDS:
            yield from field(
                "Substance",
                Select(plain.options(substances), id="substance",
                       value=substance or Select.NULL, prompt="Choose the substance"),
            )  # fmt: skip
        if kind in ("reduce", "stepdown"):
            period = goal.period if goal else "per_use_day"
            baseline, unit = self._suggest(substance, period)
            self._suggested = {"baseline_amount": baseline, "unit": unit}
            self._last = (substance, period)
            if goal is not None:
                has = goal.baseline_amount is not None
                baseline = rules.fmt_amount(goal.baseline_amount) if has else ""
                unit = goal.unit or ""
            yield from field(
                "Counted",
                Select([(label, key) for key, label in rules.PERIODS.items()], id="period",
                       value=period, allow_blank=False),
            )  # fmt: skip
            baseline_input = Input(baseline, id="baseline_amount", placeholder="e.g. 5")
            baseline_input.add_class("form-input")
            yield Label("Baseline (where things are now)", classes="field-label")
            yield baseline_input
            yield Static(
                self._baseline_hint(substance),
                id="baseline-hint",
                classes="field-hint",
                markup=False,
            )
            yield FieldError(id="error-baseline_amount")
            if kind == "reduce":
                target = rules.fmt_amount(goal.target_amount) if goal else ""
                yield from field("Target", Input(target, id="target_amount", placeholder="e.g. 4"))
            yield from field("Unit", Input(unit, id="unit", max_length=rules.UNIT_MAX))
            if kind == "stepdown":
                text = rules.ladder_text(self.detail.steps) if self.detail else ""
                yield from field(
                    "Ladder",
                    TextArea(text, id="ladder", soft_wrap=True, tab_behavior="focus"),
                    hint=rules.LADDER_HINT,
                )
        if kind == "life":
            yield from field(
                "Part of life",
                Select(plain.options(vocab.LIFE_AREAS), id="life_area",
                       value=goal.life_area if goal and goal.life_area else Select.NULL,
                       prompt="Choose the part of life"),
            )  # fmt: skip
        if kind == "safer":
            chosen = [(s.concern, s.label) for s in self.detail.strategies] if self.detail else []
            yield from strategy_fields(self.context.menu, chosen)
        if kind in ("safer", "life"):
            yield from field(
                "Linked substance (optional)",
                Select(plain.options(substances), id="substance",
                       value=substance or Select.NULL, prompt="None"),
            )  # fmt: skip

        def text(name: str, label: str) -> ComposeResult:
            value = getattr(goal, name) if goal else ""
            yield from field(label, TextArea(value, id=name, soft_wrap=True, tab_behavior="focus"))

        yield from text("client_words", "What I want (the client's words)")
        yield from text("why_it_matters", "Why it matters to me")
        yield from text("steps", "Steps I'll take")
        yield from text("helpers", "Who or what can help")
        yield from text("obstacles", "What could get in the way")
        yield from text("working_when", "I'll know it's working when…")
        yield from field(
            "Short title (optional)",
            Input(goal.title if goal else "", id="title", max_length=rules.TITLE_MAX,
                  placeholder=rules.default_title(kind, substance)),
        )  # fmt: skip
        today = self.context.today
        yield from field(
            "Start date" if kind != "abstinence" else "No use from",
            Input(str(goal.start_on) if goal else today.isoformat(), id="start_on"),
            hint="YYYY-MM-DD, today, or +N for N days from now",
        )
        review = goal.review_on if goal else rules.default_review(today)
        yield from field(
            "Review date (optional)", Input(str(review) if review else "", id="review_on")
        )
        if self.context.factors:
            linked = {f.id for f in self.detail.factors} if self.detail else set()
            yield from selection_field(
                "Intake factors this goal answers to (Space ticks)",
                SelectionList(
                    *[Selection(Text(f.label), f.id, f.id in linked) for f in self.context.factors],
                    id="factor_ids",
                ),
            )
        else:
            yield Static("No intake factors recorded yet to link.", classes="field-hint")
        if goal is not None:
            yield from field(
                "Status",
                Select([(label, key) for key, label in rules.STATUSES.items()], id="status",
                       value=goal.status, allow_blank=False),
                hint="When a goal doesn't fit any more, pause it or revise it.",
            )  # fmt: skip
        if self.app.client_view:
            return  # the counselor note is left as it is (a save keeps what is not in values)
        yield Static(
            "Counselor only — never in the client's take-home plan", classes="counselor-only"
        )
        yield from text("counselor_note", "Counselor note")

    def _baseline_hint(self, substance: str | None) -> str:
        baseline = self.context.baseline(substance)
        if baseline is None:
            return "No intake baseline for this substance: type it, or leave it empty."
        per = rules.fmt_amount(baseline.amount)
        days = rules.fmt_amount(baseline.days_per_week)
        return (
            f"Intake on {baseline.taken_on}: {per} {baseline.unit} per use day, "
            f"{days} use days a week."
        )

    def on_mount(self) -> None:
        # FormScreen.on_mount runs after this one (Textual calls each class's handler) and
        # focuses the first field; move the focus once it has.
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        if self.detail is not None:
            return
        first = {
            "reduce": "#target_amount",
            "stepdown": "#ladder",
            "safer": "#strategies",
            "abstinence": "#client_words",
        }.get(self.kind)
        if self.kind == "reduce" and not self._suggested.get("baseline_amount"):
            first = "#baseline_amount"
        if self.kind in rules.SUBSTANCE_KINDS and not self._substance_default():
            first = None  # the substance comes first
        if first == "#strategies":
            focus_menu(self)
        elif first and self.query(first):
            self.query_one(first).focus()

    @on(Select.Changed, "#substance, #period")
    def _suggestion_inputs_changed(self) -> None:
        if self.kind not in ("reduce", "stepdown") or not self.query("#period"):
            return
        substance = _plain(self.query_one("#substance", Select).value)
        period = _plain(self.query_one("#period", Select).value)
        if (substance, period) == self._last:
            return  # e.g. the first value being set
        self._last = (substance, period)
        baseline, unit = self._suggest(substance, period)
        for name, new in (("baseline_amount", baseline), ("unit", unit)):
            widget = self.query_one(f"#{name}", Input)
            if not widget.value.strip() or widget.value == self._suggested.get(name):
                widget.value = new
            self._suggested[name] = new
        self.query_one("#baseline-hint", Static).update(self._baseline_hint(substance))

    # -- saving ----------------------------------------------------------------------------

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import goals as store

        if self.detail is None:
            return store.create_goal(vault, self.client_id, self.kind, values)
        return store.update_goal(vault, self.detail.goal.id, values, reason=self._reason)


# -- the menu of options for one goal ----------------------------------------------------------


class StrategyPicker(AsksReason, MenuStrategies, SelectionForm):
    """The menu of safer-use options for a goal: tick strategies, add the client's own.
    Returns the goal, or None."""

    HELP_TEXT = (
        "The menu of options: safer-use strategies by concern (overdose, infections, alcohol, "
        "general). Space ticks or unticks one; the client's own strategies go in the box below, "
        "one per line. Ctrl+N adds a strategy to the menu for every client. Saving a change asks "
        "for the reason and keeps it in the goal's history. " + FormScreen.HELP_TEXT
    )
    BINDINGS = [Binding("ctrl+n", "add_to_menu", "Add to menu", priority=True)]
    DEFAULT_CSS = """
    StrategyPicker .strategy-menu {
        height: auto;
        max-height: 12;
    }
    StrategyPicker #strategy-full {
        color: $text-muted;
    }
    """

    def __init__(self, detail: Any, context: Any) -> None:
        super().__init__()
        self.detail = detail
        self.context = context
        self.FORM_TITLE = f"Menu of options · {detail.goal.title}"

    def compose_fields(self) -> ComposeResult:
        chosen = [(s.concern, s.label) for s in self.detail.strategies]
        yield from strategy_fields(self.context.menu, chosen)

    def on_mount(self) -> None:  # after FormScreen's own focus (see GoalForm.on_mount)
        self.call_after_refresh(lambda: focus_menu(self))

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.goals import set_strategies

        return set_strategies(
            vault,
            self.detail.goal.id,
            values["strategies"],
            values.get("custom_strategies") or "",
            values.get("custom_concern"),
            reason=self._reason,
        )


class MenuItemForm(FormScreen[Any]):
    """Add a strategy to the menu of options (for every client). Returns (concern, label)."""

    FORM_TITLE = "Add a strategy to the menu of options"
    HELP_TEXT = (
        "The strategy joins the built-in menu for every client in this vault. For a strategy "
        "that is only this client's, type it in the client's own strategies instead. "
        + FormScreen.HELP_TEXT
    )

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "Concern",
            Select(plain.options(vocab.STRATEGY_CONCERNS), id="concern", value="General",
                   allow_blank=False),
        )  # fmt: skip
        yield from field("Strategy", Input("", id="label", max_length=80))

    def on_mount(self) -> None:  # after FormScreen's own focus (see GoalForm.on_mount)
        self.call_after_refresh(lambda: self.query_one("#label").focus())

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.vocab import add_term

        label = add_term(vault, vocab.STRATEGY, values["concern"], values["label"])
        return values["concern"], label


# -- reasons, status, step back ----------------------------------------------------------------


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


# -- revision history --------------------------------------------------------------------------


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


# -- the take-home plan ------------------------------------------------------------------------


class PlanDialog(FormScreen[Any]):
    """Write the client's take-home plan to a file the counselor names. Returns the path."""

    FORM_TITLE = "Write the client's take-home plan"
    HELP_TEXT = (
        "The plan holds the client's goals in their words, the safer-use strategies they chose, "
        "who helps and the next check-in; no counselor notes. The file is NOT encrypted and is "
        "readable only by you (0600): print it or hand it over, then delete it. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, code: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.code = code

    def compose_fields(self) -> ComposeResult:
        from hrtui.client_plan import NOT_ENCRYPTED

        yield Static(NOT_ENCRYPTED, classes="warning")
        yield from field(
            "Write to (a full path)",
            Input("", id="path", placeholder=f"e.g. ~/plan-{self.code}.md"),
        )
        yield from field("If the file exists", Checkbox("Replace it", id="overwrite"))

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.client_plan import write_plan

        return write_plan(vault, self.client_id, values["path"], bool(values["overwrite"]))
