"""Session tables: one row per meeting with a client, its counselor-only note and dated addenda,
the next appointment, and the list of every time the record was given to someone."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class SessionRow(SQLModel, table=True):
    """A meeting with the client: at most one per client and day (the day's session)."""

    __tablename__ = "session"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    day: date
    started_at: datetime = stamp_field()
    length_minutes: int | None = None
    kind: str = "in_person"  # in_person | outreach | phone | video
    place: str = ""  # office, street, home visit... (no address needed)
    present: str = ""  # who was there
    started_by: str = "counselor"  # counselor | auto (the first write of the day started it)
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()


class SessionNote(SQLModel, table=True):
    """The session's note, in the structure chosen when it was begun (DAP, SOAP or BIRP; only
    that structure's fields are used). Counselor-only. Once signed it is never changed."""

    __tablename__ = "session_note"

    session_id: int = Field(foreign_key="session.id", primary_key=True)
    structure: str  # dap | soap | birp
    status: str = "draft"  # draft | signed
    data: str = ""
    subjective: str = ""
    objective: str = ""
    behavior: str = ""
    intervention: str = ""
    response: str = ""
    assessment: str = ""
    plan: str = ""
    signed_at: datetime | None = stamp_field(default=None)
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()


class SessionAddendum(SQLModel, table=True):
    """A dated correction or addition to a signed note."""

    __tablename__ = "session_addendum"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="session.id")
    text: str
    written_at: datetime = stamp_field()


class Appointment(SQLModel, table=True):
    """A planned meeting. The client's next appointment is the earliest planned one from today
    on; setting a new one marks the earlier planned ones ``replaced``."""

    __tablename__ = "appointment"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    day: date
    at_time: str = ""  # "HH:MM", or '' when no time was agreed
    kind: str = "in_person"
    place: str = ""
    status: str = "planned"  # planned | replaced | cancelled
    session_id: int | None = None  # the session it was set in (no key: sessions may go)
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()


class Disclosure(SQLModel, table=True):
    """The record (or part of it) was given to someone: when, what, to whom, why, consent."""

    __tablename__ = "disclosure"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    disclosed_at: datetime = stamp_field()
    what: str  # json | markdown | plan | tlfb (the export's format)
    recipient: str
    purpose: str
    consent: str  # yes | no | not_needed
