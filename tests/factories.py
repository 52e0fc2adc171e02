"""Everything tests build from: papers, paper sources, stores, clocks, recorded fixtures, the
GitHub client as the action makes it, and the runner's environment.

One place, so that test modules never import each other. Every fixture file is read through
:func:`fixture_path`, which records it: the suite fails when a file under tests/fixtures is never
read (see conftest.py).
"""

from __future__ import annotations

import html
import os
import random
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import cmarkgfm
from cmarkgfm.cmark import Options
from github.Repository import Repository

from dailypapers.arxiv.feed import parse_feed
from dailypapers.config.section import keyword_sections
from dailypapers.domain.arxiv import keyword_query
from dailypapers.domain.errors import RetryableWriteError, SourceError
from dailypapers.domain.interfaces import Found, StoredReadme
from dailypapers.domain.paper import ArxivId, Paper
from dailypapers.domain.section import DEFAULT_MAX_PAPERS
from dailypapers.domain.settings import GitHubSettings, RunSettings
from dailypapers.entry.demo import RECORDED_SEARCH
from dailypapers.github.api import connect, default_retry
from dailypapers.github.issues import IssueNotifier
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.readme.document import parse_readme
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
    """A real arXiv response from tests/fixtures/arxiv (see SOURCE.md there); the one of 100
    entries, ``q_testing.xml``, is the package's, which the demo answers from."""
    if name == RECORDED_SEARCH.name:
        return RECORDED_SEARCH.read_bytes()
    return fixture_path(f"arxiv/{name}").read_bytes()


def rows_by_section(text: str) -> dict[str, list[str]]:
    """The text of each papers table's rows, by its section's heading."""
    return {
        section.heading: [row.text for row in section.table.rows]
        for section in parse_readme(text).sections
        if section.table is not None
    }


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


# Pieces of markdown, HTML and URLs that GitHub's renderer reads as more than text.
HOSTILE_PIECES = [
    "http://", "https://", "www.", "a.b", ".org/", "x_y", "@", "<", ">", "</", "<b>", "</p>",
    "</details>", "<a href=", '"', "=", "`", "<!--", "-->", "<?", "<!DOCTYPE ", "<![CDATA[",
    "&", "&lt;", "&amp;", "&#60;", "\\", "\\\\", "*", "**", "_", "__", "~", "~~", "``", "[", "]",
    "(", ")", "![", "](", "|", "\\|", "$x_1$", "!", ":", "/", " ", " ", "word", "é", "中",
]  # fmt: skip


def hostile_field(size: int, seed: int = 25) -> str:
    """About ``size`` bytes of arXiv text at its worst for a table row (markdown, HTML, URLs,
    entities, backslashes, pipes), the same for the same seed."""
    pick = random.Random(seed)
    pieces: list[str] = []
    length = 0
    while length < size:
        piece = pick.choice(HOSTILE_PIECES)
        pieces.append(piece)
        length += len(piece.encode())
    return "".join(pieces)


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
            raise SourceError("HTTP 404 from the emulated arXiv")
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
            raise RetryableWriteError("changed")
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
    where = github_settings(github, **settings)
    return connect(
        where.repository,
        where.token,
        where.api_url,
        retry=default_retry(total=retries, backoff_factor=0, secondary_rate_wait=0),
        pace_requests=False,
    )


def github_store(
    github: GitHubEmulator, retries: int = 2, clock: FakeClock | None = None, **settings: str
) -> GitHubReadmeStore:
    """The README store as the action makes it, waiting on ``clock`` (a new fake one)."""
    repository = github_repository(github, retries, **settings)
    where = github_settings(github, **settings)
    clock = clock or FakeClock()
    return GitHubReadmeStore(
        repository, where.repository, where.readme_path, where.branch, sleep=clock.sleep
    )


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
# What markdown gives a link; a link with other attributes is raw HTML.
_LINK_ATTRIBUTES = {"href", "title"}
_COLLAPSED = {"details", "summary", "p"}
# A summary whose last backslash escapes the first of its dots.
_BACKSLASH_BEFORE_DOTS = re.compile(r"(?<!\\)(?:\\\\)*\\\.\.\.</summary>")
_PARTIAL_ENTITY = re.compile(r"&#?[A-Za-z0-9]*$")
_WORD = re.compile(r"[^\W_]+")
# What markdown may take out from between two letters, leaving them one word.
_MARKUP = re.compile(r"[*_~`\\]")
# Elements whose text stands apart from what is around it.
_BLOCKS = {"td", "details", "summary", "p"}
# Stands after each "<" of a text to read it as if no "<" opened raw HTML, then leaves no trace.
_JOINER = "\u2060"
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def render_like_github(markdown: str, raw_html: bool = True) -> str:
    """HTML as GitHub's own renderer, cmark-gfm with its extensions, makes it; raw HTML is kept
    (GitHub then sanitizes it), so that any element the text creates shows; or, without
    ``raw_html``, left out as the comment ``<!-- raw HTML omitted -->``."""
    options = Options.CMARK_OPT_UNSAFE if raw_html else 0
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=options)


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


@dataclass
class Element:
    """An element of rendered HTML, with its children: elements and text."""

    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def elements(self) -> list[Element]:
        """The element's own child elements, text aside."""
        return [child for child in self.children if isinstance(child, Element)]

    def significant(self) -> list[Element | str]:
        """The children, white space between elements aside."""
        return [child for child in self.children if not isinstance(child, str) or child.strip()]

    def descendants(self) -> list[Element]:
        return [found for child in self.elements() for found in (child, *child.descendants())]

    def shown(self) -> str:
        """The text the element shows, with each link's address after its text."""
        parts = [child if isinstance(child, str) else child.shown() for child in self.children]
        text = "".join(parts)
        href, title = self.attrs.get("href") or "", self.attrs.get("title") or ""
        # A link's address and title, unless it shows its address (an autolink) as its text.
        if self.tag == "a" and unquote(href) not in {text, f"http://{text}", f"mailto:{text}"}:
            text += f" {href} {unquote(href)} {title}"
        return f" {text} " if self.tag in _BLOCKS else text


class _RowReader(HTMLParser):
    """The body rows of rendered tables, each cell a tree of elements, and for each row what the
    HTML does that a row must not: a tag closed out of order or never."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[Element]] = []
        self.faults: list[list[str]] = []
        self.open: list[Element] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
            self.faults.append([])
        elif self.in_body and tag == "td":
            self.open = [Element(tag, dict(attrs))]
            self.rows[-1].append(self.open[0])
        elif self.open:
            element = Element(tag, dict(attrs))
            self.open[-1].children.append(element)
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif not self.open:
            return
        elif tag == "td":
            self.faults[-1] += [f"<{element.tag}> never closed" for element in self.open[1:]]
            self.open = []
        elif self.open[-1].tag != tag:
            self.faults[-1].append(f"</{tag}> closes <{self.open[-1].tag}>")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1].children.append(data)


def rendered_row_problems(
    markdown: str,
    columns: int,
    links: Mapping[int, str] | None = None,
    texts: Mapping[int, Sequence[str | tuple[str, ...]]] | None = None,
) -> list[str]:
    """What is wrong with each body row of the tables in ``markdown`` as GitHub renders them:
    a row without ``columns`` cells; a title cell that is not one bold link (to ``links[n]`` for
    row ``n`` when given); an element that is not the format's own, or not nested as the
    format nests it (a ``<details>`` of exactly a summary and a paragraph, each closed where the
    format closes it); HTML hidden from the reader; a collapsed comment whose ``...`` lost a dot.
    With ``texts[n]``, the texts arXiv gave row ``n``'s cells ("" where none, a tuple where a
    cell shows several): a word of the text the cell does not show, a link to an address no
    text links by itself."""
    rendered = render_like_github(markdown)
    reader = _RowReader()
    reader.feed(rendered)
    reader.close()
    # Raw HTML is all the renderer leaves "<" unescaped in: "<!" or "<?" is markup kept hidden.
    hidden = [
        "<!" in row or "<?" in row for row in rendered.split("<tbody>", 1)[-1].split("<tr>")[1:]
    ]
    # GFM drops the cells past the header's: count them where they are split, in the source.
    lines = _body_lines(markdown)
    split = [len(_CELL_SEPARATOR.findall(line)) - 1 for line in lines]
    problems = []
    for number, cells in enumerate(reader.rows):
        if len(cells) != columns or (number < len(split) and split[number] != columns):
            problems.append(f"row {number}: {split[number] if number < len(split) else '?'} cells")
            continue
        found = reader.faults[number] + (["hidden markup"] if hidden[number] else [])
        found += _title_problems(cells[0], (links or {}).get(number))
        found += _element_problems(cells, _CELL_SEPARATOR.split(lines[number])[1:-1])
        if texts and number in texts:
            found += _text_problems(cells, texts[number])
        problems += [f"row {number}: {problem}" for problem in found]
    return problems


def _title_problems(cell: Element, link: str | None) -> list[str]:
    """A title cell is one bold link, to ``link`` when given."""
    children = cell.significant()
    link_elements = (
        children[0].significant() if len(children) == 1 and isinstance(children[0], Element) else []
    )
    anchors = [element.attrs.get("href") for element in cell.descendants() if element.tag == "a"]
    one_link = (
        [getattr(child, "tag", None) for child in children] == ["strong"]
        and [getattr(child, "tag", None) for child in link_elements] == ["a"]
        and len(anchors) == 1
        and (link is None or anchors == [link])
    )
    return [] if one_link else [f"title links {anchors}"]


def _element_problems(cells: list[Element], written: list[str]) -> list[str]:
    """Elements that are not the format's own, or stand elsewhere than the format puts them."""
    problems = []
    for cell, markdown in zip(cells, written, strict=True):
        elements = cell.descendants()
        others = {element.tag for element in elements} - FORMAT_ELEMENTS
        raw_links = [e.attrs for e in elements if e.tag == "a" and set(e.attrs) - _LINK_ATTRIBUTES]
        problems += [f"elements {sorted(others)}"] if others else []
        problems += [f"raw HTML links {raw_links}"] if raw_links else []
        if any(element.tag in _COLLAPSED for element in elements):
            problems += _collapsed_problems(cell, markdown.strip())
    return problems


def _collapsed_problems(cell: Element, markdown: str) -> list[str]:
    """A collapsed cell is a ``<details>`` of a summary and a paragraph, and nothing else."""
    children = cell.significant()
    details = children[0] if len(children) == 1 and isinstance(children[0], Element) else None
    inner = details.significant() if details is not None and details.tag == "details" else []
    shape = [getattr(child, "tag", None) for child in inner]
    nested = [e.tag for child in inner if isinstance(child, Element) for e in child.descendants()]
    if shape != ["summary", "p"] or _COLLAPSED & set(nested):
        return [f"collapsed as {shape} holding {sorted(_COLLAPSED & set(nested))}"]
    summary, paragraph = inner
    assert isinstance(summary, Element) and isinstance(paragraph, Element)
    return _summary_problems(summary.shown().strip(), paragraph.shown().strip(), markdown)


def _summary_problems(summary: str, text: str, markdown: str) -> list[str]:
    """A collapsed comment's summary shows its first characters, then ``...``: no dot taken by
    a backslash before them, no entity of the comment shown cut in two."""
    if "...</summary>" not in markdown:
        return []
    if not summary.endswith("...") or _BACKSLASH_BEFORE_DOTS.search(markdown):
        return [f"summary {summary!r} lost a dot or a backslash"]
    start = summary.removesuffix("...")
    partial = _PARTIAL_ENTITY.search(start)
    if partial and not text.startswith(start) and text.startswith(start[: partial.start()]):
        return [f"summary {summary!r} cuts {text[:20]!r}"]
    return []


def _text_problems(cells: list[Element], texts: Sequence[str | tuple[str, ...]]) -> list[str]:
    """Words of arXiv's texts a cell does not show, and links to addresses that no text alone
    links (an address run on into markup, or cut short)."""
    problems = []
    for column, (cell, given) in enumerate(zip(cells, texts, strict=True)):
        parts = (given,) if isinstance(given, str) else given
        if not any(parts):
            continue
        shown = _words(cell.shown())
        decoded = (_ENTITY.sub(lambda entity: html.unescape(entity[0]), part) for part in parts)
        wanted = [word for part in decoded for word in _words(part)]
        lost = _lost_words(wanted, shown)
        problems += [f"column {column} lost {lost[:5]}"] if lost else []
        # A link inside raw HTML shows once the HTML is escaped: it is the text's own too.
        opened = [part.replace("<", "<" + _JOINER) for part in parts]
        # Alone in a cell, or as after the format's markup, where "www." links no more.
        contexts = (text for part in (*parts, *opened) for text in (part, f"<p>{part}</p>"))
        own = {link for text in contexts for link in _links_of(text)}
        anchors = [e for e in cell.descendants() if e.tag == "a"][1 if column == 0 else 0 :]
        foreign = [e.attrs.get("href") for e in anchors if (e.attrs.get("href") or "") not in own]
        problems += [f"column {column} links {foreign}"] if foreign else []
    return problems


def _words(text: str) -> list[str]:
    return _WORD.findall(_MARKUP.sub("", text))


def _lost_words(wanted: list[str], shown: list[str]) -> list[str]:
    """The words of ``wanted`` that ``shown`` does not show in order; a shown word may hold
    several wanted ones, which markup kept apart (``w<https://x>`` shows ``whttps``)."""
    index, offset = 0, 0
    for number, word in enumerate(wanted):
        while index < len(shown) and (found := shown[index].find(word, offset)) < 0:
            index, offset = index + 1, 0
        if index == len(shown):
            return wanted[number:]
        offset = found + len(word)
    return []


def _links_of(text: str) -> set[str]:
    """The addresses a text links alone in a cell."""
    # Rendered safely, raw HTML is left out as a comment, and cannot hide the links after it.
    markdown = "| x |\n| - |\n| " + _CELL_SEPARATOR.sub(r"\\|", text) + " |\n"
    reader = _RowReader()
    reader.feed(render_like_github(markdown, raw_html=False))
    cells = [cell for row in reader.rows for cell in row]
    anchors = [e for cell in cells for e in cell.descendants() if e.tag == "a"]
    return {(e.attrs.get("href") or "").replace(quote(_JOINER), "") for e in anchors}


def run_entrypoint(env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """entrypoint.py as the container runs it, with ``env`` as the runner's environment."""
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, str(root / "entrypoint.py")],
        env={**env, "PATH": os.environ.get("PATH", "")},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
