"""Small text helpers for the intake tables: :func:`fit` cuts a line to a width,
:func:`effect_cell` marks a factor as a strength or a risk, :func:`tag_cell` shows a "new" tag.
"""

from __future__ import annotations

from rich.text import Text

from hrtui.domain.intake import (
    EFFECT_MARKS,
)

STRENGTH_STYLE = "bold green"
RISK_STYLE = "bold yellow"
TAG_STYLE = "bold reverse"


def fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with "…" when cut."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def effect_cell(effect: str) -> Text:
    return Text(
        EFFECT_MARKS.get(effect, effect),
        style=STRENGTH_STYLE if effect == "strength" else RISK_STYLE,
    )


def tag_cell(tag: str) -> Text:
    return Text(f" {tag} " if tag else "", style=TAG_STYLE if tag else "")
