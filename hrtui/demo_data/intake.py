"""Demo intake for the fictional clients of :mod:`hrtui.demo`: internal and external factors
(risks and strengths), substance baselines (some retaken), readiness ratings at two or more
dates, and AUDIT-C where alcohol is involved. Everyone and everything here is made up.

Rows are dated as if they were entered at past sessions (``days`` before ``today``); each of
those session days is also recorded as a visit, so "new since the last session" works in the
demo as it would in real use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from hrtui.domain.intake import (
    AuditCInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    validate_auditc,
    validate_baseline,
    validate_factor,
    validate_readiness,
)
from hrtui.store.intake import (
    AREA,
    new_auditc_row,
    new_baseline_row,
    new_factor_row,
    new_readiness_row,
)
from hrtui.store.models import AuditEvent, Factor
from hrtui.store.vault import Vault

IN, EX = "internal", "external"
RISK, GOOD = "risk", "strength"

# code → factors: (group, category, the client's words, effect, weight, note, days ago noted,
# days ago last changed or None)
FACTORS: dict[str, list[tuple[str, str, str, str, int, str, int, int | None]]] = {
    "RIV-07": [
        (
            IN,
            "Sleep",
            "After a night shift I can't switch off; a few drinks help me sleep",
            RISK,
            3,
            "",
            70,
            None,
        ),
        (IN, "Stress and emotions", "Rough shifts leave me wound up", RISK, 2, "", 70, None),
        (
            IN,
            "Coping skills",
            "A glass of water between drinks is easy for me now",
            GOOD,
            2,
            "Her own idea; she has kept it up for a month.",
            42,
            14,
        ),
        (
            EX,
            "Work and money",
            "Coworkers go for drinks straight after the night shift",
            RISK,
            2,
            "",
            70,
            None,
        ),
        (
            EX,
            "Relationships and family",
            "My sister checks in on me; we walk on Sundays",
            GOOD,
            2,
            "",
            70,
            None,
        ),
        (
            EX,
            "Availability and environment",
            "There is a bar next to the depot",
            RISK,
            1,
            "",
            42,
            None,
        ),
    ],
    "OAK-12": [
        (
            IN,
            "Physical health and pain",
            "Old back injury; the pain is worst in the mornings",
            RISK,
            2,
            "Referred to the clinic's pain nurse.",
            56,
            None,
        ),
        (IN, "Cravings", "Mornings are the hardest part of the day", RISK, 2, "", 56, None),
        (
            IN,
            "Beliefs and expectations about use",
            "I want to stay alive and see my nephew grow up",
            GOOD,
            3,
            "",
            56,
            None,
        ),
        (
            EX,
            "Relationships and family",
            "My partner knows where the naloxone is",
            GOOD,
            3,
            "",
            56,
            None,
        ),
        (
            EX,
            "Availability and environment",
            "The supply around here often has fentanyl in it",
            RISK,
            3,
            "Interested in test strips.",
            56,
            21,
        ),
        (
            EX,
            "Access to health care and services",
            "Picks up supplies at the drop-in every week",
            GOOD,
            2,
            "",
            21,
            None,
        ),
    ],
    "ELM-03": [
        (IN, "Sleep", "Sleeping three or four hours on work days", RISK, 3, "", 49, None),
        (IN, "Mental health", "Feel low on my days off", RISK, 1, "", 49, None),
        (IN, "Coping skills", "Good at planning; keeps a written schedule", GOOD, 2, "", 49, None),
        (EX, "Work and money", "Second job on nights to cover the rent", RISK, 3, "", 49, None),
        (
            EX,
            "Social network and peers who use",
            "Roommate doesn't use and cooks dinner for us",
            GOOD,
            2,
            "",
            49,
            None,
        ),
        (EX, "Access to health care and services", "Has a GP they trust", GOOD, 1, "", 14, None),
    ],
    "BAY-21": [
        (
            IN,
            "Stress and emotions",
            "Exam stress; smoking is how I wind down",
            RISK,
            2,
            "",
            35,
            None,
        ),
        (IN, "Sleep", "Hard to fall asleep without smoking", RISK, 1, "", 35, None),
        (
            IN,
            "Beliefs and expectations about use",
            "I want a clear head for my exams",
            GOOD,
            2,
            "",
            35,
            None,
        ),
        (
            EX,
            "Social network and peers who use",
            "My housemates smoke every evening",
            RISK,
            2,
            "",
            35,
            None,
        ),
        (EX, "Culture and community", "Football with friends twice a week", GOOD, 1, "", 35, 7),
        (EX, "Work and money", "Spending more on weed than I can afford", RISK, 1, "", 7, None),
    ],
    "FIR-09": [
        (IN, "Mental health", "Anxiety rises in the evenings", RISK, 3, "", 84, None),
        (IN, "Coping skills", "Breathing exercises help on some evenings", GOOD, 2, "", 56, 28),
        (
            IN,
            "Physical health and pain",
            "Headaches for a few days after each dose step",
            RISK,
            1,
            "Told her prescriber.",
            28,
            None,
        ),
        (
            EX,
            "Access to health care and services",
            "My prescriber agreed to a slow taper",
            GOOD,
            3,
            "",
            84,
            None,
        ),
        (EX, "Relationships and family", "My daughter visits on Wednesdays", GOOD, 2, "", 84, None),
    ],
    "LAK-15": [
        (
            IN,
            "What the use does for the person",
            "I feel more confident and part of the group",
            RISK,
            2,
            "",
            42,
            None,
        ),
        (IN, "Coping skills", "When I plan the night ahead I stick to it", GOOD, 2, "", 42, 14),
        (
            EX,
            "Social network and peers who use",
            "The weekend crowd always has some",
            RISK,
            3,
            "",
            42,
            None,
        ),
        (
            EX,
            "Work and money",
            "Spends more than he wants to on weekends",
            RISK,
            2,
            "Working on a spending limit.",
            42,
            None,
        ),
        (
            EX,
            "Relationships and family",
            "A friend who doesn't use drives us home",
            GOOD,
            2,
            "",
            14,
            None,
        ),
    ],
    "PIN-04": [
        (
            IN,
            "Trauma history",
            "Things from childhood come back when I'm alone",
            RISK,
            2,
            "",
            30,
            None,
        ),
        (IN, "Stress and emotions", "Mixing takes the edge off a bad day", RISK, 2, "", 30, None),
        (IN, "Coping skills", "Calls her cousin when things get bad", GOOD, 2, "", 30, None),
        (EX, "Housing", "Couch surfing; no place of my own", RISK, 3, "", 30, None),
        (
            EX,
            "Relationships and family",
            "My cousin will answer the phone any time",
            GOOD,
            3,
            "",
            30,
            None,
        ),
        (EX, "Safety", "Often uses alone", RISK, 2, "We talked about never using alone.", 30, 9),
        (
            EX,
            "Access to health care and services",
            "Has naloxone from the outreach van",
            GOOD,
            1,
            "",
            9,
            None,
        ),
    ],
    "CED-18": [
        (
            IN,
            "Physical health and pain",
            "Recovering from surgery; still some pain",
            RISK,
            2,
            "",
            20,
            None,
        ),
        (
            IN,
            "Coping skills",
            "Knows the early signs now and calls the clinic",
            GOOD,
            2,
            "",
            20,
            None,
        ),
        (
            EX,
            "Access to health care and services",
            "Methadone program, daily dosing going well",
            GOOD,
            3,
            "",
            120,
            None,
        ),
        (EX, "Social network and peers who use", "Peer group on Thursdays", GOOD, 1, "", 120, None),
        (
            EX,
            "Availability and environment",
            "Old friends live on the same street",
            RISK,
            1,
            "",
            120,
            None,
        ),
    ],
    "ASH-02": [
        (
            IN,
            "Stress and emotions",
            "A glass of wine was how I ended every work day",
            RISK,
            1,
            "",
            200,
            None,
        ),
        (IN, "Coping skills", "Plans alcohol-free days around her book club", GOOD, 2, "", 200, 90),
        (
            EX,
            "Relationships and family",
            "My partner joined the alcohol-free days",
            GOOD,
            2,
            "",
            90,
            None,
        ),
    ],
    "MAP-11": [
        (IN, "Physical health and pain", "Cracked lips from a hot pipe", RISK, 2, "", 150, None),
        (IN, "Coping skills", "Asks for what they need", GOOD, 1, "", 150, None),
        (
            EX,
            "Access to health care and services",
            "Picks up new pipes and mouthpieces at the van",
            GOOD,
            2,
            "",
            150,
            None,
        ),
        (EX, "Housing", "Shelter with nowhere to keep things", RISK, 2, "", 150, None),
    ],
}

# code → baselines: (substance, routes, amount, unit, days a week, last use days ago,
# what the use does, days ago taken)
BASELINES: dict[str, list[tuple[str, tuple[str, ...], float, str, float, int, str, int]]] = {
    "RIV-07": [
        (
            "Alcohol",
            ("Swallowed",),
            6,
            "",
            4,
            71,
            "Helps me come down after a shift and get to sleep.",
            70,
        ),
        (
            "Alcohol",
            ("Swallowed",),
            4,
            "",
            3,
            15,
            "Still helps me sleep, but I notice I need less.",
            14,
        ),
    ],
    "OAK-12": [
        (
            "Opioids (heroin)",
            ("Injected", "Smoked"),
            3,
            "bags",
            7,
            56,
            "Takes the edge off the pain and keeps me from getting sick.",
            56,
        ),
    ],
    "ELM-03": [
        (
            "Methamphetamine",
            ("Smoked",),
            2,
            "points",
            4,
            50,
            "Keeps me awake and focused through the second shift.",
            49,
        ),
    ],
    "BAY-21": [
        ("Cannabis", ("Smoked",), 3, "joints", 6, 35, "Winding down after studying.", 35),
        (
            "Cannabis",
            ("Smoked",),
            2,
            "joints",
            5,
            8,
            "Winding down; trying to keep the mornings clear.",
            7,
        ),
    ],
    "FIR-09": [
        ("Benzodiazepines", ("Swallowed",), 2, "mg", 7, 84, "Keeps the evening panic down.", 84),
        (
            "Benzodiazepines",
            ("Swallowed",),
            1.5,
            "mg",
            7,
            28,
            "Still the evenings; the new dose is manageable.",
            28,
        ),
    ],
    "LAK-15": [
        ("Cocaine", ("Snorted",), 1, "grams", 2, 44, "Energy and confidence on a night out.", 42),
        ("Alcohol", ("Swallowed",), 8, "", 2, 44, "Part of the night out with friends.", 42),
    ],
    "PIN-04": [
        ("Alcohol", ("Swallowed",), 5, "", 4, 31, "Calms me down.", 30),
        ("Benzodiazepines", ("Swallowed",), 2, "pills", 3, 32, "Helps me sleep.", 30),
        ("Opioids (heroin)", ("Smoked",), 1, "bags", 3, 31, "Makes the bad memories quieter.", 30),
    ],
    "CED-18": [
        (
            "Opioids (heroin)",
            ("Injected",),
            2,
            "bags",
            7,
            121,
            "Kept me from feeling sick; it was most of my day.",
            120,
        ),
        (
            "Opioids (heroin)",
            ("Smoked",),
            1,
            "bags",
            1,
            22,
            "After the hospital: the pain and being on my own.",
            20,
        ),
    ],
    "ASH-02": [
        ("Alcohol", ("Swallowed",), 3, "", 7, 200, "The end of the work day.", 200),
        ("Alcohol", ("Swallowed",), 3, "", 5, 91, "A treat on weekend evenings.", 90),
    ],
    "MAP-11": [
        ("Crack cocaine", ("Smoked",), 4, "rocks", 5, 151, "Gets me through the day.", 150),
        ("Alcohol", ("Swallowed",), 6, "", 5, 151, "Helps me come down.", 150),
    ],
}

# code → readiness: (days ago, importance, confidence, readiness, why not lower, one up)
READINESS: dict[str, list[tuple[int, int, int, int, str, str]]] = {
    "RIV-07": [
        (70, 5, 4, 5, "I don't like how I feel on my days off.", "If work nights got easier."),
        (42, 6, 5, 6, "The water trick is working.", "Sleeping without a drink once."),
        (14, 7, 6, 7, "I'm sleeping better on water nights.", "My sister joining me."),
    ],
    "OAK-12": [
        (56, 6, 3, 4, "I don't want my partner to find me.", "Having test strips."),
        (21, 7, 5, 5, "The test strips showed fentanyl twice.", "A spotter every time."),
    ],
    "ELM-03": [
        (49, 7, 4, 5, "I'm exhausted all the time.", "A day job that pays the same."),
        (14, 8, 5, 6, "Two full nights of sleep felt amazing.", "Dropping one night shift."),
    ],
    "BAY-21": [
        (35, 6, 5, 6, "Exams are coming.", "A plan for evenings."),
        (7, 8, 6, 7, "Mornings are clearer already.", "Housemates smoking outside."),
    ],
    "FIR-09": [
        (84, 8, 3, 6, "I want to be off them by summer.", "Knowing the headaches pass."),
        (56, 8, 5, 7, "The first step went fine.", "Better evenings."),
        (28, 9, 6, 8, "I managed the second step.", "More breathing practice."),
    ],
    "LAK-15": [
        (42, 5, 5, 4, "Mondays are rough.", "Money left at the end of the month."),
        (14, 6, 6, 6, "The spending limit worked twice.", "A weekend plan with my friend."),
    ],
    "PIN-04": [
        (30, 5, 3, 4, "My cousin worries about me.", "A place of my own."),
        (9, 6, 4, 5, "I don't want to be alone when I use.", "A spotter I trust."),
    ],
    "CED-18": [
        (120, 7, 4, 6, "The clinic has been good to me.", "Feeling steady for a month."),
        (60, 8, 6, 7, "Two months steady.", "Finding work."),
        (20, 8, 5, 7, "The hospital set me back but I'm still here.", "Pain under control."),
    ],
    "ASH-02": [
        (200, 6, 5, 6, "My health check was a wake-up call.", "Having a plan for evenings."),
        (90, 8, 8, 8, "Two alcohol-free days a week feel good.", "Keeping it up after I move."),
    ],
    "MAP-11": [
        (150, 4, 3, 3, "I'd like my lips to heal.", "Somewhere to keep my things."),
        (120, 5, 4, 4, "New pipes help.", "A bed that is mine."),
    ],
}

# code → AUDIT-C: (days ago, q1, q2, q3, cut-off chosen or None)
AUDITC: dict[str, list[tuple[int, int, int, int, int | None]]] = {
    "RIV-07": [(70, 3, 2, 2, None), (14, 3, 1, 1, None)],
    "LAK-15": [(42, 3, 3, 3, 4)],
    "PIN-04": [(30, 3, 2, 2, None), (9, 3, 1, 2, None)],
    "ASH-02": [(200, 4, 1, 1, 3), (90, 3, 1, 0, 3)],
    "MAP-11": [(150, 3, 2, 3, None)],
}


def _day(today: date, days_ago: int) -> date:
    return today - timedelta(days=days_ago)


def _at(today: date, days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(_day(today, days_ago), time(hour, 0))


def _ok(result: tuple[Any, dict[str, str]]) -> Any:
    data, errors = result
    if errors:  # the demo data itself is wrong: a programming error
        raise ValueError(f"demo intake does not validate: {sorted(errors)}")
    return data


def _intake_rows(code: str, client_id: int, today: date) -> tuple[list[Any], set[int]]:
    """The client's intake rows from the tables above, and the days (ago) of the sessions at
    which they were entered or last changed."""
    rows: list[Any] = []
    session_days: set[int] = set()

    def entered(
        validate: Callable[[Any, date], tuple[Any, dict[str, str]]],
        new_row: Callable[[int, Any, datetime], Any],
        form: Any,
        days_ago: int,
    ) -> Any:
        """The row for ``form`` as typed at a session ``days_ago``, checked as the form checks
        it: every kind of intake row is made the one way."""
        row = new_row(client_id, _ok(validate(form, today)), _at(today, days_ago))
        rows.append(row)
        session_days.add(days_ago)
        return row

    for grp, category, words, effect, weight, note, noted, changed in FACTORS.get(code, []):
        form = FactorInput(grp, category, words, effect, weight, note, _day(today, noted))
        row = entered(validate_factor, new_factor_row, form, noted)
        if changed is not None:
            row.updated_at = _at(today, changed, 11)
            session_days.add(changed)
    for substance, routes, amount, unit, days, last, what, taken in BASELINES.get(code, []):
        baseline = BaselineInput(
            substance, routes, amount, unit, days, _day(today, last), what, _day(today, taken)
        )
        entered(validate_baseline, new_baseline_row, baseline, taken)
    for ago, importance, confidence, readiness, why, one_up in READINESS.get(code, []):
        rating = ReadinessInput(importance, confidence, readiness, why, one_up, _day(today, ago))
        entered(validate_readiness, new_readiness_row, rating, ago)
    for ago, q1, q2, q3, cutoff in AUDITC.get(code, []):
        answers = AuditCInput(q1, q2, q3, _day(today, ago), cutoff)
        entered(validate_auditc, new_auditc_row, answers, ago)
    return rows, session_days


def populate(vault: Vault, client_ids: dict[str, int], today: date) -> None:
    """Write the demo intake for each demo client in ``client_ids`` (code → id)."""
    for code, client_id in client_ids.items():
        rows, session_days = _intake_rows(code, client_id, today)
        if not rows:
            continue
        events = [  # the sessions these came from, and the trail a real intake leaves
            AuditEvent(
                at=_at(today, ago, 9), client_id=client_id, action="opened", area="workspace"
            )
            for ago in sorted(session_days, reverse=True)
        ]
        events += [
            AuditEvent(at=row.created_at, client_id=client_id, action="created", area=AREA)
            for row in rows
        ]
        events += [
            AuditEvent(at=row.updated_at, client_id=client_id, action="changed", area=AREA)
            for row in rows
            if isinstance(row, Factor) and row.updated_at > row.created_at
        ]
        trail = sorted(events, key=lambda e: e.at)
        with vault.session() as session:
            session.add_all(rows)
            session.add_all(trail)
