"""The client's take-home plan: the client's words, chosen strategies, supports and the next
check-in; never a counselor note; written only where asked, readable only by the owner."""

from __future__ import annotations

import stat
from datetime import date, timedelta

import pytest

from hrtui.client_plan import plan_for_code, plan_markdown, say_date, write_plan
from hrtui.domain.clients import ClientInput
from hrtui.store import goals as store
from hrtui.store.clients import add_client, audit_trail
from hrtui.store.errors import Invalid, NotFound


def plan_client(vault, today: date) -> int:
    """Marisol with a goal of every kind that reaches the plan, one achieved and one paused:
    review dates a week and two weeks after ``today``, a ladder whose step in effect is the
    one a week before."""
    client_id = add_client(
        vault, ClientInput("RIV-07", "Marisol", note="CLIENT-NOTE never in the plan")
    ).id
    store.create_goal(vault, client_id, "reduce", {
        "title": "Fewer drinks on work nights",
        "substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
        "baseline_amount": "5", "target_amount": "4",
        "client_words": "Feel okay at the start of a shift.\n# not a heading",
        "why_it_matters": "My days off", "helpers": "My sister",
        "counselor_note": "GOAL-NOTE never in the plan",
        "review_on": today + timedelta(days=14),
    })  # fmt: skip
    store.create_goal(vault, client_id, "safer", {
        "strategies": [("Overdose", "Start low, go slow"), ("Alcohol", "Eat before drinking")],
        "custom_strategies": "Walk home with a friend", "custom_concern": "General",
        "helpers": "My sister", "review_on": today + timedelta(days=7),
    })  # fmt: skip
    store.create_goal(vault, client_id, "stepdown", {
        "title": "Taper", "substance": "Benzodiazepines", "unit": "mg", "period": "per_use_day",
        "ladder": [(today - timedelta(days=7), 2), (today + timedelta(days=14), 1.5)],
    })  # fmt: skip
    reached = store.create_goal(vault, client_id, "life", {"life_area": "Housing",
                                                           "title": "Keys to my flat"})  # fmt: skip
    store.set_status(vault, reached.id, "achieved", "Moved in")
    paused = store.create_goal(vault, client_id, "life", {"life_area": "Work and money",
                                                          "title": "PAUSED-GOAL"})  # fmt: skip
    store.set_status(vault, paused.id, "paused", "Later")
    return client_id


@pytest.fixture
def client(vault, clock) -> int:
    return plan_client(vault, clock.today)


def test_the_plan_has_the_clients_words_strategies_supports_and_next_check_in(vault, any_day):
    today = any_day.today
    text = plan_markdown(vault, plan_client(vault, today))
    assert text.startswith("# My plan — Marisol\n")
    assert "Feel okay at the start of a shift." in text
    assert "\n\\# not a heading" in text  # the client's text cannot become a heading
    assert "**What I'm aiming for:** 4 standard drinks per drinking day (it was 5)" in text
    assert "Why it matters to me" in text and "My days off" in text
    assert f"Next check-in: **{say_date(today + timedelta(days=7), today)}**" in text
    # the menu picks and the client's own strategy, grouped by concern in the menu's order
    plan = text.split("## My safer-use plan")[1]
    assert plan.index("### Overdose") < plan.index("### Alcohol") < plan.index("### General")
    assert "- Walk home with a friend" in plan
    # who helps, once
    assert text.count("My sister") == 1
    # the ladder, with the step in effect now
    assert f"| {say_date(today - timedelta(days=7), today)} | 2 mg per use day ← now |" in text
    assert "## Already reached\n\n- Keys to my flat" in text


def test_the_plan_leaves_out_everything_that_is_the_counselors(vault, client):
    text = plan_markdown(vault, client)
    for private in ("GOAL-NOTE", "CLIENT-NOTE", "PAUSED-GOAL", "Moved in", "RIV-07"):
        assert private not in text
    for word in ("fail", "relapse", "clean", "dirty", "addict"):
        assert word not in text.casefold()


def test_a_plan_without_goals_still_reads_well(vault):
    client_id = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    text = plan_markdown(vault, client_id)
    assert "No goals set yet" in text and "Next check-in" not in text


def test_write_plan_asks_for_a_full_path_and_writes_0600(vault, client, tmp_path):
    tmp_path = tmp_path / "out"  # the vault lives in tmp_path itself
    tmp_path.mkdir()
    with pytest.raises(Invalid, match="Type where"):
        write_plan(vault, client, "  ")
    with pytest.raises(Invalid, match="full path"):
        write_plan(vault, client, "plan.md")
    with pytest.raises(Invalid, match="does not exist"):
        write_plan(vault, client, str(tmp_path / "nowhere" / "plan.md"))
    with pytest.raises(Invalid, match="is a folder"):
        write_plan(vault, client, str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    assert ("exported", "plan") not in [(e.action, e.area) for e in audit_trail(vault, client)]

    out = tmp_path / "plan.md"
    assert write_plan(vault, client, str(out)) == out
    assert "Feel okay" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert ("exported", "plan") in [(e.action, e.area) for e in audit_trail(vault, client)]


def test_write_plan_replaces_a_file_only_when_asked(vault, client, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "plan.md"
    out.write_text("old")
    out.chmod(0o644)
    with pytest.raises(Invalid, match="exists"):
        write_plan(vault, client, str(out))
    assert out.read_text() == "old"
    write_plan(vault, client, str(out), overwrite=True)
    assert out.read_text(encoding="utf-8").startswith("# My plan")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary file left


def test_write_plan_expands_the_home_folder(vault, client, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert write_plan(vault, client, "~/mine.md") == tmp_path / "mine.md"


def test_plan_for_code_finds_the_client_in_any_case(vault, client):
    assert "Feel okay" in plan_for_code(vault, "riv-07")
    with pytest.raises(NotFound):
        plan_for_code(vault, "NOPE-1")
