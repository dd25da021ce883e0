"""The drinks table (from Settings, Ctrl+D): :class:`DrinksScreen` lists the units alcohol is
logged in ("cans of beer") with their volume, strength and the standard drinks one makes at
the chosen size; :class:`DrinkForm` adds or changes one. Not client data: a list the counselor
keeps (:mod:`hrtui.store.drinks`). An alcohol entry in a unit not in the table is named as not
counted in the progress figures, never left out silently.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from hrtui.domain.drinks import MAX_VOLUME_ML, UNIT_MAX, Drink, DrinkSize, _fmt
from hrtui.screens.base import VaultModal
from hrtui.screens.confirm import Confirm
from hrtui.screens.form import FormScreen, field
from hrtui.widgets.fast_table import PlainTable
from hrtui.widgets.footer import Footer


class DrinksTable(PlainTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Edit", key_display="⏎", show=False,
                tooltip="Change the selected drink"),
    ]  # fmt: skip


class DrinksScreen(VaultModal[None]):
    """The drinks table, in standard drinks of ``size`` (the size chosen in Settings)."""

    HELP_TEXT = (
        "The units alcohol is logged in, with the volume and strength of one, and how many "
        "standard drinks it makes at the size chosen in Settings. An alcohol entry in a unit "
        "that is not here is not counted in the progress figures (they say so). Ctrl+N adds a "
        "drink, Enter changes the selected one, Delete takes it out. Escape closes."
    )
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+n", "add", "Add", priority=True, tooltip="Add a drink"),
        Binding("delete", "delete", "Delete", tooltip="Take the selected drink out"),
    ]
    DEFAULT_CSS = """
    DrinksScreen > .dialog { width: 76; height: 100%; }
    DrinksScreen #drinks-table { height: 1fr; }
    DrinksScreen #drinks-size { height: auto; }
    """

    def __init__(self, size: DrinkSize) -> None:
        super().__init__()
        self.drink_size = size
        self.rows: list[tuple[int, Drink]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Drinks table", classes="dialog-title")
            yield Static(f"Standard drinks here are {self.drink_size.name}.", id="drinks-size",
                         markup=False)  # fmt: skip
            yield DrinksTable(id="drinks-table", cursor_type="row", zebra_stripes=True)
            yield Static("Ctrl+N add · ⏎ change · Delete remove · Esc close",
                         classes="form-keys")  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#drinks-table", DrinksTable)
        table.add_column("Unit", key="unit", width=20)
        table.add_column("ml", key="ml", width=6)
        table.add_column("ABV", key="abv", width=6)
        table.add_column("Std drinks", key="std", width=10)
        table.flex("unit")
        table.focus()
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        """List the drinks again, the cursor on the unit ``keep`` if given."""
        from hrtui.store.drinks import list_drinks

        self.call_store(list_drinks, done=lambda rows: self._listed(rows, keep))

    def _listed(self, rows: list[tuple[int, Drink]], keep: str | None) -> None:
        self.rows = rows
        table = self.query_one("#drinks-table", DrinksTable)
        table.clear()
        for drink_id, drink in rows:
            table.add_row(
                Text(drink.unit), _fmt(drink.volume_ml), f"{_fmt(drink.abv)}%",
                _fmt(drink.standard_drinks(self.drink_size)), key=str(drink_id),
            )  # fmt: skip
        for index, (_, drink) in enumerate(rows):
            if keep is not None and drink.unit.casefold() == keep.casefold():
                table.move_cursor(row=index)

    def selected(self) -> tuple[int, Drink] | None:
        table = self.query_one("#drinks-table", DrinksTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#drinks-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected()
        if row is not None:
            self._open(DrinkForm(self.drink_size, *row))

    def action_add(self) -> None:
        self._open(DrinkForm(self.drink_size))

    def _open(self, form: DrinkForm) -> None:
        def saved(result: tuple[int | None, Drink] | None) -> None:
            if result is None:
                return
            drink = result[1]
            self.notify(f"Kept {drink.describe(self.drink_size)}.")
            self.reload(drink.unit)

        self.app.push_screen(form, saved)

    def action_delete(self) -> None:
        from hrtui.store.drinks import delete_drink

        row = self.selected()
        if row is None:
            return
        drink_id, drink = row

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_store(delete_drink, drink_id, done=lambda _: self.reload())

        self.app.push_screen(
            Confirm(f"Take '{drink.unit}' out of the drinks table? Entries in it will be named "
                    "as not counted until it is added again.", yes="Remove", no="Keep"),
            answered,
        )  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)


class DrinkForm(FormScreen[Any]):
    """Add a drink, or change drink ``drink_id``. Returns (drink_id, drink), or None."""

    SHORT = True
    HELP_TEXT = (
        "The unit as it is logged (e.g. cans of beer), the volume of one in ml and its strength "
        "in % alcohol by volume (ABV): grams of alcohol = ml × ABV × 0.789. " + FormScreen.HELP_TEXT
    )

    def __init__(
        self, size: DrinkSize, drink_id: int | None = None, drink: Drink | None = None
    ) -> None:
        super().__init__()
        self.drink_size = size
        self.drink_id = drink_id
        self.drink = drink
        self.FORM_TITLE = f"Change '{drink.unit}'" if drink else "Add a drink"

    def compose_fields(self) -> ComposeResult:
        d = self.drink
        yield from field(
            "Unit, as it is logged",
            Input(d.unit if d else "", id="unit", max_length=UNIT_MAX,
                  placeholder="e.g. cans of beer"),
        )  # fmt: skip
        yield from field(
            "Volume of one (ml)",
            Input(_fmt(d.volume_ml) if d else "", id="volume_ml", max_length=6,
                  placeholder="e.g. 355"),
            hint=f"Up to {_fmt(MAX_VOLUME_ML)} ml",
        )  # fmt: skip
        yield from field(
            "Strength (% ABV)",
            Input(_fmt(d.abv) if d else "", id="abv", max_length=5, placeholder="e.g. 5"),
        )

    def save(self, vault: Any, values: dict[str, Any]) -> tuple[int | None, Drink]:
        from hrtui.store.drinks import save_drink

        drink = save_drink(vault, values["unit"], values["volume_ml"], values["abv"],
                           self.drink_id)  # fmt: skip
        return self.drink_id, drink
