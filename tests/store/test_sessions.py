"""Sessions in the store: started by the counselor or by the first write of the day, what changed
gathered from the record, notes kept as written once signed, addenda, the next appointment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from hrtui.domain.clients import ClientInput
from hrtui.domain.intake import FactorInput
from hrtui.domain.sessions import AppointmentInput, SessionInput
from hrtui.domain.uselog import EntryInput
from hrtui.store import sessions as store
from hrtui.store.clients import add_client, audit_trail, list_roster
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.intake import add_factor
from hrtui.store.models import SessionNote, SessionRow
from hrtui.store.settings import note_structure, set_note_structure
from hrtui.store.uselog import add_entry

SLEEP = FactorInput("internal", "Sleep", "Sleeps four hours after night shifts", "risk", 2)


@pytest.fixture
def client(vault):
    return add_client(vault, ClientInput("RIV-07", "Marisol")).id


def _sessions(vault, client_id):
    with vault.session() as session:
        return session.exec(select(SessionRow).where(SessionRow.client_id == client_id)).all()


def test_adding_a_client_opens_no_session(vault, client):
    assert store.list_sessions(vault, client) == []


def test_the_first_write_of_the_day_opens_the_days_session_once(vault, client, clock):
    add_factor(vault, client, SLEEP)
    clock.shift(600)
    add_entry(vault, client, EntryInput(day="today", substance="Alcohol", amount="4",
                                        unit="standard drinks"))  # fmt: skip
    rows = _sessions(vault, client)
    assert len(rows) == 1
    assert rows[0].day == clock.today
    assert rows[0].started_by == "auto"
    assert rows[0].started_at.replace(second=0) == (clock.now() - timedelta(seconds=600)).replace(
        second=0
    )


def test_a_write_on_another_day_opens_that_days_session(vault, client, clock):
    add_factor(vault, client, SLEEP)
    clock.shift(2 * 86400)
    add_entry(vault, client, EntryInput(day="today", substance="Alcohol", amount="2",
                                        unit="standard drinks"))  # fmt: skip
    days = sorted(s.day for s in _sessions(vault, client))
    assert days == [clock.today - timedelta(days=2), clock.today]


def test_start_session_returns_the_days_session_if_there_is_one(vault, client):
    add_factor(vault, client, SLEEP)
    auto = store.list_sessions(vault, client)[0]
    started = store.start_session(vault, client)
    assert started.id == auto.id
    assert len(store.list_sessions(vault, client)) == 1


def test_start_session_by_the_counselor(vault, client, clock):
    detail = store.start_session(vault, client)
    assert detail.session.started_by == "counselor"
    assert detail.session.day == clock.today
    assert ("started", "session") in [(e.action, e.area) for e in audit_trail(vault, client)]
    assert detail.note is None
    assert detail.summary.startswith("Nothing was added to the record")


def test_update_session_keeps_time_length_kind_place(vault, client):
    detail = store.start_session(vault, client)
    saved = store.update_session(
        vault, detail.id, SessionInput("9:05", "50", "outreach", "street", "Marisol, her sister")
    )
    s = saved.session
    assert (s.started_at.hour, s.started_at.minute) == (9, 5)
    assert (s.length_minutes, s.kind, s.place, s.present) == (50, "outreach", "street",
                                                              "Marisol, her sister")  # fmt: skip
    with pytest.raises(Invalid) as err:
        store.update_session(vault, detail.id, SessionInput("25:00", "0", "mail", "", ""))
    assert set(err.value.errors) == {"start_time", "length_minutes", "kind"}


def test_what_changed_is_gathered_from_the_days_records(vault, client, clock):
    detail = store.start_session(vault, client)
    add_factor(vault, client, SLEEP)
    add_entry(vault, client, EntryInput(day="yesterday", substance="Alcohol", amount="5",
                                        unit="standard drinks"))  # fmt: skip
    add_entry(vault, client, EntryInput(day=clock.today - timedelta(days=10), substance="Alcohol",
                                        amount="3", unit="standard drinks"))  # fmt: skip
    summary = store.session_detail(vault, detail.id).summary
    assert "Factor added: internal · Sleep: Sleeps four hours after night shifts (risk)" in summary
    yesterday = clock.today - timedelta(days=1)
    assert f"Use log: {yesterday.strftime('%a')} {yesterday.day} " in summary
    assert "Recalled on the calendar:" in summary


def test_what_changed_leaves_out_other_days_and_other_clients(vault, client, clock):
    other = add_client(vault, ClientInput("OAK-12", "Devonte")).id
    add_factor(vault, other, SLEEP)
    add_factor(vault, client, SLEEP)
    clock.shift(86400)
    detail = store.start_session(vault, client)
    assert detail.changes == []


def test_a_note_is_begun_in_the_structure_of_the_settings_and_keeps_it(vault, client):
    assert note_structure(vault) == "dap"
    set_note_structure(vault, "birp")
    detail = store.start_session(vault, client)
    saved = store.save_note(vault, detail.id, {"behavior": "Came in early.", "data": "ignored"})
    assert saved.structure == "birp"
    assert saved.note.behavior == "Came in early."
    assert saved.note.data == ""  # not a BIRP field
    set_note_structure(vault, "soap")
    again = store.session_detail(vault, detail.id)
    assert again.structure == "birp"
    with pytest.raises(Invalid):
        set_note_structure(vault, "narrative")


def test_a_signed_note_is_kept_as_written(vault, client):
    detail = store.start_session(vault, client)
    with pytest.raises(Invalid) as err:
        store.sign_note(vault, detail.id, {"data": "  "})
    assert "note" in err.value.errors
    signed = store.sign_note(vault, detail.id, {"data": "Talked about sleep.", "plan": "Water."})
    assert signed.signed and signed.note.signed_at is not None
    with pytest.raises(Invalid) as err:
        store.save_note(vault, detail.id, {"data": "Changed afterwards."})
    assert "addendum" in err.value.errors["note"]
    with vault.session() as session:
        assert session.get(SessionNote, detail.id).data == "Talked about sleep."
    with pytest.raises(Invalid):
        store.delete_session(vault, detail.id)


def test_addenda_are_dated_and_only_for_signed_notes(vault, client, clock):
    detail = store.start_session(vault, client)
    with pytest.raises(Invalid):
        store.add_addendum(vault, detail.id, "Too early.")
    store.sign_note(vault, detail.id, {"data": "Talked about sleep."})
    clock.shift(3 * 86400)
    after = store.add_addendum(vault, detail.id, "She called: the shift was moved.")
    assert [a.text for a in after.addenda] == ["She called: the shift was moved."]
    assert after.addenda[0].written_at.date() == clock.today
    with pytest.raises(Invalid):
        store.add_addendum(vault, detail.id, "   ")
    actions = [e.action for e in audit_trail(vault, client) if e.area == "session"]
    assert actions == ["started", "note signed", "addendum"]
    assert store.list_sessions(vault, client)[0].note_label == "signed + 1 addendum"


def test_writing_a_late_note_opens_no_session_today(vault, client, clock):
    detail = store.start_session(vault, client)
    clock.shift(86400)
    store.save_note(vault, detail.id, {"data": "Written the next morning."})
    assert len(store.list_sessions(vault, client)) == 1


def test_a_draft_session_can_be_deleted(vault, client):
    detail = store.start_session(vault, client)
    store.save_note(vault, detail.id, {"data": "Opened by mistake."})
    store.delete_session(vault, detail.id)
    assert store.list_sessions(vault, client) == []
    with pytest.raises(NotFound):
        store.session_detail(vault, detail.id)


def test_next_appointment_replaces_the_earlier_one_and_shows_on_the_roster(vault, client, clock):
    today = clock.today
    first = store.set_next_appointment(vault, client, AppointmentInput("+7", "10:00"))
    assert first.day == today + timedelta(days=7)
    second = store.set_next_appointment(vault, client, AppointmentInput("+3", "9:30", "phone", ""))
    assert store.next_appointment(vault, client) == second
    row = next(r for r in list_roster(vault) if r.id == client)
    assert (row.next_day, row.next_time) == (today + timedelta(days=3), "09:30")
    assert store.cancel_next_appointment(vault, client)
    assert store.next_appointment(vault, client) is None  # the replaced one stays replaced
    assert next(r for r in list_roster(vault) if r.id == client).next_day is None


def test_an_appointment_in_the_past_is_refused(vault, client):
    with pytest.raises(Invalid) as err:
        store.set_next_appointment(vault, client, AppointmentInput("yesterday"))
    assert "day" in err.value.errors
    with pytest.raises(Invalid) as err:
        store.set_next_appointment(vault, client, AppointmentInput("today", "noon"))
    assert "at_time" in err.value.errors


def test_a_past_appointment_is_no_longer_the_next(vault, client, clock):
    store.set_next_appointment(vault, client, AppointmentInput("today", "16:00"))
    assert store.next_appointment(vault, client) is not None
    clock.shift(86400)
    assert store.next_appointment(vault, client) is None
    assert next(r for r in list_roster(vault) if r.id == client).next_day is None


def test_the_appointment_defaults_to_the_latest_reviews_next_checkin(vault, client, clock):
    from hrtui.store.reviews import finish_review, start_review, worksheet

    assert store.appointment_defaults(vault, client).suggested_day is None
    started = start_review(vault, client, "yesterday")
    data = worksheet(vault, started.review_id).as_input()
    checkin = clock.today + timedelta(days=5)
    finish_review(
        vault, started.review_id, data.__class__(**{**data.__dict__, "next_checkin": checkin})
    )
    defaults = store.appointment_defaults(vault, client)
    assert defaults.suggested_day == checkin
    assert defaults.current is None


def test_the_demo_writes_open_no_session(vault, client):
    with store.no_automatic_sessions():
        add_factor(vault, client, SLEEP)
    assert store.list_sessions(vault, client) == []
    add_factor(vault, client, SLEEP)
    assert len(store.list_sessions(vault, client)) == 1


def test_deleting_the_client_deletes_sessions_appointments_disclosures(vault, client):
    from hrtui.domain.sessions import DisclosureInput
    from hrtui.store.maintenance import delete_client

    detail = store.start_session(vault, client)
    store.sign_note(vault, detail.id, {"data": "A note."})
    store.add_addendum(vault, detail.id, "An addendum.")
    store.set_next_appointment(vault, client, AppointmentInput("+7"), session_id=detail.id)
    store.record_disclosures(vault, [client], "json", DisclosureInput("GP", "Referral", "yes"))
    delete_client(vault, client, "RIV-07")
    with vault.raw() as conn:
        for table in ("session", "session_note", "session_addendum", "appointment", "disclosure"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_sessions_list_newest_first(vault, client, clock):
    store.start_session(vault, client)
    clock.shift(7 * 86400)
    store.start_session(vault, client)
    days = [s.day for s in store.list_sessions(vault, client)]
    assert days == [clock.today, clock.today - timedelta(days=7)]
    assert isinstance(days[0], date)
