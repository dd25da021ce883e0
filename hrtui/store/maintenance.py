"""Vault maintenance: backup, restore, passphrase change, deleting a client for good.

Imports no Textual (and no SQLAlchemy until :func:`delete_client` needs it), so the ``hrtui``
command and the kill tests start fast.

Every copy is made the same way (:func:`hrtui.store.vault.export_database`): ``ATTACH`` a new,
empty file created 0600 ``KEY`` the passphrase (a bound parameter), ``sqlcipher_export`` and the
schema version in one transaction, ``DETACH``; then the file is fsynced, reopened with the
passphrase, checked with ``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``, and
its row counts compared with what was copied. Only then is it renamed into place (and the folder
fsynced). ``VACUUM INTO`` is never used.

Passphrase change is NOT ``PRAGMA rekey`` in place: it is an export into a new file keyed with
the new passphrase, checked, then renamed over the vault. The rename is the commit point, so a
crash or kill at any moment leaves the vault openable with the old passphrase (before the
rename) or the new one (after it), never neither; ``tests/store/test_passwd_kill.py`` and
``scripts/kill_test.py`` prove it by killing the process at random moments.

Restore and passphrase change need the vault to themselves. First they take the vault's lock
file exclusively (:func:`hrtui.store.vault_lock.replacing`): every open :class:`Vault` holds it
shared, so while any hrtui has the vault open they refuse (:class:`VaultOpenElsewhere`),
whatever passphrase the vault or the backup has. Then they switch the vault out of WAL mode
(which SQLite allows only to the sole connection, so it also catches another program using it)
and hold SQLite's exclusive lock until the new file is in place (on Windows, which cannot rename
over an open file, until just before the rename; the lock file still keeps every hrtui out).
File handling that differs between systems is in :mod:`hrtui.files`.

A full disk or a read-only folder is reported as such ("the disk is full"), never as a wrong
passphrase or as whatever SQLite said after it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher

from hrtui import clock, files
from hrtui.store.diagnose import DISK_CODES, disk_problem, explain_failure, sqlite_code
from hrtui.store.errors import (
    DiskProblem,
    Invalid,
    NotAVault,
    NotFound,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from hrtui.store.schema import SCHEMA_VERSION
from hrtui.store.vault import FileCheck, check_file, connect, export_database, open_keyed
from hrtui.store.vault_lock import replacing

if TYPE_CHECKING:
    from hrtui.store.vault import Vault

#: progress(done, total), in database pages.
Progress = Callable[[int, int], None]

#: The audit event of a backup: vault-wide (no client), with its time only.
BACKED_UP, VAULT_AREA = "backed up", "vault"

BACKUP_PREFIX = "hrtui-backup-"
BACKUP_SUFFIX = ".db"
KEPT_SUFFIX = ".before-restore"
SIDECARS = ("-wal", "-shm", "-journal")


class MaintenanceFailed(VaultError):
    """A backup, restore or passphrase change that did not happen; nothing was replaced."""

    exit_code = 1


class BackupFailed(MaintenanceFailed):
    def __init__(self, dest: Path, why: str) -> None:
        super().__init__(f"No backup was written to {dest}: {why}.")
        self.path = dest


class RestoreFailed(MaintenanceFailed):
    def __init__(self, target: Path, why: str) -> None:
        super().__init__(f"{target} was not restored: {why}. The vault is unchanged.")
        self.path = target


class PassphraseNotChanged(MaintenanceFailed):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"The passphrase of {path} was not changed: {why}. The old passphrase still works."
        )
        self.path = path


@dataclass(frozen=True)
class Restored:
    target: Path
    kept: Path | None  # the vault that was there before, kept aside; None if there was none
    clients: int


@dataclass(frozen=True)
class Deleted:
    code: str
    wal_cleared: bool  # False if another reader kept the WAL from being emptied just now


# -- small file helpers --------------------------------------------------------------------


def _detail(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        return f"{exc.filename}: {what}" if exc.filename else what
    return " ".join(str(exc).split())


def _reason(where: Path, exc: BaseException) -> str:
    """Why writing at ``where`` did not work, short: "the disk is full", a read-only disk or
    folder, else the error's own words. Ask before removing a partial copy: it may be what
    filled the disk."""
    if isinstance(exc, sqlcipher.Error) and "full" in str(exc).lower():
        return _detail(exc)  # SQLite's own words for SQLITE_FULL: "database or disk is full"
    if isinstance(exc, OSError) or sqlite_code(exc) in DISK_CODES:
        found = disk_problem(where, exc)
        if found is not None:
            return found.reason
    return _detail(exc)


def _remove_copy(path: Path) -> None:
    """Remove a temporary copy and any journal SQLite left beside it."""
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _new_private_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _require_same(copy: FileCheck, counts: dict[str, int], version: int) -> str | None:
    """Why the checked copy does not match what was exported; None if it does."""
    if copy.problems:
        n = len(copy.problems)
        return f"the copy failed its integrity check ({n} problem{'' if n == 1 else 's'})"
    if copy.schema_version != version:
        return "the copy has the wrong schema version"
    if copy.counts != counts:
        return "the copy does not hold the same number of rows"
    return None


@contextlib.contextmanager
def _sole_user(conn: sqlcipher.Connection, path: Path) -> Iterator[None]:
    """Make ``conn`` the only user of the vault until the block ends.

    Everything in the WAL is checkpointed into the file and the vault is switched to rollback
    journal mode, which SQLite refuses while any other connection has it open: so a running
    hrtui is detected rather than written behind. Then an exclusive lock is taken and held (by
    ``locking_mode = EXCLUSIVE`` on the main database only), so nobody opens the old file while
    it is being replaced. The next normal open switches the vault back to WAL.
    """
    saved = conn.isolation_level
    conn.isolation_level = None
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise VaultBusy(path)
        conn.execute("PRAGMA main.locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlcipher.OperationalError:
        raise VaultBusy(path) from None
    finally:
        conn.isolation_level = saved
    yield


def _why(exc: VaultError) -> str:
    """A vault error's message as the reason inside another one-line message."""
    return str(exc).rstrip(".")


def _put_in_place(
    tmp: Path,
    target: Path,
    failure: type[MaintenanceFailed],
    *,
    write: Callable[[Path], dict[str, int]],
    check: Callable[[Path], FileCheck],
    version: int,
    before_rename: Callable[[], None] | None = None,
    release: Callable[[], None] | None = None,
    vault_why: Callable[[VaultError], str] = _why,
) -> dict[str, int]:
    """Fill ``tmp`` (beside ``target``) with a copy, make it durable, check it, and rename it
    over ``target``; returns the row counts ``write`` copied.

    The one crash-safe sequence of backup, restore and passphrase change, so they cannot drift
    apart: ``write`` fills ``tmp``, which is fsynced, then reopened by ``check`` and compared
    with those counts and the schema ``version``; only a sound copy gets ``before_rename`` and
    the rename, which is the commit point, and then the folder is fsynced so the rename itself
    survives a power cut (:func:`hrtui.files.put_in_place`; where an open file cannot be
    renamed over, on Windows, it first calls ``release``, which closes what holds ``target``
    open). On any failure, ``tmp`` and any journal beside it are removed and the failure is
    raised as one line, ``failure(target, why)`` (``vault_why`` words a VaultError);
    anything else (e.g. KeyboardInterrupt) is re-raised as it is, after the same cleanup.
    """
    try:
        counts = write(tmp)
        files.fsync_file(tmp)
        why = _require_same(check(tmp), counts, version)
        if why:
            raise failure(target, why)
        if before_rename is not None:
            before_rename()
        files.put_in_place(tmp, target, release)  # the rename is the commit point
    except failure:
        _remove_copy(tmp)
        raise
    except DiskProblem as exc:
        _remove_copy(tmp)
        raise failure(target, exc.reason) from None
    except VaultError as exc:
        _remove_copy(tmp)
        raise failure(target, vault_why(exc)) from None
    except (OSError, sqlcipher.Error) as exc:
        why = _reason(tmp, exc)  # before the copy goes: it may be what filled the disk
        _remove_copy(tmp)
        raise failure(target, why) from None
    except BaseException:
        _remove_copy(tmp)
        raise
    return counts


# -- backup --------------------------------------------------------------------------------


def backup_name(when: datetime | None = None) -> str:
    """``hrtui-backup-YYYYMMDD-HHMMSS.db``."""
    return f"{BACKUP_PREFIX}{(when or clock.now()):%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"


def _backup_target(dest: Path, vault_path: Path) -> Path:
    if dest.is_dir():
        name = backup_name()
        target = dest / name
        n = 2
        while target.exists():  # two backups within one second
            target = dest / name.replace(BACKUP_SUFFIX, f"-{n}{BACKUP_SUFFIX}")
            n += 1
        return target
    if dest.exists() or dest.is_symlink():
        raise BackupFailed(
            dest, "a file of that name already exists (choose another name, or a folder)"
        )
    if not dest.parent.is_dir():
        raise BackupFailed(dest, f"the folder {dest.parent} does not exist")
    for suffix in ("", "-wal", "-shm"):  # never beside the vault under one of its own names
        if Path(f"{vault_path}{suffix}") == dest:
            raise BackupFailed(dest, "that is the vault itself")
    return dest


def backup(vault: Vault, dest: str | os.PathLike[str], progress: Progress | None = None) -> Path:
    """Write an encrypted, checked copy of the open vault (same passphrase) and return its path.

    ``dest`` is a folder (the copy is named ``hrtui-backup-YYYYMMDD-HHMMSS.db`` inside it) or a
    file name that does not exist yet. The copy goes to a temporary file (0600) in the same
    folder, is fsynced, reopened and integrity-checked, and only then renamed into place; on any
    failure the temporary file is removed and :class:`BackupFailed` (one line) is raised.

    ``progress(done, total)`` is called in database pages: ``(0, total)`` before the copy
    starts and ``(total, total)`` once it is written and checked. ``sqlcipher_export`` is one
    call, so there is nothing honest to report in between.
    """
    dest = Path(dest).expanduser()
    target = _backup_target(dest, vault.path)
    folder = target.parent
    with vault.raw() as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    version = vault.schema_version()
    if progress is not None:
        progress(0, pages)
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise BackupFailed(target, _reason(target, exc)) from None

    def still_free() -> None:
        if target.exists():  # appeared while we were copying
            raise BackupFailed(target, "a file of that name appeared meanwhile")

    _put_in_place(
        Path(name),
        target,
        BackupFailed,
        write=vault.export_copy,
        check=vault.check_copy,
        version=version,
        before_rename=still_free,
        vault_why=lambda exc: f"the copy could not be checked ({exc})",
    )
    from hrtui.store.clients import audit

    try:
        with vault.session() as session:  # when, never where: the trail holds no paths
            audit(session, None, BACKED_UP, area=VAULT_AREA)
    except Exception as exc:
        # A read-only vault (or one on a full disk) cannot record the backup, but the backup is
        # written and checked: that is what was asked for.
        if not isinstance(explain_failure(vault.path, exc), DiskProblem):
            raise
    if progress is not None:
        progress(pages, pages)
    return target


def last_backup(vault: Vault) -> datetime | None:
    """When this vault was last backed up with hrtui (``backup``), or None."""
    from sqlmodel import func, select

    from hrtui.store.models import AuditEvent

    with vault.session() as session:
        return session.exec(
            select(func.max(AuditEvent.at)).where(
                AuditEvent.client_id == None,  # noqa: E711 - SQL expression
                AuditEvent.area == VAULT_AREA,
                AuditEvent.action == BACKED_UP,
            )
        ).one()


# -- restore -------------------------------------------------------------------------------


def refuse_if_open(vault_path: str | os.PathLike[str]) -> None:
    """Raise :class:`VaultOpenElsewhere` now if any hrtui has the vault open: for the command
    line, before it asks for passphrases and confirmations. (Restore and passphrase change check
    again, holding the lock while they work.)"""
    path = Path(vault_path).expanduser()
    if path.is_file():
        with contextlib.suppress(DiskProblem), replacing(path):  # the real run says why
            pass


def inspect_backup(backup_path: str | os.PathLike[str], passphrase: str) -> FileCheck:
    """Open a backup with ``passphrase`` (changing nothing in it) and check it.

    Raises :class:`WrongPassphrase`, :class:`NotAVault`, :class:`VaultDamaged` or
    :class:`VaultTooNew` with a one-line message; returns the check (row counts per table).
    """
    path = Path(backup_path).expanduser()
    check = check_file(path, passphrase)
    if check.problems:
        n = len(check.problems)
        raise VaultDamaged(path, f"the integrity check found {n} problem{'' if n == 1 else 's'}")
    if check.schema_version == 0:
        raise NotAVault(path, "it holds no hrtui data")
    if check.schema_version > SCHEMA_VERSION:
        raise VaultTooNew(check.schema_version, SCHEMA_VERSION)
    return check


def _kept_name(target: Path) -> Path:
    """``<target>.before-restore``, or ``…-2``, ``…-3`` if an earlier one is still there."""
    n = 1
    while True:
        kept = target.with_name(f"{target.name}{KEPT_SUFFIX}{'' if n == 1 else f'-{n}'}")
        if not any(Path(f"{kept}{s}").exists() for s in ("", "-wal", "-shm")):
            return kept
        n += 1


def _keep_previous(target: Path, with_sidecars: bool) -> Path:
    """Keep the current vault file under a new name; the vault path itself stays in place
    (a hard link, else a copy) until the restored file is renamed over it."""
    kept = _kept_name(target)
    try:
        os.link(target, kept)
    except OSError:  # no hard links here (e.g. FAT): copy instead
        shutil.copyfile(target, kept)
        os.chmod(kept, 0o600)
        files.fsync_file(kept)
    if with_sidecars:  # a WAL we could not fold in belongs with the old file
        for suffix in ("-wal", "-shm"):
            side = Path(f"{target}{suffix}")
            if side.exists():
                files.replace(side, Path(f"{kept}{suffix}"))
    return kept


@contextlib.contextmanager
def _held_if_possible(target: Path, passphrase: str) -> Iterator[sqlcipher.Connection | None]:
    """Lock the current vault at ``target`` if ``passphrase`` opens it (yields the connection
    holding the lock); if it has another passphrase or is not a vault, yields None (nothing to
    lock with)."""
    conn = None
    if target.is_file() and target.stat().st_size > 0:
        with contextlib.suppress(WrongPassphrase, NotAVault, VaultDamaged):
            conn = connect(target, passphrase)
    if conn is None:
        yield None
        return
    try:
        with _sole_user(conn, target):
            yield conn
    finally:
        conn.close()


def restore(
    backup_path: str | os.PathLike[str], target_path: str | os.PathLike[str], passphrase: str
) -> Restored:
    """Put a backup back as the vault at ``target_path``, after checking it.

    The backup must open with ``passphrase`` and pass both integrity checks, else nothing is
    touched. While any hrtui has the vault at ``target_path`` open, nothing is touched either
    (:class:`VaultOpenElsewhere`), whatever passphrase that vault has. It is copied
    (``sqlcipher_export``, same passphrase) to a temporary file beside the target, fsynced,
    checked again, and renamed over the target. The vault that was there is
    kept as ``<target>.before-restore`` (or ``…-2``, …), still encrypted with its own
    passphrase. The restored vault opens with the backup's passphrase.
    """
    source = Path(backup_path).expanduser()
    target = Path(target_path).expanduser()
    with contextlib.suppress(OSError):
        if target.exists() and os.path.samefile(source, target):
            raise RestoreFailed(target, "the backup is the vault itself")
    expected = inspect_backup(source, passphrase)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise RestoreFailed(target, _reason(target, exc)) from None
    try:
        with replacing(target):  # refused while any hrtui has the vault open
            return _restore_held(source, target, passphrase, expected)
    except DiskProblem as exc:  # no lock file could be made there
        raise RestoreFailed(target, exc.reason) from None


def _restore_held(source: Path, target: Path, passphrase: str, expected: FileCheck) -> Restored:
    """:func:`restore`, once no hrtui has the vault open."""
    tmp = target.with_name(f".{target.name}.restore.tmp")
    kept: Path | None = None

    def write(copy: Path) -> dict[str, int]:
        _new_private_file(copy)
        src = open_keyed(source, passphrase)
        try:
            return export_database(src, copy, passphrase)
        finally:
            src.close()

    with _held_if_possible(target, passphrase) as holder:

        def keep_previous() -> None:
            nonlocal kept
            if target.exists():
                kept = _keep_previous(target, with_sidecars=holder is None)

        _remove_copy(tmp)  # left by an earlier run that was interrupted
        counts = _put_in_place(
            tmp,
            target,
            RestoreFailed,
            write=write,
            check=lambda copy: check_file(copy, passphrase),
            version=expected.schema_version,
            before_rename=keep_previous,
            release=None if holder is None else holder.close,
        )
    return Restored(target, kept, counts.get("client", 0))


# -- passphrase change ---------------------------------------------------------------------


def change_passphrase(vault_path: str | os.PathLike[str], old: str, new: str) -> None:
    """Change the vault's passphrase from ``old`` to ``new``; the vault must not be open
    elsewhere (close it in the app first; :class:`VaultOpenElsewhere` if any hrtui has it open,
    :class:`VaultBusy` if another program does).

    An encrypted copy keyed with ``new`` is exported beside the vault, fsynced, reopened with
    ``new`` and checked (integrity and row counts), then renamed over the vault: the rename is
    the single commit point. Killed before it, the vault opens with ``old``; after it, with
    ``new``. A wrong ``old`` raises :class:`WrongPassphrase`, any other failure
    :class:`PassphraseNotChanged`; in both cases the old passphrase still works.
    """
    path = Path(vault_path).expanduser()
    if not new:
        raise ValueError("a passphrase is required")
    if "\x00" in new:
        raise ValueError("a passphrase cannot contain a NUL character")
    if not path.is_file():
        raise VaultMissing(path)
    if path.stat().st_size == 0:
        raise NotAVault(path, "it is empty")
    try:
        with replacing(path):  # refused while any hrtui has the vault open
            _change_held(path, old, new)
    except DiskProblem as exc:
        raise PassphraseNotChanged(path, exc.reason) from None


def _change_held(path: Path, old: str, new: str) -> None:
    """:func:`change_passphrase`, once no hrtui has the vault open."""
    conn = connect(path, old)
    tmp = path.with_name(f".{path.name}.passwd.tmp")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            raise NotAVault(path, "it holds no hrtui data")

        def write(copy: Path) -> dict[str, int]:
            _new_private_file(copy)
            return export_database(conn, copy, new)

        with _sole_user(conn, path):
            _remove_copy(tmp)  # left by an earlier run that was interrupted
            _put_in_place(
                tmp,
                path,
                PassphraseNotChanged,
                write=write,
                check=lambda copy: check_file(copy, new),
                version=version,
                release=conn.close,
            )
    finally:
        conn.close()


# -- deleting a client ---------------------------------------------------------------------


def codes_match(typed: str, code: str) -> bool:
    """The confirmation rule: the client's code, ignoring case and surrounding spaces."""
    return typed.strip().casefold() == code.strip().casefold() != ""


def delete_client(vault: Vault, client_id: int, confirm_code: str) -> Deleted:
    """Delete a client and everything recorded about them, permanently.

    Refuses (:class:`Invalid` on the field ``confirm``) unless ``confirm_code`` is the client's
    code (case and surrounding spaces ignored). Every row of theirs in every table goes with the
    client row (``ON DELETE CASCADE``), and so do the labels added to the editable lists that
    only their record used (:func:`hrtui.store.vocab.forget_unused_terms`); ``secure_delete``
    (on for every connection) overwrites the freed space with zeros; a "deleted" event (no
    content) stays in the audit trail; then ``PRAGMA wal_checkpoint(TRUNCATE)`` writes the
    overwritten pages into the file and empties the WAL, so the old pages do not linger there.
    """
    from hrtui.store.clients import audit
    from hrtui.store.models import Client
    from hrtui.store.vocab import forget_unused_terms, labels_of_client

    with vault.session() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise NotFound(f"No client {client_id} (deleted already?).")
        if not codes_match(confirm_code, client.code):
            raise Invalid({"confirm": "That is not this client's code; nothing was deleted."})
        code = client.code
        conn = session.connection().connection.driver_connection
        theirs = labels_of_client(conn, client_id)
        session.delete(client)
        session.flush()
        forget_unused_terms(conn, theirs)  # their own list entries (a substance, a strategy…)
        audit(session, client_id, "deleted")
    with vault.raw() as conn:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return Deleted(code=code, wal_cleared=not busy)
