"""Export: one client or all, JSON and Markdown, unknown codes, the audit trail, the docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hrtui
from hrtui import export
from hrtui.domain.clients import ClientInput
from hrtui.export import EXPORT_SCHEMA_VERSION, export_data, to_json, to_markdown
from hrtui.store.clients import add_client, audit_trail, set_archived
from hrtui.store.errors import NotFound

DETAIL_FIELDS = {
    "code",
    "display_name",
    "pronouns",
    "note",
    "archived",
    "created_at",
    "updated_at",
    "last_activity_at",
}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "EXPORT.md"


@pytest.fixture
def three(vault):
    a = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her", "Prefers text reminders."))
    b = add_client(vault, ClientInput("BAY-21", "Tomás", "", "Line one\nLine two"))
    c = add_client(vault, ClientInput("ASH-02", "Rosalind", "she/her", ""))
    set_archived(vault, c.id, True)
    return vault, a, b, c


def test_export_all_clients_has_header_and_every_field(three):
    vault, a, b, c = three
    data = export_data(vault)
    assert data["schema_version"] == EXPORT_SCHEMA_VERSION == 3
    assert data["app"] == "hrtui"
    assert data["app_version"] == hrtui.__version__
    assert "T" in data["exported_at"]
    codes = [client["code"] for client in data["clients"]]
    assert codes == ["ASH-02", "BAY-21", "RIV-07"]  # archived included, ordered by code
    for record in data["clients"]:
        assert set(record) == DETAIL_FIELDS | {
            "intake", "goals", "uselog", "reviews", "sessions", "appointments", "disclosures",
        }  # fmt: skip
    riv = data["clients"][2]
    assert riv["display_name"] == "Marisol"
    assert riv["pronouns"] == "she/her"
    assert riv["note"] == "Prefers text reminders."
    assert riv["archived"] is False
    assert riv["created_at"] == a.created_at.isoformat(timespec="seconds")
    assert data["clients"][0]["archived"] is True


def test_export_one_client_by_code_in_any_case(three):
    vault, *_ = three
    data = export_data(vault, "bay-21")
    assert [c["code"] for c in data["clients"]] == ["BAY-21"]
    assert data["clients"][0]["note"] == "Line one\nLine two"


def test_json_round_trips_and_keeps_letters_readable(three):
    vault, *_ = three
    data = export_data(vault)
    text = to_json(data)
    assert json.loads(text) == data
    assert "Tomás" in text  # ensure_ascii=False
    assert '\n  "clients": [' in text  # indented by 2


def test_markdown_has_a_heading_per_client_and_the_note(three):
    vault, *_ = three
    text = to_markdown(export_data(vault))
    assert "## RIV-07 — Marisol (she/her)" in text
    assert "## BAY-21 — Tomás\n" in text  # no empty parentheses without pronouns
    assert "## ASH-02 — Rosalind (she/her)" in text
    assert "### Counselor note\n\nPrefers text reminders." in text
    assert "Line one\nLine two" in text
    assert "- Status: archived" in text
    assert "not encrypted" in text


def test_markdown_for_no_clients(vault):
    text = to_markdown(export_data(vault))
    assert "_No clients._" in text
    assert "0 clients" in text


def test_unknown_code_raises_not_found_naming_the_code(three):
    vault, *_ = three
    with pytest.raises(NotFound, match="NOPE-1"):
        export_data(vault, "NOPE-1")


def test_export_is_recorded_in_the_audit_trail_of_exported_clients_only(three):
    vault, a, b, c = three
    export_data(vault, "RIV-07")
    exported = [e for e in audit_trail(vault, a.id) if e.action == "exported"]
    assert len(exported) == 1 and exported[0].area == "export"
    assert not [e for e in audit_trail(vault, b.id) if e.action == "exported"]

    export_data(vault)
    for client in (a, b, c):
        events = [e for e in audit_trail(vault, client.id) if e.action == "exported"]
        assert len(events) == (2 if client is a else 1)


def test_unknown_code_records_nothing(three):
    vault, a, *_ = three
    with pytest.raises(NotFound):
        export_data(vault, "NOPE-1")
    assert not [e for e in audit_trail(vault, a.id) if e.action == "exported"]


def test_a_registered_section_appears_per_client(three, monkeypatch):
    vault, *_ = three
    monkeypatch.setitem(export.SECTIONS, "goals", lambda v, client: [f"goal of {client.code}"])
    monkeypatch.setitem(export.MARKDOWN_SECTIONS, "goals", lambda value: ["### Goals", *value])
    data = export_data(vault, "RIV-07")
    assert data["clients"][0]["goals"] == ["goal of RIV-07"]
    assert "### Goals\ngoal of RIV-07" in to_markdown(data)


def test_docs_describe_every_field_and_the_current_version():
    text = DOCS.read_text(encoding="utf-8")
    for field in DETAIL_FIELDS | {"schema_version", "app", "app_version", "exported_at"}:
        assert f"`{field}`" in text, field
    assert f"\n| {EXPORT_SCHEMA_VERSION} " in text  # the version table lists the current one
