"""``hrtui backup``, ``restore``, ``passwd`` and ``delete-client``: results, prompts, refusals,
one-line errors and exit codes. A few end-to-end runs of ``python -m hrtui``; the rest
in-process."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from helpers import cli_env, hrtui, one_error_line, vault_with_clients

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, audit_trail, list_clients
from hrtui.store.errors import WrongPassphrase
from hrtui.store.vault import Vault

PASS = "counsel lamp river"
NEW = "a new 'quoted' passphrase ✓"


def codes(path: Path, passphrase: str = PASS) -> list[str]:
    v = Vault.open(path, passphrase)
    try:
        return sorted(c.code for c in list_clients(v))
    finally:
        v.close()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "vault.db"
    vault_with_clients(
        path, PASS,
        ClientInput("RIV-07", "Marisol", "she/her", "Night shifts."),
        ClientInput("OAK-12", "Devonte", "he/him", "Carries naloxone."),
    )  # fmt: skip
    return path


@pytest.fixture
def env(tmp_path, monkeypatch):
    """In-process runs: no passphrase variables, not a terminal unless a test says so."""
    cli_env(monkeypatch, tmp_path)
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    return tmp_path


def terminal(monkeypatch, *, typed: list[str] = (), secret: list[str] = ()) -> None:
    """Pretend to be on a terminal: input() answers ``typed``, getpass ``secret``, in order."""
    typed, secret = list(typed), list(secret)
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt="": typed.pop(0))
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": secret.pop(0))


# -- end to end ----------------------------------------------------------------------------


def test_backup_then_restore_end_to_end(tmp_path, db):
    usb = tmp_path / "usb"
    usb.mkdir()
    made = hrtui(tmp_path, "backup", "--db", str(db), str(usb), HRTUI_PASSPHRASE=PASS)
    assert made.returncode == 0, made.stderr
    [copy] = usb.iterdir()
    assert made.stdout == f"Backup written to {copy} and checked (encrypted, same passphrase).\n"
    assert made.stderr == "" and stat.S_IMODE(copy.stat().st_mode) == 0o600

    v = Vault.open(db, PASS)
    try:
        add_client(v, ClientInput("LATE-1", "After the backup"))
    finally:
        v.close()
    refused = hrtui(tmp_path, "restore", "--db", str(db), str(copy), HRTUI_PASSPHRASE=PASS)
    assert refused.returncode == 2 and "--yes" in one_error_line(refused)
    assert "LATE-1" in codes(db)

    done = hrtui(tmp_path, "restore", "--db", str(db), str(copy), "--yes", HRTUI_PASSPHRASE=PASS)
    assert done.returncode == 0, done.stderr
    kept = db.with_name("vault.db.before-restore")
    assert f"kept as {kept}" in done.stdout and "2 clients" in done.stdout
    assert codes(db) == ["OAK-12", "RIV-07"] and "LATE-1" in codes(kept)


def test_backup_while_hrtui_has_the_vault_open(tmp_path, db):
    v = Vault.open(db, PASS)  # as a running app would, with a fresh write still in the WAL
    try:
        add_client(v, ClientInput("OPEN-1", "Added while open"))
        result = hrtui(tmp_path, "backup", "--db", str(db), str(tmp_path), HRTUI_PASSPHRASE=PASS)
        assert result.returncode == 0, result.stderr
        add_client(v, ClientInput("OPEN-2", "The app goes on working"))
    finally:
        v.close()
    [copy] = tmp_path.glob("hrtui-backup-*.db")
    assert codes(copy) == ["OAK-12", "OPEN-1", "RIV-07"]


def test_backup_over_an_existing_file_exits_1(tmp_path, db):
    existing = tmp_path / "b.db"
    existing.write_text("keep")
    result = hrtui(tmp_path, "backup", "--db", str(db), str(existing), HRTUI_PASSPHRASE=PASS)
    assert result.returncode == 1
    assert "already exists" in one_error_line(result)
    assert existing.read_text() == "keep" and result.stdout == ""


def test_passwd_end_to_end(tmp_path, db):
    result = hrtui(
        tmp_path, "passwd", "--db", str(db), HRTUI_PASSPHRASE=PASS, HRTUI_NEW_PASSPHRASE=NEW
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Passphrase changed for {db}.")
    assert NEW not in result.stdout + result.stderr and PASS not in result.stdout
    assert codes(db, NEW) == ["OAK-12", "RIV-07"]
    with pytest.raises(WrongPassphrase):
        Vault.open(db, PASS)


def test_passwd_without_a_new_passphrase_or_terminal_exits_2(tmp_path, db):
    before = db.read_bytes()
    result = hrtui(tmp_path, "passwd", "--db", str(db), HRTUI_PASSPHRASE=PASS)
    assert result.returncode == 2
    assert "HRTUI_NEW_PASSPHRASE" in one_error_line(result)
    assert db.read_bytes() == before


def test_passwd_while_the_vault_is_open_exits_3(tmp_path, db):
    v = Vault.open(db, PASS)
    try:
        result = hrtui(
            tmp_path, "passwd", "--db", str(db), HRTUI_PASSPHRASE=PASS, HRTUI_NEW_PASSPHRASE=NEW
        )
    finally:
        v.close()
    assert result.returncode == 3
    assert "in use" in one_error_line(result)
    assert codes(db) == ["OAK-12", "RIV-07"]


def test_delete_client_end_to_end(tmp_path, db):
    refused = hrtui(tmp_path, "delete-client", "--db", str(db), "RIV-07", HRTUI_PASSPHRASE=PASS)
    assert refused.returncode == 2 and "--confirm" in one_error_line(refused)
    done = hrtui(
        tmp_path, "delete-client", "--db", str(db), "riv-07", "--confirm", "RIV-07",
        HRTUI_PASSPHRASE=PASS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Deleted client RIV-07 and everything recorded about them.\n"
    assert "Marisol" not in done.stdout + done.stderr
    assert codes(db) == ["OAK-12"]


# -- in-process ----------------------------------------------------------------------------


def test_help_lists_the_new_commands(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for text in ("backup DEST", "restore BACKUP", "passwd", "delete-client CODE",
                 "HRTUI_NEW_PASSPHRASE", "or it is in use by another program"):  # fmt: skip
        assert text in out


def test_restore_asks_on_a_terminal_and_no_changes_nothing(env, db, capsys, monkeypatch):
    v = Vault.open(db, PASS)
    try:
        from hrtui.store.maintenance import backup

        copy = backup(v, env / "b.db")
        add_client(v, ClientInput("LATE-1", "After the backup"))
    finally:
        v.close()
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    terminal(monkeypatch, typed=["n"])
    assert cli.main(["restore", "--db", str(db), str(copy)]) == 1
    out, err = capsys.readouterr()
    assert "is sound: 2 clients" in out
    assert one_error_line(err) == "hrtui: restore cancelled; nothing was changed"
    assert "LATE-1" in codes(db)
    terminal(monkeypatch, typed=["yes"])
    assert cli.main(["restore", "--db", str(db), str(copy)]) == 0
    assert codes(db) == ["OAK-12", "RIV-07"]


def test_restore_with_the_wrong_passphrase_exits_3(env, db, capsys, monkeypatch):
    v = Vault.open(db, PASS)
    try:
        from hrtui.store.maintenance import backup

        copy = backup(v, env / "b.db")
    finally:
        v.close()
    monkeypatch.setenv("HRTUI_PASSPHRASE", "not it")
    assert cli.main(["restore", "--db", str(db), str(copy), "--yes"]) == 3
    assert "Wrong passphrase" in one_error_line(capsys.readouterr().err)
    assert not db.with_name("vault.db.before-restore").exists()


def test_restore_of_a_missing_backup_exits_3(env, db, capsys):
    assert cli.main(["restore", "--db", str(db), str(env / "nope.db"), "--yes"]) == 3
    assert "No backup at" in one_error_line(capsys.readouterr().err)


def test_passwd_prompts_twice_on_a_terminal(env, db, capsys, monkeypatch):
    terminal(monkeypatch, secret=[PASS, NEW, NEW])
    assert cli.main(["passwd", "--db", str(db)]) == 0
    assert codes(db, NEW) == ["OAK-12", "RIV-07"]


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ([PASS, NEW, NEW + "x"], "differ"),
        ([PASS, ""], "no new passphrase typed"),
        ([PASS, PASS, PASS], "same as the current one"),
    ],
)
def test_passwd_refusals_exit_2_and_change_nothing(env, db, capsys, monkeypatch, secret, message):
    before = db.read_bytes()
    terminal(monkeypatch, secret=secret)
    assert cli.main(["passwd", "--db", str(db)]) == 2
    assert message in one_error_line(capsys.readouterr().err)
    assert db.read_bytes() == before


def test_passwd_wrong_old_passphrase_stops_before_asking_the_new_one(env, db, capsys, monkeypatch):
    terminal(monkeypatch, secret=["not it"])  # a second getpass would fail: the list is empty
    assert cli.main(["passwd", "--db", str(db)]) == 3
    assert "Wrong passphrase" in one_error_line(capsys.readouterr().err)


def test_empty_new_passphrase_variable_exits_2(env, db, capsys, monkeypatch):
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    monkeypatch.setenv("HRTUI_NEW_PASSPHRASE", "")
    assert cli.main(["passwd", "--db", str(db)]) == 2
    assert "cannot be empty" in one_error_line(capsys.readouterr().err)
    assert codes(db) == ["OAK-12", "RIV-07"]


def test_weak_new_passphrase_gets_advice_but_is_allowed(env, db, capsys, monkeypatch):
    terminal(monkeypatch, secret=[PASS, "abc", "abc"])
    assert cli.main(["passwd", "--db", str(db)]) == 0
    assert "Weak" in capsys.readouterr().err
    assert codes(db, "abc") == ["OAK-12", "RIV-07"]


def test_delete_client_asks_for_the_code_on_a_terminal(env, db, capsys, monkeypatch):
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    terminal(monkeypatch, typed=["OAK-13"])
    assert cli.main(["delete-client", "--db", str(db), "OAK-12"]) == 2
    out, err = capsys.readouterr()
    assert "permanently" in out and "Devonte" not in out
    assert "nothing was deleted" in one_error_line(err)
    assert codes(db) == ["OAK-12", "RIV-07"]
    terminal(monkeypatch, typed=[" oak-12 "])
    assert cli.main(["delete-client", "--db", str(db), "OAK-12"]) == 0
    assert codes(db) == ["RIV-07"]
    v = Vault.open(db, PASS)
    try:
        assert [e.action for e in audit_trail(v, 2)] == ["created", "deleted"]
    finally:
        v.close()


def test_delete_of_an_unknown_client_exits_5(env, db, capsys, monkeypatch):
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    assert cli.main(["delete-client", "--db", str(db), "NOPE-1", "--confirm", "NOPE-1"]) == 5
    assert "NOPE-1" in one_error_line(capsys.readouterr().err)
