"""Where a section's table stands in a parsed README, with the rows of its pages, and when it is
too broken to merge into.

A merge that rewrote a table it misread would lose rows or grow a second section every day; so a
section whose heading repeats, stands where no table can follow it, or heads no papers table
stops the run with a :class:`ReadmeFormatError` on that line, which says what
to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dailypapers.domain.errors import ReadmeFormatError
from dailypapers.domain.section import Section, heading_key
from dailypapers.readme.document import Readme, Row, Table, split_cells
from dailypapers.readme.pages import LinkLine, StoredPages, find_link_line
from dailypapers.readme.render import render_table_head


@dataclass(frozen=True, slots=True)
class Shelf:
    """A papers table of the README and the pages its link line leads to: ``rows`` are the
    README's, then the pages' (each paper once), ``pages`` the paths of the pages read, and
    ``section`` the section it belongs to (None: no section the run manages, left as it is)."""

    heading: str
    heading_line: int
    table: Table
    link: LinkLine | None
    rows: tuple[Row, ...]
    pages: tuple[str, ...]
    section: Section | None

    @property
    def end(self) -> int:
        """The line after the table, and after its link line when it has one."""
        return self.link.end if self.link is not None else self.table.end


def read_shelves(
    readme: Readme, sections: Sequence[Section], pages: StoredPages
) -> dict[int, Shelf]:
    """Every papers table of the README with the rows of its pages, by the line it starts on;
    stops where a section's table is too broken to merge into."""
    for configured in sections:
        _refuse_broken_section(readme, configured)
    managed = {heading_key(configured.heading): configured for configured in sections}
    shelves = {}
    for found in readme.sections:
        table = found.table
        if table is None or not table.is_papers_table:
            continue
        link = find_link_line(readme, table)
        archive = pages.linked_by(link, table.columns)
        listed = {row.paper_id for row in table.rows if row.paper_id is not None}
        older = tuple(row for row in archive.rows if row.paper_id not in listed)
        section = managed.get(heading_key(found.heading))
        rows = (*table.rows, *_once(older))
        shelf = Shelf(found.heading, found.heading_line, table, link, rows, archive.paths, section)
        shelves[table.start] = shelf
    return shelves


def _once(rows: Sequence[Row]) -> list[Row]:
    """The rows, each paper's first only (a page read twice, or a paper on two pages)."""
    seen: set[str] = set()
    once = []
    for row in rows:
        if row.paper_id is None or row.paper_id not in seen:
            once.append(row)
            seen.add(row.paper_id or "")
    return once


def new_section_place(
    readme: Readme, shelves: Mapping[int, Shelf], sections: Sequence[Section], index: int
) -> tuple[int, bool]:
    """Where a new section goes, by the order of the sections: after the table (and its link
    line) of the nearest earlier section that has one, else before the heading of the nearest
    later one, else after the last papers table; and whether it goes after what stands there."""
    placed = {shelf.section.heading: shelf for shelf in shelves.values() if shelf.section}
    for earlier in reversed(sections[:index]):
        if earlier.heading in placed:
            return placed[earlier.heading].end, True
    later = [placed[s.heading].heading_line for s in sections[index + 1 :] if s.heading in placed]
    if later:
        return min(later), False
    return max((shelf.end for shelf in shelves.values()), default=len(readme.lines)), True


def _refuse_broken_section(readme: Readme, section: Section) -> None:
    """Stops where the section's heading repeats, stands where its table cannot follow it, or
    heads no papers table."""
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
        return
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


def refuse_lost_columns(table: Table) -> None:
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
