"""Numbered schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Each migration runs in one transaction together with the version bump, so a vault is always at
exactly one version. Never edit a migration that has shipped: add a new one. The SQLModel
classes in :mod:`hrtui.store.models` describe the same tables for querying; a test checks that
they agree with what these migrations build.
"""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.errors import VaultTooNew

MIGRATIONS: list[tuple[str, str]] = [
    (
        "clients and vault metadata",
        """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE client (
            id               INTEGER PRIMARY KEY,
            code             TEXT NOT NULL UNIQUE COLLATE NOCASE,
            display_name     TEXT NOT NULL,
            pronouns         TEXT NOT NULL DEFAULT '',
            note             TEXT NOT NULL DEFAULT '',
            archived         BOOLEAN NOT NULL DEFAULT 0,
            created_at       DATETIME NOT NULL,
            updated_at       DATETIME NOT NULL
        );
        """,
    ),
    (
        "audit trail and last activity",
        """
        ALTER TABLE client ADD COLUMN last_activity_at DATETIME;
        UPDATE client SET last_activity_at = updated_at;
        CREATE INDEX ix_client_last_activity ON client (last_activity_at);
        CREATE TABLE audit_event (
            id        INTEGER PRIMARY KEY,
            at        DATETIME NOT NULL,
            client_id INTEGER,
            action    TEXT NOT NULL,
            area      TEXT NOT NULL DEFAULT 'client'
        );
        CREATE INDEX ix_audit_event_client ON audit_event (client_id, at);
        """,
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


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
