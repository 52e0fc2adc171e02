"""Which rows a section's table holds after a merge: a pure selection, before any new row is
rendered.

The papers arXiv returned stand in arXiv's order, newest update first, each as its row (kept as it
is) or, when new or of a newer version, as a paper still to render; the rows of papers not
returned keep their place among them by date; the newest ``max_papers`` by date are kept. What is
added or updated is known here, so that TL;DRs can be written for exactly those papers before
their rows are rendered (what changed is a :class:`~dailypapers.domain.change.SectionChange`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from dailypapers.domain.change import SectionChange
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import Section
from dailypapers.readme.document import Row, split_cells
from dailypapers.readme.render import render_row, table_line


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of the merged table, placed by ``date``: a row kept as it is, or a paper gained,
    whose row is still to render; ``arxiv_id`` names the paper when arXiv returned it."""

    date: date | None
    row: Row | None = None
    paper: Paper | None = None
    arxiv_id: str = ""


def newest_versions(papers: Sequence[Paper]) -> list[Paper]:
    """One paper per id, its newest version (a feed may list a paper twice)."""
    newest: dict[str, Paper] = {}
    for paper in papers:
        known = newest.get(paper.arxiv_id)
        if known is None or (paper.version, paper.updated) > (known.version, known.updated):
            newest[paper.arxiv_id] = paper
    return list(newest.values())


def select_rows(
    section: Section, rows: Sequence[Row], papers: Sequence[Paper], ordered: bool = True
) -> tuple[list[Entry], SectionChange]:
    """The entries of the section's table with the papers merged in, and what changed.

    An answer arXiv did not itself order (``ordered`` is False) says nothing of the rows' order:
    they all keep their place, and only papers gained go where their date puts them.
    """
    existing = {row.paper_id: row for row in rows if row.paper_id is not None}
    added: list[Paper] = []
    updated: list[Paper] = []
    returned: list[Entry] = []
    distinct = newest_versions(papers)
    for paper in distinct:
        known = existing.get(paper.arxiv_id)
        if known is None or paper.version > known.version:
            (added if known is None else updated).append(paper)
            returned.append(Entry(paper.updated, paper=paper, arxiv_id=paper.arxiv_id))
        elif ordered:
            returned.append(Entry(known.date or paper.updated, known, arxiv_id=paper.arxiv_id))
    placed = {entry.arxiv_id for entry in returned}
    others = [Entry(row.date, row) for row in rows if row.paper_id not in placed]
    kept = _newest(_interleave(others, returned), section.max_papers)
    change = _section_change(section.heading, len(rows), kept, added, updated, len(distinct))
    return kept, change


def _section_change(
    heading: str,
    rows: int,
    kept: list[Entry],
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


def _interleave(others: Sequence[Entry], returned: Sequence[Entry]) -> list[Entry]:
    """The returned entries in their order, each other entry before the first returned one of an
    older date; an entry without a date stays after the entries that came before it."""
    merged: list[Entry] = []
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


def _newest(entries: list[Entry], limit: int) -> list[Entry]:
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
            text = table_line(cells.get(column, "") for column in section.columns)
        moved.append(replace(row, text=text))
    return moved
