"""Crash safety: kill a process that is writing to the vault at random moments; after every
kill the vault must open, pass both integrity checks and hold every write that was reported.

A child process opens the vault and adds clients through the app's storage layer
(:func:`hrtui.store.clients.add_client`), codes C00001, C00002, … in order, printing each code
and flushing stdout only after its transaction has committed. The parent sends SIGKILL at a
random moment (from the child's start, through opening the vault, into its writes), then
opens the vault and checks it. Children are forked from one long-lived helper process that
has already imported the app, so a cycle costs a key derivation, not a Python start-up.

    python scripts/crash_test.py --cycles 200

``tests/test_crash_safety.py`` runs a short version of this in the suite.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hrtui.store.vault import Vault  # noqa: E402

PASSPHRASE = "crash test 'quoted' passphrase"

# The helper: imports the storage layer once, then forks one writer per "go" line on stdin.
# It reports "pid N" after each fork and "dead N" once that child has died; the writer reports
# "ready" once the vault is open and then each committed code. All on the same stdout pipe,
# one write per line (atomic for lines this short).
HELPER = r"""
import os, sys
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client
from hrtui.store.vault import Vault

path, passphrase = sys.argv[1], os.environ["CRASH_TEST_PASSPHRASE"]

def say(text):
    os.write(1, (text + "\n").encode())

def writer():
    vault = Vault.open(path, passphrase)
    with vault.raw() as conn:
        n = conn.execute("SELECT count(*) FROM client").fetchone()[0]
    say("ready")
    while True:
        n += 1
        code = f"C{n:05d}"
        add_client(vault, ClientInput(code, f"Person {n}", "", f"note {n}; " * (n % 9)))
        say(code)

for line in sys.stdin:
    if line.strip() != "go":
        continue
    pid = os.fork()
    if pid == 0:
        try:
            writer()
        finally:
            os._exit(0)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"dead {pid} {status}")
"""


@dataclass
class Summary:
    cycles: int = 0
    killed_while_opening: int = 0  # before the writer reported "ready"
    killed_while_writing: int = 0
    reported: int = 0  # writes reported as committed, over all cycles
    stored: int = 0  # clients in the vault at the end
    unreported_commits: int = 0  # committed but killed before it could be reported
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"cycles: {self.cycles} in {self.seconds:.1f} s "
            f"(killed while opening the vault: {self.killed_while_opening}, "
            f"while writing: {self.killed_while_writing})",
            f"writes reported committed: {self.reported}; clients stored: {self.stored} "
            f"(committed but killed before reporting: {self.unreported_commits})",
            "after every kill: the vault opened, both integrity checks passed and every "
            "reported write was there"
            if not self.failures
            else f"failures: {len(self.failures)}",
            *[f"  {f}" for f in self.failures[:20]],
        ]


class Helper:
    """The long-lived process that forks the writers."""

    def __init__(self, path: Path) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env["CRASH_TEST_PASSPHRASE"] = PASSPHRASE
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HELPER, str(path)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._buffer = b""

    def line(self, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("the crash-test helper stopped answering")
            chunk = os.read(self.proc.stdout.fileno(), 65536)  # type: ignore[union-attr]
            if not chunk:
                raise RuntimeError("the crash-test helper exited")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\n", 1)
        return raw.decode()

    def cycle(self, delay: float) -> tuple[bool, list[str]]:
        """Fork a writer, kill it ``delay`` seconds later: (was it ready, codes reported)."""
        self.proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        first = self.line()
        assert first.startswith("pid "), first
        pid = int(first.split()[1])
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        ready, codes = False, []
        while True:
            text = self.line()
            if text == "ready":
                ready = True
            elif text.startswith("dead "):
                return ready, codes
            else:
                codes.append(text)

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def check_after_kill(
    path: Path, before: list[str], reported: list[str]
) -> tuple[list[str], list[str]]:
    """Open the vault as the app does and check it after a kill: (failures, codes stored).

    ``before`` is what the vault held before the cycle, ``reported`` the codes the writer
    reported as committed. Every reported write must be there; at most one more (committed,
    then killed before it could be reported); codes run C00001… without gaps.
    """
    try:
        vault = Vault.open(path, PASSPHRASE)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return [f"the vault did not open: {exc}"], before
    try:
        failures = [f"integrity check: {p}" for p in vault.integrity_check()[:3]]
        with vault.raw() as conn:
            codes = [row[0] for row in conn.execute("SELECT code FROM client ORDER BY code")]
    finally:
        vault.close()
    missing = sorted(set(reported) - set(codes))
    if missing:
        failures.append(f"reported but missing: {missing[:5]}")
    new = [c for c in codes if c not in set(before)]
    if len(new) - len(reported) not in (0, 1):
        failures.append(f"{len(reported)} writes reported, {len(new)} new in the vault")
    if codes != [f"C{i:05d}" for i in range(1, len(codes) + 1)]:
        failures.append("the codes in the vault have gaps")
    return failures, codes


def measure(helper: Helper, runs: int = 3) -> tuple[float, float]:
    """(seconds until a writer is ready, seconds per write) on this machine: medians of
    ``runs`` writers, each let run for 20 writes."""
    ready: list[float] = []
    per_write: list[float] = []
    for _ in range(runs):
        helper.proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        helper.proc.stdin.flush()  # type: ignore[union-attr]
        start = time.monotonic()
        pid = int(helper.line().split()[1])
        assert helper.line() == "ready"
        ready.append(time.monotonic() - start)
        for _ in range(20):
            helper.line()
        per_write.append((time.monotonic() - start - ready[-1]) / 20)
        os.kill(pid, signal.SIGKILL)
        while not helper.line().startswith("dead "):
            pass
    return statistics.median(ready), statistics.median(per_write)


def run_cycles(workdir: Path, cycles: int, *, seed: int | None = None, writes: int = 40) -> Summary:
    """Kill the writer ``cycles`` times, at a random moment between its start and about
    ``writes`` writes after it has opened the vault; check the vault after each kill."""
    rng = random.Random(seed)
    started = time.monotonic()
    path = workdir / "crash.db"
    Vault.create(path, PASSPHRASE).close()
    helper = Helper(path)
    summary = Summary()
    try:
        ready_at, per_write = measure(helper)
        window = ready_at + writes * per_write
        _, expected = check_after_kill(path, [], [])  # what the measuring runs left
        for n in range(cycles):
            delay = rng.uniform(0, window)
            ready, reported = helper.cycle(delay)
            summary.cycles += 1
            summary.reported += len(reported)
            if ready:
                summary.killed_while_writing += 1
            else:
                summary.killed_while_opening += 1
            failures, codes = check_after_kill(path, expected, reported)
            summary.failures += [f"cycle {n} (killed after {delay:.3f} s): {f}" for f in failures]
            summary.unreported_commits += max(0, len(codes) - len(expected) - len(reported))
            expected = codes
        summary.stored = len(expected)
    finally:
        helper.close()
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=200, help="default: 200")
    parser.add_argument("--seed", type=int, help="for a repeatable run")
    parser.add_argument(
        "--writes", type=int, default=40, help="kill within about this many writes (default 40)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hrtui-crash-test-") as tmp:
        summary = run_cycles(Path(tmp), args.cycles, seed=args.seed, writes=args.writes)
    for line in summary.lines():
        print(line)
    return 1 if summary.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
