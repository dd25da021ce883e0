"""Settings stored in the vault's meta table."""

from __future__ import annotations

from hrtui.domain.settings import LOCK_AFTER_KEY, lock_minutes_to_seconds, stored_lock_after
from hrtui.store.errors import Invalid
from hrtui.store.meta import get_meta, set_meta
from hrtui.store.vault import Vault


def lock_after(vault: Vault) -> int:
    """Seconds of idle time before the app locks itself."""
    return stored_lock_after(get_meta(vault, LOCK_AFTER_KEY))


def set_lock_minutes(vault: Vault, text: str) -> int:
    try:
        seconds = lock_minutes_to_seconds(text)
    except ValueError as exc:
        raise Invalid({"lock_minutes": str(exc)}) from None
    set_meta(vault, LOCK_AFTER_KEY, str(seconds))
    return seconds
