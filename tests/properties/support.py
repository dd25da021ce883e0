"""Shared pieces of the property-based tests (tests/properties/test_*.py): hostile text, the
"refused cleanly" check and a module-scoped vault. Holds no tests of its own.

The property every store function must have, whatever is typed:

- it returns, or raises :class:`Invalid` (nothing else: no crash, no database error);
- each refusal message is one clear line that names no SQL;
- a refusal leaves every table of the vault with exactly the rows it had;
- what a success stored reads back exactly as the validated (trimmed) value (each test checks
  that for its own area).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import ORDINARY_DAY
from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from hrtui.domain.clients import ClientInput
from hrtui.domain.text import BIDI_OVERRIDES
from hrtui.store.clients import add_client
from hrtui.store.errors import Invalid
from hrtui.store.vault import Vault

PASSPHRASE = "correct horse"

#: Modest example counts keep the whole property suite within seconds.
FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No "explain" phase: it re-runs a failing example hundreds of times (slow with a vault).
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
THOROUGH = settings(FAST, max_examples=80)
#: For properties whose every example writes several records (a goal, a review, a client).
HEAVY = settings(FAST, max_examples=40)

EMOJI = ["🙂", "👩🏽‍⚕️", "🏳️‍🌈", "🍺", "💊", "🧑‍🤝‍🧑", "❤️", "\U0001f600"]
RTL = ["مرحبا", "שלום עולם", "\u200fאבג\u200e", "سلام ١٢٣", "اَلْعَرَبِيَّة"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\r", "\r\n", "\x7f", "\x85", "\x1c", "\x0b", "\x0c", "\x08"]
SURROGATES = ["\ud800", "\udfff"]
ODD = [
    "\u200b", "\ufeff", "e\u0301", "\u00a0", "\u2028", "\u3000", "ＡＢＣ", "ß", "İ", "ǅ", "Σς",
    "%s", "{0}", "'; DROP TABLE client; --", '"', "\\", "NULL", "\t", "\n", " ", "  ", "0",
    "-1", "1e309", "nan", "١٢",
]  # fmt: skip
PIECES = EMOJI + RTL + CONTROL + SURROGATES + sorted(BIDI_OVERRIDES) + ODD

#: Any character at all, lone surrogates included (Python makes those of undecodable bytes with
#: "surrogateescape", e.g. in command-line arguments; every text check refuses them).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
#: Characters every free-text field accepts (no control characters, no direction overrides).
SAFE_CHAR = st.characters(
    exclude_categories=("Cc", "Cs"), exclude_characters="".join(BIDI_OVERRIDES)
)

#: The day every property runs on: the frozen clock's (tests/conftest.py). A ``@given`` test
#: cannot take the ``clock`` fixture, so it uses this fixed day.
TODAY = ORDINARY_DAY.date()


def nasty_text(max_pieces: int = 8, *, surrogates: bool = True) -> st.SearchStrategy[str]:
    """Arbitrary text mixed with emoji, right-to-left text, control characters, direction
    overrides, lone surrogates and odd white space; now and then a huge run of one piece."""
    pieces = PIECES if surrogates else [p for p in PIECES if p not in SURROGATES]
    chars = ANY_CHAR if surrogates else st.characters(codec=None)
    mixed = st.lists(
        st.one_of(st.text(chars, max_size=12), st.sampled_from(pieces)), max_size=max_pieces
    ).map("".join)
    huge = st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["a", "🙂", "ש", "x ", "\x00", "é"]),
        st.integers(1, 3000),
    )
    return st.one_of(mixed, mixed, mixed, huge)


def good_text(
    max_size: int, *, multiline: bool = False, required: bool = False
) -> st.SearchStrategy[str]:
    """Text a field of ``max_size`` accepts: emoji, right-to-left, accents, padding spaces
    (never blank when ``required``)."""
    pieces = [*EMOJI, *RTL, "ß", "İ", "e\u0301", "\u200b", "Σς", "'; --", "%s"]
    if multiline:
        pieces += ["\n", "\t", "line one\nline two"]
    text = st.lists(
        st.one_of(st.text(SAFE_CHAR, max_size=10), st.sampled_from(pieces)), max_size=6
    ).map("".join)
    if required:
        visible = st.sampled_from([*EMOJI, *RTL, "a", "Ω", "ß", "7"])
        text = st.tuples(visible, text).map(lambda t: t[0] + t[1])
    padded = st.tuples(st.sampled_from(["", " ", "  \t"]), text, st.sampled_from(["", " "]))
    return padded.map("".join).map(lambda s: _fit(s, max_size))


def _fit(text: str, max_size: int) -> str:
    """``text`` cut so that, trimmed, it is at most ``max_size`` long (and not blank if it was
    not)."""
    start = len(text) - len(text.lstrip())
    return text[: start + max_size]


@st.composite
def mutated(
    draw: st.DrawFn,
    good: dict[str, st.SearchStrategy[Any]],
    hostile: dict[str, st.SearchStrategy[Any]],
) -> dict[str, Any]:
    """Field values that are all acceptable, then up to three of them made hostile: so every
    field is tried alone and together, and enough examples pass to check what is stored."""
    values = {name: draw(strategy) for name, strategy in good.items()}
    how_many = min(draw(st.sampled_from([0, 0, 1, 1, 2, 3])), len(hostile))
    names = draw(st.permutations(sorted(hostile)))[:how_many]
    for name in names:
        values[name] = draw(hostile[name])
    return values


def field_text(max_size: int, *, multiline: bool = False) -> st.SearchStrategy[str]:
    """Mostly acceptable text, often hostile text: for a field of ``max_size``."""
    return st.one_of(good_text(max_size, multiline=multiline), nasty_text())


def typed_day() -> st.SearchStrategy[str]:
    """What may be typed into a date field: good and bad dates and arbitrary text."""
    return st.one_of(
        st.sampled_from(
            [
                "",
                "today",
                "t",
                "y",
                "Yesterday",
                " -3 ",
                "+3",
                "-0",
                "+99999",
                "-9999",
                "0001-01-01",
                "9999-12-31",
                "1899-12-31",
                "1900-01-01",
                "2026-02-30",
                "20260301",
                "2026-W01-1",
                "٢٠٢٦-٠١-٠١",
                "2026-13-01",
                "-١",
            ]
        ),  # fmt: skip
        st.dates().map(date.isoformat),
        st.integers(-20000, 20000).map(lambda n: f"{n:+d}"),
        st.integers(0, 400).map(lambda n: f"-{n}"),
        nasty_text(4),
    )


def typed_number() -> st.SearchStrategy[str]:
    """What may be typed into a number field."""
    return st.one_of(
        st.sampled_from(
            [
                "",
                "0",
                "4",
                "2.5",
                "2,5",
                " 3 ",
                "-1",
                "1e309",
                "nan",
                "inf",
                "1_0",
                "١٢",
                "0x10",
                "100000",
                "100001",
                "1e-400",
                "4 pills",
            ]
        ),  # fmt: skip
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**30), 10**30).map(str),
        nasty_text(3),
    )


#: What may reach a date field: anything typed, or a date of any year.
HOSTILE_DAY = st.one_of(typed_day(), st.dates())
#: The days a log entry or a review may be about: today and the 3000 days before.
PAST_DAY = st.dates(TODAY - timedelta(days=3000), TODAY)


def _note(text: str) -> None:
    """Count outcomes for ``pytest --hypothesis-show-statistics`` (only inside a property)."""
    with contextlib.suppress(InvalidArgument):
        event(text)


# -- the refusal check -------------------------------------------------------------------------

_SQLISH = re.compile(
    r"\bselect\b|\binsert into\b|\bupdate \w+ set\b|\bdelete from\b|sqlite|sqlalchemy|"
    r"sqlcipher|\bconstraint\b|\[sql|traceback|\bcursor\b|\bpragma\b",
    re.IGNORECASE,
)


_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


def assert_clear_message(message: object) -> None:
    """One non-empty printable line, of a sensible length, that names no SQL."""
    assert isinstance(message, str), message
    assert message.strip(), "an empty message"
    assert len(message) <= 600, f"a {len(message)}-character message"
    bad = [c for c in message if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")]
    assert not bad, f"control characters in the message {message!r}"
    # what the person typed may be quoted back ('"my CURSOR" is a new unit'): only the
    # message's own words must not name SQL
    own_words = _QUOTED.sub('""', message)
    assert not _SQLISH.search(own_words), f"the message names SQL: {message!r}"


def assert_clear_invalid(exc: Invalid) -> None:
    assert isinstance(exc.errors, dict) and exc.errors, "Invalid without a field message"
    for name, message in exc.errors.items():
        assert isinstance(name, str) and name, exc.errors
        assert_clear_message(message)


def row_counts(vault: Vault) -> dict[str, int]:
    """Rows in every table of the vault."""
    with vault.raw() as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        count = 'SELECT count(*) FROM "{}"'
        return {name: conn.execute(count.format(name)).fetchone()[0] for name in names}


def call(
    vault: Vault,
    fn: Callable[..., Any],
    *args: Any,
    unchanged: Callable[[], Any] | None = None,
    **kwargs: Any,
) -> tuple[Any, Invalid | None]:
    """Call ``fn(vault, *args, **kwargs)``: (result, None), or (None, the refusal) after
    checking that the refusal is clear and changed nothing (no table gained or lost a row, and
    ``unchanged()`` — a snapshot of the record being edited — is the same as before)."""
    before = row_counts(vault)
    snapshot = unchanged() if unchanged else None
    try:
        result = fn(vault, *args, **kwargs)
    except Invalid as exc:
        _note(f"{fn.__name__}: refused")
        assert_clear_invalid(exc)
        assert row_counts(vault) == before, f"a refused save changed the vault: {exc.errors}"
        if unchanged:
            assert unchanged() == snapshot, f"a refused save changed the record: {exc.errors}"
        return None, exc
    _note(f"{fn.__name__}: stored")
    return result, None


# -- vaults ------------------------------------------------------------------------------------


def module_vault() -> Any:
    """A ``vault`` fixture of module scope: one vault for every example of a test module, each
    example working on a client of its own (:func:`new_client`). In the module:
    ``vault = module_vault()``."""

    @pytest.fixture(scope="module")
    def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
        v = Vault.create(tmp_path_factory.mktemp("properties") / "vault.db", PASSPHRASE)
        yield v
        v.close()

    return vault


_codes = iter(range(1, 10**9))


def new_client(vault: Vault) -> int:
    """A fresh client (a new code each time) so examples do not see each other's data."""
    client = add_client(vault, ClientInput(f"P{next(_codes):07d}", "Sam"))
    assert client.id is not None
    return client.id
