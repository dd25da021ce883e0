"""F1 opens help in forms and dialogs too (they are modal screens: the app's other keys wait),
as their bottom line promises ("F1 help"); Escape goes back to the form with what was typed."""

from __future__ import annotations

from helpers import vault_with_clients

from hrtui.domain.clients import ClientInput

from .pilot import screen_text, settle, type_text, unlocked

PASS = "quiet harbour"


async def test_f1_in_the_new_client_form_shows_its_keys(tmp_path, clock):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol"))
    async with unlocked(path, PASS) as (app, pilot):
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "F1 help" in screen_text(app)
        await type_text(pilot, "NEW-9")
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Escape closes" in text and "Ctrl+S saves" in text
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(app)
        assert "Escape closes" not in text and "NEW-9" in text  # back in the form, as typed
