"""Setup shared by test modules (holds no tests): vaults with clients and goals, the ``hrtui``
command run in a subprocess or in-process, and the scripts of ``scripts/`` loaded as modules."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
import sqlcipher3

from hrtui.domain.clients import ClientInput
from hrtui.store import vault as vault_module
from hrtui.store.clients import add_client
from hrtui.store.goals import create_goal
from hrtui.store.models import Goal
from hrtui.store.vault import Vault

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


# -- vaults --------------------------------------------------------------------------------


def vault_with_clients(path: Path, passphrase: str, *clients: ClientInput) -> list[int]:
    """A new vault at ``path`` holding ``clients`` (added in order), closed again: their ids."""
    with closing(Vault.create(path, passphrase)) as vault:
        return [add_client(vault, client).id for client in clients]


def alcohol_goal(vault: Vault, client_id: int, start_on: date) -> Goal:
    """A reduce goal from ``start_on``: Alcohol, at most 3 standard drinks a drinking day."""
    return create_goal(
        vault, client_id, "reduce",
        {"substance": "Alcohol", "target_amount": "3", "unit": "standard drinks",
         "period": "per_use_day", "start_on": start_on.isoformat()},
    )  # fmt: skip


# -- the hrtui command ---------------------------------------------------------------------


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """This process's environment without HRTUI_ variables, the default vault and the data
    folder under ``tmp``, then ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRTUI_")}
    env["HRTUI_DB"] = str(tmp / "real" / "hrtui.db")
    env["XDG_DATA_HOME"] = str(tmp / "xdg")
    env.update(extra)
    return env


def hrtui(tmp: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m hrtui ARGS`` in a subprocess: stdin not a terminal, :func:`clean_env`."""
    return subprocess.run(
        [sys.executable, "-m", "hrtui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean_env(tmp, **env),
        timeout=120,
    )


def cli_env(monkeypatch: pytest.MonkeyPatch, tmp: Path) -> None:
    """For in-process runs of ``cli.main``: no HRTUI_ variables, the default vault and the data
    folder under ``tmp`` (as :func:`clean_env` does for a subprocess)."""
    for name in [name for name in os.environ if name.startswith("HRTUI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HRTUI_DB", str(tmp / "real" / "hrtui.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp / "xdg"))


def one_error_line(result: subprocess.CompletedProcess[str] | str) -> str:
    """The one line ``hrtui: …`` on stderr (of a run, or as text), with no traceback."""
    text = result if isinstance(result, str) else result.stderr
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("hrtui: ")
    return lines[0]


# -- scripts -------------------------------------------------------------------------------


@contextmanager
def script_module(name: str) -> Iterator[ModuleType]:
    """``scripts/NAME.py`` imported as the module ``NAME``, in ``sys.modules`` while in use
    (dataclasses look their module up there)."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


# -- words shown to people -----------------------------------------------------------------

#: Words the approach never uses (../shared/DOMAIN.md): labels and blame.
STIGMA_WORDS = (
    r"addict\w*|abusers?|abuse|junkies?|clean|dirty|fail\w*|relaps\w*|druggies?|"
    r"non-?complian\w*|user\b"
)


def stigma_in(texts) -> list[str]:
    """The texts that hold a stigmatizing word ("addict", "clean", "failed", "relapsed"…),
    in order; [] when every text passes the language check."""
    import re as _re

    pattern = _re.compile(rf"\b({STIGMA_WORDS})", _re.IGNORECASE)
    return [text for text in texts if pattern.search(text or "")]


#: Key-derivation rounds of the vaults in-process tests may make and open (:func:`fast_kdf`).
FAST_KDF_ITER = 2_000


@contextmanager
def fast_kdf() -> Iterator[None]:
    """SQLCipher's default key derivation lowered to :data:`FAST_KDF_ITER` (and the app's
    minimum with it) while the block runs; the real default and minimum are put back after."""
    memory = sqlcipher3.connect(":memory:")
    try:
        real = int(memory.execute("PRAGMA cipher_default_kdf_iter").fetchone()[0])
        real_min = vault_module.MIN_KDF_ITER
        memory.execute(f"PRAGMA cipher_default_kdf_iter = {FAST_KDF_ITER}")
        vault_module.MIN_KDF_ITER = FAST_KDF_ITER
        try:
            yield
        finally:
            memory.execute(f"PRAGMA cipher_default_kdf_iter = {real}")
            vault_module.MIN_KDF_ITER = real_min
    finally:
        memory.close()
