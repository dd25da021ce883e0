"""Vault metadata: a small key → value table (e.g. ``demo = 1`` marks a demo vault)."""

from __future__ import annotations

from hrtui.store.models import Meta
from hrtui.store.vault import Vault


def get_meta(vault: Vault, key: str, default: str | None = None) -> str | None:
    """The value stored under ``key``, or ``default`` if there is none."""
    with vault.session() as session:
        row = session.get(Meta, key)
        return default if row is None else row.value


def set_meta(vault: Vault, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing any earlier value."""
    with vault.session() as session:
        row = session.get(Meta, key)
        if row is None:
            session.add(Meta(key=key, value=value))
        else:
            row.value = value
            session.add(row)
