"""The defects of issue #15, each as a hand-computed table of days → figures and words.

Days are given as tables; the expected numbers are worked out by hand in the comments. Dates
are fixed (never the real date).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hrtui.domain import progress as prog
from hrtui.domain.clients import ClientInput
from hrtui.domain.drinks import default_table, drink_size, heavy_definition
from hrtui.domain.intake import auditc_band, auditc_zone
from hrtui.domain.uselog import EntryInput
from hrtui.store import goals as goal_store
from hrtui.store import progress, settings, uselog
from hrtui.store.clients import add_client

D = date.fromisoformat
ALC, DR = "Alcohol", "standard drinks"
SERIES = prog.Series(ALC, DR)


def days(table: str) -> list[prog.Day]:
    """ "2025-03-03 4" (use), "2025-03-04 -" (no use), "2025-03-05 3+cans" (uncounted)."""
    out = []
    for line in table.split(","):
        day, what = line.split()
        if what == "-":
            out.append(prog.Day(D(day), no_use=True))
        elif "+" in what:
            amount, unit = what.split("+")
            out.append(prog.Day(D(day), used=True, amount=float(amount), uncounted=(unit,)))
        else:
            out.append(prog.Day(D(day), used=True, amount=float(what)))
    return out


def week(table: str, today: str, spans=(), start: str | None = None, grain=prog.WEEK,
         baseline=None, heavy=None):  # fmt: skip
    day_list = days(table) if table else []
    first = D(start) if start else prog.period_start(day_list[0].day, grain)
    summaries = prog.summarize(
        grain, [first], day_list, last_day=D(today), today=D(today), schedule=list(spans),
        series=SERIES, baselines=[baseline] if baseline else [], heavy=heavy,
    )  # fmt: skip
    (summary,) = summaries
    return summary, prog.describe(summary, None, SERIES)


def goal(start: str, amount: float, period: str, unit: str = DR, title="Cut down", gid=1,
         baseline=None):  # fmt: skip
    return prog.TargetSpan(D(start), amount, unit, period, title, gid, baseline)


# -- 2, 4: honest verdicts ----------------------------------------------------------------------


VERDICTS = [
    # (days, today, target, expected sentence)
    # Weekly budget 14, last week: Mon 4, Wed 3, Fri 2 recorded (9), four days not recorded.
    # No verdict: 14 - 9 = 5 left for the 4 days nobody recorded.
    ("2025-03-03 4,2025-03-05 3,2025-03-07 2", "2025-03-12", goal("2025-03-01", 14, "per_week"),
     'Goal "Cut down": 3 of 7 days recorded last week: 9 drinks so far, against a target of '
     "14 drinks for the week; at most 5 drinks on the days not yet recorded keeps it within the "
     "target."),
    # The same week, every day recorded (the rest no use): 9 of 14, a verdict.
    ("2025-03-03 4,2025-03-04 -,2025-03-05 3,2025-03-06 -,2025-03-07 2,2025-03-08 -,"
     "2025-03-09 -", "2025-03-12", goal("2025-03-01", 14, "per_week"),
     'Goal "Cut down": 9 drinks last week; the target for the week is 14 drinks: under it.'),
    # Over the budget with days missing: nothing still to come can undo it.
    ("2025-03-03 9,2025-03-05 7", "2025-03-12", goal("2025-03-01", 14, "per_week"),
     'Goal "Cut down": 16 drinks last week; the target for the week is 14 drinks: already '
     "above it; worth talking about what got in the way."),
    # A weekly budget on Monday: 6 of 14 so far (not "above it so far", not a prorated 2).
    ("2025-03-10 6", "2025-03-10", goal("2025-03-01", 14, "per_week"),
     'Goal "Cut down": 6 of 14 drinks so far this week (the target for the week).'),
    # Three drinking days a week; by Wednesday two used, every day recorded: on track.
    ("2025-03-10 2,2025-03-11 -,2025-03-12 3", "2025-03-12", goal("2025-03-01", 3,
     "use_days_per_week"),
     'Goal "Cut down": 2 of 3 drinking days used so far this week.'),
    # A use-days goal whose unit was left empty is compared all the same (defect 7).
    ("2025-03-10 2,2025-03-12 3", "2025-03-13",
     goal("2025-03-01", 3, "use_days_per_week", unit=""),
     'Goal "Cut down": 2 of 3 drinking days used so far this week; 2 days not recorded.'),
    # Per use day: every recorded day against the day's target, unrecorded days say nothing.
    ("2025-03-03 3,2025-03-04 5,2025-03-06 4", "2025-03-12", goal("2025-03-01", 4, "per_use_day"),
     'Goal "Cut down": at or under the target of 4 drinks on 2 of 3 drinking days.'),
]  # fmt: skip


@pytest.mark.parametrize(("table", "today", "span", "sentence"), VERDICTS)
def test_no_verdict_the_unrecorded_days_could_overturn(table, today, span, sentence):
    _, words = week(table, today, [span])
    assert sentence in words, "\n".join(words)


def test_a_month_mostly_unrecorded_gets_no_verdict():
    # 5 of 31 days recorded in March, 10 drinks. Weekly 14 over 31 days = 62: no "under it".
    summary, words = week("2025-03-03 2,2025-03-04 2,2025-03-05 2,2025-03-06 2,2025-03-07 2",
                          "2025-04-10", [goal("2025-02-01", 14, "per_week")], grain=prog.MONTH,
                          start="2025-03-01")  # fmt: skip
    assert summary.unrecorded_days == 26
    text = " ".join(words)
    assert "under it" not in text
    assert (
        "5 of 31 days recorded last month: 10 drinks so far, against a target of 62 drinks"
        " for the month; at most 52 drinks on the days not yet recorded" in text
    )


# -- 3, 6: dated targets, which goal, the goal's own baseline ---------------------------------


def test_two_open_goals_for_one_substance_are_both_shown_by_name():
    spans = [goal("2025-03-01", 4, "per_use_day", title="Four a day", gid=1),
             goal("2025-03-01", 3, "use_days_per_week", title="Three days", gid=2)]  # fmt: skip
    _, words = week("2025-03-03 3,2025-03-04 5,2025-03-05 -,2025-03-06 -,2025-03-07 -,"
                    "2025-03-08 -,2025-03-09 -", "2025-03-12", spans)  # fmt: skip
    assert [w for w in words if w.startswith("Goal ")] == [
        'Goal "Three days": 2 drinking days last week; the target for the week is 3 drinking '
        "days: under it.",
        'Goal "Four a day": at or under the target of 4 drinks on 1 of 2 drinking days.',
    ]


def test_the_goals_own_baseline_is_named_and_a_target_above_it_noted():
    span = goal("2025-03-01", 7, "per_use_day", baseline=6)
    _, words = week("2025-03-03 5", "2025-03-12", [span])
    assert (
        'Goal "Cut down": at or under the target of 7 drinks on the one drinking day (the '
        "goal's baseline: 6 per use day); the target (7) is above that baseline: worth checking "
        "it is the number agreed." in words
    )


def test_weeks_recalled_from_before_the_intake_are_compared_with_it():
    baseline = prog.Baseline(D("2025-03-20"), 6, DR, 5)
    _, words = week("2025-03-03 4", "2025-03-25", baseline=baseline)
    assert words[0] == "4 drinks per drinking day in the week of 3 Mar, down from 6 at " \
        "intake: 33% less."  # fmt: skip


def test_status_changes_revisions_and_steps_back_leave_earlier_weeks_unchanged(vault):
    """Snapshot the words of every past week, change the goals in every way a counselor can,
    and compare: only the weeks from the change on may read differently."""
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    start, today = D("2025-01-06"), D("2025-03-09")  # ten Monday-to-Sunday weeks
    entries = [EntryInput(day=start + timedelta(days=i), substance=ALC, amount=3 + i % 3,
                          unit=DR) for i in range(63) if i % 7 != 6]  # fmt: skip
    uselog.add_entries(vault, cid, entries, today=today)
    reduce = goal_store.create_goal(vault, cid, "reduce", {
        "substance": ALC, "target_amount": "4", "unit": DR, "period": "per_use_day",
        "start_on": "2025-01-06", "title": "Four a day",
    }, on=start)  # fmt: skip
    ladder = goal_store.create_goal(vault, cid, "stepdown", {
        "substance": ALC, "unit": DR, "period": "per_week", "start_on": "2025-01-06",
        "ladder": "2025-01-06 30\n2025-02-03 25\n2025-03-03 20", "title": "Step down",
    }, on=start)  # fmt: skip

    def snapshot() -> list[list[str]]:
        view = progress.load_progress(vault, cid, ALC, today=today)
        return list(reversed(view.sentences))  # oldest first

    before = snapshot()
    assert any('Goal "Four a day"' in s for s in before[0])
    assert any('Goal "Step down"' in s for s in before[0])
    changed_on = D("2025-02-17")  # a Monday: weeks before it are done
    goal_store.revise_goal(vault, reduce.id, {"target_amount": "3"}, "agreed", on=changed_on)
    goal_store.set_status(vault, reduce.id, "achieved", "reached it", on=D("2025-02-24"))
    goal_store.set_status(vault, ladder.id, "paused", "a hard month", on=changed_on)
    after = snapshot()
    first_shown = progress.load_progress(vault, cid, ALC, today=today).window_start
    unchanged = (changed_on - first_shown).days // 7  # the weeks before the change
    assert first_shown == start and unchanged == 6
    assert after[:unchanged] == before[:unchanged]
    assert after[unchanged:] != before[unchanged:]


# -- 1, 8: standard drinks, the heavy-drinking day -----------------------------------------------


def test_mixed_units_convert_to_standard_drinks(vault):
    """The issue's example. In US drinks of 14 g, a beer (355 ml at 5%: 14.0 g) is 1.0004
    drinks: Mon 2 + 3 beers = 5.001, Tue 8 beers = 8.003, Wed 4 → 17.004 / 3 = 5.668, "5.7";
    against 6 at intake 5.5% less ("6%"). Heavy at 6 or more: Tue only."""
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    settings.set_drink_size(vault, "us")
    settings.set_heavy_day(vault, "6")
    today = D("2025-03-13")
    for day, amount, unit in (("2025-03-10", 2, DR), ("2025-03-10", 3, "beers"),
                              ("2025-03-11", 8, "beers"), ("2025-03-12", 4, DR),
                              ("2025-03-12", 2, "cans")):  # fmt: skip
        uselog.add_entry(
            vault,
            cid,
            EntryInput(day=day, substance=ALC, amount=str(amount), unit=unit, confirm_unit=unit),
            today=today,
        )
    with vault.session() as s:
        from hrtui.store.models import SubstanceBaseline

        s.add(SubstanceBaseline(client_id=cid, substance=ALC, amount=6, unit=DR,
                                days_per_week=5, taken_on=D("2025-03-01"),
                                created_at=datetime(2025, 3, 1)))  # fmt: skip
    view = progress.load_progress(vault, cid, ALC, today=today)
    assert [s.label for s in view.series] == ["Alcohol · standard drinks", "Alcohol · cans"]
    this = view.summaries[0]
    # Wed has a can of unknown size: a use day, left out of the amounts
    assert (this.figures.use_days, this.figures.amount_days) == (3, 2)
    assert this.figures.total == pytest.approx(2 + 3 * 355 * 0.05 * 0.789 / 14 + 8 * 355 * 0.05
                                               * 0.789 / 14)  # fmt: skip
    assert this.figures.heavy_days == 1
    words = view.sentences[0]
    assert "1 heavy-drinking day (6 or more drinks)." in words
    assert "1 entry in 'cans' not counted: set its size in the drinks table (Settings)." in words
    cans = progress.load_progress(vault, cid, "Alcohol · cans", today=today)
    assert cans.current == prog.Series(ALC, "cans")
    assert cans.summaries[0].figures.total == 2

    # without the unknown can, the three days convert: 17.004 / 3 = 5.668
    uselog.delete_entry(vault, cid, next(e.id for e in uselog.day_entries(vault, cid,
                        D("2025-03-12"))[0] if e.unit == "cans"))  # fmt: skip
    words = progress.load_progress(vault, cid, ALC, today=today).sentences[0]
    assert words[0] == "5.7 drinks per drinking day this week, down from 6 at intake: 6% less."


@pytest.mark.parametrize(
    ("setting", "size", "threshold", "words"),
    [
        ("who", "who", 6, "heavy-drinking days (6 or more drinks of 10 g; WHO: 60 g or more)"),
        ("who", "us", 60 / 14,
         "heavy-drinking days (4.3 or more drinks of 14 g; WHO: 60 g or more)"),
        ("niaaa-women", "us", 4,
         "heavy-drinking days (4 or more drinks of 14 g; NIAAA for women: 4 or more US drinks)"),
        ("niaaa-men", "us", 5,
         "heavy-drinking days (5 or more drinks of 14 g; NIAAA for men: 5 or more US drinks)"),
        ("drinks:8", "uk", 8, "heavy-drinking days (8 or more drinks)"),
    ],
)  # fmt: skip
def test_the_heavy_day_definition_is_a_setting_stated_next_to_the_figure(
    setting, size, threshold, words
):
    rule = prog.alcohol_heavy_rule(heavy_definition(setting), drink_size(size))
    assert rule.threshold == pytest.approx(threshold)
    assert rule.plural == words
    assert rule.heavy(threshold) and not rule.heavy(threshold - 0.01)


def test_settings_keep_the_size_and_the_heavy_day(vault):
    assert settings.drink_size(vault).grams == 10  # the default: WHO
    assert settings.set_drink_size(vault, "ca").grams == 13.45
    assert settings.drink_size(vault).key == "ca"
    assert settings.set_heavy_day(vault, "niaaa-men").grams == 70
    assert settings.set_heavy_day(vault, "5,5").drinks == 5.5
    from hrtui.store.errors import Invalid

    with pytest.raises(Invalid):
        settings.set_heavy_day(vault, "lots")
    with pytest.raises(Invalid):
        settings.set_drink_size(vault, "pint")


def test_the_preloaded_drinks_are_the_domains():
    from hrtui.domain.drinks import PRESET_DRINKS
    from hrtui.store.schema import MIGRATIONS

    script = MIGRATIONS[6][1]
    for d in PRESET_DRINKS:
        assert f"('{d.unit}', {d.volume_ml:g}, {d.abv:g}," in script
    # 355 ml at 5% is 14.0 g: 1 US drink, 1.4 WHO drinks, 1.75 UK units
    beer = default_table().by_unit["cans of beer"]
    assert beer.grams == pytest.approx(14.0, abs=0.01)
    assert beer.standard_drinks(drink_size("uk")) == pytest.approx(1.75, abs=0.01)


# -- 4 (outcome measures), week across a month end and a daylight-saving change ------------------


@pytest.mark.parametrize(
    ("table", "today", "start", "figures"),
    [
        # Week of Mon 22 Mar 2027, Sunday 28 Mar is the spring change in Europe: still 7 days.
        # Use 4, 8 (heavy), 2 on three days, no use on two, two not recorded:
        # PDA 2/5 = 40%, PHDD 1/5 = 20%, 14 drinks, 14/3 = 4.67 per drinking day.
        ("2027-03-22 4,2027-03-23 8,2027-03-24 -,2027-03-25 2,2027-03-28 -", "2027-04-05",
         "2027-03-22", (7, 5, 2, 40.0, 20.0, 14.0, 14 / 3)),
        # Week of Mon 29 Mar 2027 runs into April: all of it is one week.
        ("2027-03-30 6,2027-03-31 -,2027-04-01 -,2027-04-02 -,2027-04-03 -,2027-04-04 -",
         "2027-04-05", "2027-03-29", (7, 6, 1, 5 / 6 * 100, 1 / 6 * 100, 6.0, 6.0)),
        # Autumn change, Sun 31 Oct 2027.
        ("2027-10-25 1,2027-10-31 3", "2027-11-02", "2027-10-25",
         (7, 2, 5, 0.0, 0.0, 4.0, 2.0)),
    ],
)  # fmt: skip
def test_outcome_measures_over_recorded_days(table, today, start, figures):
    heavy = prog.alcohol_heavy_rule(heavy_definition("who"), drink_size("who"))
    summary, words = week(table, today, start=start, heavy=heavy)
    days_, recorded, unrecorded, pda, phdd, total, ddd = figures
    assert (summary.days, summary.days_recorded, summary.unrecorded_days) == (
        days_, recorded, unrecorded)  # fmt: skip
    assert summary.percent_days_abstinent == pytest.approx(pda)
    assert summary.percent_heavy_days == pytest.approx(phdd)
    assert summary.figures.total == pytest.approx(total)
    assert summary.per_use_day == pytest.approx(ddd)
    measure = next(w for w in words if w.startswith("Of the "))
    assert measure.startswith(f"Of the {recorded} days recorded: {prog.percent(pda)} with no "
                              f"drinking, {prog.percent(phdd)} heavy-drinking days")  # fmt: skip


def test_month_figures_split_at_the_month_end():
    table = "2027-03-30 6,2027-03-31 2,2027-04-01 4"
    march, _ = week(table, "2027-04-05", start="2027-03-01", grain=prog.MONTH)
    april, _ = week(table, "2027-04-05", start="2027-04-01", grain=prog.MONTH)
    assert (march.figures.total, march.figures.use_days, march.days) == (8, 2, 31)
    assert (april.figures.total, april.figures.use_days, april.days) == (4, 1, 5)


# -- 6: AUDIT-C zones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "zone"),
    [(0, "low"), (3, "low"), (4, "moderate"), (5, "moderate"), (6, "high"), (7, "high"),
     (8, "severe"), (12, "severe")],
)  # fmt: skip
def test_auditc_zones(score, zone):
    assert auditc_zone(score) == zone
    band = auditc_band(score)
    assert band.zone == zone
    assert f"Risk zone: {zone} " in band.explanation and "Bradley et al., 2007" in band.explanation


def test_auditc_notes_when_every_point_is_from_how_often():
    only_often = auditc_band(4, answers=(4, 0, 0)).explanation
    assert "Every point comes from how often the person drinks" in only_often
    mixed = auditc_band(4, answers=(2, 1, 1)).explanation
    assert "Every point comes from" not in mixed and "Risk zone: moderate (4-5 of 12" in mixed
