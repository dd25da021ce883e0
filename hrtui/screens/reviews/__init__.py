"""The Reviews tab of a client's workspace and the review worksheet.

A review looks at a return to use with compassion so treatment goes on: what happened, the
triggers (picked from the intake or added to it), thoughts and feelings (the "I've blown it"
self-talk noticed kindly), warning signs, what reduced harm, whether the goals asked too much,
new stressors, what was learned, and the plan changes agreed. Data goes through
:mod:`hrtui.store.reviews` only.

What lives where:

- :mod:`.pane`: :class:`ReviewsPane`, the workspace tab listing a client's reviews.
- :mod:`.dialogs`: the small forms and pickers: :class:`StartReviewForm`, :class:`PickList`,
  :class:`TriggerForm`, :class:`StressorForm`, :class:`ReviseGoalForm`, :class:`StrategyForm`,
  :class:`SupportForm`.
- :mod:`.worksheet`: :class:`ReviewWorksheet` (the full-screen worksheet, one section per
  topic) and :func:`open_review_of_day` (start or open a day's review from any screen).
"""

from __future__ import annotations

from hrtui.screens.reviews.dialogs import (
    NOT_TO_INTAKE,
    IntakeItemForm,
    PickList,
    ReviseGoalForm,
    StartReviewForm,
    StrategyForm,
    StressorForm,
    SupportForm,
    TriggerForm,
)
from hrtui.screens.reviews.pane import (
    ReviewsPane,
    ReviewTable,
)
from hrtui.screens.reviews.worksheet import (
    NEW_TRIGGER,
    ItemSection,
    ItemTable,
    ReviewWorksheet,
    SectionList,
    open_review_of_day,
)

__all__ = [
    "IntakeItemForm",
    "ItemSection",
    "ItemTable",
    "NEW_TRIGGER",
    "NOT_TO_INTAKE",
    "PickList",
    "ReviewTable",
    "ReviewWorksheet",
    "ReviewsPane",
    "ReviseGoalForm",
    "SectionList",
    "StartReviewForm",
    "StrategyForm",
    "StressorForm",
    "SupportForm",
    "TriggerForm",
    "open_review_of_day",
]
