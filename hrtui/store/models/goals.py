"""Goal tables: co-created goals, step-down ladders, safer-use strategies, dated revisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from hrtui.store.models.core import stamp_field


class Goal(SQLModel, table=True):
    __tablename__ = "goal"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    kind: str  # reduce | safer | stepdown | abstinence | life
    status: str = "active"  # active | progressing | achieved | revised | paused (never "failed")
    title: str
    client_words: str = ""  # "what I want", in the client's words
    why_it_matters: str = ""
    steps: str = ""
    helpers: str = ""  # who or what can help
    obstacles: str = ""  # what could get in the way
    working_when: str = ""  # "I'll know it's working when..."
    counselor_note: str = ""  # kept apart from the client's words; never in the client's plan
    substance: str | None = None
    baseline_amount: float | None = None
    target_amount: float | None = None
    unit: str | None = None
    period: str | None = None  # per_use_day | per_week | use_days_per_week
    life_area: str | None = None
    start_on: date
    review_on: date | None = None
    created_at: datetime = stamp_field()
    updated_at: datetime = stamp_field()


class GoalFactor(SQLModel, table=True):
    """The intake factors a goal answers to."""

    __tablename__ = "goal_factor"

    goal_id: int = Field(foreign_key="goal.id", primary_key=True)
    factor_id: int = Field(foreign_key="factor.id", primary_key=True)


class GoalStep(SQLModel, table=True):
    """One rung of a step-down ladder."""

    __tablename__ = "goal_step"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    position: int
    starts_on: date
    amount: float
    unit: str
    note: str = ""


class GoalStrategy(SQLModel, table=True):
    """A safer-use strategy chosen for the client's plan (from the menu, or custom)."""

    __tablename__ = "goal_strategy"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    concern: str
    label: str
    custom: bool = False
    note: str = ""
    added_on: date


class GoalRevision(SQLModel, table=True):
    """A dated change to a goal with its reason; ``changes`` is JSON {field: [before, after]}."""

    __tablename__ = "goal_revision"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    revised_on: date
    reason: str
    changes: str = "{}"
    review_id: int | None = None  # set when a relapse review led to the revision
    created_at: datetime = stamp_field()


class GoalSafetyPrompt(SQLModel, table=True):
    """A safety prompt (e.g. withdrawal) shown when the goal was saved, and when (#17)."""

    __tablename__ = "goal_safety_prompt"

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id")
    kind: str  # withdrawal | opioid_withdrawal | tolerance
    title: str
    text: str = ""
    shown_at: datetime = stamp_field()
