"""The vault: one SQLCipher-encrypted SQLite file that holds everything.

This is the only place that opens the database. Every connection is set up the same way:

1. SQLCipher's own stderr logging off (it would draw over the terminal UI);
2. ``PRAGMA key`` as the first statement touching the file, the passphrase passed as an SQL
   literal made by ``quote(?)`` (never pasted into SQL or a URL);
3. the key verified by reading ``sqlite_master``; a failure leaves the file untouched;
4. ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON``, ``temp_store=MEMORY``,
   ``secure_delete=ON``.

Key derivation is SQLCipher 4's default (PBKDF2-HMAC-SHA512, 256,000 iterations); ``open``
checks that the vault really uses at least that. The passphrase is held only inside the
connection factory (and a sibling closure used to key encrypted copies, see
:meth:`Vault.export_copy`) while the vault is open and is never written anywhere.

Copies (backups, restores, a passphrase change) are made with ``sqlcipher_export`` into a new
file by :func:`export_database` and checked by :func:`check_file`; ``VACUUM INTO`` is never
used. :mod:`hrtui.store.maintenance` builds on them.

The engine has exactly one connection (a ``QueuePool`` of size one), so the key is derived once
per unlock and worker threads take turns on it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.errors import (
    DiskFull,
    DiskProblem,
    MigrationFailed,
    NotAVault,
    SQLCipherMissing,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultMissing,
    VaultOpenElsewhere,
    VaultReadOnly,
    WrongPassphrase,
)

if TYPE_CHECKING:  # SQLAlchemy is imported lazily: it is the slowest import of the app.
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

MIN_KDF_ITER = 256_000
SQLITE_HEADER = b"SQLite format 3\x00"
COPY_ALIAS = "hrtui_copy"  # the schema name a copy is attached under while it is written

T = TypeVar("T")

# SQLite's primary result codes (the low byte of an extended code) told apart below.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
#: Codes that say something about the disk or the permissions, not about the vault's content.
DISK_CODES = frozenset({SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN})
#: A disk that refused a write with less free space than this is taken to be full.
LOW_SPACE = 64 * 1024
#: Beside the vault while an hrtui has it open: see :class:`VaultLock`.
LOCK_SUFFIX = ".lock"


def _quote(text: str) -> str:
    """An SQL string literal for ``text``, made by SQLite itself (survives any quote).

    It runs on a private in-memory connection: before ``PRAGMA key`` the vault's own connection
    must not run anything that reads the file.
    """
    if "\x00" in text:
        raise ValueError("a passphrase cannot contain a NUL character")
    mem = sqlcipher.connect(":memory:")
    try:
        return mem.execute("SELECT quote(?)", (text,)).fetchone()[0]
    finally:
        mem.close()


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


def _is_busy(exc: BaseException) -> bool:
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


def _explain_open_failure(path: Path, conn: sqlcipher.Connection, exc: BaseException) -> VaultError:
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


def _read_only_uri(path: Path) -> str | None:
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


def open_keyed(path: Path, passphrase: str, *, verify_kdf: bool = True) -> sqlcipher.Connection:
    """A keyed and verified connection to ``path`` that has changed nothing in the file yet
    (steps 1-3 above; no journal mode set). For reading a backup or checking a copy.

    A vault this process cannot write is opened read-only as it is (see :func:`_read_only_uri`).
    A failure is one line saying why (:func:`_explain_open_failure`): wrong passphrase, damaged,
    not a vault, in use, disk full or read-only.
    """
    path = Path(path)
    uri = _read_only_uri(path)
    try:
        conn = sqlcipher.connect(uri or str(path), check_same_thread=False, uri=bool(uri))
    except sqlcipher.Error as exc:  # pragma: no cover - SQLite opens the file lazily
        detail = " ".join(str(exc).split())
        raise disk_problem(path, exc) or NotAVault(path, detail) from None
    try:
        conn.execute("PRAGMA cipher_log = off")
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise SQLCipherMissing()
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:  # OperationalError included
            raise _explain_open_failure(path, conn, exc) from None
        if verify_kdf:
            kdf_iter = int(conn.execute("PRAGMA kdf_iter").fetchone()[0])
            if kdf_iter < MIN_KDF_ITER:  # pragma: no cover - only with a hand-made file
                raise NotAVault(path, f"its key derivation ({kdf_iter} rounds) is too weak")
    except BaseException:
        conn.close()
        raise
    return conn


def connect(path: Path, passphrase: str, *, verify_kdf: bool = True) -> sqlcipher.Connection:
    """Open one keyed, verified and configured connection to the vault at ``path``."""
    conn = open_keyed(path, passphrase, verify_kdf=verify_kdf)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
    except sqlcipher.OperationalError as exc:
        conn.close()
        if _is_busy(exc):
            raise VaultBusy(path) from None
        raise disk_problem(path, exc) or exc from None
    except BaseException:
        conn.close()
        raise
    return conn


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


# -- who has the vault open: an advisory lock beside it ------------------------------------


def lock_path(path: Path) -> Path:
    """``<vault>.lock``: an empty file, there only while some hrtui holds the vault."""
    return Path(f"{path}{LOCK_SUFFIX}")


if os.name == "nt":  # pragma: no cover - Windows: byte-range locks, exclusive only
    import msvcrt

    #: A shared lock is one of these bytes, an exclusive lock all of them (so up to this many
    #: hrtui windows can hold one vault at once).
    _SLOTS = 64

    def _try_lock(fd: int, exclusive: bool) -> int | None:
        """The byte locked (0 for all of them), or None if the lock is held elsewhere."""
        for slot in [0] if exclusive else range(_SLOTS):
            os.lseek(fd, slot, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, _SLOTS if exclusive else 1)
            except OSError:
                continue
            return slot
        return None

    def _unlock(fd: int, slot: int, exclusive: bool) -> None:
        os.lseek(fd, slot, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, _SLOTS if exclusive else 1)

    def _release_file(lock_file: Path, fd: int, slot: int, exclusive: bool) -> None:
        _unlock(fd, slot, exclusive)
        os.close(fd)
        with contextlib.suppress(OSError):  # refused while another process has it open
            lock_file.unlink()

else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> int | None:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        return 0

    def _release_file(lock_file: Path, fd: int, slot: int, exclusive: bool) -> None:
        # Remove the file only if nobody else holds it (an exclusive lock is granted); anyone
        # who opened it meanwhile sees, once they have their lock, that it is gone, and starts
        # over with a new one (see VaultLock.take).
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _same_file(fd, lock_file):
                lock_file.unlink()
        except OSError:
            pass
        finally:
            os.close(fd)


#: A file system that offers no locks: then nothing is locked (see _sole_user in maintenance).
_NO_LOCKS = frozenset(
    getattr(errno, name) for name in ("ENOLCK", "EOPNOTSUPP", "ENOSYS") if hasattr(errno, name)
)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


class VaultLock:
    """An OS advisory lock on ``<vault>.lock``, so that no hrtui replaces a vault another one has
    open (the running app would go on saving into the file moved aside).

    Every open :class:`Vault` holds it shared; restore and passphrase change take it exclusive
    and refuse (:class:`VaultOpenElsewhere`) while anyone holds it. ``flock`` on POSIX (released
    by the OS when the process ends, however it ends), byte-range locks on Windows. The file is
    empty and made 0600: it shows only that a vault is open, as its ``-wal``/``-shm`` do. The
    last holder removes it. Nothing is locked where the file cannot be made (a read-only disk
    or folder): nothing can replace the vault there either.
    """

    #: Tries before giving up, RETRY_SECONDS apart: rides over a holder that is just letting go.
    TRIES, RETRY_SECONDS = 8, 0.025

    def __init__(self, lock_file: Path, fd: int, slot: int, exclusive: bool) -> None:
        self.lock_file, self.exclusive = lock_file, exclusive
        self._fd: int | None = fd
        self._slot = slot

    @classmethod
    def take(cls, vault_path: Path, *, exclusive: bool) -> VaultLock | None:
        """Lock the vault at ``vault_path``: shared (an open vault) or exclusive (to replace it).

        Raises :class:`VaultBusy` if a shared lock is refused (a restore or passphrase change
        is running), :class:`VaultOpenElsewhere` if an exclusive one is (an hrtui has the vault
        open). Where the lock file cannot be made, a shared lock is None (nothing to lock
        with) and an exclusive one raises the :class:`OSError`.
        """
        lock_file = lock_path(Path(vault_path))
        flags = os.O_RDONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
        for attempt in range(cls.TRIES):
            try:
                fd = os.open(lock_file, flags, 0o600)
            except OSError:
                if exclusive:
                    raise
                return None
            try:
                slot = _try_lock(fd, exclusive)
            except OSError as exc:
                os.close(fd)
                if exc.errno in _NO_LOCKS:  # e.g. a network share without locks
                    return None
                raise
            except BaseException:
                os.close(fd)
                raise
            if slot is None:
                os.close(fd)
                if attempt + 1 < cls.TRIES:
                    time.sleep(cls.RETRY_SECONDS)
                continue
            if _same_file(fd, lock_file):
                return cls(lock_file, fd, slot, exclusive)
            # The last holder removed the file between our open and our lock: start over.
            _release_file(lock_file, fd, slot, exclusive)
        raise VaultOpenElsewhere(vault_path) if exclusive else VaultBusy(vault_path)

    def release(self) -> None:
        """Let go (again: does nothing); removes the lock file if nobody else holds it."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _release_file(self.lock_file, fd, self._slot, self.exclusive)

    def __enter__(self) -> VaultLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def replacing(vault_path: Path) -> Iterator[None]:
    """Hold the vault at ``vault_path`` exclusively while it is replaced (restore, passphrase
    change); :class:`VaultOpenElsewhere` if any hrtui has it open. A lock file that cannot be
    made raises :class:`DiskProblem` (read-only folder or disk, full disk)."""
    try:
        lock = VaultLock.take(vault_path, exclusive=True)
    except OSError as exc:
        raise disk_problem(Path(vault_path), exc) or VaultError(
            f"{vault_path} cannot be locked: {exc.strerror or exc}."
        ) from None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


# -- copies: backup, restore and passphrase change build on these --------------------------


@dataclass(frozen=True)
class FileCheck:
    """What :func:`check_file` found in a vault file."""

    problems: list[str]  # [] if both integrity checks passed
    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)  # rows per table
    cipher_version: str = ""  # e.g. "4.6.1 community"


def integrity_problems(conn: sqlcipher.Connection, schema: str = "main") -> list[str]:
    """Problems found by SQLCipher's page HMAC check and SQLite's own check; [] if sound."""
    problems: list[str] = []
    for pragma in ("cipher_integrity_check", "integrity_check"):
        try:
            rows = [row[0] for row in conn.execute(f"PRAGMA {schema}.{pragma}")]
        except sqlcipher.DatabaseError as exc:  # too damaged to even walk
            if sqlite_code(exc) in DISK_CODES | {SQLITE_BUSY, SQLITE_LOCKED}:
                raise  # the disk or another program, not the file's content
            rows = [f"{pragma}: {exc}"]
        problems += [r for r in rows if r != "ok"]
    return problems


def table_counts(conn: sqlcipher.Connection, schema: str = "main") -> dict[str, int]:
    """Rows in each table of ``schema`` (SQLite's own tables left out)."""
    names = [
        row[0]
        for row in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for name in names
    }


def check_file(path: Path, passphrase: str) -> FileCheck:
    """Open the vault file ``path`` with ``passphrase`` without changing it, and run both
    integrity checks. Raises :class:`WrongPassphrase` / :class:`NotAVault` if it does not open.
    """
    path = Path(path)
    if not path.is_file():
        raise NotAVault(path, "there is no such file")
    if path.stat().st_size == 0:
        raise NotAVault(path, "it is empty")
    conn = open_keyed(path, passphrase)
    try:
        try:
            problems = integrity_problems(conn)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            counts = table_counts(conn) if not problems else {}
            cipher = str(conn.execute("PRAGMA cipher_version").fetchone()[0])
        except sqlcipher.DatabaseError as exc:
            found = explain_failure(path, exc)
            raise found or VaultDamaged(path, " ".join(str(exc).split())) from None
    finally:
        conn.close()
    return FileCheck(problems, version, counts, cipher)


def export_database(conn: sqlcipher.Connection, target: Path, passphrase: str) -> dict[str, int]:
    """Copy everything in ``conn``'s main database into ``target`` (a new, empty file),
    encrypted with ``passphrase``, with ``sqlcipher_export`` (never ``VACUUM INTO``).

    The copy and its schema version are written in one transaction, which also reads the
    returned row counts, so they describe exactly what was copied. ``conn`` must not be in a
    transaction; the passphrase is passed as a bound parameter, never pasted into SQL.
    """
    if conn.in_transaction:
        raise RuntimeError("export_database needs a connection outside any transaction")
    saved = conn.isolation_level
    conn.isolation_level = None  # explicit transaction below
    try:
        conn.execute(f"ATTACH DATABASE ? AS {COPY_ALIAS} KEY ?", (str(target), passphrase))
        try:
            conn.execute("BEGIN")
            try:
                counts = table_counts(conn)
                version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
                conn.execute(f"SELECT sqlcipher_export('{COPY_ALIAS}')")
                conn.execute(f"PRAGMA {COPY_ALIAS}.user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                # SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR):
                # a second ROLLBACK would fail and hide the real cause behind "cannot rollback".
                if conn.in_transaction:
                    with contextlib.suppress(sqlcipher.Error):
                        conn.execute("ROLLBACK")
                raise
        except BaseException:
            with contextlib.suppress(sqlcipher.Error):  # the first error is the one to tell
                conn.execute(f"DETACH DATABASE {COPY_ALIAS}")
            raise
        conn.execute(f"DETACH DATABASE {COPY_ALIAS}")
    finally:
        conn.isolation_level = saved
    return counts


def _create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner, in a directory only they can enter."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise VaultExists(path) from None
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


class Vault:
    """An open vault. Use :meth:`create` or :meth:`open`; call :meth:`close` when done."""

    def __init__(
        self,
        path: Path,
        passphrase: str,
        first: sqlcipher.Connection,
        lock: VaultLock | None = None,
    ) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import QueuePool

        self.path = path
        #: True if the vault cannot be written here (a read-only disk, file or folder): it is
        #: read as it is, and every save raises VaultReadOnly (see explain_database_error).
        self.read_only = _read_only_uri(path) is not None
        self._lock = lock  # shared: no restore or passphrase change while this is open
        #: Rows this app has written since the vault was opened (SQLite's ``total_changes``),
        #: updated after each commit. Screens compare it with the value they loaded at to know
        #: that what they show may be out of date.
        self.changes = 0
        handed_over = [first]
        lock = threading.Lock()

        def creator() -> sqlcipher.Connection:
            with lock:
                if handed_over:
                    return handed_over.pop()
            return connect(path, passphrase)

        def with_passphrase(action: Callable[[str], T]) -> T:
            # Hands the passphrase to copy code in this module only; kept in a closure, so it
            # is in no attribute, repr or exception text.
            return action(passphrase)

        def release_unused() -> None:
            # The first connection is handed to the pool only when first needed: a vault
            # closed before any use must still close it, or it stays open until collected.
            with lock:
                while handed_over:
                    handed_over.pop().close()

        self._with_passphrase = with_passphrase
        self._release_unused = release_unused

        self.engine: Engine = create_engine(
            "sqlite+pysqlite://",
            module=sqlcipher,
            creator=creator,
            poolclass=QueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            hide_parameters=True,
        )

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str], passphrase: str) -> Vault:
        """Create a new, empty vault at ``path`` (which must not exist) and open it."""
        from hrtui.store.schema import migrate

        path = Path(path).expanduser()
        if not passphrase:
            raise ValueError("a passphrase is required")
        _create_private_file(path)
        lock = None
        try:
            lock = VaultLock.take(path, exclusive=False)
            conn = connect(path, passphrase, verify_kdf=False)
            migrate(conn)
        except BaseException:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if lock is not None:
                lock.release()
            raise
        return cls(path, passphrase, conn, lock)

    @classmethod
    def open(cls, path: str | os.PathLike[str], passphrase: str) -> Vault:
        """Open an existing vault, migrating its schema forward if it is older than this app."""
        from hrtui.store.schema import migrate, user_version

        path = Path(path).expanduser()
        if not path.is_file():
            raise VaultMissing(path)
        if path.stat().st_size == 0:  # SQLite would quietly make a new database of it
            raise NotAVault(path, "it is empty")
        if not passphrase:
            raise WrongPassphrase(path)
        lock = VaultLock.take(path, exclusive=False)  # VaultBusy while it is being replaced
        try:
            conn = connect(path, passphrase)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        try:
            if user_version(conn) == 0:
                raise NotAVault(path, "it holds no hrtui data")
            migrate(conn)
        except BaseException as exc:
            conn.close()
            if lock is not None:
                lock.release()
            if isinstance(exc, sqlcipher.DatabaseError):
                found = explain_failure(path, exc)  # a full or read-only disk, a damaged page
                raise found or MigrationFailed(path, " ".join(str(exc).split())) from None
            raise
        return cls(path, passphrase, conn, lock)

    # -- use -------------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                conn = session.connection().connection.driver_connection
                session.commit()
                self.changes = conn.total_changes
            except BaseException as exc:
                session.rollback()
                self._raise_disk_problem(exc)
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlcipher.Connection]:
        """A write transaction in plain SQL on the DB-API connection: ``BEGIN IMMEDIATE``
        (checks and writes see one state of the file), commit on success, roll back on any
        error.

        For the save a counselor makes most often (a use-log entry), where the ORM's cost per
        statement would be most of the time (the benchmark's ``save_ratio``). Everything else
        uses :meth:`session`.
        """
        with self.engine.connect() as sa_conn:
            conn = sa_conn.connection.driver_connection
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.commit()
                self.changes = conn.total_changes
            except BaseException as exc:
                conn.rollback()
                self._raise_disk_problem(exc)
                raise

    def _raise_disk_problem(self, exc: BaseException) -> None:
        """A save that met a full disk or a read-only vault raises :class:`DiskFull` /
        :class:`VaultReadOnly` (one line for the counselor) instead of the driver's error."""
        if sqlite_code(exc) in DISK_CODES:
            found = disk_problem(self.path, exc)
            if found is not None:
                raise found from None

    @contextmanager
    def raw(self) -> Iterator[sqlcipher.Connection]:
        """The underlying DB-API connection, for maintenance pragmas."""
        with self.engine.connect() as sa_conn:
            yield sa_conn.connection.driver_connection

    def integrity_check(self) -> list[str]:
        """Problems found by SQLCipher's page HMAC check and SQLite's own check; [] if sound."""
        with self.raw() as conn:
            return integrity_problems(conn)

    def export_copy(self, target: Path) -> dict[str, int]:
        """Write an encrypted copy of the vault into ``target`` (a new, empty file), keyed
        with this vault's own passphrase; returns the row counts copied. See
        :func:`export_database`."""
        with self.raw() as conn:
            return self._with_passphrase(lambda secret: export_database(conn, target, secret))

    def check_copy(self, target: Path) -> FileCheck:
        """Open ``target`` with this vault's passphrase and check it (:func:`check_file`)."""
        return self._with_passphrase(lambda secret: check_file(target, secret))

    def schema_version(self) -> int:
        with self.raw() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def cipher_version(self) -> str:
        """SQLCipher's version, e.g. ``4.6.1 community``."""
        with self.raw() as conn:
            return str(conn.execute("PRAGMA cipher_version").fetchone()[0])

    def close(self) -> None:
        """Close every connection; the passphrase goes with the engine's connection factory."""
        engine = getattr(self, "engine", None)
        if engine is not None:
            engine.dispose()
            del self.engine
        if "_release_unused" in self.__dict__:
            self._release_unused()
        if "_with_passphrase" in self.__dict__:
            del self._with_passphrase
        lock, self._lock = getattr(self, "_lock", None), None
        if lock is not None:  # last: once it goes, the vault may be replaced
            lock.release()


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
