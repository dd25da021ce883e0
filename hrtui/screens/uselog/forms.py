"""The use-log forms: :class:`EntryForm` (the quick entry: it opens on the amount with
today's date and the client's usual substance and unit filled in, so a typical day is the
amount, then Enter), :class:`NoUseForm` (a day or days with no use) and :class:`CueForm` (memory
cues for a day). :func:`open_entry_form` loads the client's defaults and opens the entry form;
:func:`saved_message` is the line shown after a save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import (
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from hrtui import clock
from hrtui.domain.dates import friendly_day
from hrtui.domain.parse import amount_with_unit
from hrtui.domain.uselog import (
    Cue,
    EntryDefaults,
    EntryInput,
    EntryView,
)
from hrtui.domain.vocab import MOODS, STAYS
from hrtui.screens.base import VaultModal
from hrtui.screens.form import FormScreen, field
from hrtui.widgets import plain
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.toggles import SelectionList


def open_entry_form(
    host: Any,
    client_id: int,
    *,
    day: date | None = None,
    entry: EntryView | None = None,
    done: Callable[[Any], None] | None = None,
) -> None:
    """Load the client's defaults, then open :class:`EntryForm`; ``done(entry)`` after a save."""
    from hrtui.store.uselog import entry_defaults

    def loaded(defaults: EntryDefaults) -> None:
        def closed(result: Any) -> None:
            if result is not None:
                host.app.notify(saved_message(result))
                if done is not None:
                    done(result)

        host.app.push_screen(EntryForm(client_id, defaults, day=day, entry=entry), closed)

    host.call_store(entry_defaults, client_id, done=loaded)


def saved_message(entry: Any) -> str:
    when = friendly_day(entry.day)
    if entry.no_use:
        what = f"no use of {entry.substance}" if entry.substance else "no use"
        return f"Recorded {what} {when}."
    saved = f"Saved {amount_with_unit(entry.amount, entry.unit)} of {entry.substance} {when}."
    if not getattr(entry, "replaced_mark", False):
        return saved
    others = list(getattr(entry, "no_use_for", ()))
    kept = (
        f": no use of {', '.join(others[:-1])} and {others[-1]} is kept" if len(others) > 1
        else f": no use of {others[0]} is kept" if others
        else ""
    )  # fmt: skip
    return f'{saved} It replaces the day\'s "no use of anything" mark{kept}.'


class EntryForm(FormScreen[Any]):
    """Add or edit one use entry. Returns the saved entry, or None."""

    DEFAULT_CSS = """
    EntryForm .row {
        height: auto;
    }
    EntryForm .row > Vertical {
        width: 1fr;
        height: auto;
        padding-right: 1;
    }
    EntryForm #strategies {
        height: auto;
        max-height: 8;
    }
    EntryForm .form-body TextArea {
        height: 4;
    }
    """
    HELP_TEXT = (
        "Log use for one day. The form opens on the amount with today's date and the client's "
        "usual substance and unit filled in: type the amount and press Enter. An amount of 0 "
        "records no use of that substance that day. Several entries on one day add up. "
        "Date: today, yesterday, -3 (three days ago) or YYYY-MM-DD; future days are refused. "
        "A unit not yet used for the substance is asked about once: save again to use it. "
        "Space ticks the safer-use strategies of the client's plan that were used. "
        '"After a stay" marks the first use after hospital, prison or jail, treatment or '
        "another stay: tolerance may be lower. Saving use of opioids or another depressant "
        "after a stay, or after a break in the log, shows the tolerance note to read with the "
        "client (Enter or Esc closes it). " + FormScreen.HELP_TEXT
    )

    def __init__(
        self,
        client_id: int,
        defaults: EntryDefaults,
        *,
        day: date | None = None,
        entry: EntryView | None = None,
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.defaults = defaults
        self.entry = entry
        self.day = entry.day if entry else (day or defaults.today)
        if entry is not None:
            self.FORM_TITLE = f"Edit entry · {entry.day.isoformat()}"
        else:
            self.FORM_TITLE = f"Log use · {friendly_day(self.day, defaults.today)}"
        substance = entry.substance if entry else defaults.substance
        self._auto_unit = entry.unit if entry else defaults.unit_for(substance) or defaults.unit
        #: The route filled in from the intake baseline (a new entry only); it follows the
        #: substance until a route is chosen by hand.
        self._auto_route = None if entry else defaults.route_for(substance)
        self._confirm_unit = ""
        #: The entry's "after a stay" mark as stored ("" for none), and the tolerance prompt
        #: the last save found (shown before the form closes).
        self._stay = ""
        self._tolerance: Any = None

    def compose_fields(self) -> ComposeResult:
        d = self.defaults
        e = (
            self.entry.as_input()
            if self.entry
            else EntryInput(day=self.day.isoformat(), substance=d.substance, unit=self._auto_unit)
        )
        units = sorted({*d.units.values(), *(u for u in [self._auto_unit] if u)})
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Date",
                    Input(str(e.day), id="day", placeholder="today"),
                    hint="-1 = yesterday",
                )
            with Vertical():
                yield from field(
                    "Amount",
                    Input(str(e.amount or ""), id="amount", placeholder="0 = no use"),
                )
            with Vertical():
                yield from field(
                    "Unit",
                    Input(
                        e.unit,
                        id="unit",
                        suggester=SuggestFromList(units, case_sensitive=False),
                    ),
                )
        routes = list(d.routes)
        for usual in (e.route, *d.usual_routes.values()):
            if usual and usual.casefold() not in {r.casefold() for r in routes}:
                routes.append(str(usual))
        self._routes = routes
        if self._auto_route:  # spelled as in the list
            self._auto_route = next(
                r for r in routes if r.casefold() == str(self._auto_route).casefold()
            )
        chosen_route = e.route if self.entry is not None else self._auto_route
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Substance",
                    Input(
                        e.substance,
                        id="substance",
                        suggester=SuggestFromList(d.substances, case_sensitive=False),
                    ),
                )
            with Vertical():
                yield from field(
                    "Route",
                    Select(
                        plain.options(routes),
                        id="route",
                        prompt="—",
                        value=chosen_route if chosen_route else Select.NULL,
                    ),
                )
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Setting (where)", Input(e.setting, id="setting", placeholder="e.g. home")
                )
            with Vertical():
                yield from field(
                    "With whom", Input(e.with_whom, id="with_whom", placeholder="e.g. alone")
                )
        with Horizontal(classes="row"):
            with Vertical():
                yield from field(
                    "Craving 0–10", Input(str(e.craving or ""), id="craving", max_length=2)
                )
            with Vertical():
                yield from field(
                    "Mood",
                    Select(
                        [(m, m) for m in MOODS],
                        id="mood",
                        prompt="—",
                        value=e.mood if e.mood in MOODS else Select.NULL,
                    ),
                )
        plan = list(d.strategies)
        for label in e.strategies:
            if label.casefold() not in {p.casefold() for p in plan}:
                plan.append(label)
        yield Label("Safer-use strategies used (Space ticks)", classes="field-label")
        if plan:
            ticked = {s.casefold() for s in e.strategies}
            yield SelectionList[str](
                *plain.labelled((label, label, label.casefold() in ticked) for label in plan),
                id="strategies",
            )
        else:
            yield Static(
                "No safer-use plan yet: strategies chosen under Goals show here.",
                classes="field-hint",
            )
        yield FieldError(id="error-strategies")
        yield from field("Note", TextArea(e.note, id="note", soft_wrap=True, tab_behavior="focus"))
        yield from field(
            "After a stay (first use after hospital, prison, treatment…)",
            Select([(label, key) for key, label in STAYS.items()], id="after_stay",
                   prompt="No stay"),
            hint="Tolerance may be lower after a stay: saving shows the tolerance note.",
        )  # fmt: skip

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#amount", Input).focus)
        if self.entry is not None:
            from hrtui.store.safety import entry_stay

            self.call_store(entry_stay, self.client_id, self.entry.id, done=self._stay_loaded)

    def _stay_loaded(self, stay: str) -> None:
        self._stay = stay
        if stay:
            self.query_one("#after_stay", Select).value = stay
            self._initial["after_stay"] = stay

    def values(self) -> dict[str, Any]:
        values = super().values()
        for name in ("route", "mood", "after_stay"):  # a Select with nothing chosen
            if isinstance(values.get(name), type(Select.NULL)):
                values[name] = None
        lists = self.query("#strategies").filter("SelectionList")
        values["strategies"] = tuple(lists.first(SelectionList).selected) if lists else ()
        return values

    @on(Input.Changed, "#substance")
    def _substance_changed(self, event: Input.Changed) -> None:
        """A new substance brings its own unit (and route), unless typed (chosen) by hand."""
        self._follow_route(event.value)
        unit = self.query_one("#unit", Input)
        if unit.value.strip().casefold() != self._auto_unit.casefold():
            return
        new = self.defaults.unit_for(event.value)
        if new and new != unit.value:
            unit.value = new
        self._auto_unit = new or unit.value

    def _follow_route(self, substance: str) -> None:
        """A new entry's route follows the substance's usual one, unless chosen by hand."""
        if self.entry is not None:
            return
        route = self.query_one("#route", Select)
        current = None if route.is_blank() else route.value
        if current != self._auto_route:
            return
        usual = self.defaults.route_for(substance)
        new = next((r for r in self._routes if usual and r.casefold() == usual.casefold()), None)
        route.value = new if new is not None else Select.NULL
        self._auto_route = new

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import safety, uselog

        values = dict(values)
        stay = values.pop("after_stay", None) or ""
        data = EntryInput(**values, confirm_unit=self._confirm_unit)
        if self.entry is not None:
            entry = uselog.update_entry(vault, self.client_id, self.entry.id, data)
        else:
            entry = uselog.add_entry(vault, self.client_id, data)
        if stay != self._stay:  # the tolerance check below reads the mark
            safety.set_entry_stay(vault, self.client_id, entry.id, stay)
        self._tolerance = (
            None if entry.no_use else safety.tolerance_for_entry(vault, self.client_id, entry.id)
        )
        return entry

    def _saved(self, result: Any) -> None:
        """After a save that calls for it, the tolerance note first; the form closes after."""
        prompt, self._tolerance = self._tolerance, None
        if result is None or prompt is None:
            super()._saved(result)
            return
        self.app.push_screen(SafetyNotice(prompt), lambda _: super(EntryForm, self)._saved(result))

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.store.uselog import UnitNotKnown

        self._confirm_unit = exc.unit if isinstance(exc, UnitNotKnown) else ""
        return super()._not_saved(exc)


class SafetyNotice(VaultModal[None]):
    """A safety prompt (e.g. lower tolerance after a break) to read with the client: its title
    and each line. Enter or Escape closes it; it never undoes what was saved."""

    HELP_TEXT = (
        "A safety note to read with the client. What was saved stays saved. Enter or Escape "
        "closes the note."
    )
    BINDINGS = [
        Binding("enter", "close", "Close", priority=True),
        Binding("escape", "close", "Close"),
    ]
    DEFAULT_CSS = """
    SafetyNotice .dialog {
        width: 76;
        height: auto;
        max-height: 90%;
        border: thick $warning;
    }
    SafetyNotice #notice-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, prompt: Any) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        body = Text()
        for number, line in enumerate(self.prompt.lines):
            body.append(("\n" if number else "") + f"• {line}")
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt.title, style="bold"), classes="dialog-title")
            yield Static(body, id="notice-text")
            yield Static("Enter or Esc closes · saved as entered", id="notice-keys")

    def action_close(self) -> None:
        self.dismiss(None)


class NoUseForm(FormScreen[Any]):
    """Record a day with no use of anything (a fact, not a gap). Returns the entry."""

    FORM_TITLE = "No use on a day"
    HELP_TEXT = (
        "Records that there was no use on that day: a recorded fact, different from a day "
        "nobody recorded. Enter saves. " + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, day: date | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.day = day or clock.today()

    def compose_fields(self) -> ComposeResult:
        yield from field(
            "Date",
            Input(self.day.isoformat(), id="day"),
            hint="today, yesterday, -3 or YYYY-MM-DD",
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store.uselog import record_no_use

        return record_no_use(vault, self.client_id, values["day"])


class CueForm(FormScreen[Any]):
    """Add or change a memory cue on a day. Returns the cue."""

    HELP_TEXT = (
        "A memory cue is a landmark that helps recall: payday, a holiday, a birthday, a court "
        "date, an appointment. It shows on the calendar. Future days are fine. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, day: date, cue: Cue | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.day = cue.day if cue else day
        self.cue = cue
        self.FORM_TITLE = "Change memory cue" if cue else "Memory cue"

    def compose_fields(self) -> ComposeResult:
        yield from field("Date", Input(self.day.isoformat(), id="day"))
        yield from field(
            "Cue",
            Input(
                self.cue.label if self.cue else "",
                id="label",
                max_length=40,
                placeholder="payday, holiday, court date…",
            ),
        )

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#label", Input).focus)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import uselog

        if self.cue is not None:
            return uselog.update_cue(
                vault, self.client_id, self.cue.id, values["day"], values["label"]
            )
        return uselog.add_cue(vault, self.client_id, values["day"], values["label"])
