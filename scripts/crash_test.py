"""Crash safety: kill a process that is writing to the vault at random moments; after every
kill the vault must open, pass both integrity checks and hold every write that was reported.

A child process opens the vault and writes through the app's storage layer, in rounds of four
operations (:data:`OPS`): it adds a client (:func:`hrtui.store.clients.add_client`, codes
C00001, C00002, … in order), adds a use-log entry for them
(:func:`hrtui.store.uselog.add_entry`, with a safer-use strategy) and marks a day of no use
(:func:`hrtui.store.uselog.record_no_use`), then deletes an earlier entry
(:func:`hrtui.store.uselog.delete_entry`; any but the two just added, possibly one from an
earlier, killed writer). It prints each operation only after its transaction has committed:
``C C00005``, ``E <entry id> C00005``, ``D <entry id>``.

The parent sends SIGKILL, then opens the vault and checks it: both integrity checks and the
foreign-key check pass; every reported client and entry is there unless its deletion was
reported; every reported deletion is gone; nothing from earlier cycles is lost; at most one
unreported change (the operation in flight: a commit the writer was killed before reporting).

Every fourth cycle kills at a random moment from the child's start into its first writes (most
land while it opens the vault). The others aim at a random operation among the first
``--writes`` (default 40): they wait for the report before it, then kill within the time such an
operation typically takes here (measured first). The aimed-at position in the round rotates,
so kills land in each kind of operation however fast this machine is; the summary counts the
kills by the operation in flight. Children are forked from one long-lived helper process that
has already imported the app, so a cycle costs a key derivation, not a Python start-up.

    python scripts/crash_test.py --cycles 200

``tests/store/test_crash_safety.py`` runs a short version of this in the suite.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hrtui.store.vault import Vault  # noqa: E402

PASSPHRASE = "crash test 'quoted' passphrase"

#: One round of the writer: add a client, add a use entry and a no-use mark for them, delete an
#: earlier entry. The writer (HELPER) does them in this order, starting each time with "C".
OPS = "CEED"
KINDS = {"C": "adding a client", "E": "adding a use-log entry", "D": "deleting an entry"}
OPENING = "opening the vault"

# The helper: imports the storage layer once, then forks one writer per "go" line on stdin.
# It reports "pid N" after each fork and "dead N STATUS" once that child has died; the writer
# reports "ready" once the vault is open and then each committed operation. All on the same
# stdout pipe, one write per line (atomic for lines this short).
HELPER = r"""
import os, random, sys
from datetime import timedelta
from hrtui import clock
from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.store.clients import add_client
from hrtui.store.uselog import add_entry, delete_entry, record_no_use
from hrtui.store.vault import Vault

path, passphrase = sys.argv[1], os.environ["CRASH_TEST_PASSPHRASE"]

def say(text):
    os.write(1, (text + "\n").encode())

def writer():
    vault = Vault.open(path, passphrase)
    with vault.raw() as conn:
        n = conn.execute("SELECT count(*) FROM client").fetchone()[0]
        entries = conn.execute("SELECT id, client_id FROM use_entry ORDER BY id").fetchall()
    today = clock.today()
    say("ready")
    while True:
        n += 1
        code = f"C{n:05d}"
        client = add_client(vault, ClientInput(code, f"Person {n}", "", f"note {n}; " * (n % 9)))
        say(f"C {code}")
        used = EntryInput(
            day=today - timedelta(days=1 + n % 20), substance="Alcohol", amount=str(1 + n % 6),
            unit="standard drinks", craving=str(n % 11), strategies=("Water between drinks",),
            note=f"entry {n}; " * (n % 5),
        )
        entry = add_entry(vault, client.id, used, today=today)
        entries.append((entry.id, client.id))
        say(f"E {entry.id} {code}")
        mark = record_no_use(vault, client.id, today - timedelta(days=21 + n % 20), today=today)
        entries.append((mark.id, client.id))
        say(f"E {mark.id} {code}")
        # an earlier entry: any but the two just added (the first of them if there is no other)
        entry_id, client_id = entries.pop(random.randrange(max(1, len(entries) - 2)))
        delete_entry(vault, client_id, entry_id)
        say(f"D {entry_id}")

for line in sys.stdin:
    if line.strip() != "go":
        continue
    pid = os.fork()
    if pid == 0:
        try:
            random.seed()
            writer()
        finally:
            os._exit(0)
    say(f"pid {pid}")
    _, status = os.waitpid(pid, 0)
    say(f"dead {pid} {status}")
"""


@dataclass(frozen=True)
class Contents:
    """What the vault holds: client codes, and each use-log entry's id with its client's code."""

    clients: tuple[str, ...] = ()
    entries: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reports:
    """What a writer reported as committed, in order."""

    lines: tuple[str, ...] = ()

    @property
    def kinds(self) -> str:
        return "".join(line.split()[0] for line in self.lines)

    @property
    def clients(self) -> list[str]:
        return [line.split()[1] for line in self.lines if line.startswith("C ")]

    @property
    def entries(self) -> dict[int, str]:
        return {
            int(line.split()[1]): line.split()[2] for line in self.lines if line.startswith("E ")
        }

    @property
    def deleted(self) -> set[int]:
        return {int(line.split()[1]) for line in self.lines if line.startswith("D ")}

    def in_flight(self, ready: bool) -> str:
        """The kind of operation under way when the writer was killed (OPENING if not ready)."""
        return OPS[len(self.lines) % len(OPS)] if ready else OPENING


class Check(NamedTuple):
    failures: list[str]
    stored: Contents
    unreported: list[str]  # changes found that were not reported (at most one is right)


@dataclass
class Summary:
    cycles: int = 0
    killed: Counter[str] = field(default_factory=Counter)  # by what was under way: OPENING, OPS
    reported: Counter[str] = field(default_factory=Counter)  # operations reported, by kind
    clients: int = 0  # in the vault at the end
    entries: int = 0
    unreported_commits: int = 0  # committed but killed before it could be reported
    committed: Counter[str] = field(default_factory=Counter)  # ... by the kind in flight
    failures: list[str] = field(default_factory=list)
    ready_seconds: float = 0.0
    op_seconds: list[float] = field(default_factory=list)  # typical, by position in OPS
    seconds: float = 0.0

    @property
    def killed_while_opening(self) -> int:
        return self.killed[OPENING]

    @property
    def killed_while_writing(self) -> int:
        return sum(self.killed[kind] for kind in KINDS)

    def lines(self) -> list[str]:
        writing = ", ".join(
            f"{KINDS[k]}: {self.killed[k]} ({self.committed[k]} had committed)" for k in KINDS
        )
        ops = ", ".join(
            f"{kind} {1000 * s:.0f}" for kind, s in zip(OPS, self.op_seconds, strict=False)
        )
        return [
            f"cycles: {self.cycles} in {self.seconds:.1f} s (opening the vault takes about "
            f"{self.ready_seconds:.2f} s; one operation, in ms: {ops})",
            f"kills landed while opening the vault: {self.killed_while_opening}; while writing: "
            f"{self.killed_while_writing} ({writing})",
            f"operations reported committed: {sum(self.reported.values())} (clients added "
            f"{self.reported['C']}, entries added {self.reported['E']}, entries deleted "
            f"{self.reported['D']}); in the vault at the end: {self.clients} clients, "
            f"{self.entries} entries (committed but killed before reporting: "
            f"{self.unreported_commits})",
            "after every kill: the vault opened, both integrity checks passed, every reported "
            "write was there and every reported deletion gone"
            if not self.failures
            else f"failures: {len(self.failures)}",
            *[f"  {f}" for f in self.failures[:20]],
        ]


@dataclass(frozen=True)
class Kill:
    """When to kill a writer: ``delay`` seconds after its fork, or (with ``after_ops``) after
    it has reported ready and that many operations."""

    delay: float
    after_ops: int | None = None


@dataclass
class Outcome:
    ready: bool = False
    reports: list[str] = field(default_factory=list)
    status: int | None = None  # the writer's wait status, once it has died
    killed_by_us: bool = False


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
        text = self.line_before(time.monotonic() + timeout)
        if text is None:
            raise TimeoutError("the crash-test helper stopped answering")
        return text

    def line_before(self, deadline: float) -> str | None:
        """The next line, or None if none is complete by ``deadline`` (``time.monotonic()``)."""
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the crash-test helper exited")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\n", 1)
        return raw.decode()

    def start(self) -> int:
        """Fork a writer: its pid."""
        self.proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        first = self.line()
        assert first.startswith("pid "), first
        return int(first.split()[1])

    def cycle(self, kill: Kill) -> Outcome:
        """Fork a writer, kill it as ``kill`` says, and collect what it reported."""
        pid = self.start()
        out = Outcome()

        def take(text: str) -> None:
            if text == "ready":
                out.ready = True
            elif text.startswith("dead "):
                out.status = int(text.split()[2])
            else:
                out.reports.append(text)

        if kill.after_ops is not None:
            while out.status is None and not (out.ready and len(out.reports) >= kill.after_ops):
                take(self.line())
        deadline = time.monotonic() + kill.delay
        while out.status is None and (text := self.line_before(deadline)) is not None:
            take(text)
        if out.status is None:  # not yet reaped by the helper: the pid is still this writer's
            os.kill(pid, signal.SIGKILL)
            out.killed_by_us = True
        while out.status is None:
            take(self.line())
        return out

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def read_contents(vault: Vault) -> Contents:
    with vault.raw() as conn:
        codes = tuple(row[0] for row in conn.execute("SELECT code FROM client ORDER BY code"))
        entries = {
            entry_id: code
            for entry_id, code in conn.execute(
                "SELECT e.id, c.code FROM use_entry AS e LEFT JOIN client AS c"
                " ON c.id = e.client_id ORDER BY e.id"
            )
        }
    return Contents(codes, entries)


def check_after_kill(
    path: Path, before: Contents, reported: Reports, *, ready: bool = True
) -> Check:
    """Open the vault as the app does and check it after a kill.

    ``before`` is what the vault held before the cycle, ``reported`` what the writer reported
    as committed, ``ready`` whether it had reported the vault open. Every reported client and
    entry must be there (with the client it was reported for) unless its deletion was
    reported; every reported deletion gone; nothing of ``before`` lost unless reported deleted;
    at most one change nobody reported, of the kind of the operation in flight (a deletion in
    flight may take a reported entry); client codes C00001… without gaps; the foreign-key
    check finds nothing (no strategy or entry left without its entry or client).
    """
    try:
        vault = Vault.open(path, PASSPHRASE)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return Check([f"the vault did not open: {exc}"], before, [])
    try:
        failures = [f"integrity check: {p}" for p in vault.integrity_check()[:3]]
        with vault.raw() as conn:
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            failures.append(f"foreign key check: {len(orphans)} rows, e.g. {orphans[:3]}")
        stored = read_contents(vault)
    finally:
        vault.close()

    kinds = reported.kinds
    if kinds != (OPS * (len(kinds) // len(OPS) + 1))[: len(kinds)]:
        failures.append(f"the writer reported its operations out of order: {kinds}")
    clients, entries, deleted = set(stored.clients), stored.entries, reported.deleted
    if missing := sorted(set(reported.clients) - clients):
        failures.append(f"reported but missing: clients {missing[:5]}")
    if lost := sorted(set(before.clients) - clients):
        failures.append(f"clients from earlier cycles missing: {lost[:5]}")
    if wrong := sorted(i for i, c in reported.entries.items() if i in entries and entries[i] != c):
        failures.append(f"entries stored for another client than reported: {wrong[:5]}")
    if still := sorted(deleted & set(entries)):
        failures.append(f"reported deleted but still there: entries {still[:5]}")

    unreported = [
        *[f"C {c}" for c in sorted(clients - set(before.clients) - set(reported.clients))],
        *[f"E {i}" for i in sorted(set(entries) - set(before.entries) - set(reported.entries))],
        *[f"D {i}" for i in sorted((set(before.entries) | set(reported.entries)) - deleted
                                   - set(entries))],
    ]  # fmt: skip
    in_flight = reported.in_flight(ready)
    # a reported entry may be gone only as the one deletion in flight
    missing = sorted(set(reported.entries) - deleted - set(entries))
    if missing and not (in_flight == "D" and unreported == [f"D {missing[0]}"]):
        failures.append(f"reported but missing: entries {missing[:5]}")
    if len(unreported) > 1:
        failures.append(f"{len(unreported)} changes nobody reported: {unreported[:5]}")
    elif unreported and unreported[0][0] != in_flight:
        under_way = KINDS.get(in_flight, in_flight)
        failures.append(f"a change nobody reported ({unreported[0]}) while {under_way}")
    codes = sorted(clients)
    if codes != [f"C{i:05d}" for i in range(1, len(codes) + 1)]:
        failures.append("the codes in the vault have gaps")
    return Check(failures, stored, unreported)


def measure(helper: Helper, runs: int = 3, rounds: int = 5) -> tuple[float, list[float]]:
    """(seconds until a writer is ready, seconds per operation by its position in OPS) on this
    machine: medians over ``runs`` writers, each let run for ``rounds`` rounds of OPS."""
    ready: list[float] = []
    took: dict[int, list[float]] = {i: [] for i in range(len(OPS))}
    for _ in range(runs):
        start = time.monotonic()
        pid = helper.start()
        assert helper.line() == "ready"
        last = time.monotonic()
        ready.append(last - start)
        for n in range(rounds * len(OPS)):
            report = helper.line()
            assert report[0] == OPS[n % len(OPS)], report
            now = time.monotonic()
            took[n % len(OPS)].append(now - last)
            last = now
        os.kill(pid, signal.SIGKILL)  # never reaped before "dead": it writes until killed
        while not helper.line().startswith("dead "):
            pass
    return statistics.median(ready), [statistics.median(took[i]) for i in range(len(OPS))]


def plan(n: int, rng: random.Random, ready_at: float, op_seconds: list[float], writes: int) -> Kill:
    """How cycle ``n`` kills: every fourth from the start, through opening, into the first
    writes; the others within a random operation among the first ``writes``, its position in
    the round rotating with ``n`` (C, E, E, D, C, …)."""
    if n % 4 == 0:
        return Kill(rng.uniform(0, 1.2 * ready_at))
    position = (n - n // 4 - 1) % len(OPS)
    rounds = max(1, writes // len(OPS))
    op = position + len(OPS) * rng.randrange(rounds)
    return Kill(rng.uniform(0, op_seconds[position]), after_ops=op)


def run_cycles(workdir: Path, cycles: int, *, seed: int | None = None, writes: int = 40) -> Summary:
    """Kill the writer ``cycles`` times (see :func:`plan`); check the vault after each kill."""
    rng = random.Random(seed)
    started = time.monotonic()
    path = workdir / "crash.db"
    Vault.create(path, PASSPHRASE).close()
    helper = Helper(path)
    summary = Summary()
    try:
        ready_at, per_op = measure(helper)
        summary.ready_seconds, summary.op_seconds = ready_at, per_op
        expected = check_after_kill(path, Contents(), Reports()).stored  # the measuring runs'
        for n in range(cycles):
            kill = plan(n, rng, ready_at, per_op, writes)
            out = helper.cycle(kill)
            reports = Reports(tuple(out.reports))
            in_flight = reports.in_flight(out.ready)
            summary.cycles += 1
            summary.killed[in_flight] += 1
            summary.reported.update(reports.kinds)
            when = f"{kill.delay:.3f} s after " + (
                "its start" if kill.after_ops is None else f"{kill.after_ops} operations"
            )
            check = check_after_kill(path, expected, reports, ready=out.ready)
            failures = check.failures
            if not out.killed_by_us:
                failures = [f"the writer ended by itself (status {out.status})", *failures]
            summary.failures += [f"cycle {n} (killed {when}, {in_flight}): {f}" for f in failures]
            summary.unreported_commits += len(check.unreported)
            summary.committed[in_flight] += bool(check.unreported)
            expected = check.stored
        summary.clients, summary.entries = len(expected.clients), len(expected.entries)
    finally:
        helper.close()
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=200, help="default: 200")
    parser.add_argument("--seed", type=int, help="for a repeatable choice of kill moments")
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
