"""The plan dialog asks who receives the plan (the client's own copy filled in) and keeps the
disclosure; Ctrl+X on the sessions screen cancels the next appointment; the drink size is
chosen when a vault is created (issues #15, #18)."""

from __future__ import annotations

from contextlib import closing

from hrtui.domain.clients import ClientInput
from hrtui.domain.sessions import AppointmentInput
from hrtui.screens.confirm import Confirm
from hrtui.screens.goals import PlanDialog
from hrtui.screens.sessions import SessionScreen
from hrtui.screens.workspace import WorkspaceScreen
from hrtui.store import Vault
from hrtui.store import settings as settings_store
from hrtui.store.clients import add_client
from hrtui.store.sessions import list_disclosures, next_appointment, set_next_appointment

from .pilot import (
    choose,
    line_with,
    open_client_tab,
    running,
    screen_prose,
    settle,
    tab_to,
    type_text,
)

PASS = "river stone lamp"


def one_client(path) -> int:
    with closing(Vault.create(path, PASS)) as vault:
        return add_client(vault, ClientInput("RIV-07", "Marisol")).id


async def test_the_plan_dialog_records_who_received_the_plan(tmp_path, clock):
    path = tmp_path / "v.db"
    cid = one_client(path)
    out = tmp_path / "plan.md"
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f4")
        await pilot.press("ctrl+g")  # the plan as the client reads it
        await settle(pilot)
        await pilot.press("ctrl+s")  # write it to a file
        await settle(pilot)
        assert isinstance(app.screen, PlanDialog)
        await type_text(pilot, str(out))
        await tab_to(pilot, "recipient")
        text = screen_prose(app)
        assert "Who receives it" in text and "The client" in text  # their own copy by default
        await type_text(pilot, "Dr. Lee, GP")  # the field's text is selected: typing replaces
        await pilot.press("tab")
        await type_text(pilot, "referral")
        await pilot.press("tab")
        await choose(pilot, "Yes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
    assert out.exists()
    with closing(Vault.open(path, PASS)) as vault:
        assert [(d.what, d.recipient, d.purpose, d.consent)
                for d in list_disclosures(vault, cid)] == [
            ("plan", "Dr. Lee, GP", "referral", "yes")
        ]  # fmt: skip


async def test_ctrl_x_cancels_the_next_appointment_after_asking(tmp_path, clock):
    path = tmp_path / "v.db"
    cid = one_client(path)
    with closing(Vault.open(path, PASS)) as vault:
        set_next_appointment(vault, cid, AppointmentInput("+5", "09:00"))
    async with running(path) as (app, pilot):
        await open_client_tab(pilot, PASS, "f2")
        await pilot.press("ctrl+s")  # start today's session: the sessions screen
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Next appointment: none planned" not in screen_prose(app)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "Cancel the next appointment" in screen_prose(app)
        await pilot.press("n")  # kept
        await settle(pilot)
        assert next_appointment(app.vault, cid) is not None
        await pilot.press("ctrl+x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Next appointment: none planned" in screen_prose(app)
        assert next_appointment(app.vault, cid) is None


async def test_the_drink_size_is_chosen_when_the_vault_is_created(tmp_path, clock):
    path = tmp_path / "new.db"
    async with running(path) as (app, pilot):
        assert "10 g (WHO, Australia)" in line_with(app, "Standard drink:", "Create vault")
        await type_text(pilot, "river stone lamp")
        await pilot.press("enter")
        await type_text(pilot, "river stone lamp")
        await pilot.press("tab")  # the size, beside the Create button
        await pilot.press("enter", "down", "down", "down", "enter")  # WHO, US, Canada, UK
        await pilot.pause()
        assert "8 g (UK unit)" in line_with(app, "Standard drink:", "Create vault")
        await pilot.press("tab", "enter")  # Create vault
        await settle(pilot)
        assert app.vault is not None
    with closing(Vault.open(path, PASS)) as vault:
        assert settings_store.drink_size(vault).key == "uk"


async def test_enter_in_the_second_passphrase_keeps_the_default_size(tmp_path, clock):
    path = tmp_path / "new.db"
    async with running(path) as (app, pilot):
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await type_text(pilot, PASS)
        await pilot.press("enter")
        await settle(pilot)
    with closing(Vault.open(path, PASS)) as vault:
        assert settings_store.drink_size(vault).key == "who"
