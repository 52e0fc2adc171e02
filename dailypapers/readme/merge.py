"""Merging fetched papers into a parsed README: pure functions from old text to new text.

Rows of papers that did not change are kept byte for byte and in their order; new papers and newer
versions go where their date puts them; each table is cut to ``max_papers`` rows; text outside the
managed tables is never touched, except the ``Last update:`` line when papers changed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from dailypapers.config.section import Section, heading_key
from dailypapers.errors import ReadmeFormatError
from dailypapers.paper import Paper
from dailypapers.readme.document import Readme, Row, Table, parse_readme, split_cells
from dailypapers.readme.render import (
    render_last_update,
    render_preamble,
    render_row,
    render_section,
    render_table_head,
)
from dailypapers.readme.splice import Splice, apply_splices, insertion


@dataclass(frozen=True, slots=True)
class SectionChange:
    """What a merge did to one section's table."""

    heading: str
    added: tuple[Paper, ...] = ()
    updated: tuple[Paper, ...] = ()
    dropped: int = 0
    created: bool = False
    columns_changed: bool = False
    # Of the papers arXiv returned: how many the table already listed at their version, and
    # how many new ones were older than every row the cap keeps.
    already_listed: int = 0
    too_old: int = 0

    @property
    def papers_changed(self) -> bool:
        return bool(self.added or self.updated or self.dropped)


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The README after the merge; ``changed`` is False when it is the input, byte for byte."""

    text: str
    changed: bool
    changes: tuple[SectionChange, ...] = field(default=())
    # The date the README's ``Last update:`` line gave before the merge.
    previous_update: date | None = None

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


def merge_rows(
    section: Section, rows: Sequence[Row], papers: Sequence[Paper], ordered: bool = True
) -> tuple[list[str], SectionChange]:
    """The section's rows with the papers merged in, and what changed.

    The papers arXiv returned stand in arXiv's order, newest update first, each as its row (kept
    as it is) or, when new or of a newer version, as a new row; the rows of papers not returned
    keep their place among them by date. An answer arXiv did not itself order (``ordered`` is
    False) says nothing of the rows' order: they all keep their place, and only new rows go
    where their date puts them. The newest ``max_papers`` rows by date are kept.
    """
    existing = {row.paper_id: row for row in rows if row.paper_id is not None}
    added: list[Paper] = []
    updated: list[Paper] = []
    returned: list[_Entry] = []
    distinct = newest_versions(papers)
    for paper in distinct:
        known = existing.get(paper.arxiv_id)
        if known is None or paper.version > known.version:
            (added if known is None else updated).append(paper)
            row = render_row(paper, section.columns)
            returned.append(_Entry(row, paper.updated, paper, paper.arxiv_id))
        elif ordered:
            returned.append(
                _Entry(known.text, known.date or paper.updated, arxiv_id=paper.arxiv_id)
            )
    placed = {entry.arxiv_id for entry in returned}
    others = [_Entry(row.text, row.date) for row in rows if row.paper_id not in placed]
    kept = _newest(_interleave(others, returned), section.max_papers)
    change = _section_change(section.heading, len(rows), kept, added, updated, len(distinct))
    return [entry.text for entry in kept], change


def _section_change(
    heading: str,
    rows: int,
    kept: list[_Entry],
    added: list[Paper],
    updated: list[Paper],
    returned: int,
) -> SectionChange:
    """What a merge did to a table of ``rows`` rows that now holds ``kept``, of the ``returned``
    papers: only papers that made it past the cap count as gained, the others never reach it."""
    gained = {entry.paper.arxiv_id for entry in kept if entry.paper is not None}
    kept_added = tuple(paper for paper in added if paper.arxiv_id in gained)
    kept_updated = tuple(paper for paper in updated if paper.arxiv_id in gained)
    return SectionChange(
        heading,
        added=kept_added,
        updated=kept_updated,
        dropped=rows + len(kept_added) - len(kept),
        already_listed=returned - len(added) - len(updated),
        too_old=len(added) + len(updated) - len(kept_added) - len(kept_updated),
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    """A row of the merged table: its text, its date, and the paper when it is a new row."""

    text: str
    date: date | None
    paper: Paper | None = None
    # The paper the row shows, where it is one arXiv returned.
    arxiv_id: str = ""


def _interleave(others: Sequence[_Entry], returned: Sequence[_Entry]) -> list[_Entry]:
    """The returned rows in their order, each other row before the first returned one of an
    older date; a row without a date stays after the rows that came before it."""
    merged: list[_Entry] = []
    pending = 0
    for entry in others:
        while (
            entry.date is not None
            and pending < len(returned)
            and (returned[pending].date or date.max) >= entry.date
        ):
            merged.append(returned[pending])
            pending += 1
        merged.append(entry)
    return merged + list(returned[pending:])


def _newest(entries: list[_Entry], limit: int) -> list[_Entry]:
    """At most ``limit`` entries, in their order: those dropped are the oldest by date (the last
    of a date first), never a row whatever its place in the table; rows without a date stay."""
    excess = len(entries) - limit
    if excess <= 0:
        return entries
    by_age = sorted(
        range(len(entries)), key=lambda index: (entries[index].date or date.max, -index)
    )
    dropped = set(by_age[:excess])
    return [entry for index, entry in enumerate(entries) if index not in dropped]


def _find_table(readme: Readme, section: Section) -> Table | None:
    """The papers table of the section's section, None when there is no such section."""
    key = heading_key(section.heading)
    matches = [found for found in readme.sections if heading_key(found.heading) == key]
    if len(matches) > 1:
        raise ReadmeFormatError(
            matches[1].heading_line + 1,
            f"the section '## {matches[1].heading}' appears {len(matches)} times (first on line "
            f"{matches[0].heading_line + 1}); merge them into one or rename one of the headings",
        )
    if not matches:
        _refuse_hidden_heading(readme, section)
        return None
    found = matches[0]
    header = render_table_head(section.columns)[0]
    if found.table is None:
        raise ReadmeFormatError(
            found.heading_line + 1,
            f"'## {found.heading}' is not followed by a papers table; rename the heading, or "
            f"put the table header '{header}' on the line below it",
        )
    if not found.table.is_papers_table:
        raise ReadmeFormatError(
            found.table.start + 1,
            f"the table under '## {found.heading}' has the columns "
            f"{', '.join(found.table.columns) or '(none)'}, not a papers table's "
            f"({', '.join(section.columns)}); restore the header '{header}' or rename the heading",
        )
    return found.table


def _refuse_hidden_heading(readme: Readme, section: Section) -> None:
    """Stops where the section's heading stands inside a quote, a list or HTML: a section written
    after it would be a second one, growing every day."""
    key = heading_key(section.heading)
    for line, heading in readme.hidden_headings:
        if heading_key(heading) == key:
            raise ReadmeFormatError(
                line + 1,
                f"'## {section.heading}' stands inside a quote, a list or HTML, where its table "
                "cannot follow it; put the heading on a line of its own after a blank line, or "
                "remove it and let the run add the section",
            )


def _refuse_lost_columns(table: Table) -> None:
    """Stops where every row has more cells than the header: a column name was lost, and
    moving the rows to the header's columns would drop that column's text from each. Rows
    whose title a raw "|" split (it has no whole title link) do not count."""
    cells = [len(split_cells(row.text)) for row in table.rows if row.title]
    if cells and min(cells) > len(table.columns):
        raise ReadmeFormatError(
            table.start + 1,
            f"the header names {len(table.columns)} columns but every row has {min(cells)} "
            "cells; restore the missing column in the header",
        )


def with_columns(
    rows: Sequence[Row], old: Sequence[str], papers: Sequence[Paper], section: Section
) -> list[Row]:
    """Rows moved from the ``old`` columns to the section's: a fetched paper's row is rendered
    again in full, any other keeps the cells it had, by column name, and leaves new ones empty."""
    fetched = {paper.arxiv_id: paper for paper in newest_versions(papers)}
    moved = []
    for row in rows:
        paper = fetched.get(row.paper_id or "")
        if paper is not None and paper.version == row.version:
            text = render_row(paper, section.columns)
        else:
            cells = dict(zip(old, split_cells(row.text), strict=False))
            text = "| " + " | ".join(cells.get(column, "") for column in section.columns) + " |"
        moved.append(replace(row, text=text))
    return moved


def merge_readme(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    today: date,
    *,
    announces: bool = False,
    unordered: Collection[str] = (),
) -> MergeResult:
    """The README with each fetched section's papers merged in, dated ``today``.

    ``fetched`` holds the papers of the sections whose fetch succeeded, by heading, in arXiv's
    order but for the ``unordered`` headings; a section missing from it keeps its rows as they are.
    ``text`` is None when there is no README yet: it is created with a preamble that says
    whether new papers are ``announces``d in an issue.
    """
    caps = [section.max_papers for section in sections]
    readme = parse_readme(text if text is not None else render_preamble(caps, today, announces))
    splices, changes = _plan(readme, fetched, sections, frozenset(unordered))
    lines = apply_splices(readme, splices)
    if readme.last_update_line is not None:
        line = lines[readme.last_update_line]
        ending = line[len(line.rstrip("\r\n")) :]
        mark = "\ufeff" if line.startswith("\ufeff") else ""
        lines[readme.last_update_line] = mark + render_last_update(today) + ending
    new_text = _with_ending("".join(lines), text, readme.newline)
    previous = readme.last_update if text is not None else None
    return MergeResult(new_text, new_text != text, tuple(changes), previous)


def _with_ending(new_text: str, text: str | None, newline: str) -> str:
    """A new README ends as DailyArXiv's do, with a blank line; a file that did not end with a
    line break still does not."""
    if text is None:
        return new_text + newline
    if text and not text.endswith(("\n", "\r")):
        return new_text.rstrip("\r\n") if new_text.endswith(("\n", "\r")) else new_text
    return new_text


def _plan(
    readme: Readme,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    unordered: frozenset[str],
) -> tuple[list[Splice], list[SectionChange]]:
    """The splices that merge each fetched section's papers, and what each changes."""
    splices: list[Splice] = []
    changes: list[SectionChange] = []
    new_sections: dict[int, list[str]] = {}
    tables = {section.heading: _find_table(readme, section) for section in sections}
    for index, section in enumerate(sections):
        table = tables[section.heading]
        if section.heading not in fetched:
            continue
        papers = fetched[section.heading]
        if table is None:
            rows, change = merge_rows(section, (), papers)
            lines = render_section(section.heading, rows, section.columns)
            position, after = _new_section_place(readme, sections, tables, index)
            new_sections.setdefault(position, []).extend(["", *lines] if after else [*lines, ""])
            changes.append(replace(change, created=True))
            continue
        splice, change = _table_splice(table, section, papers, section.heading not in unordered)
        if splice is not None:
            splices.append(splice)
            changes.append(change)
    # First, so that rows added to an empty table, at the same line, go before a new section.
    added = [insertion(readme, position, lines) for position, lines in new_sections.items()]
    return [*added, *splices], changes


def _new_section_place(
    readme: Readme,
    sections: Sequence[Section],
    tables: Mapping[str, Table | None],
    index: int,
) -> tuple[int, bool]:
    """Where a new section goes, by the order of the sections: after the table of the nearest
    earlier section that has one, else before the heading of the nearest later one, else after
    the last papers table; and whether it goes after what stands there."""
    for earlier in reversed(sections[:index]):
        table = tables[earlier.heading]
        if table is not None:
            return table.end, True
    later = {
        heading_key(section.heading) for section in sections[index + 1 :] if tables[section.heading]
    }
    for found in readme.sections:
        if heading_key(found.heading) in later:
            return found.heading_line, False
    papers_tables = [
        found.table
        for found in readme.sections
        if found.table is not None and found.table.is_papers_table
    ]
    return (papers_tables[-1].end if papers_tables else len(readme.lines)), True


def _table_splice(
    table: Table, section: Section, papers: Sequence[Paper], ordered: bool
) -> tuple[Splice | None, SectionChange]:
    """The splice that merges the papers into an existing table; None when nothing changes."""
    _refuse_lost_columns(table)
    if table.columns == section.columns:
        rows, change = merge_rows(section, table.rows, papers, ordered)
        unchanged = rows == [row.text for row in table.rows]
        return (None if unchanged else Splice(table.start + 2, table.end, tuple(rows))), change
    moved = with_columns(table.rows, table.columns, papers, section)
    rows, change = merge_rows(section, moved, papers, ordered)
    head = render_table_head(section.columns)
    return Splice(table.start, table.end, (*head, *rows)), replace(change, columns_changed=True)
