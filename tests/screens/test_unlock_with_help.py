"""F1 pressed while the key is being derived (after Enter on the lock or unlock screen): the app
still ends up unlocked the normal way, can be locked again with Ctrl+L and by the idle timer."""

from __future__ import annotations

import threading

from helpers import vault_with_clients

from hrtui.domain.clients import ClientInput
from hrtui.store import vault as vault_module

from .pilot import running, screen_text, settle, type_text, unlock, wait_until

PASS = "quiet harbour"


def seed(path) -> None:
    vault_with_clients(path, PASS, ClientInput("RIV-07", "Marisol"))


def hold_unlock(monkeypatch) -> threading.Event:
    """Vault.open waits (in its worker thread) until the returned event is set."""
    release = threading.Event()
    real_open = vault_module.Vault.open.__func__

    def slow_open(cls, *args, **kwargs):
        release.wait(10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(vault_module.Vault, "open", classmethod(slow_open))
    return release


async def enter_then_help(pilot, release: threading.Event) -> None:
    await type_text(pilot, PASS)
    await pilot.press("enter")
    await pilot.press("f1")
    assert "Help" in screen_text(pilot.app)
    release.set()
    await settle(pilot)


async def test_help_opened_while_unlocking_after_a_lock(tmp_path, monkeypatch, clock):
    path = tmp_path / "v.db"
    seed(path)
    async with running(path, lock_after=60) as (app, pilot):
        await unlock(pilot, PASS)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "hrtui is locked" in screen_text(app)

        await enter_then_help(pilot, hold_unlock(monkeypatch))
        text = screen_text(app)
        assert "Marisol" in text and "hrtui is locked" not in text and "Escape closes" not in text

        await pilot.press("ctrl+l")  # Ctrl+L locks again
        await settle(pilot)
        text = screen_text(app)
        assert "hrtui is locked" in text and "Marisol" not in text

        monkeypatch.undo()
        await unlock(pilot, PASS)
        assert "Marisol" in screen_text(app)
        clock.shift(61)  # and the idle timer (once a second) still locks
        await wait_until(pilot, lambda: app.locked, what="the idle timer locks")
        await settle(pilot)
        text = screen_text(app)
        assert "hrtui is locked" in text and "Marisol" not in text


async def test_help_opened_while_unlocking_at_the_start(tmp_path, monkeypatch, clock):
    path = tmp_path / "v.db"
    seed(path)
    async with running(path) as (app, pilot):
        await enter_then_help(pilot, hold_unlock(monkeypatch))
        assert "Marisol" in screen_text(app)
        await pilot.press("escape")  # nothing of the unlock screen is left under the roster
        await settle(pilot)
        text = screen_text(app)
        assert "Marisol" in text and "Passphrase" not in text
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "hrtui is locked" in screen_text(app)
