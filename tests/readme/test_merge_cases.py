"""The merge's cases, as data: each directory under tests/fixtures/merge is one run of the merge,
the README before it, what arXiv returned for each section, and the README after it byte for byte
or the error that refuses it, with the pages of older papers beside it before and after
(tests/fixtures/merge/SOURCE.md describes the files).

Data rather than code, so that adding a case is adding files, and so that a case reads as a user
sees it: the whole README before and after. This module only reads the cases and runs the real
merge on them; it fails on a file a case does not use or a key it does not know, so that a typo
cannot silently turn a case into one that checks nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dailypapers.config.section import keyword_section
from dailypapers.domain.change import SectionChange
from dailypapers.domain.errors import ConfigError, ReadmeFormatError
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES, PageSettings
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import DEFAULT_COLUMNS, DEFAULT_MAX_PAPERS, Section, heading_key
from dailypapers.readme.document import Row, parse_readme
from dailypapers.readme.merge import MergeOptions, MergeResult, PapersTable, merge_readme
from dailypapers.readme.pages import StoredPages
from tests.factories import FIXTURES, fixture_path, paper

CASES = FIXTURES / "merge"
# Files of tests/fixtures/merge itself, next to the case directories.
NOT_CASES = {"SOURCE.md", ".gitattributes"}
CASE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A case has run.toml and exactly one outcome: the README after the run, or why it is refused.
REQUIRED = {"run.toml"}
OUTCOMES = {"after.md", "error.txt"}
OPTIONAL = {"before.md", "changes.toml"}
# The folder of pages beside the README, before and after the run: none, when it has none.
PAGES_BEFORE, PAGES_AFTER = "papers-before", "papers-after"
FOLDERS = {PAGES_BEFORE, PAGES_AFTER}
RUN_KEYS = {"description", "today", "offers-watching", "unordered", "max-readme-bytes", "section"}
SECTION_KEYS = {"heading", "max-papers", "columns", "failed", "paper"}
# A paper's keys in run.toml, and the arguments of tests.factories.paper they give.
PAPER_KEYS = {
    "id": "arxiv_id", "version": "version", "title": "title", "abstract": "abstract",
    "comment": "comment", "updated": "updated", "published": "published", "authors": "authors",
    "categories": "categories", "primary-category": "primary_category", "link": "link",
    "tldr": "tldr",
}  # fmt: skip
# A section's change in changes.toml: what a key left out says.
CHANGE_DEFAULTS: dict[str, object] = {
    "added": [], "updated": [], "dropped": 0, "created": False, "columns-changed": False,
    "already-listed": 0, "too-old": 0,
}  # fmt: skip
_ERROR_LINE = re.compile(r"line (\d+): ")
# The line under a table that links its older papers, and an index page's line for one page.
_LINK_LINE = re.compile(r"\[\d+ older papers?\]\(papers/(?P<name>[^)]+)\)")
_INDEX_ITEM = re.compile(r"- \[[^\]]+\]\((?P<name>[^)]+)\): \d+ papers?")


@dataclass(frozen=True, slots=True)
class Run:
    """What run.toml says: the day, the sections in order, and what arXiv returned for each."""

    description: str
    today: date
    sections: tuple[Section, ...]
    # By heading; a section whose fetch failed is missing.
    fetched: Mapping[str, list[Paper]]
    offers_watching: bool
    unordered: tuple[str, ...]
    max_readme_bytes: int = DEFAULT_MAX_README_BYTES


def case_names() -> list[str]:
    """The case directories, by name."""
    return sorted(path.name for path in CASES.iterdir() if path.name not in NOT_CASES)


def layout_problems(directory: Path) -> list[str]:
    """What keeps a directory from being a case: a file it does not use, or one it lacks."""
    if not directory.is_dir():
        return [f"{directory.name}: not a case directory"]
    entries = {path.name: path for path in directory.iterdir()}
    problems = [
        f"{name}: not a file a case uses"
        for name, path in sorted(entries.items())
        if not (name in REQUIRED | OUTCOMES | OPTIONAL and path.is_file())
        and not (name in FOLDERS and path.is_dir())
    ]
    problems += [f"{name}: missing" for name in sorted(REQUIRED - set(entries))]
    if len(OUTCOMES & set(entries)) != 1:
        problems.append("needs either after.md or error.txt")
    if "changes.toml" in entries and "after.md" not in entries:
        problems.append("changes.toml: a refused run changes nothing")
    if PAGES_AFTER in entries and "after.md" not in entries:
        problems.append(f"{PAGES_AFTER}: a refused run changes nothing")
    if not CASE_NAME.fullmatch(directory.name):
        problems.append(f"{directory.name}: not a kebab-case name")
    return problems


def read_text(name: str, file: str) -> str | None:
    """A case file's text exactly as stored (line endings, byte order mark and all), None when
    the case has no such file."""
    path = fixture_path(f"merge/{name}/{file}")
    return path.read_bytes().decode("utf-8") if path.exists() else None


def known(table: Mapping[str, Any], keys: Collection[str], where: str) -> Mapping[str, Any]:
    """The table, once it holds none but the ``keys``: a misspelt key fails the case."""
    unknown = sorted(set(table) - set(keys))
    assert not unknown, f"{where}: unknown keys {unknown}"
    return table


def case_paper(table: Mapping[str, Any], where: str) -> Paper:
    """A paper of run.toml: the fields it gives, the defaults of tests.factories.paper else."""
    arguments: dict[str, Any] = {
        PAPER_KEYS[key]: tuple(value) if isinstance(value, list) else value
        for key, value in known(table, PAPER_KEYS, where).items()
    }
    return paper(**arguments)


def section_of(table: Mapping[str, Any], where: str) -> tuple[Section, list[Paper] | None]:
    """A section of run.toml: what it tracks, and the papers arXiv returned (None: the fetch
    failed)."""
    written = known(table, SECTION_KEYS, where)
    cap = written.get("max-papers", DEFAULT_MAX_PAPERS)
    columns = tuple(written.get("columns", DEFAULT_COLUMNS))
    section = keyword_section(written["heading"], cap, columns=columns)
    entries = written.get("paper", [])
    if written.get("failed", False):
        assert not entries, f"{where}: a section whose fetch failed has no papers"
        return section, None
    return section, [case_paper(entry, f"{where}, paper {n}") for n, entry in enumerate(entries, 1)]


def read_run(name: str) -> Run:
    """The case's run.toml."""
    run = known(tomllib.loads(read_text(name, "run.toml") or ""), RUN_KEYS, "run.toml")
    description = run["description"]
    assert isinstance(description, str) and description.strip() and "\n" not in description
    today = run["today"]
    assert type(today) is date, "run.toml: today is a TOML date, e.g. 2026-11-24"
    sections: list[Section] = []
    fetched: dict[str, list[Paper]] = {}
    for number, table in enumerate(run.get("section", []), 1):
        section, papers = section_of(table, f"run.toml, section {number}")
        sections.append(section)
        if papers is not None:
            fetched[section.heading] = papers
    unordered = tuple(run.get("unordered", ()))
    assert set(unordered) <= set(fetched), "run.toml: unordered names sections that were fetched"
    offers_watching = run.get("offers-watching", False)
    max_bytes = run.get("max-readme-bytes", DEFAULT_MAX_README_BYTES)
    return Run(description, today, tuple(sections), fetched, offers_watching, unordered, max_bytes)


def read_pages(name: str, folder: str) -> dict[str, str]:
    """The pages of a case's folder, by their path beside the README (``papers/...``)."""
    pages = fixture_path(f"merge/{name}/{folder}")
    if not pages.is_dir():
        return {}
    return {
        f"papers/{page.name}": fixture_path(f"merge/{name}/{folder}/{page.name}").read_text()
        for page in sorted(pages.iterdir())
    }


def merge(before: str | None, run: Run, pages: dict[str, str]) -> MergeResult:
    """The real merge, as the action runs it, with the pages the README links."""
    stored = StoredPages(PageSettings(run.max_readme_bytes), pages)
    options = MergeOptions(run.unordered, run.offers_watching, stored)
    return merge_readme(before, run.fetched, run.sections, run.today, options)


def change_summary(change: SectionChange) -> dict[str, object]:
    """A section's change as changes.toml writes it; a paper as its id and version."""
    return {
        "heading": change.heading,
        "added": [f"{paper.arxiv_id}v{paper.version}" for paper in change.added],
        "updated": [f"{paper.arxiv_id}v{paper.version}" for paper in change.updated],
        "dropped": change.dropped,
        "created": change.created,
        "columns-changed": change.columns_changed,
        "already-listed": change.already_listed,
        "too-old": change.too_old,
    }


def expected_changes(text: str) -> list[dict[str, object]]:
    """The changes changes.toml lists, every key it leaves out at its default."""
    changes = known(tomllib.loads(text), {"section"}, "changes.toml")
    return [
        {**CHANGE_DEFAULTS, **known(section, {"heading", *CHANGE_DEFAULTS}, "changes.toml")}
        for section in changes["section"]
    ]


def check_refused(name: str, before: str | None, run: Run, error: str) -> None:
    """The run stops with a ReadmeFormatError (or, for a budget too small, a ConfigError) whose
    message holds error.txt's fragment, and whose line is the one the fragment starts with, if
    it starts with one."""
    fragment = error.removesuffix("\n")
    assert fragment and "\n" not in fragment, f"{name}/error.txt: one line, the fragment"
    with pytest.raises((ReadmeFormatError, ConfigError)) as raised:
        merge(before, run, read_pages(name, PAGES_BEFORE))
    assert fragment in str(raised.value), run.description
    line = _ERROR_LINE.match(fragment)
    if line is not None:
        assert isinstance(raised.value, ReadmeFormatError)
        assert raised.value.line == int(line[1]), run.description


def check_merged(name: str, before: str | None, run: Run, after: str) -> None:
    """The run writes after.md byte for byte and the pages of papers-after (those of
    papers-before it does not retire, with those it writes), says it changed the README exactly
    when after.md differs from before.md, and reports the changes changes.toml lists."""
    pages = read_pages(name, PAGES_BEFORE)
    result = merge(before, run, pages)
    assert result.text == after, run.description
    assert result.changed is (after != before)
    kept = {path: text for path, text in pages.items() if path not in result.retired_pages}
    pages_after = read_pages(name, PAGES_AFTER)
    assert kept | dict(result.pages) == pages_after, run.description
    sizes = [len(text.encode("utf-8")) for text in (after, *pages_after.values())]
    assert max(sizes) <= run.max_readme_bytes
    changes = read_text(name, "changes.toml")
    if changes is not None:
        assert [change_summary(c) for c in result.changes] == expected_changes(changes)
    check_sections(after, pages_after, run, result.changes)
    check_tables(after, pages_after, result)


def kept_rows(readme: str, pages: dict[str, str]) -> dict[str, tuple[Row, ...]]:
    """Each papers table's rows: those of the README, then those of the pages its link line
    leads to (through an index page, when it is one)."""
    lines = readme.splitlines()
    kept = {}
    for found in parse_readme(readme).sections:
        table = found.table
        if table is None or not table.is_papers_table:
            continue
        link = _LINK_LINE.fullmatch(lines[table.end + 1]) if table.end + 1 < len(lines) else None
        kept[found.heading] = table.rows + (_page_rows(link["name"], pages) if link else ())
    return kept


def _page_rows(name: str, pages: dict[str, str]) -> tuple[Row, ...]:
    text = pages[f"papers/{name}"]
    tables = [s.table for s in parse_readme(text).sections if s.table is not None]
    items = [item["name"] for item in map(_INDEX_ITEM.fullmatch, text.splitlines()) if item]
    rows = tuple(row for table in tables for row in table.rows)
    return rows + tuple(row for item in items for row in _page_rows(item, pages))


def check_sections(
    after: str, pages: dict[str, str], run: Run, changes: Collection[SectionChange]
) -> None:
    """Each fetched section stands once in after.md, over its papers table, which (with its
    pages) lists each paper the merge reports added or updated, at that version."""
    sections = parse_readme(after).sections
    kept = kept_rows(after, pages)
    for heading in run.fetched:
        found = [s for s in sections if heading_key(s.heading) == heading_key(heading)]
        assert len(found) == 1, f"after.md has {len(found)} sections '## {heading}'"
        table = found[0].table
        assert table is not None and table.is_papers_table, f"after.md: '## {heading}'"
        rows = {(row.paper_id, row.version) for row in kept[found[0].heading]}
        for change in changes:
            if heading_key(change.heading) == heading_key(heading):
                gained = {(gain.arxiv_id, gain.version) for gain in change.added + change.updated}
                assert gained <= rows, f"after.md: '## {heading}' lacks {sorted(gained - rows)}"


def check_tables(after: str, pages: dict[str, str], result: MergeResult) -> None:
    """The papers tables the merge returns are those of after.md with their pages' rows, as
    parsing them finds them: each row's text, paper, version and date (the title of a row the
    merge rendered is its paper's)."""

    def rows(tables: Collection[PapersTable]) -> list[tuple[str, list[tuple[object, ...]]]]:
        return [
            (table.heading, [(r.text, r.paper_id, r.version, r.date) for r in table.rows])
            for table in tables
        ]

    parsed = [PapersTable(heading, rows) for heading, rows in kept_rows(after, pages).items()]
    assert rows(result.tables) == rows(parsed)


@pytest.mark.parametrize("name", case_names())
def test_case(name: str) -> None:
    assert layout_problems(CASES / name) == []
    before, run = read_text(name, "before.md"), read_run(name)
    after = read_text(name, "after.md")
    if after is None:
        check_refused(name, before, run, read_text(name, "error.txt") or "")
    else:
        check_merged(name, before, run, after)


def test_there_are_at_least_20_cases() -> None:
    assert len(case_names()) >= 20


def test_the_cases_keep_their_bytes_in_git() -> None:
    # Line endings, a missing final newline and a byte order mark are what some cases are about.
    attributes = fixture_path("merge/.gitattributes").read_text(encoding="utf-8")
    assert attributes.splitlines() == ["* -text"]
    assert fixture_path("merge/SOURCE.md").is_file()


def test_a_misspelt_or_missing_file_is_a_problem_not_a_case_that_checks_less(
    tmp_path: Path,
) -> None:
    case = tmp_path / "a-case"
    case.mkdir()
    for file in ("before.md", "run.toml", "afer.md", "changes.tom"):
        (case / file).write_text("")
    assert layout_problems(case) == [
        "afer.md: not a file a case uses",
        "changes.tom: not a file a case uses",
        "needs either after.md or error.txt",
    ]
    (case / "run.toml").unlink()
    (case / "afer.md").rename(case / "after.md")
    (case / "error.txt").mkdir()
    assert layout_problems(case) == [
        "changes.tom: not a file a case uses",
        "error.txt: not a file a case uses",
        "run.toml: missing",
        "needs either after.md or error.txt",
    ]
    other = tmp_path / "Not_Kebab"
    other.mkdir()
    for file in ("run.toml", "error.txt", "changes.toml"):
        (other / file).write_text("")
    assert layout_problems(other) == [
        "changes.toml: a refused run changes nothing",
        "Not_Kebab: not a kebab-case name",
    ]
    assert layout_problems(case / "run.toml") == ["run.toml: not a case directory"]


def test_a_misspelt_key_fails_the_case() -> None:
    with pytest.raises(AssertionError, match=r"run.toml, section 1: unknown keys \['max_papers'\]"):
        section_of({"heading": "K", "max_papers": 5}, "run.toml, section 1")
    with pytest.raises(AssertionError, match=r"unknown keys \['arxiv-id'\]"):
        case_paper({"arxiv-id": "2401.00001"}, "paper 1")
    with pytest.raises(AssertionError, match=r"changes.toml: unknown keys \['add'\]"):
        expected_changes('[[section]]\nheading = "K"\nadd = ["2401.00001v1"]\n')
