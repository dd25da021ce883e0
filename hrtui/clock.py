"""The one clock of hrtui: every "today" and "now" that the app, the store and the domain use
comes from here.

Local time, as the counselor's laptop keeps it. Records are stamped to the whole second. The
domain functions take ``today`` as an argument and fall back to :func:`today`; screens and the
store ask this module, never ``date.today()`` or ``datetime.now()`` themselves.

Tests set this clock by freezing the wall clock with ``time-machine`` (``tests/conftest.py``);
monotonic time keeps running, so Textual's timers still fire. Idle time for the auto-lock is
measured on the wall clock (:func:`wall`): a laptop's sleep counts as idle time.
"""

from __future__ import annotations

import time
from datetime import date, datetime


def today() -> date:
    """Today's date, local time."""
    return date.today()


def now() -> datetime:
    """The local date and time, to the whole second (how records are stamped)."""
    return datetime.now().replace(microsecond=0)


def wall() -> float:
    """Seconds since the epoch on the wall clock (idle time for the auto-lock)."""
    return time.time()
