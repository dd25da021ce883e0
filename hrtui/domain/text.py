"""Shared checks for free text typed into any form."""

from __future__ import annotations

import unicodedata

#: Invisible characters that mean nothing at either end of a text (direction marks, which do,
#: are kept).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def clean(text: str | None) -> str:
    """Trim surrounding white space and zero-width characters; a text made only of invisible
    characters (white space, zero-width, direction marks) becomes '' so that it counts as
    empty. ``None`` becomes ''."""
    text = text or ""
    if all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
        return ""
    return text.strip().strip(ZERO_WIDTH).strip()


def one_line(text: str | None) -> str:
    """The text on one line: runs of white space (newlines too) made one space, then
    :func:`clean`. For labels and short answers."""
    return clean(" ".join((text or "").split()))


# Direction overrides and isolates can make one text look like another; marks (LRM/RLM) are fine.
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_char_problem(text: str, *, multiline: bool = False) -> str | None:
    """A message if ``text`` holds control characters (tabs and, if allowed, newlines are fine)."""
    allowed = {"\t", "\n"} if multiline else {"\t"}
    for ch in text:
        if ch in BIDI_OVERRIDES or (ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs")):
            return "Remove the control character(s) in this text."
    return None


def length_problem(text: str, maximum: int) -> str | None:
    if len(text) > maximum:
        return f"Keep this to {maximum} characters or fewer (now {len(text)})."
    return None


def same_text(a: str, b: str) -> bool:
    """Equal ignoring case, in every script (casefold alone misses pairs like ı and I)."""
    return a.casefold() == b.casefold() or a.upper().casefold() == b.upper().casefold()
