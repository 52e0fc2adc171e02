"""Markdown for new rows, sections and a new README, in the format users already have.

Every text that comes from arXiv is escaped so that it shows literally: a ``|`` cannot add a table
column, ``<`` cannot open HTML or close a ``<details>`` early, and ``[``, ``*``, ``$`` and friends
cannot make links, emphasis or math. See ``../shared/reference/readme-format.md`` for the format.
"""

from __future__ import annotations

from datetime import date

from dailypapers.paper import Paper

TABLE_HEADER = "| **Title** | **Date** | **Abstract** | **Comment** |"
TABLE_SEPARATOR = "| --- | --- | --- | --- |"
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


def render_row(paper: Paper) -> str:
    """The table row for a paper, without a line ending."""
    title = escape(paper.title or paper.arxiv_id)
    abstract = f"<details><summary>Show</summary><p>{escape(paper.abstract)}</p></details>"
    return (
        f"| **[{title}]({paper.url})** | {paper.updated.isoformat()} | {abstract} "
        f"| {render_comment(paper.comment)} |"
    )


def render_comment(comment: str) -> str:
    """Short comments as they are, longer ones collapsed behind their first characters."""
    text = " ".join(comment.split())
    if len(text) <= COMMENT_PLAIN_LIMIT:
        return escape(text)
    summary = escape(text[:COMMENT_SUMMARY_LENGTH])
    return f"<details><summary>{summary}...</summary><p>{escape(text)}</p></details>"


def render_section(keyword: str, rows: list[str]) -> list[str]:
    """A whole section: heading, table header and the given rows, without line endings."""
    return [f"## {keyword}", TABLE_HEADER, TABLE_SEPARATOR, *rows]


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
