"""Text a person typed, shown as typed: never read as markup.

Textual reads a plain ``str`` given to ``Select``, ``SelectionList``, ``OptionList``, ``Label``,
``Static`` or ``notify`` as content markup. A label such as ``[/] [b]x[/b]`` (a factor category,
a substance, a route or a strategy someone added to an editable list, a goal's title, a client's
words) would then stop the screen with an error, every time the list is shown again, and
``[b]`` would turn text bold. Everything a person may have typed goes through this module on its
way to a widget; labels of the built-in lists too, since they share the lists with the typed
ones. (Notifications are plain text already: ``HrtuiApp.notify``; tables use
:class:`hrtui.widgets.fast_table.PlainTable`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text


def text(value: Any) -> Any:
    """A ``str`` as plain text (``None`` as empty text); a ``Text``, ``Content`` or other
    renderable unchanged (it says itself how it is styled)."""
    if value is None:
        return Text("")
    return Text(value) if isinstance(value, str) else value


def options(values: Iterable[str]) -> list[tuple[Text, str]]:
    """Options whose label is their value (a vocabulary's terms): ``[(Text(v), v), ...]``,
    for ``Select(...)`` and ``Select.set_options``."""
    return [(Text(value), value) for value in values]


def labelled(items: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Tuples whose first item is a label, with that label as plain text and the rest as is:
    ``(label, value)`` options of a ``Select``, ``(label, value, ticked)`` items of a
    ``SelectionList``."""
    return [(text(label), *rest) for label, *rest in items]
