"""The client's take-home plan: :class:`PlanPreview` shows the plan as the client will read
it; from there :class:`PlanDialog` writes it (the open goals and their options) to a file the
client can keep: a printable page, or Markdown for counselors.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Input,
    Markdown,
    Static,
)

from hrtui.screens.base import VaultModal
from hrtui.screens.form import FormScreen, field
from hrtui.widgets.toggles import Checkbox


class PlanPreview(VaultModal[Any]):
    """The take-home plan on screen before it is written: Ctrl+S goes on to write it (asks
    where), Escape goes back. Returns the path written, or None."""

    HELP_TEXT = (
        "The client's take-home plan as they will read it: their goals in their words, the "
        "safer-use strategies they chose, who helps and the next check-in; no counselor notes. "
        "Read it through together; Up/Down and Page Up/Down scroll. Ctrl+S goes on to write it "
        "to a file (a printable page, or Markdown); Escape goes back without writing."
    )
    BINDINGS = [
        Binding("ctrl+s", "write", "Write to a file", priority=True,
                tooltip="Write the plan to a file you name"),
        Binding("escape", "close", "Back"),
    ]  # fmt: skip
    DEFAULT_CSS = """
    PlanPreview #plan-preview { margin: 0 1; }
    """

    def __init__(self, client_id: int, code: str) -> None:
        super().__init__()
        self.client_id = client_id
        self.code = code
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("The client's take-home plan", classes="form-title")
            with VerticalScroll(classes="form-body", id="plan-scroll"):
                yield Markdown("Loading…", id="plan-preview", open_links=False)
            yield Static("Ctrl+S write to a file · Esc back · F1 help", classes="form-keys")

    def on_mount(self) -> None:
        from hrtui.client_plan import plan_markdown

        self.query_one("#plan-scroll").focus()
        self.call_store(plan_markdown, self.client_id, done=self._loaded)

    def _loaded(self, text: str) -> None:
        self.loaded = True
        self.query_one("#plan-preview", Markdown).update(text)

    def action_write(self) -> None:
        if not self.loaded:
            return

        def written(path: Any) -> None:
            if path is not None:
                self.dismiss(path)

        self.app.push_screen(PlanDialog(self.client_id, self.code), written)

    def action_close(self) -> None:
        self.dismiss(None)


class PlanDialog(FormScreen[Any]):
    """Write the client's take-home plan to a file the counselor names. Returns the path."""

    FORM_TITLE = "Write the client's take-home plan"
    HELP_TEXT = (
        "The plan holds the client's goals in their words, the safer-use strategies they chose, "
        "who helps and the next check-in; no counselor notes. A name ending in .html (or with "
        "no ending) gives a page to open in a browser and print; .md gives Markdown. The file "
        "is NOT encrypted and is readable only by you (0600): print it or hand it over, then "
        "delete it. " + FormScreen.HELP_TEXT
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
            Input("", id="path", placeholder=f"e.g. ~/plan-{self.code}.html"),
            hint=".html (or no ending): a page to print · .md: Markdown",
        )
        yield from field("If the file exists", Checkbox("Replace it", id="overwrite"))
        from hrtui.screens.sessions import disclosure_fields

        # the client's own copy is filled in; a plan given to someone else says to whom and why
        yield from disclosure_fields(own_copy=True)

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.client_plan import write_plan
        from hrtui.screens.sessions import disclosure_from

        return write_plan(vault, self.client_id, values["path"], bool(values["overwrite"]),
                          disclosure=disclosure_from(values))  # fmt: skip
