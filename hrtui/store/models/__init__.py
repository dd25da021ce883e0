"""SQLModel tables, one module per area. The schema itself is built by the numbered SQL files in
``hrtui/store/migrations``; ``tests/store/test_schema.py`` checks that both agree."""

from sqlmodel import SQLModel

from hrtui.store.models.core import AuditEvent, Client, Meta, stamp_field
from hrtui.store.models.goals import (
    Goal,
    GoalFactor,
    GoalRevision,
    GoalSafetyPrompt,
    GoalStep,
    GoalStrategy,
)
from hrtui.store.models.intake import (
    AuditCResult,
    DecisionalBalance,
    Factor,
    ReadinessRating,
    SubstanceBaseline,
    VocabTerm,
)
from hrtui.store.models.progress import DrinkRow
from hrtui.store.models.reviews import (
    Review,
    ReviewCoping,
    ReviewEntry,
    ReviewGoal,
    ReviewStressor,
    ReviewTrigger,
)
from hrtui.store.models.sessions import (
    Appointment,
    Disclosure,
    SessionAddendum,
    SessionNote,
    SessionRow,
)
from hrtui.store.models.uselog import MemoryCue, UseEntry, UseEntryStrategy

__all__ = [
    "Appointment",
    "Disclosure",
    "SessionAddendum",
    "SessionNote",
    "SessionRow",
    "AuditCResult",
    "AuditEvent",
    "Client",
    "DecisionalBalance",
    "DrinkRow",
    "Factor",
    "Goal",
    "GoalFactor",
    "GoalRevision",
    "GoalSafetyPrompt",
    "GoalStep",
    "GoalStrategy",
    "MemoryCue",
    "Meta",
    "ReadinessRating",
    "Review",
    "ReviewCoping",
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
