"""Editable vocabularies: the built-in lists of :mod:`hrtui.domain.vocab` plus the counselor's
own additions, stored in the vault."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

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
    # A menu option the counselor added that the built-in menu has since gained (in any group)
    # is listed once, where the built-in menu puts it.
    builtin_any = (
        {x.casefold() for labels in merged.values() for x in labels}
        if kind == vocab.STRATEGY
        else set()
    )
    with vault.session() as session:
        rows = session.exec(
            select(VocabTerm.grp, VocabTerm.label)
            .where(VocabTerm.kind == kind)
            .order_by(col(VocabTerm.id))
        ).all()
    for grp, label in rows:
        if label.casefold() in builtin_any:
            continue
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


# -- a deleted client's own labels go with them ------------------------------------------------

#: Where each vocabulary's labels are used in the records: (the rows, the client id column,
#: the group or NULL when the row has none, the label column). Routes are stored as a list.
_USES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    vocab.FACTOR_CATEGORY: (("factor", "client_id", "grp", "category"),),
    vocab.SUBSTANCE: (
        ("substance_baseline", "client_id", "NULL", "substance"),
        ("use_entry", "client_id", "NULL", "substance"),
        ("goal", "client_id", "NULL", "substance"),
    ),
    vocab.ROUTE: (
        ("substance_baseline", "client_id", "NULL", "routes"),
        ("use_entry", "client_id", "NULL", "route"),
    ),
    vocab.STRATEGY: (
        ("goal_strategy AS s JOIN goal AS g ON g.id = s.goal_id", "g.client_id", "s.concern",
         "s.label"),
        ("use_entry_strategy AS s JOIN use_entry AS e ON e.id = s.entry_id", "e.client_id",
         "NULL", "s.strategy"),
    ),
}  # fmt: skip

#: (group or None for "any group", folded label) of each use of a vocabulary's labels.
Uses = set[tuple[str | None, str]]


def _folds(label: str) -> set[str]:
    """The keys :func:`same_text` compares by."""
    return {label.casefold(), label.upper().casefold()}


def _used(conn: Any, kind: str, client_id: int | None) -> Uses:
    """Every use of ``kind``'s labels in the records of one client, or of everyone."""
    from hrtui.domain.intake import split_routes

    uses: Uses = set()
    for rows, client_col, grp_col, label_col in _USES[kind]:
        sql = f"SELECT DISTINCT {grp_col}, {label_col} FROM {rows}"
        params: tuple[Any, ...] = ()
        if client_id is not None:
            sql += f" WHERE {client_col} = ?"
            params = (client_id,)
        for grp, text in conn.execute(sql, params):
            for label in split_routes(text) if kind == vocab.ROUTE else [text or ""]:
                uses.update((grp, key) for key in _folds(label))
    return uses


def _in(grp: str, label: str, uses: Uses) -> bool:
    return any((g, key) in uses for g in (grp, None) for key in _folds(label))


def labels_of_client(conn: Any, client_id: int) -> dict[str, Uses]:
    """What the client's record uses of each editable vocabulary (taken before deleting them,
    for :func:`forget_unused_terms`). ``conn`` is a DB-API connection to the vault."""
    return {kind: _used(conn, kind, client_id) for kind in vocab.EDITABLE_KINDS}


def forget_unused_terms(conn: Any, labels: dict[str, Uses]) -> int:
    """Delete the counselor's own terms among ``labels`` that no record uses any more, e.g. a
    substance or a strategy added for a client who has now been deleted: the list must not
    keep what only their record said. Built-in terms are not stored, so never touched; a term
    that some other client's record uses stays. Returns how many terms were deleted."""
    dropped: list[int] = []
    for kind, theirs in labels.items():
        if not theirs:
            continue
        stored = conn.execute(
            "SELECT id, grp, label FROM vocab_term WHERE kind = ?", (kind,)
        ).fetchall()
        candidates = [(id_, grp, label) for id_, grp, label in stored if _in(grp, label, theirs)]
        if not candidates:
            continue
        everyone = _used(conn, kind, None)
        dropped += [id_ for id_, grp, label in candidates if not _in(grp, label, everyone)]
    conn.executemany("DELETE FROM vocab_term WHERE id = ?", [(id_,) for id_ in dropped])
    return len(dropped)
