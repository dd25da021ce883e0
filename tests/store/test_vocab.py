"""The editable lists (factor categories, substances, routes, safer-use strategies): a label
added for one client goes when that client is deleted, unless another record uses it."""

from __future__ import annotations

import pytest

from hrtui.domain import vocab
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput, FactorInput
from hrtui.domain.uselog import EntryInput
from hrtui.store import goals, intake, uselog
from hrtui.store.clients import add_client
from hrtui.store.maintenance import delete_client
from hrtui.store.vocab import add_term, terms


def _labels(vault, kind: str) -> set[str]:
    return {label for labels in terms(vault, kind).values() for label in labels}


def _custom(vault, kind: str) -> set[str]:
    builtin = {label for labels in vocab.builtin_terms(kind).values() for label in labels}
    return _labels(vault, kind) - builtin


@pytest.fixture
def two_clients(vault, clock):
    """Client A whose record uses custom labels of every list, client B who shares one."""
    a = add_client(vault, ClientInput("A-1", "Ana")).id
    b = add_client(vault, ClientInput("B-2", "Ben")).id
    substance = add_term(vault, vocab.SUBSTANCE, "", "Kratom")
    route = add_term(vault, vocab.ROUTE, "", "Plugged")
    entry_strategy = add_term(vault, vocab.STRATEGY, "General", "Text Sam before going out")
    goal_strategy = add_term(vault, vocab.STRATEGY, "Overdose", "Test a tiny amount first")
    category = add_term(vault, vocab.FACTOR_CATEGORY, "internal", "Gambling")
    shared = add_term(vault, vocab.FACTOR_CATEGORY, "external", "Shared flat")
    add_term(vault, vocab.SUBSTANCE, "", "Betel")  # on the list, in no record

    intake.add_baseline(vault, a, BaselineInput(substance, routes=[route], amount="2", unit="g"))
    intake.add_factor(vault, a, FactorInput("internal", category, "Bets at night", "risk"))
    intake.add_factor(vault, a, FactorInput("external", shared, "Four flatmates", "risk"))
    intake.add_factor(vault, b, FactorInput("external", shared.upper(), "Noisy", "risk"))
    uselog.add_entry(
        vault, a,
        EntryInput(substance=substance, amount="1", unit="g", route=route,
                   strategies=(entry_strategy,)),
        today=clock.today,
    )  # fmt: skip
    goals.create_goal(
        vault, a, "safer", {"strategies": [("Overdose", goal_strategy)]}, on=clock.today
    )
    return a, b


def test_deleting_a_client_removes_the_labels_only_their_record_used(vault, two_clients):
    a, _ = two_clients
    assert _custom(vault, vocab.SUBSTANCE) == {"Kratom", "Betel"}
    assert _custom(vault, vocab.ROUTE) == {"Plugged"}
    assert _custom(vault, vocab.STRATEGY) == {"Text Sam before going out",
                                              "Test a tiny amount first"}  # fmt: skip
    delete_client(vault, a, "A-1")
    assert _custom(vault, vocab.SUBSTANCE) == {"Betel"}  # never used by anyone: not theirs
    assert _custom(vault, vocab.ROUTE) == set()
    assert _custom(vault, vocab.STRATEGY) == set()
    assert _custom(vault, vocab.FACTOR_CATEGORY) == {"Shared flat"}  # B's record uses it
    assert terms(vault, vocab.SUBSTANCE)[""][: len(vocab.SUBSTANCES)] == list(vocab.SUBSTANCES)


def test_a_label_another_client_uses_stays_until_they_go_too(vault, two_clients):
    a, b = two_clients
    delete_client(vault, a, "A-1")
    assert "Shared flat" in _custom(vault, vocab.FACTOR_CATEGORY)
    delete_client(vault, b, "B-2")
    assert _custom(vault, vocab.FACTOR_CATEGORY) == set()
