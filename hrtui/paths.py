"""Where vaults live. ``--db PATH`` beats ``HRTUI_DB``, which beats the platform default."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "hrtui"
VAULT_NAME = "hrtui.db"
DEMO_NAME = "demo.db"


def data_dir() -> Path:
    """The platform's user data directory for hrtui (e.g. ~/.local/share/hrtui on Linux)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_vault() -> Path:
    return data_dir() / VAULT_NAME


def vault_path(cli_db: str | None = None) -> Path:
    """The vault to open: ``--db``, else ``$HRTUI_DB``, else the default."""
    if cli_db:
        return Path(cli_db).expanduser()
    env = os.environ.get("HRTUI_DB")
    if env:
        return Path(env).expanduser()
    return default_vault()


def demo_vault(cli_db: str | None = None) -> Path:
    """The demo vault: ``--db`` if given, else ``demo.db`` beside the real vault."""
    if cli_db:
        return Path(cli_db).expanduser()
    return vault_path().with_name(DEMO_NAME)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover
        return False
