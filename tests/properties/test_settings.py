"""Property-based tests of the small forms that change the vault as a whole: the auto-lock
minutes (hrtui.store.settings) and the counselor's own vocabulary terms (hrtui.store.vocab).

Whatever is typed: stored exactly as validated, or a clear refusal that changes nothing."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st
from sqlmodel import select

from hrtui.domain import vocab
from hrtui.domain.settings import LOCK_AFTER_KEY, MAX_LOCK_MINUTES, MIN_LOCK_MINUTES
from hrtui.domain.text import clean
from hrtui.store.meta import get_meta
from hrtui.store.models import VocabTerm
from hrtui.store.settings import lock_after, set_lock_minutes
from hrtui.store.vocab import TERM_MAX, add_term, terms

from .support import (
    THOROUGH,
    call,
    good_text,
    module_vault,
    nasty_text,
    typed_number,
)

vault = module_vault()


# -- auto-lock minutes -------------------------------------------------------------------------


@THOROUGH
@given(
    text=st.one_of(
        typed_number(),
        nasty_text(3),
        st.tuples(st.sampled_from(["", " ", "\t"]), st.integers(-5, 300).map(str)).map("".join),
    )
)
@example(text=" 240 ")
@example(text="241")
def test_set_lock_minutes_stores_exactly_the_typed_minutes_or_nothing(vault, text):
    seconds, refused = call(
        vault, set_lock_minutes, text, unchanged=lambda: get_meta(vault, LOCK_AFTER_KEY)
    )
    if refused:
        assert set(refused.errors) == {"lock_minutes"}
        return
    minutes = int(text.strip())
    assert MIN_LOCK_MINUTES <= minutes <= MAX_LOCK_MINUTES
    assert seconds == minutes * 60 == lock_after(vault)


# -- vocabulary terms --------------------------------------------------------------------------

KIND_GROUP = st.sampled_from(
    [(kind, grp) for kind in vocab.EDITABLE_KINDS for grp in vocab.builtin_terms(kind)]
)
LABEL = st.one_of(good_text(TERM_MAX, required=True), nasty_text())


def term_rows(vault) -> list[tuple[str, str, str]]:
    with vault.session() as session:
        rows = session.exec(select(VocabTerm).order_by(VocabTerm.id)).all()
    return [(t.kind, t.grp, t.label) for t in rows]


def forget_new_terms(vault, start: list[tuple[str, str, str]]) -> None:
    with vault.session() as session:
        for row in session.exec(select(VocabTerm)).all():
            if (row.kind, row.grp, row.label) not in start:
                session.delete(row)


@THOROUGH
@given(kind_group=KIND_GROUP, label=LABEL)
def test_add_term_stores_exactly_the_validated_label_or_nothing(vault, kind_group, label):
    kind, grp = kind_group
    start = term_rows(vault)
    try:
        added, refused = call(vault, add_term, kind, grp, label)
        if refused:
            assert set(refused.errors) == {"label"}
            return
        assert added == clean(label)  # white space and zero-width characters off the ends
        listed = terms(vault, kind)[grp]
        assert added.casefold() in {x.casefold() for x in listed}
    finally:  # adding a label twice is the next test's business
        forget_new_terms(vault, start)


@THOROUGH
@given(kind_group=KIND_GROUP, label=good_text(TERM_MAX, required=True),
       again=st.sampled_from([str, str.upper, str.lower, str.swapcase]))  # fmt: skip
@example(kind_group=(vocab.SUBSTANCE, ""), label="Éter", again=str)
def test_adding_a_term_again_in_any_case_changes_nothing(vault, kind_group, label, again):
    """add_term is documented as a no-op when the label is there already, in any case: adding
    it again must neither fail nor store a second row."""
    kind, grp = kind_group
    start = term_rows(vault)
    try:
        add_term(vault, kind, grp, label)
        before = term_rows(vault)
        add_term(vault, kind, grp, again(label))
        assert term_rows(vault) == before
    finally:  # each example starts from the same list
        forget_new_terms(vault, start)
