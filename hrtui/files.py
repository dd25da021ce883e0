"""Writing the few files hrtui writes outside the vault (exports, the client's plan).

They are NOT encrypted, so they are written only where the counselor asks, created readable
and writable by the owner alone (0600), atomically (temp file in the same folder, fsync,
rename), so a reader never sees half a file. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from hrtui.store.errors import Invalid


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
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
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
        raise Invalid({field: "Give a full path, starting with / or ~/."})
    if not path.parent.is_dir():
        raise Invalid({field: f"The folder {path.parent} does not exist."})
    if path.is_dir():
        raise Invalid({field: f"{path} is a folder; add a file name."})
    if (path.exists() or path.is_symlink()) and not overwrite:
        raise Invalid({field: "That file exists. Tick “Replace it” or choose another name."})
    return path
