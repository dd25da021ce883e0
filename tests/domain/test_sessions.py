"""Sessions' rules: times, notes in their structure, what changed in words, appointments and
their order on the roster, disclosures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from conftest import ORDINARY_DAY

from hrtui.domain import sessions as rules
from hrtui.domain.clients import RosterRow
from hrtui.domain.sessions import (
    AppointmentInput,
    Change,
    DayLog,
    DisclosureInput,
    ScheduledRow,
    SessionInput,
)

DAY = ORDINARY_DAY.date()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("9:05", "09:05"), ("0905", "09:05"), ("14.30", "14:30"), ("14h30", "14:30"), ("", "")],
)
def test_times_as_typed(typed, stored):
    assert rules.parse_time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "9:60", "noon", "9", "12:3"])
def test_times_refused(typed):
    with pytest.raises(ValueError, match="HH:MM"):
        rules.parse_time(typed)


def test_session_input_is_checked_field_by_field():
    values, errors = rules.validate_session(SessionInput("9:00", "50", "video", " office ", ""))
    assert errors == {}
    assert values["length_minutes"] == 50 and values["place"] == "office"
    _, errors = rules.validate_session(SessionInput("x", "721", "carrier pigeon", "p" * 61, ""))
    assert set(errors) == {"start_time", "length_minutes", "kind", "place"}


def test_each_structure_has_its_fields_and_plan_last():
    assert [f for f, _, _ in rules.structure_fields("dap")] == ["data", "assessment", "plan"]
    assert [f for f, _, _ in rules.structure_fields("soap")][:2] == ["subjective", "objective"]
    assert [f for f, _, _ in rules.structure_fields("birp")][1] == "intervention"
    for structure in ("dap", "soap", "birp"):
        assert rules.structure_fields(structure)[-1][0] == "plan"
    assert rules.summary_field("dap") == "data"
    assert rules.summary_field("soap") == "objective"
    assert rules.summary_field("birp") == "behavior"


def test_a_note_keeps_only_its_structures_fields_and_an_empty_note_cannot_be_signed():
    cleaned, errors = rules.validate_note({"data": "  Said a lot. ", "subjective": "x"}, "dap")
    assert errors == {} and cleaned["data"] == "Said a lot." and cleaned["subjective"] == ""
    assert rules.sign_problem({"data": " \u200b "}, "dap")
    assert rules.sign_problem({"plan": "Water."}, "dap") is None
    _, errors = rules.validate_note({"plan": "x" * (rules.NOTE_MAX + 1)}, "dap")
    assert "plan" in errors


def test_pulling_the_summary_in_twice_adds_it_once():
    summary = "What changed in the record:\n- Goal set: Drink less"
    once = rules.with_summary("Came in tired.", summary)
    assert once == f"Came in tired.\n\n{summary}"
    assert rules.with_summary(once, summary) == once
    assert rules.with_summary("", summary) == summary


def test_what_changed_in_words():
    log = DayLog()
    for entry_day in (DAY, DAY - timedelta(days=1)):
        rules.classify_log_day(log, entry_day, DAY, new=True)
    rules.classify_log_day(log, DAY - timedelta(days=9), DAY, new=True)
    rules.classify_log_day(log, DAY - timedelta(days=30), DAY, new=False)
    lines = [c.text for c in rules.log_changes(log)]
    assert lines == [
        "Use log: Tue 8 Jun, Wed 9 Jun logged",
        "Recalled on the calendar: Mon 31 May",
        "Use log corrected: Mon 10 May",
    ]
    text = rules.summary_text([Change("goals", "Goal set: Drink less"), *rules.log_changes(log)],
                              DAY)  # fmt: skip
    assert text.splitlines()[0] == "What changed in the record:"
    assert "- Goal set: Drink less" in text
    assert rules.summary_text([], DAY) == "Nothing was added to the record on Wed 9 Jun."


def test_many_days_are_summed_up():
    days = [DAY - timedelta(days=n) for n in range(10, 20)]
    assert rules.day_list(days) == "10 days, Fri 21 May – Sun 30 May"


def test_appointments_are_today_or_later():
    values, errors = rules.validate_appointment(AppointmentInput("+7", "10:00"), DAY)
    assert errors == {} and values["day"] == DAY + timedelta(days=7)
    _, errors = rules.validate_appointment(AppointmentInput("yesterday"), DAY)
    assert "day" in errors
    _, errors = rules.validate_appointment(AppointmentInput("", "", "fax"), DAY)
    assert set(errors) == {"day", "kind"}


def test_the_default_day_is_the_reviews_next_checkin_while_it_is_ahead():
    assert rules.default_appointment_day(DAY + timedelta(days=3), DAY) == DAY + timedelta(days=3)
    assert rules.default_appointment_day(DAY, DAY) == DAY
    assert rules.default_appointment_day(DAY - timedelta(days=1), DAY) is None
    assert rules.default_appointment_day(None, DAY) is None


def test_appointment_in_words():
    assert rules.when_text(DAY, "10:00", DAY) == "today 10:00"
    assert rules.when_text(DAY + timedelta(days=1), "", DAY) == "tomorrow"
    assert rules.when_text(date(2027, 6, 17), "9:30", DAY) == "Thu 17 Jun 9:30"
    assert rules.when_text(date(2028, 1, 3), "", DAY) == "Mon 3 Jan 2028"
    assert (rules.appointment_text(DAY, "10:00", "outreach", "street", DAY)
            == "today 10:00 · outreach, street")  # fmt: skip


def _row(code: str, day: date | None, at: str = "") -> ScheduledRow:
    return ScheduledRow(hash(code) % 1000, code, code, "", False, None, 0, day, at)


def test_roster_today_and_sorted_by_next_appointment():
    rows = [
        _row("A", DAY + timedelta(days=2)), _row("B", None), _row("C", DAY, ""),
        _row("D", DAY, "09:00"), _row("E", DAY + timedelta(days=1), "08:00"),
    ]  # fmt: skip
    assert [r.code for r in rules.expected_today(rows, DAY)] == ["D", "C"]
    assert [r.code for r in rules.by_next_appointment(rows)] == ["D", "C", "E", "A", "B"]
    plain = RosterRow(1, "F", "F", "", False, None)  # a row without appointments
    assert rules.expected_today([plain], DAY) == []
    assert rules.by_next_appointment([plain]) == [plain]


def test_disclosures_need_who_why_and_consent():
    cleaned, errors = rules.validate_disclosure(DisclosureInput("  Dr. Lee ", "Referral", "yes"))
    assert errors == {} and cleaned.recipient == "Dr. Lee"
    _, errors = rules.validate_disclosure(DisclosureInput("", " ", "maybe"))
    assert set(errors) == {"recipient", "purpose", "consent"}
    assert rules.parse_consent("Not needed") == "not_needed"
    assert rules.parse_consent("not-needed") == "not_needed"
    with pytest.raises(ValueError):
        rules.parse_consent("perhaps")
    line = rules.disclosure_line(datetime(2027, 6, 9, 10, 0), "plan", "The client",
                                 "Their own take-home plan", "not_needed")  # fmt: skip
    assert line == ("2027-06-09 · Take-home plan · to The client · Their own take-home plan · "
                    "consent not needed")  # fmt: skip


def test_a_session_on_the_timeline_comes_first_on_its_day_and_never_holds_the_note():
    item = rules.session_item(3, DAY, datetime(2027, 6, 9, 10, 30), "in_person", "office", 50,
                              "signed")  # fmt: skip
    assert item.label == "Session"
    assert item.text == "10:30 · in person, office · 50 min · note signed"
    from hrtui.domain.reviews import TimelineItem

    review = TimelineItem(DAY, "review", "Return to use reviewed", 99)
    assert sorted([review, item], key=lambda i: i.sort_key(), reverse=True)[0] is item
