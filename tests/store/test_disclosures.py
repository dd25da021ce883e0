"""Disclosures: every export of a client's record is kept in the record (who, why, consent),
the export carries the list, and the ``hrtui export`` command asks for them."""

from __future__ import annotations

import json

import pytest

from hrtui import cli
from hrtui.client_plan import plan_for_code, plan_markdown, write_plan
from hrtui.domain.clients import ClientInput
from hrtui.domain.sessions import DisclosureInput
from hrtui.export import export_data, to_markdown
from hrtui.store.clients import add_client, audit_trail
from hrtui.store.errors import Invalid
from hrtui.store.sessions import list_disclosures, save_note, start_session

REFERRAL = DisclosureInput("Dr. Lee, GP", "Referral", "yes")


@pytest.fixture
def client(vault):
    return add_client(vault, ClientInput("RIV-07", "Marisol")).id


def test_an_export_records_the_disclosure_and_carries_the_list(vault, client, clock):
    data = export_data(vault, "RIV-07", REFERRAL, what="markdown")
    record = data["clients"][0]
    assert record["disclosures"] == [{
        "disclosed_at": clock.now().isoformat(timespec="seconds"), "what": "markdown",
        "recipient": "Dr. Lee, GP", "purpose": "Referral", "consent": "yes",
    }]  # fmt: skip
    [kept] = list_disclosures(vault, client)
    assert (kept.recipient, kept.purpose, kept.consent, kept.what) == (
        "Dr. Lee, GP", "Referral", "yes", "markdown")  # fmt: skip
    assert ("recorded", "disclosure") in [(e.action, e.area) for e in audit_trail(vault, client)]
    again = export_data(vault, "RIV-07", DisclosureInput("The client", "Their request",
                                                         "not_needed"))  # fmt: skip
    assert [d["recipient"] for d in again["clients"][0]["disclosures"]] == [
        "Dr. Lee, GP", "The client"]  # fmt: skip
    assert "- " + kept.line in to_markdown(again)


def test_an_incomplete_disclosure_records_nothing(vault, client):
    with pytest.raises(Invalid) as err:
        export_data(vault, "RIV-07", DisclosureInput(" ", "", "maybe"))
    assert set(err.value.errors) == {"recipient", "purpose", "consent"}
    assert list_disclosures(vault, client) == []
    assert not [e for e in audit_trail(vault, client) if e.area in ("export", "disclosure")]


def test_an_export_to_everyone_is_a_disclosure_of_each_record(vault, client):
    other = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    export_data(vault, None, REFERRAL)
    assert len(list_disclosures(vault, client)) == len(list_disclosures(vault, other)) == 1


def test_the_record_carries_sessions_and_notes_as_counselor_only(vault, client):
    detail = start_session(vault, client)
    save_note(vault, detail.id, {"data": "Talked about sleep after night shifts."})
    record = export_data(vault, "RIV-07", REFERRAL)["clients"][0]
    [session] = record["sessions"]
    assert session["note"]["counselor_only"] is True
    assert session["note"]["fields"]["data"] == "Talked about sleep after night shifts."
    assert "Talked about sleep" in to_markdown(export_data(vault, "RIV-07", REFERRAL))


def test_the_plan_shows_the_next_appointment_never_a_note(vault, client, clock):
    from hrtui.domain.sessions import AppointmentInput
    from hrtui.store.sessions import set_next_appointment

    detail = start_session(vault, client)
    save_note(vault, detail.id, {"data": "PRIVATE-NOTE-WORDS", "plan": "PRIVATE-PLAN-WORDS"})
    set_next_appointment(vault, client, AppointmentInput("today", "16:30", "in_person", "office"))
    plan = plan_markdown(vault, client)
    assert "Our next appointment: **today 16:30 · in person, office**." in plan
    assert "PRIVATE" not in plan


def test_a_plan_is_the_clients_own_copy_unless_told_otherwise(vault, client, tmp_path):
    write_plan(vault, client, str(tmp_path / "plan.md"))
    plan_for_code(vault, "riv-07", disclosure=REFERRAL)
    kept = list_disclosures(vault, client)
    assert [(d.what, d.recipient, d.consent) for d in kept] == [
        ("plan", "Dr. Lee, GP", "yes"), ("plan", "The client", "not_needed")]  # fmt: skip


def test_a_plan_that_cannot_be_written_is_no_disclosure(vault, client, tmp_path, monkeypatch):
    import hrtui.client_plan as plan_module

    def refuse(path, text):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(plan_module, "write_private_file", refuse)
    with pytest.raises(Invalid):
        write_plan(vault, client, str(tmp_path / "plan.md"))
    assert list_disclosures(vault, client) == []
    assert [e.action for e in audit_trail(vault, client) if e.area == "disclosure"] == [
        "recorded", "withdrawn"]  # fmt: skip


# -- the hrtui command ---------------------------------------------------------------------


@pytest.fixture
def vault_path(tmp_path, monkeypatch):
    from helpers import cli_env, vault_with_clients

    cli_env(monkeypatch, tmp_path)
    path = tmp_path / "v.db"
    vault_with_clients(path, "pw", ClientInput("RIV-07", "Marisol"))
    monkeypatch.setenv("HRTUI_PASSPHRASE", "pw")
    return path


def _kept(path):
    from contextlib import closing

    from hrtui.store.vault import Vault

    with closing(Vault.open(path, "pw")) as vault:
        return [(d.what, d.recipient, d.purpose, d.consent) for d in list_disclosures(vault, 1)]


def test_cli_export_without_a_terminal_needs_who_why_and_consent(vault_path, capsys):
    code = cli.main(["export", "--db", str(vault_path), "--client", "RIV-07"])
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--recipient, --purpose, --consent" in err
    assert _kept(vault_path) == []


def test_cli_export_records_the_disclosure(vault_path, capsys):
    argv = ["export", "--db", str(vault_path), "--client", "RIV-07", "--recipient", "Dr. Lee",
            "--purpose", "Referral", "--consent", "not-needed"]  # fmt: skip
    assert cli.main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clients"][0]["disclosures"][0]["recipient"] == "Dr. Lee"
    assert _kept(vault_path) == [("json", "Dr. Lee", "Referral", "not_needed")]


def test_cli_plan_without_options_is_the_clients_own_copy(vault_path, capsys):
    argv = ["export", "--db", str(vault_path), "--client", "RIV-07", "--format", "plan"]
    assert cli.main(argv) == 0
    assert _kept(vault_path) == [("plan", "The client", "Their own take-home plan", "not_needed")]


def test_cli_asks_in_a_terminal(vault_path, monkeypatch, capsys):
    answers = iter(["Housing worker", "Referral for housing", "yes"])
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(cli, "_ask", lambda prompt: next(answers))
    argv = ["export", "--db", str(vault_path), "--client", "RIV-07", "--format", "markdown"]
    assert cli.main(argv) == 0
    assert "### Disclosures of this record" in capsys.readouterr().out
    assert _kept(vault_path) == [("markdown", "Housing worker", "Referral for housing", "yes")]
