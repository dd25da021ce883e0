"""The client view (F8) offers only what the client may see and do, and F7 hides names in forms.

The sweep presses every key the app's own screens, panes and dialogs bind, on every screen the
client view reaches, and every palette entry, and after each checks what the terminal shows: no
counselor-only text, no other client, no file written, no archive, no settings.
"""

from __future__ import annotations

import tempfile
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widget import Widget

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import AuditCInput, BaselineInput, FactorInput, ReadinessInput
from hrtui.domain.uselog import EntryInput
from hrtui.screens.client_form import ClientForm
from hrtui.screens.confirm import UnsavedChanges
from hrtui.screens.goals import GoalForm
from hrtui.screens.lock import LockScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import intake, reviews, sessions, uselog
from hrtui.store.clients import add_client, get_client
from hrtui.store.goals import create_goal, list_goals
from hrtui.store.vault import Vault

from .pilot import open_help, open_workspace, screen_text, settle, type_text, unlocked

PASS = "quiet harbour"
#: In every counselor-only field of both clients.
MARK = "COUNSELOR-ONLY-7731"
#: The other client's code, name and own words: never on screen in RIV-07's client view.
OTHER = ("OAK-12", "Devonte", "OTHER-CLIENT-5519")
#: Tall enough that a whole goal form (its counselor note is the last field) is on screen:
#: the form grew with the withdrawal prompt and the target note (about 115 rows here).
TALL = (100, 120)
#: Actions the sweep leaves alone: the two that ask for the passphrase (the way out of the
#: client view), and the palette (opened for each of its entries instead).
NOT_SWEPT = {"lock", "client_view", "command_palette"}
#: Actions of a screen or pane that the client view refuses (through the app's one rule,
#: ``hrtui.app.CLIENT_VIEW_REFUSED``): the session and its note, deleting a goal.
OWN_REFUSALS = {"session", "delete_goal"}


def test_the_session_and_goal_deletion_are_in_the_one_client_view_rule():
    from hrtui.app import CLIENT_VIEW_REFUSED

    assert OWN_REFUSALS <= CLIENT_VIEW_REFUSED


#: What the palette of the client view never offers.
REFUSED_TITLES = {
    "Archive", "Settings", "Plan", "Quit", "Export this client's record",
    "Delete this client permanently", "Back up the vault", "Change the passphrase",
    "Session",
}  # fmt: skip
#: Screens that must never open in the client view (class names: settings, files, other clients).
FORBIDDEN_SCREENS = {
    "SettingsForm", "PlanDialog", "ExportRecordForm", "DeleteClientForm", "BackupForm",
    "PassphraseForm", "RosterScreen", "WorkspaceScreen",
    # sessions: their notes are the counselor's
    "SessionScreen", "NoteForm", "AddendumForm", "SessionForm", "AppointmentForm",
    "NoteStructureForm",
}  # fmt: skip


def seed(path: Path, today) -> dict[str, int]:
    """RIV-07 (Marisol) and OAK-12 (Devonte), each with intake, goals of three kinds, a use
    log, a review and a session with a signed note; every counselor-only field (the session
    note too) holds :data:`MARK`. Their ids by code."""
    ids: dict[str, int] = {}
    with closing(Vault.create(path, PASS)) as vault:
        for code, name in (("RIV-07", "Marisol"), ("OAK-12", "Devonte")):
            cid = add_client(vault, ClientInput(code, name, "", f"{MARK} about {code}")).id
            ids[code] = cid
            words = "OTHER-CLIENT-5519" if code == "OAK-12" else "Fewer drinks on work nights"
            intake.add_factor(vault, cid, FactorInput("internal", "Sleep", "Rough shifts", "risk"))
            intake.add_baseline(
                vault, cid,
                BaselineInput("Alcohol", amount=5, unit="standard drinks", days_per_week=6,
                              taken_on=today - timedelta(days=30)),
            )  # fmt: skip
            intake.add_readiness(vault, cid, ReadinessInput(7, 5, 6))
            intake.add_auditc(vault, cid, AuditCInput(3, 2, 2))
            start = (today - timedelta(days=20)).isoformat()
            goals = {
                "reduce": {"substance": "Alcohol", "target_amount": "4", "period": "per_use_day",
                           "unit": "standard drinks", "baseline_amount": "5"},
                "stepdown": {"substance": "Alcohol", "period": "per_use_day",
                             "unit": "standard drinks", "baseline_amount": "5",
                             "ladder": [(today - timedelta(days=20), 5), (today, 4)]},
                "safer": {"strategies": [("Alcohol", "A glass of water with each drink")]},
            }  # fmt: skip
            for kind, values in goals.items():
                create_goal(vault, cid, kind, {
                    **values, "start_on": start, "client_words": words,
                    "counselor_note": f"{MARK} on the {kind} goal",
                })  # fmt: skip
            uselog.add_entries(vault, cid, [
                EntryInput(day=today - timedelta(days=2), substance="Alcohol", amount=6,
                           unit="standard drinks", setting="home"),
                EntryInput(day=today - timedelta(days=1), substance="Alcohol", amount=0),
            ], today=today)  # fmt: skip
            reviews.start_review(vault, cid, today - timedelta(days=2), today=today)
            session = sessions.start_session(vault, cid)
            sessions.save_note(vault, session.id, {
                field: f"{MARK} in the session note" for field in ("data", "assessment", "plan")
            }, sign=True)  # fmt: skip
    return ids


def stored(path: Path, client_id: int) -> tuple[object, list[object]]:
    with closing(Vault.open(path, PASS)) as vault:
        return get_client(vault, client_id), list_goals(vault, client_id)


def private_dirs(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """Home, XDG folders, the temp folder and the working folder all under ``tmp_path``, the
    vault in a folder of its own: (vault path, the folder where no file may appear)."""
    watched = tmp_path / "watched"
    for name in ("home", "cwd", "tmp", "data", "config", "cache", "state"):
        (watched / name).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(watched / "home"))
    for var, name in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state"),
                      ("TMPDIR", "tmp")):  # fmt: skip
        monkeypatch.setenv(var, str(watched / name))
    monkeypatch.setattr(tempfile, "tempdir", str(watched / "tmp"))
    monkeypatch.chdir(watched / "cwd")
    return tmp_path / "vault" / "v.db", watched


def files_in(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if not p.is_dir()}


class Sweep:
    """Press keys, and after each check what the client view shows."""

    def __init__(self, app, pilot, watched: Path) -> None:
        self.app, self.pilot, self.watched = app, pilot, watched
        self.workspace = app.screen
        self.files = files_in(watched)
        self.explored: set[type] = set()
        #: (class, action) of every binding pressed by its key
        self.done: set[tuple[type, str]] = set()

    def check(self, where: str) -> None:
        app = self.app
        text = screen_text(app)
        assert MARK not in text, where
        assert "archived" not in text.lower(), where
        assert app.return_code is None, f"the app quit at {where}"
        for other in OTHER:
            assert other not in text, f"{other} shown at {where}"
        assert files_in(self.watched) == self.files, where
        stack = app.screen_stack
        assert self.workspace in stack, where
        above = stack[stack.index(self.workspace) + 1 :]
        assert not {type(s).__name__ for s in above} & FORBIDDEN_SCREENS, where
        assert app.client_view and not isinstance(app.screen, LockScreen), where

    async def press(self, key: str, where: str) -> None:
        await self.pilot.press(key)
        await settle(self.pilot)
        self.check(f"{where} {key}")

    def keys(self, screen: Screen, only_in: Widget | None = None) -> list[tuple[str, Any]]:
        """(key, binding) bound by hrtui's own classes (not Textual's stock widgets) on
        ``screen`` now, those that leave it (Escape) last; with ``only_in``, those bound inside
        that widget."""
        keys = []
        for key, active in screen.active_bindings.items():
            action, node = active.binding.action, active.node
            if action in NOT_SWEPT or action.startswith("section(") or action not in declared(node):
                continue
            if only_in is not None and node is not only_in and only_in not in node.ancestors:
                continue
            keys.append((key, active))
        return sorted(keys, key=lambda k: k[0] == "escape")

    async def screen(
        self, screen: Screen, where: str, depth: int = 0, only_in: Widget | None = None
    ) -> None:
        """Each key of ``screen`` in turn; a screen a key opens is swept too (each kind once,
        two screens deep), then closed again."""
        for key, active in self.keys(screen, only_in):
            if self.app.screen is not screen:
                break  # a key closed it (e.g. a kind picked in the goal-kind picker)
            await self.press(key, where)
            self.done.add((type(active.node), active.binding.action))
            opened = self.app.screen
            if opened is screen or screen not in self.app.screen_stack:
                continue
            if depth < 2 and type(opened) not in self.explored:
                self.explored.add(type(opened))
                await self.screen(opened, f"{where} {key} >", depth + 1)
            await self.back_to(screen, f"{where} {key} (closing)")

    async def back_to(self, screen: Screen, where: str) -> None:
        for _ in range(8):
            if self.app.screen is screen:
                return
            await self.press("d" if isinstance(self.app.screen, UnsavedChanges) else "escape",
                             where)  # fmt: skip
        assert self.app.screen is screen, where

    async def palette(self, title: str, where: str) -> None:
        """Ctrl+P, the command's title, Enter on it."""
        await self.press("ctrl+p", where)
        palette = self.app.screen
        assert isinstance(palette, CommandPalette)
        await type_text(self.pilot, title)
        await settle(self.pilot)
        commands = palette.query_one(CommandList)
        for _ in range(20):  # the search runs in the background
            if commands.option_count:
                break
            await self.pilot.pause(0.05)
        if commands.highlighted is None:
            await self.pilot.press("down")
        chosen = commands.get_option_at_index(commands.highlighted or 0)
        assert chosen.hit.text == title, where
        await self.press("enter", f"{where} palette {title!r}")
        assert self.app.screen is not palette, where


def declared(node) -> set[str]:
    """Actions of the bindings declared by hrtui's classes in ``node``'s class hierarchy."""
    return {
        b.action
        for cls in type(node).__mro__
        if cls.__module__.startswith("hrtui")
        for b in cls.__dict__.get("BINDINGS", [])
        if isinstance(b, Binding)
    }


#: Each tab of the workspace, with the key that shows it.
TABS = {"details": "f2", "intake": "f3", "goals": "f4", "uselog": "f5", "reviews": "f6",
        "timeline": "f10"}  # fmt: skip


@pytest.mark.parametrize("tab", TABS)
async def test_client_view_sweep_shows_no_counselor_notes_other_clients_or_files(
    tab, tmp_path, monkeypatch, clock
):
    """Every key of the tab (on Details: the workspace's and the app's too), every screen they
    open, and every palette entry offered there."""
    path, watched = private_dirs(tmp_path, monkeypatch)
    ids = seed(path, clock.today)
    async with unlocked(path, PASS, size=TALL) as (app, pilot):
        await open_workspace(pilot, "riv")
        workspace = app.screen
        assert isinstance(workspace, WorkspaceScreen)
        await pilot.press(TABS[tab])
        await settle(pilot)
        if tab in ("details", "goals"):  # the sweep can see what it looks for
            assert MARK in screen_text(app)
        if tab == "goals":
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, GoalForm) and MARK in screen_text(app)
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("f8")
        await settle(pilot)
        sweep = Sweep(app, pilot, watched)
        sweep.check("client view")
        pane = workspace.query_one(f"#tab-{tab}")
        await sweep.press(TABS[tab], tab)
        await sweep.screen(workspace, tab, only_in=None if tab == "details" else pane)
        await sweep.back_to(workspace, f"{tab} (closing)")
        if tab == "goals":  # every goal, and its form
            for row in range(3):
                await sweep.press("enter", f"goal {row}")
                assert isinstance(app.screen, GoalForm)
                await sweep.back_to(workspace, f"goal {row}")
                await sweep.press("down", f"goal {row}")

        # the palette (its list checked on screen) offers nothing refused, and nothing but
        # the keys of the screen: each was pressed above (else it is run from the palette)
        await sweep.press(TABS[tab], f"{tab} palette")
        await sweep.press("ctrl+p", f"{tab} palette")
        assert isinstance(app.screen, CommandPalette)
        await sweep.back_to(workspace, f"{tab} palette")
        entries = list(app.get_system_commands(workspace))
        assert not REFUSED_TITLES & {c.title for c in entries}
        for command in entries:
            bound = next(
                a for a in workspace.active_bindings.values()
                if a.binding.description == command.title
            )  # fmt: skip
            action = bound.binding.action
            if action in NOT_SWEPT or action.startswith("section("):
                continue
            if action not in declared(bound.node):
                continue  # a stock widget's own (cursor keys of a table): not swept
            if tab != "details" and bound.node in (workspace, app):
                continue  # the workspace's own entries: swept on Details
            if (type(bound.node), action) in sweep.done:
                continue
            await sweep.palette(command.title, tab)
            await sweep.back_to(workspace, f"{tab} palette {command.title!r} (closing)")
            await sweep.press(TABS[tab], f"{tab} palette")
        # (the sweep went round: every key of the tab's own was pressed)
        owner = workspace if tab == "details" else pane.children[0]
        refused_here = {b.action for b in type(owner).BINDINGS} & OWN_REFUSALS
        assert all(owner.check_action(a, ()) is False for a in refused_here), refused_here
        own = {
            b.action for b in type(owner).BINDINGS
            if not (b.action in NOT_SWEPT or b.action.startswith("section(")
                    or app.refused_in_client_view(b.action) or b.action in refused_here)
        }  # fmt: skip
        assert own and own <= {action for cls, action in sweep.done if cls is type(owner)}

    # what was saved along the way kept every note, and nothing was archived
    client, goals = stored(path, ids["RIV-07"])
    assert client.note == f"{MARK} about RIV-07" and not client.archived
    assert sorted(g.counselor_note for g in goals) == sorted(
        f"{MARK} on the {kind} goal" for kind in ("reduce", "stepdown", "safer")
    )


async def test_client_view_edits_keep_the_counselor_notes(tmp_path, clock):
    path = tmp_path / "v.db"
    ids = seed(path, clock.today)
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot, "riv")
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ClientForm)
        assert "Counselor note" not in screen_text(app)
        await pilot.press("tab", "tab")  # to the pronouns
        await type_text(pilot, "she/her")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert "she/her" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalForm)
        assert "Counselor" not in screen_text(app)
        app.screen.query_one("#client_words").focus()
        await type_text(pilot, " and more water")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    client, goals = stored(path, ids["RIV-07"])
    assert client.pronouns == "she/her" and client.note == f"{MARK} about RIV-07"
    edited = next(g for g in goals if "and more water" in g.client_words)
    assert edited.counselor_note == f"{MARK} on the {edited.kind} goal"


async def test_f7_hides_the_name_in_the_client_details_form(tmp_path, clock):
    path = tmp_path / "v.db"
    ids = seed(path, clock.today)
    async with unlocked(path, PASS) as (app, pilot):
        await open_workspace(pilot, "riv")
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "Marisol" in screen_text(app)  # names shown: the form shows it
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ClientForm)
        text = screen_text(app)
        assert "Marisol" not in text and "•" * len("Marisol") in text
        await pilot.press("ctrl+s")  # saving keeps the name as it was
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    client, _ = stored(path, ids["RIV-07"])
    assert client.display_name == "Marisol"


async def test_archive_settings_and_plan_file_do_nothing_in_the_client_view(
    tmp_path, monkeypatch, clock
):
    path, watched = private_dirs(tmp_path, monkeypatch)
    ids = seed(path, clock.today)
    async with unlocked(path, PASS, size=TALL) as (app, pilot):  # all of F1 on screen
        await open_workspace(pilot, "riv")
        await pilot.press("f4")
        await settle(pilot)
        assert "Plan" in screen_text(app)  # the counselor's footer offers the plan file
        await pilot.press("ctrl+s")  # and Ctrl+S today's session, with its note
        await settle(pilot)
        assert type(app.screen).__name__ == "SessionScreen" and MARK in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        before = screen_text(app)
        assert "Archive" not in before and "Plan" not in before
        for key in ("ctrl+r", "f9", "ctrl+g", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, WorkspaceScreen), key
            text = screen_text(app)
            assert "archived" not in text and "Settings" not in text, key
            assert "NOT encrypted" not in text and "Wrote" not in text, key
            assert MARK not in text, key
        assert files_in(watched) == set()
        # F1 offers none of it either
        help_screen = await open_help(pilot)
        text = screen_text(app)
        assert help_screen.keys and "F8 and the passphrase" in text
        for refused in ("Archive", "Ctrl+R", "Ctrl+G", "take-home plan", "Export", "F9"):
            assert refused not in text, refused
    client, _ = stored(path, ids["RIV-07"])
    assert not client.archived
