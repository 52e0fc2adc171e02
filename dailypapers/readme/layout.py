"""The merged README laid out within its byte budget: the rows each section shows, the splices
that write them and the link line under them, and the pages of the rows it has no room for.

A README whose every row fits is written as it always was: no link line, no page, and a page
left from an earlier run is retired. Otherwise the budget is shared (:mod:`.budget`) on the
README's size with no row shown, and each section's older rows go to its pages
(:mod:`.pages`). Tables of sections the run does not manage are left as they are, pages and all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dailypapers.domain.pages import PageSettings
from dailypapers.domain.text import utf8_size
from dailypapers.readme.budget import SectionRows, shown_rows
from dailypapers.readme.document import Readme, Row
from dailypapers.readme.pages import render_link_line, render_pages
from dailypapers.readme.render import render_section, render_table_head
from dailypapers.readme.splice import Splice, apply_splices, insertion
from dailypapers.readme.tables import Shelf


@dataclass(frozen=True, slots=True)
class Placement:
    """A papers table of the merged README: its heading as written, every row it keeps (its
    README's and its pages', newest first) in its ``columns``, and where it stands: on a
    ``shelf`` of the README (its header rewritten when ``new_head``), or, new, at the line
    ``position`` (after what stands there when ``after``). Only ``managed`` tables are laid out."""

    heading: str
    rows: tuple[Row, ...]
    columns: tuple[str, ...]
    managed: bool
    shelf: Shelf | None = None
    new_head: bool = False
    position: int = 0
    after: bool = True


@dataclass(frozen=True, slots=True)
class Layout:
    """The README's text, the pages it links (by path) and the pages it no longer links."""

    text: str
    pages: dict[str, str]
    retired: tuple[str, ...]


def lay_out(
    readme: Readme,
    placements: Sequence[Placement],
    settings: PageSettings,
    new: bool,
) -> Layout:
    """The README (``new``: a new README's preamble) with each managed table's rows, those that
    fit within the budget, and the pages of the others."""

    def text(shown: Sequence[int | None], links: bool = True) -> str:
        return apply_splices(readme, _splices(readme, placements, shown, links), new)

    shown = tuple(len(placement.rows) if placement.managed else None for placement in placements)
    written = text(shown)
    if utf8_size(written) > settings.max_readme_bytes:
        no_rows = tuple(None if count is None else 0 for count in shown)
        managed = [placement for placement in placements if placement.managed]
        sizes = [SectionRows.of(p.heading, [row.text for row in p.rows]) for p in managed]
        counts = iter(shown_rows(utf8_size(text(no_rows, False)), sizes, settings.max_readme_bytes))
        shown = tuple(None if count is None else next(counts) for count in shown)
        written = text(shown)
    pages = _pages(placements, shown, settings)
    linked = {path for p in placements if p.managed and p.shelf for path in p.shelf.pages}
    return Layout(written, pages, tuple(sorted(linked - set(pages))))


def _pages(
    placements: Sequence[Placement], shown: Sequence[int | None], settings: PageSettings
) -> dict[str, str]:
    """The pages of the rows each managed table does not show, by path."""
    pages: dict[str, str] = {}
    for placement, count in zip(placements, shown, strict=True):
        if count is not None and count < len(placement.rows):
            older = placement.rows[count:]
            path, budget = settings.readme_path, settings.max_readme_bytes
            pages |= render_pages(placement.heading, older, placement.columns, path, budget)
    return pages


def _splices(
    readme: Readme, placements: Sequence[Placement], shown: Sequence[int | None], links: bool
) -> list[Splice]:
    """The splices that write the first ``shown`` rows of each managed table, and, with
    ``links``, the link line to the others: a new section's at its place, a table's (with its
    header when it changed) over its rows and its old link line."""
    splices: list[Splice] = []
    new_sections: dict[int, list[str]] = {}
    for placement, count in zip(placements, shown, strict=True):
        if count is None:
            continue
        lines = [row.text for row in placement.rows[:count]]
        linked = links and count < len(placement.rows)
        if linked:
            lines += ["", render_link_line(placement.heading, len(placement.rows) - count)]
        if placement.shelf is None:
            section = render_section(placement.heading, lines, placement.columns)
            new_sections.setdefault(placement.position, []).extend(
                ["", *section] if placement.after else [*section, ""]
            )
            continue
        splice = _table_splice(readme, placement, placement.shelf, lines, linked)
        if splice is not None:
            splices.append(splice)
    # First, so that rows added to an empty table, at the same line, go before a new section.
    added = [insertion(readme, position, lines) for position, lines in new_sections.items()]
    return [*added, *splices]


def _table_splice(
    readme: Readme, placement: Placement, shelf: Shelf, lines: list[str], linked: bool
) -> Splice | None:
    """The splice that writes a table's rows, and its link line when ``linked``, over its rows
    and its old link line; None when they are as they stand."""
    start = shelf.table.start + 2
    if placement.new_head:
        start, lines = shelf.table.start, [*render_table_head(placement.columns), *lines]
    end = shelf.end
    if linked and end < len(readme.lines) and readme.lines[end].strip():
        # A link line is kept apart from a heading right after it, as sections are.
        lines = [*lines, ""]
    if [line.rstrip("\r\n") for line in readme.lines[start:end]] == lines:
        return None
    return Splice(start, end, tuple(lines))
