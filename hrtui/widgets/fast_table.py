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
from textual.widgets.data_table import ColumnKey

from hrtui.widgets.plain import text as plain_text


def _cell(value: Any) -> Any:
    """A cell as plain text that ends in "…" where its column cuts it."""
    value = plain_text(value)
    if isinstance(value, Text) and value.overflow is None:
        value = value.copy()
        value.overflow = "ellipsis"
    return value


class PlainTable(DataTable[Any]):
    """DataTable whose ``str`` cells are plain text, never markup (see the module docstring).

    Text cut by its column ends in "…". Columns named in :meth:`flex` (the ones holding what
    people wrote) share the width the other columns leave free: again when rows change and on
    every resize."""

    #: column key -> the narrowest width of each column that shares the free width
    _flex: dict[Any, int] | None = None
    _refit_pending = False

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        key = super().add_row(*(_cell(cell) for cell in cells), **kwargs)
        self._refit_soon()
        return key

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)
        self._refit_soon()

    def update_cell_at(self, coordinate: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, _cell(value), **kwargs)
        self._refit_soon()

    # -- width ----------------------------------------------------------------------------

    def flex(self, *keys: Any) -> None:
        """Let the columns ``keys`` (column keys, or indexes for columns added without a key)
        share the width left free by the others. Each is at least as wide as it was added;
        the narrower texts are shown whole first, the longest share what is left."""
        columns = list(self.columns)
        chosen = [columns[key] if isinstance(key, int) else ColumnKey(key) for key in keys]
        self._flex = {key: self.columns[key].width for key in chosen}
        self._fit_width()

    def on_resize(self) -> None:
        self._fit_width()

    def watch_show_vertical_scrollbar(self) -> None:
        self._fit_width()  # the scrollbar takes its width from the columns

    def _refit_soon(self) -> None:
        """Fit the columns once the rows being added now are all there."""
        if self._flex and not self._refit_pending:
            self._refit_pending = True
            self.call_later(self._fit_width)

    def _wanted(self, key: Any) -> int:
        """The width that shows every cell of column ``key`` whole."""
        return max(
            (cell.cell_len if isinstance(cell, Text) else len(str(cell))
             for cell in self.get_column(key)),
            default=0,
        )  # fmt: skip

    def _fit_width(self) -> None:
        self._refit_pending = False
        flex = self._flex
        if not flex or not self.is_mounted:
            return
        room = self.scrollable_content_region.width
        if room <= 0:
            return
        fixed = sum(
            column.get_render_width(self) for key, column in self.columns.items()
            if key not in flex
        )  # fmt: skip
        spare = room - fixed - 2 * self.cell_padding * len(flex) - sum(flex.values())
        widths = dict(flex)
        gaps = {key: self._wanted(key) - width for key, width in flex.items()}
        wanting = [key for key, gap in gaps.items() if gap > 0]
        while spare > 0 and wanting:  # the narrowest wish first; the rest share evenly
            share = max(1, spare // len(wanting))
            key = min(wanting, key=gaps.__getitem__)
            step = min(gaps[key], share)
            for other in list(wanting):
                given = min(step, gaps[other], spare)
                widths[other] += given
                gaps[other] -= given
                spare -= given
                if not gaps[other]:
                    wanting.remove(other)
        if spare > 0:
            widths[list(flex)[-1]] += spare  # the table fills its width
        changed = False
        for key, width in widths.items():
            column = self.columns.get(key)
            if column is not None and column.width != width:
                column.width = width
                changed = True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()


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
                style += self._style(
                    "datatable--odd-row" if row_index % 2 else ("datatable--even-row")
                )
            if self.show_cursor and self.cursor_type == "row" and row_index == self.cursor_row:
                style += self._style("datatable--cursor")
        return self._draw(cells, style, base, row_index, scroll_x, width)

    def _draw(
        self, cells: list[Any], style: Style, base: Style, row_index: int, scroll_x: int, width: int
    ) -> Strip:
        console = self.app.console
        pad = self.cell_padding
        segments: list[Segment] = []
        for column_index, (column, cell) in enumerate(
            zip(self.ordered_columns, cells, strict=False)
        ):
            inner = column.get_render_width(self) - 2 * pad
            text = (
                cell.copy() if isinstance(cell, Text) else Text("" if cell is None else str(cell))
            )
            text.truncate(inner, overflow="ellipsis")
            slack = max(0, inner - text.cell_len)
            left = (
                slack
                if text.justify == "right"
                else slack // 2
                if (text.justify == "center")
                else 0
            )
            cell_style = style + Style.from_meta({"row": row_index, "column": column_index})
            segments.append(Segment(" " * (pad + left), cell_style))
            segments.extend(Segment.apply_style(text.render(console, end=""), cell_style))
            segments.append(Segment(" " * (slack - left + pad), cell_style))
        strip = Strip(segments)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base).simplify()
