"""The quick "no use of anything" mark, corrected by a use entry (issue #15, defect 9), and the
"after a stay" flag in the use-log export."""

from __future__ import annotations

from datetime import timedelta

from hrtui.domain.clients import ClientInput
from hrtui.domain.dates import friendly_day
from hrtui.domain.uselog import EntryInput
from hrtui.exports import uselog as export
from hrtui.screens.uselog.forms import saved_message
from hrtui.store import uselog
from hrtui.store.clients import add_client, get_client
from hrtui.store.safety import set_entry_stay

DR = "standard drinks"


def _use(day, substance="Alcohol", amount="3", unit=DR) -> EntryInput:
    return EntryInput(day=day.isoformat(), substance=substance, amount=amount, unit=unit)


def test_use_on_a_marked_day_keeps_no_use_of_the_other_substances(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    day = clock.today - timedelta(days=2)
    uselog.add_entry(vault, cid, _use(day - timedelta(days=5), "Cannabis", "1", "joints"))
    uselog.add_entry(vault, cid, _use(day - timedelta(days=6), "Alcohol"))
    tobacco = _use(day - timedelta(days=7), "Tobacco / nicotine", "5", "cigarettes")
    uselog.add_entry(vault, cid, tobacco)
    uselog.record_no_use(vault, cid, day)

    saved = uselog.add_entry(vault, cid, _use(day))

    on_day = sorted((e.substance, e.no_use) for e in uselog.entries_on(vault, cid, day))
    assert on_day == [("Alcohol", False), ("Cannabis", True), ("Tobacco / nicotine", True)]
    assert saved_message(saved) == (
        f"Saved 3 standard drinks of Alcohol {friendly_day(day)}. It replaces the day's "
        '"no use of anything" mark: no use of Cannabis and Tobacco / nicotine is kept.'
    )


def test_a_client_with_one_substance_is_told_the_mark_went(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    uselog.record_no_use(vault, cid, clock.today)
    saved = uselog.add_entry(vault, cid, _use(clock.today))
    assert [(e.substance, e.no_use) for e in uselog.entries_on(vault, cid, clock.today)] == [
        ("Alcohol", False)
    ]
    assert saved_message(saved).endswith('It replaces the day\'s "no use of anything" mark.')


def test_an_ordinary_save_says_nothing_of_a_mark(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    saved = uselog.add_entry(vault, cid, _use(clock.today))
    assert "mark" not in saved_message(saved)
    assert type(saved) is uselog.EntryView  # equal to a view read back


def test_moving_an_entry_onto_a_marked_day_replaces_the_mark_too(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    yesterday = clock.today - timedelta(days=1)
    uselog.add_entry(vault, cid, _use(yesterday, "Cannabis", "1", "joints"))
    entry = uselog.add_entry(vault, cid, _use(yesterday))
    uselog.record_no_use(vault, cid, clock.today)
    saved = uselog.update_entry(vault, cid, entry.id, _use(clock.today))
    assert sorted((e.substance, e.no_use) for e in uselog.entries_on(vault, cid, clock.today)) == [
        ("Alcohol", False), ("Cannabis", True)
    ]  # fmt: skip
    assert "no use of Cannabis is kept" in saved_message(saved)


def test_the_export_carries_the_after_a_stay_flag(vault, clock):
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    first = uselog.add_entry(vault, cid, _use(clock.today - timedelta(days=1), "Opioids (heroin)",
                                              "1", "bags"))  # fmt: skip
    uselog.add_entry(vault, cid, _use(clock.today))
    set_entry_stay(vault, cid, first.id, "prison")
    value = export.build(vault, get_client(vault, cid), today=clock.today)
    assert [(e["substance"], e["after_stay"]) for e in value["entries"]] == [
        ("Opioids (heroin)", "prison"), ("Alcohol", "")
    ]  # fmt: skip
