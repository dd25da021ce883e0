"""Property-based tests of the field parsers (hrtui.domain.parse) and the free-text checks
(hrtui.domain.text): whatever is typed, a value in range or a ValueError with a clear message."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hrtui.domain.parse import MAX_AMOUNT, THOUSANDS, parse_amount, parse_day, parse_int_range
from hrtui.domain.text import clean, control_char_problem, length_problem

from .support import (
    FAST,
    THOROUGH,
    assert_clear_message,
    nasty_text,
    typed_day,
    typed_number,
)

REALISTIC_TODAY = st.dates(date(1990, 1, 1), date(2100, 12, 31))


@THOROUGH
@given(text=typed_day(), today=REALISTIC_TODAY, allow_future=st.booleans())
@example(text="+9999", today=date(2100, 12, 31), allow_future=True)
@example(text="-9999", today=date(1990, 1, 1), allow_future=False)
def test_parse_day_gives_a_sensible_day_or_a_clear_message(text, today, allow_future):
    try:
        day = parse_day(text, today, allow_future=allow_future)
    except ValueError as exc:
        assert_clear_message(str(exc))
        return
    assert isinstance(day, date)
    assert day.year >= 1900
    if not allow_future:
        assert day <= today


@FAST
@given(day=st.dates(date(1900, 1, 1), date(2100, 12, 31)), pad=st.sampled_from(["", " ", "\t"]))
def test_parse_day_reads_an_iso_day_back_exactly(day, pad):
    today = date(2100, 12, 31)
    assert parse_day(f"{pad}{day.isoformat()}{pad}", today) == day


@FAST
@given(days=st.integers(0, 9999), today=REALISTIC_TODAY)
def test_parse_day_counts_days_back(days, today):
    expected = today - timedelta(days=days)
    if expected.year < 1900:
        return
    assert parse_day(f"-{days}", today) == expected


@FAST
@given(default=st.dates(), today=REALISTIC_TODAY, blank=st.sampled_from(["", "  ", "\t"]))
def test_parse_day_blank_gives_the_default(default, today, blank):
    assert parse_day(blank, today, default=default) == default


@THOROUGH
@given(text=typed_number(), required=st.booleans(), maximum=st.sampled_from([7, 10**6, MAX_AMOUNT]))
@example(text="1e-400", required=True, maximum=MAX_AMOUNT)
@example(text="9" * 5000, required=True, maximum=MAX_AMOUNT)
def test_parse_amount_gives_a_number_in_range_or_a_clear_message(text, required, maximum):
    try:
        value = parse_amount(text, required=required, maximum=maximum)
    except ValueError as exc:
        assert_clear_message(str(exc))
        return
    if value is None:
        assert not required and not text.strip()
        return
    assert isinstance(value, float) and math.isfinite(value)
    assert 0 <= value <= maximum


@FAST
@given(value=st.floats(0, MAX_AMOUNT), comma=st.booleans())
def test_parse_amount_reads_a_number_back_exactly(value, comma):
    text = format(Decimal(repr(value)), "f")  # written out as a person would, no exponent
    if comma:
        text = text.replace(".", ",")
    if THOUSANDS.fullmatch(text):  # "1,250": one and a quarter, or twelve hundred and fifty?
        with pytest.raises(ValueError, match="Is that"):
            parse_amount(f" {text} ")
        return
    assert parse_amount(f" {text} ") == value


@pytest.mark.parametrize("text", ["1_000", "1e3", "nan", "inf", "0x10", "4 5", "2.5.1"])
def test_parse_amount_takes_only_numbers_as_people_write_them(text):
    with pytest.raises(ValueError, match="Type a number"):
        parse_amount(text)


@THOROUGH
@given(
    text=st.one_of(typed_number(), nasty_text(4)),
    low=st.integers(-5, 5),
    span=st.integers(0, 300),
    required=st.booleans(),
)
def test_parse_int_range_gives_a_whole_number_in_range_or_a_clear_message(
    text, low, span, required
):
    high = low + span
    try:
        value = parse_int_range(text, low, high, required=required)
    except ValueError as exc:
        assert_clear_message(str(exc))
        return
    if value is None:
        assert not required and not text.strip()
        return
    assert isinstance(value, int) and low <= value <= high


@FAST
@given(data=st.data(), low=st.integers(-1000, 1000), span=st.integers(0, 1000))
def test_parse_int_range_reads_a_number_back_exactly(data, low, span):
    number = data.draw(st.integers(low, low + span))
    assert parse_int_range(f" {number}\t", low, low + span) == number


@THOROUGH
@given(text=nasty_text(), multiline=st.booleans(), maximum=st.integers(0, 3000))
def test_text_checks_never_crash_and_explain_themselves(text, multiline, maximum):
    trimmed = clean(text)
    assert trimmed == trimmed.strip()
    for problem in (control_char_problem(text, multiline=multiline), length_problem(text, maximum)):
        if problem is not None:
            assert_clear_message(problem)
    if control_char_problem(text, multiline=multiline) is None:
        # Whatever passes can be stored and shown: no control characters, no lone surrogates.
        allowed = {"\t", "\n"} if multiline else {"\t"}
        assert all(c in allowed or unicodedata.category(c) != "Cc" for c in text)
        text.encode("utf-8")  # raises on a lone surrogate


def test_an_amount_with_a_thousands_comma_is_asked_about_not_guessed():
    with pytest.raises(ValueError, match=r"Is that 1 or 1000\? Type 1 or 1000\."):
        parse_amount("1,000")
    assert parse_amount("1,5") == 1.5 and parse_amount("0,250") == 0.25
