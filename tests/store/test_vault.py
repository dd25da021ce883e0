"""The encrypted vault: create/open round trip, pragmas, refusals, damage, pooling."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hrtui.domain.clients import ClientInput
from hrtui.store import clients
from hrtui.store.diagnose import SQLITE_HEADER
from hrtui.store.errors import (
    NotAVault,
    VaultError,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)
from hrtui.store.vault import MIN_KDF_ITER, Vault

PAGE = 4096  # SQLCipher 4's default page size (checked in test_page_size_is_default)

SAMPLE = [
    ClientInput("ANA-01", "Ana María Núñez", "she/her", "first visit\nsecond line"),
    ClientInput("MRYM_2", "مريم الحسيني", "هي", "ملاحظة"),
    ClientInput("SARA-3", "שָׂרָה כהן", "", "הערה"),
    ClientInput("FOX4", "🦊 Fox 🌈 Rivers", "they/them", "emoji 🎉 note"),
    ClientInput("QB-5", 'O\'Brien "Bo" back\\slash', "", 'it\'s "quoted" \\ ; -- DROP'),
]


def digest(path: Path) -> str | None:
    if not path.exists():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_state(db: Path) -> dict[str, str | None]:
    return {s: digest(Path(f"{db}{s}")) for s in ("", "-wal")}


def make_vault(path: Path, passphrase: str, rows: list[ClientInput] = SAMPLE) -> None:
    v = Vault.create(path, passphrase)
    try:
        for row in rows:
            clients.add_client(v, row)
    finally:
        v.close()


# -- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "passphrase",
    ["correct horse", "a'b\"c\\d; --", "'); DROP TABLE client; --", "pässwörd 🔑 كلمة"],
)
def test_round_trip(tmp_path, passphrase):
    db = tmp_path / "v.db"
    v = Vault.create(db, passphrase)
    try:
        added = [clients.add_client(v, row) for row in SAMPLE]
        clients.set_archived(v, added[2].id, True)
    finally:
        v.close()

    v = Vault.open(db, passphrase)
    try:
        roster = clients.list_roster(v)
        assert {r.code for r in roster} == {row.code for row in SAMPLE}
        for row in SAMPLE:
            got = clients.find_client(v, row.code)
            assert (got.code, got.display_name, got.pronouns, got.note) == (
                row.code,
                row.display_name,
                row.pronouns,
                row.note,
            )
            assert got.archived is (row.code == "SARA-3")
            assert got.created_at is not None and got.last_activity_at is not None
    finally:
        v.close()


@pytest.mark.parametrize("wrong", ["a'b\"c\\d", "a'b", "A'B\"C\\D; --", "a'b\"c\\d; -- "])
def test_passphrase_is_exact(tmp_path, wrong):
    db = tmp_path / "v.db"
    make_vault(db, "a'b\"c\\d; --", SAMPLE[:1])
    with pytest.raises(WrongPassphrase):
        Vault.open(db, wrong)


def test_open_with_empty_passphrase_is_refused_cleanly(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw", SAMPLE[:1])
    before = file_state(db)
    with pytest.raises((WrongPassphrase, ValueError)):
        Vault.open(db, "")
    assert file_state(db) == before


def test_create_requires_passphrase(tmp_path):
    db = tmp_path / "v.db"
    with pytest.raises(ValueError):
        Vault.create(db, "")
    assert not db.exists()


def test_new_file_is_private(tmp_path):
    db = tmp_path / "v.db"
    v = Vault.create(db, "pw")
    try:
        clients.add_client(v, SAMPLE[0])
        for suffix in ("", "-wal", "-shm"):
            f = Path(f"{db}{suffix}")
            if f.exists():
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, suffix
    finally:
        v.close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_new_file_is_private_despite_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        v = Vault.create(tmp_path / "v.db", "pw")
        v.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "v.db").stat().st_mode) == 0o600


# -- connection settings ----------------------------------------------------------------------


def pragma(conn, name: str):
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_connection_pragmas(vault):
    with vault.raw() as conn:
        assert str(pragma(conn, "cipher_version")).strip()
        assert int(pragma(conn, "kdf_iter")) >= MIN_KDF_ITER >= 256_000
        assert str(pragma(conn, "journal_mode")).lower() == "wal"
        assert int(pragma(conn, "foreign_keys")) == 1
        assert int(pragma(conn, "synchronous")) == 2  # FULL
        assert int(pragma(conn, "temp_store")) == 2  # MEMORY
        assert int(pragma(conn, "secure_delete")) == 1


def test_connection_pragmas_after_reopen(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw", SAMPLE[:1])
    v = Vault.open(db, "pw")
    try:
        with v.raw() as conn:
            assert int(pragma(conn, "kdf_iter")) >= 256_000
            assert str(pragma(conn, "journal_mode")).lower() == "wal"
            assert int(pragma(conn, "foreign_keys")) == 1
            assert int(pragma(conn, "synchronous")) == 2
            assert int(pragma(conn, "temp_store")) == 2
    finally:
        v.close()


def test_page_size_is_default(vault):
    with vault.raw() as conn:
        assert int(pragma(conn, "cipher_page_size")) == PAGE


# -- encrypted at rest ------------------------------------------------------------------------


def test_file_has_no_plain_sqlite_header(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw")
    data = db.read_bytes()
    assert len(data) >= PAGE
    assert not data.startswith(b"SQLite format 3")
    assert not data.startswith(SQLITE_HEADER)


def test_client_data_not_in_plaintext(tmp_path):
    db = tmp_path / "v.db"
    canary = ClientInput("CANARY9", "Zebulon Canaryname", "xe/xem", "CanaryNoteText")
    v = Vault.create(db, "pw")
    try:
        clients.add_client(v, canary)
        files = [Path(f"{db}{s}") for s in ("", "-wal", "-shm")]
        for f in files:
            if f.exists():
                data = f.read_bytes()
                for secret in (b"Zebulon", b"CanaryNoteText", b"CANARY9"):
                    assert secret not in data, f.name
    finally:
        v.close()
    data = db.read_bytes()
    assert b"Zebulon" not in data and b"CanaryNoteText" not in data
    assert b"CREATE TABLE" not in data


# -- refusals ---------------------------------------------------------------------------------


def test_wrong_passphrase_leaves_file_untouched(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "right one")
    before = file_state(db)
    names = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WrongPassphrase) as info:
        Vault.open(db, "wrong one")
    assert file_state(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    message = str(info.value)
    assert str(db) in message
    assert "Traceback" not in message and "\n" not in message
    assert "sqlcipher" not in message.lower()
    # and the right passphrase still works afterwards
    Vault.open(db, "right one").close()


def test_wrong_passphrase_while_open_leaves_wal_untouched(tmp_path):
    db = tmp_path / "v.db"
    v = Vault.create(db, "right one")
    try:
        for row in SAMPLE:
            clients.add_client(v, row)
        before = file_state(db)
        assert before["-wal"] is not None  # the WAL holds uncheckpointed pages
        with pytest.raises(WrongPassphrase):
            Vault.open(db, "wrong one")
        assert file_state(db) == before
        assert len(clients.list_roster(v)) == len(SAMPLE)
    finally:
        v.close()


def test_unencrypted_sqlite_file_is_not_a_vault(tmp_path):
    db = tmp_path / "plain.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
    before = digest(db)
    with pytest.raises(NotAVault) as info:
        Vault.open(db, "pw")
    assert not isinstance(info.value, WrongPassphrase)
    assert "unencrypted" in str(info.value)
    assert str(db) in str(info.value)
    assert digest(db) == before


def test_text_file_is_not_a_vault(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("dear diary\n" * 20)
    before = digest(f)
    with pytest.raises(NotAVault) as info:
        Vault.open(f, "pw")
    assert str(f) in str(info.value)
    assert digest(f) == before


def test_empty_file_is_not_a_vault(tmp_path):
    """An empty (e.g. truncated) file must not be silently turned into a new vault."""
    f = tmp_path / "empty.db"
    f.write_bytes(b"")
    with pytest.raises(VaultError) as info:
        Vault.open(f, "pw")
    assert not isinstance(info.value, WrongPassphrase)
    assert f.read_bytes() == b""


def test_missing_path(tmp_path):
    db = tmp_path / "nowhere" / "v.db"
    with pytest.raises(VaultMissing) as info:
        Vault.open(db, "pw")
    assert str(db) in str(info.value)
    assert not db.exists()


def test_directory_is_missing_not_crash(tmp_path):
    with pytest.raises(VaultMissing):
        Vault.open(tmp_path, "pw")


def test_create_over_existing_refused(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw", SAMPLE[:2])
    before = file_state(db)
    mtime = db.stat().st_mtime_ns
    with pytest.raises(VaultExists) as info:
        Vault.create(db, "other")
    assert str(db) in str(info.value)
    assert file_state(db) == before
    assert db.stat().st_mtime_ns == mtime
    v = Vault.open(db, "pw")
    try:
        assert len(clients.list_roster(v)) == 2
    finally:
        v.close()


def test_create_over_existing_text_file_refused(tmp_path):
    f = tmp_path / "precious.txt"
    f.write_text("do not touch")
    with pytest.raises(VaultExists):
        Vault.create(f, "pw")
    assert f.read_text() == "do not touch"


def test_create_makes_parent_dirs(tmp_path):
    db = tmp_path / "a" / "b" / "v.db"
    Vault.create(db, "pw").close()
    Vault.open(db, "pw").close()


# -- damage -----------------------------------------------------------------------------------


def test_damaged_page_is_reported(tmp_path):
    """Garbage in the middle of a data page well after page 1.

    Page 1 (the schema) is intact, so the key check and migrations pass; the damage must then
    surface either as a VaultError from open, or as problems from integrity_check() — never as a
    raw driver exception.
    """
    db = tmp_path / "v.db"
    rows = [
        ClientInput(f"C{i:04d}", f"Client number {i} " + "x" * 30, "they", "note " * 40)
        for i in range(300)
    ]
    make_vault(db, "pw", rows)
    assert not Path(f"{db}-wal").exists()  # closing checkpointed everything into the file
    pages = db.stat().st_size // PAGE
    assert pages >= 20
    page = pages // 2  # a page holding client rows / audit events, far from page 1
    with db.open("r+b") as fh:
        fh.seek((page - 1) * PAGE + PAGE // 2)
        fh.write(b"\xa5" * 64)

    try:
        v = Vault.open(db, "pw")
    except VaultError:
        return
    try:
        problems = v.integrity_check()
        assert problems, "integrity_check found nothing in a damaged vault"
        assert all(isinstance(p, str) for p in problems)
    finally:
        v.close()


def test_sound_vault_passes_integrity_check(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw")
    v = Vault.open(db, "pw")
    try:
        assert v.integrity_check() == []
    finally:
        v.close()


# -- pooling ----------------------------------------------------------------------------------


def test_one_pooled_connection_shared_by_threads(vault):
    for row in SAMPLE:
        clients.add_client(vault, row)

    def roster(_):
        return sorted(r.code for r in clients.list_roster(vault))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(roster, range(16)))
    assert results == [sorted(row.code for row in SAMPLE)] * 16

    conns = []

    def grab(_):
        with vault.raw() as conn:
            conns.append(conn)
            return conn.execute("SELECT count(*) FROM client").fetchone()[0]

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(grab, range(8))) == [len(SAMPLE)] * 8
    assert len({id(c) for c in conns}) == 1  # objects kept alive, so ids are meaningful
    assert vault.engine.pool.size() == 1


def test_writes_from_threads(vault):
    def add(i):
        return clients.add_client(vault, ClientInput(f"T{i:03d}", f"Thread {i}")).id

    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(add, range(12)))
    assert len(set(ids)) == 12
    assert len(clients.list_roster(vault)) == 12


def test_close_then_reopen_same_process(tmp_path):
    db = tmp_path / "v.db"
    make_vault(db, "pw", SAMPLE[:1])
    for _ in range(3):
        v = Vault.open(db, "pw")
        v.close()
    v = Vault.open(db, "pw")
    try:
        assert [r.code for r in clients.list_roster(v)] == [SAMPLE[0].code]
    finally:
        v.close()
