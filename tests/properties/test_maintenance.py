"""Property-based tests of the "delete this client" confirmation (hrtui.store.maintenance):
whatever is typed, the client and everything of theirs goes only when the client's code was
typed (any case, surrounding spaces ignored); anything else is a clear refusal that changes
nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import FactorInput
from hrtui.domain.uselog import EntryInput
from hrtui.store import intake, uselog
from hrtui.store.clients import add_client, get_client, list_clients
from hrtui.store.errors import NotFound
from hrtui.store.maintenance import delete_client

from .support import (
    HEAVY,
    call,
    module_vault,
    nasty_text,
    row_counts,
)

CODE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{1,15}", fullmatch=True)


vault = module_vault()


def typed_confirmations(code: str) -> st.SearchStrategy[str]:
    """The code as a counselor may type it, near misses, and arbitrary text."""
    right = st.tuples(
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from([code, code.upper(), code.lower(), code.swapcase()]),
        st.sampled_from(["", "  ", "\n"]),
    ).map("".join)
    near = st.sampled_from([code[:-1], code + "x", f"{code[0]} {code[1:]}", "", " ", "\x00"])
    return st.one_of(right, near, nasty_text(3), st.text(max_size=20))


@HEAVY
@given(data=st.data(), code=CODE)
def test_delete_client_only_with_the_clients_code(vault, data, code):
    client = add_client(vault, ClientInput(code, "Sam")).id
    try:
        intake.add_factor(vault, client, FactorInput("internal", "Sleep", "Short nights", "risk"))
        uselog.add_entry(vault, client, EntryInput("today", "Alcohol", "2", "standard drinks"))
        typed = data.draw(typed_confirmations(code), label="typed")
        before = row_counts(vault)
        deleted, refused = call(vault, delete_client, client, typed)
        if refused:
            assert set(refused.errors) == {"confirm"}
            assert typed.strip().casefold() != code.casefold()
            assert get_client(vault, client).code == code
            return
        assert typed.strip().casefold() == code.casefold()
        assert deleted.code == code
        with pytest.raises(NotFound):
            get_client(vault, client)
        after = row_counts(vault)
        for table in ("client", "factor", "use_entry"):
            assert after[table] == before[table] - 1, table
        assert after["audit_event"] > before["audit_event"]  # the trail keeps "deleted"
    finally:  # each example starts from the same vault: free the code
        if any(c.id == client for c in list_clients(vault)):
            delete_client(vault, client, code)
