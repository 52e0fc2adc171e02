"""Merging fetched papers into a README, in two pure steps: select, then render.

:func:`select_papers` parses the README once and says, section by section, which rows each table
keeps and which papers it gains, without rendering a row: the run writes TL;DRs for exactly the
papers gained (:meth:`Selection.with_tldrs`) before :func:`render_merge` renders the new rows once,
splices them into the file and returns the merged text with its papers tables, so that nothing
parses the merged text again. Rows of papers that did not change are kept byte for byte and in
their order; text outside the managed tables is never touched, except the ``Last update:`` line.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from dailypapers.config.section import Section, heading_key
from dailypapers.interfaces import Tldrs
from dailypapers.paper import Paper
from dailypapers.readme.document import Readme, Row, Table, parse_readme
from dailypapers.readme.render import (
    render_last_update,
    render_preamble,
    render_row,
    render_section,
    render_table_head,
)
from dailypapers.readme.selection import (
    Entry,
    SectionChange,
    select_rows,
    with_columns,
    with_tldr,
)
from dailypapers.readme.splice import Splice, apply_splices, insertion
from dailypapers.readme.tables import find_table, refuse_lost_columns


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
    # longer configured.
    tables: tuple[PapersTable, ...] = ()


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

    def with_tldrs(self, tldrs: Tldrs) -> TablePlan:
        entries = tuple(
            replace(entry, paper=with_tldr(entry.paper, tldrs)) if entry.paper else entry
            for entry in self.entries
        )
        return replace(self, entries=entries, change=self.change.with_tldrs(tldrs))


@dataclass(frozen=True, slots=True)
class Selection:
    """What a merge puts in the README, before any row gained is rendered: the README merged
    into (``existed`` is False when it is a new README's preamble) and a plan for each section
    whose table changes, in the order of the sections."""

    readme: Readme
    existed: bool
    plans: tuple[TablePlan, ...]

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

    def with_tldrs(self, tldrs: Tldrs) -> Selection:
        """The selection with each paper gained carrying its TL;DR (and rating) from ``tldrs``."""
        return replace(self, plans=tuple(plan.with_tldrs(tldrs) for plan in self.plans))


def merge_readme(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    today: date,
    *,
    offers_watching: bool = False,
    unordered: Collection[str] = (),
) -> MergeResult:
    """The README with each fetched section's papers merged in, dated ``today``: both steps."""
    selection = select_papers(
        text, fetched, sections, today, offers_watching=offers_watching, unordered=unordered
    )
    return render_merge(selection, today)


def select_papers(
    text: str | None,
    fetched: Mapping[str, Sequence[Paper]],
    sections: Sequence[Section],
    today: date,
    *,
    offers_watching: bool = False,
    unordered: Collection[str] = (),
) -> Selection:
    """What merging the fetched papers into the README does to each section's table.

    ``fetched`` holds the papers of the sections whose fetch succeeded, by heading, in arXiv's
    order but for the ``unordered`` headings; a section missing from it keeps its rows as they are.
    ``text`` is None when there is no README yet: it is created with a preamble that says
    whether it ``offers_watching`` the repository (new papers come as issues).
    """
    caps = [section.max_papers for section in sections]
    preamble = render_preamble(caps, today, offers_watching)
    readme = parse_readme(text if text is not None else preamble)
    tables = {section.heading: find_table(readme, section) for section in sections}
    plans = []
    for index, section in enumerate(sections):
        papers = fetched.get(section.heading)
        table = tables[section.heading]
        if papers is None:
            continue
        if table is None:
            entries, change = select_rows(section, (), papers)
            position, after = _new_section_place(readme, sections, tables, index)
            created = replace(change, created=True)
            plans.append(TablePlan(section, tuple(entries), created, None, position, after))
            continue
        plan = _table_plan(table, section, papers, section.heading not in unordered)
        if plan is not None:
            plans.append(plan)
    return Selection(readme, text is not None, tuple(plans))


def _table_plan(
    table: Table, section: Section, papers: Sequence[Paper], ordered: bool
) -> TablePlan | None:
    """The plan that merges the papers into an existing table; None when nothing changes."""
    refuse_lost_columns(table)
    if table.columns == section.columns:
        entries, change = select_rows(section, table.rows, papers, ordered)
        kept = [entry.row.text if entry.row else None for entry in entries]
        unchanged = kept == [row.text for row in table.rows]
        return None if unchanged else TablePlan(section, tuple(entries), change, table)
    moved = with_columns(table.rows, table.columns, papers, section)
    entries, change = select_rows(section, moved, papers, ordered)
    return TablePlan(section, tuple(entries), replace(change, columns_changed=True), table)


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


def render_merge(selection: Selection, today: date) -> MergeResult:
    """The merged README, dated ``today``: the selection's rows rendered and spliced in."""
    readme = selection.readme
    rows = [
        tuple(_merged_row(entry, plan.section) for entry in plan.entries)
        for plan in selection.plans
    ]
    lines = apply_splices(readme, _splices(readme, selection.plans, rows))
    if readme.last_update_line is not None:
        line = lines[readme.last_update_line]
        ending = line[len(line.rstrip("\r\n")) :]
        mark = "\ufeff" if line.startswith("\ufeff") else ""
        lines[readme.last_update_line] = mark + render_last_update(today) + ending
    text = readme.text if selection.existed else None
    new_text = _with_ending("".join(lines), text, readme.newline)
    previous = readme.last_update if selection.existed else None
    tables = _papers_tables(readme, selection.plans, rows)
    return MergeResult(new_text, new_text != text, selection.changes, previous, tables)


def _merged_row(entry: Entry, section: Section) -> Row:
    """The entry's row: kept as it is, or rendered for the paper gained."""
    if entry.row is not None:
        return entry.row
    assert entry.paper is not None
    paper = entry.paper
    text = render_row(paper, section.columns)
    return Row(text, paper.arxiv_id, paper.version, paper.updated, paper.title)


def _splices(
    readme: Readme, plans: Sequence[TablePlan], rows: Sequence[tuple[Row, ...]]
) -> list[Splice]:
    """The splices that write each plan's rows: a new section's at its place, the rows of a
    table (with its header too when its columns changed) over the old ones."""
    splices: list[Splice] = []
    new_sections: dict[int, list[str]] = {}
    for plan, plan_rows in zip(plans, rows, strict=True):
        texts = [row.text for row in plan_rows]
        columns = plan.section.columns
        if plan.table is None:
            lines = render_section(plan.section.heading, texts, columns)
            section = ["", *lines] if plan.after else [*lines, ""]
            new_sections.setdefault(plan.position, []).extend(section)
        elif plan.change.columns_changed:
            head = render_table_head(columns)
            splices.append(Splice(plan.table.start, plan.table.end, (*head, *texts)))
        else:
            splices.append(Splice(plan.table.start + 2, plan.table.end, tuple(texts)))
    # First, so that rows added to an empty table, at the same line, go before a new section.
    added = [insertion(readme, position, lines) for position, lines in new_sections.items()]
    return [*added, *splices]


def _papers_tables(
    readme: Readme, plans: Sequence[TablePlan], rows: Sequence[tuple[Row, ...]]
) -> tuple[PapersTable, ...]:
    """The merged README's papers tables in the file's order: each table of the README with the
    rows it now holds, and each new section where it was inserted (before what stood there)."""
    merged = {plan.table.start: r for plan, r in zip(plans, rows, strict=True) if plan.table}
    placed: list[tuple[tuple[int, int, int], PapersTable]] = [
        (
            (found.heading_line, 1, 0),
            PapersTable(found.heading, merged.get(found.table.start, found.table.rows)),
        )
        for found in readme.sections
        if found.table is not None and found.table.is_papers_table
    ]
    placed += [
        ((plan.position, 0, index), PapersTable(plan.section.heading, plan_rows))
        for index, (plan, plan_rows) in enumerate(zip(plans, rows, strict=True))
        if plan.table is None
    ]
    return tuple(table for _, table in sorted(placed, key=lambda item: item[0]))


def _with_ending(new_text: str, text: str | None, newline: str) -> str:
    """A new README ends as DailyArXiv's do, with a blank line; a file that did not end with a
    line break still does not."""
    if text is None:
        return new_text + newline
    if text and not text.endswith(("\n", "\r")):
        return new_text.rstrip("\r\n") if new_text.endswith(("\n", "\r")) else new_text
    return new_text
