"""The menu of safer-use options: :class:`StrategyPicker` (pick a goal's strategies from
the menu) and :class:`MenuItemForm` (add a strategy to the menu for everyone), with the
selection-list helpers and mixins that :class:`~hrtui.screens.goals.form.GoalForm` shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    Input,
    Label,
    Select,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from hrtui.domain import vocab
from hrtui.screens.form import FormScreen, field
from hrtui.screens.goals.dialogs import AsksReason
from hrtui.widgets import plain
from hrtui.widgets.field_error import FieldError
from hrtui.widgets.toggles import SelectionList


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
    menu: dict[str, list[str]],
    chosen: Iterable[tuple[str, str]] = (),
    substances: Iterable[str] = (),
) -> list[Selection]:
    """The menu of options as selections: those for the client's ``substances`` first, then
    those for anyone, then the rest (:func:`hrtui.domain.vocab.menu_for`: nothing is left
    out), each group in the menu's order; strategies already in the plan that are not on the
    menu (the client's own) are listed too, ticked."""
    chosen = list(chosen)
    ticked = {label.casefold() for _, label in chosen}
    on_menu = set()
    options: list[Selection] = []
    for choice in vocab.menu_for(substances, menu):
        concern, label = choice.group, choice.label
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


def client_substances(context: Any, *more: str | None) -> list[str]:
    """The client's substances as a goal form knows them: the intake baselines' and ``more``
    (the goal's own)."""
    names = [*getattr(context, "baselines", {}), *(m for m in more if m)]
    return list(dict.fromkeys(names))


def strategy_hint(concern: str, label: str, families: Iterable[str] = ()) -> Text:
    """The highlighted option in full, then one line of why it helps and whom it is for."""
    text = Text.assemble((f"{concern}: ", "bold"), label)
    item = vocab.menu_item(label)
    if item is None:
        text.append("\nAn option added to the menu in this vault.", style="italic")
        return text
    if item.why:
        text.append(f"\nWhy: {item.why}")
    if not item.substances:
        text.append("\nFor anyone", style="italic")
    else:
        names = sorted(vocab.FAMILY_LABELS.get(f, f) for f in item.substances)
        mine = bool(item.substances & set(families))
        text.append(
            ("\nFor the client's substances" if mine else "\nFor ")
            + ("" if mine else ", ".join(names)),
            style="italic",
        )
    return text


def strategy_prompt(concern: str, label: str, own: bool = False) -> Text:
    """One line of the menu: the strategy, then its concern (dim). A long label is cut short
    in the list; the line under the list shows the highlighted one in full."""
    return Text.assemble(label, (" (own)" if own else "", "italic"), (f"  · {concern}", "dim"))


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


def strategy_fields(
    menu: dict[str, list[str]],
    chosen: Iterable[tuple[str, str]],
    substances: Iterable[str] = (),
) -> ComposeResult:
    substances = list(substances)
    names = sorted({vocab.FAMILY_LABELS.get(f, f) for f in vocab.substance_families(substances)})
    first = f"options for {', '.join(names)} first; " if names else ""
    yield from selection_field(
        f"Menu of options ({first}Space ticks a strategy)",
        SelectionList(
            *strategy_options(menu, chosen, substances), id="strategies", classes="strategy-menu"
        ),
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
        Select(plain.options(concerns), id="custom_concern", value="General", allow_blank=False),
    )


def focus_menu(form: FormScreen[Any]) -> None:
    """Focus the menu of options with the form shown from its top (focusing a tall list would
    otherwise scroll the form past its first lines)."""
    form.query_one("#strategies", SelectionList).focus(scroll_visible=False)
    form.query_one(".form-body", VerticalScroll).scroll_home(animate=False)


if TYPE_CHECKING:  # a mixin of forms: checked as one, a plain class when run
    _FormMixin = FormScreen[Any]
else:
    _FormMixin = object


class MenuStrategies(_FormMixin):
    """In a form with the menu of options: the highlighted strategy in full under the list with
    why it helps, and Ctrl+N to add a strategy to the menu for everyone."""

    #: The client's substances the menu is ordered for.
    menu_substances: list[str] = []

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted
    ) -> None:
        if event.selection_list.id != "strategies":
            return
        concern, label = event.selection.value
        full = self.query_one("#strategy-full", Static)
        families = vocab.substance_families(self.menu_substances)
        full.update(strategy_hint(concern, label, families))

    def action_add_to_menu(self) -> None:
        def added(item: tuple[str, str] | None) -> None:
            if item is None:
                return
            selection = self.query_one("#strategies", SelectionList)
            concern, label = item
            values = [selection.get_option_at_index(i).value for i in range(selection.option_count)]
            if (concern, label) not in values:
                selection.add_option(
                    Selection(strategy_prompt(concern, label), (concern, label), True)
                )
            else:
                selection.select((concern, label))
            self.notify(f"Added to the menu: {label}")

        self.app.push_screen(MenuItemForm(), added)


class StrategyPicker(AsksReason, MenuStrategies, SelectionForm):
    """The menu of safer-use options for a goal: tick strategies, add the client's own.
    Returns the goal, or None."""

    HELP_TEXT = (
        "The menu of options: safer-use strategies by concern (overdose, infections, alcohol, "
        "stimulants, treatment and health, general…), those for the client's substances first, "
        "then those for anyone, then the rest; the line under the list says why the highlighted "
        "one helps. Space ticks or unticks one; the client's own strategies go in the box below, "
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
        self.menu_substances = client_substances(context, detail.goal.substance)

    def compose_fields(self) -> ComposeResult:
        chosen = [(s.concern, s.label) for s in self.detail.strategies]
        yield from strategy_fields(self.context.menu, chosen, self.menu_substances)

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
