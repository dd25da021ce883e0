"""App settings kept inside the vault (so they travel with it, encrypted)."""

from __future__ import annotations

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
