"""Check boxes and radio buttons that show their state by a glyph, not by colour alone.

Textual draws both as a block ("▐X▌", "▐●▌") whose mark is there ticked or not: only its
brightness tells the state, which is lost to a person who does not see the colour difference,
under ``NO_COLOR`` and on a terminal of few colours. Here the state is in the characters:

- :class:`Checkbox`: ``[x]`` ticked, ``[ ]`` not;
- :class:`RadioButton`: ``(•)`` chosen, ``( )`` not;
- :class:`SelectionList`: each option ``[x]`` ticked, ``[ ]`` not.

Every screen uses these (``tests/screens/test_toggles.py`` checks that none builds Textual's
own). They are Textual's widgets otherwise (keys, messages, ``value``), so a ``Checkbox`` here
is a ``textual.widgets.Checkbox`` for code that asks.

Only public parts of Textual are relied on (``render``, ``get_content_width``, ``label``,
``value``, ``get_visual_style``, ``render_line``, ``selected``, and ``ToggleButton``'s
``BUTTON_LEFT``/``BUTTON_INNER``/``BUTTON_RIGHT``, the three cells a selection list's button
takes); the mark is drawn in the colours of the text around it, so it has that text's
contrast. The button always comes before its label.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import widgets
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType


def _render(toggle: widgets.Checkbox | widgets.RadioButton, mark: str) -> Content:
    """The mark, then the label in Textual's label style (the block cursor when focused)."""
    if not toggle.label:
        return Content(mark)
    label = toggle.label.pad(1, 1).stylize_before(toggle.get_visual_style("toggle--label"))
    return Content.assemble(Content(mark), label)


def _width(toggle: widgets.Checkbox | widgets.RadioButton, mark: str) -> int:
    return len(mark) + (toggle.label.cell_length + 2 if toggle.label else 0)


class _Marked:
    """What :class:`Checkbox` and :class:`RadioButton` share: drawn as their mark (``ON`` or
    ``OFF``, by ``value``), then the label."""

    ON = OFF = ""

    @property
    def mark(self) -> str:
        return self.ON if getattr(self, "value", False) else self.OFF

    def render(self) -> Content:
        return _render(self, self.mark)  # type: ignore[arg-type]  # mixed into a toggle

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return _width(self, self.mark)  # type: ignore[arg-type]  # mixed into a toggle


class Checkbox(_Marked, widgets.Checkbox):
    """A check box reading ``[x]`` ticked and ``[ ]`` not.

    Plain ASCII brackets rather than "☑"/"☐": they are in every font and every terminal
    (``TERM=xterm``, the Linux console, Windows' older consoles, a screen reader's speech),
    take exactly one column each everywhere, and "☐"/"☑" differ only in a small detail that
    many fonts draw alike or replace with a box of their own; "[x]" is also how plain-text
    forms and Markdown write a ticked box, so it reads without explanation.
    """

    ON, OFF = "[x]", "[ ]"


class RadioButton(_Marked, widgets.RadioButton):
    """A radio button reading ``(•)`` chosen and ``( )`` not (for the same reasons as
    :class:`Checkbox`; "•" is in every common terminal font)."""

    ON, OFF = "(•)", "( )"


class SelectionList(widgets.SelectionList[SelectionType]):
    """A list of options to tick, each reading ``[x]`` ticked and ``[ ]`` not (Space ticks)."""

    ON, OFF = Checkbox.ON, Checkbox.OFF

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        # Textual's button ("▐X▌") is the first three cells; the option's own text follows
        button = sum(len(part) for part in _BUTTON)
        rest = line.crop(button)
        segments = list(rest)
        style = (segments[0].style if segments else None) or Style()
        meta = Style.from_meta({"option": self.scroll_offset.y + y})  # a click ticks it
        mark = self.ON if option.value in self.selected else self.OFF
        return Strip([Segment(mark, style + meta), *segments], line.cell_length)


_BUTTON = (widgets.Checkbox.BUTTON_LEFT, widgets.Checkbox.BUTTON_INNER,
           widgets.Checkbox.BUTTON_RIGHT)  # fmt: skip
