"""No core dumps: the ``hrtui`` process sets its core size limit to 0 and (on Linux) makes itself
non-dumpable before it does anything else, so a crash of an unlocked app cannot leave the
passphrase and the records in a core file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import clean_env

from hrtui import hardening

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")

# Runs the real entry point (``python -m hrtui``, i.e. hrtui/__main__.py → cli.main) with the
# app replaced by a stand-in that reports whether the process may dump core, then waits for a
# line on stdin so the test can look at it from outside.
CHILD = textwrap.dedent(
    """
    import ctypes, runpy, sys
    from hrtui import cli

    def stand_in(args):
        libc = ctypes.CDLL(None, use_errno=True)
        print(libc.prctl(3, 0, 0, 0, 0), flush=True)  # PR_GET_DUMPABLE
        sys.stdin.readline()
        return 0

    cli.COMMANDS[None] = stand_in
    sys.argv = ["hrtui"]
    runpy.run_module("hrtui", run_name="__main__")
    """
)


def _core_limit(pid: int) -> list[str]:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return line.split()[4:6]  # soft, hard
    raise AssertionError("no core limit in /proc/<pid>/limits")


@linux_only
def test_the_hrtui_process_cannot_dump_core(tmp_path):
    # Allow cores in the parent (as `ulimit -c unlimited` would), so the child must lower it.
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(tmp_path),
        preexec_fn=_allow_cores,
    )
    try:
        dumpable = child.stdout.readline().strip()
        assert dumpable == "0", dumpable or child.stderr.read()
        assert _core_limit(child.pid) == ["0", "0"]
    finally:
        child.communicate("\n", timeout=30)
    assert child.returncode == 0, child.stderr


def _allow_cores() -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


@linux_only
def test_a_child_that_does_not_harden_itself_keeps_its_core_limit(tmp_path):
    """The control: without hrtui's entry point the same child may dump core, so the test
    above sees hrtui's doing, not the machine's settings."""
    import resource

    if resource.getrlimit(resource.RLIMIT_CORE)[1] == 0:
        pytest.skip("this machine allows no core files at all")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.readline()"],
        stdin=subprocess.PIPE,
        text=True,
        preexec_fn=_allow_cores,
    )
    try:
        assert _core_limit(child.pid)[0] != "0"
    finally:
        child.communicate("\n", timeout=30)


def test_without_resource_or_prctl_it_is_skipped_silently(monkeypatch):
    """E.g. on Windows: no ``resource`` module and no prctl; nothing is raised."""
    monkeypatch.setitem(sys.modules, "resource", None)  # import fails
    monkeypatch.setattr(hardening.sys, "platform", "win32")
    hardening.forbid_core_dumps()
