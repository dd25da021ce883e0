"""The review worksheet: :class:`ReviewWorksheet`, and :func:`open_review_of_day`.

The worksheet is a full screen: the sections on the left (Up/Down or 1-9), one short form per
section on the right. Ctrl+S saves it as it is, Ctrl+F marks it finished, Escape leaves (asking
about unsaved input). It can be saved half-done and finished later. :func:`open_review_of_day`
starts (or opens) the review of a day from any screen with ``call_store``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import events, on
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
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from hrtui.domain import reviews as rules
from hrtui.domain import vocab
from hrtui.domain.reviews import CopingItem, ReviewInput, StressorItem, TriggerItem
from hrtui.screens.base import StoreCalls, VaultScreen
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.form import field, value_of
from hrtui.screens.reviews.dialogs import (
    PickList,
    ReviseGoalForm,
    StrategyForm,
    StressorForm,
    SupportForm,
    TriggerForm,
)
from hrtui.widgets.fast_table import PlainTable
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.footer import Footer
from hrtui.widgets.toggles import SelectionList

NEW_TRIGGER = "__new__"


def coping_items(tried: str, could: str) -> tuple[CopingItem, ...]:
    """The coping responses typed one per line: those tried, then those to try next time."""
    return tuple(
        CopingItem(line.strip(), was_tried)
        for text, was_tried in ((tried, True), (could, False))
        for line in (text or "").splitlines()
        if line.strip()
    )


def target_history_text(history: Any) -> Text:
    """The target in force on the day and in each of the weeks before it."""
    text = Text.assemble(("Target on the day: ", "bold"), history.on_day)
    for week in history.weeks:
        text.append(f"\n  {week.start.isoformat()} to {week.end.isoformat()}: {week.words}")
    return text


def prompt_text(prompt: Any) -> Text:
    """A safety prompt: its title, then each line."""
    text = Text(prompt.title, style="bold")
    for line in prompt.lines:
        text.append(f"\n• {line}")
    return text


def open_review_of_day(
    owner: StoreCalls,
    client_id: int,
    day: date,
    closed: Callable[[bool | None], None] | None = None,
) -> None:
    """Start (or open, if there is one) the review of ``day`` and show its worksheet.

    ``owner`` is any screen or pane with ``call_store`` (e.g. the use log's calendar). The
    worksheet is shown at once and starts the review itself, so keys typed straight after
    (while the vault works) reach the worksheet, not the screen behind it (where ``n`` would
    record a day of no use)."""
    owner.app.push_screen(ReviewWorksheet(start=(client_id, day)), closed)


class SectionList(OptionList):
    """The worksheet's sections; Up/Down show one, Enter (or Tab) goes into it."""

    BINDINGS = [
        Binding(str(i), f"jump({i - 1})", show=False, tooltip=f"Section {i}")
        for i in range(1, len(rules.SECTIONS) + 1)
    ]

    def action_jump(self, index: int) -> None:
        self.highlighted = index


#: Date fields: entering a section does not land on them, and letters typed where there is
#: nothing to type into never go into them.
DATE_FIELDS = ("day", "next_checkin")


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


def _line(input_id: str, max_length: int = 0) -> Input:
    # Focus does not select the text: a key typed on arriving in a filled field (a date)
    # must not replace all of it.
    return Input(id=input_id, max_length=max_length, select_on_focus=False)


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
    ReviewWorksheet .ws-ask { color: $text; text-style: italic; margin-bottom: 1; }
    ReviewWorksheet #ws-tolerance { border: tall $warning; padding: 0 1; display: none; }
    ReviewWorksheet #ws-tolerance.-shown { display: block; }
    ReviewWorksheet #coping_tried, ReviewWorksheet #coping_could { height: 5; }
    ReviewWorksheet ItemTable { height: auto; max-height: 10; }
    ReviewWorksheet #goal_ids { height: auto; max-height: 7; }
    ReviewWorksheet #plan-buttons { height: auto; }
    ReviewWorksheet #plan-buttons Button { width: 100%; margin: 0 0 1 0; }
    ReviewWorksheet .field-label { margin-top: 0; }
    ReviewWorksheet #ws-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, review_id: int | None = None, *, start: tuple[int, date] | None = None):
        """The worksheet of review ``review_id``; or, with ``start=(client_id, day)``, of the
        review of that day, started (or opened, if there is one) when the screen is shown."""
        super().__init__()
        assert (review_id is None) != (start is None), "a review id, or a day to start"
        self.review_id = review_id
        self._start = start
        #: Letters typed while there was nothing to type into yet (the worksheet loading):
        #: they go into the section's writing field once it can take them.
        self._pending = ""
        #: A section entered (Enter) while the worksheet was loading: focused once loaded.
        self._enter_after_load: str | None = None
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
                for widget in self._compose_sections():
                    # Nothing takes keys until the worksheet has loaded (a field focused before
                    # then would have its words replaced by the stored ones): letters typed
                    # meanwhile wait in ``_pending`` and go into the section once it has.
                    if widget.has_class("form-input"):
                        widget.disabled = True
                    yield widget
        yield Static("", id="ws-status")
        yield Footer()

    def _compose_sections(self) -> ComposeResult:
        with VerticalScroll(id="sec-happened", classes="ws-section"):
            yield Static(
                "Curiosity, not blame. Pre-filled from the day's log; change what is not right.",
                classes="ws-kind",
            )
            yield from field(
                "What kind of day",
                Select(
                    [(label, key) for key, label in rules.KINDS.items()],
                    prompt="Not chosen",
                    id="kind",
                ),
            )
            yield Static("", id="ws-kind-why", classes="ws-note")
            yield Static("", id="ws-entries", classes="ws-note")
            yield from field("Day reviewed", _line("day"))
            yield from field("When in the day", _line("time_of_day", 200))
            yield from field("Where", _line("place", 200))
            yield from field("Who with", _line("with_whom", 200))
            yield from field("What was used, and how much", _line("what_used", 500))
            yield from field("What happened", _area("what_happened"))
            yield from field(
                "After a stay (hospital, prison, treatment)",
                Select(
                    [(label, key) for key, label in vocab.STAYS.items()],
                    prompt="No stay",
                    id="after_stay",
                ),
            )
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
            yield Static("", id="ws-tolerance")
            yield from field(
                "What reduced harm (safer-use strategies used)", _area("what_reduced_harm", 4)
            )
            yield from field("What the consequences were", _area("consequences", 4))
        with VerticalScroll(id="sec-goals", classes="ws-section"):
            yield Static("", id="ws-targets", classes="ws-note")
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
            yield from field("Note", _line("too_ambitious_note", 2000))
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
            yield Static(rules.COPING_LABEL, classes="field-label")
            yield Static(rules.COPING_HINT, classes="field-hint")
            yield from field(
                f"{rules.COPING_TRIED} (one per line)",
                TextArea("", id="coping_tried", soft_wrap=True, show_line_numbers=False),
            )
            yield from field(
                f"{rules.COPING_COULD_TRY} (one per line)",
                TextArea("", id="coping_could", soft_wrap=True, show_line_numbers=False),
            )
            yield FieldError(id="error-coping")
            yield from field(
                rules.CONFIDENCE_QUESTION, _line("confidence", 2), hint=rules.CONFIDENCE_HINT
            )
            yield Static("", id="ws-confidence", classes="ws-note")
        with VerticalScroll(id="sec-plan", classes="ws-section"):
            with Vertical(id="plan-buttons"):
                yield Button("Revise a goal  Ctrl+G", id="revise-goal", compact=True)
                yield Button("Add a safer-use strategy  Ctrl+B", id="add-strategy", compact=True)
                yield Button("Add a support  Ctrl+T", id="add-support", compact=True)
            yield from field(
                "Next check-in",
                _line("next_checkin"),
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
        if self._start is not None:
            self.call_store(
                _start_worksheet, *self._start, done=self._started, failed=self._not_started
            )
        else:
            self.call_store(_load_worksheet, self.review_id, done=self._loaded)

    def _started(self, started: tuple[Any, Any]) -> None:
        result, sheet = started
        day = sheet.review.day.isoformat()
        if result.created:
            self.notify(f"Review of {day} started; the day's log is linked.")
        else:
            self.notify(f"The review of {day} is opened.")
        self.review_id = result.review_id
        self._loaded(sheet)

    def _not_started(self, exc: BaseException) -> bool:
        from hrtui.store.errors import Invalid

        if isinstance(exc, Invalid):  # e.g. a day in the future
            self.notify(" ".join(exc.errors.values()), title="Not started", severity="warning")
            self.dismiss(False)
            return True
        return False

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
        self._fill_safety(sheet)
        self.triggers = list(sheet.triggers)
        self.stressors = list(sheet.stressors)
        self._fill_goals(sheet.linked_goal_ids)
        self._refresh_lists()
        self._show_sheet()
        self._initial = self.current_input()
        entered, self._enter_after_load = self._enter_after_load, None
        if self._pending:
            self._type_into_section(self._pending)
            self._pending = ""
        elif entered is not None:
            self.show_section(entered, focus=True)

    def _fill_safety(self, sheet: Any) -> None:
        """The kind of day, the stay, coping and confidence as stored (issue #17)."""
        review = sheet.review
        self.query_one("#kind", Select).value = (
            review.kind if review.kind in rules.KINDS else Select.NULL
        )
        stay = review.after_stay or ""
        self.query_one("#after_stay", Select).value = stay if stay in vocab.STAYS else Select.NULL
        tried = [c.text for c in sheet.coping if c.tried]
        could = [c.text for c in sheet.coping if not c.tried]
        self._set("coping_tried", "\n".join(tried))
        self._set("coping_could", "\n".join(could))
        self._set("confidence", "" if review.confidence is None else str(review.confidence))

    def _show_kind(self) -> None:
        """The title, the why of the suggested kind and each section's questions, for the kind
        chosen in the field (they follow it as it changes)."""
        if self.sheet is None:
            return
        value = self.query_one("#kind", Select).value
        kind = value if isinstance(value, str) else None
        self._show_title(kind)
        choice = getattr(self.sheet, "kind_choice", None)
        why = Text(rules.KIND_HINT)
        if choice is not None:
            suggested = "Suggested" if choice.kind == kind else f"The log suggests {choice.label}"
            why = Text(f"{suggested}: {' '.join(choice.reasons)} {rules.KIND_HINT}")
        self.query_one("#ws-kind-why", Static).update(why)
        asked: dict[str, list[str]] = {}
        for question in rules.questions_for(kind):
            asked.setdefault(question.section, []).append(question.text)
        for sid, _ in rules.SECTIONS:
            found = self.query(f"#ask-{sid}")
            texts = asked.get(sid, [])
            if not found:
                if not texts:
                    continue
                pane = self.query_one(f"#sec-{sid}")
                pane.mount(Static("", id=f"ask-{sid}", classes="ws-ask"), before=0)
                found = self.query(f"#ask-{sid}")
            label = rules.kind_label(kind)
            found.first(Static).update(
                Text("\n".join([f"{label}, to ask:"] + [f"• {t}" for t in texts]))
                if texts else ""
            )  # fmt: skip
            found.first(Static).display = bool(texts)

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        self._show_kind()

    def _show_extras(self) -> None:
        """Target history, the tolerance note and earlier confidence ratings, as loaded."""
        sheet = self.sheet
        history = getattr(sheet, "target_history", None)
        if history is not None:
            self.query_one("#ws-targets", Static).update(target_history_text(history))
        tolerance = getattr(sheet, "tolerance", None)
        note = self.query_one("#ws-tolerance", Static)
        note.update(prompt_text(tolerance) if tolerance is not None else "")
        note.set_class(tolerance is not None, "-shown")
        series = getattr(sheet, "confidence_series", None) or []
        earlier = ", ".join(f"{day.isoformat()}: {value}" for day, value in series)
        self.query_one("#ws-confidence", Static).update(
            f"Over time: {earlier}" if earlier else "No confidence rating kept yet."
        )

    def _show_title(self, kind: str | None) -> None:
        review = self.sheet.review
        title = Text.assemble(
            (self.sheet.client_code, "bold"),
            f" · {rules.review_title(review.day, kind)} · ",
            (rules.status_label(review.status), "bold reverse" if review.status == "draft" else ""),
        )
        self.query_one("#ws-title", Static).update(title)

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
        self._show_kind()
        self._show_extras()
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
            kind=values["kind"],
            after_stay=values["after_stay"] or "",
            confidence=values["confidence"],
            coping=coping_items(values["coping_tried"], values["coping_could"]),
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
            if self.sheet is None:  # the fields take input once loaded
                self._enter_after_load = section
                return
            pane = self.query_one(f"#sec-{section}")
            # not a date already filled in: a sentence typed there would replace or spoil it
            targets = [w for w in pane.query("*") if w.focusable and w.id not in DATE_FIELDS]
            if targets:
                targets[0].focus()

    def _writing_field(self) -> Input | TextArea | None:
        """The current section's place for words: its first text area, else its first
        one-line field that is not a date (None in the lists and the plan section)."""
        pane = self.query_one("#ws-switcher", ContentSwitcher).visible_content
        if pane is None:
            return None
        areas = list(pane.query(TextArea))
        if areas:
            return areas[0]
        inputs = [w for w in pane.query(Input) if w.id not in DATE_FIELDS]
        return inputs[0] if inputs else None

    def _type_into_section(self, text: str) -> None:
        """Put ``text`` at the end of the current section's writing field and go there."""
        target = self._writing_field()
        if target is None:
            self.notify(
                "Nothing to type into here: Enter goes into the section, Ctrl+O back to the list.",
                severity="warning",
            )
            return
        target.focus()
        if isinstance(target, TextArea):
            target.move_cursor(target.document.end)
            target.insert(text)
        else:
            target.cursor_position = len(target.value)
            target.insert_text_at_cursor(text)
        # shown where the words went, also when the fields were enabled a moment ago (the
        # scroll that comes with focus ran before their layout was refreshed)
        self.call_after_refresh(target.scroll_visible, animate=False)

    def on_key(self, event: events.Key) -> None:
        """Letters typed where nothing takes them (the section list, a section's frame, a
        closed pick list, a button or a table, or anywhere while the worksheet loads) go into
        the current section's writing field, so nothing typed is lost. Digits (in the section
        list) and Space keep their meaning."""
        focused = self.focused
        nowhere = (
            focused is None
            or isinstance(focused, SectionList | Select | SelectionList | Button | DataTable)
            or focused.has_class("ws-section")
        )
        if not nowhere or not event.is_printable or not event.character:
            return
        if not self._pending and (
            event.character == " "
            or (event.character.isdigit() and isinstance(focused, SectionList))
        ):
            return
        event.stop()
        event.prevent_default()
        if self.sheet is None:
            self._pending += event.character
        else:
            self._type_into_section(event.character)

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
        self._saving = True
        for message in self.query(".field-error").results(Static):
            message.update("")
        submitted = self.current_input()
        self.query_one("#ws-status", Static).update("Saving…")
        self.call_store(
            _save_worksheet,
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
        self._fill_safety(sheet)
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
        if self.sheet is None or self.review_id is None:
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
                assert self.review_id is not None  # _pick_goal asks only once the sheet is loaded
                form = ReviseGoalForm(self.review_id, self.sheet.review.day, detail, note)
                self.app.push_screen(form, self._plan_changed)

            self.call_store(goal_detail, goal.id, done=loaded)

        self._pick_goal("Which goal changes?", picked)

    def action_add_strategy(self) -> None:
        def picked(goal: Any) -> None:
            assert self.review_id is not None  # _pick_goal asks only once the sheet is loaded
            substances = [goal.substance] if getattr(goal, "substance", None) else []
            substances += [g.substance for g in self.sheet.goals if getattr(g, "substance", None)]
            substances += [e.text for e in self.sheet.entries]  # "Alcohol 6 standard drinks"
            self.app.push_screen(
                StrategyForm(self.review_id, goal, self.sheet.menu, substances),
                self._plan_changed,
            )

        self._pick_goal("Add a safer-use strategy to which goal?", picked, prefer="safer")

    def action_add_support(self) -> None:
        def picked(goal: Any) -> None:
            assert self.review_id is not None  # _pick_goal asks only once the sheet is loaded
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


def _with_extras(vault: Any, sheet: Any) -> Any:
    """(In a worker.) The worksheet with what issue #17 adds around it: the kind the data
    suggests and why, the target history, the tolerance note, earlier confidence ratings."""
    from hrtui.store import reviews as store

    review_id = sheet.review.id
    sheet.kind_choice = store.review_kind_choice(vault, review_id)
    sheet.target_history = store.target_history(vault, review_id)
    sheet.tolerance = store.review_tolerance(vault, review_id)
    sheet.confidence_series = store.confidence_series(vault, sheet.review.client_id)
    return sheet


def _load_worksheet(vault: Any, review_id: int) -> Any:
    from hrtui.store.reviews import worksheet

    return _with_extras(vault, worksheet(vault, review_id))


def _save_worksheet(vault: Any, review_id: int, submitted: Any, status: str | None) -> Any:
    from hrtui.store.reviews import save_review

    return _with_extras(vault, save_review(vault, review_id, submitted, status))


def _start_worksheet(vault: Any, client_id: int, day: date) -> tuple[Any, Any]:
    from hrtui.store.reviews import start_review, worksheet

    started = start_review(vault, client_id, day)
    return started, _with_extras(vault, worksheet(vault, started.review_id))
