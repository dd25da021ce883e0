"""The message line under a field (or under a whole form, or on the unlock screen).

One way to show such a message everywhere: build a :class:`FieldError` and call
:meth:`FieldError.update` with the text. While it has text it takes its rows and shows in the
error colour; with none it takes no row at all, so an empty message leaves no gap.

Why not a plain ``Static`` hidden by ``.field-error:empty`` in TCSS: in Textual ``:empty``
means "has no child widgets", which a ``Static`` never has, so such a rule hides every message.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class FieldError(Static):
    """A message line that shows only while it has text. The text is never read as markup
    (a store message may quote what a person typed, and ``[/]`` would break the screen)."""

    DEFAULT_CLASSES = "field-error"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.display = False

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content`` (plain text, a Rich ``Text`` or a ``Content``); "" hides the line."""
        super().update(content, layout=layout)
        plain = getattr(content, "plain", content)
        self.display = bool(str(plain).strip())
