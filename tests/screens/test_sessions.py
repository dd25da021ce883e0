"""Sessions by keys only: a day's writes open the session, the note pulls in what changed, is
signed and gets an addendum; the next appointment is on the roster; an export asks who receives
it and the disclosure is listed; the client plan and the client view never show a note."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, time, timedelta

from hrtui.domain.clients import ClientInput
from hrtui.screens.maintenance import ExportRecordForm
from hrtui.screens.roster import RosterScreen
from hrtui.screens.sessions import AddendumForm, AppointmentForm, NoteForm, SessionScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store.clients import add_client
from hrtui.store.models import SubstanceBaseline

from .pilot import (
    choose,
    open_workspace,
    palette,
    running,
    screen_prose,
    screen_text,
    settle,
    type_text,
    unlock,
)

PASS = "river stone lamp"
DR = "standard drinks"
NOTE_WORDS = "Came in straight from a night shift"


def seeded(path, today) -> int:
    with closing(Vault.create(path, PASS)) as vault:
        cid = add_client(vault, ClientInput("RIV-07", "Marisol", "she/her")).id
        taken = today - timedelta(days=60)
        with vault.session() as s:
            s.add(SubstanceBaseline(client_id=cid, substance="Alcohol", unit=DR, amount=5,
                                    days_per_week=5, taken_on=taken,
                                    created_at=datetime.combine(taken, time(9))))  # fmt: skip
        return cid


async def add_factor(pilot, category: str, words: str, effect: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press("tab")
    await choose(pilot, category)
    await pilot.press("tab")
    await type_text(pilot, words)
    await pilot.press("tab")
    await choose(pilot, effect)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_session_from_first_write_to_signed_note_appointment_and_export(
    tmp_path, clock, monkeypatch
):
    path = tmp_path / "v.db"
    seeded(path, clock.today)
    monkeypatch.setenv("HOME", str(tmp_path))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await open_workspace(pilot, "RIV")
        assert isinstance(app.screen, WorkspaceScreen)

        # log a day (quick entry) and add a factor: the first write opens the day's session
        await pilot.press("ctrl+u")
        await settle(pilot)
        await type_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await add_factor(pilot, "Sleep", "Sleeps four hours after shifts", "risk")
        assert isinstance(app.screen, WorkspaceScreen)

        # Ctrl+S: the session, with what changed gathered by itself
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        prose = screen_prose(app)
        assert "Started with the first record written that day." in prose
        assert "Factor added: internal · Sleep: Sleeps four hours after shifts (risk)" in prose
        assert "Note (DAP): not written yet." in prose

        # the note: type, pull in what changed (Ctrl+G), sign (Ctrl+F, then y)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, NOTE_WORDS)
        await pilot.press("ctrl+g")
        await settle(pilot)
        today = clock.today
        assert f"- Use log: {today:%a} {today.day} {today:%b} logged" in screen_text(app)
        await pilot.press("tab")
        await type_text(pilot, "Sleep drives the evening drinking")
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert "Sign the note?" in screen_prose(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        prose = screen_prose(app)
        assert "kept as written" in prose and NOTE_WORDS in prose
        assert "Assessment: Sleep drives the evening drinking" in prose

        # a signed note is kept: Ctrl+N now adds a dated addendum
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, AddendumForm)
        await type_text(pilot, "She called later the shift was moved")
        await pilot.press("ctrl+s")
        await settle(pilot)
        prose = screen_prose(app)
        assert f"Addendum {clock.today.isoformat()}" in prose
        assert "She called later" in prose and "shift was moved" in prose

        # the next appointment, at the end of the session
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert isinstance(app.screen, AppointmentForm)
        await type_text(pilot, "+7")
        await pilot.press("tab")
        await type_text(pilot, "10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        nxt = clock.today + timedelta(days=7)
        assert f"Next appointment: {nxt:%a} {nxt.day} {nxt:%b} 10:00" in screen_prose(app)

        # an export asks who receives it, why, and consent; the disclosure is listed
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "Export this client")
        assert isinstance(app.screen, ExportRecordForm)
        await type_text(pilot, str(tmp_path / "record.json"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportRecordForm)
        assert "Who receives the record?" in screen_prose(app)
        assert not (tmp_path / "record.json").exists()
        await type_text(pilot, "Dr Lee GP")  # the first field with a message has the focus
        await pilot.press("tab")
        await type_text(pilot, "Referral")
        await pilot.press("tab")
        await choose(pilot, "Yes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert (tmp_path / "record.json").exists()
        await pilot.press("f2")
        await settle(pilot)
        prose = screen_prose(app)
        assert f"{clock.today.isoformat()} · Whole record (JSON) · to Dr Lee GP · Referral" in prose
        assert "Next appointment" in prose

        # the roster shows the next appointment
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert f"{nxt.day} {nxt:%b} 10:00" in screen_text(app)


async def test_the_client_view_lists_disclosures_but_never_a_note(tmp_path, clock):
    from hrtui.domain.sessions import AppointmentInput, DisclosureInput
    from hrtui.store import sessions as store

    path = tmp_path / "v.db"
    cid = seeded(path, clock.today)
    with closing(Vault.open(path, PASS)) as vault:
        detail = store.start_session(vault, cid)
        store.sign_note(vault, detail.id, {"data": NOTE_WORDS, "plan": "Water between drinks"})
        store.set_next_appointment(vault, cid, AppointmentInput("today", "16:30"))
        store.record_disclosures(vault, [cid], "plan", DisclosureInput(
            "The client", "Their own take-home plan", "not_needed"))  # fmt: skip
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)
        await open_workspace(pilot, "RIV")
        await pilot.press("f8")
        await settle(pilot)
        assert app.client_view
        prose = screen_prose(app)
        assert "Take-home plan · to The client · Their own take-home plan" in prose
        assert "Next appointment today 16:30" in prose
        await pilot.press("ctrl+s")  # no session screen in the client view
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        await pilot.press("f10")
        await settle(pilot)
        assert "Session" in screen_text(app)
        await pilot.press("enter")  # the session is the newest line: its note is not opened
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        for key in ("f2", "f3", "f4", "f5", "f6", "f10"):
            await pilot.press(key)
            await settle(pilot)
            assert NOTE_WORDS not in screen_text(app), key
            assert "Water between drinks" not in screen_text(app), key


async def test_the_roster_sorts_by_next_appointment_and_lists_who_is_expected_today(
    tmp_path, clock
):
    from hrtui.domain.sessions import AppointmentInput
    from hrtui.store.sessions import set_next_appointment

    path = tmp_path / "v.db"
    with closing(Vault.create(path, PASS)) as vault:
        ids = {code: add_client(vault, ClientInput(code, name)).id
               for code, name in (("AAA-1", "Ann"), ("BBB-2", "Bo"), ("CCC-3", "Cy"))}  # fmt: skip
        set_next_appointment(vault, ids["AAA-1"], AppointmentInput("+5", "09:00"))
        set_next_appointment(vault, ids["CCC-3"], AppointmentInput("today", "15:00"))
    async with running(path) as (app, pilot):
        await unlock(pilot, PASS)

        def codes() -> list[str]:
            return [c for c in ("AAA-1", "BBB-2", "CCC-3") if c in screen_text(app)]

        def order() -> list[str]:
            text = screen_text(app)
            return sorted(codes(), key=text.index)

        await pilot.press("ctrl+o")
        await settle(pilot)
        assert order() == ["CCC-3", "AAA-1", "BBB-2"]
        assert "by next appointment" in screen_text(app)
        assert "today 15:00" in screen_text(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert codes() == ["CCC-3"]
        assert "1 expected today" in screen_text(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert len(codes()) == 3
