"""Intake logic: AUDIT-C scoring and bands over every answer, validation, trends, "new since"."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

import pytest

from hrtui.domain.intake import (
    AUDITC_QUESTIONS,
    AuditCInput,
    BaselineInput,
    FactorInput,
    ReadinessInput,
    amount_with_unit,
    auditc_answer,
    auditc_band,
    auditc_score,
    baseline_line,
    change_words,
    merge_routes,
    since_line,
    since_tag,
    split_routes,
    trend,
    validate_auditc,
    validate_baseline,
    validate_factor,
    validate_readiness,
    weight_dots,
)

TODAY = date(2026, 3, 10)
STIGMA = re.compile(
    r"\b(addicts?|abusers?|junkies?|clean|dirty|failed|fails?|relapsed|alcoholics?|"
    r"substance abuse)\b",
    re.I,
)
GENDER = re.compile(r"\b(men|women|male|female|man|woman)\b", re.I)

# -- AUDIT-C: the whole answer table -----------------------------------------------------------

#: score → positive? with no cut-off chosen (both common cut-offs, 3 and 4, are explained);
#: None where the two cut-offs disagree.
POSITIVE_NO_CUTOFF = {0: False, 1: False, 2: False, 3: None, **{s: True for s in range(4, 13)}}
ALL_ANSWERS = list(itertools.product(range(5), repeat=3))


def test_the_table_has_every_combination():
    assert len(ALL_ANSWERS) == 125 == len(set(ALL_ANSWERS))


@pytest.mark.parametrize("answers", ALL_ANSWERS, ids=lambda a: "".join(map(str, a)))
def test_auditc_score_and_band_for_every_answer_combination(answers):
    q1, q2, q3 = answers
    score = auditc_score(q1, q2, q3)
    assert score == q1 + q2 + q3
    assert 0 <= score <= 12

    neutral = auditc_band(score)
    assert neutral.score == score
    assert neutral.positive is POSITIVE_NO_CUTOFF[score]
    assert neutral.explanation.startswith(f"Score {score} of 12")
    assert not GENDER.search(neutral.explanation), neutral.explanation  # nobody is gendered
    assert not STIGMA.search(neutral.explanation)

    for cutoff in (3, 4):
        band = auditc_band(score, cutoff)
        assert band.positive is (score >= cutoff)
        assert not STIGMA.search(band.explanation)
        if score:
            assert f"cut-off of {cutoff}" in band.explanation
            assert ("women" if cutoff == 3 else "men") in band.explanation


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (0, "no drinking reported"),
        (2, "below both cut-offs in common use (3 and 4)"),
        (3, "at the lower of the two cut-offs in common use (3)"),
        (4, "at or above both cut-offs in common use (3 and 4)"),
        (12, "a score that suggests drinking may be affecting health"),
    ],
)
def test_bands_are_explained_in_plain_words(score, words):
    assert words in auditc_band(score).explanation


def test_cut_offs_at_their_edges():
    assert auditc_band(2, 3).positive is False and auditc_band(3, 3).positive is True
    assert auditc_band(3, 4).positive is False and auditc_band(4, 4).positive is True
    assert "below the chosen cut-off of 4" in auditc_band(3, 4).explanation


@pytest.mark.parametrize("bad", [(5, 0, 0), (0, -1, 0), (0, 0, True), (1.0, 0, 0)])
def test_auditc_score_refuses_answers_outside_0_to_4(bad):
    with pytest.raises(ValueError):
        auditc_score(*bad)


def test_auditc_band_refuses_impossible_scores_and_cut_offs():
    with pytest.raises(ValueError):
        auditc_band(13)
    with pytest.raises(ValueError):
        auditc_band(5, 5)


def test_auditc_wording_follows_the_who_audit():
    questions = {key: (text, options) for key, text, options in AUDITC_QUESTIONS}
    assert questions["q1"][0] == "How often do you have a drink containing alcohol?"
    assert questions["q1"][1] == (
        "Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week",
        "4 or more times a week",
    )  # fmt: skip
    assert "typical day when you are drinking" in questions["q2"][0]
    assert questions["q2"][1] == ("1 or 2", "3 or 4", "5 or 6", "7, 8 or 9", "10 or more")
    assert questions["q3"][0] == "How often do you have six or more drinks on one occasion?"
    assert questions["q3"][1] == (
        "Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily",
    )  # fmt: skip
    assert auditc_answer("q2", 3) == "7, 8 or 9"


def test_validate_auditc_needs_every_answer():
    _, errors = validate_auditc(AuditCInput(2, None, 1), TODAY)
    assert set(errors) == {"q2"}
    data, errors = validate_auditc(AuditCInput(2, 3, 1, "yesterday", 4), TODAY)
    assert errors == {}
    assert data.taken_on == TODAY - timedelta(days=1) and data.cutoff == 4


def test_never_drinking_skips_questions_2_and_3():
    data, errors = validate_auditc(AuditCInput(0, None, None), TODAY)
    assert errors == {} and (data.q2, data.q3) == (0, 0)
    _, errors = validate_auditc(AuditCInput(0, 2, 0), TODAY)
    assert set(errors) == {"q2"} and "Never" in errors["q2"]


def test_validate_auditc_refuses_odd_cut_offs_and_future_days():
    _, errors = validate_auditc(AuditCInput(1, 1, 1, TODAY + timedelta(days=1), 5), TODAY)
    assert set(errors) == {"cutoff", "taken_on"}


# -- factors -----------------------------------------------------------------------------------


def test_validate_factor_cleans_and_defaults_to_today():
    data, errors = validate_factor(
        FactorInput(" Internal ", " Sleep ", "  I sleep 4 hours  ", "Strength", "2", " n "),
        TODAY,
    )
    assert errors == {}
    assert data == FactorInput("internal", "Sleep", "I sleep 4 hours", "strength", 2, "n", TODAY)


def test_validate_factor_reports_each_field():
    _, errors = validate_factor(
        FactorInput("inside", "", "", "maybe", "4", "bad\x00note", "tomorrow"), TODAY
    )
    assert set(errors) == {
        "grp", "category", "description", "effect", "weight", "note", "noted_on",
    }  # fmt: skip
    assert "0 to 3" in errors["weight"]
    assert "Ctrl+N" in errors["category"]


@pytest.mark.parametrize(
    ("weight", "ok"),
    [(0, True), (3, True), ("1", True), (-1, False), ("two", False), (True, False), ("", False)],
)
def test_factor_weight_is_0_to_3(weight, ok):
    _, errors = validate_factor(FactorInput("external", "Housing", "x", "risk", weight), TODAY)
    assert ("weight" not in errors) is ok


def test_factor_date_can_be_typed_or_given():
    data, errors = validate_factor(
        FactorInput("external", "Housing", "x", "risk", 1, "", "-3"), TODAY
    )
    assert errors == {} and data.noted_on == TODAY - timedelta(days=3)
    _, errors = validate_factor(
        FactorInput("external", "Housing", "x", "risk", 1, "", TODAY + timedelta(days=2)), TODAY
    )
    assert "future" in errors["noted_on"]


def test_weight_dots():
    assert [weight_dots(w) for w in range(4)] == ["○○○", "●○○", "●●○", "●●●"]


# -- baselines ---------------------------------------------------------------------------------


def test_alcohol_defaults_to_standard_drinks():
    data, errors = validate_baseline(
        BaselineInput("Alcohol", ("Swallowed",), "6", "", "4", "yesterday", " helps ", None),
        TODAY,
    )
    assert errors == {}
    assert data.unit == "standard drinks" and data.amount == 6.0 and data.days_per_week == 4.0
    assert data.last_use == TODAY - timedelta(days=1) and data.taken_on == TODAY
    assert data.what_it_does == "helps"


def test_a_custom_substance_needs_a_unit_when_an_amount_is_given():
    _, errors = validate_baseline(BaselineInput("Kratom", amount="3"), TODAY)
    assert set(errors) == {"unit"}
    data, errors = validate_baseline(BaselineInput("Kratom", amount="3", unit="grams"), TODAY)
    assert errors == {} and data.unit == "grams"
    _, errors = validate_baseline(BaselineInput("Kratom"), TODAY)  # amount not known: fine
    assert errors == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("days_per_week", "8"),
        ("days_per_week", "-1"),
        ("days_per_week", "often"),
        ("amount", "lots"),
        ("amount", "-2"),
        ("last_use", "someday"),
        ("taken_on", "+2"),
    ],
)
def test_baseline_numbers_and_dates_are_checked(field, value):
    values = {"amount": "2", "days_per_week": "2", field: value}
    data = BaselineInput("Alcohol", **values)
    _, errors = validate_baseline(data, TODAY)
    assert set(errors) == {field}


def test_baseline_needs_a_substance():
    _, errors = validate_baseline(BaselineInput(" "), TODAY)
    assert set(errors) == {"substance"}


def test_routes_merge_picked_and_typed_once_each_in_list_spelling():
    routes, problem = merge_routes(["Smoked"], "snorted, Rectal , smoked,,")
    assert problem is None and routes == ["Smoked", "Snorted", "Rectal"]
    _, problem = merge_routes([], "x" * 41)
    assert problem
    data, errors = validate_baseline(
        BaselineInput("Cocaine", ("Snorted",), other_routes="bad\x07route"), TODAY
    )
    assert set(errors) == {"other_routes"}
    assert split_routes("Smoked, Snorted") == ["Smoked", "Snorted"] and split_routes("") == []


def test_amounts_read_naturally_in_singular_and_plural():
    assert amount_with_unit(1, "bags") == "1 bag"
    assert amount_with_unit(1.0, "standard drinks") == "1 standard drink"
    assert amount_with_unit(2, "bags") == "2 bags"
    assert amount_with_unit(1, "mg") == "1 mg"
    assert amount_with_unit(1, "glass") == "1 glass"
    assert amount_with_unit(0.5, "grams") == "0.5 grams"
    assert amount_with_unit(None, "bags", "—") == "—"


def test_baseline_line_reads_naturally():
    assert baseline_line("Alcohol", 4.0, "standard drinks", 3.0) == (
        "Alcohol: 4 standard drinks per occasion, 3 days a week"
    )
    assert baseline_line("Cannabis", 2.5, "joints", 1) == (
        "Cannabis: 2.5 joints per occasion, 1 day a week"
    )
    assert baseline_line("GHB", None, "", None) == "GHB: amount not recorded"


# -- readiness ---------------------------------------------------------------------------------


def test_readiness_ratings_are_0_to_10():
    data, errors = validate_readiness(ReadinessInput("4", 6, "10", " because ", "", None), TODAY)
    assert errors == {}
    assert (data.importance, data.confidence, data.readiness) == (4, 6, 10)
    assert data.why_not_lower == "because" and data.rated_on == TODAY
    _, errors = validate_readiness(ReadinessInput("11", "", "x"), TODAY)
    assert set(errors) == {"importance", "confidence", "readiness"}
    assert "0 to 10" in errors["importance"]


def test_trend_and_change_words():
    assert trend([4, 6, 7]) == "4 → 6 → 7"
    assert trend([1, 2, 3, 4, 5]) == "… 3 → 4 → 5"
    assert trend([]) == "—"
    assert change_words([4, 7]) == "up 3"
    assert change_words([6, 5]) == "down 1"
    assert change_words([5, 5]) == "same"
    assert change_words([5]) == "first rating"


# -- new since the last session ----------------------------------------------------------------


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_since_tag_marks_new_and_changed_after_the_last_session_day():
    last = TODAY - timedelta(days=7)
    assert since_tag(at(TODAY), at(TODAY), last) == "new"
    assert since_tag(at(last, 9), at(last, 18), last) == ""  # same day as the session
    assert since_tag(at(last - timedelta(days=3)), at(TODAY), last) == "changed"
    assert since_tag(at(last - timedelta(days=3)), at(last - timedelta(days=3)), last) == ""
    assert since_tag(at(TODAY), at(TODAY), None) == ""


def test_since_line():
    last = date(2026, 11, 14)
    assert since_line(last, ["new", "", "new", "changed"]) == (
        "Since the last session (2026-11-14): 2 factors added, 1 changed"
    )
    assert since_line(last, ["new"], baselines_added=1, ratings_added=2) == (
        "Since the last session (2026-11-14): 1 factor added; 1 baseline, 2 readiness ratings added"
    )
    assert since_line(last, ["", ""]) == (
        "Since the last session (2026-11-14): nothing added or changed yet."
    )
    assert "first" in since_line(None, ["new"])
