"""Ctrl+C (the reflex for "stop") does not quit: it says, in plain words, how to."""

from __future__ import annotations

from helpers import vault_with_clients

from hrtui.domain.clients import ClientInput

from .pilot import SIZE, make_app, screen_prose, screen_text, settle, unlock, wait_until

PASS = "quiet harbour"


async def test_ctrl_c_says_how_to_quit_in_plain_text(tmp_path):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol"))
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts on screen
        await unlock(pilot, PASS)
        await pilot.press("tab")  # from the search field (where Ctrl+C copies) to the list
        await pilot.press("ctrl+c")
        await settle(pilot)
        await wait_until(pilot, lambda: "quit" in screen_text(app), what="no quit hint shown")
        text = screen_text(app)
        assert "Press Ctrl+Q to quit." in text
        assert "[b]" not in text and "[/b]" not in text
        assert "Marisol" in text and app.is_running  # Ctrl+C did not quit


async def test_ctrl_c_in_client_view_says_how_to_leave_it(tmp_path):
    path = tmp_path / "v.db"
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol"))
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await unlock(pilot, PASS)
        await pilot.press("enter")  # the client's workspace
        await settle(pilot)
        await pilot.press("f8")  # turned toward the client
        await settle(pilot)
        await pilot.press("ctrl+c")
        await wait_until(pilot, lambda: "leave the client view" in screen_prose(app),
                         what="no hint on how to leave the client view")  # fmt: skip
        assert "Ctrl+Q to quit" not in screen_prose(app) and app.is_running
