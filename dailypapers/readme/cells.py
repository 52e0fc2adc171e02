"""What a table row's cells say: the link in its title cell, a date, an arXiv link anywhere.

Rows written by hand or by other tools keep their own forms (a link to the PDF, an ``<a href>``,
a raw ``|`` that shifts the cells); these readers find the paper and the date in each of them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from markdown_it import MarkdownIt

from dailypapers.domain.paper import ArxivId, parse_abs_url

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# An arXiv link in a row's text, as a markdown link target or an HTML href.
_ARXIV_LINK = re.compile(
    r"""(?:\]\(|href=["'])(https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/[^)"'\s]+)"""
)
# A title cell in the generated form with no character that markdown would interpret.
_PLAIN_TITLE_LINK = re.compile(r"\*\*\[([^\\\[\]`<>&*_\r\n]*)\]\(([A-Za-z0-9:/._-]+)\)\*\*")


@cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def parse_date(text: str) -> date | None:
    """The day ``YYYY-MM-DD`` names, None for other text or a day that does not exist."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def first_arxiv_link(text: str) -> ArxivId | None:
    """The paper of the first arXiv link in a row's text, None without one."""
    return next(map(parse_abs_url, _ARXIV_LINK.findall(text)), None)


def title_link(cell: str) -> tuple[str | None, str]:
    """The first link's target in a title cell, and the text it shows (escapes undone)."""
    plain = _PLAIN_TITLE_LINK.fullmatch(cell.strip())
    if plain is not None:
        # What markdown-it would find, without its inline parser (the bulk of the time).
        return plain[2], plain[1]
    for inline in _inline_parser().parseInline(cell):
        children = inline.children or []
        for index, child in enumerate(children):
            if child.type == "link_open":
                text = []
                for inner in children[index + 1 :]:
                    if inner.type == "link_close":
                        break
                    text.append(inner.content)
                return str(child.attrGet("href") or ""), "".join(text)
    return None, ""
