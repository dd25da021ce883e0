"""Pure client logic: validation, roster filtering, and the passphrase strength hint."""

from __future__ import annotations

from datetime import datetime

import pytest

from hrtui.domain.clients import (
    NAME_MAX,
    NOTE_MAX,
    PRONOUNS_MAX,
    ClientInput,
    RosterRow,
    filter_roster,
    validate_client,
)
from hrtui.domain.passphrase import strength_hint

# -- validate_client --------------------------------------------------------------------------


def test_valid_input_passes_and_is_trimmed():
    data, errors = validate_client("  AB-12  ", "  Ana María ", " she/her ", "\n  a note  \n")
    assert errors == {}
    assert data == ClientInput("AB-12", "Ana María", "she/her", "a note")


def test_optional_fields_default_empty():
    data, errors = validate_client("AB", "Al")
    assert errors == {}
    assert (data.pronouns, data.note) == ("", "")


@pytest.mark.parametrize("code", ["", "   ", None])
def test_code_required(code):
    _, errors = validate_client(code, "Ana")
    assert "required" in errors["code"]
    assert set(errors) == {"code"}


@pytest.mark.parametrize("name", ["", "   ", "\t", None, "\u200b", " \ufeff\u2060 ", "\u200e"])
def test_name_required(name):
    _, errors = validate_client("AB1", name)
    assert "required" in errors["display_name"]
    assert set(errors) == {"display_name"}


@pytest.mark.parametrize("code", ["AB", "a1", "0X", "ab_cd-12", "Z" * 16, "1234567890123456"])
def test_good_codes(code):
    assert validate_client(code, "Ana")[1] == {}


@pytest.mark.parametrize(
    "code",
    ["A", "Z" * 17, "-AB", "_AB", "AB CD", "AB.1", "ÄB12", "AB/1", "AB'1", "١٢٣", "AB\u200b1"],
)
def test_bad_codes(code):
    _, errors = validate_client(code, "Ana")
    assert set(errors) == {"code"}
    assert "required" not in errors["code"]


def test_both_required_fields_reported_together():
    _, errors = validate_client("", "")
    assert set(errors) == {"code", "display_name"}


@pytest.mark.parametrize(
    ("field", "limit"),
    [("display_name", NAME_MAX), ("pronouns", PRONOUNS_MAX), ("note", NOTE_MAX)],
)
def test_length_limits(field, limit):
    fields = {"code": "AB1", "display_name": "Ana", "pronouns": "", "note": ""}
    fields[field] = "é" * limit
    assert validate_client(**fields)[1] == {}
    fields[field] = "é" * (limit + 1)
    _, errors = validate_client(**fields)
    assert set(errors) == {field}
    assert str(limit) in errors[field]


def test_length_counted_after_trimming():
    _, errors = validate_client("AB1", "  " + "n" * NAME_MAX + "  ")
    assert errors == {}


def test_limits_are_sane():
    assert (NAME_MAX, PRONOUNS_MAX, NOTE_MAX) == (60, 30, 2000)


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f", "\r", "\n", "\x85"])
def test_control_characters_refused_in_name_and_pronouns(bad):
    _, errors = validate_client("AB1", f"An{bad}a", f"sh{bad}e")
    assert set(errors) == {"display_name", "pronouns"}
    assert "control" in errors["display_name"]


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[2J", "\x7f"])
def test_control_characters_refused_in_note(bad):
    _, errors = validate_client("AB1", "Ana", "", f"line{bad}more")
    assert set(errors) == {"note"}


def test_note_allows_newlines_and_tabs():
    data, errors = validate_client("AB1", "Ana", "", "first\n\tsecond\nthird")
    assert errors == {}
    assert data.note == "first\n\tsecond\nthird"


def test_surrounding_newline_is_trimmed_not_refused():
    data, errors = validate_client("AB1", "Ana\n", "they\n")
    assert errors == {}
    assert (data.display_name, data.pronouns) == ("Ana", "they")


@pytest.mark.parametrize(
    "name",
    [
        "🦊 Fox 🌈",
        "👩🏽‍🦱 Sam",
        "مريم الحسيني",
        "שָׂרָה כהן",
        "Ana María Núñez",
        "李小龍",
        'O\'Brien "Bo" \\ x',
    ],
)
def test_unicode_names_accepted(name):
    data, errors = validate_client("AB1", name, "هي")
    assert errors == {}
    assert data.display_name == name


# -- filter_roster ----------------------------------------------------------------------------


def row(i: int, code: str, name: str, archived: bool = False) -> RosterRow:
    return RosterRow(i, code, name, "", archived, datetime(2024, 1, i))


ROWS = [
    row(1, "ANA-01", "Ana María Núñez"),
    row(2, "FOX4", "Sam the Fox 🦊"),
    row(3, "OLD-9", "Ana Archived", archived=True),
    row(4, "STR-1", "Straße Person"),
    row(5, "MRYM_2", "مريم"),
]


def ids(rows: list[RosterRow]) -> list[int]:
    return [r.id for r in rows]


def test_empty_query_lists_active_in_order():
    assert ids(filter_roster(ROWS, "")) == [1, 2, 4, 5]
    assert ids(filter_roster(ROWS, "   ")) == [1, 2, 4, 5]


def test_archived_only_when_asked():
    assert ids(filter_roster(ROWS, "", show_archived=True)) == [1, 2, 3, 4, 5]
    assert ids(filter_roster(ROWS, "ana")) == [1]
    assert ids(filter_roster(ROWS, "ana", show_archived=True)) == [1, 3]


@pytest.mark.parametrize("query", ["ana", "ANA", "aNa", "maría", "MARÍA", "núñez"])
def test_case_insensitive(query):
    assert ids(filter_roster(ROWS, query)) == [1]


def test_casefold_not_just_lower():
    assert ids(filter_roster(ROWS, "STRASSE")) == [4]


def test_matches_code_too():
    assert ids(filter_roster(ROWS, "fox4")) == [2]
    assert ids(filter_roster(ROWS, "str-")) == [4]


def test_every_word_must_match_in_any_order():
    assert ids(filter_roster(ROWS, "fox sam")) == [2]
    assert ids(filter_roster(ROWS, "  sam   FOX ")) == [2]
    assert ids(filter_roster(ROWS, "sam ana")) == []
    assert ids(filter_roster(ROWS, "ana 01")) == [1]  # one word in the name, one in the code


def test_no_match():
    assert filter_roster(ROWS, "zzz") == []


def test_unicode_query():
    assert ids(filter_roster(ROWS, "مريم")) == [5]
    assert ids(filter_roster(ROWS, "🦊")) == [2]


def test_filter_does_not_mutate_input():
    rows = list(ROWS)
    filter_roster(rows, "ana")
    assert rows == ROWS


# -- strength_hint ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passphrase", "level"),
    [
        ("", "empty"),
        ("password", "weak"),
        ("PASSWORD", "weak"),
        ("qwerty", "weak"),
        ("abc", "weak"),
        ("a" * 40, "weak"),  # length from repetition is not strength
        ("Tr0ub4dor", "fair"),
        ("correct horse battery staple", "strong"),
        ("Maple river; 7 quiet lanterns!", "strong"),
    ],
)
def test_strength_levels(passphrase, level):
    got, advice = strength_hint(passphrase)
    assert got == level
    assert isinstance(advice, str) and advice


def test_strength_grows_with_words():
    order = {"empty": 0, "weak": 1, "fair": 2, "strong": 3}
    levels = [
        strength_hint(p)[0] for p in ("", "maple", "maple river7", "maple river quiet lantern")
    ]
    assert [order[lv] for lv in levels] == sorted(order[lv] for lv in levels)
    assert levels[0] == "empty" and levels[-1] == "strong"


def test_weak_advice_suggests_words():
    _, advice = strength_hint("password")
    assert "word" in advice.lower()
