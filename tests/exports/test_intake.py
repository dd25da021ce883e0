"""The intake export section (JSON and Markdown), its docs, and the demo intake."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from hrtui.demo import DEMO_CLIENTS
from hrtui.demo_data.intake import populate
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import AuditCInput, BaselineInput, FactorInput, ReadinessInput
from hrtui.exports import intake as section
from hrtui.store import intake
from hrtui.store.clients import add_client, audit_trail, get_client, last_session_before

DOCS = Path(__file__).resolve().parents[2] / "docs" / "export-intake.md"
STIGMA = re.compile(
    r"\b(addicts?|abusers?|junkies?|clean|dirty|failed|relapsed|substance abuse)\b", re.I
)


def filled(vault):
    client = add_client(vault, ClientInput("RIV-07", "Marisol"))
    cid = client.id
    intake.add_factor(
        vault, cid, FactorInput("internal", "Sleep", "Can't switch off", "risk", 3, "Night shifts")
    )
    intake.add_factor(
        vault, cid, FactorInput("external", "Relationships and family", "My sister", "strength", 2)
    )
    intake.add_baseline(
        vault, cid,
        BaselineInput("Alcohol", ("Swallowed",), "6", "", "4", "-31", "Sleep\nand calm", "-30"),
    )  # fmt: skip
    intake.add_baseline(vault, cid, BaselineInput("Alcohol", ("Swallowed",), "4", "", "3"))
    intake.add_readiness(vault, cid, ReadinessInput(5, 4, 5, "Days off", "Sleep", "-30"))
    intake.add_readiness(vault, cid, ReadinessInput(7, 6, 7, "It works", "My sister"))
    intake.add_auditc(vault, cid, AuditCInput(3, 2, 2, None, None))
    return get_client(vault, cid)


def test_build_has_every_part_with_its_fields(vault):
    client = filled(vault)
    value = section.build(vault, client)
    assert json.loads(json.dumps(value)) == value  # JSON-ready
    assert set(value) == {"factors", "baselines", "readiness", "auditc", "decisional_balance"}
    assert [f["group"] for f in value["factors"]] == ["internal", "external"]
    first = value["factors"][0]
    assert set(first) == {
        "group",
        "category",
        "description",
        "effect",
        "weight",
        "note",
        "noted_on",
        "created_at",
        "updated_at",
    }
    assert first["note"] == "Night shifts" and first["effect"] == "risk" and first["weight"] == 3
    assert [b["amount"] for b in value["baselines"]] == [6.0, 4.0]  # oldest first
    assert [b["current"] for b in value["baselines"]] == [False, True]
    assert value["baselines"][0]["routes"] == ["Swallowed"]
    assert value["baselines"][0]["unit"] == "standard drinks"
    assert value["baselines"][0]["what_it_does"] == "Sleep\nand calm"
    assert [r["importance"] for r in value["readiness"]] == [5, 7]
    result = value["auditc"][0]
    assert (result["score"], result["positive"], result["cutoff"]) == (7, True, None)
    assert result["answers"] == ["2 to 3 times a week", "5 or 6", "Monthly"]
    assert result["meaning"].startswith("Score 7 of 12")


def test_markdown_has_every_part(vault):
    lines = section.markdown(section.build(vault, filled(vault)))
    text = "\n".join(lines)
    assert lines[0] == "### Intake"
    for heading in (
        "#### Internal factors",
        "#### External factors",
        "#### Substance baselines",
        "#### Readiness ruler (0–10)",
        "#### AUDIT-C",
    ):
        assert heading in lines, heading
    assert "**+ strength** · Relationships and family" in text and "“My sister”" in text
    assert "**▲ risk** · Sleep" in text and "  - Note: Night shifts" in text
    assert "Alcohol: 4 standard drinks per occasion, 3 days a week" in text and "current" in text
    assert "  - What the use does for the person: Sleep\n    and calm" in text
    assert "- Importance: 5 → 7" in text
    assert "Score 7 of 12" in text and "5 or 6 (2)" in text


def test_the_occasions_on_a_use_day_are_exported(vault):
    client = add_client(vault, ClientInput("OAK-12", "Devonte"))
    intake.add_baseline(vault, client.id, BaselineInput(
        "Alcohol", amount=3, unit="standard drinks", days_per_week=4, occasions_per_day=2,
    ))  # fmt: skip
    value = section.build(vault, client)
    baseline = value["baselines"][0]
    assert (baseline["amount"], baseline["occasions_per_day"]) == (3.0, 2.0)
    text = "\n".join(section.markdown(value))
    assert (
        "Alcohol: 3 standard drinks per occasion, 2 times a use day (6 standard drinks a "
        "use day), 4 days a week"
    ) in text


def test_markdown_of_an_empty_intake(vault):
    client = add_client(vault, ClientInput("BAY-21", "Tomás"))
    text = "\n".join(section.markdown(section.build(vault, client)))
    assert "_None recorded._" in text and "_None taken._" in text
    assert "_No ratings._" in text and "_Not answered._" in text
    assert "_No sheets._" in text


def test_docs_name_every_field():
    docs = DOCS.read_text(encoding="utf-8")
    for name in (
        "factors",
        "baselines",
        "readiness",
        "auditc",
        "group",
        "category",
        "description",
        "effect",
        "weight",
        "noted_on",
        "routes",
        "days_per_week",
        "occasions_per_day",
        "last_use",
        "what_it_does",
        "taken_on",
        "current",
        "importance",
        "confidence",
        "why_not_lower",
        "one_up",
        "answers",
        "score",
        "cutoff",
        "positive",
        "meaning",
        "goal",
        "behaviour",
        "about",
        "decisional_balance",
        "made_on",
        "using_good",
        "using_less_good",
        "change_good",
        "change_less_good",
    ):
        assert f"`{name}`" in docs, name


def test_demo_intake_is_full_believable_and_respectful(vault, any_day):
    today = any_day.today
    ids = {d.code: add_client(vault, d.as_input()).id for d in DEMO_CLIENTS}
    populate(vault, ids, today)
    for demo in DEMO_CLIENTS:
        cid = ids[demo.code]
        value = section.build(vault, get_client(vault, cid))
        groups = {f["group"] for f in value["factors"]}
        effects = {f["effect"] for f in value["factors"]}
        assert groups == {"internal", "external"}, demo.code
        assert effects == {"risk", "strength"}, demo.code
        assert value["baselines"], demo.code
        assert len({r["rated_on"] for r in value["readiness"]}) >= 2, demo.code
        assert bool(value["auditc"]) == ("alcohol" in demo.substances), demo.code
        text = json.dumps(value, ensure_ascii=False)
        assert not STIGMA.search(text), demo.code
        # the sessions it came from are on record, so "new since" has a reference day
        assert last_session_before(vault, cid, today) is not None
        assert any(e.area == "intake" for e in audit_trail(vault, cid))
    riv = section.build(vault, get_client(vault, ids["RIV-07"]))
    assert [b["current"] for b in riv["baselines"]] == [False, True]  # retaken: history kept
    alcohol = [b for b in riv["baselines"] if b["substance"] == "Alcohol"]
    assert all(b["unit"] == "standard drinks" for b in alcohol)
    assert all(date.fromisoformat(b["taken_on"]) <= today for b in riv["baselines"])
    assert date.fromisoformat(riv["baselines"][0]["taken_on"]) < today - timedelta(days=30)
