"""Demo use logs: several months of made-up entries, each telling one of the stories of
:data:`hrtui.demo.DEMO_CLIENTS` (steady reduction, a plateau, a return to use, safer use without
fewer amounts, recorded no-use days). Deterministic: the same ``today`` gives the same data.

Strategy labels are those of the built-in menu (:data:`hrtui.domain.vocab.STRATEGIES`), so they
match a safer-use plan made from it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hrtui.domain.uselog import EntryInput
from hrtui.domain.vocab import STANDARD_DRINKS, STRATEGIES
from hrtui.store.uselog import add_cue, add_entries
from hrtui.store.vault import Vault

DAYS = 16 * 7  # about four months of recall

# the menu's first items of each group (later items were added to the menu after these)
NALOXONE, ALONE, STRIPS, START_LOW, NO_MIX, AFTER_BREAK = STRATEGIES["Overdose"][:6]
SUPPLIES, SAFER_ROUTE = STRATEGIES["Infections"][:2]
WATER, EAT, SPACE, RIDE = STRATEGIES["Alcohol"][:4]
SPENDING, SAFE_PLACE, TELL = STRATEGIES["General"][:3]

Entries = list[EntryInput]


def _drink(day: date, amount: float, **kw: Any) -> EntryInput:
    return EntryInput(day=day, substance="Alcohol", amount=amount, unit=STANDARD_DRINKS, **kw)


def _none(day: date, substance: str, **kw: Any) -> EntryInput:
    return EntryInput(day=day, substance=substance, amount=0, **kw)


def _days(today: date, count: int = DAYS, end_offset: int = 1) -> list[tuple[int, date]]:
    """(days since the start, day) for ``count`` days ending ``end_offset`` days ago."""
    start = today - timedelta(days=count + end_offset - 1)
    return [(i, start + timedelta(days=i)) for i in range(count)]


def marisol(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Alcohol, steady reduction: about 5 drinks most nights down to about 3 on four nights;
    water between drinks more and more often."""
    out: Entries = []
    for i, day in _days(today):
        share = i / DAYS
        nights = 6 - round(2 * share)  # drinking nights a week: 6 → 4
        if (day.weekday() + i // 7) % 7 >= nights:
            out.append(_none(day, "Alcohol", mood=r.choice(["Calm", "Okay", "Good"])))
            continue
        amount = max(1, round(5.2 - 2.2 * share + r.uniform(-0.8, 0.8)))
        used = [WATER] if r.random() < 0.2 + 0.7 * share else []
        if r.random() < 0.3:
            used.append(EAT)
        out.append(
            _drink(
                day,
                amount,
                route="Swallowed",
                setting="home after a night shift" if day.weekday() < 5 else "a friend's place",
                with_whom=r.choice(["alone", "partner"]) if day.weekday() < 5 else "friends",
                craving=max(0, min(10, round(6 - 3 * share + r.uniform(-1, 1)))),
                mood=r.choice(["Stressed", "Okay", "Low", "Calm"]),
                strategies=used,
            )
        )
    cues = [(d, "payday") for _, d in _days(today) if d.weekday() == 4 and d.isocalendar()[1] % 2]
    cues.append((today - timedelta(days=40), "sister's birthday"))
    return out, cues


def devonte(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Heroin, about the same amounts throughout; naloxone always, test strips and a spotter
    more and more often: safer use without fewer amounts."""
    out: Entries = []
    for i, day in _days(today):
        share = i / DAYS
        if r.random() < 0.08:
            out.append(_none(day, "Opioids (heroin)"))
            continue
        used = [NALOXONE]
        if i > 21 and r.random() < 0.3 + 0.6 * share:
            used.append(STRIPS)
        if i > 35 and r.random() < 0.2 + 0.6 * share:
            used.append(ALONE)
        out.append(
            EntryInput(
                day=day,
                substance="Opioids (heroin)",
                amount=r.choice([2, 3, 3, 3, 4]),
                unit="bags",
                route="Injected" if r.random() > 0.25 * share else "Smoked",
                with_whom="partner" if ALONE in used else r.choice(["partner", "alone"]),
                craving=r.randint(4, 8),
                mood=r.choice(["Okay", "Low", "Anxious", "Calm"]),
                strategies=used,
            )
        )
    return out, [(today - timedelta(days=30), "court date")]


def skyler(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Methamphetamine on second-job days: down from 3 points to 2 in the first weeks, then a
    plateau at 2."""
    out: Entries = []
    for i, day in _days(today):
        if day.weekday() in (5, 6) or r.random() < 0.1:
            out.append(_none(day, "Methamphetamine", mood=r.choice(["Okay", "Low"])))
            continue
        amount = 3 if i < 21 else 2
        if i < 42 and r.random() < 0.3:
            amount = 3
        out.append(
            EntryInput(
                day=day,
                substance="Methamphetamine",
                amount=amount,
                unit="points",
                route="Smoked",
                setting="before the second job",
                with_whom="alone",
                craving=r.randint(3, 7),
                mood=r.choice(["Stressed", "Anxious", "Okay"]),
                strategies=[START_LOW] if r.random() < 0.4 else [],
            )
        )
    return out, [(today - timedelta(days=25), "new shift schedule")]


def tomas(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Cannabis: most days at first, then more and more recorded no-use days before exams."""
    out: Entries = []
    for i, day in _days(today):
        share = i / DAYS
        weekend = day.weekday() >= 4
        if r.random() < 0.15 + 0.55 * share and not weekend:
            out.append(_none(day, "Cannabis", craving=r.randint(1, 5)))
            continue
        if r.random() < 0.05:
            continue  # a day left blank on the paper log
        out.append(
            EntryInput(
                day=day,
                substance="Cannabis",
                amount=r.choice([1, 2, 2, 3]) if share < 0.5 else r.choice([1, 1, 2]),
                unit="joints",
                route="Smoked",
                setting="dorm" if not weekend else "friend's place",
                with_whom="roommate" if not weekend else "friends",
                craving=r.randint(2, 6),
                mood=r.choice(["Calm", "Good", "Stressed"]),
            )
        )
    return out, [(today - timedelta(days=9), "exam week starts"),
                 (today - timedelta(days=60), "holiday")]  # fmt: skip


def graciela(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Benzodiazepines, a slow taper with her prescriber that follows her goal's ladder (see
    ``demo_data.goals``): 2 mg a day, then 1.75, 1.5 and 1.25 mg; back to 1.5 mg for the last
    three days (the step back agreed after the family move). Now and then an anxious evening
    takes a quarter more."""
    out: Entries = []
    for _, day in _days(today):
        ago = (today - day).days
        amount = 2 if ago > 56 else 1.75 if ago > 28 else 1.5 if ago > 7 else 1.25
        if ago <= 3:
            amount = 1.5  # the step back
        if r.random() < 0.12:
            amount += 0.25  # an anxious evening
        out.append(
            EntryInput(
                day=day,
                substance="Benzodiazepines",
                amount=amount,
                unit="mg",
                route="Swallowed",
                setting="home",
                craving=r.randint(2, 6),
                mood=r.choice(["Anxious", "Okay", "Calm", "Anxious"]),
                strategies=[NO_MIX] if r.random() < 0.7 else [],
            )
        )
    return out, [(today - timedelta(days=56), "prescriber appointment")]


def kwame(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Cocaine and alcohol at weekends with friends; weekdays recorded as no use; a spending
    limit and a ride home more and more often."""
    out: Entries = []
    for i, day in _days(today):
        share = i / DAYS
        if day.weekday() < 4 or (day.weekday() == 6 and r.random() < 0.6):
            if r.random() < 0.9:
                out.append(EntryInput(day=day, substance="", amount=0))  # no use at all
            continue
        used = [SPENDING] if r.random() < 0.3 + 0.6 * share else []
        out.append(
            EntryInput(
                day=day,
                substance="Cocaine",
                amount=r.choice([4, 5, 6]) - round(share * 2),
                unit="lines",
                route="Snorted",
                setting="a club",
                with_whom="friends",
                craving=r.randint(3, 7),
                mood=r.choice(["Good", "Okay"]),
                strategies=used,
            )
        )
        out.append(
            _drink(
                day,
                r.choice([4, 5, 6]),
                route="Swallowed",
                setting="a club",
                with_whom="friends",
                strategies=[RIDE] if r.random() < 0.4 + 0.5 * share else [],
            )
        )
    cues = [(d, "payday") for _, d in _days(today) if d.day == 15]
    return out, cues


def aiyana(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Alcohol, benzodiazepines and opioids, sometimes together; days with one substance and
    "don't mix depressants" grow; some recorded no-use days."""
    out: Entries = []
    for i, day in _days(today, count=12 * 7):
        share = i / (12 * 7)
        roll = r.random()
        if roll < 0.2:
            out.append(EntryInput(day=day, substance="Alcohol", amount=0))
            continue
        mixing = r.random() < 0.6 - 0.45 * share
        used = [NO_MIX] if not mixing and r.random() < 0.8 else []
        if r.random() < 0.5:
            used.append(ALONE)
        out.append(
            _drink(
                day,
                r.choice([2, 3, 4]),
                route="Swallowed",
                setting="cousin's place",
                with_whom="cousin",
                strategies=used,
            )  # fmt: skip
        )
        if mixing:
            out.append(
                EntryInput(
                    day=day,
                    substance="Benzodiazepines",
                    amount=r.choice([1, 2]),
                    unit="pills",
                    route="Swallowed",
                    strategies=[ALONE],
                )  # fmt: skip
            )
    return out, [(today - timedelta(days=20), "housing appointment")]


def junichi(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """On methadone, no use day after day; a return to use two days after a hospital stay
    (little, with naloxone on hand), reviewed, then no use again."""
    out: Entries = []
    discharge = today - timedelta(days=38)
    for _, day in _days(today, count=14 * 7):
        if discharge - timedelta(days=6) <= day < discharge:
            continue  # in hospital: not recorded
        if day in (discharge + timedelta(days=2), discharge + timedelta(days=3)):
            out.append(
                EntryInput(
                    day=day,
                    substance="Opioids (heroin)",
                    amount=1 if day == discharge + timedelta(days=2) else 2,
                    unit="bags",
                    route="Smoked",
                    with_whom="a friend",
                    craving=8,
                    mood="Low",
                    strategies=[AFTER_BREAK, NALOXONE, ALONE],
                    note="After the hospital stay; used less than before, knowing tolerance drops.",
                )  # fmt: skip
            )
            continue
        out.append(EntryInput(day=day, substance="Opioids (heroin)", amount=0,
                              craving=r.randint(0, 4)))  # fmt: skip
    return out, [(discharge, "hospital discharge")]


def rosalind(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Alcohol, months ago: two alcohol-free days a week, then kept (archived since)."""
    out: Entries = []
    for _, day in _days(today, count=12 * 7, end_offset=120):
        if day.weekday() in (1, 3):
            out.append(_none(day, "Alcohol"))
            continue
        out.append(_drink(day, r.choice([2, 2, 3]), route="Swallowed", strategies=[EAT]))
    return out, []


def birdie(today: date, r: random.Random) -> tuple[Entries, list[tuple[date, str]]]:
    """Crack cocaine and alcohol for a few weeks before pausing sessions; new pipes and
    mouthpieces each time."""
    out: Entries = []
    for _, day in _days(today, count=5 * 7, end_offset=60):
        if r.random() < 0.3:
            continue
        out.append(
            EntryInput(
                day=day,
                substance="Crack cocaine",
                amount=r.choice([1, 2, 3]),
                unit="rocks",
                route="Smoked",
                strategies=[SUPPLIES, SAFE_PLACE],
            )  # fmt: skip
        )
        if r.random() < 0.5:
            out.append(_drink(day, r.choice([3, 4, 5])))
    return out, []


STORIES: dict[str, Callable[[date, random.Random], tuple[Entries, list[tuple[date, str]]]]] = {
    "RIV-07": marisol,
    "OAK-12": devonte,
    "ELM-03": skyler,
    "BAY-21": tomas,
    "FIR-09": graciela,
    "LAK-15": kwame,
    "PIN-04": aiyana,
    "CED-18": junichi,
    "ASH-02": rosalind,
    "MAP-11": birdie,
}


def populate(vault: Vault, client_ids: dict[str, int], today: date) -> None:
    """Give each demo client (by code) their use log and memory cues."""
    for code, story in STORIES.items():
        client_id = client_ids.get(code)
        if client_id is None:
            continue
        entries, cues = story(today, random.Random(f"uselog-{code}"))
        add_entries(vault, client_id, entries, today=today)
        for day, label in cues:
            add_cue(vault, client_id, day, label, today=today)
