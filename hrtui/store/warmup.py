"""Get the storage stack ready while the person types the passphrase.

Importing SQLAlchemy and SQLModel, configuring the ORM mappers of every table and loading the
SQLite dialect take a few hundred milliseconds on a modest machine. Done in a background thread
while the unlock screen waits for the passphrase, none of it is left for the moment after
Enter, when the person waits for their roster.

What is loaded by then (Python, Textual, SQLAlchemy: over a million objects) stays for the life
of the process. :func:`freeze` moves it out of the garbage collector's way (``gc.freeze``):
otherwise every full collection walks all of it again and pauses the interface for up to a
tenth of a second, now and then, while a counselor types.
"""

from __future__ import annotations

import gc

_frozen: set[str] = set()


def freeze(stage: str) -> None:
    """Exempt everything alive now from future collections; once per ``stage`` and process
    (so a process that opens many apps, such as the test suite, cannot pile up garbage)."""
    if stage not in _frozen:
        _frozen.add(stage)
        gc.freeze()


def warm_up() -> None:
    """Import and configure everything the first store calls after unlocking need."""
    freeze("interface")  # Textual and the first screen: the imports below need not walk them
    import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401  (the engine's dialect)
    from sqlalchemy.orm import configure_mappers

    import hrtui.store.clients  # noqa: F401  (the roster)
    import hrtui.store.models  # noqa: F401  (every table)
    import hrtui.store.settings  # noqa: F401  (the lock time, read right after unlocking)

    configure_mappers()
    freeze("storage")
