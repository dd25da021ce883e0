"""Helpers for driving the app with Pilot the way a person types."""

from __future__ import annotations

import html
import re
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from hrtui.app import HrtuiApp

SIZE = (80, 24)


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen catch up."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[_key(ch) for ch in text])


def _key(ch: str) -> str:
    return {" ": "space", "-": "minus", "/": "slash", "_": "underscore", ".": "full_stop"}.get(
        ch, ch
    )


async def unlock(pilot: Pilot, passphrase: str) -> None:
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


def roster_codes(app: HrtuiApp) -> list[str]:
    table = app.screen.query_one("#roster", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def screen_text(app: HrtuiApp) -> str:
    """What the terminal shows, as text (from an SVG export; markup stripped)."""
    svg = app.export_screenshot()
    body = re.sub(r"<style.*?</style>", "", svg, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


def make_app(path: Path, **kwargs) -> HrtuiApp:
    return HrtuiApp(path, **kwargs)
