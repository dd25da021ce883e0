"""Intake storage: factors, baselines with history, readiness, AUDIT-C, the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from hrtui.domain import vocab
from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import AuditCInput, BaselineInput, FactorInput, ReadinessInput
from hrtui.store import intake
from hrtui.store.clients import add_client, audit_trail, get_client
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import AuditEvent, Factor, SubstanceBaseline
from hrtui.store.vocab import add_term


@pytest.fixture
def client(vault):
    return add_client(vault, ClientInput("RIV-07", "Marisol")).id


def count(vault, model) -> int:
    with vault.session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def factor(grp="internal", category="Sleep", words="I sleep badly", effect="risk", weight=2):
    return FactorInput(grp, category, words, effect, weight, "", None)


def test_add_and_list_factors_internal_first(vault, client, clock):
    intake.add_factor(vault, client, factor("external", "Housing", "Couch surfing"))
    intake.add_factor(vault, client, factor("internal", "Sleep", "Four hours a night"))
    strength = intake.add_factor(
        vault, client, factor("internal", "Coping skills", "Calls her sister", "strength", 3)
    )
    assert strength.id and strength.noted_on == clock.today and strength.weight == 3
    listed = intake.list_factors(vault, client)
    assert [(f.grp, f.category) for f in listed] == [
        ("internal", "Coping skills"), ("internal", "Sleep"), ("external", "Housing"),
    ]  # fmt: skip
    assert listed[0].effect == "strength" and listed[0].description == "Calls her sister"


def test_writes_are_audited_without_content_and_mark_activity(vault, client):
    before = get_client(vault, client).last_activity_at
    intake.add_factor(vault, client, factor(words="Private words"))
    events = [e for e in audit_trail(vault, client) if e.area == "intake"]
    assert [(e.action, e.area) for e in events] == [("created", "intake")]
    assert "Private" not in repr(events)
    assert get_client(vault, client).last_activity_at >= before


def test_invalid_factor_saves_nothing(vault, client):
    with pytest.raises(Invalid) as caught:
        intake.add_factor(vault, client, FactorInput("internal", "", "", "risk", 9))
    assert set(caught.value.errors) == {"category", "description", "weight"}
    assert count(vault, Factor) == 0
    assert [e for e in audit_trail(vault, client) if e.area == "intake"] == []


def test_add_factor_for_a_missing_client(vault):
    with pytest.raises(NotFound):
        intake.add_factor(vault, 999, factor())


def test_update_factor_changes_it_and_notes_when(vault, client):
    f = intake.add_factor(vault, client, factor())
    changed = intake.update_factor(
        vault, client, f.id,
        FactorInput("internal", "Sleep", "I sleep badly", "risk", 1, "Better lately", f.noted_on),
    )  # fmt: skip
    assert changed.weight == 1 and changed.note == "Better lately"
    assert changed.updated_at >= f.created_at
    actions = [e.action for e in audit_trail(vault, client) if e.area == "intake"]
    assert actions == ["created", "changed"]
    # the same values again: nothing is written
    intake.update_factor(
        vault, client, f.id,
        FactorInput("internal", "Sleep", "I sleep badly", "risk", 1, "Better lately", f.noted_on),
    )  # fmt: skip
    assert [e.action for e in audit_trail(vault, client) if e.area == "intake"] == actions


def test_update_factor_of_another_client_is_refused(vault, client):
    other = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    f = intake.add_factor(vault, client, factor())
    with pytest.raises(NotFound):
        intake.update_factor(vault, other, f.id, factor(weight=0))
    assert intake.list_factors(vault, client)[0].weight == 2


def test_retaking_a_baseline_keeps_the_history(vault, client, clock):
    nine_days_ago = clock.today - timedelta(days=9)
    first = intake.add_baseline(
        vault, client,
        BaselineInput("Alcohol", ("Swallowed",), "6", "", "4", None, "Sleep", nine_days_ago),
    )  # fmt: skip
    intake.add_baseline(
        vault, client, BaselineInput("Cannabis", ("Smoked",), "1", "joints", "2", taken_on="-20")
    )
    latest = intake.add_baseline(
        vault, client, BaselineInput("alcohol", ("Swallowed",), "4", "", "3", taken_on="-2")
    )
    assert first.unit == "standard drinks" and first.routes == "Swallowed"
    history = intake.list_baselines(vault, client)
    assert len(history) == 3 and history[0].id == latest.id
    current = intake.current_baselines(vault, client)
    assert [(b.substance, b.amount) for b in current] == [("alcohol", 4.0), ("Cannabis", 1.0)]
    assert intake.usual_substance(vault, client) == ("alcohol", "standard drinks")


def test_usual_substance_is_the_most_recently_taken(vault, client, clock):
    assert intake.usual_substance(vault, client) is None
    intake.add_baseline(vault, client, BaselineInput("Cannabis", amount="2", unit="joints"))
    nine_days_ago = clock.today - timedelta(days=9)
    intake.add_baseline(vault, client, BaselineInput("Alcohol", amount="3", taken_on=nine_days_ago))
    assert intake.usual_substance(vault, client) == ("Cannabis", "joints")


def test_baseline_routes_include_the_counselors_own(vault, client):
    add_term(vault, vocab.ROUTE, "", "Plugged")
    row = intake.add_baseline(
        vault, client, BaselineInput("Cocaine", ("Snorted",), other_routes="plugged, smoked")
    )
    assert row.routes == "Snorted, Plugged, Smoked"


def test_invalid_baseline_saves_nothing(vault, client):
    with pytest.raises(Invalid) as caught:
        intake.add_baseline(vault, client, BaselineInput("Alcohol", days_per_week="9"))
    assert set(caught.value.errors) == {"days_per_week"}
    assert count(vault, SubstanceBaseline) == 0


def test_readiness_and_auditc_are_kept_over_time(vault, client):
    intake.add_readiness(vault, client, ReadinessInput(7, 6, 7, "", "", "-1"))
    intake.add_readiness(vault, client, ReadinessInput(4, 3, 5, "Mornings", "A plan", "-30"))
    ratings = intake.list_readiness(vault, client)
    assert [r.importance for r in ratings] == [4, 7]  # oldest first
    assert ratings[0].why_not_lower == "Mornings" and ratings[0].one_up == "A plan"
    with pytest.raises(Invalid):
        intake.add_readiness(vault, client, ReadinessInput(11, 3, 5))

    intake.add_auditc(vault, client, AuditCInput(3, 2, 2, "-7", 4))
    intake.add_auditc(vault, client, AuditCInput(0, None, None))
    results = intake.list_auditc(vault, client)
    assert [(r.q1, r.q2, r.q3, r.cutoff) for r in results] == [(3, 2, 2, 4), (0, 0, 0, None)]
    with pytest.raises(Invalid):
        intake.add_auditc(vault, client, AuditCInput(None, 1, 1))
    assert len(intake.list_auditc(vault, client)) == 2


def test_overview_has_everything_and_the_last_session(vault, client, any_day):
    intake.add_factor(vault, client, factor())
    add_term(vault, vocab.FACTOR_CATEGORY, "internal", "Grief")
    add_term(vault, vocab.SUBSTANCE, "", "Kratom")
    with vault.session() as session:
        session.add(
            AuditEvent(at=any_day.now() - timedelta(days=5), client_id=client,
                       action="opened", area="workspace")
        )  # fmt: skip
    data = intake.overview(vault, client)
    assert len(data.factors) == 1 and data.baselines == [] and data.readiness == []
    assert data.last_session == any_day.today - timedelta(days=5)
    assert "Grief" in data.categories["internal"] and "Housing" in data.categories["external"]
    assert "Kratom" in data.substances and "Alcohol" in data.substances
    assert "Injected" in data.routes
