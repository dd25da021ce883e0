"""Editable vocabularies: the built-in lists of :mod:`hrtui.domain.vocab` plus the counselor's
own additions, stored in the vault."""

from __future__ import annotations

from sqlmodel import select

from hrtui import clock
from hrtui.domain import vocab
from hrtui.domain.text import clean, control_char_problem, length_problem, same_text
from hrtui.store.errors import Invalid
from hrtui.store.models import VocabTerm
from hrtui.store.vault import Vault

TERM_MAX = 80


def terms(vault: Vault, kind: str) -> dict[str, list[str]]:
    """Group → labels: built-in ones first, then the counselor's additions in the order added."""
    merged = {grp: list(labels) for grp, labels in vocab.builtin_terms(kind).items()}
    with vault.session() as session:
        rows = session.exec(
            select(VocabTerm.grp, VocabTerm.label)
            .where(VocabTerm.kind == kind)
            .order_by(VocabTerm.id)
        ).all()
    for grp, label in rows:
        bucket = merged.setdefault(grp, [])
        if label.casefold() not in {x.casefold() for x in bucket}:
            bucket.append(label)
    return merged


def add_term(vault: Vault, kind: str, grp: str, label: str) -> str:
    """Add ``label`` to a vocabulary (no-op if it is there already, in any case)."""
    if kind not in vocab.EDITABLE_KINDS:
        raise ValueError(f"unknown vocabulary {kind!r}")
    label = clean(label)
    problem = (
        ("Type a name first." if not label else None)
        or control_char_problem(label)
        or length_problem(label, TERM_MAX)
    )
    if problem:
        raise Invalid({"label": problem})
    builtin = vocab.builtin_terms(kind).get(grp, ())
    if any(same_text(label, x) for x in builtin):
        return label
    # Compared in Python: SQLite's lower() and NOCASE fold ASCII letters only.
    with vault.session() as session:
        stored = session.exec(
            select(VocabTerm.label).where(VocabTerm.kind == kind, VocabTerm.grp == grp)
        ).all()
        match = next((x for x in stored if same_text(x, label)), None)
        if match is not None:
            return match
        session.add(VocabTerm(kind=kind, grp=grp, label=label, created_at=clock.now()))
    return label
