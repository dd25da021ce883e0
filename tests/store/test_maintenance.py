"""Backup, restore, passphrase change and permanent deletion of a client (store level)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from hrtui.domain.clients import ClientInput
from hrtui.export import export_data
from hrtui.store import maintenance
from hrtui.store import vault as vault_module
from hrtui.store.clients import (
    add_client,
    audit_trail,
    find_client,
    list_clients,
    set_archived,
    update_client,
)
from hrtui.store.errors import (
    Invalid,
    NotAVault,
    NotFound,
    VaultBusy,
    VaultDamaged,
    VaultError,
    WrongPassphrase,
)
from hrtui.store.maintenance import (
    BackupFailed,
    PassphraseNotChanged,
    RestoreFailed,
    backup,
    change_passphrase,
    delete_client,
    inspect_backup,
    restore,
)
from hrtui.store.models import AuditEvent
from hrtui.store.schema import SCHEMA_VERSION, migrate
from hrtui.store.vault import FileCheck, Vault, check_file, connect

PASS = "correct horse"
OTHER = "another 'quoted' passphrase 🔑"
PEOPLE = [
    ClientInput("ANA-01", "Ana María Núñez", "she/her", "Prefers mornings; café near the bus."),
    ClientInput("FOX4", "🦊 Fox Rivers", "they/them", "Distinctive note about the allotment."),
    ClientInput("QB-5", 'O\'Brien "Bo"', "", 'it\'s "quoted" \\ ; -- DROP'),
]
BACKUP_NAME = re.compile(r"^hrtui-backup-\d{8}-\d{6}(-\d+)?\.db$")


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def codes_in(path: Path, passphrase: str) -> list[str]:
    v = Vault.open(path, passphrase)
    try:
        assert v.integrity_check() == []
        return sorted(c.code for c in list_clients(v))
    finally:
        v.close()


def make_vault(path: Path, passphrase: str = PASS, people=PEOPLE) -> None:
    v = Vault.create(path, passphrase)
    try:
        for person in people:
            add_client(v, person)
    finally:
        v.close()


@pytest.fixture
def full(vault):
    """The conftest vault with three clients."""
    for person in PEOPLE:
        add_client(vault, person)
    return vault


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- backup --------------------------------------------------------------------------------


def test_backup_into_a_folder_is_a_checked_encrypted_copy(full, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    calls = []
    written = backup(full, usb, progress=lambda done, total: calls.append((done, total)))
    assert written.parent == usb and BACKUP_NAME.match(written.name)
    assert os.listdir(usb) == [written.name]  # no temporary file left
    assert mode(written) == 0o600
    assert not written.read_bytes().startswith(b"SQLite format 3")
    for person in PEOPLE:
        assert person.display_name.encode() not in written.read_bytes()
    with full.raw() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    assert calls == [(0, pages), (pages, pages)]
    assert codes_in(written, PASS) == sorted(p.code for p in PEOPLE)
    with pytest.raises(WrongPassphrase):
        Vault.open(written, "not it")


def test_a_backup_is_in_the_audit_trail_with_its_time_only(full, tmp_path):
    from sqlmodel import select

    from hrtui.store.maintenance import last_backup
    from hrtui.store.models import AuditEvent

    usb = tmp_path / "usb"
    usb.mkdir()
    before = last_backup(full)
    written = backup(full, usb)
    after = last_backup(full)
    assert after is not None and (before is None or after >= before)
    with full.session() as session:
        event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.client_id, event.action, event.area) == (None, "backed up", "vault")
    assert str(usb) not in repr(event) and written.name not in repr(event)


def test_backup_holds_writes_still_in_the_wal_and_the_schema_version(full, tmp_path):
    add_client(full, ClientInput("NEW-9", "Just added"))
    assert Path(f"{full.path}-wal").stat().st_size > 0
    written = backup(full, tmp_path / "copy.db")
    assert written == tmp_path / "copy.db"
    check = check_file(written, PASS)
    assert check.problems == [] and check.schema_version == SCHEMA_VERSION
    with full.raw() as conn:
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in check.counts
        }
    counts["audit_event"] -= 1  # the backup's own event, written once the copy is in place
    assert check.counts == counts and counts["client"] == 4


def test_backup_uses_sqlcipher_export_not_vacuum_into(full, tmp_path):
    seen: list[str] = []
    with full.raw() as conn:
        conn.set_trace_callback(seen.append)
    try:
        backup(full, tmp_path / "b.db")
    finally:
        with full.raw() as conn:
            conn.set_trace_callback(None)
    assert any("sqlcipher_export" in s for s in seen)
    assert any(s.startswith("ATTACH") for s in seen)
    assert not any("VACUUM" in s.upper() for s in seen)


def test_backup_never_overwrites_and_needs_the_folder(full, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_text("keep me")
    with pytest.raises(BackupFailed) as info:
        backup(full, existing)
    assert "already exists" in str(info.value) and "\n" not in str(info.value)
    assert existing.read_text() == "keep me"
    with pytest.raises(BackupFailed) as info:
        backup(full, tmp_path / "no" / "such" / "b.db")
    assert "does not exist" in str(info.value)
    assert sorted(os.listdir(tmp_path)) == [
        "existing.db",
        "vault.db",
        "vault.db-shm",
        "vault.db-wal",
        "vault.db.lock",  # held while the vault is open (empty): no restore under it
    ]


def test_two_backups_in_the_same_second_get_two_names(full, tmp_path, monkeypatch):
    monkeypatch.setattr(maintenance, "backup_name", lambda when=None: "hrtui-backup-x.db")
    first = backup(full, tmp_path)
    second = backup(full, tmp_path)
    assert (first.name, second.name) == ("hrtui-backup-x.db", "hrtui-backup-x-2.db")


def test_a_copy_that_fails_its_check_is_removed(full, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(
        Vault, "check_copy", lambda self, target: FileCheck(["page 3: hmac check failed"], 6, {})
    )
    with pytest.raises(BackupFailed) as info:
        backup(full, usb)
    assert "integrity check" in str(info.value)
    assert os.listdir(usb) == []


def test_a_failed_export_is_one_line_and_leaves_nothing(full, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()

    def disk_full(self, target):
        Path(target).write_bytes(b"partial")
        raise sqlcipher.OperationalError("database or disk is full")

    monkeypatch.setattr(Vault, "export_copy", disk_full)
    with pytest.raises(BackupFailed) as info:
        backup(full, usb)
    assert str(info.value) == f"No backup was written to {usb}/{info.value.path.name}: " \
        "database or disk is full."  # fmt: skip
    assert os.listdir(usb) == []
    assert isinstance(info.value, VaultError) and info.value.exit_code == 1


def test_vault_passphrase_is_in_no_attribute_or_repr(full):
    assert PASS not in repr(vars(full))
    assert PASS not in repr(full.engine.url)
    full.close()
    assert "_with_passphrase" not in vars(full)


# -- restore -------------------------------------------------------------------------------


@pytest.fixture
def backed_up(tmp_path):
    """A vault with PEOPLE, a backup of it, then one more client added to the vault."""
    target = tmp_path / "data" / "hrtui.db"
    make_vault(target)
    v = Vault.open(target, PASS)
    try:
        copy = backup(v, tmp_path / "backup.db")
        add_client(v, ClientInput("LATE-1", "Added after the backup"))
    finally:
        v.close()
    return target, copy


def test_restore_puts_the_backup_back_and_keeps_the_old_vault(backed_up):
    target, copy = backed_up
    backup_bytes = digest(copy)
    result = restore(copy, target, PASS)
    assert result.target == target and result.clients == len(PEOPLE)
    assert result.kept == target.with_name("hrtui.db.before-restore")
    assert codes_in(target, PASS) == sorted(p.code for p in PEOPLE)
    assert "LATE-1" in codes_in(result.kept, PASS)  # nothing lost: the old vault is kept
    assert mode(target) == 0o600 and mode(result.kept) == 0o600
    assert digest(copy) == backup_bytes  # the backup itself is not changed
    assert sorted(os.listdir(target.parent)) == ["hrtui.db", "hrtui.db.before-restore"]


def test_a_second_restore_does_not_overwrite_the_first_kept_vault(backed_up):
    target, copy = backed_up
    first = restore(copy, target, PASS).kept
    second = restore(copy, target, PASS).kept
    assert second == target.with_name("hrtui.db.before-restore-2")
    assert "LATE-1" in codes_in(first, PASS)
    assert "LATE-1" not in codes_in(second, PASS)


def test_restore_over_a_vault_with_another_passphrase(backed_up):
    target, copy = backed_up
    change_passphrase(target, PASS, OTHER)
    result = restore(copy, target, PASS)
    assert codes_in(target, PASS) == sorted(p.code for p in PEOPLE)
    assert "LATE-1" in codes_in(result.kept, OTHER)


def test_restore_keeps_writes_the_old_vault_had_only_in_its_wal(tmp_path, backed_up):
    _, copy = backed_up
    for passphrase in (PASS, OTHER):  # one we can open and fold in, one we cannot
        live = tmp_path / f"live-{len(passphrase)}.db"
        crashed = tmp_path / f"crashed-{len(passphrase)}" / "hrtui.db"
        crashed.parent.mkdir()
        v = Vault.create(live, passphrase)
        try:
            add_client(v, ClientInput("WAL-1", "Only in the WAL"))
            shutil.copyfile(live, crashed)  # as a crash leaves it: the row is in the WAL
            shutil.copyfile(f"{live}-wal", f"{crashed}-wal")
        finally:
            v.close()
        result = restore(copy, crashed, PASS)
        assert codes_in(result.kept, passphrase) == ["WAL-1"]
        assert codes_in(crashed, PASS) == sorted(p.code for p in PEOPLE)


def test_restore_to_a_new_place(backed_up, tmp_path):
    _, copy = backed_up
    target = tmp_path / "new-laptop" / "share" / "hrtui.db"
    result = restore(copy, target, PASS)
    assert result.kept is None
    assert codes_in(target, PASS) == sorted(p.code for p in PEOPLE)


@pytest.mark.parametrize("problem", ["wrong passphrase", "damaged", "not a vault", "missing"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(backed_up, tmp_path, problem):
    target, copy = backed_up
    passphrase = PASS
    if problem == "wrong passphrase":
        passphrase = "not it"
    elif problem == "damaged":
        pages = copy.stat().st_size // 4096
        with copy.open("r+b") as fh:
            fh.seek((pages // 2) * 4096 + 100)
            fh.write(os.urandom(512))
    elif problem == "not a vault":
        copy.write_text("shopping list\n" * 100)
    else:
        copy.unlink()
    before = {p.name: digest(p) for p in target.parent.iterdir()}
    with pytest.raises(VaultError) as info:
        restore(copy, target, passphrase)
    assert isinstance(info.value, WrongPassphrase | VaultDamaged | NotAVault)
    assert "\n" not in str(info.value) and str(copy) in str(info.value)
    assert {p.name: digest(p) for p in target.parent.iterdir()} == before


def test_inspect_backup_reports_what_is_in_it(backed_up):
    _, copy = backed_up
    check = inspect_backup(copy, PASS)
    assert check.counts["client"] == len(PEOPLE) and check.schema_version == SCHEMA_VERSION


def test_restore_refuses_while_the_vault_is_open(backed_up):
    target, copy = backed_up
    v = Vault.open(target, PASS)
    try:
        with pytest.raises(VaultBusy):
            restore(copy, target, PASS)
        assert "LATE-1" in [c.code for c in list_clients(v)]  # still working, untouched
    finally:
        v.close()
    assert not target.with_name("hrtui.db.before-restore").exists()


def test_restore_refuses_the_vault_itself(backed_up):
    target, _ = backed_up
    with pytest.raises(RestoreFailed):
        restore(target, target, PASS)


# -- passphrase change ---------------------------------------------------------------------


def test_change_passphrase(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    inode = db.stat().st_ino
    change_passphrase(db, PASS, OTHER)
    with pytest.raises(WrongPassphrase):
        Vault.open(db, PASS)
    assert codes_in(db, OTHER) == sorted(p.code for p in PEOPLE)
    assert db.stat().st_ino != inode  # a new file was renamed into place
    assert mode(db) == 0o600
    assert os.listdir(tmp_path) == ["v.db"]


def test_change_passphrase_keeps_writes_that_were_only_in_the_wal(tmp_path):
    live, crashed = tmp_path / "live.db", tmp_path / "crashed.db"
    v = Vault.create(live, PASS)
    try:
        add_client(v, PEOPLE[0])
        shutil.copyfile(live, crashed)
        shutil.copyfile(f"{live}-wal", f"{crashed}-wal")
    finally:
        v.close()
    change_passphrase(crashed, PASS, OTHER)
    assert codes_in(crashed, OTHER) == [PEOPLE[0].code]


def test_wrong_old_passphrase_changes_nothing(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    before = digest(db)
    with pytest.raises(WrongPassphrase):
        change_passphrase(db, "not it", OTHER)
    assert digest(db) == before and os.listdir(tmp_path) == ["v.db"]


def test_empty_new_passphrase_is_refused(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    with pytest.raises(ValueError):
        change_passphrase(db, PASS, "")
    assert codes_in(db, PASS)


def test_change_passphrase_refuses_while_the_vault_is_open(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    v = Vault.open(db, PASS)
    try:
        with pytest.raises(VaultBusy) as info:
            change_passphrase(db, PASS, OTHER)
        assert "in use" in str(info.value)
        add_client(v, ClientInput("STILL-1", "The open vault still works"))
    finally:
        v.close()
    assert "STILL-1" in codes_in(db, PASS)


def test_a_copy_that_fails_its_check_leaves_the_old_passphrase(tmp_path, monkeypatch):
    db = tmp_path / "v.db"
    make_vault(db)
    monkeypatch.setattr(
        maintenance, "check_file", lambda path, pw: FileCheck(["row 7 missing from index"], 6, {})
    )
    with pytest.raises(PassphraseNotChanged) as info:
        change_passphrase(db, PASS, OTHER)
    assert "old passphrase still works" in str(info.value)
    monkeypatch.undo()
    assert codes_in(db, PASS) and os.listdir(tmp_path) == ["v.db"]


def test_a_temporary_copy_left_by_a_killed_change_is_cleared(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    for leftover in (".v.db.passwd.tmp", ".v.db.passwd.tmp-journal"):
        (tmp_path / leftover).write_bytes(os.urandom(4096))
    change_passphrase(db, PASS, OTHER)
    assert os.listdir(tmp_path) == ["v.db"]


# -- deleting a client ---------------------------------------------------------------------


def client_tables(conn) -> dict[str, list[tuple[str, str]]]:
    """Every table that belongs to a client, directly or through a parent row:
    table -> [(column, parent table)] of its foreign keys."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    fks = {
        t: [(r[3], r[2]) for r in conn.execute(f"PRAGMA foreign_key_list('{t}')")] for t in names
    }
    owned = {"client"}
    changed = True
    while changed:
        changed = False
        for table, keys in fks.items():
            if table not in owned and any(parent in owned for _, parent in keys):
                owned.add(table)
                changed = True
    return {t: fks[t] for t in names if t in owned and t != "client"}


def test_every_client_table_cascades_from_the_client():
    conn = sqlcipher.connect(":memory:")
    migrate(conn)
    tables = client_tables(conn)
    assert {"factor", "goal", "goal_step", "use_entry", "review", "review_goal"} <= set(tables)
    for table in tables:
        for row in conn.execute(f"PRAGMA foreign_key_list('{table}')"):
            parent, on_delete = row[2], row[6]
            if row[3] == "factor_id" and table.startswith("review_"):
                assert on_delete in ("CASCADE", "SET NULL")  # the review goes with the client
            elif row[3] == "goal_id" and table in ("readiness_rating", "decisional_balance"):
                # a ruler or balance sheet about a goal outlives a goal deleted as a mistake; it
                # goes with the client (its client_id cascades, checked in this same loop)
                assert on_delete == "SET NULL"
            else:
                assert on_delete == "CASCADE", (table, parent)
    # every table with a client_id points it at the client, except the audit trail
    for table in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")]
        if "client_id" in cols and table != "audit_event":
            assert table in tables, table


def _value(table_sql: str, column: str, decl: str, marker: str, ordinal: int):
    """A value the column's CHECK accepts: the first listed choice, the low end of a range, or
    (for free text) the marker, so the row's text can be searched for afterwards."""
    choices = re.search(rf"CHECK\s*\(\s*{column}\s+IN\s*\(([^)]*)\)", table_sql)
    if choices:
        return re.findall(r"'([^']*)'", choices.group(1))[0]
    low = re.search(rf"CHECK\s*\(\s*{column}\s+BETWEEN\s+(-?\d+)", table_sql)
    if low:
        return int(low.group(1))
    decl = decl.upper()
    if "DATE" in decl:
        return "2024-05-01" if decl == "DATE" else "2024-05-01 10:00:00"
    if "INT" in decl or "BOOL" in decl:
        return ordinal
    if "REAL" in decl:
        return 1.5
    return f"{marker} {column} {ordinal}"


def fill_every_table(conn, client_id: int, marker: str) -> None:
    """One row in every client table for this client (text columns carry ``marker``)."""
    tables = client_tables(conn)
    made: dict[str, int] = {"client": client_id}
    pending = dict(tables)
    while pending:
        for table, keys in list(pending.items()):
            if not all(parent in made for _, parent in keys):
                continue
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[
                0
            ]
            values = {}
            for _, name, decl, notnull, _default, pk in conn.execute(
                f"PRAGMA table_info('{table}')"
            ):
                fk = dict(keys).get(name)
                if fk:
                    values[name] = made[fk]
                elif pk and decl.upper() == "INTEGER":
                    continue  # the rowid
                elif notnull or not re.search(rf"CHECK\s*\(\s*{name}\b", sql):
                    values[name] = _value(sql, name, decl, marker, len(made) + 1)
                # else: a nullable column with a CHECK stays NULL
            cols = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cur = conn.execute(
                f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(values.values())
            )
            made[table] = cur.lastrowid
            del pending[table]
    conn.commit()


def row_counts(conn) -> dict[str, int]:
    """Rows in the client table and in every table that belongs to a client."""
    return {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ["client", *client_tables(conn)]
    }


@pytest.fixture
def two_clients(full):
    ana = find_client(full, "ANA-01")
    fox = find_client(full, "FOX4")
    with full.raw() as conn:
        fill_every_table(conn, ana.id, "ANA-SECRET")
        fill_every_table(conn, fox.id, "FOX-SECRET")
    return full, ana, fox


def test_delete_client_removes_every_row_of_theirs_and_only_theirs(two_clients):
    vault, ana, fox = two_clients
    with vault.raw() as conn:
        tables = client_tables(conn)
        before = row_counts(conn)
    assert all(before[t] == 2 for t in tables)  # one row each for ANA and FOX
    result = delete_client(vault, ana.id, "ANA-01")
    assert result.code == "ANA-01" and result.wal_cleared
    with vault.raw() as conn:
        after = row_counts(conn)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        texts = []
        for table in tables:
            for row in conn.execute(f"SELECT * FROM {table}"):
                texts += [v for v in row if isinstance(v, str)]
    assert after["client"] == before["client"] - 1
    assert {t: after[t] for t in tables} == dict.fromkeys(tables, 1)  # FOX's rows are left
    assert not any("ANA-SECRET" in t for t in texts)
    assert any("FOX-SECRET" in t for t in texts)
    with pytest.raises(NotFound):
        find_client(vault, "ANA-01")
    assert find_client(vault, "FOX4").id == fox.id


@pytest.mark.parametrize("typed", ["ANA-02", "", "   ", "ANA-01x", "FOX4"])
def test_delete_client_refuses_without_the_right_code(full, typed):
    ana = find_client(full, "ANA-01")
    with pytest.raises(Invalid) as info:
        delete_client(full, ana.id, typed)
    assert set(info.value.errors) == {"confirm"}
    assert find_client(full, "ANA-01").id == ana.id
    assert [e.action for e in audit_trail(full, ana.id)] == ["created"]


@pytest.mark.parametrize("typed", ["ANA-01", "ana-01", "  Ana-01 \t"])
def test_delete_client_code_is_case_and_space_insensitive(full, typed):
    ana = find_client(full, "ANA-01")
    delete_client(full, ana.id, typed)
    with pytest.raises(NotFound):
        find_client(full, "ANA-01")


def test_delete_unknown_client(full):
    with pytest.raises(NotFound):
        delete_client(full, 9999, "X")


def test_audit_trail_records_what_happened_without_content(full, tmp_path):
    ana = find_client(full, "ANA-01")
    update_client(full, ana.id, ClientInput("ANA-01", "Ana M.", "she/her", "new note"))
    set_archived(full, ana.id, True)
    export_data(full, "ANA-01")
    delete_client(full, ana.id, "ana-01")
    trail = audit_trail(full, ana.id)
    assert [e.action for e in trail] == ["created", "changed", "archived", "exported", "deleted"]
    assert all(e.at is not None for e in trail)
    assert set(AuditEvent.model_fields) == {"id", "at", "client_id", "action", "area"}
    for event in trail:
        for value in (event.action, event.area):
            assert "Ana" not in value and "note" not in value


def test_a_new_client_never_inherits_a_deleted_clients_id_or_trail(full):
    last = add_client(full, ClientInput("LAST-1", "Newest"))
    delete_client(full, last.id, "LAST-1")
    newcomer = add_client(full, ClientInput("NEXT-1", "After the deletion"))
    assert newcomer.id != last.id
    assert [e.action for e in audit_trail(full, newcomer.id)] == ["created"]
    assert [e.action for e in audit_trail(full, last.id)] == ["created", "deleted"]


def test_delete_empties_the_wal(two_clients):
    vault, ana, _ = two_clients
    wal = Path(f"{vault.path}-wal")
    assert wal.stat().st_size > 0
    delete_client(vault, ana.id, "ANA-01")
    assert wal.stat().st_size == 0


def plaintext_vault(path: Path, monkeypatch) -> Vault:
    """A vault whose connection is not keyed: SQLite then writes plain pages, so the bytes on
    disk can be searched. Everything else (connect()'s pragmas, schema, store functions) is as
    in a real vault: SQLCipher handles freed pages the way SQLite does, before encrypting."""
    monkeypatch.setattr(
        vault_module,
        "open_keyed",
        lambda path, passphrase, verify_kdf=True: sqlcipher.connect(
            str(path), check_same_thread=False
        ),
    )
    conn = connect(path, "unused")
    migrate(conn)
    return Vault(path, "unused", conn)


def on_disk(path: Path) -> bytes:
    return b"".join(
        Path(f"{path}{s}").read_bytes() for s in ("", "-wal", "-shm") if Path(f"{path}{s}").exists()
    )


@pytest.mark.parametrize("way", ["delete_client", "plain DELETE, secure_delete off"])
def test_deleted_text_is_gone_from_the_files(tmp_path, monkeypatch, way):
    path = tmp_path / "plain.db"
    vault = plaintext_vault(path, monkeypatch)
    try:
        gone = add_client(vault, ClientInput("ZQX-42", "Zephyrine Quillfeather", "", "Library."))
        kept = add_client(vault, ClientInput("KEEP-1", "Bartholomew Keepsake", "", "Stays."))
        with vault.raw() as conn:
            fill_every_table(conn, gone.id, "GONE-MARKER")
            fill_every_table(conn, kept.id, "KEPT-MARKER")
        data = on_disk(path)
        assert data.startswith(b"SQLite format 3")  # really plain: the search means something
        assert b"Zephyrine Quillfeather" in data and b"GONE-MARKER" in data
        if way == "delete_client":
            delete_client(vault, gone.id, "zqx-42")
        else:  # what delete_client must do better than
            with vault.raw() as conn:
                conn.execute("PRAGMA secure_delete = OFF")
                conn.execute("DELETE FROM client WHERE id = ?", (gone.id,))
                conn.commit()
        data = on_disk(path)
        assert b"Bartholomew Keepsake" in data and b"KEPT-MARKER" in data
        found = [n for n in (b"Zephyrine Quillfeather", b"GONE-MARKER", b"ZQX-42") if n in data]
        if way == "delete_client":
            assert found == []
        else:
            assert found  # without secure_delete and the checkpoint the text lingers
    finally:
        vault.close()


# -- holding the vault ---------------------------------------------------------------------


def test_a_vault_closed_before_any_use_lets_go_of_its_file(tmp_path):
    db = tmp_path / "v.db"
    Vault.create(db, PASS).close()  # its first connection was never handed to the pool
    change_passphrase(db, PASS, OTHER)  # would be refused as "in use" if it were still open
    assert codes_in(db, OTHER) == []


def test_while_the_vault_is_being_replaced_nobody_else_can_open_it(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db)
    conn = connect(db, PASS)
    try:
        with maintenance._sole_user(conn, db):
            other = sqlcipher.connect(str(db), timeout=0.1)
            try:
                other.execute("PRAGMA key = 'correct horse'")
                with pytest.raises(sqlcipher.OperationalError, match="locked"):
                    other.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                other.close()
    finally:
        conn.close()
    assert codes_in(db, PASS) == sorted(p.code for p in PEOPLE)  # and it is fine afterwards
