"""Every piece of text on every screen meets WCAG AA (4.5:1) in the default theme (issue #16,
point 5): ``scripts/contrast.py`` over the snapshot tests' SVGs (tests/screens/__snapshots__),
plus the script's own arithmetic and its reading of an SVG."""

from __future__ import annotations

import pytest
from helpers import script_module


@pytest.fixture(scope="module")
def contrast():
    with script_module("contrast") as module:
        yield module


def test_every_text_run_on_every_snapshot_meets_aa(contrast):
    files = list(contrast.svgs([contrast.SNAPSHOTS]))
    assert len(files) > 40, "the snapshot SVGs are missing"
    low = contrast.check(files)
    assert not low, (
        f"{len(low)} text run(s) below {contrast.AA}:1 (file:row:column: ratio 'text' "
        "(text colour on background)):\n" + "\n".join(str(run) for run in low)
    )


def test_the_ratio_is_wcag_s(contrast):
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast.ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast.ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just under
    assert contrast.ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # just over
    assert contrast.ratio("#fff", "#000") == contrast.ratio("#000", "#fff")


def svg(*texts: str, rects: str) -> str:
    """A screenshot as Textual writes it: a style sheet, background rects, text runs."""
    return f"""<svg class="rich-terminal" xmlns="http://www.w3.org/2000/svg">
    <style>
    .terminal-r1 {{ fill: #e0e0e0 }}
    .terminal-r2 {{ fill: #737373;font-weight: bold }}
    </style>
    <text class="terminal-title" fill="#c5c8c6" x="496" y="27">title is not checked</text>
    <g transform="translate(9, 41)">
    {rects}
    <g class="terminal-matrix">{"".join(texts)}</g>
    </g></svg>"""


def test_each_character_is_paired_with_the_background_under_it(contrast):
    rects = (
        '<rect fill="#1e1e1e" x="0" y="1.5" width="24.4" height="24.65" '
        'shape-rendering="crispEdges"/>'
        '<rect fill="#d0d0d0" x="24.4" y="1.5" width="12.2" height="24.65" '
        'shape-rendering="crispEdges"/>'
        '<rect fill="#121212" x="0" y="25.9" width="36.6" height="24.65" '
        'shape-rendering="crispEdges"/>'
    )  # fmt: skip
    page = svg(
        # row 0: "ok" reads on #1e1e1e, but the third cell's background is light
        '<text class="terminal-r1" x="0" y="20" textLength="36.6">ok!</text>',
        # row 1: a grey placeholder (3.9:1), and a border that is not text
        '<text class="terminal-r2" x="0" y="44.4" textLength="36.6">e.g</text>',
        '<text class="terminal-r2" x="36.6" y="44.4" textLength="12.2">▎</text>',
        rects=rects,
    )
    low = contrast.low_runs(page, "page.svg")
    assert [(run.row, run.column, run.text, run.bg) for run in low] == [
        (0, 0, "ok!", "#d0d0d0"),
        (1, 0, "e.g", "#121212"),
    ]
    assert str(low[0]) == "page.svg:1:1: 1.17:1 'ok!' (#e0e0e0 on #d0d0d0)"
    assert contrast.low_runs(page, threshold=1.0) == []
