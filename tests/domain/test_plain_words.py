"""Words a person reads (issue #16, point 12): plurals right ("1 beer", "2 beers"), the calendar
legend says each thing once, and AUDIT-C results are not told in screening jargon."""

from __future__ import annotations

from datetime import date

import pytest

from hrtui.domain.goals import describe_target
from hrtui.domain.intake import AUDITC_CUTOFFS, auditc_band
from hrtui.domain.parse import amount_with_unit, singular_unit
from hrtui.domain.uselog import DayRecord, DayUse, day_words
from hrtui.widgets.calendar import legend


@pytest.mark.parametrize(
    ("amount", "unit", "words"),
    [
        (1, "standard drinks", "1 standard drink"),
        (2, "standard drinks", "2 standard drinks"),
        (1, "beers", "1 beer"),
        (1.0, "cans of beer", "1 can of beer"),
        (1, "glasses", "1 glass"),
        (1, "patches", "1 patch"),
        (1, "mg", "1 mg"),
        (1, "g", "1 g"),
        (1, "joint", "1 joint"),
        (0.5, "grams", "0.5 grams"),
        (1.5, "pills", "1.5 pills"),
        (3, "", "3"),
        (None, "beers", ""),
    ],
)
def test_an_amount_reads_with_its_unit_in_the_right_number(amount, unit, words):
    assert amount_with_unit(amount, unit) == words


def test_a_unit_not_in_the_plural_stays_as_it_is():
    for unit in ("glass", "gas", "mg", "standard drink", "Bus fare"):
        assert singular_unit(unit) == unit


def test_targets_and_days_use_the_singular_for_one():
    assert describe_target(1, "standard drinks", "per_use_day") == "1 standard drink per use day"
    assert describe_target(1, None, "use_days_per_week") == "1 use day a week"
    record = DayRecord(date(2027, 6, 9), uses=[DayUse("Beer", 1, "beers")])
    assert day_words(record) == "Beer 1 beer"
    record = DayRecord(date(2027, 6, 9), uses=[DayUse("Beer", 2, "beers", entries=2)])
    assert day_words(record) == "Beer 2 beers (2 entries)"


def test_the_calendar_legend_says_each_thing_once():
    text = legend().plain
    assert text == "4 dr = amount used  no use = none used  · = not recorded  ♦ = memory cue"
    assert "no use no use" not in text and len(text) <= 78


@pytest.mark.parametrize("cutoff", [None, *AUDITC_CUTOFFS])
def test_auditc_results_are_told_without_screening_jargon(cutoff):
    for score in range(13):
        explanation = auditc_band(score, cutoff).explanation
        assert "screen is" not in explanation and "screen counts" not in explanation
