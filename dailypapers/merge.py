"""Merging fetched papers into a parsed README: pure functions from old text to new text.

Rows of papers that did not change are kept byte for byte and in their order; new papers and newer
versions go where their date puts them; each table is cut to ``max_papers`` rows; text outside the
managed tables is never touched, except the ``Last update:`` line when papers changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dailypapers.errors import ReadmeFormatError
from dailypapers.paper import Paper
from dailypapers.readme import Readme, Row, Table, parse_readme, split_cells
from dailypapers.render import (
    render_last_update,
    render_preamble,
    render_row,
    render_section,
    render_table_head,
)
from dailypapers.topic import DEFAULT_COLUMNS, Topic


@dataclass(frozen=True, slots=True)
class SectionChange:
    """What a merge did to one keyword's table."""

    keyword: str
    added: tuple[Paper, ...] = ()
    updated: tuple[Paper, ...] = ()
    dropped: int = 0
    created: bool = False
    columns_changed: bool = False

    @property
    def papers_changed(self) -> bool:
        return bool(self.added or self.updated or self.dropped)


@dataclass(frozen=True, slots=True)
class MergedRows:
    """A table's new body rows and what changed in it."""

    rows: list[str]
    added: tuple[Paper, ...]
    updated: tuple[Paper, ...]
    dropped: int


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The README after the merge; ``changed`` is False when it is the input, byte for byte."""

    text: str
    changed: bool
    changes: tuple[SectionChange, ...] = field(default=())

    @property
    def papers_changed(self) -> bool:
        return any(change.papers_changed for change in self.changes)


def newest_versions(papers: Sequence[Paper]) -> list[Paper]:
    """One paper per id, its newest version (a feed may list a paper twice)."""
    newest: dict[str, Paper] = {}
    for paper in papers:
        known = newest.get(paper.arxiv_id)
        if known is None or (paper.version, paper.updated) > (known.version, known.updated):
            newest[paper.arxiv_id] = paper
    return list(newest.values())


def _paper_key(paper: Paper) -> tuple[date, str]:
    return (paper.updated, paper.arxiv_id)


def merge_rows(
    rows: Sequence[Row],
    papers: Sequence[Paper],
    max_papers: int,
    columns: Sequence[str] = DEFAULT_COLUMNS,
) -> MergedRows:
    """Rows with the papers merged in: newest first by date, ties by id, at most ``max_papers``."""
    existing = {row.paper_id: row for row in rows if row.paper_id is not None}
    added: list[Paper] = []
    updated: list[Paper] = []
    for paper in newest_versions(papers):
        known = existing.get(paper.arxiv_id)
        if known is None:
            added.append(paper)
        elif paper.version > known.version:
            updated.append(paper)
    replaced = {paper.arxiv_id for paper in updated}
    incoming = sorted(added + updated, key=_paper_key, reverse=True)
    # Each entry is a row's text and, for a new or newer paper, that paper.
    merged: list[tuple[str, Paper | None]] = []
    pending = 0
    for row in rows:
        if row.paper_id in replaced:
            continue
        if row.date is not None:
            # Existing rows keep their order; each new row goes before the first older one.
            row_key = (row.date, row.paper_id or "")
            while pending < len(incoming) and _paper_key(incoming[pending]) > row_key:
                merged.append((render_row(incoming[pending], columns), incoming[pending]))
                pending += 1
        merged.append((row.line, None))
    merged.extend((render_row(paper, columns), paper) for paper in incoming[pending:])
    kept = merged[:max_papers]
    # Only papers that made it past the cap count as gained: the others never reach the README.
    gained = {paper.arxiv_id for _, paper in kept if paper is not None}
    kept_added = tuple(paper for paper in added if paper.arxiv_id in gained)
    return MergedRows(
        rows=[line for line, _ in kept],
        added=kept_added,
        updated=tuple(paper for paper in updated if paper.arxiv_id in gained),
        dropped=len(rows) + len(kept_added) - len(kept),
    )


def _find_table(readme: Readme, topic: Topic) -> Table | None:
    """The papers table of the topic's section, None when there is no such section."""
    matches = [
        section
        for section in readme.sections
        if section.title.casefold() == topic.heading.casefold()
    ]
    if len(matches) > 1:
        raise ReadmeFormatError(
            matches[1].line + 1,
            f"the section '## {matches[1].title}' appears {len(matches)} times (first on line "
            f"{matches[0].line + 1}); merge them into one or rename one of the headings",
        )
    if not matches:
        return None
    section = matches[0]
    header = render_table_head(topic.columns)[0]
    if section.table is None:
        raise ReadmeFormatError(
            section.line + 1,
            f"'## {section.title}' is not followed by a papers table; rename the heading, or "
            f"put the table header '{header}' on the line below it",
        )
    if not section.table.is_papers_table:
        raise ReadmeFormatError(
            section.table.start + 1,
            f"the table under '## {section.title}' has the columns "
            f"{', '.join(section.table.columns) or '(none)'}, not a papers table's "
            f"({', '.join(topic.columns)}); restore the header '{header}' or rename the heading",
        )
    return section.table


def with_columns(
    rows: Sequence[Row], old: Sequence[str], papers: Sequence[Paper], topic: Topic
) -> list[Row]:
    """Rows moved from the ``old`` columns to the topic's: a fetched paper's row is rendered
    again in full, any other keeps the cells it had, by column name, and leaves new ones empty."""
    fetched = {paper.arxiv_id: paper for paper in newest_versions(papers)}
    moved = []
    for row in rows:
        paper = fetched.get(row.paper_id or "")
        if paper is not None and paper.version == row.version:
            line = render_row(paper, topic.columns)
        else:
            cells = dict(zip(old, split_cells(row.line), strict=False))
            line = "| " + " | ".join(cells.get(column, "") for column in topic.columns) + " |"
        moved.append(Row(line, row.paper_id, row.version, row.date, row.title))
    return moved


def merge_readme(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    topics: Sequence[Topic],
    today: date,
) -> MergeResult:
    """The README with each fetched topic's papers merged in.

    ``fetched`` holds the papers of the topics whose fetch succeeded, by heading; a topic missing
    from it keeps its rows as they are. ``text`` is None when there is no README yet.
    """
    max_papers = max((topic.max_papers for topic in topics), default=0)
    readme = parse_readme(text if text is not None else render_preamble(max_papers, today))
    newline = readme.newline
    lines = list(readme.lines)
    splices: list[tuple[int, int, list[str]]] = []
    new_sections: list[str] = []
    changes: list[SectionChange] = []
    for topic in topics:
        table = _find_table(readme, topic)
        if topic.heading not in fetched:
            continue
        papers = fetched[topic.heading]
        if table is None:
            result = merge_rows((), papers, topic.max_papers, topic.columns)
            new_sections.extend(["", *render_section(topic.heading, result.rows, topic.columns)])
            changes.append(
                SectionChange(
                    topic.heading, result.added, result.updated, result.dropped, created=True
                )
            )
            continue
        columns_changed = table.columns != topic.columns
        rows = (
            with_columns(table.rows, table.columns, papers, topic)
            if columns_changed
            else list(table.rows)
        )
        result = merge_rows(rows, papers, topic.max_papers, topic.columns)
        change = SectionChange(
            topic.heading,
            result.added,
            result.updated,
            result.dropped,
            columns_changed=columns_changed,
        )
        if columns_changed:
            splices.append(
                (table.start, table.end, [*render_table_head(topic.columns), *result.rows])
            )
            changes.append(change)
        elif change.papers_changed:
            splices.append((table.start + 2, table.end, result.rows))
            changes.append(change)
    # Bottom-up, so that earlier indexes stay valid; new sections go after every table, so first.
    ordered = sorted(splices, key=lambda splice: splice[0], reverse=True)
    if new_sections:
        ordered.insert(0, _append_position(readme, new_sections))
    for start, end, new_lines in ordered:
        if start > 0 and not lines[start - 1].endswith(("\n", "\r")):
            lines[start - 1] += newline
        lines[start:end] = [line + newline for line in new_lines]
    result_changes = tuple(changes)
    if any(change.papers_changed for change in result_changes) and (
        readme.last_update_line is not None
    ):
        line = lines[readme.last_update_line]
        lines[readme.last_update_line] = (
            render_last_update(today) + line[len(line.rstrip("\r\n")) :]
        )
    new_text = "".join(lines)
    return MergeResult(new_text, changed=new_text != text, changes=result_changes)


def _append_position(readme: Readme, new_sections: list[str]) -> tuple[int, int, list[str]]:
    """Where new sections go: after the last papers table, else at the end of the file."""
    tables = [
        section.table
        for section in readme.sections
        if section.table is not None and section.table.is_papers_table
    ]
    position = tables[-1].end if tables else len(readme.lines)
    if position < len(readme.lines) and readme.lines[position].strip():
        new_sections = [*new_sections, ""]
    if position == 0:
        new_sections = new_sections[1:]
    return (position, position, new_sections)
