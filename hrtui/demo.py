"""The demo vault: fictional clients to try hrtui with. Imports no Textual.

Everyone here is made up. Each client has a stable ``code``, so later areas (intake, goals, use
log, reviews) can add their demo data keyed by it. ``substances`` records what the made-up
situation is about; nothing stores it yet.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hrtui import clock, files
from hrtui.demo_data import goals as demo_goals
from hrtui.demo_data import intake as demo_intake
from hrtui.demo_data import reviews as demo_reviews
from hrtui.demo_data import sessions as demo_sessions
from hrtui.demo_data import uselog as demo_uselog
from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, date_added_from_record, set_archived
from hrtui.store.errors import NotADemoVault, NotAVault, VaultMissing, WrongPassphrase
from hrtui.store.meta import get_meta, set_meta
from hrtui.store.vault import Vault

DEMO_PASSPHRASE = "demo"
DEMO_META_KEY = "demo"
SIDECARS = ("-wal", "-shm")


@dataclass(frozen=True)
class DemoClient:
    code: str
    display_name: str
    pronouns: str
    note: str
    substances: tuple[str, ...]
    archived: bool = False

    def as_input(self) -> ClientInput:
        return ClientInput(self.code, self.display_name, self.pronouns, self.note)


DEMO_CLIENTS: list[DemoClient] = [
    DemoClient(
        "RIV-07",
        "Marisol",
        "she/her",
        "Works night shifts; prefers text reminders. Wants to drink less on work nights; "
        "a glass of water between drinks is working for her.",
        ("alcohol",),
    ),
    DemoClient(
        "OAK-12",
        "Devonte",
        "he/him",
        "Uses heroin; the local supply often has fentanyl in it. Carries naloxone and his "
        "partner knows where it is. Interested in fentanyl test strips and a spotter plan.",
        ("opioids", "fentanyl risk"),
    ),
    DemoClient(
        "ELM-03",
        "Skyler",
        "they/them",
        "Uses methamphetamine, mostly to stay awake at a second job. Sleep is the main "
        "concern right now. Prefers morning appointments.",
        ("methamphetamine",),
    ),
    DemoClient(
        "BAY-21",
        "Tomás",
        "he/him",
        "Student; wants to cut back on cannabis before exams. Likes tracking on paper first, "
        "then bringing it in.",
        ("cannabis",),
    ),
    DemoClient(
        "FIR-09",
        "Graciela",
        "she/her",
        "Tapering benzodiazepines slowly with her prescriber (a long warm-turkey step-down). "
        "Anxiety rises in the evenings; keep sessions short and practical.",
        ("benzodiazepines",),
    ),
    DemoClient(
        "LAK-15",
        "Kwame",
        "he/him",
        "Uses cocaine on weekends with friends. Working on a spending limit and a ride-home "
        "plan. Talks openly about what the use does for him.",
        ("cocaine", "alcohol"),
    ),
    DemoClient(
        "PIN-04",
        "Aiyana",
        "she/they",
        "Sometimes mixes alcohol, benzodiazepines and opioids. We talked about not mixing "
        "depressants and about never using alone. Housing is unstable; has a cousin to call.",
        ("polysubstance", "alcohol", "benzodiazepines", "opioids"),
    ),
    DemoClient(
        "CED-18",
        "Junichi",
        "",
        "On a methadone program and doing well with it. Had a return to use after a hospital "
        "stay; we reviewed what helped and that tolerance drops after a break.",
        ("opioids",),
    ),
    DemoClient(
        "ASH-02",
        "Rosalind",
        "she/her",
        "Reached her own goal of two alcohol-free days a week. Moved out of the area; "
        "referred to a local service.",
        ("alcohol",),
        archived=True,
    ),
    DemoClient(
        "MAP-11",
        "Birdie",
        "they/them",
        "Alias chosen by the client. Smokes crack cocaine and drinks; asked for new pipes "
        "and mouthpieces. Paused our sessions for now; welcome back any time.",
        ("cocaine", "alcohol", "polysubstance"),
        archived=True,
    ),
]


#: Each area fills in its part of the demo, in this order (later areas build on earlier ones).
AREAS = (
    demo_intake.populate, demo_goals.populate, demo_uselog.populate, demo_reviews.populate,
    demo_sessions.populate,
)  # fmt: skip


def build_demo(path: Path, passphrase: str, today: date | None = None) -> None:
    """Create a new demo vault at ``path`` (which must not exist) and fill it."""
    today = today or clock.today()
    vault = Vault.create(path, passphrase)
    try:
        set_meta(vault, DEMO_META_KEY, "1")
        ids: dict[str, int] = {}
        for demo in DEMO_CLIENTS:
            client = add_client(vault, demo.as_input())
            assert client.id is not None
            ids[demo.code] = client.id
        from hrtui.store.sessions import no_automatic_sessions

        with no_automatic_sessions():  # a history brought in whole is not a meeting today
            for populate in AREAS:
                populate(vault, ids, today)
        for client_id in ids.values():
            date_added_from_record(vault, client_id)
        for demo in DEMO_CLIENTS:
            if demo.archived:
                set_archived(vault, ids[demo.code], True)
    finally:
        vault.close()


def is_demo_vault(path: Path, passphrase: str) -> tuple[bool, str]:
    """(True, "") if ``path`` opens with ``passphrase`` and is marked as a demo; else why not."""
    try:
        vault = Vault.open(path, passphrase)
    except WrongPassphrase:
        return False, "it does not open with this passphrase"
    except (NotAVault, VaultMissing):
        return False, "it is not an hrtui vault"
    except Exception:  # any failure at all means "do not touch it"
        return False, "it cannot be opened"
    try:
        marked = get_meta(vault, DEMO_META_KEY) == "1"
    except Exception:
        marked = False
    finally:
        vault.close()
    return (True, "") if marked else (False, "it has no demo marker")


def prepare_demo(path: Path, passphrase: str) -> None:
    """Write a fresh demo vault at ``path``.

    An existing file is replaced only if it is a demo vault that opens with ``passphrase``;
    anything else raises :class:`NotADemoVault` and is left as it was. The new vault is built
    beside the old one and renamed over it, so a failure leaves the old demo in place.
    """
    path = Path(path).expanduser()
    if path.exists() or path.is_symlink():
        ok, why = is_demo_vault(path, passphrase)
        if not ok:
            raise NotADemoVault(path, why)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
    try:
        build_demo(tmp, passphrase)
        for suffix in SIDECARS:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        files.put_in_place(tmp, path)  # fsynced; retried on Windows if briefly held open
    finally:
        for suffix in ("", *SIDECARS):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
