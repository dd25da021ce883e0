"""Tables give the client's words the width there is (issue #16): whole at 120 columns, cut
with "…" at 80, fitted again when the terminal is resized; below 80×24 a notice says so."""

from __future__ import annotations

from hrtui.demo import DEMO_PASSPHRASE
from hrtui.screens.roster import RosterScreen

from .pilot import line_with, open_workspace, running, screen_lines, screen_text, settle, unlock

#: Demo words longer than the old fixed columns (factor, timeline).
FACTOR = "Coworkers go for drinks straight after the night shift"
REVISION = "Fewer drinks on work nights: Review of 2027-06-01: three was too big a step"
NOTICE = "Make the terminal at least 80×24"


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def cell_after(app, start: str) -> str:
    """The text of the table cell that starts with ``start`` on screen (up to the next run of
    two spaces or the table's edge)."""
    line = line_with(app, start)
    assert line, f"{start!r} is not on screen"
    return line[line.index(start) :].split("  ")[0].rstrip("▎ ")


async def test_wide_terminal_shows_the_clients_words_whole(demo):
    async with running(demo, size=(120, 40)) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        await press(pilot, "f3")
        assert cell_after(app, "Coworkers go") == FACTOR
        assert cell_after(app, "Availability") == "Availability and environment"
        await press(pilot, "f4")
        assert cell_after(app, "Fewer drinks") == "Fewer drinks on work nights"
        await press(pilot, "f10")
        shown = cell_after(app, "Fewer drinks on work nights:")
        assert shown.startswith(REVISION) and shown.endswith("…")  # long: nearly whole


async def test_at_80_columns_cut_words_end_in_an_ellipsis_and_widen_on_resize(demo):
    async with running(demo) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        await open_workspace(pilot, "RIV-07")
        await press(pilot, "f3")
        cut = cell_after(app, "Coworkers go")
        assert cut.endswith("…") and FACTOR.startswith(cut[:-1]) and len(cut) >= 24
        await press(pilot, "f4")
        assert cell_after(app, "Fewer drinks") == "Fewer drinks on work nights"  # was cut at 24
        await press(pilot, "f10")
        assert cell_after(app, "Fewer drinks on work nights:").endswith("…")
        await press(pilot, "f3")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert cell_after(app, "Coworkers go") == FACTOR


async def test_below_80_by_24_a_notice_instead_of_cut_labels(demo):
    async with running(demo, size=(70, 20)) as (app, pilot):
        await unlock(pilot, DEMO_PASSPHRASE)
        assert isinstance(app.screen, RosterScreen)
        text = screen_text(app)
        assert NOTICE in text and "70×20" in text
        assert "RIV-07" not in text and "New client" not in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        text = screen_text(app)
        assert NOTICE not in text and "RIV-07" in text
        await open_workspace(pilot, "RIV-07")
        await pilot.resize_terminal(100, 23)  # one row short
        await settle(pilot)
        assert NOTICE in screen_text(app) and "100×23" in screen_text(app)
        await press(pilot, "f1")  # a screen opened while small is covered too
        assert NOTICE in screen_text(app) and "Keys and help" not in screen_text(app)


async def test_flex_columns_show_short_texts_whole_and_share_the_rest():
    """Two columns share what a fixed one leaves: the short text whole first, the long one the
    rest, cut with "…"; both at least as wide as they were added; again after a resize."""
    from textual.app import App

    from hrtui.widgets.fast_table import PlainTable

    class One(App):
        def compose(self):
            yield PlainTable(show_cursor=False)

        def on_mount(self):
            table = self.query_one(PlainTable)
            table.add_column("Fixed", key="fixed", width=10)
            table.add_column("Short", key="short", width=5)
            table.add_column("Long", key="long", width=5)
            table.flex("short", "long")
            table.add_row("x" * 14, "eight ch", "a long sentence of words " * 4)

    app = One()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainTable)
        widths = {key.value: column.width for key, column in table.columns.items()}
        # 60 = fixed 10 + the two flex columns + 2 spaces of padding around each of the three
        assert widths == {"fixed": 10, "short": 8, "long": 60 - 6 - 10 - 8}
        row = screen_lines(app)[1]
        assert "eight ch" in row and row.rstrip().endswith("…") and "xxxxxxxxx…" in row
        await pilot.resize_terminal(24, 5)  # narrower than they need: as they were added
        await pilot.pause()
        assert {key.value: c.width for key, c in table.columns.items()} == {
            "fixed": 10, "short": 5, "long": 5,
        }  # fmt: skip
