"""Errors the storage layer raises, each with a message fit to show a counselor as is.

Messages name the file but never carry client data.
"""

from __future__ import annotations

from pathlib import Path


class VaultError(Exception):
    """Base class: ``str(error)`` is a one-line message for the user."""

    exit_code = 3


class WrongPassphrase(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Wrong passphrase for {path}. Check it and try again "
            "(if you are sure it is right, the file may be damaged: run `hrtui check`)."
        )
        self.path = path


class NotAVault(VaultError):
    def __init__(self, path: Path, why: str) -> None:
        super().__init__(f"{path} cannot be opened: {why}.")
        self.path = path


class VaultDamaged(VaultError):
    exit_code = 4

    def __init__(self, path: Path, detail: str = "") -> None:
        extra = f" ({detail})" if detail else ""
        super().__init__(f"{path} is damaged{extra}. Restore it from a backup.")
        self.path = path


class MigrationFailed(VaultError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"{path} could not be brought up to date by this version of hrtui ({detail}); "
            "nothing in it was changed."
        )
        self.path = path


class VaultMissing(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"No vault at {path}. Run `hrtui --db {path}` to create one.")
        self.path = path


class VaultExists(VaultError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; it will not be overwritten.")
        self.path = path


class NotADemoVault(VaultError):
    """Refusal to write the demo over a file that is not a demo vault (it may be real data)."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"{path} is not a demo vault ({why}); it will not be overwritten. "
            "Use --db to choose another file."
        )
        self.path = path


class VaultTooNew(VaultError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"This vault was written by a newer hrtui (schema {found}; this one knows up to "
            f"{known}). Update hrtui to open it."
        )


class SQLCipherMissing(VaultError):
    def __init__(self) -> None:
        super().__init__(
            "SQLCipher is not available (PRAGMA cipher_version is empty): refusing to store "
            "anything unencrypted. Reinstall the sqlcipher3 package."
        )


class VaultBusy(VaultError):
    """Another program (another hrtui, or a backup in progress) has the vault open."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is in use by another program (another hrtui, or a backup or passphrase "
            "change in progress). Close it, then try again."
        )
        self.path = path


class VaultOpenElsewhere(VaultBusy):
    """Refusal to replace the vault (restore, passphrase change) while an hrtui has it open:
    the running app would go on saving into the file moved aside."""

    def __init__(self, path: Path) -> None:
        VaultError.__init__(
            self,
            f"{path} is in use: hrtui has this vault open in another window. Close it there "
            "first, then try again.",
        )
        self.path = path


class DiskProblem(VaultError):
    """The disk or the file system, not the vault or the passphrase: ``reason`` is the short
    cause (e.g. "the disk is full") for use inside another message."""

    def __init__(self, message: str, path: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class DiskFull(DiskProblem):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The disk holding {path} is full: hrtui cannot write to it. Free some space, "
            "then try again.",
            path,
            "the disk is full",
        )


class VaultReadOnly(DiskProblem):
    """The vault (or its folder, or the disk it is on) cannot be written to."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"{path} is read-only here: {why}. hrtui needs to write to it and to its folder.",
            path,
            why,
        )


class NotFound(Exception):
    """A record asked for by id or code does not exist (any more)."""


class Invalid(Exception):
    """Input that fails validation: ``errors`` maps a field name to a message for that field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
