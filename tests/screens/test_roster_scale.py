"""The roster and workspace with more clients than fit: a bounded table that keeps up with
typing, names shown exactly as typed, and workspace tabs prepared after the details show and
loaded again after a write."""

from __future__ import annotations

from contextlib import closing

from textual.widgets import DataTable

from hrtui.domain.clients import ClientInput
from hrtui.screens.roster import ROW_LIMIT, RosterScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store.clients import add_client

from .pilot import (
    SIZE,
    open_workspace,
    roster_codes,
    screen_lines,
    screen_text,
    settle,
    type_text,
    unlocked,
    wait_until,
)

PASS = "many clients"
MANY = ROW_LIMIT + 12


def seed(path) -> None:
    with closing(Vault.create(path, PASS)) as vault:
        for i in range(MANY):
            add_client(vault, ClientInput(f"C{i:03d}", f"Person {i}"))
        add_client(vault, ClientInput("MK-1", "[b]Ann[/] [red]x"))  # markup-like, as typed


def status(app) -> str:
    """The roster's status line, as the screen shows it."""
    lines = [line for line in screen_lines(app) if " clients · Enter opens" in line]
    assert len(lines) == 1, screen_text(app)
    return lines[0]


async def test_long_roster_lists_a_bounded_table_and_asks_to_keep_typing(tmp_path):
    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster", DataTable)
        codes = roster_codes(app)
        assert len(codes) == ROW_LIMIT + 1  # the clients, then one "more" line
        assert str(table.get_row_at(ROW_LIMIT)[0]) == f"{MANY + 1 - ROW_LIMIT:,} more"
        assert f"{MANY + 1} of {MANY + 1} clients" in status(app)
        assert f"first {ROW_LIMIT} listed" in status(app)

        # the cursor stops at the last client; the "more" line is never selected
        for _ in range(ROW_LIMIT // 10 + 2):
            await pilot.press("pagedown")
        assert table.cursor_row == ROW_LIMIT - 1

        await type_text(pilot, "c00")  # C000..C009
        await settle(pilot)
        assert sorted(roster_codes(app)) == [f"C{i:03d}" for i in range(10)]
        assert "first" not in status(app)
        await type_text(pilot, "7")
        await settle(pilot)
        assert roster_codes(app) == ["C007"]
        for _ in range(4):  # Backspace widens the search again, back to everyone
            await pilot.press("backspace")
        await settle(pilot)
        assert len(roster_codes(app)) == ROW_LIMIT + 1

        await type_text(pilot, "c0 7")  # every word must match: C007, C017, ..., C057
        await settle(pilot)
        assert set(roster_codes(app)) == {f"C{i:03d}" for i in range(MANY) if "7" in f"C{i:03d}"}


async def test_names_are_shown_as_typed_never_as_markup(tmp_path):
    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await type_text(pilot, "mk")
        await settle(pilot)
        assert roster_codes(app) == ["MK-1"]
        # at 80 columns the Name column (with the two columns a short list leaves free) cuts
        # the name, as typed, with "…"
        assert "[b]Ann[/] [red…" in screen_text(app)
        # a wider terminal gives the Name column the free width: the whole name, as typed
        await pilot.resize_terminal(100, 24)
        await settle(pilot)
        assert "[b]Ann[/] [red]x" in screen_text(app)


async def test_workspace_opens_with_the_details_and_mounts_a_tab_shown_early(tmp_path, monkeypatch):
    import hrtui.screens.workspace as workspace

    monkeypatch.setattr(workspace, "PREPARE_GAP_S", 60)  # nothing prepared while we look
    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot, "C005")
        assert isinstance(app.screen, WorkspaceScreen)
        assert "C005" in screen_text(app)
        holder = app.screen.query_one("#tab-goals")
        assert not holder.children  # the details came first, alone
        await pilot.press("f4")
        await settle(pilot)
        assert len(holder.children) == 1
        assert app.screen.query_one("#sections").active == "tab-goals"
        assert app.focused is not None and holder in app.focused.ancestors
        await pilot.press("f4")  # showing it again mounts nothing new
        await settle(pilot)
        assert len(holder.children) == 1


async def wait_for_prepared_tabs(pilot) -> None:
    from hrtui.screens.workspace import PREPARE_ORDER

    holders = [pilot.app.screen.query_one(f"#tab-{tab}") for tab in PREPARE_ORDER]
    await wait_until(
        pilot, lambda: all(holder.children for holder in holders), what="tabs not prepared"
    )
    await settle(pilot)


async def test_tabs_are_prepared_in_the_background_and_load_again_after_a_write(
    tmp_path, monkeypatch
):
    import hrtui.store.timeline as store_timeline

    calls: list[int] = []
    real = store_timeline.timeline

    def counted(vault, client_id, *args):
        calls.append(client_id)
        return real(vault, client_id, *args)

    monkeypatch.setattr(store_timeline, "timeline", counted)
    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        await type_text(pilot, "C005")
        await pilot.press("enter")
        await wait_for_prepared_tabs(pilot)
        assert len(calls) == 1  # prepared once, before anybody asked
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen.query_one("#sections").active == "tab-timeline"
        assert len(calls) == 1  # shown as prepared: nothing changed since
        await pilot.press("f2", "ctrl+u")
        await settle(pilot)
        await type_text(pilot, "2")
        await pilot.press("enter")  # a use entry saved from the details tab
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        assert len(calls) == 2  # the timeline reads the record again
        assert "2 standard drinks" in screen_text(app)
        await pilot.press("f2", "f10")
        await settle(pilot)
        assert len(calls) == 2


async def test_footer_follows_the_keys_of_the_focused_tab(tmp_path):
    from hrtui.widgets.footer import Footer

    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS, size=(120, 30)) as (app, pilot):

        def footer_keys() -> set[str]:
            return set(app.screen.query_one(Footer).descriptions)

        assert "New client" in footer_keys()
        await open_workspace(pilot, "C005")
        details = footer_keys()
        assert "New client" not in details and "Edit details" in details
        await pilot.press("f4")
        await settle(pilot)
        extra = footer_keys() - details
        assert extra  # the goals tab brings keys of its own
        await pilot.press("f2")
        await settle(pilot)
        assert not extra & footer_keys() and "Edit details" in footer_keys()


async def test_roster_reads_the_clients_once_on_unlock_and_again_on_return(tmp_path, monkeypatch):
    import hrtui.store.clients as clients

    path = tmp_path / "vault.db"
    seed(path)
    calls: list[int] = []
    real = clients.list_roster

    def counting(vault):
        calls.append(1)
        return real(vault)

    monkeypatch.setattr(clients, "list_roster", counting)
    async with unlocked(path, PASS) as (app, pilot):
        assert len(calls) == 1 and len(roster_codes(app)) == ROW_LIMIT + 1
        await open_workspace(pilot, "C003")
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and len(calls) == 2
        assert RosterScreen._handed_over is None  # nothing of the roster kept aside


async def test_a_click_on_a_key_in_the_footer_presses_it(tmp_path):
    from hrtui.screens.client_form import ClientForm
    from hrtui.widgets.footer import Footer

    path = tmp_path / "vault.db"
    seed(path)
    async with unlocked(path, PASS) as (app, pilot):
        footer = app.screen.query_one(Footer)
        line = footer.render_line(0).text
        assert len(line) == SIZE[0] and line.rstrip().endswith("palette")
        await pilot.click(Footer, offset=(line.index("New client"), 0))
        await settle(pilot)
        assert isinstance(app.screen, ClientForm)
