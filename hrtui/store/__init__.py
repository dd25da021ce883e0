"""Storage: the encrypted vault and plain functions over it. Imports no Textual."""

from hrtui.store.errors import (
    Invalid,
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
