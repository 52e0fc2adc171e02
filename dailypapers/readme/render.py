"""Markdown for new rows, sections and a new README, in the format users already have.

Text from arXiv is written as DailyArXiv writes it: white space folded, otherwise as arXiv gives
it, so that GitHub renders its LaTeX math. Each cell is written as the format's markup and the
texts between them, which ``mend`` escapes only where GitHub would break the row: a ``|`` that
would split its cells, raw HTML, an image, markup that reaches across the cell's own HTML, a link
the text does not make, and, in a title, brackets that would end its link early. The format is
described in ``docs/readme-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from dailypapers.domain.code_links import paper_repository
from dailypapers.domain.paper import Paper, shown_authors
from dailypapers.domain.section import (
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
from dailypapers.domain.text import fold
from dailypapers.readme.mend import Part, mend
from dailypapers.readme.summary import first_characters

# Comments up to this length are shown as they are; longer ones collapse behind their start.
COMMENT_PLAIN_LIMIT = 20
COMMENT_SUMMARY_LENGTH = 5
# arXiv takes abstracts of up to 1,920 characters, titles and comments of far fewer: a text ten
# times that long is no paper's, and is cut there, with the mark after it.
FIELD_LIMIT = 19_200
CUT_MARK = " […]"

_OPEN_DETAILS = Part("<details><summary>", is_text=False)
_SUMMARY_TO_TEXT = Part("</summary><p>", is_text=False)
_CLOSE_DETAILS = Part("</p></details>", is_text=False)


def cell_text(text: str) -> str:
    """Text alone in a cell, kept as it is but where it would change the table or add an
    element (the text must already be folded)."""
    return mend(_bounded(text))


def _bounded(text: str) -> list[Part]:
    """A text as a part of a cell, cut at ``FIELD_LIMIT`` with the mark after it."""
    if len(text) <= FIELD_LIMIT:
        return [Part(text)]
    return [Part(text[:FIELD_LIMIT].rstrip()), Part(CUT_MARK, is_text=False)]


def overlong_fields(paper: Paper) -> tuple[str, ...]:
    """The names of the paper's texts that its row shows cut, each past ``FIELD_LIMIT``."""
    texts = {"title": paper.title, "abstract": paper.abstract, "comment": paper.comment}
    texts |= {"TL;DR": paper.tldr, "authors": shown_authors(paper.authors)[0]}
    return tuple(name for name, text in texts.items() if len(fold(text)) > FIELD_LIMIT)


def inline_text(text: str) -> str:
    """Any text on one line of markdown, folded and mended as a cell's text is."""
    return cell_text(fold(text))


def render_row(paper: Paper, columns: Sequence[str] = DEFAULT_COLUMNS) -> str:
    """The table row for a paper, without a line ending."""
    return table_line(_CELLS[column](paper) for column in columns)


def render_title(paper: Paper) -> str:
    """The title as one bold link to the paper; a bracket, backslash or link of its own that
    would end the link early or nest in it is escaped."""
    title = fold(paper.title) or paper.arxiv_id
    return mend(
        [Part("**[", is_text=False), *_bounded(title), Part(f"]({paper.url})**", is_text=False)],
        inside_link=True,
    )


def render_abstract(paper: Paper) -> str:
    """The abstract behind its TL;DR, when the paper has one, else behind "Show"."""
    summary = _bounded(fold(paper.tldr)) if paper.tldr.strip() else [Part("Show", is_text=False)]
    abstract = _bounded(fold(paper.abstract))
    return mend([_OPEN_DETAILS, *summary, _SUMMARY_TO_TEXT, *abstract, _CLOSE_DETAILS])


def tldr_suffix(paper: Paper) -> str:
    """The paper's TL;DR after its line in a markdown list, empty without one."""
    return f": {inline_text(paper.tldr)}" if paper.tldr else ""


def render_authors(paper: Paper) -> str:
    named, et_al = shown_authors(paper.authors)
    parts = _bounded(fold(named))
    return mend([*parts, Part(" et al.", is_text=False)] if et_al else parts)


def render_code(paper: Paper) -> str:
    """The paper's repository as ``[owner/name](url)``, empty when it links none."""
    repository = paper_repository(paper)
    if repository is None:
        return ""
    name = Part(repository.name)
    return mend([Part("[", is_text=False), name, Part(f"]({repository.url})", is_text=False)], True)


def render_comment(comment: str) -> str:
    """Short comments as they are, longer ones collapsed behind their first characters (as they
    are: ``This ...`` keeps the space, and an escape or entity is never cut)."""
    text = fold(comment)
    if len(text) <= COMMENT_PLAIN_LIMIT:
        return cell_text(text)
    first = first_characters(text[:FIELD_LIMIT], COMMENT_SUMMARY_LENGTH)
    dots = Part("...</summary><p>", is_text=False)
    return mend([_OPEN_DETAILS, Part(first), dots, *_bounded(text), _CLOSE_DETAILS])


_CELLS: dict[str, Callable[[Paper], str]] = {
    TITLE: render_title,
    DATE: lambda paper: paper.updated.isoformat(),
    ABSTRACT: render_abstract,
    COMMENT: lambda paper: render_comment(paper.comment),
    AUTHORS: render_authors,
    CATEGORIES: lambda paper: cell_text(", ".join(paper.categories)),
    PDF: lambda paper: f"[PDF]({paper.pdf_url})",
    CODE: render_code,
    RELEVANCE: lambda paper: "" if paper.relevance is None else f"{paper.relevance:.3f}",
}


def render_table_head(columns: Sequence[str] = DEFAULT_COLUMNS) -> list[str]:
    """A papers table's header and delimiter rows, without line endings."""
    return [table_line(f"**{column}**" for column in columns), table_line("---" for _ in columns)]


def table_line(cells: Iterable[str]) -> str:
    """A table's line of these cells, without a line ending."""
    return "| " + " | ".join(cells) + " |"


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
