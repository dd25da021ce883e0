"""Add or edit a client's details.

In the client view (F8) the form has no counselor note (a save keeps the stored one); with names
hidden (F7) the name field shows dots (it can still be typed into).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from hrtui.domain.clients import CODE_RULE, NAME_MAX, PRONOUNS_MAX, ClientInput
from hrtui.screens.form import FormScreen, field


class ClientForm(FormScreen[Any]):
    """Returns the saved client, or None when left without saving."""

    HELP_TEXT = (
        "The client code is a short pseudonym you choose (for example RIV-07); it must be unique. "
        "The name can be a first name or an alias. The counselor note is yours: it never goes "
        "into the client's take-home plan. " + FormScreen.HELP_TEXT
    )
    #: F1 in the client view, where the form has no counselor note.
    CLIENT_VIEW_HELP = HELP_TEXT.partition(" The counselor note")[0] + " " + FormScreen.HELP_TEXT

    def __init__(self, client: Any | None = None) -> None:
        super().__init__()
        self.client = client
        self.FORM_TITLE = f"Edit {client.code}" if client else "New client"

    def compose_fields(self) -> ComposeResult:
        c = self.client
        yield from field(
            "Client code",
            Input(c.code if c else "", id="code", max_length=16, placeholder="e.g. RIV-07"),
            hint=CODE_RULE,
        )
        yield from field(
            "Name or alias",
            Input(
                c.display_name if c else "",
                id="display_name",
                max_length=NAME_MAX,
                password=bool(self.app.names_hidden),
            ),
        )
        yield from field(
            "Pronouns (optional)",
            Input(
                c.pronouns if c else "",
                id="pronouns",
                max_length=PRONOUNS_MAX,
                placeholder="e.g. she/her, they/them",
            ),
        )
        if self.app.client_view:
            return
        yield from field(
            "Counselor note (optional, not in the client's plan)",
            TextArea(c.note if c else "", id="note", soft_wrap=True, tab_behavior="focus"),
        )

    def save(self, vault: Any, values: dict[str, Any]) -> Any:
        from hrtui.store import clients

        if "note" not in values:  # the client view: the note is kept as stored
            stored = clients.get_client(vault, self.client.id).note if self.client else ""
            values = {**values, "note": stored}
        data = ClientInput(**values)
        if self.client is None:
            return clients.add_client(vault, data)
        return clients.update_client(vault, self.client.id, data)
