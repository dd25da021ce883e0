"""Logging use on a day marked "no use of anything" says what became of the mark (#15, 9)."""

from __future__ import annotations

from contextlib import closing
from datetime import timedelta

from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault, uselog
from hrtui.store.clients import add_client

from .pilot import make_app, open_client_tab, screen_lines, settle, type_text

PASS = "river stone lamp"


async def test_the_save_message_names_the_mark_and_what_is_kept(tmp_path, clock):
    path = tmp_path / "v.db"
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("AB1", "Sam")).id
        uselog.add_entry(vault, cid, EntryInput(
            day=(clock.today - timedelta(days=3)).isoformat(), substance="Cannabis",
            amount="1", unit="joints"))  # fmt: skip
        uselog.add_entry(vault, cid, EntryInput(
            day=(clock.today - timedelta(days=2)).isoformat(), substance="Alcohol", amount="2",
            unit="standard drinks"))  # fmt: skip
        uselog.record_no_use(vault, cid, clock.today)
    app = make_app(path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # toasts on screen
        await open_client_tab(pilot, PASS, "f5")
        await pilot.press("ctrl+u")
        await settle(pilot)
        await type_text(pilot, "3")  # Alcohol in standard drinks: the client's usual
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        # the toast sits at the right, over the progress text: read that half of the rows
        text = " ".join(" ".join(line[40:].strip(" ▌") for line in screen_lines(app)).split())
        assert 'replaces the day\'s "no use of anything" mark' in text, text
        assert "no use of Cannabis is kept" in text
        with closing(Vault.open(path, PASS)) as vault:
            kept = uselog.entries_on(vault, cid, clock.today)
        assert sorted((e.substance, e.no_use) for e in kept) == [
            ("Alcohol", False), ("Cannabis", True)
        ]  # fmt: skip
