"""The goals section of the export: goals, ladders, strategies, revisions and the safer-use plan
as JSON, the counselor's full record as Markdown, and docs/export-goals.md describing it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from hrtui.domain.clients import ClientInput
from hrtui.exports import goals as section
from hrtui.store import goals as store
from hrtui.store.clients import add_client, get_client
from hrtui.store.models import Factor

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export-goals.md"


def build_record(vault, today: date) -> dict:
    """The goals section of Marisol's export: a revised reduce goal answering an intake factor,
    a safer-use plan to review in 3 days, a step-down ladder starting ``today``."""
    client = add_client(vault, ClientInput("RIV-07", "Marisol"))
    with vault.session() as session:
        session.add(Factor(client_id=client.id, grp="internal", category="Sleep",
                           description="Hard to sleep", effect="risk", noted_on=today,
                           created_at=client.created_at, updated_at=client.created_at))  # fmt: skip
    reduce = store.create_goal(vault, client.id, "reduce", {
        "substance": "Alcohol", "period": "per_use_day", "unit": "standard drinks",
        "baseline_amount": "5", "target_amount": "4", "client_words": "Fewer on work nights",
        "counselor_note": "Counselor's own", "factor_ids": [1],
        "review_on": today + timedelta(days=10),
    })  # fmt: skip
    store.revise_goal(vault, reduce.id, {"target_amount": 3}, "Going well", review_id=4)
    store.create_goal(vault, client.id, "safer", {
        "strategies": [("Overdose", "Start low, go slow")],
        "custom_strategies": "Text my sister", "custom_concern": "General",
        "review_on": today + timedelta(days=3),
    })  # fmt: skip
    store.create_goal(vault, client.id, "stepdown", {
        "substance": "Benzodiazepines", "unit": "mg", "period": "per_use_day",
        "ladder": [(today, 2), (today + timedelta(days=14), 1.5, "with the prescriber")],
    })  # fmt: skip
    return section.build(vault, get_client(vault, client.id))


@pytest.fixture
def record(vault, clock):
    return build_record(vault, clock.today)


def test_build_is_json_ready_with_goals_plan_and_revisions(vault, any_day):
    today = any_day.today
    record = build_record(vault, today)
    assert json.loads(json.dumps(record)) == record
    assert set(record) == {"goals", "safer_use_plan", "next_review_on"}
    goals = {g["kind"]: g for g in record["goals"]}
    reduce = goals["reduce"]
    assert (reduce["baseline_amount"], reduce["target_amount"], reduce["status"]) == (
        5.0,
        3.0,
        "revised",
    )
    assert reduce["counselor_note"] == "Counselor's own"
    assert reduce["factors"] == [
        {"category": "Sleep", "description": "Hard to sleep", "effect": "risk"}
    ]
    (revision,) = reduce["revisions"]
    assert revision["reason"] == "Going well" and revision["from_review"] is True
    assert revision["changes"] == {"target_amount": [4.0, 3.0], "status": ["active", "revised"]}
    assert revision["revised_on"] == today.isoformat()
    assert goals["stepdown"]["ladder"][1] == {
        "starts_on": (today + timedelta(days=14)).isoformat(), "amount": 1.5, "unit": "mg",
        "note": "with the prescriber",
    }  # fmt: skip
    assert [(s["label"], s["custom"]) for s in record["safer_use_plan"]] == [
        ("Start low, go slow", False), ("Text my sister", True),
    ]  # fmt: skip
    assert record["next_review_on"] == (today + timedelta(days=3)).isoformat()


def test_markdown_is_the_full_record_with_history(record):
    lines = section.markdown(record)
    assert lines[0] == "### Goals"
    text = "\n".join(lines)
    assert "Counselor note: Counselor's own" in text
    assert "Target: 3 standard drinks per use day (baseline 5)" in text
    assert "Revised " in text and "(from a review): Going well — Target: 4 → 3" in text
    assert "Strategy (General, own): Text my sister" in text
    assert "Answers to: Sleep: Hard to sleep" in text
    assert "fail" not in text.casefold()


def test_markdown_without_goals():
    assert section.markdown({"goals": [], "safer_use_plan": [], "next_review_on": None}) == [
        "### Goals", "", "_No goals yet._",
    ]  # fmt: skip


def test_docs_describe_every_field(record):
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)`", text, flags=re.M))
    fields = set(record) | set(record["goals"][0])
    for goal in record["goals"]:
        for key in ("ladder", "strategies", "revisions", "factors"):
            for item in goal[key]:
                fields |= set(item)
    for item in record["safer_use_plan"]:
        fields |= set(item)
    assert fields - documented == set()
