"""Export one client's record, or every client's, as JSON or Markdown. Imports no Textual.

The JSON layout is documented in ``docs/EXPORT.md``; change the two together. Each client's
record is its details plus one key per entry of :data:`SECTIONS`: a later area (intake, goals,
use log, reviews, sessions) adds a builder there, a Markdown renderer to
:data:`MARKDOWN_SECTIONS`, and bumps :data:`EXPORT_SCHEMA_VERSION`.

Every export made from the app or the ``hrtui export`` command is a disclosure: it asks for the
recipient, the purpose and the client's consent, and records them in the client's record
(:func:`export_data`'s ``disclosure``; see :mod:`hrtui.store.sessions`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import hrtui
from hrtui import clock
from hrtui.domain.sessions import DisclosureInput
from hrtui.exports import goals, intake, reviews, sessions, uselog
from hrtui.store.clients import find_client, list_clients, record_export
from hrtui.store.models import Client
from hrtui.store.vault import Vault

EXPORT_SCHEMA_VERSION = 3

#: Builds one section of a client's record: (vault, client) → a JSON-ready value.
SectionBuilder = Callable[[Vault, Client], Any]
#: Renders one section's value as Markdown lines (under the client's heading).
SectionRenderer = Callable[[Any], list[str]]

#: key in the client's record → builder. Order is the order in the export.
SECTIONS: dict[str, SectionBuilder] = {
    "intake": intake.build,
    "goals": goals.build,
    "uselog": uselog.build,
    "reviews": reviews.build,
    "sessions": sessions.build,
    "appointments": sessions.build_appointments,
    "disclosures": sessions.build_disclosures,
}
#: key → Markdown renderer; a section without one is left out of the Markdown.
MARKDOWN_SECTIONS: dict[str, SectionRenderer] = {
    "intake": intake.markdown,
    "goals": goals.markdown,
    "uselog": uselog.markdown,
    "reviews": reviews.markdown,
    "sessions": sessions.markdown,
    "appointments": sessions.markdown_appointments,
    "disclosures": sessions.markdown_disclosures,
}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def client_details(client: Client) -> dict[str, Any]:
    """The client's own fields (version 1 of the export)."""
    return {
        "code": client.code,
        "display_name": client.display_name,
        "pronouns": client.pronouns,
        "note": client.note,
        "archived": bool(client.archived),
        "created_at": _iso(client.created_at),
        "updated_at": _iso(client.updated_at),
        "last_activity_at": _iso(client.last_activity_at),
    }


def client_record(vault: Vault, client: Client) -> dict[str, Any]:
    """One client's whole record: details, then every registered section."""
    record = client_details(client)
    for key, build in SECTIONS.items():
        record[key] = build(vault, client)
    return record


def export_data(
    vault: Vault,
    client_code: str | None = None,
    disclosure: DisclosureInput | None = None,
    what: str = "json",
    recorded: list[int] | None = None,
) -> dict[str, Any]:
    """Everything to export: one client (by code, any case) or all of them, archived too.

    Raises :class:`hrtui.store.errors.NotFound` for an unknown code. Records an "exported"
    event in each exported client's audit trail. With ``disclosure`` (who receives it, why,
    consent) the export is recorded in each client's list of disclosures (``what``: the format)
    and that entry is in the export too; an invalid disclosure raises :class:`Invalid` before
    anything is read. The screens and the ``hrtui export`` command always give one; the ids
    of the disclosures recorded are added to ``recorded`` (to withdraw them if the file then
    cannot be written).
    """
    from hrtui.store.sessions import checked_disclosure, record_disclosures

    if disclosure is not None:
        disclosure = checked_disclosure(disclosure)
    clients = list_clients(vault) if client_code is None else [find_client(vault, client_code)]
    records = [client_record(vault, client) for client in clients]
    ids = [client.id for client in clients if client.id is not None]
    if disclosure is not None:
        entries = record_disclosures(vault, ids, what, disclosure)
        for record, entry in zip(records, entries, strict=True):
            record["disclosures"].append(sessions.disclosure_entry(entry))
        if recorded is not None:
            recorded += [entry.id for entry in entries]
    data = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "app": "hrtui",
        "app_version": hrtui.__version__,
        "exported_at": clock.now().astimezone().isoformat(timespec="seconds"),
        "clients": records,
    }
    record_export(vault, ids)
    return data


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- Markdown ------------------------------------------------------------------------------


def _when(value: str | None) -> str:
    """An ISO date-time as "2024-05-01 14:03"; "—" if there is none."""
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def client_heading(record: dict[str, Any]) -> str:
    pronouns = f" ({record['pronouns']})" if record.get("pronouns") else ""
    return f"## {record['code']} — {record['display_name']}{pronouns}"


def client_markdown(record: dict[str, Any]) -> list[str]:
    lines = [
        client_heading(record),
        "",
        f"- Status: {'archived' if record['archived'] else 'active'}",
        f"- Added: {_when(record['created_at'])}",
        f"- Details last changed: {_when(record['updated_at'])}",
        f"- Last activity: {_when(record['last_activity_at'])}",
        "",
        "### Counselor note",
        "",
        record["note"] if record["note"] else "_No note._",
    ]
    for key, render in MARKDOWN_SECTIONS.items():
        if key in record:
            lines += ["", *render(record[key])]
    return lines


def to_markdown(data: dict[str, Any]) -> str:
    clients = data["clients"]
    lines = [
        "# hrtui export",
        "",
        f"Exported {_when(data['exported_at'])} from hrtui {data['app_version']} "
        f"(export schema {data['schema_version']}); "
        f"{len(clients)} client{'' if len(clients) == 1 else 's'}.",
        "",
        "This file is not encrypted: keep it somewhere safe and delete it when it is no "
        "longer needed.",
    ]
    if not clients:
        lines += ["", "_No clients._"]
    for record in clients:
        lines += ["", *client_markdown(record)]
    return "\n".join(lines) + "\n"
