"""Markdown for new rows, sections and a new README, in the format users already have.

Every text that comes from arXiv is escaped so that it shows literally: a ``|`` cannot add a table
column, ``<`` cannot open HTML or close a ``<details>`` early, and ``[``, ``*``, ``$`` and friends
cannot make links, emphasis or math. The format is described in ``docs/readme-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from dailypapers.paper import Paper
from dailypapers.topic import (
    ABSTRACT,
    AUTHORS,
    CATEGORIES,
    COMMENT,
    DATE,
    DEFAULT_COLUMNS,
    PDF,
    TITLE,
)

# Up to this many authors are named; longer lists show the first ones and "et al.".
AUTHORS_SHOWN = 4
AUTHORS_BEFORE_ET_AL = 3
# Comments up to this length are shown as they are; longer ones collapse behind their start.
COMMENT_PLAIN_LIMIT = 20
COMMENT_SUMMARY_LENGTH = 5

_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        # An entity, not "\|": GFM splits cells on unescaped pipes before inline parsing.
        "|": "&#124;",
        **{char: "\\" + char for char in "\\`*_[]$~"},
    }
)


def escape(text: str) -> str:
    """Plain text made safe to place in a table cell, inside or outside inline HTML.

    Whitespace runs, line breaks among them, become one space: a row is one line.
    """
    return " ".join(text.split()).translate(_ESCAPES)


def render_row(paper: Paper, columns: Sequence[str] = DEFAULT_COLUMNS) -> str:
    """The table row for a paper, without a line ending."""
    return "| " + " | ".join(_CELLS[column](paper) for column in columns) + " |"


def render_title(paper: Paper) -> str:
    return f"**[{escape(paper.title or paper.arxiv_id)}]({paper.url})**"


def render_abstract(paper: Paper) -> str:
    return f"<details><summary>Show</summary><p>{escape(paper.abstract)}</p></details>"


def render_authors(paper: Paper) -> str:
    authors = paper.authors
    if len(authors) <= AUTHORS_SHOWN:
        return escape(", ".join(authors))
    return escape(", ".join(authors[:AUTHORS_BEFORE_ET_AL])) + " et al."


def render_pdf(paper: Paper) -> str:
    return f"[PDF]({paper.pdf_url})"


def render_comment(comment: str) -> str:
    """Short comments as they are, longer ones collapsed behind their first characters."""
    text = " ".join(comment.split())
    if len(text) <= COMMENT_PLAIN_LIMIT:
        return escape(text)
    summary = escape(text[:COMMENT_SUMMARY_LENGTH])
    return f"<details><summary>{summary}...</summary><p>{escape(text)}</p></details>"


_CELLS: dict[str, Callable[[Paper], str]] = {
    TITLE: render_title,
    DATE: lambda paper: paper.updated.isoformat(),
    ABSTRACT: render_abstract,
    COMMENT: lambda paper: render_comment(paper.comment),
    AUTHORS: render_authors,
    CATEGORIES: lambda paper: escape(", ".join(paper.categories)),
    PDF: render_pdf,
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


def render_preamble(max_papers: int, today: date) -> str:
    """The text a new README starts with, as the format's existing READMEs have it."""
    return (
        "# Daily Papers\n"
        "The project automatically fetches the latest papers from arXiv based on keywords.\n"
        "\n"
        "The subheadings in the README file represent the search keywords.\n"
        "\n"
        "Only the most recent articles for each keyword are retained, "
        f"up to a maximum of {max_papers} papers.\n"
        "\n"
        "You can click the 'Watch' button to receive daily email notifications.\n"
        "\n"
        f"{render_last_update(today)}\n"
    )


def render_last_update(today: date) -> str:
    return f"Last update: {today.isoformat()}"
