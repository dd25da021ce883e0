"""Safety prompts (issue #17): the withdrawal rule for goals, the tolerance rule after a break,
substance names and synonyms, the menu of options per substance, the settings, the prompt kept
with a goal, and migration 008 on an existing vault."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from conftest import ORDINARY_DAY, PASSPHRASE
from helpers import stigma_in

from hrtui.domain import safety as rules
from hrtui.domain import vocab
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import BaselineInput
from hrtui.domain.safety import GoalPlan, LogDay, ShownPrompt, UsualUse
from hrtui.domain.uselog import EntryInput
from hrtui.store import goals, intake, safety, schema, settings, uselog
from hrtui.store import vocab as vocab_store
from hrtui.store.clients import add_client
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.vault import Vault, connect

DAY = ORDINARY_DAY.date()  # the goal starts on this day in the domain table
DR = vocab.STANDARD_DRINKS


def days(n: int) -> date:
    return DAY + timedelta(days=n)


def daily(amount: float | None, unit: str, count: int = 14, every: int = 1) -> list[LogDay]:
    """Use on every ``every``-th day of the ``count`` days before DAY."""
    return [
        LogDay(days(-n), used=(n % every == 0), amount=amount if n % every == 0 else None,
               unit=unit)
        for n in range(1, count + 1)
    ]  # fmt: skip


@dataclass
class Case:
    id: str
    plan: GoalPlan
    usual: UsualUse | None = None
    log: list[LogDay] = field(default_factory=list)
    expected: str | None = None  # the prompt's kind, or None for no prompt


def plan(kind: str, substance: str, **kw) -> GoalPlan:
    return GoalPlan(kind=kind, substance=substance, start_on=DAY, **kw)


HEAVY_ALCOHOL = UsualUse(14, DR, 7)
DAILY_BENZO = UsualUse(None, "mg", 7)

CASES = [
    Case("14 drinks a day → abstinence", plan("abstinence", "Alcohol"), HEAVY_ALCOHOL,
         expected=rules.WITHDRAWAL),
    Case("4 drinks a day, daily → abstinence", plan("abstinence", "Alcohol"), UsualUse(4, DR, 7)),
    Case("10 drinks on 3 days a week → abstinence", plan("abstinence", "Alcohol"),
         UsualUse(10, DR, 3)),
    Case("8 drinks on 5 days (both limits) → abstinence", plan("abstinence", "Alcohol"),
         UsualUse(8, DR, 5), expected=rules.WITHDRAWAL),
    Case("14 drinks → reduce to 12 (a small cut)",
         plan("reduce", "Alcohol", target_amount=12, period="per_use_day", unit=DR),
         HEAVY_ALCOHOL),
    Case("14 drinks → reduce to 6 at once",
         plan("reduce", "Alcohol", target_amount=6, period="per_use_day", unit=DR),
         HEAVY_ALCOHOL, expected=rules.WITHDRAWAL),
    Case("benzodiazepine ladder 6 → 3 → 0 over three days",
         plan("stepdown", "Benzodiazepines", period="per_use_day", unit="mg", baseline_amount=6,
              ladder=((days(0), 6), (days(1), 3), (days(2), 0))),
         DAILY_BENZO, expected=rules.WITHDRAWAL),
    Case("benzodiazepine ladder 6 → 0 by one mg a fortnight",
         plan("stepdown", "Benzodiazepines", period="per_use_day", unit="mg", baseline_amount=6,
              ladder=tuple((days(14 * i), 6 - i) for i in range(7))),
         DAILY_BENZO),
    Case("Xanax (a synonym) daily → abstinence", plan("abstinence", "Xanax"), UsualUse(2, "mg", 7),
         expected=rules.WITHDRAWAL),
    Case("GBL daily → abstinence", plan("abstinence", "GBL"), UsualUse(3, "ml", 7),
         expected=rules.WITHDRAWAL),
    Case("heroin daily → abstinence", plan("abstinence", "heroin"), UsualUse(2, "bags", 7),
         expected=rules.OPIOID_WITHDRAWAL),
    Case("fentanyl daily → reduce by half",
         plan("reduce", "Fentanyl", target_amount=2, period="per_use_day", unit="points"),
         UsualUse(4, "points", 6), expected=rules.OPIOID_WITHDRAWAL),
    Case("cannabis daily → abstinence", plan("abstinence", "Cannabis"), UsualUse(5, "joints", 7)),
    Case("no baseline; the log shows 10 drinks on 6 of 7 days", plan("abstinence", "Alcohol"),
         None, daily(10, DR, 7)[:6], expected=rules.WITHDRAWAL),
    Case("no baseline; the log shows 10 drinks every other day", plan("abstinence", "Alcohol"),
         None, daily(10, DR, 14, every=2)),
    Case("no baseline; heavy log in another unit counts as not counted",
         plan("abstinence", "beer"), None, daily(3, "pints", 7), expected=rules.WITHDRAWAL),
    Case("daily benzodiazepines of unknown amount; ladder to 0 in 10 days",
         plan("stepdown", "Benzodiazepines", period="per_use_day", unit="pills",
              ladder=((days(0), 4), (days(5), 2), (days(10), 0))),
         UsualUse(None, "pills", 7), expected=rules.WITHDRAWAL),
    Case("a safer-use goal never prompts", plan("safer", "Alcohol"), HEAVY_ALCOHOL),
    Case("heavy use in the log, but more than 2 weeks ago", plan("abstinence", "Alcohol"), None,
         [LogDay(days(-20 - n), True, 12, DR) for n in range(7)]),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_withdrawal_prompt_table(case: Case):
    prompt = rules.withdrawal_prompt(case.plan, case.usual, case.log, DAY)
    assert (prompt.kind if prompt else None) == case.expected
    if prompt is not None:
        assert prompt.title and prompt.sentences and prompt.suggestion
        assert "medical support" in prompt.suggestion
        assert "client's choice" in prompt.suggestion  # never a block
        assert prompt.text.splitlines() == list(prompt.lines)


def test_withdrawal_prompts_say_plainly_why_and_what():
    alcohol = rules.withdrawal_prompt(CASES[0].plan, HEAVY_ALCOHOL, [], DAY)
    assert alcohol is not None
    assert alcohol.title == "Stopping alcohol after heavy daily use can be dangerous"
    assert alcohol.sentences[0] == (
        "The intake baseline shows 14 standard drinks a day on 7 days a week."
    )
    assert alcohol.sentences[1] == f"This goal stops it completely from {DAY.isoformat()}."
    assert "seizures" in alcohol.sentences[2] and "6 to 24 hours" in alcohol.sentences[2]
    ladder = rules.withdrawal_prompt(CASES[6].plan, DAILY_BENZO, [], DAY)
    assert ladder is not None and ladder.title.startswith("Cutting down fast on benzodiazepines")
    assert "from 6 to 3 within a week" in ladder.sentences[1]
    opioid = rules.withdrawal_prompt(CASES[10].plan, UsualUse(2, "bags", 7), [], DAY)
    assert opioid is not None
    assert "uncomfortable" in opioid.text and "overdose" in opioid.text
    assert "methadone or buprenorphine" in opioid.suggestion
    assert "seizure" not in opioid.text.casefold()


def test_plan_of_reads_validated_goal_values():
    from hrtui.domain.goals import validate_goal

    values, errors = validate_goal(
        "stepdown",
        {"substance": "Alcohol", "unit": DR, "period": "per_use_day", "baseline_amount": "12",
         "ladder": f"{DAY.isoformat()} 8\n{days(3).isoformat()} 4"},
        DAY,
    )  # fmt: skip
    assert not errors
    p = rules.plan_of(values)
    assert p.ladder == ((DAY, 8.0), (days(3), 4.0)) and p.baseline_amount == 12
    prompt = rules.withdrawal_prompt(p, HEAVY_ALCOHOL, [], DAY)
    assert prompt is not None and prompt.kind == rules.WITHDRAWAL


# -- tolerance ---------------------------------------------------------------------------------


def used(*offsets: int, unit: str = "bags") -> list[LogDay]:
    return [LogDay(days(n), True, 1, unit) for n in offsets]


@pytest.mark.parametrize(
    ("substance", "log", "kw", "shows"),
    [
        ("Opioids (heroin)", used(-10, 0), {}, True),
        ("Opioids (heroin)", used(-3, 0), {}, False),
        ("Opioids (heroin)", used(-8, 0), {}, True),  # exactly 7 days without
        ("Opioids (heroin)", used(-7, 0), {}, False),  # 6 days without
        ("Opioids (heroin)", used(-5, 0), {"break_days": 3}, True),
        ("Opioids (heroin)", used(-2, 0), {"after_stay": "prison"}, True),
        ("Opioids (heroin)", used(0), {}, False),  # no earlier use recorded: nothing to go by
        ("Alcohol", used(-12, 0, unit=DR), {}, True),  # another depressant
        ("Benzodiazepines", used(-9, 0, unit="pills"), {}, True),
        ("Cannabis", used(-30, 0, unit="joints"), {}, False),
        ("Cocaine", used(-30, 0, unit="lines"), {"after_stay": "hospital"}, False),
    ],
)
def test_tolerance_prompt_after_a_break(substance, log, kw, shows):
    prompt = rules.tolerance_prompt(substance, DAY, log, **kw)
    assert (prompt is not None) is shows
    if prompt is not None:
        assert prompt.kind == rules.TOLERANCE
        text = prompt.text
        for words in ("smaller amount", "test dose", "Don't use alone", "naloxone at hand"):
            assert words in text, words


def test_tolerance_prompt_names_the_break_the_stay_and_the_line():
    prompt = rules.tolerance_prompt("Opioids (heroin)", DAY, used(-10, 0))
    assert prompt is not None
    assert prompt.sentences[0] == (
        "This is the first use of Opioids (heroin) recorded after 9 days without."
    )
    assert "your local overdose-prevention line" in prompt.suggestion
    stay = rules.tolerance_prompt("Fentanyl", DAY, used(-1, 0), after_stay="prison",
                                  line="Harbour line 0800 123 456")  # fmt: skip
    assert stay is not None
    assert stay.sentences[0] == "This is use after a stay in prison or jail."
    assert "Harbour line 0800 123 456" in stay.suggestion
    one = rules.tolerance_prompt("Fentanyl", DAY, used(-2, 0), break_days=1)
    assert one is not None and "after 1 day without" in one.sentences[0]


def test_log_days_adds_up_a_family_and_keeps_no_use_days():
    @dataclass
    class E:
        day: date
        substance: str
        no_use: bool = False
        amount: float | None = None
        unit: str = ""

    entries = [
        E(days(-3), "Beer", amount=2, unit=DR),
        E(days(-3), "Wine", amount=3, unit=DR),
        E(days(-2), "Alcohol", no_use=True),
        E(days(-1), "", no_use=True),
        E(days(-1), "Cannabis", amount=1, unit="joints"),
    ]
    got = rules.log_days(entries, "Alcohol")
    assert got == [
        LogDay(days(-3), True, 5, DR),
        LogDay(days(-2), False),
        LogDay(days(-1), False),
    ]


# -- substance names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Alcohol", vocab.ALCOHOL), ("beer", vocab.ALCOHOL), ("white wine", vocab.ALCOHOL),
        ("Benzodiazepines", vocab.BENZODIAZEPINES), ("diazepam", vocab.BENZODIAZEPINES),
        ("Xanax 2mg", vocab.BENZODIAZEPINES), ("benzos", vocab.BENZODIAZEPINES),
        ("Opioids (heroin)", vocab.OPIOIDS), ("heroin", vocab.OPIOIDS),
        ("Fentanyl", vocab.OPIOIDS), ("oxycodone", vocab.OPIOIDS),
        ("Prescription opioids", vocab.OPIOIDS),
        ("Methadone / buprenorphine (not as prescribed)", vocab.OPIOIDS),
        ("GHB", vocab.GHB), ("GBL", vocab.GHB), ("G", vocab.GHB),
        ("Crack cocaine", vocab.STIMULANTS), ("Methamphetamine", vocab.STIMULANTS),
        ("MDMA", vocab.MDMA), ("Gabapentin", vocab.GABAPENTINOIDS),
        ("Cannabis", vocab.CANNABIS), ("Something else", None), ("", None),
        ("Vitamin G tablets", None),  # a single letter counts only as the whole name
    ],
)  # fmt: skip
def test_substance_family_matches_names_and_synonyms(name, family):
    assert vocab.substance_family(name) == family


def test_every_built_in_substance_has_a_family():
    assert all(vocab.substance_family(name) for name in vocab.SUBSTANCES)


# -- the menu of options -----------------------------------------------------------------------

NEW_ITEMS = [
    "Don't share any equipment (pipes, straws, cookers, water)",
    "Safer smoking and snorting supplies",
    "Sharps disposal",
    "Vein and wound care",
    "Know an overdose: no response, slow or no breathing, blue lips",
    "In an overdose: call emergency services, rescue breathing, recovery position",
    "Naloxone does not reverse xylazine or benzodiazepines: keep up rescue breathing",
    "Xylazine and nitazene awareness",
    "Drug-checking services",
    "A test dose first: a small amount, then wait",
    "Methadone or buprenorphine (opioid treatment)",
    "Naltrexone (ask a prescriber)",
    "HIV and hepatitis testing",
    "PrEP (medicine that prevents HIV)",
    "Vaccination (hepatitis A and B, tetanus)",
    "Sleep and eat between sessions",
    "Take breaks to cool down",
    "Sip water, but not too much",
    "Time GHB doses: write down when, and wait before taking more",
    "Never mix GHB with alcohol",
    "Set a drink limit before starting",
    "Count drinks as you go",
    "Avoid shots and drinking games",
    "Don't stop suddenly after heavy daily alcohol, benzodiazepine or GHB use",
]


def test_menu_has_the_new_options_each_with_why_it_helps():
    labels = [item.label for item in vocab.MENU]
    assert len(labels) == len({x.casefold() for x in labels})
    for label in NEW_ITEMS:
        assert label in labels, label
    for item in vocab.MENU:
        assert item.why.endswith(".") and len(item.why) <= 160, item.label
        assert len(item.label) <= 80, item.label  # fits a counselor term and a plan's label
        assert item.substances <= set(vocab.FAMILY_LABELS), item.label
    # the original items keep their labels and their place (plans and log entries store them)
    assert vocab.STRATEGIES["Overdose"][:2] == (
        "Naloxone on hand, and people around know where it is",
        "Never use alone (a spotter or a never-use-alone line)",
    )
    assert vocab.STRATEGIES["General"][:3] == (
        "Set a spending limit", "Plan a safe place", "Tell someone your plan",
    )  # fmt: skip
    groups = set(vocab.STRATEGY_CONCERNS)
    assert {"Overdose", "Infections", "Alcohol", "General"} <= groups  # by need and substance
    assert {"Stimulants and MDMA", "GHB", "Treatment and health"} <= groups


def _rank(choices, label):
    return [c.label for c in choices].index(label)


def test_menu_for_puts_the_clients_substances_first_and_keeps_everything():
    everything = {item.label for item in vocab.MENU}
    alcohol = vocab.menu_for(["Alcohol"])
    assert {c.label for c in alcohol} == everything  # nothing hidden
    first = [c for c in alcohol if c.relevant and c.substances]
    assert "Set a drink limit before starting" in {c.label for c in first}
    assert _rank(alcohol, "Set a drink limit before starting") < _rank(alcohol, "Sharps disposal")
    assert not next(c for c in alcohol if c.label == "Sharps disposal").relevant
    # general options come after the substance's own, before options for other substances
    assert (_rank(alcohol, "Avoid shots and drinking games")
            < _rank(alcohol, "Set a spending limit")
            < _rank(alcohol, "Vein and wound care"))  # fmt: skip

    heroin = vocab.menu_for(["heroin"])
    top = [c.label for c in heroin[:15]]
    assert "Naloxone on hand, and people around know where it is" in top
    assert "Xylazine and nitazene awareness" in top
    assert _rank(heroin, "Vein and wound care") < _rank(heroin, "Count drinks as you go")

    ghb = vocab.menu_for(["GBL"])
    assert _rank(ghb, "Never mix GHB with alcohol") < _rank(ghb, "Set a spending limit")
    stimulants = vocab.menu_for(["Crack cocaine"])
    assert _rank(stimulants, "Take breaks to cool down") < _rank(stimulants, "Plan a safe place")
    nobody = vocab.menu_for([])
    assert [c.label for c in nobody if c.relevant] == [
        i.label for i in vocab.MENU if not i.substances
    ]
    assert "Set a spending limit" in [c.label for c in nobody if c.relevant]


def test_menu_for_includes_the_counselors_own_options(vault):
    vocab_store.add_term(vault, vocab.STRATEGY, "General", "Call my sponsor first")
    menu = vocab_store.terms(vault, vocab.STRATEGY)
    choices = vocab.menu_for(["Alcohol"], menu)
    own = next(c for c in choices if c.label == "Call my sponsor first")
    assert own.own and own.relevant and own.why == ""
    assert _rank(choices, "Count drinks as you go") < _rank(choices, "Call my sponsor first")


def test_a_counselor_option_the_menu_has_gained_is_listed_once(vault):
    """A vault where the counselor typed one of the new items under another group before it was
    built in: the menu lists it once, where the built-in menu puts it (no migration needed: the
    built-in menu is not stored, only the counselor's additions)."""
    from hrtui.store.models import VocabTerm

    with vault.session() as session:
        session.add(VocabTerm(kind=vocab.STRATEGY, grp="General", label="sharps disposal",
                              created_at=ORDINARY_DAY.replace(tzinfo=None)))  # fmt: skip
    menu = vocab_store.terms(vault, vocab.STRATEGY)
    everywhere = [label for labels in menu.values() for label in labels]
    assert [x for x in everywhere if x.casefold() == "sharps disposal"] == ["Sharps disposal"]
    assert "Sharps disposal" in menu["Infections"]


# -- the words ---------------------------------------------------------------------------------


def every_prompt_text() -> list[str]:
    texts = []
    for case in CASES:
        prompt = rules.withdrawal_prompt(case.plan, case.usual, case.log, DAY)
        if prompt is not None:
            texts += [prompt.title, *prompt.lines]
    for stay in ("", *vocab.STAYS):
        prompt = rules.tolerance_prompt("Fentanyl", DAY, used(-10, 0), after_stay=stay)
        assert prompt is not None
        texts += [prompt.title, *prompt.lines]
    texts += [item.label for item in vocab.MENU] + [item.why for item in vocab.MENU]
    texts += list(vocab.STAYS.values()) + list(rules.PROMPT_KINDS.values())
    return texts


def test_every_new_sentence_is_person_first():
    texts = every_prompt_text()
    assert len(texts) > 80
    assert stigma_in(texts) == []


def test_the_language_check_catches_stigma():
    assert stigma_in(["He is an addict", "a clean test", "the plan failed", "she relapsed"]) == [
        "He is an addict", "a clean test", "the plan failed", "she relapsed",
    ]  # fmt: skip


# -- settings ----------------------------------------------------------------------------------


def test_tolerance_and_overdose_line_settings_round_trip(vault):
    assert settings.tolerance_days(vault) == 7
    assert settings.overdose_line(vault) == ""
    assert settings.set_tolerance_days(vault, " 10 ") == 10
    assert settings.tolerance_days(vault) == 10
    for bad in ("0", "91", "seven", ""):
        with pytest.raises(Invalid) as info:
            settings.set_tolerance_days(vault, bad)
        assert "tolerance_days" in info.value.errors
    assert settings.tolerance_days(vault) == 10
    assert settings.set_overdose_line(vault, "  Harbour line 0800 123 456 ") == (
        "Harbour line 0800 123 456"
    )
    assert settings.overdose_line(vault) == "Harbour line 0800 123 456"
    with pytest.raises(Invalid):
        settings.set_overdose_line(vault, "two\nlines")
    with pytest.raises(Invalid):
        settings.set_overdose_line(vault, "x" * 121)
    assert settings.set_overdose_line(vault, "") == ""


# -- the store ---------------------------------------------------------------------------------


@pytest.fixture
def cid(vault):
    return add_client(vault, ClientInput("SAF-01", "Robin")).id


def log_use(vault, cid, day, substance, amount, unit):
    return uselog.add_entry(
        vault, cid, EntryInput(day=day, substance=substance, amount=amount, unit=unit), today=day
    )


def test_withdrawal_check_reads_the_baseline_and_the_log(vault, cid, clock):
    today = clock.today
    abstinence = {"substance": "Alcohol", "start_on": today.isoformat()}
    assert safety.withdrawal_check(vault, cid, "abstinence", abstinence) is None
    for n in range(1, 7):
        log_use(vault, cid, today - timedelta(days=n), "Alcohol", 12, DR)
    prompt = safety.withdrawal_check(vault, cid, "abstinence", abstinence)
    assert prompt is not None and prompt.kind == rules.WITHDRAWAL
    assert "The log shows 8 or more standard drinks" in prompt.sentences[0]
    # a gentle reduce goal: no prompt; a steep one: the prompt (from the log's average)
    gentle = {"substance": "Alcohol", "unit": DR, "period": "per_use_day", "target_amount": "10"}
    steep = {**gentle, "target_amount": "4"}
    assert safety.withdrawal_check(vault, cid, "reduce", gentle) is None
    assert safety.withdrawal_check(vault, cid, "reduce", steep) is not None
    # an incomplete form gives no prompt (the save shows what is missing)
    assert safety.withdrawal_check(vault, cid, "reduce", {"substance": "Alcohol"}) is None


def test_withdrawal_check_uses_the_latest_baseline_of_the_family(vault, cid, clock):
    intake.add_baseline(vault, cid, BaselineInput("Benzodiazepines", ("Swallowed",), "4",
                                                  "pills", "7"))  # fmt: skip
    prompt = safety.withdrawal_check(vault, cid, "abstinence", {"substance": "diazepam"})
    assert prompt is not None and prompt.kind == rules.WITHDRAWAL
    assert "4 pills a day on 7 days a week" in prompt.sentences[0]


def test_a_goal_keeps_the_prompt_shown_when_it_was_saved(vault, cid, clock):
    values = {"substance": "Alcohol", "start_on": clock.today.isoformat()}
    intake.add_baseline(vault, cid, BaselineInput("Alcohol", ("Swallowed",), "14", DR, "7"))
    prompt = safety.withdrawal_check(vault, cid, "abstinence", values)
    assert prompt is not None
    shown_at = clock.now().replace(tzinfo=None, microsecond=0)
    goal = goals.create_goal(vault, cid, "abstinence", values,
                             shown_prompt=ShownPrompt(prompt, shown_at))  # fmt: skip
    kept = safety.goal_prompts(vault, goal.id)
    assert [(k.kind, k.title, k.text, k.shown_at) for k in kept] == [
        (rules.WITHDRAWAL, prompt.title, prompt.text, shown_at)
    ]
    other = goals.create_goal(vault, cid, "abstinence", {"substance": "Cannabis"})
    assert safety.goal_prompts(vault, other.id) == []
    # saving the form again after the prompt showed again keeps a second record
    again = ShownPrompt(prompt, shown_at + timedelta(minutes=5))
    goals.update_goal(vault, goal.id, {"client_words": "One day at a time"}, shown_prompt=again)
    assert len(safety.goal_prompts(vault, goal.id)) == 2


def test_tolerance_for_a_log_entry_uses_the_settings(vault, cid, clock):
    today = clock.today
    log_use(vault, cid, today - timedelta(days=6), "Opioids (heroin)", 2, "bags")
    entry = log_use(vault, cid, today, "Opioids (heroin)", 2, "bags")
    assert safety.tolerance_for_entry(vault, cid, entry.id) is None  # 5 days without
    settings.set_tolerance_days(vault, "4")
    settings.set_overdose_line(vault, "Harbour line")
    prompt = safety.tolerance_for_entry(vault, cid, entry.id)
    assert prompt is not None and "after 5 days without" in prompt.sentences[0]
    assert "Harbour line" in prompt.suggestion


def test_an_entry_marked_after_a_stay_shows_the_tolerance_prompt(vault, cid, clock):
    today = clock.today
    log_use(vault, cid, today - timedelta(days=1), "Fentanyl", 1, "points")
    entry = log_use(vault, cid, today, "Fentanyl", 1, "points")
    assert safety.tolerance_for_entry(vault, cid, entry.id) is None
    assert safety.entry_stay(vault, cid, entry.id) == ""
    stored = safety.set_entry_stay(vault, cid, entry.id, "treatment")
    assert stored.after_stay == "treatment"
    assert safety.entry_stay(vault, cid, entry.id) == "treatment"
    prompt = safety.tolerance_for_entry(vault, cid, entry.id)
    assert prompt is not None and "a stay in treatment or detox" in prompt.sentences[0]
    with pytest.raises(Invalid):
        safety.set_entry_stay(vault, cid, entry.id, "holiday")
    # editing the entry in the use log keeps the mark
    uselog.update_entry(vault, cid, entry.id,
                        EntryInput(day=today, substance="Fentanyl", amount=2, unit="points"),
                        today=today)  # fmt: skip
    assert safety.tolerance_for_entry(vault, cid, entry.id) is not None
    assert safety.entry_stay(vault, cid, entry.id) == "treatment"
    assert safety.set_entry_stay(vault, cid, entry.id, "").after_stay == ""
    with pytest.raises(NotFound):
        safety.entry_stay(vault, cid + 1, entry.id)  # another client's entry is not found


# -- migration 008 on an existing vault --------------------------------------------------------


def test_migration_008_keeps_an_existing_vault_and_adds_the_new_parts(tmp_path, clock):
    path = tmp_path / "v7.db"
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = connect(path, PASSPHRASE, verify_kdf=False)
    stamp = "2027-06-01 10:00:00.000000"
    try:
        schema.migrate(conn, target=7)
        conn.execute(
            "INSERT INTO client (id, code, display_name, created_at, updated_at)"
            " VALUES (1, 'OLD-1', 'Old', ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO goal (id, client_id, kind, title, substance, start_on,"
            " created_at, updated_at) VALUES (1, 1, 'abstinence', 'No alcohol',"
            " 'Alcohol', '2027-06-01', ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO use_entry (id, client_id, day, substance, amount, unit,"
            " created_at, updated_at) VALUES (1, 1, '2027-06-02', 'Alcohol', 3,"
            " 'standard drinks', ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO review (id, client_id, day, created_at, updated_at)"
            " VALUES (1, 1, '2027-06-02', ?, ?)",
            (stamp, stamp),
        )
        conn.execute(
            "INSERT INTO readiness_rating (client_id, rated_on, importance, confidence,"
            " readiness, created_at) VALUES (1, '2027-06-01', 7, 5, 6, ?)",
            (stamp,),
        )
        conn.commit()
    finally:
        conn.close()  # fmt: skip

    v = Vault.open(path, PASSPHRASE)
    try:
        assert v.schema_version() == schema.SCHEMA_VERSION >= 8
        with v.raw() as raw:
            assert raw.execute("SELECT after_stay FROM use_entry").fetchall() == [("",)]
            assert raw.execute("SELECT kind, after_stay, confidence FROM review").fetchall() == [
                (None, "", None)
            ]
            assert raw.execute("SELECT goal_id, behaviour FROM readiness_rating").fetchall() == [
                (None, "")
            ]
        from hrtui.store import reviews

        sheet = reviews.worksheet(v, 1)
        assert sheet.review.kind is None and sheet.coping == [] and sheet.questions == ()
        assert [s.label for s in intake.readiness_by_subject(v, 1)] == ["Change in general"]
        assert safety.goal_prompts(v, 1) == []
        assert intake.list_balances(v, 1) == []
        # the new parts work on the upgraded vault
        safety.set_entry_stay(v, 1, 1, "hospital")
        assert safety.tolerance_for_entry(v, 1, 1) is not None
    finally:
        v.close()


def test_deleting_a_client_removes_the_new_records(vault, cid, clock):
    from hrtui.store.maintenance import delete_client

    values = {"substance": "Alcohol"}
    prompt = rules.tolerance_prompt("Fentanyl", clock.today, used(-10, 0))
    shown = ShownPrompt(prompt, clock.now().replace(tzinfo=None))
    goal = goals.create_goal(vault, cid, "abstinence", values, shown_prompt=shown)
    assert safety.goal_prompts(vault, goal.id)
    delete_client(vault, cid, "SAF-01")
    with vault.raw() as raw:
        assert raw.execute("SELECT count(*) FROM goal_safety_prompt").fetchone() == (0,)
