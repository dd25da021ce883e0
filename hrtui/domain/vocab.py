"""Every built-in vocabulary in one place. The counselor can extend the editable lists (factor
categories, substances, routes, safer-use strategies); their additions live in the vault
(``vocab_term``) and are merged with these by :mod:`hrtui.store.vocab`.

Wording follows ../shared/DOMAIN.md: person-first, and a goal never "fails".
"""

from __future__ import annotations

# -- kinds of editable vocabulary (vocab_term.kind) --------------------------------------------
FACTOR_CATEGORY = "factor_category"
SUBSTANCE = "substance"
ROUTE = "route"
STRATEGY = "strategy"
EDITABLE_KINDS = (FACTOR_CATEGORY, SUBSTANCE, ROUTE, STRATEGY)

# -- intake ------------------------------------------------------------------------------------
FACTOR_GROUPS = {"internal": "Internal", "external": "External"}
FACTOR_EFFECTS = {"risk": "Raises risk", "strength": "Strength (protects)"}
FACTOR_WEIGHTS = {0: "0 · not now", 1: "1 · a little", 2: "2 · quite a bit", 3: "3 · a lot"}

FACTOR_CATEGORIES: dict[str, tuple[str, ...]] = {
    "internal": (
        "Mental health",
        "Trauma history",
        "Physical health and pain",
        "Stress and emotions",
        "Beliefs and expectations about use",
        "Coping skills",
        "Cravings",
        "Sleep",
        "What the use does for the person",
    ),
    "external": (
        "Housing",
        "Relationships and family",
        "Social network and peers who use",
        "Work and money",
        "Legal situation",
        "Access to health care and services",
        "Availability and environment",
        "Culture and community",
        "Safety",
    ),
}

# Substance → its usual unit. Alcohol is counted in standard drinks; other units are free text.
SUBSTANCES: dict[str, str] = {
    "Alcohol": "standard drinks",
    "Cannabis": "joints",
    "Tobacco / nicotine": "cigarettes",
    "Opioids (heroin)": "bags",
    "Fentanyl": "points",
    "Prescription opioids": "pills",
    "Methadone / buprenorphine (not as prescribed)": "mg",
    "Methamphetamine": "points",
    "Cocaine": "lines",
    "Crack cocaine": "rocks",
    "Benzodiazepines": "pills",
    "Gabapentin": "pills",
    "MDMA": "pills",
    "Ketamine": "bumps",
    "GHB": "ml",
    "Hallucinogens": "doses",
    "Inhalants": "uses",
}
STANDARD_DRINKS = "standard drinks"

ROUTES = ("Swallowed", "Smoked", "Vaped", "Snorted", "Injected", "Under the tongue", "Other")

# -- the menu of options (safer use) -------------------------------------------------------------
STRATEGY_CONCERNS = ("Overdose", "Infections", "Alcohol", "General")
STRATEGIES: dict[str, tuple[str, ...]] = {
    "Overdose": (
        "Naloxone on hand, and people around know where it is",
        "Never use alone (a spotter or a never-use-alone line)",
        "Fentanyl test strips (they show presence, not amount)",
        "Start low, go slow",
        "Don't mix depressants (alcohol, benzodiazepines, opioids, gabapentin)",
        "Use less after a break (jail, hospital, detox): tolerance drops",
    ),
    "Infections": (
        "New sterile supplies each time",
        "A safer route than injecting",
    ),
    "Alcohol": (
        "A glass of water with each drink",
        "Eat before drinking",
        "Space drinks out",
        "Designated driver or a ride plan",
    ),
    "General": (
        "Set a spending limit",
        "Plan a safe place",
        "Tell someone your plan",
    ),
}

# -- goals -------------------------------------------------------------------------------------
GOAL_KINDS = {
    "reduce": "Reduce use",
    "safer": "Safer use",
    "stepdown": "Step-down",
    "abstinence": "Abstinence",
    "life": "Life and wellbeing",
}
GOAL_STATUSES = {
    "active": "Active",
    "progressing": "Progressing",
    "achieved": "Achieved",
    "revised": "Revised",
    "paused": "Paused",
}
OPEN_GOAL_STATUSES = ("active", "progressing", "revised")
GOAL_PERIODS = {
    "per_use_day": "per use day",
    "per_week": "per week",
    "use_days_per_week": "use days per week",
}
LIFE_AREAS = (
    "Housing",
    "Health",
    "Relationships",
    "Work and money",
    "Education",
    "Legal",
    "Mental health",
    "Community and culture",
    "Other",
)

# -- use log -----------------------------------------------------------------------------------
MOODS = ("Calm", "Good", "Okay", "Low", "Anxious", "Irritable", "Stressed", "Lonely", "Other")

# -- relapse review ----------------------------------------------------------------------------
TOO_AMBITIOUS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
REVIEW_STATUSES = {"draft": "In progress", "finished": "Finished"}


def builtin_terms(kind: str) -> dict[str, tuple[str, ...]]:
    """The built-in terms of an editable vocabulary, by group ('' when it has no groups)."""
    if kind == FACTOR_CATEGORY:
        return dict(FACTOR_CATEGORIES)
    if kind == SUBSTANCE:
        return {"": tuple(SUBSTANCES)}
    if kind == ROUTE:
        return {"": ROUTES}
    if kind == STRATEGY:
        return dict(STRATEGIES)
    raise ValueError(f"unknown vocabulary {kind!r}")


def usual_unit(substance: str) -> str:
    """The usual unit for a substance: standard drinks for alcohol, else the built-in guess."""
    for name, unit in SUBSTANCES.items():
        if name.casefold() == substance.casefold():
            return unit
    return ""
