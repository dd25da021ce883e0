"""Progress figures and sentences, with every expected number worked out by hand.

The table-driven cases go through the whole path a counselor sees: entries stored in a vault,
added up in SQL per week or month, combined with the intake baseline and the goal's target day
by day, and said in words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from hrtui.domain import progress as prog
from hrtui.domain.clients import ClientInput
from hrtui.domain.uselog import EntryInput
from hrtui.store import progress, uselog
from hrtui.store.clients import add_client
from hrtui.store.models import Goal, GoalRevision, GoalStep, SubstanceBaseline

D = date.fromisoformat
STAMP = datetime(2025, 1, 1, 9, 0)
ALC, DR = "Alcohol", "standard drinks"
WATER = "A glass of water with each drink"
STRIPS = "Fentanyl test strips (they show presence, not amount)"
ALONE = "Never use alone (a spotter or a never-use-alone line)"


def use(day: str, amount: float, substance: str = ALC, unit: str = DR, strategies=()):
    return ("use", day, substance, amount, unit, tuple(strategies))


def no_use(day: str):
    return ("no_use", day)


@dataclass
class Case:
    name: str
    today: str
    entries: list[tuple]
    period: str  # start of the period looked at
    figures: dict[str, object]
    sentences: list[str] = field(default_factory=list)  # expected exactly, in order
    contains: list[str] = field(default_factory=list)  # expected among the sentences
    grain: str = prog.WEEK
    substance: str = ALC
    baseline: tuple[float | None, float | None, str] | None = (5, 5, DR)  # amount, days/wk
    goals: list[dict] = field(default_factory=list)
    unrecorded: int | None = None
    days: int | None = None


CASES = [
    Case(
        # Thu 13 Mar: the week so far is Mon-Thu (4 days). Mon has two entries (3 + 2 = 5);
        # Tue is a recorded no-use day; Wed 3; Thu nothing recorded.
        # use days 2, no use 1, not recorded 4 - 2 - 1 = 1; total 8; per use day 8 / 2 = 4;
        # peak 5 on Mon. Against intake 5: (5 - 4) / 5 = 20% less. Last week 25 / 5 = 5.
        name="partial week, several entries a day, no use vs not recorded",
        today="2025-03-13",
        entries=[
            use("2025-03-03", 6), use("2025-03-04", 5), use("2025-03-05", 5),
            use("2025-03-06", 4), use("2025-03-07", 5), no_use("2025-03-08"),
            use("2025-03-10", 3), use("2025-03-10", 2), no_use("2025-03-11"),
            use("2025-03-12", 3),
        ],
        period="2025-03-10",
        figures=dict(use_days=2, no_use_days=1, amount_days=2, total=8.0, peak=5.0,
                     peak_day=D("2025-03-10"), heavy_days=0),
        unrecorded=1,
        days=4,
        sentences=[
            "4 drinks per drinking day this week, down from 5 at intake: 20% less.",
            "Down from 5 last week: 20% less.",
            "2 drinking days, 1 day with no use and 1 not recorded.",
            "Most on one day: 5 drinks (Mon 10 Mar).",
            "No heavy-drinking days (6 or more drinks of 10 g; WHO: 60 g or more).",
            "Of the 3 days recorded: 33% with no drinking, 0% heavy-drinking days "
            "(1 not recorded); 8 standard drinks in all.",
        ],
    ),
    Case(
        # The week before, seen from the same Thursday: Mon 6 (heavy: 6 or more), Tue-Fri
        # 5, 5, 4, 5; Sat no use; Sun not recorded. 25 / 5 = 5 per drinking day.
        name="last week: same as intake, one heavy day",
        today="2025-03-13",
        entries=[
            use("2025-03-03", 6), use("2025-03-04", 5), use("2025-03-05", 5),
            use("2025-03-06", 4), use("2025-03-07", 5), no_use("2025-03-08"),
        ],
        period="2025-03-03",
        figures=dict(use_days=5, no_use_days=1, total=25.0, peak=6.0,
                     peak_day=D("2025-03-03"), heavy_days=1),
        unrecorded=1,
        days=7,
        sentences=[
            "5 drinks per drinking day last week, the same as at intake.",
            "5 drinking days, 1 day with no use and 1 not recorded.",
            "Most on one day: 6 drinks (Mon 3 Mar).",
            "1 heavy-drinking day (6 or more drinks of 10 g; WHO: 60 g or more).",
            "Of the 6 days recorded: 17% with no drinking, 17% heavy-drinking days "
            "(1 not recorded); 25 standard drinks in all.",
        ],
    ),
    Case(
        # The issue's own example. Sun 16 Mar: the whole week is this week. 5 + 4 + 4 + 4 + 4
        # = 21 over 5 drinking days = 4.2; (5 - 4.2) / 5 = 16% less. Sat and Sun no use, so
        # every day is recorded: 5 drinking days a week, the same as at intake.
        name="the issue's example: 4.2 down from 5 is 16% less",
        today="2025-03-16",
        entries=[
            use("2025-03-10", 5), use("2025-03-11", 4), use("2025-03-12", 4),
            use("2025-03-13", 4), use("2025-03-14", 4), no_use("2025-03-15"),
            no_use("2025-03-16"),
        ],
        period="2025-03-10",
        figures=dict(use_days=5, no_use_days=2, total=21.0),
        unrecorded=0,
        contains=[
            "4.2 drinks per drinking day this week, down from 5 at intake: 16% less.",
            "5 drinking days and 2 days with no use.",
            "That is the same as at intake.",
        ],
    ),
    Case(
        # Step-down, per drinking day: 5 from Mon 3 Mar, 4 from Thu 6 Mar. Each day against
        # its own day's target: Mon 5<=5 yes, Tue 6<=5 no, Wed 4<=5 yes, Thu 5<=4 no,
        # Fri 4 yes, Sat 3 yes, Sun 4 yes: 5 of 7. Total 31 / 7 = 4.43 -> "4.4"; against 5
        # that is 11.4% less from the unrounded value ("11%"), not the 12% of the shown 4.4.
        name="step-down target changes mid-week: each day against its own target",
        today="2025-03-13",
        entries=[
            use("2025-03-03", 5), use("2025-03-04", 6), use("2025-03-05", 4),
            use("2025-03-06", 5), use("2025-03-07", 4), use("2025-03-08", 3),
            use("2025-03-09", 4),
        ],
        period="2025-03-03",
        goals=[dict(kind="stepdown", period="per_use_day",
                    steps=[("2025-03-03", 5), ("2025-03-06", 4)])],
        figures=dict(use_days=7, total=31.0, heavy_days=1),
        unrecorded=0,
        contains=[
            "4.4 drinks per drinking day last week, down from 5 at intake: 11% less.",
            "That is more than the 5 a week at intake; worth talking about what changed.",
            'Goal "Cut down": at or under the day\'s target on 5 of 7 drinking days '
            "(the target was 5, then 4 from Thu 6 Mar).",
        ],
    ),
    Case(
        # Reduce goal, per week, revised on Thu 6 Mar from 21 to 14 a week. Prorated day by
        # day: 3 days x 21/7 + 4 days x 14/7 = 9 + 8 = 17. Total 4 + 3 + 3 + 3 + 3 = 16:
        # under it.
        name="weekly target revised mid-week: prorated day by day",
        today="2025-03-13",
        entries=[
            use("2025-03-03", 4), use("2025-03-04", 3), use("2025-03-06", 3),
            use("2025-03-07", 3), use("2025-03-08", 3), no_use("2025-03-05"),
            no_use("2025-03-09"),
        ],
        period="2025-03-03",
        goals=[dict(kind="reduce", period="per_week", target=14,
                    revisions=[("2025-03-06", {"target_amount": [21, 14]})])],
        figures=dict(use_days=5, no_use_days=2, total=16.0),
        unrecorded=0,
        contains=[
            'Goal "Cut down": 16 drinks last week; the target for the week is 17 drinks: '
            "under it (the target was 21, then 14 from Thu 6 Mar).",
        ],
    ),
    Case(
        # The same goal in the current week, seen on Thursday: Mon 5, Tue no use, Wed 3, Thu
        # not recorded yet, Fri-Sun still to come. The budget is the week's 14, not a prorated
        # 8 (issue #15, defect 4); 3 of 7 days are recorded and 14 - 8 = 6 is left: no verdict.
        name="weekly budget in a partial week: where it stands, no verdict",
        today="2025-03-13",
        entries=[use("2025-03-10", 5), use("2025-03-12", 3), no_use("2025-03-11")],
        period="2025-03-10",
        goals=[dict(kind="reduce", period="per_week", target=14, start="2025-03-03")],
        figures=dict(use_days=2, no_use_days=1, total=8.0),
        unrecorded=1,
        contains=['Goal "Cut down": 3 of 7 days recorded this week: 8 drinks so far, against a '
                  "target of 14 drinks for the week; at most 6 drinks on the days not yet "
                  "recorded keeps it within the target."],
    ),
    Case(
        # Amounts do not fall (4 bags a day, as at intake) but safer-use strategies were used:
        # test strips on all 3 days, never alone on 2 of them. That is progress too.
        name="safer-use strategies count as progress when amounts do not fall",
        today="2025-03-13",
        substance="Opioids (heroin)",
        baseline=(4, 7, "bags"),
        entries=[
            use("2025-03-10", 4, "Opioids (heroin)", "bags", [STRIPS, ALONE]),
            use("2025-03-11", 4, "Opioids (heroin)", "bags", [STRIPS]),
            use("2025-03-12", 4, "Opioids (heroin)", "bags", [STRIPS, ALONE]),
        ],
        period="2025-03-10",
        figures=dict(use_days=3, total=12.0, strategy_days=3,
                     strategies=((STRIPS, 3), (ALONE, 2))),
        unrecorded=1,
        contains=[
            "4 bags per use day this week, the same as at intake.",
            "No days above the usual 4 bags at intake.",
            f"Safer-use strategies used on 3 days: {STRIPS} (3 days); {ALONE} (2 days). "
            "That counts as progress, whatever the amounts.",
        ],
    ),
    Case(
        # Use went up: last week 4 per day, this week 6 (and 6 or more is a heavy day).
        name="use went up: said plainly and kindly",
        today="2025-03-13",
        entries=[use("2025-03-04", 4), use("2025-03-05", 4), use("2025-03-11", 6),
                 use("2025-03-12", 6, strategies=[WATER])],
        period="2025-03-10",
        figures=dict(use_days=2, total=12.0, heavy_days=2, strategy_days=1),
        contains=[
            "6 drinks per drinking day this week, up from 5 at intake: 20% more; "
            "worth talking about what changed.",
            "More than last week (4); worth talking about what changed.",
            "2 heavy-drinking days (6 or more drinks of 10 g; WHO: 60 g or more).",
        ],
    ),
    Case(
        # A month: 1-13 March (partial, 13 days). Use 2, 3, 4, 1 on four days = 10 total,
        # 2.5 per drinking day; no use recorded on the other 9 days, so all 13 are recorded:
        # 4 x 7 / 13 = 2.15 -> "about 2.2 a week", fewer than 5.
        name="a month so far: use days as a weekly rate when every day is recorded",
        today="2025-03-13",
        grain=prog.MONTH,
        entries=[use("2025-03-01", 2), use("2025-03-05", 3), use("2025-03-08", 4),
                 use("2025-03-12", 1)]
        + [no_use(f"2025-03-{d:02d}") for d in (2, 3, 4, 6, 7, 9, 10, 11, 13)],
        period="2025-03-01",
        figures=dict(use_days=4, no_use_days=9, total=10.0, peak=4.0,
                     peak_day=D("2025-03-08")),
        unrecorded=0,
        days=13,
        contains=[
            "2.5 drinks per drinking day this month, down from 5 at intake: 50% less.",
            "That is about 2.2 a week, fewer than the 5 at intake.",
        ],
    ),
    Case(
        # Only no-use days: no amounts, the no-use days said as they are.
        name="a week with no use at all",
        today="2025-03-13",
        entries=[no_use("2025-03-10"), no_use("2025-03-11"), no_use("2025-03-12")],
        period="2025-03-10",
        figures=dict(use_days=0, no_use_days=3, total=0.0, peak=None),
        unrecorded=1,
        sentences=[
            "No use of Alcohol recorded this week: 3 days with no use.",
            "1 not recorded.",
        ],
    ),
    Case(
        # Nothing recorded: a plain statement, no zeros dressed up as figures.
        name="nothing recorded yet",
        today="2025-03-13",
        entries=[use("2025-03-03", 4)],
        period="2025-03-10",
        figures=dict(use_days=0, no_use_days=0),
        unrecorded=4,
        sentences=["Nothing recorded for Alcohol this week yet."],
    ),
    Case(
        # An entry in a unit the drinks table does not know counts as a use day, is not
        # added to the drinks, and is named with what to do about it.
        name="an entry in a unit of unknown size",
        today="2025-03-13",
        entries=[use("2025-03-10", 4), use("2025-03-11", 2, unit="cans")],
        period="2025-03-10",
        figures=dict(use_days=2, amount_days=1, total=4.0, other_unit_entries=1,
                     uncounted=(("cans", 1),), uncounted_days=1),
        contains=[
            "1 entry in 'cans' not counted: set its size in the drinks table (Settings).",
            "The amounts above leave out 1 drinking day with an entry not counted.",
        ],
    ),
]  # fmt: skip


def seed(vault, case: Case, code: str = "AB1") -> int:
    client = add_client(vault, ClientInput(code, "Sam"))
    cid = client.id
    today = D(case.today)
    with vault.session() as s:
        if case.baseline is not None:
            amount, per_week, unit = case.baseline
            s.add(SubstanceBaseline(client_id=cid, substance=case.substance, unit=unit,
                                    amount=amount, days_per_week=per_week,
                                    taken_on=D("2025-02-20"), created_at=STAMP))  # fmt: skip
        for g in case.goals:
            goal = Goal(
                client_id=cid, kind=g["kind"], title="Cut down", substance=case.substance,
                target_amount=g.get("target"), unit=DR, period=g["period"],
                start_on=D(g.get("start", "2025-03-03")), created_at=STAMP, updated_at=STAMP,
            )  # fmt: skip
            s.add(goal)
            s.flush()
            for i, (start, amount) in enumerate(g.get("steps", ()), start=1):
                s.add(GoalStep(goal_id=goal.id, position=i, starts_on=D(start), amount=amount,
                               unit=DR))  # fmt: skip
            for day, changes in g.get("revisions", ()):
                s.add(GoalRevision(goal_id=goal.id, revised_on=D(day), reason="agreed",
                                   changes=json.dumps(changes), created_at=STAMP))  # fmt: skip
    for entry in case.entries:
        if entry[0] == "no_use":
            uselog.record_no_use(vault, cid, D(entry[1]), today=today)
        else:
            _, day, substance, amount, unit, strategies = entry
            uselog.add_entry(
                vault, cid,
                EntryInput(day=day, substance=substance, amount=str(amount), unit=unit,
                           strategies=strategies, confirm_unit=unit),
                today=today,
            )  # fmt: skip
    return cid


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_progress_cases(vault, case: Case):
    cid = seed(vault, case)
    view = progress.load_progress(vault, cid, case.substance, case.grain, today=D(case.today))
    labels = [s.start for s in view.summaries]
    assert D(case.period) in labels, labels
    index = labels.index(D(case.period))
    summary, sentences = view.summaries[index], view.sentences[index]
    for name, expected in case.figures.items():
        assert getattr(summary.figures, name) == expected, name
    if case.unrecorded is not None:
        assert summary.unrecorded_days == case.unrecorded
    if case.days is not None:
        assert summary.days == case.days
    if case.sentences:
        assert sentences == case.sentences
    for sentence in case.contains:
        assert sentence in sentences, "\n".join(sentences)


STIGMA = re.compile(
    r"\b(addict\w*|abuser?s?|clean|dirty|fail\w*|relaps\w*|streak\w*|worse|bad|"
    r"slip\w*|only)\b",
    re.I,
)


def test_no_stigmatizing_or_streak_words_in_any_sentence(vault):
    """Every sentence of every case above, checked for words the approach never uses."""
    seen = 0
    for number, case in enumerate(CASES):
        cid = seed(vault, case, code=f"C{number}")
        view = progress.load_progress(vault, cid, case.substance, case.grain,
                                    today=D(case.today))  # fmt: skip
        for sentences in view.sentences:
            for sentence in sentences:
                seen += 1
                assert not STIGMA.search(sentence), sentence
    assert seen > 40


# -- pure pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4.2, "4.2"), (5.0, "5"), (25 / 6, "4.2"), (4.251, "4.3"), (0.051, "0.1"), (12, "12"),
        # an amount typed with two decimals (a taper step) is shown as typed, never rounded
        (4.25, "4.25"), (1.75, "1.75"), (0.05, "0.05"),
    ],
)  # fmt: skip
def test_fmt_rounds_half_up_to_one_decimal_but_keeps_typed_quarters(value, text):
    assert prog.fmt(value) == text


@pytest.mark.parametrize(
    ("new", "old", "text"),
    [
        (4.2, 5, "16%"),
        (4, 5, "20%"),
        (25 / 6, 5, "17%"),
        (4.9, 5, "2%"),
        (99.9, 100, "under 1%"),
        (3.41, 5, "32%"),
    ],
)
def test_percent_less_uses_the_unrounded_values(new, old, text):
    """25/6 against 5 is 16.7% less: "17%", not the "16%" of the rounded 4.2 (defect 9);
    3.41 against 5 is 31.8%: "32%", not the "31%" of the shown 3.4."""
    assert prog.percent_less(new, old) == text


def test_periods_start_monday_and_first_of_month():
    thu = D("2025-03-13")
    assert prog.period_start(thu, prog.WEEK) == D("2025-03-10")
    assert prog.period_end(D("2025-03-10"), prog.WEEK) == D("2025-03-16")
    assert prog.period_start(thu, prog.MONTH) == D("2025-03-01")
    assert prog.period_end(D("2024-02-01"), prog.MONTH) == D("2024-02-29")
    assert prog.shift_period(D("2025-01-01"), prog.MONTH, -1) == D("2024-12-01")
    assert prog.window(thu, prog.WEEK, 3) == (D("2025-02-24"), thu)
    assert prog.period_starts(D("2025-03-05"), D("2025-03-20"), prog.WEEK) == [
        D("2025-03-03"), D("2025-03-10"), D("2025-03-17"),
    ]  # fmt: skip


def test_target_on_takes_the_latest_span_started():
    spans = [
        prog.TargetSpan(D("2025-03-01"), 6, DR, prog.PER_USE_DAY),
        prog.TargetSpan(D("2025-03-10"), 4, DR, prog.PER_USE_DAY),
    ]
    assert prog.target_on(spans, D("2025-02-28")) is None
    assert prog.target_on(spans, D("2025-03-09")).amount == 6
    assert prog.target_on(spans, D("2025-03-10")).amount == 4
    end = D("2025-03-11")
    (target,) = prog.period_targets(spans, D("2025-03-08"), end, end, {}, prog.Series(ALC, DR))
    assert target.amounts == ((D("2025-03-08"), 6), (D("2025-03-10"), 4))
    assert target.days == 4 and target.changed and target.unrecorded == 4
    series = prog.Series("Cannabis", "bottles")
    (other_unit,) = prog.period_targets(spans, D("2025-03-08"), end, end, {}, series)
    assert not other_unit.comparable


def test_weekly_target_prorated_over_days_in_force():
    spans = [prog.TargetSpan(D("2025-03-12"), 14, DR, prog.PER_WEEK)]
    # in force Wed-Sun of the week of 10 March: 5 days x 14 / 7 = 10
    start, end = D("2025-03-10"), D("2025-03-16")
    (target,) = prog.period_targets(spans, start, end, end, {}, prog.Series(ALC, DR))
    assert target.days == 5 and target.budget == pytest.approx(10)


def test_bar_cells_draw_value_baseline_and_target():
    cells = prog.bar_cells(5, 10, 10, baseline=8, target=4)
    chars = "".join(c for c, _ in cells)
    assert chars == "███┆█  │  "
    roles = [r for _, r in cells]
    assert roles[3] == "target" and roles[7] == "baseline" and roles[9] == "empty"
    assert "".join(c for c, _ in prog.bar_cells(2.5, 10, 10)) == "██▌       "
    assert "".join(c for c, _ in prog.bar_cells(None, 10, 4)) == "    "
    assert "".join(c for c, _ in prog.bar_cells(0.01, 10, 4)) == "▌   "  # tiny but visible


def test_chart_follows_the_goals_measure():
    start = D("2025-03-10")
    days = [prog.Day(start + timedelta(i), used=True, amount=4) for i in range(3)]
    spans = [prog.TargetSpan(D("2025-03-01"), 14, DR, prog.PER_WEEK)]
    summaries = prog.summarize(
        prog.WEEK, [start], days, last_day=D("2025-03-16"), today=D("2025-03-16"),
        baselines=[prog.Baseline(D("2025-02-01"), 5, DR, 4)], schedule=spans,
        series=prog.Series(ALC, DR),
    )  # fmt: skip
    series = prog.Series(ALC, DR)
    spec = prog.chart_spec(summaries, series)
    assert spec.metric == "total" and spec.label == "drinks in the week"
    assert prog.chart_value(summaries[0], spec.metric) == 12
    assert prog.chart_target(summaries[0], spec.metric) == pytest.approx(14)
    assert prog.chart_baseline(summaries[0], spec.metric, series) == 20  # 5 x 4 a week
    assert spec.maximum == 20


def test_heavy_rule_for_alcohol_and_for_others():
    assert prog.heavy_rule(prog.Series(ALC, DR), None).threshold == pytest.approx(6)
    cannabis = prog.Series("Cannabis", "joints")
    assert prog.heavy_rule(cannabis, None) is None
    rule = prog.heavy_rule(cannabis, prog.Baseline(D("2025-01-01"), 3, "joints", 7))
    assert rule.threshold == 3 and not rule.inclusive
    assert rule.plural == "days above the usual 3 joints at intake"
    assert prog.heavy_rule(cannabis, prog.Baseline(D("2025-01-01"), 3, "grams", 7)) is None


def test_baseline_is_the_latest_taken_by_the_periods_end():
    first = prog.Baseline(D("2025-01-01"), 6, DR, 6)
    second = prog.Baseline(D("2025-03-12"), 5, DR, 5)
    assert prog.baseline_for([first, second], D("2025-03-09")) is first
    assert prog.baseline_for([first, second], D("2025-03-16")) is second
    # a week recalled from before any intake is compared with the first baseline taken
    assert prog.baseline_for([first, second], D("2024-12-31")) is first
    assert prog.baseline_for([], D("2024-12-31")) is None


def test_nothing_resets_a_long_run_of_no_use_is_not_counted_as_a_streak(vault):
    """Forty no-use days, then one drink: the view says what happened, with no count of
    consecutive days to lose."""
    cid = add_client(vault, ClientInput("AB1", "Sam")).id
    today = D("2025-03-16")
    for i in range(40):
        uselog.record_no_use(vault, cid, today - timedelta(days=i + 1), today=today)
    uselog.add_entry(vault, cid, EntryInput(day=today, substance=ALC, amount="1", unit=DR),
                     today=today)  # fmt: skip
    view = progress.load_progress(vault, cid, today=today)
    text = " ".join(view.sentences[0])
    assert "1 drink per drinking day this week" in text
    assert "6 days with no use" in text
    assert not re.search(r"\b(streak|in a row|reset|consecutive|since)\b", text, re.I)
