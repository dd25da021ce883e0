"""Core tables: vault metadata, clients, the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


def stamp_field(**kwargs: Any) -> Any:
    """A date-time column holding local wall-clock time (naive), as the counselor sees it."""
    return Field(sa_type=DateTime, **kwargs)


class Meta(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


class Client(SQLModel, table=True):
    """A person the counselor works with, known by a pseudonymous code."""

    __tablename__ = "client"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, sa_column_kwargs={"info": {"collate": "NOCASE"}})
    display_name: str
    pronouns: str = ""
    note: str = ""  # the counselor's own note; never in the client's take-home plan
    archived: bool = False
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()
    last_activity_at: datetime | None = stamp_field(default=None, index=True)


class AuditEvent(SQLModel, table=True):
    """What happened to whose record and when; never what the record says."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = stamp_field()
    client_id: int | None = None  # no foreign key: the trail outlives a deleted record
    action: str
    area: str = "client"
