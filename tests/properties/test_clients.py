"""Property-based tests of the client form: validate_client, add_client, update_client.

Whatever is typed into code, name, pronouns and note: a client stored exactly as validated, or
a clear refusal that leaves every table of the vault as it was."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from hrtui.domain.clients import (
    CODE_PATTERN,
    NAME_MAX,
    NOTE_MAX,
    PRONOUNS_MAX,
    ClientInput,
    validate_client,
)
from hrtui.store.clients import add_client, get_client, update_client
from hrtui.store.errors import Invalid
from hrtui.store.maintenance import delete_client

from .support import (
    FAST,
    THOROUGH,
    assert_clear_message,
    call,
    good_text,
    module_vault,
    mutated,
    nasty_text,
    new_client,
)

vault = module_vault()


GOOD_CODE = st.tuples(
    st.sampled_from(["", " ", "\t "]),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{1,15}", fullmatch=True),
    st.sampled_from(["", "  "]),
).map("".join)


def client_inputs() -> st.SearchStrategy[ClientInput]:
    good = {
        "code": GOOD_CODE,
        "display_name": good_text(NAME_MAX, required=True),
        "pronouns": good_text(PRONOUNS_MAX),
        "note": good_text(NOTE_MAX, multiline=True),
    }
    hostile = {
        "code": st.one_of(nasty_text(4), st.sampled_from(["AB", "ab", "a", "-ab", "ab cd"])),
        "display_name": nasty_text(),
        "pronouns": nasty_text(),
        "note": nasty_text(),
    }
    return mutated(good, hostile).map(lambda values: ClientInput(**values))


def stored(vault, client_id: int) -> tuple[str, str, str, str]:
    c = get_client(vault, client_id)
    return c.code, c.display_name, c.pronouns, c.note


def trimmed(text: str) -> str:
    """White space and zero-width characters off both ends; '' if nothing visible is left."""
    if all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
        return ""
    return text.strip().strip("\u200b\u200c\u200d\u2060\ufeff").strip()


@THOROUGH
@given(data=client_inputs())
@example(data=ClientInput("ab", "x" * 100_000, "", ""))
@example(data=ClientInput("ab", "\u200b \ufeff", "", ""))  # looks empty: refused
@example(data=ClientInput("ab", "Ana", "", "\x00" * 100_000))
def test_validate_client_never_crashes_and_trims(data):
    clean, errors = validate_client(data.code, data.display_name, data.pronouns, data.note)
    for message in errors.values():
        assert_clear_message(message)
    assert set(errors) <= {"code", "display_name", "pronouns", "note"}
    if not errors:
        assert clean.code == data.code.strip() and CODE_PATTERN.match(clean.code)
        assert clean.display_name == trimmed(data.display_name) != ""
        assert clean.pronouns == trimmed(data.pronouns)
        assert clean.note == data.note.strip()
        assert len(clean.display_name) <= NAME_MAX and len(clean.note) <= NOTE_MAX


@THOROUGH
@given(data=client_inputs())
def test_add_client_stores_exactly_the_validated_client_or_nothing(vault, data):
    client, refused = call(vault, add_client, data)
    if refused:
        return
    expected, errors = validate_client(data.code, data.display_name, data.pronouns, data.note)
    assert not errors
    assert stored(vault, client.id) == (
        expected.code,
        expected.display_name,
        expected.pronouns,
        expected.note,
    )
    # The same code again, in another case, is refused and changes nothing.
    again, refused = call(vault, add_client, ClientInput(expected.code.swapcase(), "Someone"))
    assert again is None and refused is not None and "code" in refused.errors
    delete_client(vault, client.id, expected.code)  # frees the code for later examples


@FAST
@given(data=client_inputs())
def test_update_client_stores_exactly_the_validated_client_or_changes_nothing(vault, data):
    client_id = new_client(vault)
    changed, refused = call(
        vault, update_client, client_id, data, unchanged=lambda: stored(vault, client_id)
    )
    if refused:
        return
    expected, _ = validate_client(data.code, data.display_name, data.pronouns, data.note)
    assert stored(vault, client_id) == (
        expected.code,
        expected.display_name,
        expected.pronouns,
        expected.note,
    )
    delete_client(vault, client_id, expected.code)


def test_an_invalid_client_is_refused_with_a_message_per_field(vault):
    """Guards the property tests above: hostile text really is refused, field by field."""
    _, refused = call(vault, add_client, ClientInput("a b", "\x1b[31mAna", "x" * 31, "\u202e"))
    assert isinstance(refused, Invalid)
    assert set(refused.errors) == {"code", "display_name", "pronouns", "note"}
