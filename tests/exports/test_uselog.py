"""The use log's export section and its demo data."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from hrtui.demo import DEMO_CLIENTS
from hrtui.demo_data.uselog import populate
from hrtui.domain import progress as prog
from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.exports import uselog as export
from hrtui.store import progress, uselog
from hrtui.store.clients import add_client, get_client

TODAY = date(2025, 3, 13)  # Thursday
DR = "standard drinks"


def test_export_has_entries_cues_and_the_weekly_summary(vault):
    client = add_client(vault, ClientInput("AB1", "Sam"))
    cid = client.id
    for day, amount, strategies in (
        ("2025-03-03", "5", ["Eat before drinking"]),
        ("2025-03-03", "1", []),
        ("2025-03-11", "3", []),
    ):
        uselog.add_entry(vault, cid, EntryInput(day=day, substance="Alcohol", amount=amount,
                                                unit=DR, strategies=strategies,
                                                note="a | b\nc"), today=TODAY)  # fmt: skip
    uselog.record_no_use(vault, cid, "2025-03-12", today=TODAY)
    uselog.add_cue(vault, cid, "2025-03-07", "payday", today=TODAY)

    value = export.build(vault, get_client(vault, cid), today=TODAY)
    json.dumps(value)  # JSON-ready
    assert [(e["day"], e["substance"], e["no_use"], e["amount"]) for e in value["entries"]] == [
        ("2025-03-03", "Alcohol", False, 5.0),
        ("2025-03-03", "Alcohol", False, 1.0),
        ("2025-03-11", "Alcohol", False, 3.0),
        ("2025-03-12", "", True, None),
    ]
    assert value["entries"][0]["strategies"] == ["Eat before drinking"]
    assert value["memory_cues"] == [{"day": "2025-03-07", "label": "payday"}]
    (series,) = value["weekly_summary"]
    assert (series["substance"], series["unit"]) == ("Alcohol", DR)
    first, current = series["weeks"]
    assert first == {
        "week_start": "2025-03-03", "days": 7, "use_days": 1, "no_use_days": 0,
        "unrecorded_days": 6, "total": 6.0, "amount_per_use_day": 6.0, "peak": 6.0,
        "peak_day": "2025-03-03", "heavy_days": 1, "strategy_days": 1,
        "days_recorded": 1, "percent_days_abstinent": 0.0, "percent_heavy_days": 100.0,
        "total_standard_drinks": 6.0, "uncounted_days": 0, "uncounted_entries": [],
    }  # fmt: skip
    assert (current["days"], current["use_days"], current["no_use_days"],
            current["unrecorded_days"]) == (4, 1, 1, 2)  # fmt: skip
    # the outcome measures are over the recorded days: 1 use day and 1 no-use day of 2
    assert (
        current["days_recorded"],
        current["percent_days_abstinent"],
        current["percent_heavy_days"],
        current["total_standard_drinks"],
    ) == (2, 50.0, 0.0, 3.0)
    assert series["standard_drink"] == "WHO standard drinks of 10 g"
    assert series["heavy_day_definition"] == "60 g or more, 6 drinks of 10 g (WHO: 60 g or more)"
    (march,) = series["months"]
    assert (march["month_start"], march["use_days"], march["days_recorded"],
            march["total_standard_drinks"]) == ("2025-03-01", 2, 3, 9.0)  # fmt: skip

    lines = export.markdown(value)
    assert lines[0] == "### Use log"
    text = "\n".join(lines)
    assert "#### Weekly summary: Alcohol (standard drinks)" in text
    assert "| 2025-03-03 | 7 | 1 | 0 | 6 | 6 | 6 | 6 | 1 | 1 |" in text
    assert "| 2025-03-12 | — | no use of any substance |" in text
    assert "a \\| b c" in text  # a pipe or line break in a note cannot break the table
    assert "- 2025-03-07: payday" in text


def test_export_of_an_empty_log(vault):
    client = add_client(vault, ClientInput("AB1", "Sam"))
    value = export.build(vault, client)
    assert value == {"entries": [], "memory_cues": [], "weekly_summary": []}
    assert export.markdown(value) == ["### Use log", "", "_Nothing recorded._"]


# -- demo data ------------------------------------------------------------------------------------

STIGMA = re.compile(r"\b(addict\w*|abuser?s?|clean|dirty|fail\w*|relaps\w*)\b", re.I)


def demo_vault(vault) -> dict[str, int]:
    ids = {d.code: add_client(vault, d.as_input()).id for d in DEMO_CLIENTS}
    populate(vault, ids, TODAY)
    return ids


def weeks(vault, cid, substance, count=16):
    view = progress.load_progress(vault, cid, substance, count=count, today=TODAY)
    return list(reversed(view.summaries))  # oldest first


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values)


def test_demo_stories(vault):
    ids = demo_vault(vault)
    for code, cid in ids.items():
        entries, cues = uselog.all_entries(vault, cid)
        assert entries, code
        assert all(e.day <= TODAY for e in entries), code
        for text in [e.note for e in entries] + [c.label for c in cues]:
            assert not STIGMA.search(text), text

    # steady reduction: fewer drinks per drinking day at the end than at the start
    riv = weeks(vault, ids["RIV-07"], "Alcohol")
    assert mean(s.per_use_day for s in riv[-4:]) < mean(s.per_use_day for s in riv[1:5]) - 1

    # safer use without fewer amounts: bags about the same, strategies on more days
    oak = weeks(vault, ids["OAK-12"], "Opioids (heroin)")
    early, late = oak[1:5], oak[-5:-1]
    assert abs(mean(s.per_use_day for s in late) - mean(s.per_use_day for s in early)) < 0.6
    assert sum(len(s.figures.strategies) for s in late) > sum(
        len(s.figures.strategies) for s in early
    )

    # a plateau: the last eight weeks are at the same amount per use day
    elm = weeks(vault, ids["ELM-03"], "Methamphetamine")
    assert {prog.fmt(s.per_use_day) for s in elm[-8:-1]} == {"2"}

    # recorded no-use days grow before exams
    bay = weeks(vault, ids["BAY-21"], "Cannabis")
    assert sum(s.figures.no_use_days for s in bay[-4:]) > sum(
        s.figures.no_use_days for s in bay[1:5]
    )

    # a return to use after a hospital stay, no use before and after
    ced = ids["CED-18"]
    _, cues = uselog.all_entries(vault, ced)
    (discharge,) = [c.day for c in cues if c.label == "hospital discharge"]
    used = uselog.days_with_use(vault, ced, TODAY - timedelta(days=200), TODAY)
    assert used == [discharge + timedelta(days=2), discharge + timedelta(days=3)]
    after = progress.load_progress(vault, ced, today=TODAY).summaries[0]
    assert after.figures.no_use_days >= 3 and after.figures.use_days == 0

    # a taper in steps
    fir = weeks(vault, ids["FIR-09"], "Benzodiazepines")
    assert mean(s.per_use_day for s in fir[-3:]) < mean(s.per_use_day for s in fir[1:4])


def test_demo_is_the_same_for_the_same_day(vault, tmp_path):
    from hrtui.store.vault import Vault

    first = demo_vault(vault)
    other = Vault.create(tmp_path / "other.db", "x")
    try:
        second = demo_vault(other)
        for code in first:
            a = uselog.all_entries(vault, first[code])[0]
            b = uselog.all_entries(other, second[code])[0]
            assert [(e.day, e.substance, e.amount) for e in a] == [
                (e.day, e.substance, e.amount) for e in b
            ]
    finally:
        other.close()
