"""Reusable widgets (no data access: they show what screens give them)."""
