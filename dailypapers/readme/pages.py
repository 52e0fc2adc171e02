"""The pages of older papers: the rows a README within its byte budget cannot hold, in files
beside it, linked from the line under their section's table.

A section that keeps more rows than the README has room for shows its newest and links the rest
with one line after a blank line under its table, ``[76 older papers](papers/diffusion.md)``:
a paragraph, so GitHub never reads it as a row. The page is a short header, a link back to the
section, and the same table under a ``## heading``, so that it reads as the README does. A page
that would pass the budget becomes an index of one page per year (``diffusion-2025.md``), of a
year that would pass it, per month (``diffusion-2026-11.md``), and of a month that would, in parts
(``diffusion-2026-11-2.md``): years and months keep their names as newer papers arrive, so that
only the pages whose rows changed change. Paths are the store's: the folder ``papers`` beside the
README (``PAGES_FOLDER``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from dailypapers.domain.pages import PAGES_FOLDER, PageSettings
from dailypapers.domain.section import heading_slug
from dailypapers.domain.text import utf8_size
from dailypapers.readme.document import Readme, Row, Table, parse_readme
from dailypapers.readme.render import render_section

# The line under a table that links its older papers; and an index page's line for one page.
_LINK_LINE = re.compile(r"\[\d+ older papers?\]\((?P<target>" + PAGES_FOLDER + r"/[\w-]+\.md)\)")
_INDEX_ITEM = re.compile(r"- \[[^\]\r\n]*\]\((?P<target>[\w-]+\.md)\): \d+ papers?")
# What GitHub leaves out of a heading's anchor: anything but letters, digits, _, - and spaces.
_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class LinkLine:
    """The link to a section's older papers: the README's lines ``start`` to ``end`` (the blank
    line and the link), and the page it links, as written (relative to the README)."""

    start: int
    end: int
    target: str


@dataclass(frozen=True, slots=True)
class Archive:
    """A section's rows that its pages hold, newest first, and the paths of the pages read."""

    rows: tuple[Row, ...] = ()
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredPages:
    """The pages beside a README as a run finds them: the README's budget and path (the
    store's), which the pages share, and the text of each page read, by path."""

    settings: PageSettings = field(default_factory=PageSettings)
    texts: Mapping[str, str] = field(default_factory=dict)

    def linked_by(self, link: LinkLine | None, columns: Sequence[str]) -> Archive:
        """The rows of the pages the link line leads to, under a table of these ``columns``;
        none without a link line."""
        if link is None:
            return Archive()
        return read_archive(_beside(self.settings.readme_path, link.target), columns, self.texts)


# No page read, and the default budget: a README with no older papers yet.
NO_PAGES = StoredPages()


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    return _NOT_IN_ANCHOR.sub("", heading.strip().lower()).replace(" ", "-")


def render_link_line(heading: str, count: int) -> str:
    """The line under a section's table that links its ``count`` older papers."""
    papers = "paper" if count == 1 else "papers"
    return f"[{count} older {papers}]({_first_page(heading)})"


def _first_page(heading: str) -> str:
    """The page a section's link line links, as the README links it."""
    return f"{PAGES_FOLDER}/{heading_slug(heading)}.md"


def linked_pages(path: str, text: str) -> list[str]:
    """The pages the file at ``path`` links: a README's link lines, an index page's lines, as
    the store names them."""
    lines = (line.strip() for line in text.splitlines())
    found = (_LINK_LINE.fullmatch(line) or _INDEX_ITEM.fullmatch(line) for line in lines)
    return [_beside(path, match["target"]) for match in found if match is not None]


def _beside(path: str, target: str) -> str:
    """What the file at ``path`` links as ``target``, as the store names it."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), target))


def find_link_line(readme: Readme, table: Table) -> LinkLine | None:
    """The link line under the table, after one blank line, if it has one."""
    lines = readme.lines
    if table.end + 1 >= len(lines) or lines[table.end].strip():
        return None
    found = _LINK_LINE.fullmatch(lines[table.end + 1].strip())
    return LinkLine(table.end, table.end + 2, found["target"]) if found else None


def read_archive(first: str, columns: Sequence[str], texts: Mapping[str, str]) -> Archive:
    """The rows of the pages a link line leads to, ``first`` (``texts``: the pages read, by
    path): that page's table, then those of the pages it lists. A page missing, or whose table
    has other columns than ``columns``, is left out, and stays as it is."""
    paths = [first] + [
        path for path in linked_pages(first, texts.get(first, "")) if _is_part_of(path, first)
    ]
    rows: list[Row] = []
    read: list[str] = []
    for path in (path for path in paths if path in texts):
        table = _papers_table(texts[path])
        if table is None or table.columns == tuple(columns):
            read.append(path)
            rows += table.rows if table is not None else ()
    return Archive(tuple(rows), tuple(read))


def _is_part_of(path: str, first: str) -> bool:
    """Whether ``path`` names a page of a year, a month or a part of the page ``first``."""
    stem = re.escape(first.removesuffix(".md"))
    period = r"-(?:\d{4}(?:-\d{2})?|" + UNDATED + r")(?:-\d+)?\.md"
    return re.fullmatch(stem + period, path) is not None


def _papers_table(text: str) -> Table | None:
    """The first papers table of a page."""
    found = parse_readme(text).sections
    return next((s.table for s in found if s.table is not None and s.table.is_papers_table), None)


def render_pages(
    heading: str, rows: Sequence[Row], columns: Sequence[str], readme_path: str, max_bytes: int
) -> dict[str, str]:
    """The pages of a section's older rows, by path: one page, or, when it would pass
    ``max_bytes``, an index of a page per year (per month, of a year that would pass it; in
    parts, of a month that would), each within it."""
    page = _Page(heading, tuple(columns), posixpath.basename(readme_path))
    first = _beside(readme_path, _first_page(heading))
    whole = page.table_text("", rows)
    if utf8_size(whole) <= max_bytes:
        return {first: whole}
    stem = first.removesuffix(".md")
    pages = {}
    items = []
    for year, year_rows in _by_period(rows, 4):
        if utf8_size(page.table_text(year, year_rows)) <= max_bytes:
            pieces = [(year, year, year_rows)]
        else:
            pieces = [
                piece
                for month, month_rows in _by_period(year_rows, 7)
                for piece in _parts(page, month, month_rows, max_bytes)
            ]
        for label, suffix, piece in pieces:
            pages[f"{stem}-{suffix}.md"] = page.table_text(label, piece)
            items.append((label, f"{posixpath.basename(stem)}-{suffix}.md", len(piece)))
    return {first: page.index_text(items), **pages}


def _parts(
    page: _Page, month: str, rows: Sequence[Row], max_bytes: int
) -> Iterator[tuple[str, str, list[Row]]]:
    """The month's rows in parts, in order, each as many as its page holds within
    ``max_bytes`` (at least one); each with its label and the suffix of its file's name."""
    part: list[Row] = []
    number = 1
    size = 0
    for row in rows:
        row_size = utf8_size(row.text) + 1
        if part and size + row_size > max_bytes:
            yield (*_part_name(month, number), part)
            part, number = [], number + 1
        if not part:
            size = utf8_size(page.table_text(_part_name(month, number)[0], ()))
        part.append(row)
        size += row_size
    if part:
        yield (*_part_name(month, number), part)


def _part_name(month: str, number: int) -> tuple[str, str]:
    """A part's label, and the suffix of its file's name: the first part is the month's."""
    if number == 1:
        return month, month
    return f"{month}, part {number}", f"{month}-{number}"


def _by_period(rows: Sequence[Row], length: int) -> Iterator[tuple[str, list[Row]]]:
    """The rows by the year (``length`` 4) or month (7) of their date, newest first, each in
    its order; a row without a date goes with the row before it (the first dated one, at the
    start; with none, they are all ``undated``)."""
    periods = [row.date.isoformat()[:length] for row in rows if row.date is not None]
    period = periods[0] if periods else UNDATED
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        period = row.date.isoformat()[:length] if row.date is not None else period
        grouped.setdefault(period, []).append(row)
    yield from sorted(grouped.items(), reverse=True)


@dataclass(frozen=True, slots=True)
class _Page:
    """What every page of a section says: its title, and the link back to the section."""

    heading: str
    columns: tuple[str, ...]
    readme_name: str

    def _header(self, label: str, after: str) -> str:
        title = f"{self.heading}: older papers" + (f", {label}" if label else "")
        back = f"[{self.heading}](../{self.readme_name}#{heading_anchor(self.heading)})"
        return f"# {title}\n\nPapers of {back} that the README has no room for, {after}\n\n"

    def table_text(self, label: str, rows: Sequence[Row]) -> str:
        lines = render_section(self.heading, [row.text for row in rows], self.columns)
        return self._header(label, "newest first.") + "".join(line + "\n" for line in lines)

    def index_text(self, items: Sequence[tuple[str, str, int]]) -> str:
        lines = [
            f"- [{label}]({name}): {count} {'paper' if count == 1 else 'papers'}"
            for label, name, count in items
        ]
        return self._header("", "newest first, by date:") + "".join(line + "\n" for line in lines)
