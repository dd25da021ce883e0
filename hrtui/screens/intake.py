"""The Intake tab of a client's workspace, and its forms.

One pane, four views on number keys: 1 factors (internal and external, risks and strengths),
2 substance baselines (the current one per substance and the whole history), 3 readiness ratings,
4 AUDIT-C results. A summary above the factors shows the current baselines, the readiness trend
and the latest AUDIT-C; a line at the top says what is new since the last session.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Input,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.intake import (
    AUDITC_CUTOFFS,
    AUDITC_QUESTIONS,
    EFFECT_MARKS,
    ONE_UP,
    RULERS,
    WHY_NOT_LOWER,
    AuditCInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    amount_with_unit,
    auditc_band,
    auditc_score,
    baseline_line,
    number,
    since_line,
    since_tag,
    split_routes,
    trend,
    weight_dots,
)
from hrtui.domain.parse import DAY_HINT
from hrtui.screens.base import VaultPane
from hrtui.screens.form import FormScreen, field, value_of
from hrtui.widgets import plain
from hrtui.widgets.fast_table import PlainTable

STRENGTH_STYLE = "bold green"
RISK_STYLE = "bold yellow"
TAG_STYLE = "bold reverse"

VIEWS = {
    "factors": "Factors",
    "baselines": "Substances",
    "readiness": "Readiness",
    "auditc": "AUDIT-C",
}
GROUP_KEY = "grp:"


def fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with "…" when cut."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def effect_cell(effect: str) -> Text:
    return Text(EFFECT_MARKS.get(effect, effect), style=STRENGTH_STYLE if effect == "strength"
                else RISK_STYLE)


def tag_cell(tag: str) -> Text:
    return Text(f" {tag} " if tag else "", style=TAG_STYLE if tag else "")


# -- forms -------------------------------------------------------------------------------------


class AnswerSet(RadioSet):
    """A question's answers; the digit keys answer directly and move on to the next field."""

    BINDINGS = [
        Binding(str(i), f"answer({i})", f"Answer {i}", show=False) for i in range(5)
    ]

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
        Binding("ctrl+n", "add_category", "New category", priority=True,
                tooltip="Add a category to the list"),
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
        Binding("ctrl+n", "add_substance", "New substance", priority=True,
                tooltip="Add a substance to the list"),
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
            TextArea(s.what_it_does if s else "", id="what_it_does", soft_wrap=True,
                     tab_behavior="focus"),
        )
        yield from field(
            "Date taken", Input(clock.today().isoformat(), id="taken_on"), hint=DAY_HINT
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
        )
        return intake.add_baseline(vault, self.client_id, data)


class ReadinessForm(IntakeForm):
    """A new readiness-ruler rating; returns it."""

    HELP_TEXT = (
        "The readiness ruler: on a scale from 0 to 10, how important is this change, how "
        "confident is the person that they could make it, and how ready are they now. Ask "
        f'"{WHY_NOT_LOWER}" and "{ONE_UP}" and note the answers in their words. Every rating '
        "is kept with its date. " + FormScreen.HELP_TEXT
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
        yield from field(
            "Date", Input(clock.today().isoformat(), id="rated_on"), hint=DAY_HINT
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        return intake.add_readiness(vault, self.client_id, ReadinessInput(**values))


class AuditCForm(IntakeForm):
    """The three AUDIT-C questions, scored as they are answered; returns the saved result."""

    HELP_TEXT = (
        "AUDIT-C: the first three questions of the WHO AUDIT, about drinking. Answer each with "
        "the keys 0 to 4 (or Up/Down and Enter); the score (0 to 12) and what it means show at "
        "the bottom. If question 1 is \"Never\", questions 2 and 3 are skipped. A cut-off is "
        "optional: without one, both cut-offs in common use are explained. "
        + FormScreen.HELP_TEXT
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
        yield from field(
            "Date", Input(clock.today().isoformat(), id="taken_on"), hint=DAY_HINT
        )

    async def on_mount(self) -> None:
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
        band = auditc_band(auditc_score(*answers), cutoff)  # type: ignore[arg-type]
        target.update(band.explanation)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import intake

        return intake.add_auditc(vault, self.client_id, AuditCInput(**values))


# -- the pane ----------------------------------------------------------------------------------


class IntakePane(VaultPane):
    HELP_TEXT = (
        "Intake: what plays a part in the client's use, mapped together and never finished. "
        "Keys 1–4 switch between factors, substance baselines, readiness ratings and AUDIT-C "
        "results. Enter on a factor edits it; Enter on a group line adds a factor to that "
        "group; Enter on a baseline retakes it (the earlier one stays in the history). "
        "Factors marked new or changed were added or changed since the last session."
    )
    BINDINGS = [
        Binding("enter", "open_row", "Open", priority=True, key_display="⏎",
                tooltip="Edit the factor, or retake the baseline, on this row"),
        Binding("ctrl+n", "new_factor", "New factor", tooltip="Add a factor (risk or strength)"),
        Binding("ctrl+b", "new_baseline", "Baseline", tooltip="Take a substance baseline"),
        Binding("ctrl+y", "new_readiness", "Readiness", tooltip="Add a readiness rating"),
        Binding("ctrl+t", "new_auditc", "AUDIT-C", tooltip="Answer the AUDIT-C"),
        *[
            Binding(str(i), f"view('{key}')", title, show=False, tooltip=f"Show {title.lower()}")
            for i, (key, title) in enumerate(VIEWS.items(), start=1)
        ],
    ]
    DEFAULT_CSS = """
    IntakePane { height: 1fr; }
    IntakePane #intake-since { height: auto; padding: 0 1; color: $text-muted; }
    IntakePane #intake-summary { height: auto; padding: 0 1; }
    IntakePane #intake-views { height: 1; padding: 0 1; }
    IntakePane ContentSwitcher { height: 1fr; }
    IntakePane DataTable { height: 1fr; }
    IntakePane #intake-detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """
    WORDS_WIDTH = 24

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.data: Any = None
        self.tags: dict[int, str] = {}
        self.view = "factors"

    def compose(self) -> ComposeResult:
        yield Static("", id="intake-since")
        yield Static("Loading…", id="intake-summary")
        yield Static("", id="intake-views")
        with ContentSwitcher(initial="factors", id="intake-switcher"):
            for key in VIEWS:
                yield PlainTable(id=key, cursor_type="row", zebra_stripes=True)
        yield Static("", id="intake-detail")

    def on_mount(self) -> None:
        columns = {
            "factors": [("Effect", 10), ("Category", 16), ("In the client's words",
                        self.WORDS_WIDTH), ("Now", 3), ("", 9)],
            "baselines": [("Substance", 16), ("Taken", 10), ("Usual amount", 18),
                          ("Days/wk", 7), ("", 9)],
            "readiness": [("Date", 10), ("Importance", 10), ("Confidence", 10),
                          ("Readiness", 9), ("Why not lower", 22)],
            "auditc": [("Date", 10), ("Q1", 2), ("Q2", 2), ("Q3", 2), ("Score", 7),
                       ("What it means", 32)],
        }
        for key, cols in columns.items():
            table = self.query_one(f"#{key}", DataTable)
            for label, width in cols:
                table.add_column(label, width=width)
        self.show_views()
        # VaultPane.on_mount runs next (Textual calls each class's handler) and loads the data.

    # -- data ----------------------------------------------------------------------------

    def reload(self, select: tuple[str, str] | None = None) -> None:
        from hrtui.store.intake import overview

        self.call_store(overview, self.client_id, done=lambda data: self._show(data, select))

    def _show(self, data: Any, select: tuple[str, str] | None = None) -> None:
        self.data = data
        self.tags = {
            f.id: since_tag(f.created_at, f.updated_at, data.last_session) for f in data.factors
        }
        self.fill_factors(select[1] if select and select[0] == "factors" else None)
        self.fill_baselines(select[1] if select and select[0] == "baselines" else None)
        self.fill_readiness(select[1] if select and select[0] == "readiness" else None)
        self.fill_auditc(select[1] if select and select[0] == "auditc" else None)
        self.show_since()
        self.show_summary()
        self.show_detail()

    def _after(self, day: date | None, stamp: Any) -> bool:
        return day is not None and stamp.date() > day

    def show_since(self) -> None:
        data = self.data
        last = data.last_session
        line = since_line(
            last,
            self.tags.values(),
            baselines_added=sum(self._after(last, b.created_at) for b in data.baselines),
            ratings_added=sum(self._after(last, r.created_at) for r in data.readiness),
            auditc_added=sum(self._after(last, a.created_at) for a in data.auditc),
        )
        news = last is not None and "nothing added or changed" not in line
        self.query_one("#intake-since", Static).update(Text(line, style="bold" if news else ""))

    def show_summary(self) -> None:
        data = self.data
        text = Text()
        if data.current:
            for baseline in data.current[:3]:
                line = baseline_line(
                    baseline.substance, baseline.amount, baseline.unit, baseline.days_per_week
                )
                text.append(f"{line} ", style="bold")
                text.append(f"(taken {baseline.taken_on.isoformat()})\n")
            if len(data.current) > 3:
                text.append(f"…and {len(data.current) - 3} more: press 2\n")
        else:
            text.append("No substance baseline yet (Ctrl+B takes one).\n")
        if data.readiness:
            text.append(
                " · ".join(
                    f"{title if i == 0 else title.lower()} "
                    f"{trend([getattr(r, key) for r in data.readiness])}"
                    for i, (key, title) in enumerate(RULERS.items())
                )
                + "\n"
            )
        else:
            text.append("No readiness rating yet (Ctrl+Y).\n")
        if data.auditc:
            latest = data.auditc[-1]
            band = auditc_band(auditc_score(latest.q1, latest.q2, latest.q3), latest.cutoff)
            text.append(f"AUDIT-C {band.score} of 12", style="bold")
            text.append(f" ({latest.taken_on.isoformat()}): {band.short}")
        else:
            text.append("No AUDIT-C yet (optional; Ctrl+T).")
        self.query_one("#intake-summary", Static).update(text)

    def show_views(self) -> None:
        text = Text()
        for i, (key, title) in enumerate(VIEWS.items(), start=1):
            label = f" {i} {title} "
            if key == self.view:
                text.append(f"[{label.strip()}]", style="bold reverse")
            else:
                text.append(f" {label.strip()} ")
            text.append(" ")
        self.query_one("#intake-views", Static).update(text)
        self.query_one("#intake-summary", Static).display = self.view == "factors"

    # -- tables --------------------------------------------------------------------------

    def _refill(self, key: str, rows: list[tuple[str, list[Any]]], select: str | None) -> None:
        table = self.query_one(f"#{key}", DataTable)
        keep = select
        if keep is None and table.row_count:
            try:
                keep = str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
            except Exception:
                keep = None
        table.clear()
        for row_key, cells in rows:
            table.add_row(*cells, key=row_key)
        if keep is not None:
            with contextlib.suppress(Exception):  # the row may be gone
                table.move_cursor(row=table.get_row_index(keep))

    def fill_factors(self, select: str | None = None) -> None:
        rows: list[tuple[str, list[Any]]] = []
        for grp, title in vocab.FACTOR_GROUPS.items():
            factors = [f for f in self.data.factors if f.grp == grp]
            strengths = sum(f.effect == "strength" for f in factors)
            risks = len(factors) - strengths
            summary = (
                f"{strengths} strength{'s' if strengths != 1 else ''}, "
                f"{risks} risk{'s' if risks != 1 else ''}"
                if factors
                else "none yet: Enter adds one"
            )
            rows.append(
                (
                    f"{GROUP_KEY}{grp}",
                    [Text(title, style="bold underline"), "", Text(summary, style="italic"),
                     "", ""],
                )
            )
            for f in factors:
                rows.append(
                    (
                        str(f.id),
                        [
                            effect_cell(f.effect),
                            fit(f.category, 16),
                            fit(f.description, self.WORDS_WIDTH),
                            weight_dots(f.weight),
                            tag_cell(self.tags.get(f.id, "")),
                        ],
                    )
                )
        self._refill("factors", rows, select)

    def fill_baselines(self, select: str | None = None) -> None:
        current = {b.id for b in self.data.current}
        rows = []
        for b in self.data.baselines:
            amount = amount_with_unit(b.amount, b.unit)
            rows.append(
                (
                    str(b.id),
                    [
                        fit(b.substance, 16),
                        b.taken_on.isoformat(),
                        fit(amount, 18),
                        number(b.days_per_week),
                        tag_cell("current") if b.id in current else "",
                    ],
                )
            )
        self._refill("baselines", rows, select)

    def fill_readiness(self, select: str | None = None) -> None:
        rows = [
            (
                str(r.id),
                [
                    r.rated_on.isoformat(),
                    str(r.importance),
                    str(r.confidence),
                    str(r.readiness),
                    fit(r.why_not_lower or "—", 22),
                ],
            )
            for r in reversed(self.data.readiness)
        ]
        self._refill("readiness", rows, select)

    def fill_auditc(self, select: str | None = None) -> None:
        rows = []
        for a in reversed(self.data.auditc):
            band = auditc_band(auditc_score(a.q1, a.q2, a.q3), a.cutoff)
            rows.append(
                (
                    str(a.id),
                    [
                        a.taken_on.isoformat(),
                        str(a.q1),
                        str(a.q2),
                        str(a.q3),
                        f"{band.score} of 12",
                        fit(band.short, 32),
                    ],
                )
            )
        self._refill("auditc", rows, select)

    # -- the highlighted row ---------------------------------------------------------------

    def current_key(self) -> str | None:
        table = self.query_one(f"#{self.view}", DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        except Exception:
            return None

    def _find(self, rows: list[Any], key: str | None) -> Any | None:
        if key is None or key.startswith(GROUP_KEY):
            return None
        return next((r for r in rows if str(r.id) == key), None)

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.data is not None:
            self.show_detail()

    def show_detail(self) -> None:
        if self.data is None:
            return
        key = self.current_key()
        detail = self.query_one("#intake-detail", Static)
        text = Text()
        if self.view == "factors":
            f = self._find(self.data.factors, key)
            if f is None:
                text.append("Enter adds a factor to this group · Ctrl+N new factor")
            else:
                text.append(f"{f.category} ({vocab.FACTOR_GROUPS.get(f.grp, f.grp).lower()}) · ")
                text.append(EFFECT_MARKS.get(f.effect, f.effect),
                            style=STRENGTH_STYLE if f.effect == "strength" else RISK_STYLE)
                text.append(f" · weighs {f.weight} of 3 · noted {f.noted_on.isoformat()}")
                if f.updated_at > f.created_at:
                    text.append(f" · changed {f.updated_at.date().isoformat()}")
                text.append(f"\n“{' '.join(f.description.split())}”")
                if f.note:
                    text.append(f"  Note: {' '.join(f.note.split())}")
        elif self.view == "baselines":
            b = self._find(self.data.baselines, key)
            if b is None:
                text.append("No baseline yet: Ctrl+B takes one.")
            else:
                last = b.last_use.isoformat() if b.last_use else "—"
                text.append(f"Routes: {b.routes or '—'} · last use {last}")
                if b.what_it_does:
                    text.append(f"\nWhat it does: {' '.join(b.what_it_does.split())}")
                text.append("\nEnter retakes this baseline (this one stays in the history).")
        elif self.view == "readiness":
            r = self._find(self.data.readiness, key)
            if r is None:
                text.append("No readiness rating yet: Ctrl+Y adds one.")
            else:
                text.append(f"Why not lower: {' '.join(r.why_not_lower.split()) or '—'}\n")
                text.append(f"One number up: {' '.join(r.one_up.split()) or '—'}")
        else:
            a = self._find(self.data.auditc, key)
            if a is None:
                text.append("No AUDIT-C yet (optional): Ctrl+T answers it.")
            else:
                band = auditc_band(auditc_score(a.q1, a.q2, a.q3), a.cutoff)
                text.append(band.explanation)
        detail.update(text)

    # -- actions -------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        self.query_one("#intake-switcher", ContentSwitcher).current = view
        self.query_one(f"#{view}", DataTable).focus()
        self.show_views()
        self.show_detail()

    def action_open_row(self) -> None:
        if self.data is None:
            return
        key = self.current_key()
        if self.view == "factors":
            if key is None:
                self.action_new_factor()
            elif key.startswith(GROUP_KEY):
                self.action_new_factor(key.removeprefix(GROUP_KEY))
            else:
                factor = self._find(self.data.factors, key)
                if factor is not None:
                    self._push_factor_form(FactorForm(
                        self.client_id, self.data.categories, factor=factor
                    ))
        elif self.view == "baselines":
            baseline = self._find(self.data.baselines, key)
            if baseline is None:
                self.action_new_baseline()
            else:
                self._push_baseline_form(start=baseline)
        elif self.view == "readiness":
            self.notify("Ratings are kept as given, with their date; Ctrl+Y adds a new one.")
        else:
            self.notify("Results are kept as given, with their date; Ctrl+T adds a new one.")

    def _push_factor_form(self, form: FactorForm) -> None:
        def saved(factor: Any) -> None:
            if factor is not None:
                self.notify("Factor saved.")
                self.reload(select=("factors", str(factor.id)))

        self.app.push_screen(form, saved)

    def action_new_factor(self, grp: str = "internal") -> None:
        if self.data is None:
            return
        if self.view != "factors":
            self.action_view("factors")
        self._push_factor_form(FactorForm(self.client_id, self.data.categories, grp=grp))

    def _push_baseline_form(self, start: Any | None = None) -> None:
        data = self.data
        units = {b.substance: b.unit for b in reversed(data.baselines)}
        usual = data.baselines[0].substance if data.baselines else None

        def saved(baseline: Any) -> None:
            if baseline is not None:
                self.notify(f"Baseline for {baseline.substance} saved.")
                self.action_view("baselines")
                self.reload(select=("baselines", str(baseline.id)))

        self.app.push_screen(
            BaselineForm(
                self.client_id, data.substances, data.routes, units, start=start,
                substance=usual,
            ),
            saved,
        )

    def action_new_baseline(self) -> None:
        if self.data is not None:
            self._push_baseline_form()

    def action_new_readiness(self) -> None:
        if self.data is None:
            return
        last = self.data.readiness[-1] if self.data.readiness else None

        def saved(rating: Any) -> None:
            if rating is not None:
                self.notify("Readiness rating saved.")
                self.action_view("readiness")
                self.reload(select=("readiness", str(rating.id)))

        self.app.push_screen(ReadinessForm(self.client_id, last), saved)

    def action_new_auditc(self) -> None:
        if self.data is None:
            return
        last = self.data.auditc[-1] if self.data.auditc else None

        def saved(result: Any) -> None:
            if result is not None:
                self.notify("AUDIT-C saved.")
                self.action_view("auditc")
                self.reload(select=("auditc", str(result.id)))

        self.app.push_screen(AuditCForm(self.client_id, last.cutoff if last else None), saved)
