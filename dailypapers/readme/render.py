"""Markdown for new rows, sections and a new README, in the format users already have.

Text from arXiv is written as DailyArXiv writes it: white space folded, otherwise as arXiv gives
it, so that GitHub renders its LaTeX math. It is mended only where it would break the page: a
``|`` that would split the row's cells, a ``<`` that would open an HTML tag, comment or
declaration, an image, and, in a title, brackets that would end its link early. The format is
described in ``docs/readme-format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE

from dailypapers.config.section import (
    ABSTRACT,
    AUTHORS,
    CATEGORIES,
    CODE,
    COMMENT,
    DATE,
    DEFAULT_COLUMNS,
    PDF,
    RELEVANCE,
    TITLE,
)
from dailypapers.paper import Paper
from dailypapers.readme.code_links import paper_repository
from dailypapers.text import UNESCAPED_PIPE, fold

# Up to this many authors are named; longer lists show the first ones and "et al.".
AUTHORS_SHOWN = 4
AUTHORS_BEFORE_ET_AL = 3
# Comments up to this length are shown as they are; longer ones collapse behind their start.
COMMENT_PLAIN_LIMIT = 20
COMMENT_SUMMARY_LENGTH = 5

_BRACKET_OR_BACKSLASH = re.compile(r"[\\\[\]]")
_INLINE = MarkdownIt("commonmark")


def cell_text(text: str) -> str:
    """Text as it stands in a cell: kept as it is but where it would change the table or add
    an HTML element (the text must already be folded)."""
    text = UNESCAPED_PIPE.sub(r"\\|", text)
    text = _escape_html(text)
    if "![" in text and _has_image(text):
        text = text.replace("![", "!\\[")
    return text


def inline_text(text: str) -> str:
    """Any text on one line of markdown, folded and mended as a cell's text is."""
    return cell_text(fold(text))


def _escape_html(text: str) -> str:
    """Each ``<`` that opens a tag, a comment, a declaration or an instruction as ``&lt;``."""
    if "<" not in text:
        return text
    parts = text.split("<")
    escaped = [parts[0]]
    position = len(parts[0])
    for part in parts[1:]:
        opens = HTML_TAG_RE.match(text, position) is not None
        escaped.append(("&lt;" if opens else "<") + part)
        position += 1 + len(part)
    return "".join(escaped)


def _has_image(text: str) -> bool:
    tokens = _INLINE.parseInline(text)
    return any(child.type == "image" for token in tokens for child in token.children or [])


def render_row(paper: Paper, columns: Sequence[str] = DEFAULT_COLUMNS) -> str:
    """The table row for a paper, without a line ending."""
    return "| " + " | ".join(_CELLS[column](paper) for column in columns) + " |"


def render_title(paper: Paper) -> str:
    """The title as one bold link to the paper; its brackets (and backslashes) are escaped only
    where they would otherwise end the link early."""
    title = fold(paper.title) or paper.arxiv_id
    cell = f"**[{cell_text(title)}]({paper.url})**"
    if _links_to(cell, paper.url):
        return cell
    escaped = cell_text(_BRACKET_OR_BACKSLASH.sub(r"\\\g<0>", title)).replace("<", "&lt;")
    return f"**[{escaped}]({paper.url})**"


def _links_to(cell: str, url: str) -> bool:
    """Whether the cell is one link, to ``url``, that holds the whole title."""
    children = [
        child
        for child in _INLINE.parseInline(cell)[0].children or []
        if child.type != "text" or child.content
    ]
    links = [child for child in children if child.type == "link_open"]
    return (
        len(links) == 1
        and links[0].attrGet("href") == url
        and [child.type for child in children[:2]] == ["strong_open", "link_open"]
        and [child.type for child in children[-2:]] == ["link_close", "strong_close"]
    )


def render_abstract(paper: Paper) -> str:
    """The abstract behind its TL;DR, when the paper has one, else behind "Show"."""
    summary = cell_text(fold(paper.tldr)) if paper.tldr.strip() else "Show"
    return (
        f"<details><summary>{summary}</summary><p>{cell_text(fold(paper.abstract))}</p></details>"
    )


def tldr_suffix(paper: Paper) -> str:
    """The paper's TL;DR after its line in a markdown list, empty without one."""
    return f": {inline_text(paper.tldr)}" if paper.tldr else ""


def render_authors(paper: Paper) -> str:
    authors = paper.authors
    if len(authors) <= AUTHORS_SHOWN:
        return cell_text(fold(", ".join(authors)))
    return cell_text(fold(", ".join(authors[:AUTHORS_BEFORE_ET_AL]))) + " et al."


def render_pdf(paper: Paper) -> str:
    return f"[PDF]({paper.pdf_url})"


def render_code(paper: Paper) -> str:
    """The paper's repository as ``[owner/name](url)``, empty when it links none."""
    repository = paper_repository(paper)
    return "" if repository is None else f"[{repository.name}]({repository.url})"


def render_comment(comment: str) -> str:
    """Short comments as they are, longer ones collapsed behind their first characters (as they
    are: ``This ...`` keeps the space)."""
    text = fold(comment)
    if len(text) <= COMMENT_PLAIN_LIMIT:
        return cell_text(text)
    summary = cell_text(text[:COMMENT_SUMMARY_LENGTH])
    return f"<details><summary>{summary}...</summary><p>{cell_text(text)}</p></details>"


_CELLS: dict[str, Callable[[Paper], str]] = {
    TITLE: render_title,
    DATE: lambda paper: paper.updated.isoformat(),
    ABSTRACT: render_abstract,
    COMMENT: lambda paper: render_comment(paper.comment),
    AUTHORS: render_authors,
    CATEGORIES: lambda paper: cell_text(", ".join(paper.categories)),
    PDF: render_pdf,
    CODE: render_code,
    RELEVANCE: lambda paper: "" if paper.relevance is None else f"{paper.relevance:.3f}",
}


def render_table_head(columns: Sequence[str] = DEFAULT_COLUMNS) -> list[str]:
    """A papers table's header and delimiter rows, without line endings."""
    return [
        "| " + " | ".join(f"**{column}**" for column in columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]


def render_section(
    heading: str, rows: list[str], columns: Sequence[str] = DEFAULT_COLUMNS
) -> list[str]:
    """A whole section: heading, table header and the given rows, without line endings."""
    return [f"## {heading}", *render_table_head(columns), *rows]


def render_preamble(caps: Sequence[int], today: date, announces: bool = False) -> str:
    """The text a new README starts with, as the format's existing READMEs have it, saying what
    is true of this run: its caps, and where new papers are announced."""
    low, high = min(caps, default=0), max(caps, default=0)
    limit = f"{high} papers" if low == high else f"{low} to {high} papers, by keyword"
    watch = (
        "You can click the 'Watch' button to receive daily email notifications.\n\n"
        if announces
        else ""
    )
    return (
        "# Daily Papers\n"
        "The project automatically fetches the latest papers from arXiv based on keywords.\n"
        "\n"
        "The subheadings in the README file represent the search keywords.\n"
        "\n"
        f"Only the most recent articles for each keyword are retained, up to a maximum of {limit}."
        "\n\n"
        f"{watch}{render_last_update(today)}\n"
    )


def render_last_update(today: date) -> str:
    return f"Last update: {today.isoformat()}"
