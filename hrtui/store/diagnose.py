"""Why a vault does not open, or why a write to it did not go through: one line to tell.

SQLCipher says "file is not a database" both for a wrong passphrase and for a damaged first
page, and a full or read-only disk comes back as whatever SQLite tripped over. This module
turns such an error into the :class:`~hrtui.store.errors.VaultError` that says what is really
wrong (in use, disk full, read-only, not a vault, damaged, wrong passphrase), by asking the
error, the file's first bytes, the disk and, for a key that did not check out, SQLCipher's page
check on the connection it is handed.

It never opens the database and never changes the file: :mod:`hrtui.store.vault` is the only
place that opens the database. It reads no more than the file's first 512 bytes, opens the file
for writing only to ask whether it could (no create, no truncate), and runs only read-only
pragmas on a connection the vault keyed. A disk or permission problem is never blamed on the
passphrase. Its messages carry the path and the driver's own words, never the passphrase, SQL
parameters or anything read from the vault.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.errors import (
    DiskFull,
    DiskProblem,
    NotAVault,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultReadOnly,
    WrongPassphrase,
)

SQLITE_HEADER = b"SQLite format 3\x00"  # how an unencrypted SQLite file starts

# SQLite's primary result codes (the low byte of an extended code) told apart below.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
#: Codes that say something about the disk or the permissions, not about the vault's content.
DISK_CODES = frozenset({SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN})
#: A disk that refused a write with less free space than this is taken to be full.
LOW_SPACE = 64 * 1024


def sqlite_code(exc: BaseException | None) -> int:
    """SQLite's primary result code of a driver error (also one wrapped by SQLAlchemy), or of
    the first driver error it was raised while handling (a failed ``ROLLBACK`` after a full
    disk hides the real cause that way); 0 if there is none."""
    seen = 0
    while exc is not None and seen < 5:
        orig = getattr(exc, "orig", None)
        if isinstance(orig, sqlcipher.Error):
            exc = orig
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF != 1:  # 1 = SQLITE_ERROR: says nothing
            return code & 0xFF
        if isinstance(exc, sqlcipher.Error) and code is None:  # a driver without the codes
            text = str(exc).lower()
            for words, found in (
                (("locked", "busy"), SQLITE_BUSY),
                (("disk is full",), SQLITE_FULL),
                (("readonly",), SQLITE_READONLY),
                (("unable to open",), SQLITE_CANTOPEN),
                (("disk i/o",), SQLITE_IOERR),
                (("malformed",), SQLITE_CORRUPT),
                (("not a database",), SQLITE_NOTADB),
            ):
                if any(w in text for w in words):
                    return found
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return 0


def is_busy(exc: BaseException) -> bool:
    """True for SQLITE_BUSY / SQLITE_LOCKED ("database is locked"), not a wrong key."""
    return sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def _write_errno(path: Path) -> int | None:
    """Why this process cannot open ``path`` for writing (an errno), or None if it can.
    (Opening for writing changes nothing: no create, no truncate.)"""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        return exc.errno
    os.close(fd)
    return None


def _free_space(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _mounted_read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False


def disk_problem(path: Path, exc: BaseException | None = None) -> DiskProblem | None:
    """The disk or permission problem behind a failure to use the vault file ``path`` (a full
    disk, a read-only disk, file or folder), or None if there is none to see.

    Looks at the error first (``SQLITE_FULL``, ``ENOSPC``, ``EROFS``, ``EACCES``/``EPERM``),
    then, for a driver error that could come from the disk (I/O error, cannot open, read-only),
    at the disk itself: its free space, and whether the file and its folder can be written.
    """
    path = Path(path)
    folder = path.parent
    err = exc.errno if isinstance(exc, OSError) else None
    code = sqlite_code(exc)
    if code == SQLITE_FULL or err in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFull(path)
    if err == errno.EROFS:
        return VaultReadOnly(path, "the disk it is on is read-only")
    if err in (errno.EACCES, errno.EPERM):
        where = Path(exc.filename) if isinstance(exc, OSError) and exc.filename else path
        if where.exists():
            return VaultReadOnly(path, f"you have no permission to change {where}")
        return VaultReadOnly(path, f"you have no permission to create files in {where.parent}")
    if isinstance(exc, OSError) and err != errno.EIO:  # e.g. no such file: not the disk
        return None
    if exc is not None and not isinstance(exc, OSError) and code not in DISK_CODES:
        return None
    free = _free_space(folder)
    if free is not None and free < LOW_SPACE:
        return DiskFull(path)
    if _mounted_read_only(folder):
        return VaultReadOnly(path, "the disk it is on is read-only")
    if path.is_file() and not os.access(path, os.R_OK):
        unreadable = "you have no permission to read it"
        return DiskProblem(f"{path} cannot be opened: {unreadable}.", path, unreadable)
    why = _write_errno(path) if path.is_file() else None
    if why == errno.EROFS:
        return VaultReadOnly(path, "the disk it is on is read-only")
    if why == errno.EPERM:  # Linux: chattr +i; macOS: the "locked" flag
        return VaultReadOnly(path, "the file is locked against changes")
    if why == errno.EACCES:
        return VaultReadOnly(path, "you have no permission to change the file")
    if not os.access(folder, os.W_OK | os.X_OK):
        return VaultReadOnly(path, f"hrtui cannot create files in its folder {folder}")
    return None


_PAGE_IN_REPORT = re.compile(r"\bpage (\d+)\b")


def _looks_like_text(head: bytes) -> bool:
    """True if ``head`` (the start of a file) is readable text: an encrypted vault starts with
    a random salt and never is."""
    text = head.decode("utf-8", "replace").rstrip("\ufffd")  # a character cut at the end
    return bool(text) and all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _pages_that_open(conn: sqlcipher.Connection, size: int) -> tuple[int, int]:
    """(pages whose HMAC matches the key ``conn`` was given, pages in a file of ``size``
    bytes), by ``PRAGMA cipher_integrity_check``, which lists every page that does not.

    A wrong key matches no page at all; the right key matches every sound page, so one match
    is proof of the right passphrase even when page 1 (the one the key check reads) is damaged.
    """
    page = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]) or 4096
    total = -(-size // page)
    bad: set[str] = set()
    for (row,) in conn.execute("PRAGMA cipher_integrity_check"):
        found = _PAGE_IN_REPORT.search(str(row))
        bad.add(found.group(1) if found else str(row))
    return max(total - len(bad), 0), total


def explain_open_failure(path: Path, conn: sqlcipher.Connection, exc: BaseException) -> VaultError:
    """Why the key check on ``conn`` (keyed, reading ``path``) did not pass, as one line.

    SQLCipher says "file is not a database" both for a wrong passphrase and for a damaged
    first page, so the file is asked too: a plain SQLite header or text is not a vault; a page
    that does match the key means the passphrase is right and the file is damaged; a size that
    is not a whole number of pages means it was cut short. A wrong passphrase is what is left.
    Errors that come from the disk (full, read-only, no permission) are never blamed on the
    passphrase.
    """
    code = sqlite_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):  # another program holds an exclusive lock
        return VaultBusy(path)
    if code == SQLITE_CORRUPT:  # the key opened page 1, but what it points to is not there
        return VaultDamaged(path, "the passphrase is right, but part of the file is missing")
    if code != SQLITE_NOTADB:
        detail = " ".join(str(exc).split())
        return disk_problem(path, exc) or VaultError(f"{path} cannot be opened: {detail}.")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as err:  # pragma: no cover - raced with deletion
        return disk_problem(path, err) or NotAVault(path, str(err.strerror or err))
    if head.startswith(SQLITE_HEADER):
        return NotAVault(path, "it is an unencrypted SQLite database")
    if _looks_like_text(head):
        return NotAVault(path, "it is not an hrtui vault (it holds text)")
    try:
        good, total = _pages_that_open(conn, size)
    except sqlcipher.Error:  # pragma: no cover - the check itself could not run
        good, total = 0, 0
    if good:
        bad = total - good
        return VaultDamaged(
            path,
            f"the passphrase is right, but {bad} of its {total} pages "
            f"{'does' if bad == 1 else 'do'} not pass the check",
        )
    page = 4096
    with contextlib.suppress(sqlcipher.Error):
        page = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0]) or page
    if size < page or size % page:
        return VaultDamaged(
            path,
            f"its size, {size:,} bytes, is not a whole number of {page:,}-byte pages: it was "
            "cut short, or it is not an hrtui vault",
        )
    return WrongPassphrase(path)


def read_only_uri(path: Path) -> str | None:
    """A ``file:…?immutable=1`` URI for a vault that cannot be written here (on a read-only
    disk, a read-only or locked file, or in a folder where no file can be created) with no
    journal beside it; else None.

    Opened that way SQLite reads the file as it is, and creates no ``-wal``/``-shm`` files that
    it could not remove again (or could not create at all). Nobody can be writing to it
    meanwhile (a WAL-mode writer needs those files), nor has anything waiting in a WAL.
    """
    if any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm", "-journal")):
        return None
    if _write_errno(path) not in (errno.EROFS, errno.EACCES, errno.EPERM) and os.access(
        path.parent, os.W_OK | os.X_OK
    ):
        return None
    return f"{Path(os.path.abspath(path)).as_uri()}?immutable=1"


def explain_failure(path: Path, exc: BaseException) -> VaultError | None:
    """The vault error behind a driver or OS error raised while using the vault at ``path``:
    busy, disk full, read-only, damaged; None if ``exc`` is none of these."""
    code = sqlite_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return VaultBusy(path)
    if code in DISK_CODES or isinstance(exc, OSError):
        found = disk_problem(path, exc)
        if found is not None:
            return found
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return VaultDamaged(path, " ".join(str(getattr(exc, "orig", None) or exc).split()))
    return None


def explain_database_error(path: Path, exc: BaseException) -> VaultError | None:
    """A one-line :class:`VaultError` for a driver error raised while using the vault at
    ``path`` (e.g. a page found damaged only when read), or None if ``exc`` is not one.

    The message carries the driver's text (never SQL parameters: the engine hides them).
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig  # SQLAlchemy's text adds the statement; the driver's says what happened
    found = explain_failure(path, exc)  # full or read-only disk, in use, damaged
    if found is not None:
        return found
    detail = " ".join(str(exc).split())
    if isinstance(exc, sqlcipher.OperationalError):  # e.g. "database is locked"
        return VaultError(f"{path} cannot be used right now: {detail}.")
    if isinstance(exc, sqlcipher.DatabaseError):  # corrupt page, "file is not a database", …
        return VaultDamaged(path, detail)
    return None
