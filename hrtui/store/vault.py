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
connection factory while the vault is open and is never written anywhere.

The engine has exactly one connection (a ``QueuePool`` of size one), so the key is derived once
per unlock and worker threads take turns on it.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher

from hrtui.store.errors import (
    MigrationFailed,
    NotAVault,
    SQLCipherMissing,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultMissing,
    WrongPassphrase,
)

if TYPE_CHECKING:  # SQLAlchemy is imported lazily: it is the slowest import of the app.
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

MIN_KDF_ITER = 256_000
SQLITE_HEADER = b"SQLite format 3\x00"


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


def _classify_open_failure(path: Path) -> Exception:
    """Tell a wrong passphrase from a file that cannot be a vault at all.

    SQLCipher cannot tell them apart (both are "file is not a database"), but the file can:
    a plain SQLite database starts with a readable header, and an SQLCipher file is always a
    whole number of pages long.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:  # pragma: no cover - raced with deletion
        return NotAVault(path, str(exc.strerror or exc))
    if head == SQLITE_HEADER:
        return NotAVault(path, "it is an unencrypted SQLite database")
    if size < 1024 or size % 1024:
        return NotAVault(path, "it is not an hrtui vault, or it is damaged")
    return WrongPassphrase(path)


def connect(path: Path, passphrase: str, *, verify_kdf: bool = True) -> sqlcipher.Connection:
    """Open one keyed, verified and configured connection to the vault at ``path``."""
    conn = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log = off")
        conn.execute("PRAGMA cipher_log_level = NONE")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise SQLCipherMissing()
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            raise _classify_open_failure(path) from None
        if verify_kdf:
            kdf_iter = int(conn.execute("PRAGMA kdf_iter").fetchone()[0])
            if kdf_iter < MIN_KDF_ITER:  # pragma: no cover - only with a hand-made file
                raise NotAVault(path, f"its key derivation ({kdf_iter} rounds) is too weak")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


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

    def __init__(self, path: Path, passphrase: str, first: sqlcipher.Connection) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import QueuePool

        self.path = path
        handed_over = [first]
        lock = threading.Lock()

        def creator() -> sqlcipher.Connection:
            with lock:
                if handed_over:
                    return handed_over.pop()
            return connect(path, passphrase)

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
        try:
            conn = connect(path, passphrase, verify_kdf=False)
            migrate(conn)
        except BaseException:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return cls(path, passphrase, conn)

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
        conn = connect(path, passphrase)
        try:
            if user_version(conn) == 0:
                raise NotAVault(path, "it holds no hrtui data")
            migrate(conn)
        except VaultError:
            conn.close()
            raise
        except sqlcipher.DatabaseError as exc:
            conn.close()
            raise MigrationFailed(path, str(exc)) from None
        return cls(path, passphrase, conn)

    # -- use -------------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def raw(self) -> Iterator[sqlcipher.Connection]:
        """The underlying DB-API connection, for maintenance pragmas."""
        with self.engine.connect() as sa_conn:
            yield sa_conn.connection.driver_connection

    def integrity_check(self) -> list[str]:
        """Problems found by SQLCipher's page HMAC check and SQLite's own check; [] if sound."""
        problems: list[str] = []
        with self.raw() as conn:
            for pragma in ("cipher_integrity_check", "integrity_check"):
                try:
                    rows = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
                except sqlcipher.DatabaseError as exc:  # too damaged to even walk
                    rows = [f"{pragma}: {exc}"]
                problems += [r for r in rows if r != "ok"]
        return problems

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


def explain_database_error(path: Path, exc: BaseException) -> VaultError | None:
    """A one-line :class:`VaultError` for a driver error raised while using the vault at
    ``path`` (e.g. a page found damaged only when read), or None if ``exc`` is not one.

    The message carries the driver's text (never SQL parameters: the engine hides them).
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig  # SQLAlchemy's text adds the statement; the driver's says what happened
    detail = " ".join(str(exc).split())
    if isinstance(exc, sqlcipher.OperationalError):  # e.g. "database is locked"
        return VaultError(f"{path} cannot be used right now: {detail}.")
    if isinstance(exc, sqlcipher.DatabaseError):  # corrupt page, "file is not a database", …
        return VaultDamaged(path, detail)
    return None
