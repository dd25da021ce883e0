"""Client details: validation and roster filtering. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from hrtui.domain.text import clean, control_char_problem, length_problem

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,15}$")
CODE_RULE = "2–16 letters, digits, - or _, starting with a letter or digit"
NAME_MAX = 60
PRONOUNS_MAX = 30
NOTE_MAX = 2000


@dataclass(frozen=True)
class ClientInput:
    """What the client form submits, already trimmed by :func:`validate_client`."""

    code: str
    display_name: str
    pronouns: str = ""
    note: str = ""


@dataclass(frozen=True)
class RosterRow:
    """One line of the roster, as the screen shows it."""

    id: int
    code: str
    display_name: str
    pronouns: str
    archived: bool
    last_activity_at: datetime | None
    open_goals: int = 0


def validate_client(
    code: str, display_name: str, pronouns: str = "", note: str = ""
) -> tuple[ClientInput, dict[str, str]]:
    """Trim the fields and check them; returns the input and a field → message map of problems."""
    data = ClientInput(clean(code), clean(display_name), clean(pronouns), (note or "").strip())
    errors: dict[str, str] = {}
    if not data.code:
        errors["code"] = "A client code is required."
    elif not CODE_PATTERN.match(data.code):
        errors["code"] = f"Use {CODE_RULE}."
    if not data.display_name:
        errors["display_name"] = "A name is required (a first name or an alias is fine)."
    else:
        problem = control_char_problem(data.display_name) or length_problem(
            data.display_name, NAME_MAX
        )
        if problem:
            errors["display_name"] = problem
    problem = control_char_problem(data.pronouns) or length_problem(data.pronouns, PRONOUNS_MAX)
    if problem:
        errors["pronouns"] = problem
    problem = control_char_problem(data.note, multiline=True) or length_problem(data.note, NOTE_MAX)
    if problem:
        errors["note"] = problem
    return data, errors


def filter_roster(
    rows: list[RosterRow], query: str, *, show_archived: bool = False, codes_only: bool = False
) -> list[RosterRow]:
    """Rows whose code or name contains every word of ``query`` (case-insensitive).

    Archived clients are left out unless ``show_archived``. With ``codes_only`` (names hidden
    on screen) only codes are searched, so a search cannot reveal a hidden name.
    """
    words = query.casefold().split()
    out = []
    for row in rows:
        if row.archived and not show_archived:
            continue
        haystack = row.code if codes_only else f"{row.code} {row.display_name}"
        haystack = haystack.casefold()
        if all(w in haystack for w in words):
            out.append(row)
    return out
