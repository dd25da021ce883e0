"""Guards for the few private parts of Textual hrtui relies on (issue #19).

Textual is bounded below the next major version in pyproject.toml; within that range a release
may still rename a private method or attribute. Each use below is checked on the installed
Textual, so an upgrade that changes one fails here, naming what changed and where hrtui uses
it, instead of hrtui silently losing the behaviour (printing a traceback with a client's record
after a crash, or a slow roster).
"""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual.app import App, ComposeResult
from textual.driver import Driver
from textual.filter import ANSIToTruecolor
from textual.widgets import Checkbox, DataTable, RadioButton, RadioSet, SelectionList

from hrtui.widgets.fast_table import FastTable

TEXTUAL = version("textual")


def guard(ok: bool, internal: str, used_in: str, why: str) -> None:
    assert ok, (
        f"Textual {TEXTUAL} changed the private {internal}, which {used_in} relies on ({why}). "
        f"Adapt {used_in} to this Textual (or keep Textual below this version in "
        "pyproject.toml) before upgrading."
    )


def params(func) -> list[str]:
    return list(inspect.signature(func).parameters)


def calls(owner: type, method: str, name: str) -> bool:
    """Whether ``owner.method``'s source calls ``self.<name>(``."""
    return f"self.{name}(" in inspect.getsource(getattr(owner, method))


# -- hrtui/app.py: one line instead of Textual's traceback after an unexpected error ---------


def test_app_fatal_error_is_still_the_hook_for_unexpected_errors():
    why = "replaced so an unexpected error prints one line, not a traceback with locals"
    guard(
        callable(getattr(App, "_fatal_error", None)) and params(App._fatal_error) == ["self"],
        "App._fatal_error(self)",
        "hrtui/app.py (HrtuiApp._fatal_error)",
        why,
    )
    guard(
        hasattr(App, "_handle_exception") and calls(App, "_handle_exception", "_fatal_error"),
        "App._handle_exception calling self._fatal_error()",
        "hrtui/app.py",
        why,
    )


def test_app_batch_and_driver_used_to_wipe_the_last_frame():
    why = "to wipe the last frame and draw nothing after it when hrtui stops after an error"
    guard(
        callable(getattr(App, "_begin_batch", None)) and params(App._begin_batch) == ["self"],
        "App._begin_batch(self)",
        "hrtui/app.py (HrtuiApp._fatal_error)",
        why,
    )
    guard(hasattr(App(), "_driver"), "App._driver", "hrtui/app.py (HrtuiApp._fatal_error)", why)
    guard(
        all(callable(getattr(Driver, name, None)) for name in ("write", "flush")),
        "Driver.write / Driver.flush",
        "hrtui/app.py (HrtuiApp._fatal_error)",
        why,
    )


def test_app_panic_is_public_and_takes_renderables():
    """Not private, but the crash line goes through it: it must still take renderables."""
    sig = inspect.signature(App.panic)
    assert any(p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()), (
        f"Textual {TEXTUAL}: App.panic(*renderables) changed; hrtui/app.py prints its crash "
        "line with it"
    )


# -- hrtui/widgets/fast_table.py: the table sizes itself without measuring every cell --------


def test_datatable_update_dimensions_is_still_called_with_new_rows():
    why = "FastTable overrides it so a table redrawn on every keystroke skips measuring cells"
    guard(
        callable(getattr(DataTable, "_update_dimensions", None))
        and params(DataTable._update_dimensions) == ["self", "new_rows"],
        "DataTable._update_dimensions(self, new_rows)",
        "hrtui/widgets/fast_table.py",
        why,
    )
    guard(
        "self._update_dimensions(" in inspect.getsource(DataTable),
        "DataTable calling self._update_dimensions()",
        "hrtui/widgets/fast_table.py",
        why,
    )


def test_datatable_caches_and_resize_flag_used_to_refit_columns():
    why = "PlainTable refits its columns' widths, then has the table measure itself again"
    used_in = "hrtui/widgets/fast_table.py (PlainTable._fit_width)"
    guard(
        callable(getattr(DataTable, "_clear_caches", None))
        and params(DataTable._clear_caches) == ["self"],
        "DataTable._clear_caches(self)",
        used_in,
        why,
    )
    source = inspect.getsource(DataTable)
    guard(
        "self._require_update_dimensions = " in source
        and "if self._require_update_dimensions" in source,
        "DataTable._require_update_dimensions",
        used_in,
        why,
    )


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FastTable()


async def test_fast_table_override_is_reached_and_sizes_the_table(monkeypatch):
    reached: list[int] = []
    own = FastTable._update_dimensions

    def spy(self, new_rows):
        reached.append(len(list(new_rows)))
        own(self, new_rows)

    monkeypatch.setattr(FastTable, "_update_dimensions", spy)
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(FastTable)
        table.add_column("Code", width=8)
        table.add_column("Name", width=20)
        for n in range(30):
            table.add_row(f"C-{n:02}", f"Person {n}")
        await pilot.pause()
        guard(
            sum(reached) == 30,
            "DataTable._update_dimensions (no longer called on new rows)",
            "hrtui/widgets/fast_table.py",
            "the override is how FastTable sizes itself",
        )
        # the width of each column (8 + 20) and padding; one line per row and the header
        assert table.virtual_size.height == 31
        assert table.virtual_size.width == 28 + 4 * table.cell_padding


# -- hrtui/screens/intake (AnswerSet.set_answer): an answer is set without a message round ----


def test_radioset_pressed_button_and_selected_are_still_its_state():
    why = "AnswerSet.set_answer presses an answer directly, not through RadioButton.Changed"
    used_in = "hrtui/screens/intake (AnswerSet.set_answer)"
    radio_set = RadioSet("a", "b")
    guard(hasattr(radio_set, "_pressed_button"), "RadioSet._pressed_button", used_in, why)
    guard(hasattr(RadioSet, "_selected"), "RadioSet._selected", used_in, why)
    guard(
        "self._pressed_button" in inspect.getsource(RadioSet.pressed_button.fget),
        "RadioSet.pressed_button reading _pressed_button",
        used_in,
        why,
    )
    guard(
        "self._selected" in inspect.getsource(RadioSet.action_next_button),
        "RadioSet.action_next_button moving from _selected",
        used_in,
        why,
    )


class RadioApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RadioSet(*(RadioButton(f"{n}") for n in range(4)))


async def test_setting_the_radioset_state_as_answer_set_does_works():
    """What AnswerSet.set_answer does, on a plain RadioSet: the answer reads back, and the
    keyboard highlight moves on from it."""
    app = RadioApp()
    async with app.run_test(size=(40, 10)) as pilot:
        radio_set = app.query_one(RadioSet)
        buttons = list(radio_set.query(RadioButton))
        with radio_set.prevent(RadioButton.Changed):
            for i, button in enumerate(buttons):
                button.value = i == 2
        radio_set._pressed_button = buttons[2]
        radio_set._selected = 2
        radio_set.focus()
        await pilot.pause()
        assert radio_set.pressed_index == 2 and radio_set.pressed_button is buttons[2]
        await pilot.press("down")
        highlighted = [i for i, b in enumerate(buttons) if b.has_class("-selected")]
        guard(
            highlighted == [3],
            "RadioSet._selected (the highlighted answer)",
            "hrtui/screens/intake (AnswerSet.set_answer)",
            f"highlight went to {highlighted}",
        )


# -- hrtui/widgets/toggles.py and hrtui/themes.py (issue #16): no private parts, two habits ----
# Check boxes and radio buttons override only public methods (render, get_content_width). Two
# things they count on are not private but not promised either:


def test_selection_list_still_draws_its_button_in_the_first_three_cells():
    why = "SelectionList replaces the first three cells of each line with [x] or [ ]"
    used_in = "hrtui/widgets/toggles.py (SelectionList.render_line)"
    source = inspect.getsource(SelectionList.render_line)
    guard(all(f"ToggleButton.{part}" in source
              for part in ("BUTTON_LEFT", "BUTTON_INNER", "BUTTON_RIGHT")),
          "SelectionList.render_line drawing ToggleButton's three button characters first",
          used_in, why)  # fmt: skip
    guard(all(len(part) == 1 for part in (Checkbox.BUTTON_LEFT, Checkbox.BUTTON_INNER,
                                          Checkbox.BUTTON_RIGHT)),
          "ToggleButton.BUTTON_LEFT/INNER/RIGHT (one cell each)", used_in, why)  # fmt: skip


def test_textual_still_blends_dim_text_in_its_ansi_to_truecolor_filter():
    why = "ReadableDim runs before Textual's filters, which turn dim text into a blended colour"
    guard("style.dim" in inspect.getsource(ANSIToTruecolor),
          "ANSIToTruecolor blending dim text", "hrtui/themes.py (ReadableDim), hrtui/app.py "
          "(HrtuiApp.get_line_filters)", why)  # fmt: skip
