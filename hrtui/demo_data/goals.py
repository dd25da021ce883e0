"""Demo goals for the fictional clients of :mod:`hrtui.demo`: every kind of goal, safer-use
plans from the menu of options (with some of the clients' own strategies), a step-down ladder
that moved back a step, and goals revised along the way. Everyone and everything here is made
up; the stories follow the clients' notes in :data:`hrtui.demo.DEMO_CLIENTS`.

Goals link to the intake factors they answer to when the demo intake is there (matched by
category), and are written through :mod:`hrtui.store.goals` so that they are validated and
revised exactly as in real use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hrtui.store.goals import create_goal, goal_context, revise_goal, step_back
from hrtui.store.vault import Vault


@dataclass(frozen=True)
class Revision:
    days_ago: int
    reason: str
    changes: dict[str, Any] = field(default_factory=dict)
    step_back: bool = False  # move the step-down back a step instead of ``changes``


@dataclass(frozen=True)
class DemoGoal:
    kind: str
    started: int  # days ago (negative: starts in the future)
    review_in: int | None  # days from today (negative: in the past)
    values: dict[str, Any]
    factors: tuple[str, ...] = ()  # intake factor categories the goal answers to
    revisions: tuple[Revision, ...] = ()


def _ladder(*steps: tuple[int, float]) -> list[tuple[int, float]]:
    return list(steps)


GOALS: dict[str, list[DemoGoal]] = {
    "RIV-07": [
        DemoGoal(
            "reduce", 70, 14,
            {
                "title": "Fewer drinks on work nights",
                "substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
                "baseline_amount": 6, "target_amount": 4,
                "client_words": "Drink less on work nights, so I sleep and still feel okay at "
                "the start of a shift.",
                "why_it_matters": "I don't like how I feel on my days off.",
                "steps": "A glass of water between drinks. Stop at the fourth. Walk home "
                "instead of stopping at the bar by the depot.",
                "helpers": "My sister (our Sunday walks).",
                "obstacles": "Coworkers going for drinks straight after the night shift.",
                "working_when": "I wake up on my day off without a headache.",
                "counselor_note": "Water between drinks was her own idea. Ask about the bar "
                "next to the depot.",
            },
            factors=("Sleep", "Work and money"),
            revisions=(
                Revision(42, "The water between drinks is working; she is at four most "
                         "work nights.", {"status": "progressing"}),
                Revision(14, "She asked to aim for three on work nights; four has felt easy "
                         "for a month.", {"target_amount": 3}),
            ),
        ),
        DemoGoal(
            "safer", 42, 14,
            {
                "strategies": [("Alcohol", "A glass of water with each drink"),
                               ("Alcohol", "Eat before drinking")],
                "custom_strategies": "Walk home with a coworker instead of driving",
                "custom_concern": "Alcohol",
                "client_words": "Keep the nights I do drink safe.",
                "helpers": "My sister; the coworker who walks my way.",
            },
        ),
    ],
    "OAK-12": [
        DemoGoal(
            "safer", 56, 7,
            {
                "title": "Staying safe with the supply",
                "substance": "Opioids (heroin)",
                "strategies": [
                    ("Overdose", "Naloxone on hand, and people around know where it is"),
                    ("Overdose", "Never use alone (a spotter or a never-use-alone line)"),
                    ("Infections", "New sterile supplies each time"),
                ],
                "client_words": "Stay alive and see my nephew grow up.",
                "why_it_matters": "The supply around here often has fentanyl in it.",
                "helpers": "My partner, who knows where the naloxone is; the drop-in.",
                "working_when": "I never use without someone around.",
            },
            factors=("Availability and environment", "Relationships and family"),
            revisions=(
                Revision(21, "He wants to try test strips now the drop-in has them.", {
                    "strategies": [
                        ("Overdose", "Naloxone on hand, and people around know where it is"),
                        ("Overdose", "Never use alone (a spotter or a never-use-alone line)"),
                        ("Overdose", "Fentanyl test strips (they show presence, not amount)"),
                        ("Infections", "New sterile supplies each time"),
                    ],
                }),
            ),
        ),
        DemoGoal(
            "life", 56, 28,
            {
                "life_area": "Health",
                "title": "See the pain nurse about my back",
                "client_words": "Get my back looked at, so mornings hurt less.",
                "steps": "Book with the clinic's pain nurse; bring the list of what helps.",
                "obstacles": "Waiting rooms; mornings are the worst time.",
            },
            factors=("Physical health and pain",),
        ),
    ],
    "ELM-03": [
        DemoGoal(
            "life", 49, 7,
            {
                "life_area": "Health",
                "title": "Six hours of sleep, four nights a week",
                "client_words": "Sleep at least six hours on four nights a week.",
                "why_it_matters": "I can't keep going on three or four hours.",
                "steps": "Keep the written schedule; no use after 6 pm on work days.",
                "helpers": "My roommate, who cooks dinner; my GP.",
                "working_when": "I'm not falling asleep on the bus.",
            },
            factors=("Sleep",),
        ),
        DemoGoal(
            "reduce", 49, 7,
            {
                "substance": "Methamphetamine", "period": "use_days_per_week",
                "unit": "points", "baseline_amount": 4, "target_amount": 3,
                "client_words": "Keep my days off free of it.",
                "obstacles": "The second job on nights.",
                "counselor_note": "Prefers morning appointments.",
            },
            factors=("Work and money",),
        ),
    ],
    "BAY-21": [
        DemoGoal(
            "reduce", 35, None,
            {
                "substance": "Cannabis", "period": "per_week", "unit": "joints",
                "baseline_amount": 18, "target_amount": 10,
                "client_words": "Cut back before exams, so my mornings are clear.",
                "steps": "Only in the evening; none before lectures. Track it on paper.",
                "working_when": "I can study in the morning.",
            },
            factors=("Stress and emotions",),
            revisions=(
                Revision(7, "About ten a week for three weeks now, as he planned.",
                         {"status": "achieved"}),
            ),
        ),
        DemoGoal(
            "abstinence", -10, 24,
            {
                "substance": "Cannabis",
                "title": "No smoking during the exam weeks",
                "client_words": "Nothing during the two exam weeks; I'll see after.",
                "helpers": "My study group.",
                "obstacles": "Falling asleep the night before an exam.",
            },
        ),
    ],
    "FIR-09": [
        DemoGoal(
            "stepdown", 84, 18,
            {
                "title": "Slow taper with my prescriber",
                "substance": "Benzodiazepines", "period": "per_use_day", "unit": "mg",
                "baseline_amount": 2,
                "ladder": _ladder((84, 2), (56, 1.75), (28, 1.5), (7, 1.25), (-21, 1)),
                "client_words": "Come off slowly, at a pace I can live with.",
                "why_it_matters": "I want to be in charge of my evenings again.",
                "steps": "Each step agreed with the prescriber; breathing exercises at 7 pm.",
                "helpers": "My prescriber; my daughter on the phone in the evening.",
                "obstacles": "Evenings, when the anxiety rises.",
                "working_when": "Evenings feel manageable on the new dose.",
                "counselor_note": "Keep sessions short and practical.",
            },
            factors=("Stress and emotions",),
            revisions=(
                Revision(3, "The family move made the evenings hard; back to 1.5 mg for three "
                         "more weeks, as agreed with the prescriber.", step_back=True),
            ),
        ),
    ],
    "LAK-15": [
        DemoGoal(
            "safer", 42, 10,
            {
                "title": "Weekend plan",
                "substance": "Cocaine",
                "strategies": [("General", "Set a spending limit"),
                               ("Alcohol", "Designated driver or a ride plan"),
                               ("Overdose", "Don't mix depressants (alcohol, benzodiazepines, "
                                "opioids, gabapentin)")],
                "custom_strategies": "Leave the bank card at home; take cash for the night",
                "custom_concern": "General",
                "client_words": "Enjoy the weekend and still have money on Monday.",
                "helpers": "My friend who doesn't drink drives us.",
            },
        ),
        DemoGoal(
            "life", 42, 28,
            {
                "life_area": "Work and money",
                "title": "Put money aside",
                "client_words": "Put aside what I don't spend on a weekend, once a month.",
            },
        ),
    ],
    "PIN-04": [
        DemoGoal(
            "safer", 30, 7,
            {
                "strategies": [
                    ("Overdose", "Don't mix depressants (alcohol, benzodiazepines, opioids, "
                     "gabapentin)"),
                    ("Overdose", "Never use alone (a spotter or a never-use-alone line)"),
                    ("Overdose", "Naloxone on hand, and people around know where it is"),
                ],
                "custom_strategies": "Call my cousin before using on a bad night",
                "custom_concern": "General",
                "client_words": "Not mix things on the same night.",
                "helpers": "My cousin Dee.",
            },
        ),
        DemoGoal(
            "life", 30, 14,
            {
                "life_area": "Housing",
                "title": "A place of my own",
                "client_words": "Apply for the housing programme, with my cousin's help.",
                "steps": "Get ID renewed; fill in the form at the drop-in.",
                "helpers": "My cousin Dee; the housing worker at the drop-in.",
            },
        ),
    ],
    "CED-18": [
        DemoGoal(
            "abstinence", 120, 30,
            {
                "substance": "Opioids (heroin)",
                "title": "No heroin alongside the methadone",
                "client_words": "Stay on the programme and off the street stuff.",
                "why_it_matters": "The programme gave me my days back.",
                "helpers": "The methadone clinic; my brother.",
                "obstacles": "Pain, and being on my own.",
            },
            revisions=(
                Revision(20, "A return to use after the hospital stay. We looked at what "
                         "happened: pain and being alone. The goal stays; review sooner.",
                         {"review_on": 10}),
            ),
        ),
        DemoGoal(
            "safer", 20, 10,
            {
                "title": "If I do use",
                "substance": "Opioids (heroin)",
                "strategies": [
                    ("Overdose", "Use less after a break (jail, hospital, detox): tolerance "
                     "drops"),
                    ("Overdose", "Never use alone (a spotter or a never-use-alone line)"),
                ],
                "client_words": "If it happens again, use less and not alone.",
            },
        ),
    ],
    "ASH-02": [
        DemoGoal(
            "reduce", 200, None,
            {
                "title": "Two alcohol-free days a week",
                "substance": "Alcohol", "period": "use_days_per_week",
                "unit": "standard drinks", "baseline_amount": 7, "target_amount": 5,
                "client_words": "Two days a week without a drink.",
            },
            revisions=(Revision(90, "She has had two alcohol-free days a week for two "
                                "months.", {"status": "achieved"}),),
        ),
    ],
    "MAP-11": [
        DemoGoal(
            "safer", 150, None,
            {
                "substance": "Crack cocaine",
                "strategies": [("Infections", "New sterile supplies each time")],
                "custom_strategies": "A new pipe and mouthpiece each time",
                "custom_concern": "Infections",
                "client_words": "My own pipe, every time.",
            },
            revisions=(Revision(120, "Sessions paused at the client's wish; welcome back "
                                "any time.", {"status": "paused"}),),
        ),
    ],
}  # fmt: skip


def _linked(context: Any, categories: tuple[str, ...]) -> list[int]:
    """The client's intake factors in these categories (labels read "Risk · Sleep: …")."""
    return [f.id for f in context.factors if any(f"· {c}:" in f.label for c in categories)]


def populate(vault: Vault, client_ids: dict[str, int], today: date) -> None:
    """Write the demo goals for each demo client in ``client_ids`` (code → id)."""
    for code, client_id in client_ids.items():
        context = goal_context(vault, client_id, on=today)
        for demo in GOALS.get(code, []):
            start = today - timedelta(days=demo.started)
            values = dict(demo.values)
            if "ladder" in values:
                values["ladder"] = [
                    (today - timedelta(days=ago), amount) for ago, amount in values["ladder"]
                ]
            values["start_on"] = start
            values["review_on"] = (
                None if demo.review_in is None else today + timedelta(days=demo.review_in)
            )
            values["factor_ids"] = _linked(context, demo.factors)
            goal = create_goal(vault, client_id, demo.kind, values, on=start)
            assert goal.id is not None
            for revision in demo.revisions:
                on = today - timedelta(days=revision.days_ago)
                if revision.step_back:
                    step_back(vault, goal.id, revision.reason, on=on)
                    continue
                changes = dict(revision.changes)
                if "review_on" in changes:
                    changes["review_on"] = today + timedelta(days=changes["review_on"])
                revise_goal(vault, goal.id, changes, revision.reason, on=on)
