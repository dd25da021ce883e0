"""No client data in the clear on disk: not in the vault, its WAL, its shared memory, or anything
else written beside it, whether the vault is closed or still open."""

from __future__ import annotations

from pathlib import Path

from hrtui.demo import DEMO_CLIENTS, DEMO_PASSPHRASE, build_demo
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client
from hrtui.store.vault import Vault

# Needles shorter than this could turn up in ciphertext by chance (3 bytes: ~1 in 400 per file).
MIN_NEEDLE = 5


def needles(code: str, name: str, note: str) -> set[bytes]:
    """What must never be readable: code, name, the note, and every 16-character piece of it
    (a long note can be split over two pages)."""
    out = {code.encode(), name.encode(), note.encode()}
    out |= {note[i : i + 16].encode() for i in range(0, len(note), 16)}
    return {n for n in out if len(n) >= MIN_NEEDLE}


def leaks(folder: Path, wanted: set[bytes]) -> list[str]:
    found = []
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files, "nothing was written"
    for path in files:
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in wanted if n in data]
    return found


DEMO_NEEDLES = set().union(*(needles(d.code, d.display_name, d.note) for d in DEMO_CLIENTS))


def test_the_checker_would_notice_plain_text(tmp_path):
    (tmp_path / "plain.txt").write_bytes(b"xx" + DEMO_CLIENTS[0].note.encode() + b"yy")
    assert leaks(tmp_path, DEMO_NEEDLES)
    assert len(DEMO_NEEDLES) >= 3 * len(DEMO_CLIENTS)  # codes, names and notes all checked


def test_closed_demo_vault_holds_no_plain_text(tmp_path):
    folder = tmp_path / "data"
    build_demo(folder / "demo.db", DEMO_PASSPHRASE)
    assert leaks(folder, DEMO_NEEDLES) == []


def test_open_vault_with_a_fresh_write_in_the_wal_holds_no_plain_text(tmp_path):
    folder = tmp_path / "data"
    path = folder / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    fresh = ClientInput(
        "ZQX-42", "Zephyrine Quillfeather", "xe/xem", "Distinctive note: meets at the library."
    )
    vault = Vault.open(path, DEMO_PASSPHRASE)
    try:
        add_client(vault, fresh)
        wal = Path(f"{path}-wal")
        assert wal.is_file() and wal.stat().st_size > 0  # the new row is in the WAL right now
        wanted = DEMO_NEEDLES | needles(fresh.code, fresh.display_name, fresh.note)
        assert leaks(folder, wanted) == []
    finally:
        vault.close()
    assert leaks(folder, wanted) == []
