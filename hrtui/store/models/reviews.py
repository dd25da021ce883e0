"""Relapse-review worksheet tables: a return to use, reviewed with compassion."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class Review(SQLModel, table=True):
    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    day: date  # the day of the return to use
    status: str = "draft"  # draft | finished
    time_of_day: str = ""  # when in the day, in words ("evening, after the shift")
    what_happened: str = ""
    place: str = ""
    with_whom: str = ""
    what_used: str = ""
    thoughts_before: str = ""
    thoughts_after: str = ""
    self_talk: str = ""  # e.g. "I've blown it" thoughts, noticed
    warning_signs: str = ""
    what_reduced_harm: str = ""
    consequences: str = ""
    too_ambitious: str | None = None  # yes | no | not_sure
    too_ambitious_note: str = ""
    learned: str = ""
    next_checkin: date | None = None
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()
    kind: str | None = None  # over_plan | heavier | after_break | pattern (#17)
    after_stay: str = ""  # use after a stay: hospital | prison | treatment | other
    confidence: int | None = None  # 0-10: how sure they could handle it next time


class ReviewCoping(SQLModel, table=True):
    """A coping response in the client's words: tried that day, or one to try next time."""

    __tablename__ = "review_coping"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id")
    text: str
    tried: bool = False


class ReviewEntry(SQLModel, table=True):
    __tablename__ = "review_entry"

    review_id: int = Field(foreign_key="review.id", primary_key=True)
    entry_id: int = Field(foreign_key="use_entry.id", primary_key=True)


class ReviewGoal(SQLModel, table=True):
    __tablename__ = "review_goal"

    review_id: int = Field(foreign_key="review.id", primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", primary_key=True)


class ReviewTrigger(SQLModel, table=True):
    """A trigger named in a review; ``factor_id`` links it to the intake factor it is."""

    __tablename__ = "review_trigger"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id")
    factor_id: int | None = Field(default=None, foreign_key="factor.id")
    label: str


class ReviewStressor(SQLModel, table=True):
    __tablename__ = "review_stressor"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id")
    text: str
    factor_id: int | None = Field(default=None, foreign_key="factor.id")
