"""The Goals tab of a client's workspace: co-created goals, the menu of safer-use options,
revisions with their reasons, and the client's take-home plan.

What lives where:

- :mod:`.pane`: :class:`GoalsPane`, the tab (goal list and the selected goal's detail).
- :mod:`.detail`: how a goal reads: its short aim and the detail panel.
- :mod:`.form`: :class:`KindPicker` (which kind of goal) and :class:`GoalForm` (one form, its
  fields depend on the kind).
- :mod:`.menu`: the menu of safer-use options: :class:`StrategyPicker`, :class:`MenuItemForm`
  and the selection-list helpers both forms share.
- :mod:`.dialogs`: why the plan changes: :class:`ReasonDialog`, :class:`StatusDialog`,
  :class:`StepBackDialog` and the :class:`AsksReason` mixin.
- :mod:`.history`: :class:`HistoryScreen`, a goal's revisions.
- :mod:`.plan`: :class:`PlanPreview`, the take-home plan on screen, and :class:`PlanDialog`,
  write it to a file.
"""

from __future__ import annotations

from hrtui.screens.goals.detail import (
    DETAIL_LABELS,
    PERIOD_SHORT,
    detail_view,
    short_aim,
)
from hrtui.screens.goals.dialogs import (
    AsksReason,
    ReasonDialog,
    StatusDialog,
    StepBackDialog,
)
from hrtui.screens.goals.form import (
    KIND_HINTS,
    GoalForm,
    KindPicker,
)
from hrtui.screens.goals.history import (
    HistoryScreen,
)
from hrtui.screens.goals.menu import (
    MenuItemForm,
    MenuStrategies,
    SelectionForm,
    StrategyPicker,
    focus_menu,
    selected_in_order,
    selection_field,
    strategy_fields,
    strategy_options,
    strategy_prompt,
)
from hrtui.screens.goals.pane import (
    SHORT_KINDS,
    GoalsPane,
    GoalTable,
)
from hrtui.screens.goals.plan import (
    PlanDialog,
    PlanPreview,
)

__all__ = [
    "AsksReason",
    "DETAIL_LABELS",
    "GoalForm",
    "GoalTable",
    "GoalsPane",
    "HistoryScreen",
    "KIND_HINTS",
    "KindPicker",
    "MenuItemForm",
    "MenuStrategies",
    "PERIOD_SHORT",
    "PlanDialog",
    "PlanPreview",
    "ReasonDialog",
    "SHORT_KINDS",
    "SelectionForm",
    "StatusDialog",
    "StepBackDialog",
    "StrategyPicker",
    "detail_view",
    "focus_menu",
    "selected_in_order",
    "selection_field",
    "short_aim",
    "strategy_fields",
    "strategy_options",
    "strategy_prompt",
]
