"""Who has the vault open: an OS advisory lock on an empty file beside it.

Every open :class:`~hrtui.store.vault.Vault` holds ``<vault>.lock`` shared; restore and
passphrase change take it exclusively (:func:`replacing`), so no hrtui replaces a vault another
one has open. See :class:`VaultLock`.

The lock file never holds anything, client data least of all: it is empty, made 0600, and shows
only that a vault is open, as SQLite's own ``-wal``/``-shm`` files beside it do. This module
never opens or reads the database (only :mod:`hrtui.store.vault` does) and takes no part in
SQLite's own locking, which still guards every read and write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hrtui.store.diagnose import disk_problem
from hrtui.store.errors import VaultBusy, VaultError, VaultOpenElsewhere

#: Beside the vault while an hrtui has it open: see :class:`VaultLock`.
LOCK_SUFFIX = ".lock"


def lock_path(path: Path) -> Path:
    """``<vault>.lock``: an empty file, there only while some hrtui holds the vault."""
    return Path(f"{path}{LOCK_SUFFIX}")


if sys.platform == "win32":  # pragma: no cover - Windows: byte-range locks, exclusive only
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
