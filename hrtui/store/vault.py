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

Two neighbours open nothing themselves: :mod:`hrtui.store.vault_lock` (the lock file beside the
vault that says it is open, so nothing replaces it meanwhile) and :mod:`hrtui.store.diagnose`
(why a vault does not open or a write did not go through, as one line).
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.diagnose import (
    DISK_CODES,
    SQLITE_BUSY,
    SQLITE_LOCKED,
    disk_problem,
    explain_failure,
    explain_open_failure,
    is_busy,
    read_only_uri,
    sqlite_code,
)

# Re-exported (the redundant alias) for hrtui/cli.py, which imports it from here.
from hrtui.store.errors import (
    MigrationFailed,
    NotAVault,
    SQLCipherMissing,
    VaultBusy,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)
from hrtui.store.vault_lock import VaultLock

if TYPE_CHECKING:  # SQLAlchemy is imported lazily: it is the slowest import of the app.
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

MIN_KDF_ITER = 256_000
COPY_ALIAS = "hrtui_copy"  # the schema name a copy is attached under while it is written

T = TypeVar("T")


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


def open_keyed(path: Path, passphrase: str, *, verify_kdf: bool = True) -> sqlcipher.Connection:
    """A keyed and verified connection to ``path`` that has changed nothing in the file yet
    (steps 1-3 above; no journal mode set). For reading a backup or checking a copy.

    A vault this process cannot write is opened read-only as it is (see
    :func:`hrtui.store.diagnose.read_only_uri`). A failure is one line saying why
    (:func:`hrtui.store.diagnose.explain_open_failure`): wrong passphrase, damaged, not a vault,
    in use, disk full or read-only.
    """
    path = Path(path)
    uri = read_only_uri(path)
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
            raise explain_open_failure(path, conn, exc) from None
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
        if is_busy(exc):
            raise VaultBusy(path) from None
        raise disk_problem(path, exc) or exc from None
    except BaseException:
        conn.close()
        raise
    return conn


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
        self.read_only = read_only_uri(path) is not None
        self._lock = lock  # shared: no restore or passphrase change while this is open
        #: Rows this app has written since the vault was opened (SQLite's ``total_changes``),
        #: updated after each commit. Screens compare it with the value they loaded at to know
        #: that what they show may be out of date.
        self.changes = 0
        handed_over = [first]
        handover = threading.Lock()

        def creator() -> sqlcipher.Connection:
            with handover:
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
            with handover:
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
                assert conn is not None  # an open pool connection has its DB-API connection
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
            assert conn is not None  # an open pool connection has its DB-API connection
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
