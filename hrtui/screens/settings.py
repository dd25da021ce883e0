"""Settings kept in the vault: how long the app may sit idle before it locks, the safety
prompts, the standard-drink size and heavy-drinking day (with the drinks table, Ctrl+D) and the
structure of session notes; the screen also says when the vault was last backed up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select, Static

from hrtui.domain.dates import friendly_day
from hrtui.domain.settings import MAX_LOCK_MINUTES, MIN_LOCK_MINUTES
from hrtui.screens.form import FormScreen, field, value_of
from hrtui.store.errors import Invalid


class SettingsForm(FormScreen[int]):
    """Returns the new idle time in seconds, or None if left unchanged."""

    FORM_TITLE = "Settings"
    HELP_TEXT = (
        "Auto-lock: after this many minutes without a key press hrtui locks itself (the "
        "command line's --lock-after overrides it for one run). "
        "Tolerance break: use of opioids or another depressant after this many days without "
        "use shows the tolerance note (smaller amount, a test dose, not alone, naloxone). "
        "Overdose line: the overdose-prevention line your service gives people; safety notes "
        "name it. "
        "Standard drink: the size every alcohol figure counts in (10 g WHO and Australia, 14 g "
        "US, 13.45 g Canada, 8 g a UK unit); Ctrl+D opens the drinks table (cans, glasses, "
        "shots: volume and ABV), so entries in those units convert too. Heavy-drinking day: "
        "WHO (60 g or more), NIAAA for women (4 or more US drinks) or men (5 or more), or a "
        "number of standard drinks. Session notes: DAP, SOAP or BIRP for new notes (notes "
        "begun earlier keep theirs). Theme: Ctrl+T chooses the colours (dark, light, or the "
        "terminal's own); the choice is kept in this vault at once and comes back after each "
        "unlock. " + FormScreen.HELP_TEXT
    )
    BINDINGS = [
        Binding("ctrl+d", "drinks", "Drinks table", priority=True,
                tooltip="Units alcohol is logged in: volume and ABV"),
        Binding("ctrl+t", "theme", "Theme", priority=True,
                tooltip="Colours: dark, light or the terminal's own"),
    ]  # fmt: skip

    def __init__(self, lock_after_seconds: int) -> None:
        super().__init__()
        self.current = lock_after_seconds

    def compose_fields(self) -> ComposeResult:
        minutes = max(1, round(self.current / 60))
        yield from field(
            "Lock after this many idle minutes",
            Input(str(minutes), id="lock_minutes", max_length=4),
            hint=f"{MIN_LOCK_MINUTES}–{MAX_LOCK_MINUTES} minutes",
        )
        yield Static("", id="last-backup", classes="field-hint", markup=False)
        yield Static(theme_line(self.app.theme), id="theme-line", classes="field-hint",
                     markup=False)  # fmt: skip
        yield from safety_fields()
        yield from progress_fields()

    def on_mount(self) -> None:
        from hrtui.store.maintenance import last_backup

        super().on_mount()
        self.call_store(last_backup, done=self._show_backup)
        self.call_store(safety_settings, done=self._show_safety)
        self.call_store(progress_settings, done=self._show_progress)

    def _show_progress(self, current: dict[str, str]) -> None:
        for name, value in current.items():
            widget = self.query_one(f"#{name}")
            if value_of(widget) == self._initial.get(name):  # not changed meanwhile
                widget.value = value  # type: ignore[attr-defined]  # an Input or Select
            self._initial[name] = value

    def action_drinks(self) -> None:
        from hrtui.domain.drinks import drink_size
        from hrtui.screens.drinks import DrinksScreen

        self.app.push_screen(DrinksScreen(drink_size(value_of(self.query_one("#drink_size")))))

    def action_theme(self) -> None:
        from hrtui.screens.theme import ThemeScreen

        def chosen(_: str | None) -> None:
            self.query_one("#theme-line", Static).update(theme_line(self.app.theme))

        self.app.push_screen(ThemeScreen(), chosen)

    def _show_safety(self, current: tuple[int, str]) -> None:
        days, line = current
        for name, value in (("tolerance_days", str(days)), ("overdose_line", line)):
            widget = self.query_one(f"#{name}", Input)
            if widget.value == self._initial.get(name, ""):  # not typed over meanwhile
                widget.value = value
            self._initial[name] = value

    def _show_backup(self, when: datetime | None) -> None:
        how = 'Ctrl+P, "Back up the vault" makes an encrypted copy (e.g. on a USB stick).'
        text = (
            f"Last backup: {friendly_day(when)}. {how}" if when
            else f"No backup made with hrtui yet. {how}"
        )  # fmt: skip
        self.query_one("#last-backup", Static).update(text)

    def save(self, vault: Any, values: dict[str, Any]) -> int:
        from hrtui.store.settings import set_lock_minutes

        errors: dict[str, str] = {}
        for part in (save_safety, save_progress):  # every field's problem at once
            try:
                part(vault, values)
            except Invalid as exc:
                errors.update(exc.errors)
        if errors:
            raise Invalid(errors)
        return set_lock_minutes(vault, values["lock_minutes"])


def theme_line(name: str) -> str:
    return f"Theme: {name}. Ctrl+T chooses another (kept in this vault)."


# -- safety prompts (issue #17) ------------------------------------------------------------------


def safety_fields() -> ComposeResult:
    """The break after which the tolerance note shows, and the service's overdose line (their
    values are loaded after the form opens: :func:`safety_settings`)."""
    from hrtui.domain.settings import MAX_TOLERANCE_DAYS, MIN_TOLERANCE_DAYS, OVERDOSE_LINE_MAX

    yield from field(
        "Tolerance note after this many days without use",
        Input("", id="tolerance_days", max_length=2),
        hint=f"{MIN_TOLERANCE_DAYS}–{MAX_TOLERANCE_DAYS} days (opioids and other depressants)",
    )
    yield from field(
        "Overdose-prevention line (named in safety notes)",
        Input("", id="overdose_line", max_length=OVERDOSE_LINE_MAX,
              placeholder="e.g. a never-use-alone line and its number"),
    )  # fmt: skip


def safety_settings(vault: Any) -> tuple[int, str]:
    from hrtui.store.settings import overdose_line, tolerance_days

    return tolerance_days(vault), overdose_line(vault)


def save_safety(vault: Any, values: dict[str, Any]) -> None:
    """Keep both safety settings; every field's problem is reported at once."""
    from hrtui.store.errors import Invalid
    from hrtui.store.settings import set_overdose_line, set_tolerance_days

    errors: dict[str, str] = {}
    for name, setter in (("tolerance_days", set_tolerance_days),
                         ("overdose_line", set_overdose_line)):  # fmt: skip
        try:
            setter(vault, values.get(name) or "")
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(errors)


# -- progress: standard drinks, the heavy-drinking day; session notes (issues #15, #18) ----------

#: The heavy-day choice that takes the number typed in ``heavy_drinks``.
HEAVY_NUMBER = "drinks"


def progress_fields() -> ComposeResult:
    """The standard-drink size, the heavy-drinking day (a definition or a number) and the
    structure of new session notes (values loaded after the form opens:
    :func:`progress_settings`)."""
    from hrtui.domain.drinks import DEFAULT_HEAVY, DEFAULT_SIZE, HEAVY_CHOICES, SIZES
    from hrtui.domain.sessions import STRUCTURE_CHOICES
    from hrtui.domain.settings import DEFAULT_NOTE_STRUCTURE

    yield from field(
        "Standard drink size (alcohol figures count in it)",
        Select([(s.label, s.key) for s in SIZES], value=DEFAULT_SIZE, allow_blank=False,
               id="drink_size"),
        hint="A 355 ml can at 5% holds 14 g: 1.4 WHO drinks, 1 US drink, 1.75 UK units. "
        "Ctrl+D: the drinks table.",
    )  # fmt: skip
    heavy = [(c.source, c.key) for c in HEAVY_CHOICES]
    yield from field(
        "Heavy-drinking day",
        Select([*heavy, ("A number of standard drinks (below)", HEAVY_NUMBER)],
               value=DEFAULT_HEAVY, allow_blank=False, id="heavy_day"),
    )  # fmt: skip
    yield from field(
        "Heavy day at this many standard drinks or more",
        Input("", id="heavy_drinks", max_length=5, placeholder="e.g. 6"),
        hint="Used when the heavy-drinking day is a number",
    )
    yield from field(
        "Session notes are written as",
        Select([(label, key) for key, label in STRUCTURE_CHOICES],
               value=DEFAULT_NOTE_STRUCTURE, allow_blank=False, id="note_structure"),
    )  # fmt: skip


def progress_settings(vault: Any) -> dict[str, str]:
    """The stored values of :func:`progress_fields`, by field."""
    from hrtui.store.settings import drink_size, heavy_day, note_structure

    heavy = heavy_day(vault)
    number = heavy.drinks is not None
    return {
        "drink_size": drink_size(vault).key,
        "heavy_day": HEAVY_NUMBER if number else heavy.key,
        "heavy_drinks": heavy.key.removeprefix("drinks:") if number else "",
        "note_structure": note_structure(vault),
    }


def save_progress(vault: Any, values: dict[str, Any]) -> None:
    """Keep the fields of :func:`progress_fields`; every field's problem is reported at once."""
    from hrtui.store.settings import set_drink_size, set_heavy_day, set_note_structure

    errors: dict[str, str] = {}
    heavy = values.get("heavy_day") or ""
    number = (values.get("heavy_drinks") or "").strip()
    if heavy == HEAVY_NUMBER and not number:
        errors["heavy_drinks"] = "Type the number of standard drinks, or choose a definition."
    for name, setter, value in (
        ("drink_size", set_drink_size, values.get("drink_size") or ""),
        ("heavy_drinks", set_heavy_day, number if heavy == HEAVY_NUMBER else heavy),
        ("note_structure", set_note_structure, values.get("note_structure") or ""),
    ):
        if name in errors:
            continue
        try:
            setter(vault, value)
        except Invalid as exc:
            errors[name] = next(iter(exc.errors.values()))
    if errors:
        raise Invalid(errors)
