"""`hrtui export --client CODE --format plan`: the client's take-home plan from the command line."""

from __future__ import annotations

import stat

import pytest
from helpers import cli_env

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, audit_trail
from hrtui.store.goals import create_goal
from hrtui.store.vault import Vault

PASS = "plan pass"


@pytest.fixture
def vault_path(tmp_path, monkeypatch):
    cli_env(monkeypatch, tmp_path)
    path = tmp_path / "v.db"
    vault = Vault.create(path, PASS)
    try:
        client = add_client(vault, ClientInput("RIV-07", "Marisol", note="Client-level note"))
        create_goal(vault, client.id, "reduce", {
            "substance": "Alcohol", "baseline_amount": "5", "target_amount": "4",
            "unit": "standard drinks", "period": "per_use_day",
            "client_words": "Feel rested at work", "helpers": "My sister Ana",
            "counselor_note": "Counselor-only remark",
        })  # fmt: skip
        create_goal(vault, client.id, "safer", {
            "strategies": [("Alcohol", "A glass of water with each drink")],
        })  # fmt: skip
    finally:
        vault.close()
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    return path


def test_format_plan_writes_the_take_home_plan_privately(vault_path, tmp_path, capsys):
    out = tmp_path / "plan.md"
    argv = ["export", "--db", str(vault_path), "--client", "riv-07", "--format", "plan"]
    assert cli.main([*argv, "-o", str(out)]) == 0
    assert "NOT encrypted" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# My plan — Marisol")
    # for alcohol the plan says "drinking day", not the counselor's "use day" (issue #16, 14)
    for wanted in ("Feel rested at work", "4 standard drinks per drinking day", "My sister Ana",
                   "A glass of water with each drink"):  # fmt: skip
        assert wanted in text
    assert "use day" not in text
    assert "Counselor-only remark" not in text and "Client-level note" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    vault = Vault.open(vault_path, PASS)
    try:
        events = [(e.action, e.area) for e in audit_trail(vault, 1)]
    finally:
        vault.close()
    assert ("exported", "plan") in events


def test_format_plan_to_stdout_and_markdown_stays_the_full_record(vault_path, capsys):
    base = ["export", "--db", str(vault_path), "--client", "RIV-07"]
    assert cli.main([*base, "--format", "plan"]) == 0
    plan = capsys.readouterr().out
    assert "Feel rested at work" in plan and "Client-level note" not in plan
    disclosed = ["--recipient", "Dr. Lee, GP", "--purpose", "referral", "--consent", "yes"]
    assert cli.main([*base, "--format", "markdown", *disclosed]) == 0
    record = capsys.readouterr().out
    assert "Client-level note" in record and "# My plan" not in record


def test_format_plan_needs_a_client_and_says_so_before_opening(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("HRTUI_PASSPHRASE", raising=False)
    code = cli.main(["export", "--db", str(tmp_path / "none.db"), "--format", "plan"])
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--client" in err


def test_format_plan_for_an_unknown_client_exits_5(vault_path, capsys):
    argv = ["export", "--db", str(vault_path), "--client", "NOPE-1", "--format", "plan"]
    assert cli.main(argv) == 5
    assert "NOPE-1" in capsys.readouterr().err
