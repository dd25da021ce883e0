"""Drives the real app headless, in its own process, and times what a person waits for.

Run by the benchmark as ``python -m hrtui.bench.appdriver ARGS.json OUT.json``. A probe wraps
the app's ``_display`` (the step that hands a finished frame to the terminal) and timestamps
every frame, so "until painted" means a frame showing the new state was produced.

Measures: unlock (passphrase submitted → roster painted), one keystroke in the roster search
(→ table updated and painted), opening the use log of the heaviest client (→ painted with its
data), and the process's peak memory.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUIET_S = 0.08  # no frame for this long: the screen has settled
TYPING_GAP_S = 0.06  # between keystrokes, as a quick typist


class PaintProbe:
    """Timestamps every frame the app produces."""

    def __init__(self, app: Any) -> None:
        self.frames: list[tuple[float, Any]] = []
        self.cpu: list[float] = []  # the UI thread's CPU time at each frame
        self._waiters: list[tuple[Callable[[Any], bool], asyncio.Future[float]]] = []
        display = app._display

        def probe(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            self.frames.append((now, screen))
            self.cpu.append(time.thread_time())
            for waiter in list(self._waiters):
                predicate, future = waiter
                if not future.done() and predicate(screen):
                    future.set_result(now)
                    self._waiters.remove(waiter)

        app._display = probe

    def expect(self, predicate: Callable[[Any], bool]) -> asyncio.Future[float]:
        """A future set to the time of the first frame for which ``predicate(screen)`` holds."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        return future

    async def settled(self, since: float, ready: Callable[[], bool], timeout: float = 60) -> float:
        """The time of the last frame after ``since`` once ``ready()`` holds and no frame has
        come for :data:`QUIET_S` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
            last = self.frames[-1][0] if self.frames else 0.0
            if last > since and ready() and time.perf_counter() - last >= QUIET_S:
                return last
        raise TimeoutError("the screen did not settle")


def _no_cursor_blink() -> None:
    """A blinking cursor paints twice a second; it would blur "the last frame"."""
    from textual.widgets import Input

    reactive = Input.__dict__.get("cursor_blink")
    if reactive is not None and hasattr(reactive, "_default"):
        reactive._default = False


def send_key(app: Any, key: str) -> None:
    """Deliver one key press as the terminal driver does, without Pilot's waiting (which
    pokes every widget and so causes frames of its own)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


@dataclass
class Press:
    shown: float  # seconds until the first frame showing the expected state
    settled: float  # seconds until the last frame before the screen went quiet
    frames: int  # frames drawn in between
    cpu: float  # UI-thread CPU seconds until settled


async def press(
    app: Any,
    probe: PaintProbe,
    key: str,
    shows: Callable[[Any], bool],
    ready: Callable[[], bool] = lambda: True,
) -> Press:
    """Press ``key`` after a typist's pause and time the frames that follow."""
    await asyncio.sleep(TYPING_GAP_S)
    first = probe.expect(shows)
    count = len(probe.frames)
    cpu = time.thread_time()
    start = time.perf_counter()
    send_key(app, key)
    end = await probe.settled(start, ready)
    if not first.done():
        raise RuntimeError(f"no frame showed the result of pressing {key!r}")
    return Press(
        first.result() - start, end - start, len(probe.frames) - count, probe.cpu[-1] - cpu
    )


def _table_shows(table: Any, want: list[str]) -> bool:
    """The table lists the expected clients in order: all of them, or at least a screenful
    (a table may stop early with a "keep typing" line, whose key is not a client id)."""
    keys = [str(row.key.value) for row in table.ordered_rows]
    ids = [key for key in keys if key.isdigit()]
    if ids != want[: len(ids)]:
        return False
    return len(ids) == len(want) or len(ids) >= table.size.height - 1


def _workers_idle(app: Any) -> bool:
    return not any(worker.is_running for worker in app.workers)


def _key(ch: str) -> str:
    return {" ": "space", "-": "minus", "_": "underscore", ".": "full_stop"}.get(ch, ch)


def keystrokes(codes: list[str], rounds: int) -> list[str]:
    """What a counselor types into the search: names, parts of codes, corrections."""
    words = ["sam", "ma", "jo k", "ri", codes[0].lower(), "00", "lea", "a"]
    keys: list[str] = []
    for _ in range(rounds):
        for word in words:
            keys += [_key(ch) for ch in word]
            keys += ["backspace"] * len(word)
    return keys


async def drive(args: dict[str, Any]) -> dict[str, Any]:
    from textual.widgets import DataTable, Input

    from hrtui.app import HrtuiApp
    from hrtui.domain.clients import filter_roster

    _no_cursor_blink()
    app = HrtuiApp(Path(args["path"]))
    probe = PaintProbe(app)
    out: dict[str, Any] = {}
    unlock_shown = probe.expect(lambda screen: type(screen).__name__ == "UnlockScreen")
    async with app.run_test(size=(80, 24)) as pilot:
        shown_at = await asyncio.wait_for(unlock_shown, 60)
        # The passphrase goes in at once; Enter comes one second after the unlock screen was
        # first painted: what the app may do while a person types, it gets that second for.
        app.screen.query_one("#passphrase", Input).value = args["passphrase"]
        await asyncio.sleep(max(0.0, shown_at + args.get("idle", 1.0) - time.perf_counter()))

        def roster_painted(screen: Any) -> bool:
            if type(screen).__name__ != "RosterScreen":
                return False
            tables = screen.query("#roster")
            return bool(tables) and tables.first(DataTable).row_count > 0

        painted = probe.expect(roster_painted)
        start = time.perf_counter()
        send_key(app, "enter")
        out["unlock_total_ms"] = (await asyncio.wait_for(painted, 60) - start) * 1000
        await pilot.pause()
        await app.workers.wait_for_complete()
        if args.get("unlock_only"):
            return out

        # -- one keystroke in the roster search ----------------------------------------
        from hrtui.screens.roster import RosterScreen  # loaded already: it is on screen

        roster = app.screen
        assert isinstance(roster, RosterScreen)
        search = roster.query_one("#search", Input)
        table = roster.query_one("#roster", DataTable)
        rows = list(roster.rows)
        presses: list[Press] = []
        keys = keystrokes([r.code for r in rows], args.get("rounds", 1))
        for key in keys[: args.get("max_keys") or len(keys)]:
            query = (
                search.value[:-1]
                if key == "backspace"
                else search.value + (" " if key == "space" else "-" if key == "minus" else key)
            )
            want = [str(row.id) for row in filter_roster(rows, query)]

            def shows(_: Any, query: str = query, want: list[str] = want) -> bool:
                return search.value == query and _table_shows(table, want)

            presses.append(await press(app, probe, key, shows))
        shown = [p.shown * 1000 for p in presses]
        out["filter_samples"] = len(presses)
        out["filter_median_ms"] = statistics.median(shown)
        out["filter_p95_ms"] = statistics.quantiles(shown, n=20, method="inclusive")[18]
        out["filter_max_ms"] = max(shown)
        out["filter_settled_median_ms"] = statistics.median(p.settled * 1000 for p in presses)
        out["filter_frames_median"] = statistics.median(p.frames for p in presses)
        out["filter_cpu_median_ms"] = statistics.median(p.cpu * 1000 for p in presses)

        # -- the use log of the heaviest client ------------------------------------------
        out.update(await _open_use_log(app, pilot, probe, args))
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


async def _open_use_log(app: Any, pilot: Any, probe: PaintProbe, args: dict[str, Any]) -> dict:
    """Open the heaviest client's workspace from the roster, then its use log (F5); back to
    the roster and again, ``uselog_runs`` times: each is the use log's first showing in a
    freshly opened workspace. Medians, and the slowest."""
    from hrtui.screens import workspace

    section = next((s for s in workspace.SECTIONS if "uselog" in s[3]), None)
    if section is None:
        return {"uselog_open_ms": None}
    tab, _, key, _ = section
    # Textual slides the tab underline for a third of a second: the use log is on screen well
    # before, and "the last frame" should not wait for a decoration.
    app.animation_level = "none"

    workers_of: set[int] = set()  # ids of the nodes that started a worker
    add_worker = app.workers.add_worker

    def noting(worker: Any, *args: Any, **kwargs: Any) -> None:
        workers_of.add(id(worker.node))
        add_worker(worker, *args, **kwargs)

    app.workers.add_worker = noting

    def on_workspace() -> bool:
        return type(app.screen).__name__ == "WorkspaceScreen" and _workers_idle(app)

    def use_log_ready() -> bool:
        screen = app.screen
        if type(screen).__name__ != "WorkspaceScreen":
            return False
        if screen.query_one("#sections").active != f"tab-{tab}":
            return False
        holder = screen.query_one(f"#tab-{tab}")
        if not holder.children:
            return False
        pane = holder.children[0]
        # the pane has asked the store for its data, and nothing is pending any more
        return id(pane) in workers_of and _workers_idle(app)

    samples: dict[str, list[float]] = {"open": [], "cpu": [], "ws": [], "ws_cpu": []}
    for _ in range(max(1, args.get("uselog_runs") or 1)):
        search = app.screen.query_one("#search")
        search.value = args["heaviest_code"]
        await pilot.pause()
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.5)

        cpu = time.thread_time()
        start = time.perf_counter()
        send_key(app, "enter")  # the roster opens the selected client's workspace
        samples["ws"].append((await probe.settled(start, on_workspace) - start) * 1000)
        samples["ws_cpu"].append((time.thread_time() - cpu) * 1000)
        await asyncio.sleep(0.5)

        cpu = time.thread_time()
        start = time.perf_counter()
        send_key(app, key)
        shown = await probe.settled(start, use_log_ready)
        samples["open"].append((shown - start) * 1000)
        samples["cpu"].append((probe.cpu[-1] - cpu) * 1000)

        send_key(app, "escape")  # back to the roster, for the next round
        await probe.settled(time.perf_counter(), lambda: type(app.screen).__name__ == (
            "RosterScreen") and _workers_idle(app))  # fmt: skip
    return {
        "uselog_open_ms": statistics.median(samples["open"]),
        "uselog_open_max_ms": max(samples["open"]),
        "uselog_samples": len(samples["open"]),
        "uselog_cpu_ms": statistics.median(samples["cpu"]),
        "workspace_open_ms": statistics.median(samples["ws"]),
        "workspace_cpu_ms": statistics.median(samples["ws_cpu"]),
    }


def main(argv: list[str]) -> int:
    args = json.loads(Path(argv[0]).read_text())
    result = asyncio.run(drive(args))
    Path(argv[1]).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
