"""Merging fetched papers into a parsed README: pure functions from old text to new text.

Rows of papers that did not change are kept byte for byte and in their order; new papers and newer
versions go where their date puts them; each table is cut to ``max_papers`` rows; text outside the
managed tables is never touched, except the ``Last update:`` line when papers changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
from dailypapers.topic import Topic, heading_key


@dataclass(frozen=True, slots=True)
class SectionChange:
    """What a merge did to one section's table."""

    heading: str
    added: tuple[Paper, ...] = ()
    updated: tuple[Paper, ...] = ()
    dropped: int = 0
    created: bool = False
    columns_changed: bool = False

    @property
    def papers_changed(self) -> bool:
        return bool(self.added or self.updated or self.dropped)


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The README after the merge; ``changed`` is False when it is the input, byte for byte."""

    text: str
    changed: bool
    changes: tuple[SectionChange, ...] = field(default=())

    @property
    def papers_changed(self) -> bool:
        return any(change.papers_changed for change in self.changes)


@dataclass(frozen=True, slots=True)
class Splice:
    """The README's lines ``start`` to ``end`` (0-based, end exclusive) replaced by ``lines``
    (without line endings); ``start == end`` inserts them."""

    start: int
    end: int
    lines: tuple[str, ...]


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
    topic: Topic, rows: Sequence[Row], papers: Sequence[Paper]
) -> tuple[list[str], SectionChange]:
    """The section's rows with the papers merged in, newest first by date, ties by id, at most
    the topic's ``max_papers``; and what changed."""
    existing = {row.paper_id: row for row in rows if row.paper_id is not None}
    added: list[Paper] = []
    updated: list[Paper] = []
    for paper in newest_versions(papers):
        known = existing.get(paper.arxiv_id)
        if known is None:
            added.append(paper)
        elif paper.version > known.version:
            updated.append(paper)
    incoming = sorted(added + updated, key=_paper_key, reverse=True)
    replaced = {paper.arxiv_id for paper in updated}
    merged = _interleave([row for row in rows if row.paper_id not in replaced], incoming, topic)
    kept = merged[: topic.max_papers]
    # Only papers that made it past the cap count as gained: the others never reach the README.
    gained = {paper.arxiv_id for _, paper in kept if paper is not None}
    kept_added = tuple(paper for paper in added if paper.arxiv_id in gained)
    change = SectionChange(
        topic.heading,
        added=kept_added,
        updated=tuple(paper for paper in updated if paper.arxiv_id in gained),
        dropped=len(rows) + len(kept_added) - len(kept),
    )
    return [text for text, _ in kept], change


def _interleave(
    rows: Sequence[Row], incoming: Sequence[Paper], topic: Topic
) -> list[tuple[str, Paper | None]]:
    """Each row's text, and each incoming paper's new row with that paper: existing rows keep
    their order, and each new row goes before the first older one."""
    merged: list[tuple[str, Paper | None]] = []
    pending = 0
    for row in rows:
        if row.date is not None:
            row_key = (row.date, row.paper_id or "")
            while pending < len(incoming) and _paper_key(incoming[pending]) > row_key:
                merged.append((render_row(incoming[pending], topic.columns), incoming[pending]))
                pending += 1
        merged.append((row.text, None))
    merged.extend((render_row(paper, topic.columns), paper) for paper in incoming[pending:])
    return merged


def _find_table(readme: Readme, topic: Topic) -> Table | None:
    """The papers table of the topic's section, None when there is no such section."""
    key = heading_key(topic.heading)
    matches = [section for section in readme.sections if heading_key(section.heading) == key]
    if len(matches) > 1:
        raise ReadmeFormatError(
            matches[1].heading_line + 1,
            f"the section '## {matches[1].heading}' appears {len(matches)} times (first on line "
            f"{matches[0].heading_line + 1}); merge them into one or rename one of the headings",
        )
    if not matches:
        return None
    section = matches[0]
    header = render_table_head(topic.columns)[0]
    if section.table is None:
        raise ReadmeFormatError(
            section.heading_line + 1,
            f"'## {section.heading}' is not followed by a papers table; rename the heading, or "
            f"put the table header '{header}' on the line below it",
        )
    if not section.table.is_papers_table:
        raise ReadmeFormatError(
            section.table.start + 1,
            f"the table under '## {section.heading}' has the columns "
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
            text = render_row(paper, topic.columns)
        else:
            cells = dict(zip(old, split_cells(row.text), strict=False))
            text = "| " + " | ".join(cells.get(column, "") for column in topic.columns) + " |"
        moved.append(replace(row, text=text))
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
    splices, changes = _plan(readme, fetched, topics)
    lines = _apply(readme, splices)
    if readme.last_update_line is not None and any(change.papers_changed for change in changes):
        line = lines[readme.last_update_line]
        ending = line[len(line.rstrip("\r\n")) :]
        lines[readme.last_update_line] = render_last_update(today) + ending
    new_text = "".join(lines)
    return MergeResult(new_text, changed=new_text != text, changes=tuple(changes))


def _plan(
    readme: Readme, fetched: Mapping[str, Sequence[Paper]], topics: Sequence[Topic]
) -> tuple[list[Splice], list[SectionChange]]:
    """The splices that merge each fetched topic's papers, and what each changes."""
    splices: list[Splice] = []
    changes: list[SectionChange] = []
    new_sections: list[str] = []
    for topic in topics:
        table = _find_table(readme, topic)
        if topic.heading not in fetched:
            continue
        papers = fetched[topic.heading]
        if table is None:
            rows, change = merge_rows(topic, (), papers)
            new_sections += ["", *render_section(topic.heading, rows, topic.columns)]
            changes.append(replace(change, created=True))
            continue
        splice, change = _table_splice(table, topic, papers)
        if splice is not None:
            splices.append(splice)
            changes.append(change)
    if new_sections:
        # First, so that rows added to an empty last table, at the same line, go before them.
        splices.insert(0, _append_splice(readme, new_sections))
    return splices, changes


def _table_splice(
    table: Table, topic: Topic, papers: Sequence[Paper]
) -> tuple[Splice | None, SectionChange]:
    """The splice that merges the papers into an existing table; None when nothing changes."""
    if table.columns == topic.columns:
        rows, change = merge_rows(topic, table.rows, papers)
        splice = Splice(table.start + 2, table.end, tuple(rows))
        return (splice if change.papers_changed else None), change
    moved = with_columns(table.rows, table.columns, papers, topic)
    rows, change = merge_rows(topic, moved, papers)
    head = render_table_head(topic.columns)
    return Splice(table.start, table.end, (*head, *rows)), replace(change, columns_changed=True)


def _append_splice(readme: Readme, new_sections: list[str]) -> Splice:
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
    return Splice(position, position, tuple(new_sections))


def _apply(readme: Readme, splices: Sequence[Splice]) -> list[str]:
    """The README's lines with the splices made, each new line ending as the file's lines do."""
    lines = list(readme.lines)
    # Bottom-up, so that the line indexes of the splices still to make stay valid; the sort is
    # stable, so splices at the same line are made in the order planned.
    for splice in sorted(splices, key=lambda splice: splice.start, reverse=True):
        if splice.start > 0 and not lines[splice.start - 1].endswith(("\n", "\r")):
            lines[splice.start - 1] += readme.newline
        lines[splice.start : splice.end] = [line + readme.newline for line in splice.lines]
    return lines
