"""Everything tests build from: papers, paper sources, stores, clocks, recorded fixtures, the
GitHub client as the action makes it, and the runner's environment.

One place, so that test modules never import each other. Every fixture file is read through
:func:`fixture_path`, which records it: the suite fails when a file under tests/fixtures is never
read (see conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cmarkgfm
from cmarkgfm.cmark import Options
from github.Repository import Repository

from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.query import keyword_query
from dailypapers.config.section import DEFAULT_MAX_PAPERS, keyword_sections
from dailypapers.config.settings import GitHubSettings, RunSettings
from dailypapers.errors import ArxivError, StaleReadmeError
from dailypapers.github.api import connect, default_retry
from dailypapers.github.issues import IssueNotifier
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.interfaces import Found, StoredReadme
from dailypapers.paper import ArxivId, Paper
from tests.emulators.atom import Entry, atom_feed

if TYPE_CHECKING:
    # The emulators read recorded fixtures through this module: import them for types only.
    from tests.emulators.arxiv import ArxivEmulator
    from tests.emulators.github import GitHubEmulator

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURES_READ: set[Path] = set()
REPO = "octo/papers"
TOKEN = "ghs_e2e_secret_token_value"
TODAY = date(2026, 11, 24)
# Noon in UTC on TODAY: the moment a run happens, in tests that do not choose one.
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def fixture_path(relative: str) -> Path:
    """A file under tests/fixtures, recorded as used."""
    path = FIXTURES / relative
    FIXTURES_READ.add(path.resolve())
    return path


def recorded_feed(name: str) -> bytes:
    """A real arXiv response from tests/fixtures/arxiv (see SOURCE.md there)."""
    return fixture_path(f"arxiv/{name}").read_bytes()


def anchor_readme() -> str:
    """The README format users already have (tests/fixtures/readme/SOURCE.md)."""
    return fixture_path("readme/anchor.md").read_text(encoding="utf-8")


def paper(
    *,
    arxiv_id: str = "2411.00001",
    version: int = 1,
    title: str | None = None,
    abstract: str = "Abstract.",
    comment: str = "",
    updated: date = date(2026, 11, 20),
    published: date | None = None,
    authors: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    primary_category: str = "",
    link: str = "",
    tldr: str = "",
) -> Paper:
    """A paper with every field defaulted: name only what a test is about."""
    return Paper(
        arxiv_id=arxiv_id,
        version=version,
        title=f"Paper {arxiv_id}" if title is None else title,
        abstract=abstract,
        comment=comment,
        updated=updated,
        published=published or updated,
        authors=authors,
        categories=categories,
        primary_category=primary_category,
        link=link,
        tldr=tldr,
    )


def keyword_settings(
    *keywords: str,
    max_papers: int = DEFAULT_MAX_PAPERS,
    categories: tuple[str, ...] = (),
    **options: Any,
) -> RunSettings:
    """The settings of a run of one section per keyword, sharing the cap and the categories;
    every other setting at its default but those ``options`` (fields of RunSettings) give."""
    return RunSettings(keyword_sections(keywords, max_papers, categories), **options)


class FakeSource:
    """Answers keyword queries from a dict; a keyword not in it fails as arXiv would after its
    retries."""

    def __init__(self, papers: Mapping[str, list[Paper]]) -> None:
        self.papers = {keyword_query(keyword): found for keyword, found in papers.items()}
        self.queries: list[tuple[str, int]] = []

    def search(self, query: str, max_results: int) -> Found:
        self.queries.append((query, max_results))
        if query not in self.papers:
            raise ArxivError("HTTP 404 from the emulated arXiv")
        return Found(self.papers[query][:max_results])

    def papers_by_id(self, ids: Sequence[ArxivId]) -> list[Paper]:
        self.queries.append((",".join(i.id for i in ids), len(ids)))
        known = {paper.arxiv_id: paper for found in self.papers.values() for paper in found}
        return [known[i.id] for i in ids if i.id in known]


class SameSource:
    """A paper source that answers every query with the same papers, parsed from a feed."""

    def __init__(self, *entries: Entry) -> None:
        self.papers = parse_feed(atom_feed(list(entries))).papers

    def search(self, query: str, max_results: int) -> Found:
        return Found(self.papers[:max_results])

    def papers_by_id(self, ids: Sequence[ArxivId]) -> list[Paper]:
        wanted = {i.id for i in ids}
        return [paper for paper in self.papers if paper.arxiv_id in wanted]


class MemoryStore:
    """Holds the README and other files; loses ``conflicts`` races before accepting a write."""

    location = "memory"

    def __init__(self, text: str | None, conflicts: int = 0) -> None:
        self.text = text
        self.conflicts = conflicts
        self.files: dict[str, str] = {}
        self.writes: list[str] = []
        self.messages: list[str] = []

    def read(self) -> StoredReadme | None:
        return None if self.text is None else StoredReadme(self.text, str(len(self.writes)))

    def read_file(self, path: str) -> str | None:
        return self.files.get(path)

    def changed_files(self, files: Mapping[str, str]) -> dict[str, str]:
        return {path: text for path, text in files.items() if self.files.get(path) != text}

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        extra_files: Mapping[str, str | None] | None = None,
    ) -> str | None:
        if self.conflicts:
            self.conflicts -= 1
            raise StaleReadmeError("changed")
        self.text = text
        for path, file_text in (extra_files or {}).items():
            if file_text is None:
                del self.files[path]
            else:
                self.files[path] = file_text
        self.writes.append(text)
        self.messages.append(message)
        return f"sha{len(self.writes)}"


class FakeClock:
    """Stands in for time.monotonic and time.sleep: sleeping advances the clock instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def github_settings(github: GitHubEmulator, **settings: str) -> GitHubSettings:
    values = {"repository": REPO, "api_url": github.api_url, "token": github.token, **settings}
    return GitHubSettings(**values)  # type: ignore[arg-type]


def github_repository(github: GitHubEmulator, retries: int = 2, **settings: str) -> Repository:
    """The repository as the action connects to it, with its retry but no waiting."""
    return connect(
        github_settings(github, **settings),
        retry=default_retry(total=retries, backoff_factor=0, secondary_rate_wait=0),
        pace_requests=False,
    )


def github_store(github: GitHubEmulator, retries: int = 2, **settings: str) -> GitHubReadmeStore:
    """The README store as the action makes it."""
    repository = github_repository(github, retries, **settings)
    return GitHubReadmeStore(repository, github_settings(github, **settings))


def issue_notifier(github: GitHubEmulator, labels: tuple[str, ...] = ()) -> IssueNotifier:
    """The issue notifier as the action makes it."""
    return IssueNotifier(github_repository(github), REPO, labels)


def action_env(arxiv: ArxivEmulator, github: GitHubEmulator, tmp_path: Path) -> dict[str, str]:
    """The environment the GitHub runner gives a Docker action, inputs named as it names them."""
    (tmp_path / "file_commands").mkdir(exist_ok=True)
    return {
        "INPUT_KEYWORDS": "Diffusion\nGraph Neural Networks\n",
        "INPUT_MAX-PAPERS": "100",
        "INPUT_CATEGORIES": "",
        "INPUT_README-PATH": "README.md",
        "INPUT_BRANCH": "",
        "INPUT_GITHUB-TOKEN": github.token,
        "INPUT_COMMIT-MESSAGE": "",
        "INPUT_DRY-RUN": "false",
        "INPUT_ARXIV-API-URL": arxiv.url,
        "INPUT_REQUEST-INTERVAL": "0",
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": github.api_url,
        "GITHUB_OUTPUT": str(tmp_path / "file_commands" / "set_output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "file_commands" / "step_summary"),
        "HOME": str(tmp_path),
    }


def read_outputs(env: Mapping[str, str]) -> dict[str, str]:
    """The outputs a step wrote to ``GITHUB_OUTPUT``, as the runner reads them."""
    text = Path(env["GITHUB_OUTPUT"]).read_text()
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            outputs[name] = "\n".join(iter(lambda: next(lines), delimiter))
        else:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


# The elements a row may hold: the format's own (the title's bold link, the collapsed abstract
# and comment) and those markdown itself makes of arXiv's text (emphasis, code, links).
FORMAT_ELEMENTS = {"strong", "a", "details", "summary", "p", "em", "code", "del"}


def render_like_github(markdown: str) -> str:
    """HTML as GitHub's own renderer, cmark-gfm with its extensions, makes it; raw HTML is kept
    (GitHub then sanitizes it), so that any element the text creates shows."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+")


def _body_lines(markdown: str) -> list[str]:
    """The body rows of the markdown's tables, as written."""
    rows: list[str] = []
    in_table = False
    for line in markdown.splitlines():
        if _DELIMITER_ROW.fullmatch(line.strip()):
            in_table = True
        elif in_table and line.lstrip().startswith("|"):
            rows.append(line)
        else:
            in_table = False
    return rows


class _RowReader(HTMLParser):
    """The body rows of rendered tables: for each, its cells' tags and the first cell's links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[list[tuple[str, dict[str, str | None]]]]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.rows[-1].append([])
        elif self.in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1].append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False


def rendered_row_problems(
    markdown: str, columns: int, links: Mapping[int, str] | None = None
) -> list[str]:
    """What is wrong with each body row of the tables in ``markdown`` as GitHub renders them:
    a row without ``columns`` cells, a title cell that is not one link (to ``links[n]`` for row
    ``n`` when given), an element that is not the format's own."""
    reader = _RowReader()
    reader.feed(render_like_github(markdown))
    # GFM drops the cells past the header's: count them where they are split, in the source.
    split = [len(_CELL_SEPARATOR.findall(line)) - 1 for line in _body_lines(markdown)]
    problems = []
    for number, cells in enumerate(reader.rows):
        if len(cells) != columns or (number < len(split) and split[number] != columns):
            problems.append(f"row {number}: {split[number] if number < len(split) else '?'} cells")
            continue
        anchors = [attrs.get("href") for tag, attrs in cells[0] if tag == "a"]
        wanted = links.get(number) if links else None
        if len(anchors) != 1 or (wanted is not None and anchors != [wanted]):
            problems.append(f"row {number}: title links {anchors}")
        others = {tag for cell in cells for tag, _ in cell} - FORMAT_ELEMENTS
        if others:
            problems.append(f"row {number}: elements {sorted(others)}")
    return problems
