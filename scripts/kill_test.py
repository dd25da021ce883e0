"""Kill a passphrase change at random moments; the vault must always open with the old or the
new passphrase (never neither) and still hold every client.

Each cycle copies a source vault, starts a child process (``python -c``) that runs
:func:`hrtui.store.maintenance.change_passphrase` on the copy, sends it SIGKILL, then opens the
copy. Most cycles kill after a random delay between 0 and the typical duration of a whole change
(measured first). The rename that puts the new file in place comes only a moment before the
child exits (the folder's fsync, closing, the interpreter's exit: a few percent of the whole
change), so a delay drawn over the whole change rarely lands after it; every other cycle
therefore watches the vault's inode, and once the file has been replaced kills after a random
part of the measured time from the rename to the exit. The summary counts the kills that landed
before and after the rename (the vault's inode differs from the original afterwards). Half the
cycles start from a vault whose last writes are still in its WAL (as after a crash), half from
a cleanly closed one.

    python scripts/kill_test.py --cycles 300

``tests/store/test_passwd_kill.py`` runs a short version of this in the suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlcipher3.dbapi2 as sqlcipher  # noqa: E402

from hrtui.domain.clients import ClientInput  # noqa: E402
from hrtui.store.clients import add_client  # noqa: E402
from hrtui.store.errors import VaultError, WrongPassphrase  # noqa: E402
from hrtui.store.vault import Vault, integrity_problems, open_keyed  # noqa: E402

OLD = "old: river stone 'lamp'"
NEW = 'new: "quiet" harbour 🔑'
CLIENTS = 40

CHILD = (
    "import os, sys\n"
    "from hrtui.store.maintenance import change_passphrase\n"
    "change_passphrase(sys.argv[1], os.environ['KILL_TEST_OLD'], os.environ['KILL_TEST_NEW'])\n"
)


#: Every AFTER_RENAME_EVERY-th cycle waits for the rename before it draws its kill delay.
AFTER_RENAME_EVERY = 2


@dataclass
class Summary:
    cycles: int = 0
    opened_with: Counter[str] = field(default_factory=Counter)  # "old" / "new"
    killed_before_rename: int = 0  # the kill landed while the old file was still in place
    killed_after_rename: int = 0  # ... after the new file had replaced it (the commit point)
    finished: int = 0  # the child had already finished (the delay was longer than it took)
    waited_for_rename: int = 0  # cycles that killed only once the file had been replaced
    leftover_temp: int = 0  # a killed child left its temporary copy behind
    failures: list[str] = field(default_factory=list)
    typical_seconds: float = 0.0
    after_rename_seconds: float = 0.0  # typical time from the rename to the child's exit
    window_seconds: float = 0.0  # kill delays were drawn from [0, this] at the end
    seconds: float = 0.0

    @property
    def killed(self) -> int:
        """Kills that landed while the change was running."""
        return self.killed_before_rename + self.killed_after_rename

    @property
    def after_rename_share(self) -> float:
        return self.killed_after_rename / self.killed if self.killed else 0.0

    def lines(self) -> list[str]:
        return [
            f"cycles: {self.cycles} in {self.seconds:.1f} s "
            f"(one passphrase change takes about {self.typical_seconds:.2f} s, "
            f"{self.after_rename_seconds * 1000:.0f} ms of it after the rename)",
            f"kill delays drawn from 0 to {self.window_seconds:.2f} s at the end (follows the "
            f"load, see KillWindow); {self.waited_for_rename} cycles waited for the rename, "
            f"then killed within the {self.after_rename_seconds * 1000:.0f} ms after it",
            f"killed while changing: {self.killed}: before the rename (the commit point) "
            f"{self.killed_before_rename}, after it {self.killed_after_rename} "
            f"({self.after_rename_share:.0%}); had already finished: {self.finished}",
            f"opened afterwards with the old passphrase: {self.opened_with['old']}, "
            f"with the new one: {self.opened_with['new']}",
            f"temporary copy left behind by a kill (removed by the next change): "
            f"{self.leftover_temp}",
            f"failures: {len(self.failures)}",
            *[f"  {f}" for f in self.failures[:20]],
        ]


def codes() -> list[str]:
    return [f"K{i:03d}" for i in range(1, CLIENTS + 1)]


def make_sources(folder: Path) -> list[list[Path]]:
    """Two source vaults with the same clients: one closed cleanly, one whose last writes are
    still only in its WAL (copied while open, as a crash would leave it)."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = folder / "clean.db"
    v = Vault.create(clean, OLD)
    try:
        for code in codes():
            add_client(v, ClientInput(code, f"Person {code}", "", f"A note for {code}. " * 8))
    finally:
        v.close()
    walled = folder / "walled.db"
    v = Vault.create(walled, OLD)
    try:
        for code in codes():
            add_client(v, ClientInput(code, f"Person {code}", "", f"A note for {code}. " * 8))
        crash = folder / "crashed"
        crash.mkdir()
        shutil.copyfile(walled, crash / "walled.db")
        shutil.copyfile(f"{walled}-wal", crash / "walled.db-wal")
    finally:
        v.close()
    assert (crash / "walled.db-wal").stat().st_size > 0
    return [[clean], [crash / "walled.db", crash / "walled.db-wal"]]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["KILL_TEST_OLD"] = OLD
    env["KILL_TEST_NEW"] = NEW
    return env


def start_child(path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        env=child_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def place_copy(source: list[Path], cycle_dir: Path) -> Path:
    cycle_dir.mkdir(parents=True)
    for file in source:
        shutil.copyfile(file, cycle_dir / file.name)
    return cycle_dir / source[0].name


#: How often the parent looks at the vault's inode while it waits for the rename.
POLL_SECONDS = 0.0005


def replaced(path: Path, inode_before: int) -> bool:
    """Has the file at ``path`` been replaced (renamed over) since it had ``inode_before``?"""
    try:
        return path.stat().st_ino != inode_before
    except OSError:  # gone: not a rename; verify() reports it
        return False


def wait_for_rename(
    child: subprocess.Popen[bytes], path: Path, inode_before: int, timeout: float = 120
) -> float | None:
    """Watch ``path`` until the child has renamed its new file over it: the moment
    (``time.monotonic()``), or None if the child exited first."""
    deadline = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < deadline:
        if replaced(path, inode_before):
            return time.monotonic()
        time.sleep(POLL_SECONDS)
    return None


def measure(
    source: list[Path], workdir: Path, *, runs: int = 2, workers: int = 1
) -> tuple[float, float]:
    """How long a whole change takes here, child start to exit, and how much of that comes
    after the rename, with ``workers`` running at once as in the cycles (medians of ``runs`` ×
    ``workers``)."""
    took: list[tuple[float, float]] = []

    def timed(i: int) -> tuple[float, float]:
        path = place_copy(source, workdir / f"measure-{i}")
        inode = path.stat().st_ino
        start = time.monotonic()
        child = start_child(path)
        renamed_at = wait_for_rename(child, path, inode)
        _, err = child.communicate(timeout=120)
        end = time.monotonic()
        if child.returncode != 0:
            raise RuntimeError(f"the passphrase change failed: {err.decode(errors='replace')}")
        if renamed_at is None:
            raise RuntimeError("the passphrase change finished without replacing the file")
        shutil.rmtree(path.parent)
        return end - start, end - renamed_at

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for r in range(runs):
            took += pool.map(timed, range(r * workers, (r + 1) * workers))
    return statistics.median(t for t, _ in took), statistics.median(a for _, a in took)


def verify(path: Path, inode_before: int) -> tuple[str | None, str | None]:
    """(which passphrase opened it, problem). Tries the likelier passphrase first."""
    order = [OLD, NEW]
    try:
        if path.stat().st_ino != inode_before:  # renamed into place: the new file
            order.reverse()
    except OSError:
        return None, "the vault file is gone"
    for passphrase in order:
        try:
            conn = open_keyed(path, passphrase)  # one key derivation per attempt
        except WrongPassphrase:
            continue
        except VaultError as exc:
            return None, str(exc)
        name = "old" if passphrase == OLD else "new"
        try:
            problems = integrity_problems(conn)
            if problems:
                return name, f"integrity: {problems[:3]}"
            found = sorted(row[0] for row in conn.execute("SELECT code FROM client"))
        except sqlcipher.DatabaseError as exc:
            return name, f"unreadable: {exc}"
        finally:
            conn.close()
        if found != codes():
            missing = sorted(set(codes()) - set(found))
            return name, f"clients missing: {missing[:5]} ({len(missing)})"
        return name, None
    return None, "opens with neither the old nor the new passphrase"


@dataclass(frozen=True)
class Outcome:
    """What one cycle found."""

    opened: str | None  # "old" / "new" / None: which passphrase opened the vault afterwards
    problem: str | None
    killed: bool  # the SIGKILL ended the child (it had not finished)
    after_rename: bool  # the vault file had been replaced when the child ended
    temp_left: bool  # a temporary copy was left behind


def one_cycle(
    n: int, source: list[Path], workdir: Path, delay: float, *, after_rename: bool = False
) -> Outcome:
    """Change the passphrase of a copy of ``source`` and kill the child ``delay`` seconds after
    its start, or (``after_rename``) ``delay`` seconds after the new file replaced the old."""
    cycle_dir = workdir / f"cycle-{n:04d}"
    path = place_copy(source, cycle_dir)
    inode = path.stat().st_ino
    child = start_child(path)
    if after_rename:
        wait_for_rename(child, path, inode)
    time.sleep(delay)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)  # still ours: not yet reaped, so the pid is not reused
    _, err = child.communicate(timeout=120)
    killed = child.returncode == -signal.SIGKILL  # not 0: it had not finished when it came
    new_file = replaced(path, inode)
    temp_left = path.with_name(f".{path.name}.passwd.tmp").exists()
    if not killed and child.returncode != 0:
        failed = err.decode(errors="replace")[-300:]
        return Outcome(None, f"the change itself failed: {failed}", False, new_file, temp_left)
    opened, problem = verify(path, inode)
    if problem is None and opened is not None and (opened == "new") != new_file:
        where = "replaced" if new_file else "still the original file"
        problem = f"the vault file is {where} but opens with the {opened} passphrase"
    if problem is None:
        shutil.rmtree(cycle_dir)
    return Outcome(opened, problem, killed, new_file, temp_left)


class KillWindow:
    """Kill delays are drawn from [0, high]. ``high`` starts at the measured typical duration
    and follows the machine's load: if almost every recent child was killed before it could
    finish, the end of the change (the rename) was rarely reached, so ``high`` grows; if many
    finished first, it shrinks. That keeps kills spread over the whole change."""

    def __init__(self, typical: float, seed: int | None) -> None:
        self.high = typical
        self.rng = random.Random(seed)
        self.recent: deque[bool] = deque(maxlen=8)
        self.lock = threading.Lock()

    def draw(self) -> float:
        with self.lock:
            return self.rng.uniform(0, self.high)

    def record(self, finished: bool) -> None:
        with self.lock:
            self.recent.append(finished)
            if len(self.recent) == self.recent.maxlen:
                rate = sum(self.recent) / len(self.recent)
                if rate < 0.15:
                    self.high *= 1.2
                    self.recent.clear()
                elif rate > 0.4:
                    self.high *= 0.85
                    self.recent.clear()


def run_cycles(workdir: Path, cycles: int, *, seed: int | None = None, workers: int = 2) -> Summary:
    """Run ``cycles`` kill cycles in ``workdir`` (``workers`` at a time)."""
    started = time.monotonic()
    sources = make_sources(workdir / "sources")
    typical, after = measure(sources[0], workdir, workers=workers)
    summary = Summary(typical_seconds=typical, after_rename_seconds=after)
    window = KillWindow(typical, seed)
    rng = random.Random(None if seed is None else seed + 1)
    lock = threading.Lock()

    def cycle(n: int) -> None:
        wait = n % AFTER_RENAME_EVERY == AFTER_RENAME_EVERY - 1
        if wait:  # within the time the rename→exit typically takes
            with lock:
                delay = rng.uniform(0, after)
        else:
            delay = window.draw()
        out = one_cycle(n, sources[n % 2], workdir, delay, after_rename=wait)
        if not wait:
            window.record(not out.killed)
        with lock:
            summary.cycles += 1
            if out.opened:
                summary.opened_with[out.opened] += 1
            summary.waited_for_rename += wait
            summary.killed_before_rename += out.killed and not out.after_rename
            summary.killed_after_rename += out.killed and out.after_rename
            summary.finished += not out.killed
            summary.leftover_temp += out.temp_left
            if out.problem:
                when = "after the rename" if wait else "after its start"
                summary.failures.append(f"cycle {n} (killed {delay:.3f} s {when}): {out.problem}")

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(cycle, range(cycles)))
    summary.window_seconds = window.high
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=300, help="default: 300")
    parser.add_argument("--seed", type=int, help="for a repeatable run")
    parser.add_argument("--workers", type=int, default=2, help="cycles run at once (default 2)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hrtui-kill-test-") as tmp:
        summary = run_cycles(Path(tmp), args.cycles, seed=args.seed, workers=args.workers)
        for line in summary.lines():
            print(line)
    return 1 if summary.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
