"""Helpers for driving the app with Pilot the way a person types."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import textual._wait
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._select import SelectOverlay
from textual.worker import WorkerCancelled

from hrtui.app import HrtuiApp
from hrtui.screens.help import HelpScreen
from hrtui.screens.workspace import WorkspaceScreen

SIZE = (80, 24)

# Pilot waits after every key until the app is idle, checking every 20 ms (Textual's
# ``_wait.SLEEP_GRANULARITY``): typing a passphrase cost about a second. Checking every 5 ms
# waits for the same condition (no CPU used during one check) four times as often.
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


_press = Pilot.press


async def _press_and_rest(self: Pilot, *keys: str) -> None:
    """Pilot's ``press``, then until the screen is at rest: a key that moves the focus makes
    the form scroll to it after the next refresh (an animation even with animations off: it
    lands on the animator's next frame), so what a test reads next is what a person sees."""
    await _press(self, *keys)
    await self.pause()
    await self.app.animator.wait_until_complete()


Pilot.press = _press_and_rest  # type: ignore[method-assign]


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up (scrolling to the focused field included)."""
    app = pilot.app
    for _ in range(3):
        # a form that closed itself may have cancelled its own save worker
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.wait_for_animation()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[_key(ch) for ch in text])


def _key(ch: str) -> str:
    return {" ": "space", "-": "minus", "/": "slash", "_": "underscore", ".": "full_stop"}.get(
        ch, ch
    )


async def fill_in(pilot: Pilot, *texts: str) -> None:
    """Type each text into a field of the form, Tab on to the next field between them."""
    for i, text in enumerate(texts):
        if i:
            await pilot.press("tab")
        await type_text(pilot, text)


async def tab_to(pilot: Pilot, field_id: str, limit: int = 40) -> None:
    """Tab through the form until the field ``field_id`` has the focus, as a person would, and
    wait until the form has scrolled it into view (what a test then reads is on screen)."""
    for _ in range(limit):
        if pilot.app.focused is not None and pilot.app.focused.id == field_id:
            await pilot.wait_for_scheduled_animations()
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached #{field_id}")


async def choose(pilot: Pilot, text: str) -> None:
    """In a focused Select: open it, type to find the option, take it.

    Textual's type-to-search forgets what was typed 0.7 s after the last key. On a loaded
    machine (xdist on two cores) the keys of one word can arrive further apart than that and
    the search lands elsewhere ("Housing" became a search for "sing"). As a person would, the
    helper looks at the highlighted option and, if it is not the one asked for, waits for the
    search to reset and types the word again."""
    await pilot.press("enter")
    await pilot.pause()
    overlay = pilot.app.focused
    for _ in range(3):
        await type_text(pilot, text)
        if not isinstance(overlay, SelectOverlay) or text.lower() in _highlighted(overlay).lower():
            break
        await pilot.pause(0.8)
    await pilot.press("enter")
    await pilot.pause()


def _highlighted(overlay: SelectOverlay) -> str:
    index = overlay.highlighted
    return "" if index is None else str(overlay.get_option_at_index(index).prompt)


async def palette(pilot: Pilot, words: str) -> None:
    """Ctrl+P, type what to do, take the first command offered."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def create_vault(pilot: Pilot, passphrase: str) -> None:
    """On the first start: type the new vault's passphrase, Enter, type it again, Enter."""
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def unlock(pilot: Pilot, passphrase: str) -> None:
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def open_workspace(pilot: Pilot, code: str = "") -> None:
    """On the roster: type (part of) a client's code to find them, Enter to open their
    workspace. Without a code, Enter opens the client under the cursor (the first listed)."""
    await type_text(pilot, code)
    await pilot.press("enter")
    await settle(pilot)


async def open_client_tab(pilot: Pilot, passphrase: str, key: str) -> None:
    """Unlock, open the first client on the roster, then the workspace tab of ``key`` (F3…)."""
    await unlock(pilot, passphrase)
    await open_workspace(pilot)
    assert isinstance(pilot.app.screen, WorkspaceScreen)
    await pilot.press(key)
    await settle(pilot)


async def open_help(pilot: Pilot) -> HelpScreen:
    """F1: the keys of the screen in front, and what it is for."""
    await pilot.press("f1")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    return pilot.app.screen


def roster_codes(app: HrtuiApp) -> list[str]:
    table = app.screen.query_one("#roster", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def table_rows(table: DataTable) -> list[list[str]]:
    """Every row of a table, each cell as text."""
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def screen_text(app: HrtuiApp) -> str:
    """What the terminal shows, as text (from an SVG export; markup stripped)."""
    svg = app.export_screenshot()
    body = re.sub(r"<style.*?</style>", "", svg, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def make_app(path: Path, **kwargs) -> HrtuiApp:
    """The app for a test, with animations off: a scroll to the focused field is done on the
    next frame instead of over a quarter second, so what a test reads after Tab is what a
    person sees once the screen is still (the end state is the same)."""
    app = HrtuiApp(path, **kwargs)
    app.animation_level = "none"
    return app


@asynccontextmanager
async def running(
    path: Path, *, size: tuple[int, int] = SIZE, **kwargs
) -> AsyncIterator[tuple[HrtuiApp, Pilot]]:
    """The app on the vault at ``path``, run headless at ``size``: (app, pilot)."""
    app = make_app(path, **kwargs)
    async with app.run_test(size=size) as pilot:
        yield app, pilot


@asynccontextmanager
async def unlocked(path: Path, passphrase: str, **kwargs) -> AsyncIterator[tuple[HrtuiApp, Pilot]]:
    """:func:`running`, unlocked with ``passphrase`` straight away: (app, pilot)."""
    async with running(path, **kwargs) as (app, pilot):
        await unlock(pilot, passphrase)
        yield app, pilot


def screen_lines(app: HrtuiApp) -> list[str]:
    """What the terminal shows, one string per row with every character in its column.

    Unlike :func:`screen_text` (an SVG export leaves out runs that are only spaces), columns
    line up, so a cell of a grid or a table can be read by its position."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, force_terminal=True,
        color_system=None, legacy_windows=False, safe_box=False,
    )  # fmt: skip
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


async def wait_until(pilot: Pilot, condition, timeout: float = 10.0, what: str = "") -> None:
    """Pause (in short steps, letting workers finish) until ``condition()`` is true; fail with
    ``what`` after ``timeout`` seconds of monotonic time."""
    import time

    give_up = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < give_up, what or "gave up waiting"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)


def screen_prose(app: HrtuiApp) -> str:
    """:func:`screen_text` with its lines run together and box edges dropped, words single-
    spaced: a sentence that wraps inside its box can be found whole."""
    return " ".join(re.sub(r"[│┃▎▊▌█]", " ", screen_text(app)).split())


def line_with(app: HrtuiApp, *words: str) -> str:
    """The first line on screen that holds every one of ``words`` ("" if none does)."""
    return next((line for line in screen_lines(app) if all(w in line for w in words)), "")
