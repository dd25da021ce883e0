"""The use-log store: validation at the field, one transaction per write, no use vs not
recorded, defaults, memory cues, the month view, and summaries that stay small at scale."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from hrtui.domain import progress as prog
from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput, validate_entry
from hrtui.store import progress, uselog
from hrtui.store.clients import add_client, audit_trail, get_client
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    Goal,
    GoalStrategy,
    MemoryCue,
    Review,
    ReviewEntry,
    SubstanceBaseline,
    UseEntry,
    UseEntryStrategy,
)

TODAY = date(2025, 3, 13)  # a Thursday
STAMP = datetime(2025, 1, 1, 9, 0)
DR = "standard drinks"


@pytest.fixture
def cid(vault) -> int:
    return add_client(vault, ClientInput("AB1", "Sam")).id


def count(vault, model) -> int:
    with vault.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def add(vault, cid, **kw) -> UseEntry:
    data = {"day": "today", "substance": "Alcohol", "amount": "4", "unit": DR, **kw}
    return uselog.add_entry(vault, cid, EntryInput(**data), today=TODAY)


# -- bad input: a message at the field, nothing saved -------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"amount": "-2"}, "amount", "cannot be negative"),
        ({"amount": "four"}, "amount", "Type a number"),
        ({"amount": ""}, "amount", "0 if there was no use"),
        ({"day": "2025-03-14"}, "day", "in the future"),
        ({"day": "+1"}, "day", "in the future"),
        ({"day": "13/03/2025"}, "day", "Not a date"),
        ({"unit": "bottles"}, "unit", "new unit for Alcohol"),
        ({"unit": ""}, "unit", "usual for Alcohol: standard drinks"),
        ({"substance": ""}, "substance", "Type a substance"),
        ({"craving": "11"}, "craving", "0 to 10"),
        ({"mood": "Grumpy"}, "mood", "Choose one of"),
        ({"note": "a\x07b"}, "note", "control character"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(vault, cid, fields, field, words):
    with pytest.raises(Invalid) as info:
        add(vault, cid, **fields)
    assert field in info.value.errors
    assert words in info.value.errors[field]
    assert count(vault, UseEntry) == 0
    assert [e.action for e in audit_trail(vault, cid)] == ["created"]  # only the client's


def test_a_new_unit_is_confirmed_by_saving_it_again(vault, cid):
    with pytest.raises(uselog.UnitNotKnown) as info:
        add(vault, cid, unit="bottles")
    assert info.value.unit == "bottles"
    assert "Save again" in info.value.errors["unit"]
    entry = add(vault, cid, unit="bottles", confirm_unit="Bottles")
    assert entry.unit == "bottles"
    # now it is one of the client's units for alcohol: no question the next time, any case
    assert add(vault, cid, unit="BOTTLES").unit == "bottles"
    # ...but still new for another substance
    with pytest.raises(uselog.UnitNotKnown):
        add(vault, cid, substance="Cannabis", unit="bottles")


def test_units_from_intake_and_goals_are_known(vault, cid):
    with vault.session() as s:
        s.add(SubstanceBaseline(client_id=cid, substance="cannabis", unit="grams", amount=1,
                                taken_on=TODAY, created_at=STAMP))  # fmt: skip
        s.add(Goal(client_id=cid, kind="reduce", title="less", substance="Cannabis",
                   target_amount=2, unit="joints", start_on=TODAY, created_at=STAMP,
                   updated_at=STAMP))  # fmt: skip
    assert add(vault, cid, substance="CANNABIS", unit="Grams").unit == "grams"
    assert add(vault, cid, substance="Cannabis", unit="joints").substance == "Cannabis"


def test_validation_is_pure_and_keeps_the_known_spelling():
    clean, errors, unknown = validate_entry(
        EntryInput(day="-2", substance="alcohol", amount="2,5", unit="Standard drinks",
                   mood="calm", craving="3", strategies=["Eat first", "eat first", " "]),
        today=TODAY, known_units=[DR], known_substances=["Alcohol"],
    )  # fmt: skip
    assert errors == {} and unknown is None
    assert clean.day == date(2025, 3, 11)
    assert (clean.substance, clean.amount, clean.unit) == ("Alcohol", 2.5, DR)
    assert clean.mood == "Calm" and clean.craving == 3
    assert clean.strategies == ("Eat first",)


# -- entries, no use and not recorded -------------------------------------------------------------


def test_several_entries_on_a_day_add_up(vault, cid):
    add(vault, cid, amount="3")
    add(vault, cid, amount="2.5", strategies=["Eat before drinking"])
    assert [e.amount for e in uselog.entries_on(vault, cid, TODAY)] == [3, 2.5]
    view = uselog.month_view(vault, cid, 2025, 3)
    record = view.record(TODAY)
    assert record.kind == "use"
    assert [(u.substance, u.amount, u.unit, u.entries) for u in record.uses] == [
        ("Alcohol", 5.5, DR, 2)
    ]


def test_amount_zero_records_no_use_of_that_substance(vault, cid):
    entry = add(vault, cid, amount="0", craving="2", strategies=["Tell someone your plan"])
    assert entry.no_use and entry.amount is None and entry.substance == "Alcohol"
    record = uselog.month_view(vault, cid, 2025, 3).record(TODAY)
    assert record.kind == "no_use" and record.no_use_of == ["Alcohol"]
    # use of the same substance that day contradicts it: refused, at the amount
    with pytest.raises(Invalid) as info:
        add(vault, cid, amount="2")
    assert "No use of Alcohol is recorded" in info.value.errors["amount"]


def test_quick_no_use_is_a_fact_distinct_from_not_recorded(vault, cid):
    entry = uselog.record_no_use(vault, cid, TODAY - timedelta(days=1), today=TODAY)
    assert entry.no_use and entry.substance == ""
    again = uselog.record_no_use(vault, cid, "yesterday", today=TODAY)
    assert again.id == entry.id  # recorded once
    view = uselog.month_view(vault, cid, 2025, 3)
    assert view.record(date(2025, 3, 12)).kind == "no_use"
    assert view.record(date(2025, 3, 11)).kind == "none"  # nobody recorded that day
    with pytest.raises(Invalid) as info:
        uselog.record_no_use(vault, cid, TODAY + timedelta(days=1), today=TODAY)
    assert "future" in info.value.errors["day"]


def test_no_use_is_refused_on_a_day_with_use_and_use_replaces_the_quick_mark(vault, cid):
    add(vault, cid)
    with pytest.raises(Invalid) as info:
        uselog.record_no_use(vault, cid, TODAY, today=TODAY)
    assert "Use is recorded" in info.value.errors["day"]
    with pytest.raises(Invalid):
        add(vault, cid, amount="0")
    # a corrected recall: the day was marked "no use", then use is remembered
    uselog.record_no_use(vault, cid, "-1", today=TODAY)
    add(vault, cid, day="-1", amount="2")
    kinds = [(e.no_use, e.amount) for e in uselog.entries_on(vault, cid, TODAY - timedelta(1))]
    assert kinds == [(False, 2.0)]


def test_back_dated_entries_and_days_with_use(vault, cid):
    add(vault, cid, day="2025-03-01")
    add(vault, cid, day="-3")
    add(vault, cid, day="yesterday", amount="0")
    uselog.record_no_use(vault, cid, "2025-03-05", today=TODAY)
    assert uselog.days_with_use(vault, cid, date(2025, 3, 1), TODAY) == [
        date(2025, 3, 1), date(2025, 3, 10),
    ]  # fmt: skip
    assert uselog.days_with_use(vault, cid, date(2025, 3, 2), date(2025, 3, 9)) == []


def test_update_replaces_strategies_and_delete_takes_them_away(vault, cid):
    entry = add(vault, cid, strategies=["Eat before drinking", "Space drinks out"])
    data = EntryInput(day="today", substance="Alcohol", amount="3", unit=DR,
                      strategies=["Space drinks out"], note="after work")  # fmt: skip
    uselog.update_entry(vault, cid, entry.id, data, today=TODAY)
    view = uselog.get_entry(vault, cid, entry.id)
    assert (view.amount, view.strategies, view.note) == (3, ("Space drinks out",), "after work")
    uselog.delete_entry(vault, cid, entry.id)
    assert count(vault, UseEntry) == 0 and count(vault, UseEntryStrategy) == 0
    assert [e.action for e in audit_trail(vault, cid) if e.area == "uselog"] == [
        "created", "changed", "deleted",
    ]  # fmt: skip
    with pytest.raises(NotFound):
        uselog.delete_entry(vault, cid, entry.id)


def test_writes_mark_activity_and_never_put_content_in_the_audit(vault, cid):
    before = get_client(vault, cid).last_activity_at
    add(vault, cid, note="private words")
    assert get_client(vault, cid).last_activity_at >= before
    for event in audit_trail(vault, cid):
        assert "private" not in f"{event.action} {event.area}"


def test_an_entry_of_another_client_cannot_be_changed(vault, cid):
    other = add_client(vault, ClientInput("CD2", "Lee")).id
    entry = add(vault, cid)
    with pytest.raises(NotFound):
        uselog.update_entry(vault, other, entry.id, EntryInput(amount="1", substance="Alcohol",
                                                              unit=DR), today=TODAY)  # fmt: skip
    with pytest.raises(NotFound):
        uselog.delete_entry(vault, other, entry.id)
    assert uselog.get_entry(vault, cid, entry.id).amount == 4


def test_deleting_an_entry_named_in_a_review_keeps_the_review(vault, cid):
    entry = add(vault, cid)
    with vault.session() as s:
        review = Review(client_id=cid, day=TODAY, created_at=STAMP, updated_at=STAMP)
        s.add(review)
        s.flush()
        s.add(ReviewEntry(review_id=review.id, entry_id=entry.id))
    uselog.delete_entry(vault, cid, entry.id)
    assert uselog.entries_on(vault, cid, TODAY) == []
    assert count(vault, Review) == 1 and count(vault, ReviewEntry) == 0


def test_bulk_add_is_all_or_nothing(vault, cid):
    good = EntryInput(day=TODAY, substance="Alcohol", amount=2, unit=DR)
    bad = EntryInput(day=TODAY + timedelta(days=2), substance="Alcohol", amount=2, unit=DR)
    with pytest.raises(Invalid) as info:
        uselog.add_entries(vault, cid, [good, bad], today=TODAY)
    assert "Entry 2" in info.value.errors["day"]
    assert count(vault, UseEntry) == 0
    mark = EntryInput(day=TODAY - timedelta(days=1), substance="", amount=0)
    assert uselog.add_entries(vault, cid, [good, mark], today=TODAY) == 2
    assert uselog.month_view(vault, cid, 2025, 3).record(date(2025, 3, 12)).no_use_all


def test_bulk_add_keeps_each_day_consistent(vault, cid):
    day = TODAY - timedelta(days=3)
    use = EntryInput(day=day, substance="Alcohol", amount=2, unit=DR)
    no_alcohol = EntryInput(day=day, substance="Alcohol", amount=0, unit=DR)
    nothing = EntryInput(day=day, substance="", amount=0)
    for batch, entry in (([use, no_alcohol], 2), ([no_alcohol, use], 2), ([use, nothing], 2),
                         ([nothing, use], 2), ([nothing, nothing], 2)):  # fmt: skip
        with pytest.raises(Invalid) as info:
            uselog.add_entries(vault, cid, batch, today=TODAY)
        assert f"Entry {entry} ({day.isoformat()})" in info.value.errors["day"]
    assert count(vault, UseEntry) == 0
    assert uselog.add_entries(vault, cid, [use, use], today=TODAY) == 2  # several add up
    with pytest.raises(Invalid):  # ...and the log already has use that day
        uselog.add_entries(vault, cid, [nothing], today=TODAY)
    assert count(vault, UseEntry) == 2


# -- defaults -------------------------------------------------------------------------------------


def test_defaults_alcohol_then_baseline_then_latest_entry(vault, cid):
    d = uselog.entry_defaults(vault, cid, TODAY)
    assert (d.today, d.substance, d.unit) == (TODAY, "Alcohol", DR)
    with vault.session() as s:
        s.add(SubstanceBaseline(client_id=cid, substance="Cannabis", unit="joints", amount=2,
                                taken_on=TODAY, created_at=STAMP))  # fmt: skip
    d = uselog.entry_defaults(vault, cid, TODAY)
    assert (d.substance, d.unit) == ("Cannabis", "joints")
    add(vault, cid, day="-5", substance="Methamphetamine", unit="grams", confirm_unit="grams")
    add(vault, cid, day="-2", substance="Cannabis", amount="0")  # no use: not "usual"
    d = uselog.entry_defaults(vault, cid, TODAY)
    assert (d.substance, d.unit) == ("Methamphetamine", "grams")
    assert d.unit_for("cannabis") == "joints" and d.unit_for("Alcohol") == DR
    assert "Methamphetamine" in d.substances and "Smoked" in d.routes


def test_defaults_offer_the_strategies_of_open_safer_goals_only(vault, cid):
    with vault.session() as s:
        for kind, status, labels in (
            ("safer", "active", ["Eat before drinking", "Space drinks out"]),
            ("safer", "paused", ["Plan a safe place"]),
            ("reduce", "active", ["Set a spending limit"]),
            ("safer", "revised", ["eat before drinking", "Tell someone your plan"]),
        ):
            goal = Goal(client_id=cid, kind=kind, status=status, title="t", start_on=TODAY,
                        created_at=STAMP, updated_at=STAMP)  # fmt: skip
            s.add(goal)
            s.flush()
            for label in labels:
                s.add(GoalStrategy(goal_id=goal.id, concern="General", label=label,
                                   added_on=TODAY))  # fmt: skip
    d = uselog.entry_defaults(vault, cid, TODAY)
    assert d.strategies == ("Eat before drinking", "Space drinks out", "Tell someone your plan")


# -- memory cues and the month view ---------------------------------------------------------------


def test_memory_cues(vault, cid):
    cue = uselog.add_cue(vault, cid, "2025-03-20", "court date", today=TODAY)  # future is fine
    uselog.add_cue(vault, cid, TODAY, "payday", today=TODAY)
    with pytest.raises(Invalid) as info:
        uselog.add_cue(vault, cid, TODAY, "   ", today=TODAY)
    assert "label" in info.value.errors
    with pytest.raises(Invalid):
        uselog.add_cue(vault, cid, TODAY, "x" * 41, today=TODAY)
    uselog.update_cue(vault, cid, cue.id, "2025-03-21", "court hearing", today=TODAY)
    view = uselog.month_view(vault, cid, 2025, 3)
    assert [c.label for c in view.record(date(2025, 3, 21)).cues] == ["court hearing"]
    assert view.record(date(2025, 3, 21)).kind == "none"  # a cue is not a record of use
    assert [c.label for c in view.record(TODAY).cues] == ["payday"]
    uselog.delete_cue(vault, cid, cue.id)
    assert count(vault, MemoryCue) == 1


def test_month_view_holds_that_month_only(vault, cid):
    add(vault, cid, day="2025-02-28")
    add(vault, cid, day="2025-03-01", amount="2")
    add(vault, cid, day="2025-03-01", substance="Cannabis", unit="joints", amount="1")
    uselog.record_no_use(vault, cid, "2025-03-02", today=TODAY)
    view = uselog.month_view(vault, cid, 2025, 3)
    assert sorted(view.days) == [date(2025, 3, 1), date(2025, 3, 2)]
    assert view.usual == "Cannabis"  # the most recent use (added last that day)


# -- scale ----------------------------------------------------------------------------------------


def ten_years(vault, cid, today: date) -> int:
    """Daily entries for ten years and three substances: alcohol 4 a day, cannabis 2,
    tobacco 10; every Sunday alcohol has no use instead."""
    rows = []
    for i in range(3652):
        day = today - timedelta(days=i)
        if day.weekday() == 6:
            rows.append(EntryInput(day=day, substance="Alcohol", amount=0))
        else:
            rows.append(EntryInput(day=day, substance="Alcohol", amount=4, unit=DR,
                                   strategies=["Eat before drinking"]))  # fmt: skip
        rows.append(EntryInput(day=day, substance="Cannabis", amount=2, unit="joints"))
        rows.append(EntryInput(day=day, substance="Tobacco / nicotine", amount=10,
                               unit="cigarettes"))  # fmt: skip
    return uselog.add_entries(vault, cid, rows, today=today)


def test_ten_years_of_daily_entries_load_only_the_visible_window(vault, cid):
    today = date(2025, 3, 16)  # a Sunday
    assert ten_years(vault, cid, today) > 10_000

    view = progress.load_progress(vault, cid, "Alcohol", today=today)
    assert len(view.summaries) == prog.WINDOW[prog.WEEK] == 26
    assert view.has_earlier and not view.has_later
    week = view.summaries[0]
    assert (week.figures.use_days, week.figures.no_use_days, week.figures.total) == (6, 1, 24)
    assert week.figures.strategy_days == 6

    months = progress.load_progress(vault, cid, "Cannabis", prog.MONTH, today=today)
    assert len(months.summaries) == 12
    assert [s.label for s in view.series] == ["Alcohol · standard drinks",
                                              "Cannabis · joints",
                                              "Tobacco / nicotine · cigarettes"]  # fmt: skip

    # earlier windows, one at a time
    older = progress.load_progress(vault, cid, "Alcohol", end=view.window_start - timedelta(1),
                                 today=today)  # fmt: skip
    assert len(older.summaries) == 26 and older.has_later
    assert older.summaries[0].full_end == view.window_start - timedelta(days=1)

    # the log is read for the window only: one day per recorded day of it, no more
    start, end = prog.window(today, prog.WEEK)
    with vault.session() as s:
        days = progress.series_days(s, cid, prog.Series("Alcohol", DR), start, end)
    assert len(days) == (end - start).days + 1 == 26 * 7

    month = uselog.month_view(vault, cid, 2025, 2)
    assert len(month.days) == 28
    assert sum(len(r.uses) for r in month.days.values()) <= 28 * 3


def test_summaries_are_computed_over_the_substance_day_index(vault, cid):
    """The weekly query walks the (client_id, substance, day) index for the window instead of
    scanning every entry."""
    sql, params = progress.entries_query(cid, "Alcohol", date(2025, 1, 1), date(2025, 3, 1))
    with vault.session() as s:
        plan = s.execute(text("EXPLAIN QUERY PLAN " + sql), params).all()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert "ix_use_entry_client_substance_day" in steps, steps
    assert "SCAN e" not in steps and "SCAN use_entry" not in steps, steps


def test_goal_revision_json_is_read_defensively(vault, cid):
    """A malformed revision is skipped; the goal's own target still applies."""
    from hrtui.store.models import GoalRevision

    with vault.session() as s:
        goal = Goal(client_id=cid, kind="reduce", title="t", substance="Alcohol",
                    target_amount=3, unit=DR, period="per_use_day", start_on=date(2025, 3, 1),
                    created_at=STAMP, updated_at=STAMP)  # fmt: skip
        s.add(goal)
        s.flush()
        s.add(GoalRevision(goal_id=goal.id, revised_on=date(2025, 3, 5), reason="r",
                           changes="not json", created_at=STAMP))  # fmt: skip
        bad_value = json.dumps({"target_amount": "x"})
        s.add(GoalRevision(goal_id=goal.id, revised_on=date(2025, 3, 6), reason="r",
                           changes=bad_value, created_at=STAMP))  # fmt: skip
        spans = progress._schedule(s, cid, "alcohol")
    assert [(sp.start, sp.amount) for sp in spans if sp.amount is not None] == [
        (date(2025, 3, 1), 3.0)
    ]


# -- the save path: plain SQL in one transaction ------------------------------------------------


def test_a_save_that_fails_part_way_leaves_nothing_written(vault, cid, monkeypatch):
    add(vault, cid)
    entries, events = count(vault, UseEntry), len(audit_trail(vault, cid))

    def broken(*args, **kwargs):
        raise OSError("disk went away")

    monkeypatch.setattr(uselog, "record_activity", broken)  # after the row is inserted
    with pytest.raises(OSError):
        add(vault, cid, day="-1", strategies=("Ate first",))
    with pytest.raises(OSError):
        uselog.record_no_use(vault, cid, "-2", today=TODAY)
    assert count(vault, UseEntry) == entries
    assert count(vault, UseEntryStrategy) == 0
    assert len(audit_trail(vault, cid)) == events


def test_rows_written_in_plain_sql_read_back_like_orm_rows(vault, cid):
    view = add(vault, cid, craving="4", strategies=("Ate first",))
    assert view.id and view.strategies == ("Ate first",)
    with vault.session() as s:
        row = s.get(UseEntry, view.id)
        client_stamp, entry_stamp = s.execute(
            text("SELECT c.created_at, e.created_at FROM client c, use_entry e WHERE e.id = :i"),
            {"i": view.id},
        ).one()
    assert isinstance(row.created_at, datetime) and row.day == TODAY
    assert (row.amount, row.unit, row.craving, row.no_use) == (4.0, DR, 4, False)
    assert len(entry_stamp) == len(client_stamp)  # same text shape as the ORM writes
    assert uselog.get_entry(vault, cid, view.id) == view
    assert isinstance(get_client(vault, cid).last_activity_at, datetime)
    assert all(isinstance(e.at, datetime) for e in audit_trail(vault, cid))


def test_a_unit_used_long_ago_is_still_known(vault, cid):
    old = [EntryInput(day=(TODAY - timedelta(days=400)).isoformat(), substance="Alcohol",
                      amount="1", unit="bottles")]  # fmt: skip
    recent = [
        EntryInput(
            day=(TODAY - timedelta(days=i)).isoformat(), substance="Alcohol", amount="1", unit=DR
        )  # fmt: skip
        for i in range(1, uselog.RECENT_UNIT_ROWS + 20)
    ]
    uselog.add_entries(vault, cid, old + recent, today=TODAY)
    assert add(vault, cid, unit="bottles").unit == "bottles"  # no "Save again" question
    with pytest.raises(uselog.UnitNotKnown) as info:
        add(vault, cid, unit="cans")
    assert DR in info.value.errors["unit"]  # the message names the units in use
