"""Intake baselines ask the occasions on a use day, so progress compares per use day as the
log does (issue #15, defect 5)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput, baseline_line, validate_baseline
from hrtui.domain.uselog import EntryInput
from hrtui.store import intake, uselog
from hrtui.store.clients import add_client
from hrtui.store.errors import Invalid
from hrtui.store.progress import load_progress

DR = "standard drinks"


@pytest.mark.parametrize(("typed", "kept"), [(None, 1.0), ("", 1.0), ("2", 2.0), ("1.5", 1.5)])
def test_occasions_default_to_one(typed, kept, clock):
    clean, errors = validate_baseline(
        BaselineInput("Alcohol", amount="3", taken_on="today", occasions_per_day=typed)
    )
    assert errors == {} and clean.occasions_per_day == kept


@pytest.mark.parametrize("typed", ["0", "25", "often"])
def test_occasions_out_of_range_are_refused_at_the_field(typed, clock):
    _, errors = validate_baseline(
        BaselineInput("Alcohol", amount="3", taken_on="today", occasions_per_day=typed)
    )
    assert "1 to 24" in errors["occasions_per_day"]


def test_the_line_says_the_amount_per_use_day():
    once = "Alcohol: 3 standard drinks per occasion, 4 days a week"
    assert baseline_line("Alcohol", 3, DR, 4) == once
    assert baseline_line("Alcohol", 3, DR, 4, occasions=2) == (
        "Alcohol: 3 standard drinks per occasion, 2 times a use day (6 standard drinks a use "
        "day), 4 days a week"
    )


def test_unchanged_use_of_two_occasions_a_day_reads_as_unchanged(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    taken = clock.today - timedelta(days=60)
    intake.add_baseline(vault, cid, BaselineInput(
        "Alcohol", amount="3", unit=DR, days_per_week="5", taken_on=taken.isoformat(),
        occasions_per_day="2"))  # fmt: skip
    (row,) = intake.list_baselines(vault, cid)
    assert row.occasions_per_day == 2
    uselog.add_entry(vault, cid, EntryInput(day=clock.today.isoformat(), substance="Alcohol",
                                            amount="6", unit=DR))  # fmt: skip
    view = load_progress(vault, cid, "Alcohol")
    words = " ".join(view.sentences[0])
    # 3 per occasion × 2 occasions = 6 per drinking day, as logged
    assert "6 drinks per drinking day this week, the same as at intake." in words, words


def test_a_bad_occasions_value_saves_nothing(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    with pytest.raises(Invalid) as caught:
        intake.add_baseline(vault, cid, BaselineInput(
            "Alcohol", amount="3", unit=DR, taken_on="today", occasions_per_day="0"))  # fmt: skip
    assert "occasions_per_day" in caught.value.errors
    assert intake.list_baselines(vault, cid) == []
