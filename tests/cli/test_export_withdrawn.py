"""`hrtui export -o FILE`: when the file cannot be written, the disclosure recorded for it is
withdrawn (as the app does), for every format (issue #18)."""

from __future__ import annotations

from contextlib import closing

import pytest
from helpers import cli_env, vault_with_clients

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.store.sessions import list_disclosures
from hrtui.store.vault import Vault

PASS = "correct horse"
DISCLOSED = ("--recipient", "Dr. Lee, GP", "--purpose", "referral", "--consent", "yes")


@pytest.mark.parametrize("fmt", ["json", "plan", "tlfb"])
def test_a_file_not_written_leaves_no_disclosure(tmp_path, monkeypatch, capsys, clock, fmt):
    cli_env(monkeypatch, tmp_path)
    path = tmp_path / "v.db"
    (cid,) = vault_with_clients(path, PASS, ClientInput("AB1", "Sam"))
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASS)
    missing = tmp_path / "no" / "such" / "x.out"
    code = cli.main(["export", "--db", str(path), "--client", "AB1", "--format", fmt,
                     "-o", str(missing), *DISCLOSED])  # fmt: skip
    assert code == 1
    assert "does not exist" in capsys.readouterr().err
    with closing(Vault.open(path, PASS)) as vault:
        assert list_disclosures(vault, cid) == []

    written = tmp_path / "x.out"
    code = cli.main(["export", "--db", str(path), "--client", "AB1", "--format", fmt,
                     "-o", str(written), *DISCLOSED])  # fmt: skip
    assert code == 0 and written.exists()
    with closing(Vault.open(path, PASS)) as vault:
        assert [(d.what, d.recipient) for d in list_disclosures(vault, cid)] == [
            (fmt, "Dr. Lee, GP")
        ]
