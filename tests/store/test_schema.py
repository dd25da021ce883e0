"""Schema migrations: upgrading old vaults, refusing newer ones, models agreeing with SQL."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from hrtui.domain.clients import ClientInput
from hrtui.store import clients, schema
from hrtui.store.errors import VaultTooNew
from hrtui.store.models import SQLModel
from hrtui.store.vault import Vault, connect

PASS = "correct horse"

# Clients as a version-1 vault stored them (SQLAlchemy's SQLite DateTime text format).
V1_CLIENTS = [
    (1, "ANA-01", "Ana María", "she/her", "note one\nline two", 0,
     "2023-04-01 09:30:00.000000", "2023-05-02 10:15:00.000000"),
    (2, "MRYM_2", "مريم", "", "", 1,
     "2023-06-03 11:00:00.000000", "2023-07-04 12:45:30.000000"),
    (3, "FOX4", "🦊 Fox", "they/them", "it's \"quoted\"", 0,
     "2024-01-05 08:00:00.000000", "2024-01-05 08:00:00.000000"),
]  # fmt: skip


def make_empty_file(path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def make_v1_vault(path) -> None:
    make_empty_file(path)
    conn = connect(path, PASS, verify_kdf=False)
    try:
        schema.migrate(conn, target=1)
        assert schema.user_version(conn) == 1
        conn.executemany(
            "INSERT INTO client (id, code, display_name, pronouns, note, archived,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            V1_CLIENTS,
        )
        conn.execute("INSERT INTO meta (key, value) VALUES ('created_by', 'hrtui 0.0.1')")
        conn.commit()
    finally:
        conn.close()


def table_columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def tables(conn) -> set[str]:
    return {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


def parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f")


# -- (a) upgrading an old vault ---------------------------------------------------------------


def test_v1_vault_is_migrated_on_open(tmp_path):
    db = tmp_path / "old.db"
    make_v1_vault(db)

    v = Vault.open(db, PASS)
    try:
        assert v.schema_version() == schema.SCHEMA_VERSION
        with v.raw() as conn:
            assert "audit_event" in tables(conn)
            assert "last_activity_at" in table_columns(conn, "client")
            assert conn.execute("SELECT value FROM meta").fetchall() == [("hrtui 0.0.1",)]

        roster = clients.list_roster(v)
        assert sorted(r.id for r in roster) == [1, 2, 3]
        for cid, code, name, pronouns, note, archived, created, updated in V1_CLIENTS:
            c = clients.get_client(v, cid)
            assert (c.code, c.display_name, c.pronouns, c.note) == (code, name, pronouns, note)
            assert c.archived is bool(archived)
            assert c.created_at == parse(created)
            assert c.updated_at == parse(updated)
            assert c.last_activity_at == parse(updated)  # filled from updated_at
            assert clients.audit_trail(v, cid) == []
        # most recent activity first, computed from the migrated column
        assert [r.id for r in roster] == [3, 2, 1]

        new = clients.add_client(v, ClientInput("NEW-1", "Nuevo"))
        assert new.id not in (1, 2, 3)
        assert [e.action for e in clients.audit_trail(v, new.id)] == ["created"]
        clients.update_client(v, 1, ClientInput("ANA-01", "Ana María N.", "she/her", "x"))
        assert [e.action for e in clients.audit_trail(v, 1)] == ["changed"]
        assert clients.get_client(v, 1).last_activity_at > parse(V1_CLIENTS[0][7])
    finally:
        v.close()

    # the upgrade stuck: reopening does not migrate again and keeps everything
    v = Vault.open(db, PASS)
    try:
        assert v.schema_version() == schema.SCHEMA_VERSION
        assert len(clients.list_roster(v)) == 4
        assert [e.action for e in clients.audit_trail(v, 1)] == ["changed"]
    finally:
        v.close()


def test_migrate_returns_start_version_and_is_idempotent(tmp_path):
    db = tmp_path / "old.db"
    make_v1_vault(db)
    conn = connect(db, PASS)
    try:
        assert schema.migrate(conn) == 1
        assert schema.user_version(conn) == schema.SCHEMA_VERSION
        assert schema.migrate(conn) == schema.SCHEMA_VERSION
        assert schema.user_version(conn) == schema.SCHEMA_VERSION
    finally:
        conn.close()


def test_fresh_vault_is_at_current_version(vault):
    assert vault.schema_version() == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)


# -- (b) newer vaults are refused -------------------------------------------------------------


def test_vault_too_new_is_refused_and_not_migrated(tmp_path):
    db = tmp_path / "future.db"
    make_v1_vault(db)
    future = schema.SCHEMA_VERSION + 3
    conn = connect(db, PASS)
    conn.execute(f"PRAGMA user_version = {future}")
    conn.commit()
    conn.close()

    with pytest.raises(VaultTooNew) as info:
        Vault.open(db, PASS)
    assert str(future) in str(info.value)

    conn = connect(db, PASS)
    try:
        assert schema.user_version(conn) == future
        assert "audit_event" not in tables(conn)  # no migration ran on it
        assert "last_activity_at" not in table_columns(conn, "client")
        assert conn.execute("SELECT count(*) FROM client").fetchone()[0] == len(V1_CLIENTS)
    finally:
        conn.close()


# -- (c) SQLModel classes agree with the migrations -------------------------------------------


def test_models_match_migrated_schema(vault):
    assert SQLModel.metadata.tables, "no SQLModel tables registered"
    with vault.raw() as conn:
        present = tables(conn)
        for name, table in SQLModel.metadata.tables.items():
            assert name in present, f"model table {name} is not created by any migration"
            info = {row[1]: row for row in conn.execute(f"PRAGMA table_info({name})")}
            assert set(info) == {c.name for c in table.columns}, name
            for column in table.columns:
                if column.primary_key:
                    continue
                notnull = bool(info[column.name][3])
                assert notnull == (not column.nullable), f"{name}.{column.name} nullability"


# -- (d) a failing migration changes nothing --------------------------------------------------


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    db = tmp_path / "v.db"
    v = Vault.create(db, PASS)
    try:
        clients.add_client(v, ClientInput("ANA-01", "Ana"))
    finally:
        v.close()

    broken = (
        "broken on purpose",
        """
        UPDATE client SET display_name = 'CHANGED';
        CREATE TABLE half_done (x INTEGER);
        THIS IS NOT SQL AT ALL;
        """,
    )
    migrations = [*schema.MIGRATIONS, broken]
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(migrations))
    before = len(migrations) - 1

    conn = connect(db, PASS)
    try:
        with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises
            schema.migrate(conn, target=len(migrations))
        assert schema.user_version(conn) == before
        assert conn.execute("SELECT display_name FROM client").fetchall() == [("Ana",)]
        assert "half_done" not in tables(conn)
        assert not conn.in_transaction
    finally:
        conn.close()

    # and from a fresh connection too (nothing half-committed on disk)
    conn = connect(db, PASS)
    try:
        assert schema.user_version(conn) == before
        assert conn.execute("SELECT display_name FROM client").fetchall() == [("Ana",)]
        assert "half_done" not in tables(conn)
    finally:
        conn.close()


def test_failure_in_a_later_migration_keeps_earlier_ones(tmp_path, monkeypatch):
    """From v1 with a broken last migration: v2 is applied and kept, the broken one is not."""
    db = tmp_path / "old.db"
    make_v1_vault(db)
    broken = ("broken", "CREATE TABLE half_done (x INTEGER); NOT SQL")
    migrations = [*schema.MIGRATIONS, broken]
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(migrations))

    conn = connect(db, PASS)
    try:
        with pytest.raises(Exception):  # noqa: B017
            schema.migrate(conn, target=len(migrations))
        assert schema.user_version(conn) == len(migrations) - 1
        assert "audit_event" in tables(conn)
        assert "half_done" not in tables(conn)
        assert conn.execute("SELECT count(*) FROM client").fetchone()[0] == len(V1_CLIENTS)
    finally:
        conn.close()


def test_cli_check_reports_an_older_schema_and_leaves_the_file_as_it_is(tmp_path):
    from helpers import hrtui

    path = tmp_path / "old.db"
    make_v1_vault(path)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = hrtui(tmp_path, "check", "--db", str(path), HRTUI_PASSPHRASE=PASS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: sound (schema 1, upgraded to ")
    assert "when the app opens it" in result.stdout
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
