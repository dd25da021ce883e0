"""Nothing by colour alone (issue #16, point 6): check boxes read "[x]" / "[ ]", radio buttons
"(•)" / "( )" and the options of a list to tick "[x]" / "[ ]", on the screen, in the app's own
forms. Keys only; what is checked is what the screen shows."""

from __future__ import annotations

import ast
from pathlib import Path

from hrtui.demo import DEMO_PASSPHRASE
from hrtui.screens.goals import PlanDialog, PlanPreview
from hrtui.screens.intake import AuditCForm, BaselineForm

from .pilot import line_with, open_client_tab, running, settle

SCREENS = Path(__file__).resolve().parents[2] / "hrtui" / "screens"


async def test_a_check_box_shows_its_state_in_characters(demo):
    async with running(demo) as (app, pilot):
        await open_client_tab(pilot, DEMO_PASSPHRASE, "f4")
        await pilot.press("ctrl+g")  # the take-home plan, shown before it is written
        await settle(pilot)
        assert isinstance(app.screen, PlanPreview)
        await pilot.press("ctrl+s")  # on to writing it
        await settle(pilot)
        assert isinstance(app.screen, PlanDialog)
        await pilot.press("tab")  # from the file name to "Replace it"
        await settle(pilot)
        assert "[ ] Replace it" in line_with(app, "Replace it")
        assert "▐X▌" not in line_with(app, "Replace it")
        await pilot.press("space")
        await settle(pilot)
        assert "[x] Replace it" in line_with(app, "Replace it")
        await pilot.press("space")
        await settle(pilot)
        assert "[ ] Replace it" in line_with(app, "Replace it")


async def test_a_radio_button_shows_the_answer_chosen_in_characters(demo):
    async with running(demo) as (app, pilot):
        await open_client_tab(pilot, DEMO_PASSPHRASE, "f3")
        await pilot.press("ctrl+t")  # the AUDIT-C
        await settle(pilot)
        assert isinstance(app.screen, AuditCForm)
        assert "( ) 1  Monthly or less" in line_with(app, "Monthly or less")
        await pilot.press("1")
        await settle(pilot)
        assert "(•) 1  Monthly or less" in line_with(app, "Monthly or less")
        assert "( ) 0  Never" in line_with(app, "0  Never")


async def test_a_list_to_tick_shows_each_option_s_state_in_characters(demo):
    async with running(demo) as (app, pilot):
        await open_client_tab(pilot, DEMO_PASSPHRASE, "f3")
        await pilot.press("ctrl+b")  # a new baseline: its routes are a list to tick
        await settle(pilot)
        assert isinstance(app.screen, BaselineForm)
        for _ in range(10):
            if type(app.focused).__name__ == "SelectionList":
                break
            await pilot.press("tab")
        assert "[ ] Swallowed" in line_with(app, "Swallowed")
        await pilot.press("space")
        await settle(pilot)
        assert "[x] Swallowed" in line_with(app, "Swallowed")
        assert "[ ] Smoked" in line_with(app, "Smoked")


def test_no_screen_builds_textual_s_own_toggles():
    """Every check box, radio button and list to tick is made from hrtui.widgets.toggles."""
    kinds = {"Checkbox", "RadioButton", "SelectionList"}
    wrong = []
    for path in sorted(SCREENS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("textual")
            ):
                wrong += [f"{path.name}: {a.name} from {node.module}" for a in node.names
                          if a.name in kinds]  # fmt: skip
    assert not wrong, f"import these from hrtui.widgets.toggles instead: {wrong}"
