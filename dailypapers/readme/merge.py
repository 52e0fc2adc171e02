"""Merging fetched papers into a README, in two pure steps: select, then render.

:func:`select_papers` parses the README once and says, section by section, which rows each table
keeps and which papers it gains, without rendering a row: the run writes TL;DRs for exactly the
papers gained (:attr:`Selection.gained`) and hands them to :func:`render_merge`, which renders
the new rows once with them, splices them into the file and returns the merged text with its
papers tables, so that nothing parses the merged text again. Rows of papers that did not change
are kept byte for byte and in their order; text outside the managed tables is never touched,
except the ``Last update:`` line.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from dailypapers.domain.change import SectionChange
from dailypapers.domain.interfaces import NO_TLDRS, Tldrs
from dailypapers.domain.pages import PageSettings
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import Section
from dailypapers.readme.document import Readme, Row, Table, line_ending, parse_readme
from dailypapers.readme.layout import Placement, lay_out
from dailypapers.readme.pages import NO_PAGES, StoredPages
from dailypapers.readme.render import (
    overlong_fields,
    render_last_update,
    render_preamble,
    render_row,
)
from dailypapers.readme.selection import Entry, select_rows, with_columns
from dailypapers.readme.tables import (
    Shelf,
    new_section_place,
    read_shelves,
    refuse_lost_columns,
)


@dataclass(frozen=True, slots=True)
class PapersTable:
    """A papers table of the merged README: its heading as the README writes it, and its rows."""

    heading: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The README after the merge; ``changed`` is False when it is the input, byte for byte."""

    text: str
    changed: bool
    changes: tuple[SectionChange, ...] = ()
    # The date the README's ``Last update:`` line gave before the merge.
    previous_update: date | None = None
    # Every papers table of the merged README, in the file's order, also those of sections no
    # longer configured, each with the rows of its pages too.
    tables: tuple[PapersTable, ...] = ()
    # The pages of older papers the README links, by path (each within the budget), and those
    # it linked before but no longer does.
    pages: Mapping[str, str] = field(default_factory=dict)
    retired_pages: tuple[str, ...] = ()
    # The rows rendered with a text cut at FIELD_LIMIT: each paper's id and the texts cut.
    cut_texts: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class TablePlan:
    """What the merge does to one section's table: its entries, in order, and what changed.

    ``table`` is the table they replace; None for a new section, which goes at the line
    ``position``, after what stands there when ``after``.
    """

    section: Section
    entries: tuple[Entry, ...]
    change: SectionChange
    table: Table | None = None
    position: int = 0
    after: bool = True


@dataclass(frozen=True, slots=True)
class Selection:
    """What a merge puts in the README, before any row gained is rendered: the README merged
    into (``existed`` is False when it is a new README's preamble), a plan for each section
    whose table changes, in the order of the sections, every papers table the README has (by
    the line it starts on) with its pages' rows, the budget and place of the pages, and what
    the fetch brought to the tables that stay as they are (counted all the same: why nothing is
    new)."""

    readme: Readme
    existed: bool
    plans: tuple[TablePlan, ...]
    shelves: Mapping[int, Shelf] = field(default_factory=dict)
    pages: PageSettings = field(default_factory=PageSettings)
    unchanged: tuple[SectionChange, ...] = ()

    @property
    def changes(self) -> tuple[SectionChange, ...]:
        return tuple(plan.change for plan in self.plans)

    @property
    def gained(self) -> list[Paper]:
        """The papers added or updated, each once, also when several sections gain it."""
        papers = {
            paper.arxiv_id: paper
            for change in self.changes
            for paper in (*change.added, *change.updated)
        }
        return list(papers.values())


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """What a merge is told besides the papers: the sections whose answer arXiv did not order
    (their rows keep their places), whether a new README offers watching the repository (new
    papers come as issues), and the pages of older papers the README links, as stored."""

    unordered: Collection[str] = ()
    offers_watching: bool = False
    pages: StoredPages = NO_PAGES


NO_OPTIONS = MergeOptions()


def merge_readme(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    today: date,
    options: MergeOptions = NO_OPTIONS,
) -> MergeResult:
    """The README with each fetched section's papers merged in, dated ``today``: both steps."""
    return render_merge(select_papers(text, fetched, sections, today, options), today)


def select_papers(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    today: date,
    options: MergeOptions = NO_OPTIONS,
) -> Selection:
    """What merging the fetched papers into the README does to each section's table.

    ``fetched`` holds the papers of the sections whose fetch succeeded, by heading, in arXiv's
    order but for the ``unordered`` headings of the ``options``; a section missing from it keeps
    its rows as they are. ``text`` is None when there is no README yet: it is created with a
    preamble that says whether it offers watching the repository. The rows of the pages its
    link lines lead to count as their table's, after the README's.
    """
    caps = [section.max_papers for section in sections]
    preamble = render_preamble(caps, today, options.offers_watching)
    readme = parse_readme(text if text is not None else preamble)
    shelves = read_shelves(readme, sections, options.pages)
    placed = {shelf.section.heading: shelf for shelf in shelves.values() if shelf.section}
    plans: list[TablePlan] = []
    unchanged: list[SectionChange] = []
    for index, section in enumerate(sections):
        papers = fetched.get(section.heading)
        if papers is None:
            continue
        if section.heading not in placed:
            entries, change = select_rows(section, (), papers)
            position, after = new_section_place(readme, shelves, sections, index)
            created = replace(change, created=True)
            plans.append(TablePlan(section, tuple(entries), created, None, position, after))
            continue
        ordered = section.heading not in options.unordered
        plan = _table_plan(placed[section.heading], section, papers, ordered)
        if isinstance(plan, TablePlan):
            plans.append(plan)
        else:
            unchanged.append(plan)
    return Selection(
        readme, text is not None, tuple(plans), shelves, options.pages.settings, tuple(unchanged)
    )


def _table_plan(
    shelf: Shelf, section: Section, papers: Sequence[Paper], ordered: bool
) -> TablePlan | SectionChange:
    """The plan that merges the papers into an existing table and its pages; when nothing
    changes, the change alone, which still counts what arXiv returned."""
    table = shelf.table
    refuse_lost_columns(table)
    if table.columns == section.columns:
        entries, change = select_rows(section, shelf.rows, papers, ordered)
        kept = [entry.row.text if entry.row else None for entry in entries]
        unchanged = kept == [row.text for row in shelf.rows]
        return change if unchanged else TablePlan(section, tuple(entries), change, table)
    moved = with_columns(shelf.rows, table.columns, papers, section)
    entries, change = select_rows(section, moved, papers, ordered)
    return TablePlan(section, tuple(entries), replace(change, columns_changed=True), table)


def render_merge(selection: Selection, today: date, tldrs: Tldrs = NO_TLDRS) -> MergeResult:
    """The merged README, dated ``today``: the selection's rows rendered, each paper gained with
    its TL;DR (and rating) from ``tldrs``, and spliced in, those that fit within the budget, and
    the pages of the others."""
    readme = selection.readme
    rows = [
        tuple(_merged_row(entry, plan.section, tldrs) for entry in plan.entries)
        for plan in selection.plans
    ]
    placements = _placements(selection, rows)
    layout = lay_out(_dated(readme, today), placements, selection.pages, not selection.existed)
    text = readme.text if selection.existed else None
    previous = readme.last_update if selection.existed else None
    tables = tuple(PapersTable(placement.heading, placement.rows) for placement in placements)
    rendered = [e.paper for plan in selection.plans for e in plan.entries if e.row is None]
    cut = {p.arxiv_id: fields for p in rendered if p and (fields := overlong_fields(tldrs.on(p)))}
    changes = (*selection.changes, *selection.unchanged)
    return MergeResult(
        layout.text,
        layout.text != text,
        tuple(change.with_tldrs(tldrs) for change in changes),
        previous,
        tables,
        layout.pages,
        layout.retired,
        tuple(sorted(cut.items())),
    )


def _dated(readme: Readme, today: date) -> Readme:
    """The README with its ``Last update`` line dated ``today``, before any splice moves it;
    the line keeps its ending, and a byte order mark before it."""
    if readme.last_update_line is None:
        return readme
    lines = list(readme.lines)
    line = lines[readme.last_update_line]
    ending = line_ending(line)
    mark = "\ufeff" if line.startswith("\ufeff") else ""
    lines[readme.last_update_line] = mark + render_last_update(today) + ending
    return replace(readme, lines=tuple(lines))


def _merged_row(entry: Entry, section: Section, tldrs: Tldrs) -> Row:
    """The entry's row: kept as it is, or rendered for the paper gained, with its TL;DR."""
    if entry.row is not None:
        return entry.row
    assert entry.paper is not None
    paper = tldrs.on(entry.paper)
    text = render_row(paper, section.columns)
    return Row(text, paper.arxiv_id, paper.version, paper.updated, paper.title)


def _placements(selection: Selection, rows: Sequence[tuple[Row, ...]]) -> list[Placement]:
    """Every papers table of the merged README in the file's order, with all its rows: each
    table of the README (its plan's rows, else those it had), and each new section where it
    was inserted (before what stood there)."""
    plans = {
        plan.table.start: (plan, r)
        for plan, r in zip(selection.plans, rows, strict=True)
        if plan.table
    }
    placed: list[tuple[tuple[int, int], Placement]] = []
    for start, shelf in selection.shelves.items():
        plan, plan_rows = plans.get(start, (None, shelf.rows))
        columns = plan.section.columns if plan else shelf.table.columns
        new_head = plan is not None and plan.change.columns_changed
        managed = shelf.section is not None
        placement = Placement(shelf.heading, plan_rows, columns, managed, shelf, new_head)
        placed.append(((shelf.heading_line, 1), placement))
    for plan, plan_rows in zip(selection.plans, rows, strict=True):
        if plan.table is None:
            heading, columns, at = plan.section.heading, plan.section.columns, plan.position
            new = Placement(heading, plan_rows, columns, True, position=at, after=plan.after)
            placed.append(((at, 0), new))
    # Sorted stably: new sections at one line stay in the order of the sections.
    return [placement for _, placement in sorted(placed, key=lambda item: item[0])]
