"""Get the storage stack ready while the person types the passphrase.

Importing SQLAlchemy and SQLModel, configuring the ORM mappers of every table and loading the
SQLite dialect take a few hundred milliseconds on a modest machine. Done in a background thread
while the unlock screen waits for the passphrase, none of it is left for the moment after
Enter, when the person waits for their roster.
"""

from __future__ import annotations

import gc


def warm_up() -> None:
    """Import and configure everything the first store calls after unlocking need."""
    gc.freeze()  # what the interface has loaded stays: the collections below need not walk it
    import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401  (the engine's dialect)
    from sqlalchemy.orm import configure_mappers

    import hrtui.store.clients  # noqa: F401  (the roster)
    import hrtui.store.models  # noqa: F401  (every table)
    import hrtui.store.settings  # noqa: F401  (the lock time, read right after unlocking)

    configure_mappers()
    # What is loaded by now (Python, Textual, SQLAlchemy: about a million objects) stays for
    # the life of the process; the collector need not walk it again on every full collection,
    # which otherwise pauses the interface for up to a tenth of a second now and then.
    gc.freeze()
