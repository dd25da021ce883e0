"""Adding and editing a goal: :class:`KindPicker` (reduce, safer use, step-down,
abstinence or life) and :class:`GoalForm`, one form whose fields depend on the kind of goal.
An edit that changes the plan asks for a reason first.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from hrtui import clock
from hrtui.domain import goals as rules
from hrtui.domain import vocab
from hrtui.screens.base import VaultModal
from hrtui.screens.form import FormScreen, field
from hrtui.screens.goals.dialogs import AsksReason
from hrtui.screens.goals.menu import (
    MenuStrategies,
    SelectionForm,
    _plain,
    client_substances,
    focus_menu,
    selection_field,
    strategy_fields,
)
from hrtui.widgets import plain
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.toggles import SelectionList

KIND_HINTS = {
    "reduce": "use less of a substance: a baseline and a target",
    "safer": "a plan picked from the menu of safer-use options",
    "stepdown": "a ladder of dated steps down (\u201cwarm turkey\u201d)",
    "abstinence": "no use of a substance, from a start date",
    "life": "housing, health, relationships, work…",
}


#: Shown next to "What I want" when it is empty: a goal is the client's, in their words.
WORDS_NEEDED = "Write what the client wants, in their own words (a few words are enough)."

#: Under a safety prompt the first Ctrl+S showed: saving stays the client's choice.
SAVE_AS_WRITTEN = (
    "A safety note is shown at the top: read it with the client. Ctrl+S again saves the goal "
    "as written."
)
#: The fields a withdrawal prompt depends on: an edit that changes none of them is not checked.
PLAN_FIELDS = (
    "substance", "period", "baseline_amount", "target_amount", "unit", "ladder", "start_on",
    "status",
)  # fmt: skip


class SafetyPromptFirst(Exception):
    """Raised by the save (in its worker) when a safety prompt applies that the counselor has
    not been shown yet: the form shows it and the next Ctrl+S saves."""

    def __init__(self, prompt: Any) -> None:
        super().__init__(prompt.title)
        self.prompt = prompt


def prompt_text(prompt: Any) -> Text:
    """A safety prompt as the form shows it: the title, then each line."""
    text = Text(prompt.title, style="bold")
    for line in prompt.lines:
        text.append("\n")
        text.append(f"• {line}")
    return text


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


class GoalForm(AsksReason, MenuStrategies, SelectionForm):
    """Add or edit a goal. Returns the saved goal, or None when left without saving."""

    HELP_TEXT = (
        "Write the goal with the client, in their words. The first fields depend on the kind of "
        "goal; then what they want, why it matters, the steps, who can help, what could get in "
        "the way and how they'll know it's working. Dates: YYYY-MM-DD, today, +N (in N days). "
        "The counselor note at the end is yours: it never goes into the client's plan. Saving a "
        "change of target, ladder, strategies or status asks for the reason. When a goal "
        "stops or steeply cuts heavy daily use of alcohol, benzodiazepines, GHB/GBL or opioids, "
        "the first Ctrl+S shows a safety note at the top of the form (withdrawal, and medical "
        "support for a taper) instead of saving: read it with the client; Ctrl+S again saves "
        "the goal as written, and the note is kept with the goal. " + FormScreen.HELP_TEXT
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
    GoalForm #safety-prompt {
        display: none;
        margin-bottom: 1;
        padding: 0 1;
        border: tall $warning;
    }
    GoalForm #safety-prompt.-shown {
        display: block;
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
        #: The safety prompt on screen (its text), and when it was first shown.
        self._prompt_seen = ""
        self._prompt_at: Any = None
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
        yield Static("", id="safety-prompt")
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
                # a target above the baseline is the client's choice: a note, never a refusal
                note = Static("", id="target-note", classes="field-hint", markup=False)
                note.display = False
                yield note
            yield from field("Unit", Input(unit, id="unit", max_length=rules.UNIT_MAX))
            if kind == "stepdown":
                ladder = rules.ladder_text(self.detail.steps) if self.detail else ""
                yield from field(
                    "Ladder",
                    TextArea(ladder, id="ladder", soft_wrap=True, tab_behavior="focus"),
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
            self.menu_substances = client_substances(self.context, substance)
            yield from strategy_fields(self.context.menu, chosen, self.menu_substances)
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

    @on(Input.Changed, "#target_amount")
    @on(Select.Changed, "#substance, #period")
    def _note_target_above_baseline(self) -> None:
        if not self.query("#target-note"):
            return
        note = self.query_one("#target-note", Static)
        text = self.target_note()
        note.update(text)
        note.display = bool(text)

    def target_note(self) -> str:
        """ "The target is above the usual amount at intake (5): …" when the target typed is
        above the intake baseline of the substance for the period counted; else "". (A target
        at or above the goal's own baseline field is refused by the store's check.)"""
        from hrtui.domain.parse import parse_amount

        try:
            target = parse_amount(self.query_one("#target_amount", Input).value, required=False)
        except ValueError:
            return ""
        intake = self.context.baseline(_plain(self.query_one("#substance", Select).value))
        period = _plain(self.query_one("#period", Select).value)
        usual = intake.for_period(period) if intake else None
        if target is None or usual is None or target <= usual:
            return ""
        return (
            f"The target is above the usual amount at intake ({rules.fmt_amount(usual)}): is "
            "that what you both meant?"
        )

    # -- saving ----------------------------------------------------------------------------

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import goals as store
        from hrtui.store.errors import Invalid

        if not str(values.get("client_words") or "").strip():
            raise Invalid({"client_words": WORDS_NEEDED})
        shown = self._safety_check(vault, values)
        if self.detail is None:
            return store.create_goal(vault, self.client_id, self.kind, values, shown_prompt=shown)
        return store.update_goal(
            vault, self.detail.goal.id, values, reason=self._reason, shown_prompt=shown
        )

    def _safety_check(self, vault: Any, values: dict[str, Any]) -> Any:
        """(In the save's worker.) The withdrawal prompt for the goal as typed, to keep with
        it: :class:`SafetyPromptFirst` when it has not been shown yet. An edit that leaves the
        plan as it was is not checked again."""
        from hrtui.domain.safety import ShownPrompt
        from hrtui.store.safety import withdrawal_check

        if self.kind not in rules.SUBSTANCE_KINDS:
            return None
        if self.detail is not None and all(
            values.get(name) == self._initial.get(name) for name in PLAN_FIELDS
        ):
            return None
        prompt = withdrawal_check(vault, self.client_id, self.kind, values)
        if prompt is None:
            return None
        if prompt.text != self._prompt_seen:
            raise SafetyPromptFirst(prompt)
        return ShownPrompt(prompt, self._prompt_at or clock.now())

    def _not_saved(self, exc: BaseException) -> bool:
        if isinstance(exc, SafetyPromptFirst):
            self._saving = False
            self._prompt_seen = exc.prompt.text
            self._prompt_at = clock.now()
            panel = self.query_one("#safety-prompt", Static)
            panel.update(prompt_text(exc.prompt))
            panel.add_class("-shown")
            self.query_one(".form-body", VerticalScroll).scroll_home(animate=False)
            self.query_one("#form-error", Static).update(SAVE_AS_WRITTEN)
            return True
        return super()._not_saved(exc)
