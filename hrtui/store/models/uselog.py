"""Use-log tables. A row with ``no_use`` records a day without use: a fact, not a gap."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class UseEntry(SQLModel, table=True):
    __tablename__ = "use_entry"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    day: date
    substance: str = ""  # '' together with no_use: no use of anything that day
    no_use: bool = False
    amount: float | None = None
    unit: str = ""
    route: str = ""
    setting: str = ""
    with_whom: str = ""
    craving: int | None = None  # 0-10
    mood: str = ""
    note: str = ""
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()
    after_stay: str = ""  # first use after a stay: hospital | prison | treatment | other (#17)


class UseEntryStrategy(SQLModel, table=True):
    """A safer-use strategy of the client's plan that was used with this entry."""

    __tablename__ = "use_entry_strategy"

    entry_id: int = Field(foreign_key="use_entry.id", primary_key=True)
    strategy: str = Field(primary_key=True)


class MemoryCue(SQLModel, table=True):
    """A landmark on the recall calendar: payday, a holiday, a court date."""

    __tablename__ = "memory_cue"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    day: date
    label: str
    created_at: datetime = stamp_field()
