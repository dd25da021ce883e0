"""Storage: the encrypted vault and plain functions over it. Imports no Textual."""

from hrtui.store.errors import (
    Invalid,
    MigrationFailed,
    NotADemoVault,
    NotAVault,
    NotFound,
    SQLCipherMissing,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from hrtui.store.vault import Vault

__all__ = [
    "Invalid",
    "MigrationFailed",
    "NotADemoVault",
    "NotAVault",
    "NotFound",
    "SQLCipherMissing",
    "Vault",
    "VaultDamaged",
    "VaultError",
    "VaultExists",
    "VaultMissing",
    "VaultTooNew",
    "WrongPassphrase",
]
