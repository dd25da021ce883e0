"""The sessions sections of a client's export: each session with its note (counselor-only) and
addenda, the appointments, and every disclosure of the record. Field documentation:
docs/export-sessions.md.

Notes are always counselor-only (``"counselor_only": true``): the client's take-home plan and
the client view never show them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hrtui.domain import sessions as rules
from hrtui.store.models import Client
from hrtui.store.sessions import (
    DisclosureView,
    appointments_for_export,
    list_disclosures,
    sessions_for_export,
)
from hrtui.store.vault import Vault


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def build(vault: Vault, client: Client) -> list[dict[str, Any]]:
    """Every session of the client, oldest first, as JSON-ready data."""
    assert client.id is not None
    out = []
    for detail in sessions_for_export(vault, client.id):
        s, note = detail.session, detail.note
        out.append(
            {
                "day": _day(s.day),
                "started_at": _stamp(s.started_at),
                "length_minutes": s.length_minutes,
                "kind": s.kind,
                "place": s.place,
                "present": s.present,
                "started_by": s.started_by,
                "what_changed": [{"area": c.area, "text": c.text} for c in detail.changes],
                "note": None if note is None else {
                    "counselor_only": True,
                    "structure": note.structure,
                    "status": note.status,
                    "fields": {
                        name: getattr(note, name)
                        for name, _, _ in rules.structure_fields(note.structure)
                    },
                    "signed_at": _stamp(note.signed_at),
                    "created_at": _stamp(note.created_at),
                    "updated_at": _stamp(note.updated_at),
                },
                "addenda": [
                    {"written_at": _stamp(a.written_at), "text": a.text} for a in detail.addenda
                ],
                "created_at": _stamp(s.created_at),
                "updated_at": _stamp(s.updated_at),
            }
        )  # fmt: skip
    return out


def build_appointments(vault: Vault, client: Client) -> list[dict[str, Any]]:
    """Every appointment of the client (planned, replaced, cancelled), by day."""
    assert client.id is not None
    return [
        {
            "day": _day(a.day),
            "time": a.at_time or None,
            "kind": a.kind,
            "place": a.place,
            "status": a.status,
            "created_at": _stamp(a.created_at),
        }
        for a in appointments_for_export(vault, client.id)
    ]


def disclosure_entry(d: DisclosureView) -> dict[str, Any]:
    return {
        "disclosed_at": _stamp(d.disclosed_at),
        "what": d.what,
        "recipient": d.recipient,
        "purpose": d.purpose,
        "consent": d.consent,
    }


def build_disclosures(vault: Vault, client: Client) -> list[dict[str, Any]]:
    """Every disclosure of the client's record, oldest first."""
    assert client.id is not None
    return [disclosure_entry(d) for d in reversed(list_disclosures(vault, client.id))]


# -- Markdown ------------------------------------------------------------------------------------


def _paragraph(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def markdown(value: list[dict[str, Any]]) -> list[str]:
    """The sessions section as Markdown lines, starting with "### Sessions"."""
    lines = ["### Sessions", ""]
    if not value:
        return [*lines, "_No sessions recorded._"]
    for s in value:
        when = datetime.fromisoformat(s["started_at"])
        how = rules.describe_session(when, s["kind"], s["place"], s["length_minutes"])
        lines += [f"#### Session on {s['day']} ({how})", ""]
        if s["present"]:
            lines.append(f"- Present: {s['present']}")
        for change in s["what_changed"]:
            lines.append(f"- Changed in the record: {change['text']}")
        note = s["note"]
        if note is None:
            lines += ["", "_No note written._"]
        else:
            state = (
                f"signed {note['signed_at'][:16].replace('T', ' ')}" if note["status"] == "signed"
                else "in progress, not signed"
            )  # fmt: skip
            lines += [
                "",
                f"**Note ({rules.structure_name(note['structure'])}, {state}; counselor-only)**",
            ]
            for name, heading, _ in rules.structure_fields(note["structure"]):
                text = note["fields"].get(name, "")
                if text.strip():
                    lines += ["", f"*{heading}:*", "", *_paragraph(text)]
        for addendum in s["addenda"]:
            lines += ["", f"*Addendum {addendum['written_at'][:16].replace('T', ' ')}:*", "",
                      *_paragraph(addendum["text"])]  # fmt: skip
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def markdown_appointments(value: list[dict[str, Any]]) -> list[str]:
    lines = ["### Appointments", ""]
    if not value:
        return [*lines, "_No appointments planned._"]
    for a in value:
        when = f"{a['day']} {a['time'] or ''}".strip()
        where = rules.kind_label(a["kind"]).lower() + (f", {a['place']}" if a["place"] else "")
        lines.append(f"- {when} · {where} ({a['status']})")
    return lines


def markdown_disclosures(value: list[dict[str, Any]]) -> list[str]:
    lines = ["### Disclosures of this record", ""]
    if not value:
        return [*lines, "_The record has not been given to anyone._"]
    for d in value:
        lines.append(
            "- " + rules.disclosure_line(
                datetime.fromisoformat(d["disclosed_at"]), d["what"], d["recipient"],
                d["purpose"], d["consent"],
            )
        )  # fmt: skip
    return lines
