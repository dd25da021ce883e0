"""Progress tables: the drinks table standard drinks are counted with."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class DrinkRow(SQLModel, table=True):
    """A unit alcohol is logged in ("cans of beer"), with its volume (ml) and ABV (%)."""

    __tablename__ = "drink"

    id: int | None = Field(default=None, primary_key=True)
    unit: str = Field(unique=True, sa_column_kwargs={"info": {"collate": "NOCASE"}})
    volume_ml: float
    abv: float
    created_at: datetime = stamp_field()
