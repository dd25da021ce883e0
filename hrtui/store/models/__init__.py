"""SQLModel tables, one module per area. The schema itself is built by the numbered SQL files in
``hrtui/store/migrations``; ``tests/test_schema.py`` checks that both agree."""

from sqlmodel import SQLModel

from hrtui.store.models.core import AuditEvent, Client, Meta, stamp_field
from hrtui.store.models.goals import Goal, GoalFactor, GoalRevision, GoalStep, GoalStrategy
from hrtui.store.models.intake import (
    AuditCResult,
    Factor,
    ReadinessRating,
    SubstanceBaseline,
    VocabTerm,
)
from hrtui.store.models.reviews import (
    Review,
    ReviewEntry,
    ReviewGoal,
    ReviewStressor,
    ReviewTrigger,
)
from hrtui.store.models.uselog import MemoryCue, UseEntry, UseEntryStrategy

__all__ = [
    "AuditCResult",
    "AuditEvent",
    "Client",
    "Factor",
    "Goal",
    "GoalFactor",
    "GoalRevision",
    "GoalStep",
    "GoalStrategy",
    "MemoryCue",
    "Meta",
    "ReadinessRating",
    "Review",
    "ReviewEntry",
    "ReviewGoal",
    "ReviewStressor",
    "ReviewTrigger",
    "SQLModel",
    "SubstanceBaseline",
    "UseEntry",
    "UseEntryStrategy",
    "VocabTerm",
    "stamp_field",
]
