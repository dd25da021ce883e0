"""The intake forms: :class:`FactorForm` (an internal or external factor, a risk or a
strength), :class:`BaselineForm` (a substance baseline), :class:`ReadinessForm` (readiness
rulers), :class:`AuditCForm` (the three AUDIT-C questions) and :class:`AddTermForm` (add a word to
a vocabulary list), on the shared :class:`IntakeForm` base and the :class:`AnswerSet` radio set.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    Input,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.intake import (
    AUDITC_CUTOFFS,
    AUDITC_QUESTIONS,
    BALANCE_CELLS,
    BALANCE_INTRO,
    BEHAVIOUR_MAX,
    GENERAL_SUBJECT,
    ONE_UP,
    RULERS,
    WHY_NOT_LOWER,
    AuditCInput,
    BalanceInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    auditc_band,
    auditc_score,
    number,
    split_routes,
)
from hrtui.domain.parse import DAY_HINT
from hrtui.screens.form import FormScreen, field, value_of
from hrtui.widgets import plain
from hrtui.widgets.toggles import RadioButton, SelectionList


class AnswerSet(RadioSet):
    """A question's answers; the digit keys answer directly and move on to the next field."""

    BINDINGS = [Binding(str(i), f"answer({i})", f"Answer {i}", show=False) for i in range(5)]

    def __init__(self, options: tuple[str, ...], value: int | None = None, **kwargs: Any):
        buttons = [
            RadioButton(f"{i}  {label}", value=(i == value)) for i, label in enumerate(options)
        ]
        super().__init__(*buttons, compact=True, **kwargs)

    @property
    def answer(self) -> int | None:
        index = self.pressed_index
        return None if index < 0 else index

    def set_answer(self, index: int) -> None:
        """Press answer ``index``. Done directly rather than through the button's own message,
        which Textual holds back while another answer set's change is being handled."""
        buttons = list(self.query(RadioButton))
        if not 0 <= index < len(buttons):
            return
        with self.prevent(RadioButton.Changed):
            for i, button in enumerate(buttons):
                button.value = i == index
        self._pressed_button = buttons[index]
        self._selected = index
        self.post_message(self.Changed(self, buttons[index]))

    def action_answer(self, index: int) -> None:
        self.set_answer(index)
        self.screen.focus_next()


class IntakeForm(FormScreen[Any]):
    """A form whose fields may also be answer sets and selection lists."""

    DEFAULT_CSS = """
    IntakeForm .field-label { width: 1fr; }
    IntakeForm SelectionList { height: auto; max-height: 9; }
    IntakeForm #auditc-score { height: auto; max-height: 4; padding: 0 1; text-style: bold; }
    """

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for widget in self.query(".form-input"):
            if not widget.id:
                continue
            if isinstance(widget, AnswerSet):
                out[widget.id] = widget.answer
            elif isinstance(widget, SelectionList):
                out[widget.id] = tuple(widget.selected)
            elif isinstance(widget, Select):  # None when nothing is chosen
                out[widget.id] = widget.selection
            else:
                out[widget.id] = value_of(widget)
        return out


class AddTermForm(FormScreen[str]):
    """Add a label to one of the counselor's editable lists; returns the label."""

    SHORT = True

    def __init__(self, kind: str, grp: str, title: str, label: str) -> None:
        super().__init__()
        self.kind, self.grp, self.label = kind, grp, label
        self.FORM_TITLE = title

    def compose_fields(self) -> ComposeResult:
        yield from field(
            self.label,
            Input(id="label", max_length=80),
            hint="It is added to the list for every client.",
        )

    def save(self, vault: Any, values: dict[str, Any]) -> str:
        from hrtui.store.vocab import add_term

        return add_term(vault, self.kind, self.grp, values["label"])


class FactorForm(IntakeForm):
    """Add or edit one internal or external factor; returns the saved factor."""

    HELP_TEXT = (
        "A factor is something internal (inside the person) or external (around them) that "
        "plays a part in their use. It can raise risk or be a strength that protects; strengths "
        "matter as much as risks. Describe it in the client's own words. Weight: how much it "
        "weighs now, 0 to 3. Ctrl+N adds a new category to the list. " + FormScreen.HELP_TEXT
    )
    BINDINGS = [
        Binding(
            "ctrl+n",
            "add_category",
            "New category",
            priority=True,
            tooltip="Add a category to the list",
        ),
    ]

    def __init__(
        self,
        client_id: int,
        categories: dict[str, list[str]],
        factor: Any | None = None,
        grp: str = "internal",
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.categories = {g: list(labels) for g, labels in categories.items()}
        self.factor = factor
        self.start_grp = factor.grp if factor else grp
        self.FORM_TITLE = "Edit factor" if factor else "New factor"

    def category_options(self, grp: str) -> list[tuple[Text, str]]:
        labels = list(self.categories.get(grp, []))
        f = self.factor
        if f is not None and f.grp == grp and f.category not in labels:
            labels.append(f.category)
        return plain.options(labels)

    def compose_fields(self) -> ComposeResult:
        f = self.factor
        yield from field(
            "Group",
            Select(
                [(label, key) for key, label in vocab.FACTOR_GROUPS.items()],
                value=self.start_grp,
                allow_blank=False,
                id="grp",
            ),
        )
        yield from field(
            "Category",
            Select(
                self.category_options(self.start_grp),
                value=f.category if f else Select.NULL,
                prompt="Choose a category",
                id="category",
            ),
            hint="Ctrl+N adds a category that is not in the list.",
        )
        yield from field(
            "What it is, in the client's words",
            Input(f.description if f else "", id="description", max_length=300),
        )
        yield from field(
            "Raises risk, or a strength?",
            Select(
                [(label, key) for key, label in vocab.FACTOR_EFFECTS.items()],
                value=f.effect if f else Select.NULL,
                prompt="Choose one",
                id="effect",
            ),
        )
        yield from field(
            "How much it weighs now",
            Select(
                [(label, str(key)) for key, label in vocab.FACTOR_WEIGHTS.items()],
                value=str(f.weight if f else 1),
                allow_blank=False,
                id="weight",
            ),
        )
        yield from field("Note (optional)", Input(f.note if f else "", id="note"))
        yield from field(
            "Date noted",
            Input((f.noted_on if f else clock.today()).isoformat(), id="noted_on"),
            hint=DAY_HINT,
        )

    @on(Select.Changed, "#grp")
    def group_changed(self, event: Select.Changed) -> None:
        category = self.query_one("#category", Select)
        keep = category.value
        category.set_options(self.category_options(str(event.value)))
        if keep in {value for _, value in self.category_options(str(event.value))}:
            category.value = keep

    def action_add_category(self) -> None:
        grp = str(self.query_one("#grp", Select).value)
        group_name = vocab.FACTOR_GROUPS.get(grp, grp).lower()

        def added(label: str | None) -> None:
            if not label:
                return
            labels = self.categories.setdefault(grp, [])
            if label.casefold() not in {x.casefold() for x in labels}:
                labels.append(label)
            category = self.query_one("#category", Select)
            category.set_options(self.category_options(grp))
            match = next((x for x in labels if x.casefold() == label.casefold()), label)
            category.value = match
            category.focus()

        self.app.push_screen(
            AddTermForm(
                vocab.FACTOR_CATEGORY,
                grp,
                f"New {group_name} factor category",
                "Category name",
            ),
            added,
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        data = FactorInput(
            grp=values["grp"] or "",
            category=values["category"] or "",
            description=values["description"],
            effect=values["effect"] or "",
            weight=values["weight"] if values["weight"] is not None else "",
            note=values["note"],
            noted_on=values["noted_on"],
        )
        if self.factor is None:
            return intake.add_factor(vault, self.client_id, data)
        return intake.update_factor(vault, self.client_id, self.factor.id, data)


class BaselineForm(IntakeForm):
    """Take or retake a substance baseline; returns the saved baseline."""

    HELP_TEXT = (
        "The baseline is how use looks now, for one substance: the use log and goals compare "
        "against it. Retaking a baseline adds a new one; earlier ones stay in the history. "
        "Routes: Up/Down move, Space ticks; type others in the next field. The unit follows the "
        "substance (standard drinks for alcohol) unless you change it. Ctrl+N adds a substance "
        "to the list. " + FormScreen.HELP_TEXT
    )
    BINDINGS = [
        Binding(
            "ctrl+n",
            "add_substance",
            "New substance",
            priority=True,
            tooltip="Add a substance to the list",
        ),
    ]

    def __init__(
        self,
        client_id: int,
        substances: list[str],
        routes: list[str],
        client_units: dict[str, str],
        start: Any | None = None,
        substance: str | None = None,
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.substances = list(substances)
        self.routes = list(routes)
        self.client_units = {k.casefold(): v for k, v in client_units.items()}
        self.start = start
        self.substance = start.substance if start else substance
        if self.substance and self.substance not in self.substances:
            self.substances.append(self.substance)
        self.FORM_TITLE = f"Retake baseline: {start.substance}" if start else "New baseline"
        self._auto_unit = self.unit_for(self.substance or "")

    def unit_for(self, substance: str) -> str:
        """The client's own unit for this substance if known, else the usual one."""
        return self.client_units.get(substance.casefold()) or vocab.usual_unit(substance)

    def compose_fields(self) -> ComposeResult:
        s = self.start
        picked = set(split_routes(s.routes)) if s else set()
        extra = [r for r in sorted(picked) if r not in self.routes]
        yield from field(
            "Substance",
            Select(
                plain.options(self.substances),
                value=self.substance or Select.NULL,
                prompt="Choose a substance",
                id="substance",
            ),
            hint="Ctrl+N adds a substance that is not in the list.",
        )
        yield from field(
            "Route(s)",
            SelectionList[str](
                *plain.labelled((r, r, r in picked) for r in self.routes), id="routes"
            ),
            hint="Up/Down move, Space ticks or unticks.",
        )
        yield from field(
            "Other route(s) (optional)",
            Input(", ".join(extra), id="other_routes", placeholder="comma-separated"),
        )
        amount = number(s.amount) if s and s.amount is not None else ""
        yield from field(
            "Usual amount per occasion",
            Input(amount, id="amount", placeholder="e.g. 4 or 2.5"),
        )
        occasions = number(s.occasions_per_day) if s else "1"
        yield from field(
            "Occasions on a use day",
            Input(occasions, id="occasions_per_day", max_length=4),
            hint="Progress compares per use day: the amount per occasion × occasions.",
        )
        yield from field(
            "Unit",
            Input(s.unit if s else self._auto_unit, id="unit", max_length=30),
            hint="Standard drinks for alcohol; otherwise the client's own unit.",
        )
        days = number(s.days_per_week) if s and s.days_per_week is not None else ""
        yield from field(
            "Days a week with use (0–7)", Input(days, id="days_per_week", max_length=4)
        )
        yield from field(
            "Last use (optional)",
            Input(s.last_use.isoformat() if s and s.last_use else "", id="last_use"),
            hint=DAY_HINT,
        )
        yield from field(
            "What the use does for the person",
            TextArea(
                s.what_it_does if s else "", id="what_it_does", soft_wrap=True, tab_behavior="focus"
            ),
        )
        yield from field(
            "Date taken",
            Input(clock.today().isoformat(), id="taken_on"),
            hint=f"The day the baseline describes: use as it was then. {DAY_HINT}",
        )

    @on(Select.Changed, "#substance")
    def substance_changed(self, event: Select.Changed) -> None:
        unit = self.query_one("#unit", Input)
        new = self.unit_for(str(event.value)) if event.value != Select.NULL else ""
        if unit.value.strip() in ("", self._auto_unit) and new:
            unit.value = new
        self._auto_unit = new

    def action_add_substance(self) -> None:
        def added(label: str | None) -> None:
            if not label:
                return
            if label.casefold() not in {x.casefold() for x in self.substances}:
                self.substances.append(label)
            select = self.query_one("#substance", Select)
            select.set_options(plain.options(self.substances))
            select.value = next(x for x in self.substances if x.casefold() == label.casefold())
            select.focus()

        self.app.push_screen(
            AddTermForm(vocab.SUBSTANCE, "", "New substance", "Substance name"), added
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        data = BaselineInput(
            substance=values["substance"] or "",
            routes=values["routes"],
            other_routes=values["other_routes"],
            amount=values["amount"],
            unit=values["unit"],
            days_per_week=values["days_per_week"],
            last_use=values["last_use"],
            what_it_does=values["what_it_does"],
            taken_on=values["taken_on"],
            occasions_per_day=values["occasions_per_day"],
        )
        return intake.add_baseline(vault, self.client_id, data)


class ReadinessForm(IntakeForm):
    """A new readiness-ruler rating; returns it."""

    HELP_TEXT = (
        "The readiness ruler: on a scale from 0 to 10, how important is this change, how "
        "confident is the person that they could make it, and how ready are they now. Ask "
        f'"{WHY_NOT_LOWER}" and "{ONE_UP}" and note the answers in their words. Every rating '
        "is kept with its date. A rating is about one goal, a behaviour in the client's words "
        "(e.g. drinking, injecting), or change in general: each has its own trend and answers. "
        + FormScreen.HELP_TEXT
    )

    QUESTIONS = {
        "importance": "Importance: how important is this change to you? (0–10)",
        "confidence": "Confidence: how confident are you that you could make it? (0–10)",
        "readiness": "Readiness: how ready are you to make it now? (0–10)",
    }

    def __init__(self, client_id: int, last: Any | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.last = last
        self.FORM_TITLE = "New readiness rating"

    def compose_fields(self) -> ComposeResult:
        yield from subject_fields()
        for key in RULERS:
            hint = "0 = not at all · 10 = extremely"
            if self.last is not None:
                when = self.last.rated_on.isoformat()
                hint += f" · last time ({when}): {getattr(self.last, key)}"
            yield from field(self.QUESTIONS[key], Input(id=key, max_length=2), hint=hint)
        yield from field(
            WHY_NOT_LOWER,
            TextArea(id="why_not_lower", soft_wrap=True, tab_behavior="focus"),
        )
        yield from field(ONE_UP, TextArea(id="one_up", soft_wrap=True, tab_behavior="focus"))
        yield from field("Date", Input(clock.today().isoformat(), id="rated_on"), hint=DAY_HINT)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        about = values.pop("about", None)
        goal_id = int(about) if about and about != GENERAL else None
        return intake.add_readiness(
            vault, self.client_id, ReadinessInput(**values, goal_id=goal_id)
        )

    def on_mount(self) -> None:
        load_goal_choices(self)
        # the ratings first, as before: "About" (change in general unless chosen) is above
        self.call_after_refresh(self.query_one("#importance", Input).focus)


GENERAL = "general"


def subject_fields(goal_id: int | None = None, behaviour: str = "") -> ComposeResult:
    """What a rating or a sheet is about: one of the client's goals (loaded after the form
    opens: :func:`load_goal_choices`) or change in general, and a behaviour in words."""
    yield from field(
        "About (a goal, or change in general)",
        Select([(GENERAL_SUBJECT, GENERAL)], id="about", allow_blank=False,
               value=GENERAL),
        hint="The goals are the client's own (Goals tab).",
    )  # fmt: skip
    yield from field(
        "Behaviour, in the client's words (optional)",
        Input(behaviour, id="behaviour", max_length=BEHAVIOUR_MAX,
              placeholder="e.g. drinking, injecting, smoking"),
    )  # fmt: skip


def load_goal_choices(form: FormScreen[Any], chosen: int | None = None) -> None:
    """Fill the "About" list with the client's goals (from a worker), keeping ``chosen``."""
    from hrtui.store.goals import list_goals

    def loaded(goals: list[Any]) -> None:
        select = form.query_one("#about", Select)
        options = [(Text(GENERAL_SUBJECT), GENERAL)]
        options += [(Text(f"Goal: {g.title}"), str(g.id)) for g in goals]
        select.set_options(options)
        value = str(chosen) if chosen is not None and any(
            str(g.id) == str(chosen) for g in goals) else GENERAL  # fmt: skip
        select.value = value
        form._initial["about"] = value

    form.call_store(list_goals, form.client_id, done=loaded)  # type: ignore[attr-defined]  # every such form is a VaultModal


class BalanceForm(IntakeForm):
    """A decisional-balance sheet (new, or changed); returns it."""

    HELP_TEXT = (
        BALANCE_INTRO
        + " Write each box in the client's words; one box is enough to save. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, sheet: Any | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.sheet = sheet
        self.FORM_TITLE = "Decisional balance" + (
            f" · {sheet.made_on.isoformat()}" if sheet is not None else ""
        )

    def compose_fields(self) -> ComposeResult:
        sheet = self.sheet
        yield Static(BALANCE_INTRO, classes="field-hint")
        yield from subject_fields(None, sheet.behaviour if sheet else "")
        for name, heading in BALANCE_CELLS.items():
            yield from field(
                heading,
                TextArea(getattr(sheet, name) if sheet else "", id=name, soft_wrap=True,
                         tab_behavior="focus"),
            )  # fmt: skip
        made = sheet.made_on.isoformat() if sheet else clock.today().isoformat()
        yield from field("Date", Input(made, id="made_on"), hint=DAY_HINT)

    def on_mount(self) -> None:
        load_goal_choices(self, self.sheet.goal_id if self.sheet else None)
        self.call_after_refresh(self.query_one("#using_good", TextArea).focus)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        about = values.pop("about", None)
        goal_id = int(about) if about and about != GENERAL else None
        data = BalanceInput(**values, goal_id=goal_id)
        if self.sheet is not None:
            return intake.update_balance(vault, self.client_id, self.sheet.id, data)
        return intake.add_balance(vault, self.client_id, data)


class AuditCForm(IntakeForm):
    """The three AUDIT-C questions, scored as they are answered; returns the saved result."""

    HELP_TEXT = (
        "AUDIT-C: the first three questions of the WHO AUDIT, about drinking. Answer each with "
        "the keys 0 to 4 (or Up/Down and Enter); the score (0 to 12) and what it means show at "
        'the bottom. If question 1 is "Never", questions 2 and 3 are skipped. A cut-off is '
        "optional: without one, both cut-offs in common use are explained. " + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, cutoff: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.cutoff = cutoff
        self.FORM_TITLE = "AUDIT-C"

    def compose_fields(self) -> ComposeResult:
        for number_, (key, question, options) in enumerate(AUDITC_QUESTIONS, start=1):
            yield from field(f"{number_}. {question}", AnswerSet(options, id=key))
        yield from field(
            "Cut-off (optional)",
            Select(
                [(label, value) for value, label in AUDITC_CUTOFFS.items()],
                value=self.cutoff if self.cutoff is not None else Select.NULL,
                prompt="None chosen: explain both",
                id="cutoff",
            ),
        )
        yield from field("Date", Input(clock.today().isoformat(), id="taken_on"), hint=DAY_HINT)

    # Textual calls each class's on_mount (FormScreen's too); mypy sees an incompatible override
    async def on_mount(self) -> None:  # type: ignore[override]
        # The score stays in view below the questions, whatever is scrolled.
        body = self.query_one(".form-body")
        await self.query_one(".form").mount(Static("", id="auditc-score"), after=body)
        self.show_score()

    @on(RadioSet.Changed)
    def answered(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id == "q1" and event.index == 0:
            for key in ("q2", "q3"):  # skipped when there is no drinking
                self.query_one(f"#{key}", AnswerSet).set_answer(0)
        self.show_score()

    @on(Select.Changed, "#cutoff")
    def cutoff_changed(self) -> None:
        self.show_score()

    def show_score(self) -> None:
        answers = [self.query_one(f"#{key}", AnswerSet).answer for key, _, _ in AUDITC_QUESTIONS]
        target = self.query_one("#auditc-score", Static)
        if any(a is None for a in answers):
            done = sum(a is not None for a in answers)
            target.update(f"Score: {done} of 3 questions answered.")
            return
        cutoff = self.query_one("#cutoff", Select).selection
        q1, q2, q3 = (a for a in answers if a is not None)  # all three answered (above)
        band = auditc_band(auditc_score(q1, q2, q3), cutoff)
        target.update(band.explanation)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        return intake.add_auditc(vault, self.client_id, AuditCInput(**values))
