"""Two programs on one vault (two hrtui windows, or the app and ``hrtui`` commands): adding
clients at the same time. Each :class:`Vault` here has its own connection to the same file."""

from __future__ import annotations

import threading
from contextlib import closing

import pytest

from hrtui.domain.clients import ClientInput
from hrtui.store.clients import add_client, audit_trail, list_clients
from hrtui.store.errors import Invalid
from hrtui.store.maintenance import delete_client
from hrtui.store.vault import Vault

PASSPHRASE = "two writers"
EACH = 25  # clients per writer; with ids chosen before the insert, most runs clashed at once


@pytest.fixture
def two(tmp_path):
    """Two open vaults on one new file."""
    path = tmp_path / "vault.db"
    Vault.create(path, PASSPHRASE).close()
    with closing(Vault.open(path, PASSPHRASE)) as a, closing(Vault.open(path, PASSPHRASE)) as b:
        yield a, b


def _at_once(*jobs):
    """Run each job in its own thread, started together; the exceptions they raised."""
    start = threading.Barrier(len(jobs))
    raised: list[BaseException] = []

    def run(job):
        start.wait()
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            raised.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return raised


def _adds(vault, codes, outcome):
    def job():
        for code in codes:
            try:
                outcome[code] = add_client(vault, ClientInput(code, f"Person {code}")).id
            except Invalid as exc:
                outcome.setdefault("refused", []).append((code, exc.errors["code"]))

    return job


def test_two_writers_adding_different_clients_at_once_both_succeed(two):
    a, b = two
    from_a: dict = {}
    from_b: dict = {}
    raised = _at_once(
        _adds(a, [f"A-{i}" for i in range(EACH)], from_a),
        _adds(b, [f"B-{i}" for i in range(EACH)], from_b),
    )
    assert raised == []
    assert "refused" not in from_a and "refused" not in from_b  # no false "already in use"
    ids = list(from_a.values()) + list(from_b.values())
    assert len(set(ids)) == 2 * EACH
    stored = {c.code: c.id for c in list_clients(a)}
    assert stored == {**from_a, **from_b}
    for client_id in ids:  # each id is one client's own: created once, by one writer
        assert [e.action for e in audit_trail(b, client_id)] == ["created"]


def test_a_code_already_used_by_the_other_writer_is_refused(two):
    a, b = two
    add_client(a, ClientInput("AB-12", "Ana"))
    with pytest.raises(Invalid) as refused:
        add_client(b, ClientInput("ab-12", "Another"))
    assert refused.value.errors == {"code": "The code ab-12 is already in use; choose another."}
    assert [c.display_name for c in list_clients(b)] == ["Ana"]


def test_the_same_codes_from_two_writers_at_once_are_each_added_once(two):
    a, b = two
    codes = [f"C-{i}" for i in range(EACH)]
    from_a: dict = {}
    from_b: dict = {}
    assert _at_once(_adds(a, codes, from_a), _adds(b, codes, from_b)) == []
    refused = from_a.pop("refused", []) + from_b.pop("refused", [])
    assert len(refused) == EACH  # every code once added, once refused
    assert {reason for _, reason in refused} <= {
        f"The code {code} is already in use; choose another." for code in codes
    }
    assert sorted(c.code for c in list_clients(a)) == sorted(codes)
    assert set(from_a) | set(from_b) == set(codes) and not set(from_a) & set(from_b)


def test_the_id_of_a_deleted_client_is_never_given_again(vault):
    kept = add_client(vault, ClientInput("K-1", "Kept"))
    gone = add_client(vault, ClientInput("G-2", "Gone"))
    delete_client(vault, gone.id, "G-2")
    newcomer = add_client(vault, ClientInput("N-3", "New"))
    assert newcomer.id not in (kept.id, gone.id)
    assert [e.action for e in audit_trail(vault, newcomer.id)] == ["created"]
    assert [e.action for e in audit_trail(vault, gone.id)] == ["created", "deleted"]
