"""Numbered schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Each migration runs in one transaction together with the version bump, so a vault is always at
exactly one version. Never edit a migration that has shipped: add a new one. The SQLModel
classes in :mod:`hrtui.store.models` describe the same tables for querying; a test checks that
they agree with what these migrations build.
"""

from __future__ import annotations

from importlib import resources

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.errors import VaultTooNew

MIGRATION_DIR = "migrations"


def _load_migrations() -> list[tuple[str, str]]:
    """(description, script) per numbered file ``migrations/NNN_name.sql``, in order.

    The first line of each file is ``-- description``. Numbers must run 1, 2, 3… without gaps.
    """
    folder = resources.files("hrtui.store").joinpath(MIGRATION_DIR)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    out = []
    for expected, file in enumerate(files, start=1):
        number = int(file.name.split("_", 1)[0])
        if number != expected:  # pragma: no cover - caught by the test suite
            raise RuntimeError(f"migration {file.name} is out of sequence (expected {expected})")
        script = file.read_text(encoding="utf-8")
        description = script.splitlines()[0].removeprefix("--").strip()
        out.append((description, script))
    return out


MIGRATIONS: list[tuple[str, str]] = _load_migrations()
SCHEMA_VERSION = len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Split a script into statements (no ';' inside string literals in migrations)."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def user_version(conn: sqlcipher.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlcipher.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the vault on ``conn`` up to ``target``; returns the version it started at."""
    start = user_version(conn)
    if start > SCHEMA_VERSION:
        raise VaultTooNew(start, SCHEMA_VERSION)
    saved = conn.isolation_level
    conn.isolation_level = None  # explicit transactions below
    try:
        for version in range(start + 1, target + 1):
            _, script = MIGRATIONS[version - 1]
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(version)}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    finally:
        conn.isolation_level = saved
    return start
