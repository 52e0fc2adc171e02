"""GitHub's renderer, cmark-gfm, reading one table cell: what the rows are judged by.

GitHub renders a README with cmark-gfm and its extensions (tables, bare links, strikethrough);
cmarkgfm bundles the same version. A cell is rendered as GitHub reads it, in a one-row table,
with raw HTML left out as ``<!-- raw HTML omitted -->`` (the parse is the same as with raw HTML
kept, and what a text adds that markdown does not make is then plain to see). Renders are
cached: mending a cell renders the same text again and again.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

import cmarkgfm

_TABLE = "| x |\n| - |\n| {} |\n"
_CELL = re.compile(r"<tbody>\n<tr>\n<td>(.*)</td>\n</tr>\n</tbody>", re.DOTALL)
_HREF = re.compile(r'<a href="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")
# Stands after a "<" to read a text as if no "<" of it opened anything; leaves no trace.
NOTHING_OPENS = "\u2060"
_NOTHING_OPENS_IN_LINKS = "%E2%81%A0"


@lru_cache(maxsize=1024)
def cell_html(cell: str) -> str | None:
    """The HTML of a one-line cell as written in a row, None when it is not one cell."""
    html = cmarkgfm.github_flavored_markdown_to_html(_TABLE.format(cell))
    found = _CELL.search(html)
    return None if found is None or "<td>" in found[1] else found[1]


def links(html: str) -> set[str]:
    """The addresses the HTML links, as if no ``NOTHING_OPENS`` stood in the text."""
    return {unescape(href).replace(_NOTHING_OPENS_IN_LINKS, "") for href in _HREF.findall(html)}


def shown(html: str) -> str:
    """The text the HTML shows, its markup aside."""
    return unescape(_TAG.sub("", html))
