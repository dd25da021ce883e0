"""Check the contrast of every piece of text in SVG screenshots against WCAG AA (4.5:1).

    python scripts/contrast.py [SVG or folder ...]   (default: tests/screens/__snapshots__)

Reads the SVGs Textual writes (``App.export_screenshot``, the snapshot tests): inside the
terminal's matrix, each ``<rect>`` paints the background of a run of cells and each ``<text>``
draws a run of characters in the colour its CSS class gives (``.terminal-r3 { fill: #e0e0e0 }``;
dim text is already blended into that colour, reverse video already swapped). Every character
is paired with the background of the cell it stands on, and the contrast ratio of the two is
worked out as WCAG 2 defines it (relative luminance, (L1 + 0.05) / (L2 + 0.05)). A run is listed
when any of its characters is below the threshold; the exit status is 1 if any run is.

What is not text, and so not checked: spaces, box-drawing and block characters (borders,
scroll bars, the half blocks of a "tall" border), and the window title the export draws above
the terminal. There is no exception for dim or "muted" text: AA asks 4.5:1 of it too (its only
exception, text of a truly disabled control, is not made here either: hrtui shows none).
"""

from __future__ import annotations

import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

AA = 4.5
#: Where the snapshot tests keep their SVGs.
SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "screens" / "__snapshots__"

_SVG = "{http://www.w3.org/2000/svg}"
_RULE = re.compile(r"\.([\w-]+)\s*\{[^}]*?fill:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})")
#: Characters that draw lines and blocks, not words (U+2500–U+259F, U+1FB00 legacy blocks).
_NOT_TEXT = re.compile("[\\s\u2500-\u259f\U0001fb00-\U0001fbff\u00a0]")


@dataclass(frozen=True)
class Run:
    """One ``<text>`` run whose worst character is below the threshold."""

    file: str
    row: int
    column: int
    text: str
    fg: str
    bg: str
    ratio: float

    def __str__(self) -> str:
        return (f"{self.file}:{self.row + 1}:{self.column + 1}: {self.ratio:.2f}:1 "
                f"{self.text.strip()!r} ({self.fg} on {self.bg})")  # fmt: skip


# -- WCAG 2 ----------------------------------------------------------------------------------


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(fg: str, bg: str) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# -- reading an SVG --------------------------------------------------------------------------


def _cells(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _num(element: ET.Element, name: str) -> float:
    return float(element.get(name, "0"))


def low_runs(svg: str, name: str = "", threshold: float = AA) -> list[Run]:
    """The text runs of one SVG screenshot with a character below ``threshold``."""
    root = ET.fromstring(svg)
    fills = {cls: colour.lower() for cls, colour in _RULE.findall(svg)}
    matrix = next(
        (g for g in root.iter(f"{_SVG}g") if "terminal-matrix" in (g.get("class") or "")), None
    )
    if matrix is None:
        return []
    rects = [r for r in root.iter(f"{_SVG}rect") if r.get("shape-rendering") == "crispEdges"]
    texts = list(matrix.iter(f"{_SVG}text"))
    # the cell size: the narrowest background rect is one cell wide; rows are 24.4 high
    cell_w = min((_num(r, "width") for r in rects if _num(r, "width") > 0), default=12.2)
    row_h = min((_num(r, "height") for r in rects), default=24.65) - 0.25
    top = min((_num(r, "y") for r in rects), default=1.5)
    background: dict[tuple[int, int], str] = {}
    for r in rects:
        row = round((_num(r, "y") - top) / row_h)
        first = round(_num(r, "x") / cell_w)
        for col in range(first, first + round(_num(r, "width") / cell_w)):
            background[(row, col)] = (r.get("fill") or "#000000").lower()
    default_bg = next(iter(background.values()), "#000000")
    baseline = min((_num(t, "y") for t in texts), default=20.0) - top
    low = []
    for t in texts:
        fg = next((fills[c] for c in (t.get("class") or "").split() if c in fills), None)
        fg = (t.get("fill") or fg or "").lower()
        content = "".join(t.itertext())
        if not fg or not _NOT_TEXT.sub("", content):
            continue
        row = round((_num(t, "y") - top - baseline) / row_h)
        col = round(_num(t, "x") / cell_w)
        worst: tuple[float, str] | None = None
        for ch in content:
            if not _NOT_TEXT.match(ch):
                bg = background.get((row, col), default_bg)
                value = ratio(fg, bg)
                if worst is None or value < worst[0]:
                    worst = (value, bg)
            col += _cells(ch)
        if worst is not None and worst[0] < threshold:
            low.append(Run(name, row, round(_num(t, "x") / cell_w), content.replace("\xa0", " "),
                           fg, worst[1], worst[0]))  # fmt: skip
    return low


def svgs(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.rglob("*.svg"))
        else:
            yield path


def check(paths: Iterable[Path], threshold: float = AA) -> list[Run]:
    """Every run below ``threshold`` in the SVGs at ``paths`` (files or folders)."""
    found = []
    for path in svgs(paths):
        found += low_runs(path.read_text(encoding="utf-8"), path.name, threshold)
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or [SNAPSHOTS]
    files = list(svgs(paths))
    low = check(files)
    for run in low:
        print(run)
    print(f"{len(low)} text run(s) below {AA}:1 in {len(files)} SVG file(s).")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
