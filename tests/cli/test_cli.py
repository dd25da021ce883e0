"""The ``hrtui`` command: demo, check, export, passphrases, exit codes, one-line errors.

The end-to-end cases run ``python -m hrtui`` in a subprocess (stdin not a terminal, HRTUI_DB
and the data folder in tmp); parsing and dispatch details run in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import types
from pathlib import Path

import pytest
from helpers import clean_env, cli_env, hrtui, one_error_line

from hrtui import cli
from hrtui.demo import DEMO_CLIENTS, DEMO_PASSPHRASE, build_demo
from hrtui.export import EXPORT_SCHEMA_VERSION

NO_PASSPHRASE = (
    "hrtui: No passphrase: set HRTUI_PASSPHRASE, use --passphrase-file, or run in a terminal."
)

#: Who receives an export, why, and consent: asked of every export (issue 18).
DISCLOSED = ("--recipient", "Dr. Lee, GP", "--purpose", "referral", "--consent", "yes")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """`hrtui demo --create-only` once for the module: (its result, the vault it wrote)."""
    tmp = tmp_path_factory.mktemp("cli")
    path = tmp / "demo.db"
    return hrtui(tmp, "demo", "--db", str(path), "--create-only"), path


@pytest.fixture
def demo_copy(demo_run, tmp_path):
    _, source = demo_run
    copy = tmp_path / "copy.db"
    shutil.copyfile(source, copy)
    return copy


# -- end to end ----------------------------------------------------------------------------


def test_demo_create_only_writes_the_vault_and_says_so(demo_run):
    result, path = demo_run
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Demo vault written to {path} (passphrase: demo)\n"
    assert result.stderr == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_check_with_the_right_passphrase(tmp_path, demo_copy):
    result = hrtui(tmp_path, "check", "--db", str(demo_copy), HRTUI_PASSPHRASE=DEMO_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{demo_copy}: sound (schema ")
    assert ", SQLCipher 4." in lines[0]


def test_wrong_passphrase_exits_3_and_leaves_the_file_unchanged(tmp_path, demo_copy):
    before = demo_copy.read_bytes()
    result = hrtui(tmp_path, "check", "--db", str(demo_copy), HRTUI_PASSPHRASE="not it")
    assert result.returncode == 3
    assert "Wrong passphrase" in one_error_line(result)
    assert demo_copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


def test_no_passphrase_and_no_terminal_exits_2(tmp_path, demo_copy):
    result = hrtui(tmp_path, "check", "--db", str(demo_copy))
    assert result.returncode == 2
    assert one_error_line(result) == NO_PASSPHRASE


def test_export_json_to_stdout_with_a_passphrase_file(tmp_path, demo_copy):
    secret = tmp_path / "pass.txt"
    secret.write_text(f"{DEMO_PASSPHRASE}\nignored second line\n")
    # --db before the command this time
    result = hrtui(
        tmp_path, "--db", str(demo_copy), "export", "--passphrase-file", str(secret), *DISCLOSED
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema_version"] == EXPORT_SCHEMA_VERSION == 3
    assert {c["code"] for c in data["clients"]} == {d.code for d in DEMO_CLIENTS}


def test_export_to_a_file_is_private_and_replaces_the_old_one(tmp_path, demo_copy):
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    result = hrtui(
        tmp_path, "export", "--db", str(demo_copy), "--client", "riv-07", "-o", str(out),
        *DISCLOSED, HRTUI_PASSPHRASE=DEMO_PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    note = result.stderr.splitlines()
    assert len(note) == 1 and "NOT encrypted" in note[0] and str(out) in note[0]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["code"] for c in data["clients"]] == ["RIV-07"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_of_an_unknown_client_exits_5(tmp_path, demo_copy):
    result = hrtui(
        tmp_path, "export", "--db", str(demo_copy), "--client", "NOPE-99", *DISCLOSED,
        HRTUI_PASSPHRASE=DEMO_PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 5
    assert "NOPE-99" in one_error_line(result)
    assert result.stdout == ""


def test_check_on_a_damaged_vault(tmp_path, demo_copy):
    pages = demo_copy.stat().st_size // 4096
    assert pages >= 3
    with demo_copy.open("r+b") as fh:
        fh.seek((pages // 2) * 4096)
        fh.write(os.urandom(4096))
    result = hrtui(tmp_path, "check", "--db", str(demo_copy), HRTUI_PASSPHRASE=DEMO_PASSPHRASE)
    assert result.returncode in (3, 4)
    line = one_error_line(result)
    assert "copy.db" in line and ("damaged" in line or "cannot be opened" in line)
    assert result.stdout == ""


def test_check_on_a_text_file_names_it(tmp_path):
    text = tmp_path / "shopping-list.txt"
    text.write_text("bread\nmilk\n")
    result = hrtui(tmp_path, "check", "--db", str(text), HRTUI_PASSPHRASE="x")
    assert result.returncode == 3
    assert "shopping-list.txt" in one_error_line(result)
    assert text.read_text() == "bread\nmilk\n"


def test_demo_never_writes_over_the_real_vault(tmp_path):
    real = Path(clean_env(tmp_path)["HRTUI_DB"])
    real.parent.mkdir()
    real.write_bytes(b"real data" * 200)
    result = hrtui(tmp_path, "demo", "--db", str(real), "--create-only")
    assert result.returncode == 3
    assert "real vault" in one_error_line(result)
    assert real.read_bytes() == b"real data" * 200
    assert result.stdout == ""


# -- in-process ----------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):
    cli_env(monkeypatch, tmp_path)
    return tmp_path


@pytest.fixture
def fake_app(monkeypatch):
    """Stand in for hrtui.app: records run_app calls, returns 0."""
    calls: list[tuple[Path, dict]] = []

    def run_app(path, **options):
        calls.append((path, options))
        return 0

    monkeypatch.setitem(sys.modules, "hrtui.app", types.SimpleNamespace(run_app=run_app))
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "A", "check"],
        ["check", "--db", "A"],
        ["--db", "B", "export", "--db", "A"],
        ["demo", "--db", "A"],
        ["--db", "A"],
    ],
)
def test_db_is_accepted_before_and_after_the_command(argv):
    assert cli.build_parser().parse_args(argv).db == "A"


def test_without_a_command_the_app_opens_on_the_vault(env, fake_app):
    assert cli.main([]) == 0
    assert fake_app == [(env / "real" / "hrtui.db", {})]
    assert cli.main(["--db", str(env / "other.db"), "--lock-after", "90"]) == 0
    assert fake_app[1] == (env / "other.db", {"lock_after": 90})


def test_demo_opens_the_app_in_demo_mode(env, fake_app, capsys):
    assert cli.main(["demo"]) == 0
    demo = env / "real" / "demo.db"  # beside the real vault
    assert fake_app == [(demo, {"demo": True})]
    assert capsys.readouterr().out == f"Demo vault written to {demo} (passphrase: demo)\n"


def test_demo_passphrase_from_the_environment_is_not_printed(env, fake_app, capsys, monkeypatch):
    monkeypatch.setenv("HRTUI_PASSPHRASE", "s3cret-words")
    assert cli.main(["demo", "--create-only", "--db", str(env / "d.db")]) == 0
    out = capsys.readouterr().out
    assert "s3cret-words" not in out
    assert out.strip().endswith("(passphrase from HRTUI_PASSPHRASE)")
    assert fake_app == []  # --create-only


def test_demo_refuses_the_default_vault_name_too(env, fake_app, capsys, monkeypatch):
    monkeypatch.setenv("HRTUI_DB", str(env / "demo.db"))  # the real vault is called demo.db
    assert cli.main(["demo"]) == 3
    assert "real vault" in capsys.readouterr().err
    assert not (env / "demo.db").exists() and fake_app == []


def test_help_lists_the_exit_codes(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for line in (
        "0    ok",
        "1    other error",
        "2    usage error, or no passphrase",
        "3    vault cannot be opened (missing, wrong passphrase, not a vault, too new)",
        "4    vault damaged / integrity check failed",
        "5    no such client",
    ):
        assert line in out


@pytest.mark.parametrize(
    "argv", [["export", "--format", "xml"], ["frobnicate"], ["--lock-after", "0"]]
)
def test_usage_errors_are_one_line_exit_2(argv, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("hrtui: ")


def test_missing_vault_is_reported_before_asking_for_a_passphrase(env, capsys):
    assert cli.main(["check", "--db", str(env / "nowhere.db")]) == 3
    err = capsys.readouterr().err
    assert "No vault at" in err and "nowhere.db" in err


def test_passphrase_file_keeps_spaces_and_drops_only_the_newline(env, monkeypatch):
    secret = env / "pass.txt"
    secret.write_bytes("  two words é \r\nsecond\n".encode())
    monkeypatch.setenv("HRTUI_PASSPHRASE", "from env")
    args = cli.build_parser().parse_args(["check", "--passphrase-file", str(secret)])
    assert cli.get_passphrase(args, env / "v.db") == "  two words é "
    args = cli.build_parser().parse_args(["check"])
    assert cli.get_passphrase(args, env / "v.db") == "from env"


def test_unreadable_passphrase_file_exits_2(env, capsys):
    argv = ["check", "--db", str(env / "x.db"), "--passphrase-file", str(env / "none.txt")]
    (env / "x.db").write_bytes(b"\0" * 4096)
    assert cli.main(argv) == 2
    assert "none.txt" in capsys.readouterr().err


def test_interrupt_and_unexpected_errors_are_one_line(env, monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setitem(cli.COMMANDS, "check", interrupted)
    assert cli.main(["check"]) == 130
    monkeypatch.setitem(cli.COMMANDS, "check", broken)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["hrtui: interrupted", "hrtui: unexpected error (RuntimeError): boom"]


def test_write_private_file_is_0600_even_over_a_readable_file(tmp_path):
    out = tmp_path / "x.md"
    out.write_text("old")
    out.chmod(0o644)
    cli.write_private_file(out, "new ✓\n")
    assert out.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]


def test_export_to_a_missing_folder_exits_1(env, capsys, monkeypatch):
    demo = env / "d.db"
    build_demo(demo, DEMO_PASSPHRASE)
    monkeypatch.setenv("HRTUI_PASSPHRASE", DEMO_PASSPHRASE)
    code = cli.main(
        ["export", "--db", str(demo), "-o", str(env / "no" / "such" / "x.json"), *DISCLOSED]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "does not exist" in err


# -- no abbreviations; a mistyped option's value is never echoed ----------------------------

SECRET = "s3cret-horse-battery"


def test_passphrase_option_is_refused_without_echoing_the_secret(tmp_path):
    result = hrtui(tmp_path, "--passphrase", SECRET)
    assert result.returncode == 2
    line = one_error_line(result)
    assert SECRET not in line and SECRET not in result.stdout
    assert "unknown option --passphrase" in line
    assert "--passphrase-file" in line  # says how to give the passphrase instead


@pytest.mark.parametrize(
    "argv",
    [
        ["--passphrase", SECRET],
        [f"--passphrase={SECRET}"],
        ["check", "--passphrase", SECRET],
        ["backup", "--passphrase", SECRET],  # the secret fills DEST: only the option is wrong
        ["export", "--pass", SECRET, "--format", "json"],
        ["--passphrase", f"--{SECRET}"],  # a value that looks like an option
        ["-p", SECRET, "check"],
        [SECRET],  # typed as the command
        ["check", SECRET],  # a stray argument
        ["export", "--format", SECRET],  # a wrong choice
    ],
)
def test_usage_errors_never_repeat_what_may_be_a_secret(argv, env, fake_app, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("hrtui: ")
    assert "s3cret" not in err
    assert fake_app == []


@pytest.mark.parametrize(
    ("argv", "wrong"),
    [
        (["check", "--passphrase", "pass.txt"], "--passphrase"),  # not --passphrase-file
        (["--lock", "60"], "--lock"),  # not --lock-after
        (["demo", "--create", "--db", "d.db"], "--create"),  # not --create-only
        (["export", "--form", "markdown"], "--form"),  # not --format
    ],
)
def test_options_are_never_abbreviated(argv, wrong, env, fake_app, capsys):
    assert cli.main(argv) == 2
    assert f"unknown option {wrong}" in capsys.readouterr().err
    assert fake_app == []
