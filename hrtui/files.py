"""Putting files in place the same way on Windows, macOS and Linux; and the few files hrtui
writes outside the vault (exports, the client's plan).

Every file hrtui replaces (an export, a backup, a restored vault, the vault under a new
passphrase) goes through one sequence: write a temporary file in the same folder, flush it,
fsync it, close it, rename it over the target (:func:`replace`), then fsync the folder so the
rename itself survives a power cut (:func:`fsync_dir`). What differs between systems is kept
here, and only here:

- **fsync needs a handle open for writing on Windows** (``_commit`` refuses a read-only one
  with EBADF); :func:`fsync_file` opens read-write on every system.
- **Windows has no folder fsync** (a folder cannot even be opened with ``os.open``); NTFS
  journals the rename itself. :func:`fsync_dir` does nothing there, and is best effort
  elsewhere (not every file system allows it).
- **Windows cannot rename over a file that is open**, by this process or another (SQLite, a
  virus scanner or the search indexer glancing at a new file). Everything of ours is closed
  before the rename (``release`` of :func:`put_in_place`), and :func:`replace` tries again a
  few times, briefly, on a sharing violation.
- **0600 is a read-only flag on Windows**, nothing more: who may read a file there is decided
  by the folder's access lists (the user profile is private to its user), see docs/SECURITY.md.

Exports are NOT encrypted, so they are written only where the counselor asks, created readable
and writable by the owner alone (0600), atomically, so a reader never sees half a file. No
Textual here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hrtui.store.errors import Invalid

#: True on Windows. Tests set it to run the Windows branch on Linux.
_WINDOWS = os.name == "nt"
#: How often :func:`replace` tries on Windows, and the pause (seconds) before each retry.
REPLACE_TRIES = 5
REPLACE_PAUSE = 0.1
_sleep = time.sleep  # a seam for the tests


def fsync_file(path: Path) -> None:
    """Flush the file at ``path`` to the disk. The handle is opened for writing (without
    truncating): Windows cannot fsync a read-only one."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable: best effort, and nothing to do on Windows."""
    if _WINDOWS:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace(src: Path | str, dst: Path | str) -> None:
    """``os.replace(src, dst)``; on Windows a sharing violation (``PermissionError``: someone
    has one of the files open for a moment) is retried a few times before it is raised."""
    tries = REPLACE_TRIES if _WINDOWS else 1
    for attempt in range(1, tries + 1):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == tries:
                raise
            _sleep(REPLACE_PAUSE)


def put_in_place(tmp: Path, target: Path, release: Callable[[], None] | None = None) -> None:
    """Rename the written, fsynced and closed ``tmp`` over ``target`` and make that durable.

    ``release`` closes what this process still holds ``target`` open with (e.g. the SQLite
    connection keeping other programs out while the copy was made). Windows cannot rename over
    an open file, so there it is called before the rename; elsewhere the caller keeps its hold
    until the new file is in place and closes it itself.
    """
    if _WINDOWS and release is not None:
        release()
    replace(tmp, target)
    fsync_dir(target.parent)


def write_private_file(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically with mode 0600; an existing file is replaced.

    Raises ``OSError`` (e.g. ``FileNotFoundError`` when the folder does not exist).
    """
    path = path.expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, f"the folder {folder} does not exist", str(folder))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())  # a handle open for writing: fine on Windows too
        # closed here, before the rename (Windows cannot rename an open file)
        os.chmod(tmp, 0o600)
        put_in_place(Path(tmp), path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def target_path(path_text: str, overwrite: bool, field: str = "path") -> Path:
    """Check a file name typed into a form; problems raise ``Invalid({field: message})``."""
    text = (path_text or "").strip()
    if not text:
        raise Invalid({field: "Type where to write the file, e.g. ~/plan.md."})
    if any(ch in text for ch in "\x00\n\r"):
        raise Invalid({field: "Remove the control character(s) from the path."})
    path = Path(text).expanduser()
    if not path.is_absolute():
        start = "a drive such as C:\\ or ~\\" if _WINDOWS else "/ or ~/"
        raise Invalid({field: f"Give a full path, starting with {start}."})
    if not path.parent.is_dir():
        raise Invalid({field: f"The folder {path.parent} does not exist."})
    if path.is_dir():
        raise Invalid({field: f"{path} is a folder; add a file name."})
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise Invalid({field: "That file exists. Tick “Replace it” or choose another name."})
    return path
