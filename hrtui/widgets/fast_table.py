"""Tables that show what people typed as typed, and one that draws its rows cheaply.

:class:`PlainTable` is Textual's DataTable with one difference: a ``str`` cell is shown as
plain text. DataTable reads a ``str`` as Rich markup, so a client's note containing ``[/]``
would stop the table from drawing and ``[b]`` would turn text bold. Every table in the app is a
PlainTable (pass a ``rich.text.Text`` for styling).

:class:`FastTable` is for tables redrawn on every keystroke.

Textual's DataTable renders every cell through Rich's full pipeline (markup, padding, wrapping,
measuring): about 0.15 ms a cell on a modest machine, so redrawing an 18-row, six-column table
takes a whole 60 Hz frame by itself. :class:`FastTable` keeps everything of DataTable (rows,
keys, cursor, scrolling, messages, component styles) and only replaces how a line is drawn:
each cell is one line of text, cut to its column (with an ellipsis) and padded.

Limits, by design: rows are one line high, no row labels, no fixed rows or columns.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import DataTable

from hrtui.widgets.plain import text as plain_text


class PlainTable(DataTable[Any]):
    """DataTable whose ``str`` cells are plain text, never markup (see the module docstring)."""

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(plain_text(cell) for cell in cells), **kwargs)

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, plain_text(value), **kwargs)

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, plain_text(value), **kwargs)


class FastTable(PlainTable):
    """PlainTable with one-line cells drawn directly (see the module docstring)."""

    def add_row(self, *cells: Any, height: int | None = 1, **kwargs: Any) -> Any:
        return super().add_row(*cells, height=1, **kwargs)

    def _update_dimensions(self, new_rows: Any) -> None:
        # DataTable measures every cell of every new row here (once the app is idle), to size
        # auto-width columns. With fixed widths and one-line rows the size is known at once.
        columns = list(self.columns.values())
        if any(column.auto_width for column in columns):
            super()._update_dimensions(new_rows)
            return
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            sum(column.get_render_width(self) for column in columns), self.row_count + header
        )

    _styles: dict[str, Style] | None = None

    def render_lines(self, crop: Any) -> list[Strip]:
        self._styles = None  # looked up once per redraw, not once per line
        return super().render_lines(crop)

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {"": self.rich_style}
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        base = self._style("")
        header = self.header_height if self.show_header else 0
        if y < header:
            if y:  # a taller header: the label sits on its first line
                return Strip.blank(width, base)
            cells: list[Any] = [column.label for column in self.ordered_columns]
            style = base + self._style("datatable--header")
            row_index = -1
        else:
            row_index = y - header + scroll_y
            if row_index >= self.row_count:
                return Strip.blank(width, base)
            cells = self.get_row_at(row_index)
            style = base
            if self.zebra_stripes:
                style += self._style("datatable--odd-row" if row_index % 2 else (
                    "datatable--even-row"
                ))
            if self.show_cursor and self.cursor_type == "row" and row_index == self.cursor_row:
                style += self._style("datatable--cursor")
        return self._draw(cells, style, base, row_index, scroll_x, width)

    def _draw(self, cells: list[Any], style: Style, base: Style, row_index: int,
              scroll_x: int, width: int) -> Strip:
        console = self.app.console
        pad = self.cell_padding
        segments: list[Segment] = []
        for column_index, (column, cell) in enumerate(
            zip(self.ordered_columns, cells, strict=False)
        ):
            inner = column.get_render_width(self) - 2 * pad
            text = cell.copy() if isinstance(cell, Text) else Text(
                "" if cell is None else str(cell)
            )
            text.truncate(inner, overflow="ellipsis")
            slack = max(0, inner - text.cell_len)
            left = slack if text.justify == "right" else slack // 2 if (
                text.justify == "center"
            ) else 0
            cell_style = style + Style.from_meta({"row": row_index, "column": column_index})
            segments.append(Segment(" " * (pad + left), cell_style))
            segments.extend(Segment.apply_style(text.render(console, end=""), cell_style))
            segments.append(Segment(" " * (slack - left + pad), cell_style))
        strip = Strip(segments)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base).simplify()
