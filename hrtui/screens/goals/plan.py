"""The client's take-home plan: :class:`PlanDialog` writes the plan (the open goals and
their options) to a file the client can keep.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import (
    Checkbox,
    Input,
    Static,
)

from hrtui.screens.form import FormScreen, field


class PlanDialog(FormScreen[Any]):
    """Write the client's take-home plan to a file the counselor names. Returns the path."""

    FORM_TITLE = "Write the client's take-home plan"
    HELP_TEXT = (
        "The plan holds the client's goals in their words, the safer-use strategies they chose, "
        "who helps and the next check-in; no counselor notes. The file is NOT encrypted and is "
        "readable only by you (0600): print it or hand it over, then delete it. "
        + FormScreen.HELP_TEXT
    )

    def __init__(self, client_id: int, code: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.code = code

    def compose_fields(self) -> ComposeResult:
        from hrtui.client_plan import NOT_ENCRYPTED

        yield Static(NOT_ENCRYPTED, classes="warning")
        yield from field(
            "Write to (a full path)",
            Input("", id="path", placeholder=f"e.g. ~/plan-{self.code}.md"),
        )
        yield from field("If the file exists", Checkbox("Replace it", id="overwrite"))

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.client_plan import write_plan

        return write_plan(vault, self.client_id, values["path"], bool(values["overwrite"]))
