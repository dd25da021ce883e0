"""Process hardening, done first thing when ``hrtui`` starts: no core dumps.

An unlocked hrtui holds the passphrase (in SQLCipher's ``PRAGMA key``) and the records on
screen in its memory; a core file written after a crash would hold them too, unencrypted. So
the core size limit is set to 0, and on Linux the process is made non-dumpable (which also
keeps other programs of the same user from attaching to it with a debugger and reading its
memory). Where a step is not available (``resource`` on Windows, ``prctl`` outside Linux) it is
skipped silently. Imports nothing heavy: it runs before the arguments are parsed.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4  # from <linux/prctl.h>
PR_GET_DUMPABLE = 3


def forbid_core_dumps() -> None:
    """Set this process's core file size limit to 0 and, on Linux, make it non-dumpable."""
    try:
        import resource
    except ImportError:  # Windows
        resource = None  # type: ignore[assignment]  # no such module on Windows
    if resource is not None and hasattr(resource, "RLIMIT_CORE"):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
