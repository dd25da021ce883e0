"""The demo vault: varied fictional clients, and it never overwrites a file that is not a demo."""

from __future__ import annotations

import re

import pytest

from hrtui.demo import DEMO_CLIENTS, DEMO_PASSPHRASE, build_demo, prepare_demo
from hrtui.domain.clients import ClientInput, validate_client
from hrtui.store.clients import add_client, list_clients
from hrtui.store.errors import NotADemoVault, VaultError, VaultExists
from hrtui.store.meta import get_meta
from hrtui.store.vault import Vault

STIGMA = re.compile(
    r"\b(addicts?|abusers?|junkies?|clean|dirty|failed|relapsed|substance abuse)\b", re.I
)


def clients_in(path, passphrase=DEMO_PASSPHRASE):
    vault = Vault.open(path, passphrase)
    try:
        return list_clients(vault), get_meta(vault, "demo")
    finally:
        vault.close()


def test_demo_data_is_varied_valid_and_respectful():
    codes = [c.code.casefold() for c in DEMO_CLIENTS]
    assert len(DEMO_CLIENTS) >= 8
    assert len(set(codes)) == len(codes)
    for demo in DEMO_CLIENTS:
        _, errors = validate_client(demo.code, demo.display_name, demo.pronouns, demo.note)
        assert errors == {}, demo.code
        assert demo.note, demo.code
        assert not STIGMA.search(demo.note), demo.note
    substances = {s for demo in DEMO_CLIENTS for s in demo.substances}
    wanted = {"alcohol", "opioids", "fentanyl risk", "methamphetamine", "cannabis"}
    assert wanted | {"benzodiazepines", "cocaine", "polysubstance"} <= substances
    assert 1 <= sum(d.archived for d in DEMO_CLIENTS) <= 2
    assert sum(bool(d.pronouns) for d in DEMO_CLIENTS) > len(DEMO_CLIENTS) / 2


def test_build_demo_writes_every_client_and_the_demo_marker(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    clients, marker = clients_in(path)
    assert marker == "1"
    assert len(clients) >= 8
    assert len({c.code.casefold() for c in clients}) == len(clients)
    assert {c.code for c in clients} == {d.code for d in DEMO_CLIENTS}
    archived = {c.code for c in clients if c.archived}
    assert archived == {d.code for d in DEMO_CLIENTS if d.archived}
    assert (path.stat().st_mode & 0o777) == 0o600


def test_demo_clients_were_added_when_their_history_begins(tmp_path):
    from datetime import date, timedelta

    from hrtui.store.uselog import all_entries

    path = tmp_path / "demo.db"
    today = date(2026, 11, 28)
    build_demo(path, DEMO_PASSPHRASE, today=today)
    vault = Vault.open(path, DEMO_PASSPHRASE)
    try:
        clients = {c.code: c for c in list_clients(vault)}
        riv = clients["RIV-07"]
        entries, _ = all_entries(vault, riv.id)
        first_logged = min(e.day for e in entries)
        added = riv.created_at.date()
        assert added <= first_logged and added < today - timedelta(days=60)
        assert all(c.created_at.date() < today for c in clients.values())
    finally:
        vault.close()


def test_build_demo_never_overwrites(tmp_path):
    path = tmp_path / "demo.db"
    path.write_text("keep me")
    with pytest.raises(VaultExists):
        build_demo(path, DEMO_PASSPHRASE)
    assert path.read_text() == "keep me"


def test_prepare_demo_creates_a_missing_file_and_folder(tmp_path):
    path = tmp_path / "new" / "demo.db"
    prepare_demo(path, DEMO_PASSPHRASE)
    clients, marker = clients_in(path)
    assert marker == "1" and len(clients) == len(DEMO_CLIENTS)
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.db"]


def test_prepare_demo_replaces_an_earlier_demo_vault(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    vault = Vault.open(path, DEMO_PASSPHRASE)
    try:
        add_client(vault, ClientInput("EXTRA-1", "Someone Added"))
    finally:
        vault.close()

    prepare_demo(path, DEMO_PASSPHRASE)

    clients, marker = clients_in(path)
    assert marker == "1"
    assert "EXTRA-1" not in {c.code for c in clients}
    assert len(clients) == len(DEMO_CLIENTS)
    # no temporary build, and no -wal/-shm left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.db"]


def test_prepare_demo_refuses_a_real_vault_and_leaves_it_alone(tmp_path):
    path = tmp_path / "hrtui.db"
    vault = Vault.create(path, DEMO_PASSPHRASE)  # same passphrase, but no demo marker
    try:
        add_client(vault, ClientInput("REAL-1", "Real Person"))
    finally:
        vault.close()
    before = path.read_bytes()

    with pytest.raises(NotADemoVault, match="not a demo vault") as info:
        prepare_demo(path, DEMO_PASSPHRASE)

    assert isinstance(info.value, VaultError) and info.value.exit_code == 3
    assert "will not be overwritten" in str(info.value)
    assert path.read_bytes() == before
    clients, _ = clients_in(path)
    assert [c.code for c in clients] == ["REAL-1"]


def test_prepare_demo_refuses_a_demo_vault_with_another_passphrase(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, "something else")
    before = path.read_bytes()
    with pytest.raises(NotADemoVault, match="passphrase"):
        prepare_demo(path, DEMO_PASSPHRASE)
    assert path.read_bytes() == before


def test_prepare_demo_refuses_a_file_that_is_not_a_vault(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my own notes, not a vault\n" * 100)
    before = path.read_bytes()
    with pytest.raises(NotADemoVault, match="notes.txt"):
        prepare_demo(path, DEMO_PASSPHRASE)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
