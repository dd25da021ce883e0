"""The Intake tab of a client's workspace, and its forms.

What lives where:

- :mod:`.pane`: :class:`IntakePane`, one pane with four views on number keys (factors,
  substance baselines, readiness ratings, AUDIT-C results) and a summary.
- :mod:`.forms`: :class:`FactorForm`, :class:`BaselineForm`, :class:`ReadinessForm`,
  :class:`AuditCForm` and :class:`AddTermForm` (a new word for a vocabulary list).
- :mod:`.cells`: small text helpers for table cells (fit, effect and "new" tag marks).
"""

from __future__ import annotations

from hrtui.screens.intake.cells import (
    RISK_STYLE,
    STRENGTH_STYLE,
    TAG_STYLE,
    effect_cell,
    fit,
    tag_cell,
)
from hrtui.screens.intake.forms import (
    AddTermForm,
    AnswerSet,
    AuditCForm,
    BaselineForm,
    FactorForm,
    IntakeForm,
    ReadinessForm,
)
from hrtui.screens.intake.pane import (
    GROUP_KEY,
    VIEWS,
    IntakePane,
)

__all__ = [
    "AddTermForm",
    "AnswerSet",
    "AuditCForm",
    "BaselineForm",
    "FactorForm",
    "GROUP_KEY",
    "IntakeForm",
    "IntakePane",
    "RISK_STYLE",
    "ReadinessForm",
    "STRENGTH_STYLE",
    "TAG_STYLE",
    "VIEWS",
    "effect_cell",
    "fit",
    "tag_cell",
]
