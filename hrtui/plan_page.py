"""The take-home plan as a plain, printable web page: :func:`plan_page`.

The client reads the plan, not its Markdown: the text of :func:`hrtui.client_plan.render_plan`
becomes one self-contained HTML file with print styles. No scripts, no external resources (no
fonts, images or links: a content security policy forbids loading anything), so opening it
sends nothing anywhere. Imports no Textual.

The Markdown is read by ``markdown-it-py`` (CommonMark; Rich and Textual are built on it), with
raw HTML, images and links turned off: what a client or counselor typed is shown as text,
never run or fetched.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

STYLE = """
:root { color-scheme: light; }
body {
  font-family: Georgia, "Times New Roman", serif;
  font-size: 13pt; line-height: 1.5; color: #111; background: #fff;
  max-width: 40em; margin: 2em auto; padding: 0 1em;
}
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 1px solid #999; }
h3 { font-size: 1.1em; margin-top: 1.2em; }
h1, h2, h3 { font-family: Arial, Helvetica, sans-serif; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.6em; text-align: left; }
hr { border: none; border-top: 1px solid #999; margin: 2em 0 1em; }
@media print {
  body { font-size: 12pt; margin: 0; max-width: none; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, tr, p { break-inside: avoid; page-break-inside: avoid; }
}
"""

#: Nothing may be loaded: only the page's own style applies.
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _reader() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["image", "link", "autolink"])
    return md


def plan_page(markdown: str, title: str = "My plan") -> str:
    """The plan's Markdown as a complete HTML page, ready to open in a browser and print."""
    body = _reader().render(markdown)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
