"""Intake tables: factors (risks and strengths), substance baselines, readiness, AUDIT-C, and
the counselor's additions to the built-in vocabularies."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class VocabTerm(SQLModel, table=True):
    """A term the counselor added to a built-in list (kind: factor_category, substance, ...)."""

    __tablename__ = "vocab_term"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    grp: str = ""
    label: str
    created_at: datetime = stamp_field()


class Factor(SQLModel, table=True):
    """Something internal or external behind the person's use: a risk or a strength."""

    __tablename__ = "factor"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    grp: str  # internal | external
    category: str
    description: str  # the client's own words
    effect: str  # risk | strength
    weight: int = 1  # how much it weighs now, 0-3
    note: str = ""
    noted_on: date
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()


class SubstanceBaseline(SQLModel, table=True):
    """Use of one substance as it was on ``taken_on``; retaking adds a row, history stays."""

    __tablename__ = "substance_baseline"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    substance: str
    routes: str = ""  # comma-separated
    amount: float | None = None  # usual amount per occasion
    unit: str
    days_per_week: float | None = None
    last_use: date | None = None
    what_it_does: str = ""
    taken_on: date  # the day the baseline describes (how use looked then)
    created_at: datetime = stamp_field()
    #: occasions of use on a use day (#15): per use day = amount × occasions (migration 010)
    occasions_per_day: float = 1.0


class ReadinessRating(SQLModel, table=True):
    __tablename__ = "readiness_rating"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    rated_on: date
    importance: int
    confidence: int
    readiness: int
    why_not_lower: str = ""
    one_up: str = ""  # what would move you one number up
    created_at: datetime = stamp_field()
    goal_id: int | None = Field(default=None, foreign_key="goal.id")  # about this goal (#17)
    behaviour: str = ""  # or about this behaviour, in words; neither: change in general


class AuditCResult(SQLModel, table=True):
    """AUDIT-C answers (0-4 each); the score is computed, not stored."""

    __tablename__ = "auditc_result"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    taken_on: date
    q1: int
    q2: int
    q3: int
    cutoff: int | None = None  # the cut-off the counselor chose (3 or 4); None: not chosen
    created_at: datetime = stamp_field()


class DecisionalBalance(SQLModel, table=True):
    """A decisional-balance sheet: good and less good things about using and about changing,
    in the client's words; about a behaviour and/or a goal."""

    __tablename__ = "decisional_balance"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    made_on: date
    behaviour: str = ""
    goal_id: int | None = Field(default=None, foreign_key="goal.id")
    using_good: str = ""
    using_less_good: str = ""
    change_good: str = ""
    change_less_good: str = ""
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()
