"""A base for every data-entry dialog.

What every form gets from here, so each form only declares its fields and its save call:
- a label, the input and a message line per field; a store :class:`~hrtui.store.errors.Invalid`
  error puts each message next to its field, and nothing is saved;
- ctrl+s saves (Enter in a one-line field too); the save runs in a worker;
- Escape with unsaved input asks Save / Discard / Stay, so nothing typed is lost silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from hrtui.screens.base import VaultModal
from hrtui.screens.confirm import UnsavedChanges
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.toggles import Checkbox

T = TypeVar("T")


def field(label: str, widget: Widget, hint: str = "") -> Iterator[Widget]:
    """Compose a labelled field: label, input, then its message line (``#error-<id>``)."""
    assert widget.id, "form fields need an id: it names the field"
    widget.add_class("form-input")
    yield Label(label, classes="field-label", markup=False)  # labels may quote typed words
    yield widget
    if hint:
        yield Static(hint, classes="field-hint", markup=False)
    yield FieldError(id=f"error-{widget.id}")


def value_of(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    if isinstance(widget, Checkbox):
        return widget.value
    raise TypeError(type(widget).__name__)  # pragma: no cover - programming error


class FormScreen(VaultModal[T]):
    """Subclasses set ``FORM_TITLE``, compose fields in :meth:`compose_fields` and implement
    :meth:`save` (run in a worker thread; raise ``Invalid`` for field problems)."""

    FORM_TITLE = ""
    #: A form of a few fields: as tall as they are, centred, instead of the whole screen.
    SHORT = False
    #: What Ctrl+S does, in the form's key line ("save"; "delete" in a deletion, "back up"…).
    SAVE_WORD = "save"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TEXT = (
        "Fill the fields; Tab and Shift+Tab move between them. Ctrl+S saves. "
        "Escape leaves; if something was typed you are asked whether to save it."
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # a form whose Ctrl+S is not "save" names its own word in the footer too
        if "SAVE_WORD" in cls.__dict__ and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = [Binding("ctrl+s", "save", cls.SAVE_WORD.capitalize(), priority=True)]
        super().__init_subclass__(**kwargs)

    def __init__(self) -> None:
        super().__init__()
        self._initial: dict[str, Any] = {}
        self._saving = False

    # -- for subclasses ------------------------------------------------------------------

    def compose_fields(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self, vault: Any, values: dict[str, Any]) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- machinery -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="form -short" if self.SHORT else "form"):
            yield Static(self.FORM_TITLE, classes="form-title", markup=False)
            with VerticalScroll(classes="form-body"):
                yield from self.compose_fields()
            yield FieldError(id="form-error")
            yield Static(f"Ctrl+S {self.SAVE_WORD} · Esc cancel · F1 help", classes="form-keys")

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self.query(".form-input").first()
        first.focus()

    def values(self) -> dict[str, Any]:
        return {w.id: value_of(w) for w in self.query(".form-input") if w.id}

    @property
    def dirty(self) -> bool:
        return self.values() != self._initial

    def show_errors(self, errors: dict[str, str]) -> None:
        for message in self.query(".field-error").results(Static):
            message.update("")
        unplaced = []
        for name, text in errors.items():
            target = self.query(f"#error-{name}")
            if target:
                target.first(Static).update(text)
            else:
                unplaced.append(text)
        self.query_one("#form-error", Static).update(" ".join(unplaced))
        if errors:
            first = next(iter(errors))
            widgets = self.query(f"#{first}")
            if widgets:
                widgets.first().focus()

    def action_save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.query_one("#form-error", Static).update("Saving…")
        self.call_store(self.save, self.values(), done=self._saved, failed=self._not_saved)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _saved(self, result: T) -> None:
        self._saving = False
        self.dismiss(result)

    def _not_saved(self, exc: BaseException) -> bool:
        from hrtui.store.errors import Invalid

        self._saving = False
        self.query_one("#form-error", Static).update("")
        if isinstance(exc, Invalid):
            self.show_errors(exc.errors)
            return True
        from hrtui.screens.base import describe_error

        self.query_one("#form-error", Static).update(describe_error(exc))
        return True

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(UnsavedChanges(), decided)
