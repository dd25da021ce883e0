"""Parsing what people type into fields, with messages fit to show next to the field.

Every function raises ``ValueError`` whose text is that message.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from hrtui import clock

DAY_HINT = "YYYY-MM-DD, today, yesterday, or -N for N days ago"
MAX_AMOUNT = 100_000


def parse_day(
    text: str,
    today: date | None = None,
    *,
    allow_future: bool = False,
    default: date | None = None,
) -> date:
    """A day from "2026-03-01", "today", "yesterday", "-3" (three days ago), or empty (default).

    Future days are refused unless ``allow_future`` (review and check-in dates may be ahead).
    """
    today = today or clock.today()
    raw = (text or "").strip().casefold()
    if not raw:
        if default is not None:
            return default
        raise ValueError(f"Type a date ({DAY_HINT}).")
    if raw in ("today", "t"):
        day = today
    elif raw in ("yesterday", "y"):
        day = today - timedelta(days=1)
    elif re.fullmatch(r"[-+]\d{1,4}", raw):
        day = today + timedelta(days=int(raw))
    else:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"Not a date: use {DAY_HINT}.") from None
    if day > today and not allow_future:
        raise ValueError("That date is in the future.")
    if day.year < 1900:
        raise ValueError("That date is too far in the past.")
    return day


def amount_text(value: float | None, empty: str = "") -> str:
    """A stored amount as it can be typed back, without rounding: 4.0 → "4", 0.125 → "0.125".

    Forms that edit an amount show this, so saving an unchanged form stores the same number.
    """
    if value is None:
        return empty
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


#: An amount as typed: digits with one decimal point or comma ("4", "2.5", "2,5", ".5").
AMOUNT = re.compile(r"[-+]?(\d+([.,]\d*)?|[.,]\d+)")
#: "1,000" reads as one thousand in some places and as 1.000 in others: asked, not guessed.
THOUSANDS = re.compile(r"[1-9]\d{0,2},\d{3}")


def parse_amount(
    text: str | float | None, *, required: bool = True, maximum: float = MAX_AMOUNT
) -> float | None:
    """A non-negative number ("4", "2.5", "2,5", or a number given by code); None for empty
    when not required."""
    if isinstance(text, bool):
        raise ValueError("Type a number, e.g. 4 or 2.5.")
    if isinstance(text, int | float):
        try:
            value = float(text)
        except OverflowError:
            raise ValueError(f"That is more than {maximum:g}; check the amount and unit.") from None
    else:
        typed = (text or "").strip()
        if not typed:
            if required:
                raise ValueError("Type an amount.")
            return None
        if not AMOUNT.fullmatch(typed):  # float() would also take "1_000", "1e3", "nan"
            raise ValueError("Type a number, e.g. 4 or 2.5.")
        if THOUSANDS.fullmatch(typed.lstrip("+")):
            whole, part = typed.lstrip("+").split(",")
            decimal = f"{float(f'{whole}.{part}'):g}"
            thousands = f"{whole}{part}"
            raise ValueError(f"Is that {decimal} or {thousands}? Type {decimal} or {thousands}.")
        value = float(typed.replace(",", "."))
    if math.isnan(value) or math.isinf(value):
        raise ValueError("Type a number, e.g. 4 or 2.5.")
    if value < 0:
        raise ValueError("The amount cannot be negative.")
    if value > maximum:
        raise ValueError(f"That is more than {maximum:g}; check the amount and unit.")
    return value


def parse_int_range(text: str, low: int, high: int, *, required: bool = True) -> int | None:
    """A whole number from ``low`` to ``high``; None for empty when not required."""
    raw = (text or "").strip()
    if not raw:
        if required:
            raise ValueError(f"Type a number from {low} to {high}.")
        return None
    if not re.fullmatch(r"[-+]?\d{1,6}", raw):
        raise ValueError(f"Type a whole number from {low} to {high}.")
    value = int(raw)
    if not low <= value <= high:
        raise ValueError(f"Use a number from {low} to {high}.")
    return value


#: Unit words that end in "s" but are not plurals.
_NOT_PLURAL = {"gas", "yes"}


def singular_unit(unit: str) -> str:
    """A unit as it reads after exactly 1: "standard drinks" → "standard drink", "cans of beer"
    → "can of beer", "glasses" → "glass"; "mg", "g", "ml" and "joint" stay as they are. The
    first word that is a plain English plural is made singular."""
    words = unit.split(" ")
    for index, word in enumerate(words):
        low = word.casefold()
        if len(low) < 3 or not low.endswith("s") or low.endswith(("ss", "us", "is")):
            continue
        if low in _NOT_PLURAL:
            continue
        if low.endswith(("ches", "shes", "sses", "xes")):
            words[index] = word[:-2]
        else:
            words[index] = word[:-1]
        return " ".join(words)
    return unit


def amount_with_unit(amount: float | None, unit: str | None, empty: str = "") -> str:
    """An amount and its unit in words: "4 standard drinks", "1 standard drink", "1 beer",
    "0.5 g"; just the amount without a unit; ``empty`` when there is no amount."""
    number = amount_text(amount)
    if not number:
        return empty
    unit = (unit or "").strip()
    if not unit:
        return number
    return f"{number} {singular_unit(unit) if number == '1' else unit}"
