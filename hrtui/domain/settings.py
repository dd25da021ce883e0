"""App settings kept inside the vault (so they travel with it, encrypted)."""

from __future__ import annotations

import re

from hrtui.domain.parse import parse_int_range

LOCK_AFTER_KEY = "lock_after_seconds"
DEFAULT_LOCK_AFTER = 300  # five minutes
MIN_LOCK_MINUTES, MAX_LOCK_MINUTES = 1, 240


def lock_minutes_to_seconds(text: str) -> int:
    """The idle time typed in minutes, as seconds; ValueError with a message if out of range."""
    minutes = parse_int_range(text, MIN_LOCK_MINUTES, MAX_LOCK_MINUTES)
    assert minutes is not None
    return minutes * 60


def stored_lock_after(value: str | None) -> int:
    """The stored idle time in seconds, falling back to the default for anything unusable."""
    try:
        seconds = int(value) if value is not None else DEFAULT_LOCK_AFTER
    except ValueError:
        return DEFAULT_LOCK_AFTER
    return seconds if seconds > 0 else DEFAULT_LOCK_AFTER


#: The structure of session notes, chosen once (see :mod:`hrtui.domain.sessions`): DAP (Data,
#: Assessment, Plan), SOAP (Subjective, Objective, Assessment, Plan) or BIRP (Behavior,
#: Intervention, Response, Plan). A note keeps the structure it was begun in.
NOTE_STRUCTURE_KEY = "note_structure"
NOTE_STRUCTURES = ("dap", "soap", "birp")
DEFAULT_NOTE_STRUCTURE = "dap"


def stored_note_structure(value: str | None) -> str:
    """The stored note structure, falling back to DAP for anything unknown."""
    return value if value in NOTE_STRUCTURES else DEFAULT_NOTE_STRUCTURE


# -- safety prompts (issue #17) ------------------------------------------------------------------

#: Days without use after which a return to opioids or other depressants shows the tolerance
#: prompt (tolerance falls within days of not using).
TOLERANCE_DAYS_KEY = "tolerance_break_days"
DEFAULT_TOLERANCE_DAYS = 7
MIN_TOLERANCE_DAYS, MAX_TOLERANCE_DAYS = 1, 90
#: The overdose-prevention line the service gives people (free text: a name and a number).
OVERDOSE_LINE_KEY = "overdose_line"
OVERDOSE_LINE_MAX = 120


def tolerance_days(text: str) -> int:
    """The number of days typed; ValueError with a message if out of range."""
    days = parse_int_range(text, MIN_TOLERANCE_DAYS, MAX_TOLERANCE_DAYS)
    assert days is not None
    return days


def stored_tolerance_days(value: str | None) -> int:
    """The stored number of days, falling back to the default for anything unusable."""
    try:
        days = int(value) if value is not None else DEFAULT_TOLERANCE_DAYS
    except ValueError:
        return DEFAULT_TOLERANCE_DAYS
    return days if MIN_TOLERANCE_DAYS <= days <= MAX_TOLERANCE_DAYS else DEFAULT_TOLERANCE_DAYS


def overdose_line_problem(text: str) -> str | None:
    """Why the overdose-prevention line as typed cannot be kept, or None ("" is fine)."""
    from hrtui.domain.text import control_char_problem, length_problem

    return control_char_problem(text) or length_problem(text, OVERDOSE_LINE_MAX)


# -- progress: standard drinks and the heavy-drinking day (issue #15) ----------------------------

#: The size of one standard drink (a key of :data:`hrtui.domain.drinks.SIZES`).
DRINK_SIZE_KEY = "standard_drink_size"
#: What counts as a heavy-drinking day ("who", "niaaa-women", "niaaa-men" or "drinks:N").
HEAVY_DAY_KEY = "heavy_drinking_day"


# -- the look: the colour theme (issue #16) ----------------------------------------------------

#: The name of the colour theme chosen in this vault (one of Textual's themes, e.g.
#: "textual-light"); applied once the vault is unlocked. Not set: the default theme.
THEME_KEY = "theme"
THEME_NAME_MAX = 40
_THEME_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def theme_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be kept as a theme's name, or None. (Which themes exist is the
    screens' business: an unknown name kept here is ignored there.)"""
    if len(name) > THEME_NAME_MAX or not _THEME_NAME.fullmatch(name):
        return "Choose one of the themes listed."
    return None


def stored_theme(value: str | None) -> str | None:
    """The stored theme's name, or None (not chosen, or not a usable name)."""
    return value if value and theme_name_problem(value) is None else None
