"""The README as a document: its lines, kept byte for byte, and the paper tables found in them.

markdown-it-py finds the structure (``## <keyword>`` headings, the tables under them, their rows);
the document keeps every original line with its own line ending, so that splicing new rows in
leaves everything the action does not own exactly as it was. What markdown-it parses is a lighter
copy of the lines (:mod:`dailypapers.readme.skeleton`); what a row's cells say is read by
:mod:`dailypapers.readme.cells`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from dailypapers.domain.paper import parse_abs_url
from dailypapers.domain.section import DATE, KNOWN_COLUMNS, TITLE
from dailypapers.domain.text import UNESCAPED_PIPE, fold
from dailypapers.readme.cells import first_arxiv_link, parse_date, title_link
from dailypapers.readme.skeleton import skeleton

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_LAST_UPDATE = re.compile(r"Last update: (\d{4}-\d{2}-\d{2})[ \t]*")
# A line that reads as a level-2 heading, in markdown or in HTML.
_HEADING_LIKE = re.compile(
    r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?##\s+(?P<markdown>.*?)\s*#*\s*$"
    r"|<h2\b[^>]*>\s*(?P<html>.*?)\s*</h2>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its text as written (no line ending), and the paper it shows if known."""

    text: str
    paper_id: str | None
    version: int
    date: date | None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table under a section heading; ``start``/``end``: 0-based line indexes, end exclusive."""

    start: int
    end: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def is_papers_table(self) -> bool:
        """Whether the header is one the action writes: Title first, a Date, known columns."""
        columns = self.columns
        return (
            bool(columns)
            and columns[0] == TITLE
            and DATE in columns
            and set(columns) <= set(KNOWN_COLUMNS)
            and len(set(columns)) == len(columns)
        )


@dataclass(frozen=True, slots=True)
class ReadmeSection:
    """A ``## heading`` (at the 0-based line index ``heading_line``) and the table that directly
    follows it, if any."""

    heading: str
    heading_line: int
    table: Table | None


@dataclass(frozen=True, slots=True)
class Readme:
    """A parsed README: ``"".join(lines)`` is the text it was parsed from, exactly.

    Sections are the ``## headings`` at the top level of the document; ``hidden_headings`` are
    the lines that look like one but stand inside a quote, a list or HTML, where a table written
    under them would not be theirs (each as its 0-based line index and its text).
    """

    lines: tuple[str, ...]
    sections: tuple[ReadmeSection, ...]
    last_update_line: int | None
    hidden_headings: tuple[tuple[int, str], ...] = ()

    @property
    def newline(self) -> str:
        """The line ending the file uses (that of its first line), ``\\n`` for a one-line file."""
        return next(filter(None, map(line_ending, self.lines)), "\n")

    @property
    def text(self) -> str:
        return "".join(self.lines)

    @property
    def last_update(self) -> date | None:
        """The date the ``Last update:`` line gives, None without one (or with no such day)."""
        if self.last_update_line is None:
            return None
        found = _LAST_UPDATE.search(self.lines[self.last_update_line])
        return parse_date(found[1]) if found else None


@cache
def _block_parser() -> MarkdownIt:
    # Block structure only: inline parsing of every cell would dominate the time on large READMEs,
    # and only the title cell's link is needed.
    return MarkdownIt("commonmark").enable("table").disable("inline")


def split_lines(text: str) -> tuple[str, ...]:
    """Lines with their own endings (``\\n``, ``\\r\\n`` or ``\\r``), as markdown-it counts them."""
    parts = _LINE_BREAK.split(text)
    lines = [parts[index] + parts[index + 1] for index in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        lines.append(parts[-1])
    return tuple(lines)


def line_ending(line: str) -> str:
    """The line break at the end of one of the lines, empty after the last line of a file."""
    return line[len(line.rstrip("\r\n")) :]


def parse_readme(text: str) -> Readme:
    """The sections, tables and rows of a README, with every line kept as written."""
    lines = split_lines(text)
    root = SyntaxTreeNode(_block_parser().parse(skeleton(lines)))
    opaque: set[int] = set()
    hidden: list[tuple[int, str]] = []
    for node in root.children:
        _hidden(node, lines, opaque, hidden)
    return Readme(
        lines=lines,
        sections=tuple(_sections(root, lines)),
        last_update_line=_find_last_update(lines, opaque),
        hidden_headings=tuple(hidden),
    )


def _sections(root: SyntaxTreeNode, lines: tuple[str, ...]) -> Iterator[ReadmeSection]:
    """Each ``## heading`` at the top level of the document, with the table after it."""
    children = root.children
    for index, node in enumerate(children):
        if node.type == "heading" and node.tag == "h2" and node.map is not None:
            following = children[index + 1 :]
            # HTML comments between a heading and its table (markers people add) are skipped.
            after = next((sibling for sibling in following if not _is_comment(sibling)), None)
            is_table = after is not None and after.type == "table"
            table = _read_table(after, lines) if after is not None and is_table else None
            yield ReadmeSection(heading=_heading_text(node), heading_line=node.map[0], table=table)


def _heading_text(node: SyntaxTreeNode) -> str:
    return fold(node.children[0].content) if node.children else ""


def _hidden(
    node: SyntaxTreeNode, lines: tuple[str, ...], opaque: set[int], hidden: list[tuple[int, str]]
) -> None:
    """Collects the lines of tables, code and HTML (``opaque``) and the headings that are not
    sections below a top-level ``node``."""
    if node.map is None:
        return
    if node.type in {"table", "fence", "code_block", "html_block"}:
        opaque.update(range(*node.map))
    if node.type == "table":
        return
    if node.type == "html_block":
        hidden += [
            (index, match["markdown"] or match["html"])
            for index in range(*node.map)
            if (match := _HEADING_LIKE.search(lines[index])) is not None
        ]
    for child in node.children:
        if child.type == "heading" and child.tag == "h2" and child.map is not None:
            hidden.append((child.map[0], _heading_text(child)))
        _hidden(child, lines, opaque, hidden)


def _read_table(node: SyntaxTreeNode, lines: tuple[str, ...]) -> Table:
    """The table of a ``table`` node: its header's column names and its body rows."""
    assert node.map is not None
    head = [row for part in node.children if part.type == "thead" for row in part.children]
    body = [row for part in node.children if part.type == "tbody" for row in part.children]
    columns = tuple(cell.strip().strip("*").strip() for cell in _cells(head[0])) if head else ()
    date_column = columns.index(DATE) if DATE in columns else 1
    rows = [
        _read_row(lines[row.map[0]].rstrip("\r\n"), _cells(row), date_column)
        for row in body
        if row.map is not None
    ]
    return Table(start=node.map[0], end=node.map[1], columns=columns, rows=tuple(rows))


def _cells(row: SyntaxTreeNode) -> list[str]:
    """The text of a table row's cells, as markdown-it split them."""
    return [cell.children[0].content if cell.children else "" for cell in row.children]


def _is_comment(node: SyntaxTreeNode) -> bool:
    return node.type == "html_block" and node.content.lstrip().startswith("<!--")


def _read_row(text: str, cells: list[str], date_column: int) -> Row:
    target, title = title_link(cells[0]) if cells else (None, "")
    parsed = parse_abs_url(target) if target else None
    date_text = cells[date_column].strip() if len(cells) > date_column else ""
    row_date = parse_date(date_text)
    if parsed is None or row_date is None:
        # A row broken by a raw "|" (its cells shifted), or a link written by hand
        # (/pdf/, .pdf, an <a href>): the first arXiv link and the first date in the line.
        parsed = parsed or first_arxiv_link(text)
        dates = (parse_date(cell.strip()) for cell in cells)
        row_date = row_date or next((day for day in dates if day is not None), None)
    return Row(
        text=text,
        paper_id=parsed.id if parsed else None,
        version=parsed.version if parsed else 0,
        date=row_date,
        title=title,
    )


def split_cells(line: str) -> list[str]:
    """A row's cells as written, stripped; a pipe escaped with a backslash stays in its cell."""
    parts = UNESCAPED_PIPE.split(line.strip())
    if parts and not parts[0]:
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return [part.strip() for part in parts]


def _find_last_update(lines: tuple[str, ...], opaque: set[int]) -> int | None:
    """The first ``Last update:`` line the page shows: not in a table, code or HTML."""
    for index, line in enumerate(lines):
        if index not in opaque and _LAST_UPDATE.fullmatch(line.rstrip("\r\n").lstrip("\ufeff")):
            return index
    return None
