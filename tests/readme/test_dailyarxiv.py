"""The faithful successor: DailyArXiv's real history replayed through the local command.

Each pair (day N, day N+1) of zezhishao/DailyArXiv's README is replayed as
tests/fixtures/dailyarxiv/SOURCE.md describes: arXiv (the emulator) answers each keyword of
day N+1 with exactly that section's rows, the local command runs with the origin's settings on
day N's file at day N+1's commit time, and the result must be day N+1 as the origin wrote it,
but never broken. The forks' READMEs must survive a run unchanged, and take one new paper per
section as one new row; those over GitHub's cut come under it, every row kept on the README or
on a page its section links. The copies in tests/fixtures are always replayed; the whole history
too, when the project's shared fixtures stand beside the checkout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES
from dailypapers.domain.paper import parse_abs_url
from dailypapers.domain.section import heading_key
from dailypapers.entry.cli import main
from dailypapers.readme.document import Readme, Row, parse_readme
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.factories import FIXTURES, fixture_path, rendered_row_problems
from tests.reachable import reachable

HEADER = "| **Title** | **Date** | **Abstract** | **Comment** |\n| --- | --- | --- | --- |\n"
ORIGIN_ZONE = "Asia/Shanghai"
# A row as the origin writes it; the title is greedy, for titles holding a raw "|".
ORIGIN_ROW = re.compile(
    r"\| \*\*\[(?P<title>.*)\]\((?P<link>[^)\s]+)\)\*\* \| (?P<date>\d{4}-\d{2}-\d{2}) "
    r"\| <details><summary>Show</summary><p>(?P<abstract>.*)</p></details> \| (?P<comment>.*) \|"
)
LONG_COMMENT = re.compile(r"<details><summary>.{5}\.\.\.</summary><p>(?P<comment>.*)</p></details>")
SHARED = Path(__file__).resolve().parents[3] / "shared/fixtures/dailyarxiv-history"
# Where GitHub cuts a README on a repository's front page.
GITHUB_CUT = 512_000


@dataclass(frozen=True)
class History:
    """A folder of DailyArXiv READMEs: its versions with their commit times, pairs and forks."""

    folder: Path

    def version(self, name: str) -> str:
        return self._read(f"versions/{name}.md")

    def committed(self, name: str) -> datetime:
        for line in self._read("versions.tsv").splitlines()[1:]:
            version, _, moment = line.split("\t")
            if version == name:
                return datetime.fromisoformat(moment)
        raise KeyError(name)

    def pairs(self) -> list[tuple[str, str]]:
        pairs = (line.split() for line in self._read("pairs.txt").splitlines())
        return [(before, after) for before, after in pairs]

    def forks(self) -> list[str]:
        names = [line.split("\t")[0] for line in self._read("forks.tsv").splitlines()[1:]]
        return [name.replace("/", "+") for name in names]

    def fork(self, name: str) -> str:
        return self._read(f"forks/{name}.md")

    def _read(self, relative: str) -> str:
        if self.folder == LOCAL.folder:
            return fixture_path(f"dailyarxiv/{relative}").read_text(encoding="utf-8")
        return (self.folder / relative).read_text(encoding="utf-8")


LOCAL = History(FIXTURES / "dailyarxiv")
NAMED_HISTORIES = {"copies": LOCAL} | ({"shared": History(SHARED)} if SHARED.is_dir() else {})
HISTORIES = [pytest.param(history, id=name) for name, history in NAMED_HISTORIES.items()]


def origin_entry(row: Row, order: int) -> Entry:
    """The arXiv entry an origin row was written from: its text is arXiv's, unescaped."""
    match = ORIGIN_ROW.fullmatch(row.text)
    assert match is not None, row.text
    found = parse_abs_url(match["link"])
    assert found is not None and row.date is not None
    comment = match["comment"].strip()
    long = LONG_COMMENT.fullmatch(comment)
    return Entry(
        found.id,
        version=found.version or 1,
        title=match["title"],
        summary=match["abstract"],
        comment=(long["comment"] if long else comment) or None,
        updated=row.date,
        # Within a date, earlier rows were updated later.
        time=f"23:{59 - order // 60 % 60:02d}:{59 - order % 60:02d}",
        link=match["link"],
    )


def papers_tables(readme: Readme) -> dict[str, list[Row]]:
    return {
        section.heading: list(section.table.rows)
        for section in readme.sections
        if section.table is not None and section.table.is_papers_table
    }


def kept_tables(readme: Path) -> dict[str, list[Row]]:
    """Each section's rows as a reader reaches them from it on GitHub: the README's, then those
    of the pages its links lead to; the README and every page within the budget."""
    text = readme.read_text(encoding="utf-8")
    tables = papers_tables(parse_readme(text))
    reached = {heading_key(heading): found for heading, found in reachable(readme).items()}
    files = [text]
    for heading, rows in tables.items():
        for page in reached[heading_key(heading)].pages:
            files.append(page.read_text(encoding="utf-8"))
            # An index page lists pages and has no table.
            rows += [
                row for table in papers_tables(parse_readme(files[-1])).values() for row in table
            ]
    assert max(len(file.encode("utf-8")) for file in files) <= DEFAULT_MAX_README_BYTES
    return tables


def serve(arxiv: ArxivEmulator, sections: dict[str, list[Row]], extra: int = 0) -> None:
    """Each section's rows as arXiv's answer to its keyword, with ``extra`` newer papers first."""
    for number, (heading, rows) in enumerate(sections.items()):
        new = [
            Entry(
                f"2612.{number:02d}{n:03d}", title=f"New {heading} {n}", updated=date(2026, 12, 1)
            )
            for n in range(extra)
        ]
        entries = new + [origin_entry(row, order) for order, row in enumerate(rows)]
        arxiv.serve_query(keyword_query(heading), entries)


def run_local(
    arxiv: ArxivEmulator, readme: Path, headings: list[str], now: datetime, max_papers: int = 100
) -> None:
    keywords = [argument for heading in headings for argument in ("--keyword", heading)]
    arguments = [
        "--readme", str(readme), *keywords, "--arxiv-url", arxiv.url, "--request-interval", "0",
        "--time-zone", ORIGIN_ZONE, "--max-papers", str(max_papers),
    ]  # fmt: skip
    assert main(arguments, now=now) == 0


def renders_correctly(row: Row) -> bool:
    """Whether GitHub shows the origin's row as the format means it."""
    link = ORIGIN_ROW.fullmatch(row.text)
    assert link is not None
    return rendered_row_problems(HEADER + row.text + "\n", 4, {0: link["link"]}) == []


def in_date_order(sections: dict[str, list[Row]]) -> bool:
    return all(
        all(
            a.date is not None and b.date is not None and a.date >= b.date
            for a, b in pairwise(rows)
        )
        for rows in sections.values()
    )


def last_update(text: str) -> str | None:
    found = re.search(r"^Last update: \d{4}-\d{2}-\d{2}$", text, flags=re.MULTILINE)
    return found[0] if found else None


def replay(
    arxiv: ArxivEmulator, history: History, pair: tuple[str, str], folder: Path
) -> list[str]:
    """What differs from the origin's day N+1 when day N is updated as the origin did."""
    before, after = pair
    origin_text = history.version(after)
    origin = papers_tables(parse_readme(origin_text))
    (folder / before).mkdir()
    readme = folder / before / "README.md"
    readme.write_text(history.version(before), encoding="utf-8")
    arxiv.replies.clear()
    serve(arxiv, origin)
    run_local(arxiv, readme, list(origin), history.committed(after))
    text = readme.read_text(encoding="utf-8")
    # Rows the origin dropped stay, up to the cap: a day may pass the budget, and move some.
    ours = kept_tables(readme)
    problems = [
        f"{pair} {heading}: a row doubled" for heading, rows in ours.items() if doubled(rows)
    ]
    if not in_date_order(origin):
        return problems  # the origin wrote this day out of date order: no row doubled is all
    if [heading for heading in ours if heading in origin] != list(origin):
        problems.append(f"{pair}: sections in another order than the origin's")
    if last_update(text) != last_update(origin_text):
        problems.append(f"{pair}: {last_update(text)}, the origin {last_update(origin_text)}")
    day_before = papers_tables(parse_readme(history.version(before)))
    problems += lost_or_reordered(pair, day_before, origin, ours)
    problems += broken_rows_written(pair, day_before, ours)
    correct = [row.text for rows in origin.values() for row in rows if renders_correctly(row)]
    written = {row.text for rows in ours.values() for row in rows}
    identical = sum(row in written for row in correct)
    if not correct or identical < 0.99 * len(correct):
        problems.append(f"{pair}: {identical} of {len(correct)} correct rows byte-identical")
    return problems


def doubled(rows: list[Row]) -> bool:
    ids = [row.paper_id for row in rows if row.paper_id is not None]
    return len(ids) != len(set(ids))


def broken_rows_written(
    pair: tuple[str, str], before: dict[str, list[Row]], ours: dict[str, list[Row]]
) -> list[str]:
    """Rows the run wrote (not kept from the day before) that GitHub would not show whole."""
    kept = {row.text for rows in before.values() for row in rows}
    return [
        f"{pair}: a row the run wrote renders broken: {row.text[:80]}"
        for rows in ours.values()
        for row in rows
        if row.text not in kept and rendered_row_problems(HEADER + row.text + "\n", 4) != []
    ]


def lost_or_reordered(
    pair: tuple[str, str],
    before: dict[str, list[Row]],
    origin: dict[str, list[Row]],
    ours: dict[str, list[Row]],
) -> list[str]:
    """Rows of day N or N+1 missing from ours (but for the cap), and the origin's order."""
    problems = []
    for heading, rows in origin.items():
        mine = [row.paper_id for row in ours.get(heading, [])]
        wanted = [row.paper_id for row in rows]
        if [paper_id for paper_id in mine if paper_id in wanted] != wanted:
            problems.append(f"{pair} {heading}: the origin's rows missing or in another order")
        kept = {row.paper_id for row in before.get(heading, [])} - set(mine)
        if kept and len(mine) < 100:
            problems.append(f"{pair} {heading}: {len(kept)} rows of the day before lost")
    return problems


@pytest.mark.parametrize("history", HISTORIES)
def test_replaying_dailyarxivs_history_gives_its_readme_never_broken(
    arxiv: ArxivEmulator, history: History, tmp_path: Path
) -> None:
    problems = [
        problem for pair in history.pairs() for problem in replay(arxiv, history, pair, tmp_path)
    ]
    assert problems == []


FORKS = [
    pytest.param(history, fork, id=f"{name}-{fork}")
    for name, history in NAMED_HISTORIES.items()
    for fork in history.forks()
]


def _over_the_budget(fork: pytest.ParameterSet) -> bool:
    history, name = fork.values
    assert isinstance(history, History) and isinstance(name, str)
    return len(history.fork(name).encode("utf-8")) > DEFAULT_MAX_README_BYTES


FORKS_WITHIN = [fork for fork in FORKS if not _over_the_budget(fork)]
FORKS_OVER = [fork for fork in FORKS if _over_the_budget(fork)]


def _fork_run(
    arxiv: ArxivEmulator,
    text: str,
    folder: Path,
    extra: int = 0,
    sections: dict[str, list[Row]] | None = None,
) -> Path:
    """The fork's README after a run on its own day, in which arXiv answers each section with
    the papers it holds (its ``sections``, those of ``text`` when not given; and ``extra`` newer
    ones first)."""
    readme = folder / "README.md"
    readme.write_text(text, encoding="utf-8")
    sections = sections or papers_tables(parse_readme(text))
    day = last_update(text)
    moment = (
        datetime.combine(date.fromisoformat(day[-10:]), time(12), ZoneInfo(ORIGIN_ZONE))
        if day
        else datetime(2026, 11, 24, tzinfo=UTC)
    )
    arxiv.replies.clear()
    serve(arxiv, sections, extra)
    cap = max(100, *(len(rows) + extra for rows in sections.values()))
    run_local(arxiv, readme, list(sections), moment, cap)
    return readme


@pytest.mark.parametrize(("history", "fork"), FORKS_WITHIN)
def test_a_forks_readme_survives_a_run_byte_for_byte(
    arxiv: ArxivEmulator, history: History, fork: str, tmp_path: Path
) -> None:
    text = history.fork(fork)
    assert _fork_run(arxiv, text, tmp_path).read_text(encoding="utf-8") == text
    assert not (tmp_path / "papers").exists()


def test_six_of_the_forks_are_over_githubs_cut() -> None:
    over = {fork.values[1] for fork in FORKS_OVER if fork.id and fork.id.startswith("shared")}
    assert len(over) == (6 if "shared" in NAMED_HISTORIES else 0)
    copies = [fork for fork in FORKS_OVER if fork.id and fork.id.startswith("copies")]
    assert len(copies) == 6
    for fork in copies:
        history, name = fork.values
        assert isinstance(history, History) and isinstance(name, str)
        assert len(history.fork(name).encode("utf-8")) > GITHUB_CUT


@pytest.mark.parametrize(("history", "fork"), FORKS_OVER)
def test_a_forks_readme_over_the_cut_comes_under_it_every_row_reachable(
    arxiv: ArxivEmulator, history: History, fork: str, tmp_path: Path
) -> None:
    text = history.fork(fork)
    before = papers_tables(parse_readme(text))
    readme = _fork_run(arxiv, text, tmp_path)
    after = readme.read_text(encoding="utf-8")
    assert len(after.encode("utf-8")) <= DEFAULT_MAX_README_BYTES < GITHUB_CUT
    # Every heading stays on the README, over its newest rows; every row, byte for byte, in its
    # order, on the README or on a page its section links.
    assert list(papers_tables(parse_readme(after))) == list(before)
    for heading, rows in papers_tables(parse_readme(after)).items():
        assert rows and rows[0].text == before[heading][0].text
    kept = kept_tables(readme)
    assert {h: [row.text for row in rows] for h, rows in kept.items()} == {
        h: [row.text for row in rows] for h, rows in before.items()
    }
    # The next run, with the same answers, rewrites nothing.
    pages = {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in _pages(tmp_path)}
    again = _fork_run(arxiv, after, tmp_path, sections=before)
    assert again.read_text(encoding="utf-8") == after
    assert {
        page: (page.read_bytes(), page.stat().st_mtime_ns) for page in _pages(tmp_path)
    } == pages


def _pages(folder: Path) -> list[Path]:
    return sorted((folder / "papers").iterdir())


@pytest.mark.parametrize(("history", "fork"), FORKS)
def test_a_forks_readme_takes_one_new_paper_per_section_as_one_new_row(
    arxiv: ArxivEmulator, history: History, fork: str, tmp_path: Path
) -> None:
    text = history.fork(fork)
    readme = _fork_run(arxiv, text, tmp_path, extra=1)
    before = papers_tables(parse_readme(text))
    after = kept_tables(readme)
    assert list(after) == list(before)
    for heading, rows in before.items():
        new, *old = after[heading]
        assert new.title == f"New {heading} 0"
        assert rendered_row_problems(HEADER + new.text + "\n", 4) == []
        assert [row.text for row in old] == [row.text for row in rows]
