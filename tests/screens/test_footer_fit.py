"""Every screen's footer at 80 columns (issue #16): Help (F1) and Lock first, then the screen's
own keys, whole ones only (never a label cut in the middle); the rest is in F1 and the palette.

Each test walks through a few screens in one run of the app and reads the screen's last line.
"""

from __future__ import annotations

from textual.widgets import TabbedContent

from hrtui.demo import DEMO_PASSPHRASE
from hrtui.screens.client_form import ClientForm
from hrtui.screens.goals import HistoryScreen, KindPicker
from hrtui.screens.help import HelpScreen
from hrtui.screens.intake import FactorForm
from hrtui.screens.lock import LockScreen
from hrtui.screens.reviews import ReviewWorksheet, StartReviewForm
from hrtui.screens.roster import RosterScreen
from hrtui.screens.settings import SettingsForm
from hrtui.screens.unlock import CreateVaultScreen, UnlockScreen
from hrtui.screens.uselog import CalendarScreen, DayScreen, EntryForm
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.widgets.footer import app_keys

from .pilot import open_workspace, running, screen_lines, settle, unlock


def footer_labels(app) -> list[str]:
    """The keys on the screen's last line, each as "key description", read against the keys
    the screen in front offers: fails if the line holds anything else (a cut label)."""
    line = screen_lines(app)[-1]
    left, bar, right = line.partition("│")
    # the palette key at the right edge (none while locked: the palette is not offered)
    assert right.strip() == ("^p palette" if bar else ""), line
    known = sorted(
        (f"{key.shown_as[0]} {key.description}" for _, keys in app_keys(app.screen)
         for key in keys if key.show),
        key=len, reverse=True,
    )  # fmt: skip
    labels: list[str] = []
    rest = left.strip()
    while rest:
        label = next((k for k in known if rest.startswith(k)), None)
        assert label is not None, f"cut or unknown label at {rest!r} in {line!r}"
        labels.append(label)
        rest = rest[len(label) :].lstrip()
    return labels


def check(app, kind: type, *, lock: bool = True) -> list[str]:
    """The screen in front is a ``kind``; its footer starts with F1 (and Lock) and cuts no
    label. The labels shown, in order."""
    assert isinstance(app.screen, kind), type(app.screen).__name__
    labels = footer_labels(app)
    assert labels[0] == "F1 Help", (kind.__name__, labels)
    if lock:
        assert labels[1] == "^l Lock", (kind.__name__, labels)
    else:
        assert "^l Lock" not in labels, (kind.__name__, labels)
    assert "…" not in screen_lines(app)[-1]
    return labels


async def step(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_first_start_unlock_and_lock_screens(tmp_path, demo):
    async with running(tmp_path / "new.db") as (app, pilot):
        await settle(pilot)
        check(app, CreateVaultScreen, lock=False)  # nothing to lock yet
    async with running(demo) as (app, pilot):
        await settle(pilot)
        check(app, UnlockScreen, lock=False)
        await step(pilot, "f1")
        check(app, HelpScreen, lock=False)
        await step(pilot, "escape")
        await unlock(pilot, DEMO_PASSPHRASE)
        await step(pilot, "ctrl+l")
        check(app, LockScreen, lock=False)


async def test_roster_its_forms_settings_and_help(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        assert "^n New client" in check(app, RosterScreen)
        await step(pilot, "ctrl+n")
        assert "^s Save" in check(app, ClientForm)
        await step(pilot, "escape")
        await step(pilot, "f9")
        check(app, SettingsForm)
        await step(pilot, "escape")
        await step(pilot, "f1")
        check(app, HelpScreen)


async def test_workspace_tabs_and_their_dialogs(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        check(app, WorkspaceScreen)
        tabs = app.screen.query_one(TabbedContent)
        for key, tab, own in [
            ("f3", "intake", "^n New factor"), ("f4", "goals", "^n New goal"),
            ("f5", "uselog", "^g Calendar"), ("f6", "reviews", "^n Start review"),
            ("f10", "timeline", "^b Earlier"),
        ]:  # fmt: skip
            await step(pilot, key)
            assert tabs.active == f"tab-{tab}"
            assert own in check(app, WorkspaceScreen), tab
        await step(pilot, "f3", "ctrl+n")
        check(app, FactorForm)
        await step(pilot, "escape", "f4", "ctrl+n")
        check(app, KindPicker)
        await step(pilot, "escape", "ctrl+y")
        check(app, HistoryScreen)
        await step(pilot, "escape", "ctrl+u")
        check(app, EntryForm)
        await step(pilot, "escape", "f6", "ctrl+n")
        check(app, StartReviewForm)


async def test_calendar_day_and_worksheet(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        await step(pilot, "f5", "ctrl+g")
        labels = check(app, CalendarScreen)
        # the calendar's keys for the selected day all show (e and r were cut before)
        for key in ("⏎ Log day", "n No use", "c Cue", "e ", "r "):
            assert any(label.startswith(key) for label in labels), (key, labels)
        await step(pilot, "left", "e")
        check(app, DayScreen)
        await step(pilot, "escape", "escape", "f6", "enter")
        assert "^s Save" in check(app, ReviewWorksheet)
