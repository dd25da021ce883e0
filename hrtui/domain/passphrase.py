"""A plain-words strength hint for a new passphrase. Advice only: any non-empty one is allowed."""

from __future__ import annotations

import math
import string

COMMON = {
    "password",
    "passphrase",
    "123456",
    "12345678",
    "qwerty",
    "letmein",
    "welcome",
    "admin",
    "iloveyou",
    "monkey",
    "dragon",
    "abc123",
    "hrtui",
    "demo",
    "secret",
}


def estimate_bits(passphrase: str) -> float:
    """A rough entropy estimate from length and the kinds of characters used."""
    if not passphrase:
        return 0.0
    if passphrase.casefold().rstrip(string.digits + string.punctuation) in COMMON:
        return 5.0
    pool = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pool += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pool += 26
    if any(c in string.digits for c in passphrase):
        pool += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 100
    distinct = len(set(passphrase))
    effective_length = min(len(passphrase), distinct * 2)
    return effective_length * math.log2(max(pool, 2))


def strength_hint(passphrase: str) -> tuple[str, str]:
    """(level, advice): level is one of empty, weak, fair, strong."""
    if not passphrase:
        return "empty", "Type a passphrase."
    bits = estimate_bits(passphrase)
    if bits < 40:
        return "weak", "Weak: easy to guess. Try four or more unrelated words."
    if bits < 70:
        return "fair", "Fair. A few more words would make it much stronger."
    return "strong", "Strong."
