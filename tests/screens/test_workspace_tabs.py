"""Workspace tabs prepared in the background stop while the app is locked and go on after."""

from __future__ import annotations

import re

from hrtui.demo import DEMO_PASSPHRASE, build_demo
from hrtui.screens.lock import LockScreen
from hrtui.screens.workspace import PREPARE_ORDER, WorkspaceScreen

from .pilot import make_app, screen_text, settle, type_text, unlock, wait_until


async def test_locking_while_tabs_are_prepared_reads_nothing_until_unlocked(tmp_path, monkeypatch):
    import hrtui.screens.workspace as workspace

    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    monkeypatch.setattr(workspace, "PREPARE_GAP_S", 0.5)  # room to lock before the first
    app = make_app(path)
    errors: list[str] = []
    real_notify = app.notify

    def noting(message: str, **kwargs) -> None:
        if kwargs.get("severity") == "error":
            errors.append(message)
        real_notify(message, **kwargs)

    app.notify = noting
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, DEMO_PASSPHRASE)
        await type_text(pilot, "riv")
        await pilot.press("enter", "ctrl+l")  # locked before the first tab is prepared
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        # the preparing timer fires while locked: it reads nothing and waits for the unlock
        await wait_until(pilot, lambda: app._after_unlock, what="the timer never fired")
        workspace_screen = app.screen_stack[-2]
        assert isinstance(workspace_screen, WorkspaceScreen)
        holders = [workspace_screen.query_one(f"#tab-{tab}") for tab in PREPARE_ORDER]
        assert not any(holder.children for holder in holders)
        await unlock(pilot, DEMO_PASSPHRASE)
        await wait_until(  # five tabs, half a second apart
            pilot, lambda: all(holder.children for holder in holders), what="tabs not prepared"
        )
        await settle(pilot)
        assert errors == []
        await pilot.press("f5")
        await settle(pilot)
        assert re.search(r"Alcohol · .*by (week|month) · \* so far", screen_text(app))


async def test_a_tab_shown_while_its_pane_is_still_being_mounted_loads_it_once_mounted(
    tmp_path, monkeypatch
):
    """The background preparer has just started mounting the Goals pane when F4 shows the tab:
    the pane is in the tab but has no table yet. Showing it must not reload it then (that
    crashed the app on the missing table); it loads once mounted."""
    import hrtui.screens.workspace as workspace
    from hrtui.screens.goals import GoalsPane

    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    monkeypatch.setattr(workspace, "PREPARE_GAP_S", 600)  # nothing prepared by the timer
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, DEMO_PASSPHRASE)
        await type_text(pilot, "riv")
        await pilot.press("enter")
        await settle(pilot)
        ws = app.screen
        assert isinstance(ws, WorkspaceScreen)
        holder = ws.query_one("#tab-goals")
        assert not holder.children
        holder.mount(GoalsPane(ws.client_id))  # as the preparer does: mounting has begun…
        await ws.action_section("goals")  # …when the tab is shown (before it has finished)
        await settle(pilot)
        assert "Fewer drinks on work nights" in screen_text(app)
