"""Every built-in vocabulary in one place. The counselor can extend the editable lists (factor
categories, substances, routes, safer-use strategies); their additions live in the vault
(``vocab_term``) and are merged with these by :mod:`hrtui.store.vocab`.

Wording follows ../shared/DOMAIN.md: person-first, and a goal never "fails".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
# Each item: its group (a need, or a substance), its label, one line of why it helps, and the
# substance families it concerns (see :func:`substance_family`; empty: it concerns anyone).
# Goal plans and log entries store labels, so a label on the menu never changes; new items are
# added after the original ones of their group ("Overdose", "Infections", "Alcohol", "General").

ALCOHOL, BENZODIAZEPINES, GHB, OPIOIDS = "alcohol", "benzodiazepines", "ghb", "opioids"
GABAPENTINOIDS, STIMULANTS, MDMA, KETAMINE = "gabapentinoids", "stimulants", "mdma", "ketamine"
CANNABIS, TOBACCO, HALLUCINOGENS, INHALANTS = "cannabis", "tobacco", "hallucinogens", "inhalants"
#: Families whose effects add up to slowed breathing: mixing them is how many overdoses happen.
DEPRESSANTS = frozenset({ALCOHOL, BENZODIAZEPINES, GHB, OPIOIDS, GABAPENTINOIDS})
_DRUGS_BOUGHT = frozenset({OPIOIDS, BENZODIAZEPINES, GHB, STIMULANTS, MDMA, KETAMINE,
                           HALLUCINOGENS})  # fmt: skip
_INJECTED = frozenset({OPIOIDS, STIMULANTS})
_SMOKED_SNORTED = frozenset({OPIOIDS, STIMULANTS, KETAMINE, MDMA})


@dataclass(frozen=True)
class MenuItem:
    """One option on the menu: ``label`` under ``group``, ``why`` it helps, the substance
    families it concerns (empty: anyone)."""

    group: str
    label: str
    why: str = ""
    substances: frozenset[str] = frozenset()


def _items(group: str, *rows: tuple[str, str, frozenset[str]]) -> tuple[MenuItem, ...]:
    return tuple(MenuItem(group, label, why, subs) for label, why, subs in rows)


_ANYONE: frozenset[str] = frozenset()
MENU: tuple[MenuItem, ...] = (
    *_items(
        "Overdose",
        ("Naloxone on hand, and people around know where it is",
         "Naloxone reverses an opioid overdose, but only if someone can reach it in time.",
         frozenset({OPIOIDS})),
        ("Never use alone (a spotter or a never-use-alone line)",
         "Someone who knows can call for help and give naloxone if breathing slows.",
         DEPRESSANTS | _DRUGS_BOUGHT),
        ("Fentanyl test strips (they show presence, not amount)",
         "They show fentanyl is there, so the dose can be cut or someone can stand by.",
         _DRUGS_BOUGHT),
        ("Start low, go slow",
         "A small first amount shows how strong a batch is before the full dose.",
         _DRUGS_BOUGHT),
        ("Don't mix depressants (alcohol, benzodiazepines, opioids, gabapentin)",
         "Together they slow breathing far more than each one alone.",
         DEPRESSANTS),
        ("Use less after a break (jail, hospital, detox): tolerance drops",
         "After days without use the body cannot take the old amount; the old dose can stop "
         "breathing.",
         DEPRESSANTS),
        ("A test dose first: a small amount, then wait",
         "Batches vary; a test dose shows how strong this one is before taking more.",
         _DRUGS_BOUGHT),
        ("Know an overdose: no response, slow or no breathing, blue lips",
         "Spotting it early gives time to act.",
         DEPRESSANTS | _DRUGS_BOUGHT),
        ("In an overdose: call emergency services, rescue breathing, recovery position",
         "Breathing for the person and keeping the airway open keeps them alive until help "
         "comes.",
         DEPRESSANTS | _DRUGS_BOUGHT),
        ("Naloxone does not reverse xylazine or benzodiazepines: keep up rescue breathing",
         "When naloxone does not wake someone, breathing support still saves lives.",
         frozenset({OPIOIDS, BENZODIAZEPINES})),
        ("Xylazine and nitazene awareness",
         "These are found in the opioid supply: nitazenes are far stronger than heroin, and "
         "xylazine causes deep sedation and wounds.",
         frozenset({OPIOIDS, BENZODIAZEPINES})),
        ("Drug-checking services",
         "A drug-checking service shows what is in a sample and how strong it is.",
         _DRUGS_BOUGHT),
    ),
    *_items(
        "Infections",
        ("New sterile supplies each time",
         "New supplies prevent HIV, hepatitis C and skin infections.",
         _INJECTED),
        ("A safer route than injecting",
         "Smoking or swallowing cuts the risk of infections and of overdose.",
         _INJECTED),
        ("Don't share any equipment (pipes, straws, cookers, water)",
         "Hepatitis C spreads through shared pipes, straws, cookers and water, not only "
         "needles.",
         _INJECTED | _SMOKED_SNORTED),
        ("Safer smoking and snorting supplies",
         "Your own pipe, mouthpiece or straw avoids burns, cuts and shared blood.",
         _SMOKED_SNORTED),
        ("Sharps disposal",
         "A sharps bin keeps the person and others safe from needle injuries.",
         _INJECTED),
        ("Vein and wound care",
         "Rotating sites, washing the skin first and early wound care prevent abscesses and "
         "lasting damage.",
         _INJECTED),
    ),
    *_items(
        "Alcohol",
        ("A glass of water with each drink",
         "Water slows the drinking and eases the next day.",
         frozenset({ALCOHOL})),
        ("Eat before drinking",
         "Food slows how fast alcohol reaches the blood.",
         frozenset({ALCOHOL})),
        ("Space drinks out",
         "Time between drinks keeps the level in the blood lower.",
         frozenset({ALCOHOL})),
        ("Designated driver or a ride plan",
         "A plan made sober keeps everyone off the road after drinking.",
         frozenset({ALCOHOL})),
        ("Set a drink limit before starting",
         "A limit decided in advance is easier to keep than one decided while drinking.",
         frozenset({ALCOHOL})),
        ("Count drinks as you go",
         "Counting keeps the limit in sight; the total is easy to lose track of.",
         frozenset({ALCOHOL})),
        ("Avoid shots and drinking games",
         "They raise the amount quickly, before its effect is felt.",
         frozenset({ALCOHOL})),
    ),
    *_items(
        "Stimulants and MDMA",
        ("Sleep and eat between sessions",
         "Rest and food let the body recover and ease the low afterwards.",
         frozenset({STIMULANTS, MDMA})),
        ("Take breaks to cool down",
         "Overheating is a main danger with stimulants and MDMA.",
         frozenset({STIMULANTS, MDMA})),
        ("Sip water, but not too much",
         "Too much water with MDMA can be dangerous; about a glass an hour is enough.",
         frozenset({STIMULANTS, MDMA})),
    ),
    *_items(
        "GHB",
        ("Time GHB doses: write down when, and wait before taking more",
         "The gap between a dose that works and one that knocks a person out is small.",
         frozenset({GHB})),
        ("Never mix GHB with alcohol",
         "Together they can stop breathing, even at doses taken safely alone.",
         frozenset({GHB, ALCOHOL})),
    ),
    *_items(
        "Stopping safely",
        ("Don't stop suddenly after heavy daily alcohol, benzodiazepine or GHB use",
         "Stopping suddenly can cause seizures; a taper with medical support is safer.",
         frozenset({ALCOHOL, BENZODIAZEPINES, GHB})),
    ),
    *_items(
        "Treatment and health",
        ("Methadone or buprenorphine (opioid treatment)",
         "They ease withdrawal and craving and greatly lower the risk of dying from overdose.",
         frozenset({OPIOIDS})),
        ("Naltrexone (ask a prescriber)",
         "It can ease cravings for alcohol; for opioids it is started only after a break, with "
         "a prescriber.",
         frozenset({ALCOHOL, OPIOIDS})),
        ("HIV and hepatitis testing",
         "Knowing early means treatment early; hepatitis C can be cured.",
         _INJECTED | _SMOKED_SNORTED),
        ("PrEP (medicine that prevents HIV)",
         "Taken as prescribed, it prevents HIV from sex or shared equipment.",
         _ANYONE),
        ("Vaccination (hepatitis A and B, tetanus)",
         "Vaccines protect against infections that often come with use.",
         _ANYONE),
    ),
    *_items(
        "General",
        ("Set a spending limit",
         "A limit set in advance protects money for rent and food.",
         _ANYONE),
        ("Plan a safe place",
         "A known, safe place lowers the risk of harm from others and of using alone.",
         _ANYONE),
        ("Tell someone your plan",
         "Someone who knows the plan can check in and help if things go wrong.",
         _ANYONE),
    ),
)  # fmt: skip

#: The groups in the order the menu shows them: needs first, then substances, then the rest.
STRATEGY_CONCERNS = tuple(dict.fromkeys(item.group for item in MENU))
STRATEGIES: dict[str, tuple[str, ...]] = {
    group: tuple(item.label for item in MENU if item.group == group) for group in STRATEGY_CONCERNS
}
_MENU_BY_LABEL = {item.label.casefold(): item for item in MENU}


def menu_item(label: str) -> MenuItem | None:
    """The built-in item with this label (any case), or None for the counselor's own."""
    return _MENU_BY_LABEL.get(label.casefold())


# -- substance families: names and synonyms --------------------------------------------------------

#: A word in a substance name → its family. Matched word by word after case folding, so
#: "Opioids (heroin)", "heroin", "Xanax 2mg" and "white wine" all find their family.
SUBSTANCE_WORDS: dict[str, str] = {
    **dict.fromkeys(("alcohol", "beer", "beers", "wine", "wines", "spirits", "liquor", "vodka",
                     "whisky", "whiskey", "gin", "rum", "cider", "booze", "drink", "drinks",
                     "lager", "ale", "tequila", "brandy", "sake"), ALCOHOL),
    **dict.fromkeys(("benzodiazepine", "benzodiazepines", "benzo", "benzos", "diazepam",
                     "valium", "alprazolam", "xanax", "xannies", "lorazepam", "ativan",
                     "clonazepam", "klonopin", "rivotril", "temazepam", "oxazepam",
                     "chlordiazepoxide", "librium", "etizolam", "bromazolam", "nitrazepam",
                     "flualprazolam", "midazolam"), BENZODIAZEPINES),
    **dict.fromkeys(("ghb", "gbl", "bdo", "butanediol", "g"), GHB),
    **dict.fromkeys(("opioid", "opioids", "opiate", "opiates", "heroin", "fentanyl",
                     "fentanil", "oxycodone", "oxycontin", "oxy", "oxys", "hydrocodone",
                     "morphine", "methadone", "buprenorphine", "suboxone", "subutex",
                     "codeine", "tramadol", "tapentadol", "hydromorphone", "dilaudid",
                     "nitazene", "nitazenes", "opium", "percocet", "vicodin", "kratom"), OPIOIDS),
    **dict.fromkeys(("gabapentin", "pregabalin", "lyrica", "neurontin"), GABAPENTINOIDS),
    **dict.fromkeys(("methamphetamine", "meth", "crystal", "ice", "amphetamine",
                     "amphetamines", "speed", "cocaine", "coke", "crack"), STIMULANTS),
    **dict.fromkeys(("mdma", "ecstasy", "molly", "xtc"), MDMA),
    **dict.fromkeys(("ketamine", "ket", "k"), KETAMINE),
    **dict.fromkeys(("cannabis", "weed", "marijuana", "joint", "joints", "thc"), CANNABIS),
    **dict.fromkeys(("tobacco", "nicotine", "cigarette", "cigarettes", "vape"), TOBACCO),
    **dict.fromkeys(("hallucinogens", "lsd", "psilocybin", "mushrooms", "shrooms", "dmt"),
                    HALLUCINOGENS),
    **dict.fromkeys(("inhalants", "poppers", "nitrous"), INHALANTS),
}  # fmt: skip
#: Single letters count only when they are the whole name ("G", "K"), never inside a longer one.
_WHOLE_NAME_ONLY = {"g", "k"}
FAMILY_LABELS = {
    ALCOHOL: "alcohol",
    BENZODIAZEPINES: "benzodiazepines",
    GHB: "GHB/GBL",
    OPIOIDS: "opioids",
    GABAPENTINOIDS: "gabapentin or pregabalin",
    STIMULANTS: "stimulants",
    MDMA: "MDMA",
    KETAMINE: "ketamine",
    CANNABIS: "cannabis",
    TOBACCO: "tobacco",
    HALLUCINOGENS: "hallucinogens",
    INHALANTS: "inhalants",
}


def substance_family(name: str | None) -> str | None:
    """The family of a substance as typed or as on the list: "Opioids (heroin)", "heroin",
    "Fentanyl" → "opioids"; "beer" → "alcohol"; "Xanax" → "benzodiazepines"; "GBL" → "ghb".
    None when no word of the name is known. The first known word wins, so "Crack cocaine" is
    a stimulant and "Methadone / buprenorphine (not as prescribed)" an opioid."""
    words = re.findall(r"[a-z0-9]+", (name or "").casefold())
    for word in words:
        if word in _WHOLE_NAME_ONLY and len(words) > 1:
            continue
        if word in SUBSTANCE_WORDS:
            return SUBSTANCE_WORDS[word]
    return None


def substance_families(names: Iterable[str]) -> set[str]:
    """The families of several substances (unknown names left out)."""
    return {f for f in map(substance_family, names) if f is not None}


@dataclass(frozen=True)
class MenuChoice:
    """An option as :func:`menu_for` lists it. ``relevant``: it concerns one of the client's
    substances or anyone; ``own``: the counselor added it (no why, concerns anyone)."""

    group: str
    label: str
    why: str
    substances: frozenset[str]
    relevant: bool
    own: bool = False


def menu_for(
    substances: Iterable[str], menu: Mapping[str, Iterable[str]] | None = None
) -> list[MenuChoice]:
    """The whole menu, the options that fit the client's substances first.

    ``substances`` are names as typed or listed ("Alcohol", "heroin"); ``menu`` is the menu as
    stored (group → labels, :func:`hrtui.store.vocab.terms`; default the built-in one), so the
    counselor's own options are in it too. Order: options for one of these substances, then
    options for anyone (the general ones and the counselor's own), then the rest; within each,
    the menu's own order. Every option is in the list: nothing is hidden, only ordered.
    """
    families = substance_families(substances)
    groups = menu if menu is not None else STRATEGIES
    choices: list[MenuChoice] = []
    seen: set[str] = set()
    for group, labels in groups.items():
        for label in labels:
            if label.casefold() in seen:
                continue
            seen.add(label.casefold())
            item = menu_item(label)
            subs = item.substances if item is not None else frozenset()
            choices.append(
                MenuChoice(
                    group=group,
                    label=label,
                    why=item.why if item is not None else "",
                    substances=subs,
                    relevant=not subs or bool(subs & families),
                    own=item is None,
                )
            )
    rank = [(0 if c.substances and c.relevant else 1 if c.relevant else 2) for c in choices]
    order = sorted(range(len(choices)), key=lambda i: rank[i])
    return [choices[i] for i in order]


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

# -- safety (issue #17) --------------------------------------------------------------------------
#: A stay away from use before a day of use: tolerance may have dropped (use_entry.after_stay,
#: review.after_stay; '' for none).
STAYS = {
    "hospital": "Hospital",
    "prison": "Prison or jail",
    "treatment": "Treatment or detox",
    "other": "Another stay away from use",
}
STAY_PHRASES = {
    "hospital": "a stay in hospital",
    "prison": "a stay in prison or jail",
    "treatment": "a stay in treatment or detox",
    "other": "a stay away from use",
}

# -- relapse review ----------------------------------------------------------------------------
TOO_AMBITIOUS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
REVIEW_STATUSES = {"draft": "In progress", "finished": "Finished"}
#: What kind of day a review looks at (chosen from the data, editable).
REVIEW_KINDS = {
    "over_plan": "A day over the plan",
    "heavier": "A heavier day",
    "after_break": "Use after a break",
    "pattern": "A return to a pattern",
}


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
