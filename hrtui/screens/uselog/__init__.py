"""The use log: quick entry, calendar recall, and progress where any positive change counts.

What lives where:

- :mod:`.pane`: :class:`UseLogPane` (workspace tab, F5): per substance, per week or month, the
  figures, a bar chart and plain sentences about the highlighted period; and
  :func:`open_quick_entry` (the workspace's Ctrl+U).
- :mod:`.chart`: the bar chart and its legend.
- :mod:`.forms`: :class:`EntryForm` (the quick entry), :class:`NoUseForm`, :class:`CueForm`,
  and :func:`open_entry_form` that loads the defaults and opens the entry form.
- :mod:`.day`: :class:`DayScreen`, one day's entries to edit or delete.
- :mod:`.calendar`: :class:`CalendarScreen`, a month grid for filling past days.
"""

from __future__ import annotations

from hrtui.screens.uselog.calendar import (
    CalendarScreen,
)
from hrtui.screens.uselog.chart import (
    CHART_STYLES,
    CHART_WIDTH,
    chart_legend,
    chart_text,
)
from hrtui.screens.uselog.day import (
    DayScreen,
)
from hrtui.screens.uselog.forms import (
    CueForm,
    EntryForm,
    NoUseForm,
    open_entry_form,
    saved_message,
)
from hrtui.screens.uselog.pane import (
    UseLogPane,
    open_quick_entry,
    refresh_panes,
)

__all__ = [
    "CHART_STYLES",
    "CHART_WIDTH",
    "CalendarScreen",
    "CueForm",
    "DayScreen",
    "EntryForm",
    "NoUseForm",
    "UseLogPane",
    "chart_legend",
    "chart_text",
    "open_entry_form",
    "open_quick_entry",
    "refresh_panes",
    "saved_message",
]
