"""The measures. Each is taken against a reference measured in the same run, on this machine.

- :func:`startup`: process start until the unlock screen is painted, and the same for a bare
  Textual app (a header, an input and a footer), each in a fresh process;
- :func:`key_derivation`: a raw ``sqlcipher3`` connect, key and first read of the vault;
- :func:`app_session`: the app driven headless in its own process (see
  :mod:`hrtui.bench.appdriver`): unlock, search keystrokes, the use log, peak memory;
- :func:`save`: one use-log entry saved through the store, and a raw ``sqlcipher3`` insert and
  commit on the same file.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.bench.synth import BenchVault

PROJECT_ROOT = Path(__file__).resolve().parents[2]

_REPORT = """
import json, os, sys, time
T0 = float(os.environ["HRTUI_BENCH_T0"])
def report():
    sys.stdout.write(json.dumps({"paint_s": time.monotonic() - T0}) + "\\n")
    sys.stdout.flush()
    os._exit(0)
"""

STARTUP_APP = (
    _REPORT
    + """
from pathlib import Path
from textual.app import App
from hrtui.app import HrtuiApp
_display = App._display
def probe(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and type(screen).__name__ == "UnlockScreen":
        report()
App._display = probe
HrtuiApp(Path(sys.argv[1])).run(headless=True, size=(80, 24))
"""
)

STARTUP_BARE = (
    _REPORT
    + """
from textual.app import App
from textual.widgets import Footer, Header, Input
class Bare(App):
    def compose(self):
        yield Header()
        yield Input()
        yield Footer()
_display = App._display
def probe(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None:
        report()
App._display = probe
Bare().run(headless=True, size=(80, 24))
"""
)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
    )
    env.pop("TEXTUAL", None)  # no devtools
    return env


def _first_paint(code: str, *args: str) -> float:
    env = _child_env()
    # Monotonic time is one clock for every process of the machine (and no test freezes it).
    start = time.monotonic()
    env["HRTUI_BENCH_T0"] = repr(start)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"startup probe gave no result (exit {done.returncode})")
    return float(json.loads(lines[-1])["paint_s"])


def startup(vault_path: Path, runs: int) -> dict[str, float]:
    """Median seconds to the first painted screen: the app's unlock screen and a bare app.
    Runs alternate, so both see the same machine."""
    _first_paint(STARTUP_BARE)  # warm the file cache (both import Textual)
    _first_paint(STARTUP_APP, str(vault_path))
    app, bare = [], []
    for _ in range(runs):
        bare.append(_first_paint(STARTUP_BARE))
        app.append(_first_paint(STARTUP_APP, str(vault_path)))
    app_ms, bare_ms = statistics.median(app) * 1000, statistics.median(bare) * 1000
    return {
        "startup_ratio": app_ms / bare_ms,
        "startup_ms": app_ms,
        "startup_reference_ms": bare_ms,
    }


def _literal(text: str) -> str:
    mem = sqlcipher.connect(":memory:")
    try:
        return mem.execute("SELECT quote(?)", (text,)).fetchone()[0]
    finally:
        mem.close()


def key_derivation(vault: BenchVault, runs: int = 3) -> dict[str, float]:
    """Median time of a raw connect, ``PRAGMA key`` and first read: the key derivation."""
    key = _literal(vault.passphrase)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        conn = sqlcipher.connect(str(vault.path))
        conn.execute(f"PRAGMA key = {key}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        times.append(time.perf_counter() - start)
        conn.close()
    return {"kdf_ms": statistics.median(times) * 1000}


def app_session(
    vault: BenchVault,
    *,
    idle: float = 1.0,
    rounds: int = 1,
    max_keys: int | None = None,
    unlock_only: bool = False,
    uselog_runs: int = 1,
) -> dict[str, Any]:
    """Drive the app in a fresh process; see :mod:`hrtui.bench.appdriver`."""
    with tempfile.TemporaryDirectory(prefix="hrtui-bench-") as folder:
        args_file, out_file = Path(folder, "args.json"), Path(folder, "out.json")
        args_file.write_text(
            json.dumps(
                {
                    "path": str(vault.path),
                    "passphrase": vault.passphrase,
                    "heaviest_code": vault.heaviest_code,
                    "idle": idle,
                    "rounds": rounds,
                    "max_keys": max_keys,
                    "unlock_only": unlock_only,
                    "uselog_runs": uselog_runs,
                }
            )
        )
        env = _child_env()
        done = subprocess.run(
            [sys.executable, "-m", "hrtui.bench.appdriver", str(args_file), str(out_file)],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0 or not out_file.is_file():
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise RuntimeError(f"the app driver stopped (exit {done.returncode}):\n{tail}")
        return json.loads(out_file.read_text())


def _ms(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def save(vault: BenchVault, runs: int) -> dict[str, Any]:
    """One use-log entry saved through the app's store against a raw insert and commit, on
    the same file and client (days before that client's log begins). Rows written here are
    removed again, so the cached vault stays as built."""
    try:
        from hrtui.domain.uselog import EntryInput
        from hrtui.store.uselog import add_entry
    except ImportError:
        return {"save_ratio": None}
    from hrtui.store.vault import Vault, connect

    raw = connect(vault.path, vault.passphrase)
    app_vault = Vault.open(vault.path, vault.passphrase)
    client = vault.heaviest_id
    # the days written are before the first entry of any kind (a "no use" entry on a day
    # refuses use of that substance there)
    substance, unit, first = raw.execute(
        "SELECT substance, unit, (SELECT min(day) FROM use_entry WHERE client_id = ?)"
        " FROM use_entry WHERE client_id = ? AND no_use = 0"
        " GROUP BY substance, unit ORDER BY count(*) DESC LIMIT 1",
        (client, client),
    ).fetchone()
    first_day = date.fromisoformat(first)
    marks = {
        table: raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
        for table in ("use_entry", "audit_event")
    }
    before = raw.execute(
        "SELECT last_activity_at, updated_at FROM client WHERE id = ?", (client,)
    ).fetchone()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000")

    def raw_insert(i: int) -> None:  # every column the store writes, one commit
        day = (first_day - timedelta(days=1 + 2 * i)).isoformat()
        raw.execute(
            "INSERT INTO use_entry (client_id, day, substance, no_use, amount, unit, route,"
            " setting, with_whom, craving, mood, note, created_at, updated_at)"
            " VALUES (?, ?, ?, 0, 2, ?, '', '', '', 3, 'Okay', '', ?, ?)",
            (client, day, substance, unit, stamp, stamp),
        )
        raw.commit()

    def store_insert(i: int) -> None:
        day = first_day - timedelta(days=2 + 2 * i)
        add_entry(
            app_vault,
            client,
            EntryInput(day=day, substance=substance, amount=2, unit=unit, craving=3, mood="Okay"),
        )

    try:
        raw_ms, store_ms = [], []
        for i in range(runs):  # alternate, so both see the same disk and cache
            raw_ms.append(_ms(partial(raw_insert, i)))
            store_ms.append(_ms(partial(store_insert, i)))
        result = {
            "save_ratio": statistics.median(store_ms) / statistics.median(raw_ms),
            "save_ms": statistics.median(store_ms),
            "save_reference_ms": statistics.median(raw_ms),
        }
    finally:
        app_vault.close()
        raw.execute("DELETE FROM use_entry WHERE rowid > ?", (marks["use_entry"],))
        raw.execute("DELETE FROM audit_event WHERE rowid > ?", (marks["audit_event"],))
        raw.execute(
            "UPDATE client SET last_activity_at = ?, updated_at = ? WHERE id = ?",
            (*before, client),
        )
        raw.commit()
        raw.close()
    return result
