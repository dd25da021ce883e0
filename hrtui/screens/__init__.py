"""Textual screens. They reach the vault only through :meth:`StoreCalls.call_store`."""
