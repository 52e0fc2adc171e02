"""A README that GitHub shows whole at any number of keywords: the budget end to end, through the
local command, the action and the run, with rows of real DailyArXiv READMEs (about 1.7 KB each).

GitHub cuts a README on a repository's front page at 512,000 bytes; the rows a section keeps past
the budget go to pages beside it, linked under its table, where a reader reaches every one.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dailypapers.config.from_inputs import local_settings
from dailypapers.config.inputs import LOCAL_LABELS
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.pages import DEFAULT_MAX_README_BYTES, PageSettings
from dailypapers.domain.settings import ExtraFileSettings
from dailypapers.entry.cli import action_main, main
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.notify.apprise import url_problem
from dailypapers.readme.document import parse_readme
from dailypapers.run import Adapters, run
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.emulators.github import GitHubEmulator
from tests.factories import (
    NOW,
    REPO,
    FakeSource,
    MemoryStore,
    fixture_path,
    keyword_settings,
    paper,
    rendered_row_problems,
)
from tests.reachable import reachable

GITHUB_CUT = 512_000
KEYWORDS = [f"Keyword {number}" for number in range(1, 13)]
# Real rows, of the forks whose READMEs hold the most.
FORKS = ("xu-hui-yao+DailyArXiv", "jyyang621+DailyArXiv")
_ABSTRACT = re.compile(r"<details><summary>Show</summary><p>(.*?)</p></details>")
_COMMENT = re.compile(r"\| ([^|]*) \|$")


def real_texts() -> list[tuple[str, str, str]]:
    """Title, abstract and comment of each row of the forks, as arXiv gave them."""
    texts = []
    for fork in FORKS:
        text = fixture_path(f"dailyarxiv/forks/{fork}.md").read_text(encoding="utf-8")
        for section in parse_readme(text).sections:
            for row in section.table.rows if section.table else ():
                abstract, comment = _ABSTRACT.search(row.text), _COMMENT.search(row.text)
                if row.title and abstract and comment and "|" not in row.title:
                    texts.append((row.title, abstract[1], comment[1]))
    return texts


def entries(
    keyword: int, count: int, newest: date, texts: list[tuple[str, str, str]]
) -> list[Entry]:
    """``count`` papers of the keyword, newest first, four a day, each with a real row's text."""
    found = []
    for number in range(count):
        title, abstract, comment = texts[(keyword * 101 + number) % len(texts)]
        found.append(
            Entry(
                f"2611.{keyword:02d}{number:03d}",
                title=title,
                summary=abstract,
                comment=comment or None,
                updated=newest - timedelta(days=number // 4),
                time=f"23:{59 - number % 4:02d}:00",
            )
        )
    return found


def url(entry: Entry) -> str:
    return f"https://arxiv.org/abs/{entry.arxiv_id}v{entry.version}"


def local_run(arxiv: ArxivEmulator, readme: Path, now: datetime, *extra: str) -> int:
    keywords = [argument for keyword in KEYWORDS for argument in ("--keyword", keyword)]
    arguments = ["--readme", str(readme), *keywords, "--arxiv-url", arxiv.url]
    return main([*arguments, "--request-interval", "0", *extra], now=now)


def check_shown_whole(readme: Path, served: dict[str, list[Entry]]) -> dict[str, int]:
    """What a reader of the README on GitHub finds: every heading, each section's newest paper
    its first row, every paper it keeps reachable from it in order, no file past the cut; the
    rows each section shows on the README."""
    assert len(readme.read_bytes()) <= DEFAULT_MAX_README_BYTES < GITHUB_CUT
    reached = reachable(readme)
    assert list(reached) == KEYWORDS
    shown = {}
    for keyword, kept in served.items():
        assert reached[keyword].titles == [url(entry) for entry in kept]
        for page in reached[keyword].pages:
            assert len(page.read_bytes()) <= DEFAULT_MAX_README_BYTES
            assert rendered_row_problems(page.read_text(encoding="utf-8"), 4) == []
        table = next(
            s.table for s in parse_readme(readme.read_text()).sections if s.heading == keyword
        )
        assert table is not None and table.rows[0].paper_id == kept[0].arxiv_id
        shown[keyword] = len(table.rows)
    return shown


def test_twelve_keywords_at_the_default_max_papers_stay_whole_day_after_day(
    arxiv: ArxivEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = real_texts()
    served = {k: entries(n, 100, date(2026, 11, 20), texts) for n, k in enumerate(KEYWORDS)}
    for keyword, found in served.items():
        arxiv.serve_keyword(keyword, found)
    readme = tmp_path / "README.md"
    assert local_run(arxiv, readme, datetime(2026, 11, 21, 12, tzinfo=UTC)) == 0
    first = check_shown_whole(readme, served)
    # Without pages the README would be near 2 MB; each section shows its share of the budget.
    on_pages = sum(len(page.read_bytes()) for page in (tmp_path / "papers").iterdir())
    assert on_pages + len(readme.read_bytes()) > 1_900_000
    assert min(first.values()) >= 20
    capsys.readouterr()

    # The next day, one newer paper each: shown first, and the oldest leaves by the cap.
    for number, keyword in enumerate(KEYWORDS):
        new = Entry(f"2611.{number:02d}999", title=f"New in {keyword}", updated=date(2026, 11, 21))
        served[keyword] = [new, *served[keyword][:99]]
        arxiv.serve_keyword(keyword, served[keyword])
    assert local_run(arxiv, readme, datetime(2026, 11, 22, 12, tzinfo=UTC)) == 0
    check_shown_whole(readme, served)
    # Only the new papers are new: those the pages hold count as listed.
    assert "wrote 12 new or updated papers and papers/keyword-1.md, " in capsys.readouterr().out

    # A day without anything new rewrites no page, only the README's date.
    pages = {page: page.stat().st_mtime_ns for page in (tmp_path / "papers").iterdir()}
    assert local_run(arxiv, readme, datetime(2026, 11, 23, 12, tzinfo=UTC)) == 0
    assert {page: page.stat().st_mtime_ns for page in (tmp_path / "papers").iterdir()} == pages
    assert "wrote 0 new or updated papers.\n" in capsys.readouterr().out


def test_the_action_commits_the_pages_with_the_readme_and_deletes_those_it_no_longer_links(
    arxiv: ArxivEmulator, github: GitHubEmulator, env: dict[str, str]
) -> None:
    texts = real_texts()
    served = {"Diffusion": entries(1, 30, date(2026, 11, 20), texts)}
    arxiv.serve_keyword("Diffusion", served["Diffusion"])
    github.add_repo(REPO, {"docs/README.md": b"# Papers\n"})
    env |= {"INPUT_KEYWORDS": "Diffusion", "INPUT_README-PATH": "docs/README.md"}
    env["INPUT_MAX-README-BYTES"] = "20000"
    assert action_main(env, io.StringIO()) == 0
    (commit,) = github.repos[REPO].commits
    # The README links the page of its older papers, an index of pages in parts, all within
    # the budget, all in one commit.
    pages = sorted(path for path in commit.files if path != "docs/README.md")
    assert pages[0] == "docs/papers/diffusion-2026-11-2.md" and len(pages) > 2
    assert all(re.fullmatch(r"docs/papers/diffusion(-2026-11(-\d+)?)?\.md", p) for p in pages)
    assert max(len(text) for text in commit.files.values()) <= 20_000
    readme = commit.files["docs/README.md"].decode()
    assert re.search(r"^\[\d+ older papers\]\(papers/diffusion\.md\)$", readme, re.MULTILINE)
    index = commit.files["docs/papers/diffusion.md"].decode()
    assert "[Diffusion](../README.md#diffusion)" in index
    assert "- [2026-11, part 2](diffusion-2026-11-2.md): " in index

    # Room again for every row: they come back to the README, and the page goes, in one commit.
    env["INPUT_MAX-README-BYTES"] = ""
    assert action_main(env, io.StringIO()) == 0
    assert len(github.repos[REPO].commits) == 2
    assert [path for path in pages if github.file(REPO, path) is not None] == []
    readme = (github.file(REPO, "docs/README.md") or b"").decode()
    rows = [row for s in parse_readme(readme).sections if s.table for row in s.table.rows]
    assert [row.paper_id for row in rows] == [entry.arxiv_id for entry in served["Diffusion"]]
    assert "older papers" not in readme


def test_feeds_and_the_papers_file_list_the_pages_rows_as_the_readmes() -> None:
    papers = [
        paper(arxiv_id=f"2611.{n:05d}", abstract="An abstract. " * 150, updated=date(2026, 11, 20))
        for n in range(30)
    ]
    extra = ExtraFileSettings(feeds_dir="feeds", papers_file="papers.json")
    written = {}
    for budget in (DEFAULT_MAX_README_BYTES, 20_000):
        store = MemoryStore(None)
        settings = keyword_settings("Diffusion", extra_files=extra, pages=PageSettings(budget))
        run(settings, Adapters(store, FakeSource({"Diffusion": papers})), NOW)
        written[budget] = {
            path: store.files[path] for path in ("feeds/diffusion.xml", "papers.json")
        }
        assert ("papers/diffusion.md" in store.files) is (budget == 20_000)
    assert written[20_000] == written[DEFAULT_MAX_README_BYTES]
    assert len(json.loads(written[20_000]["papers.json"])["papers"]) == 30


def test_a_readme_within_the_budget_gets_no_link_line_and_no_page(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    source = FakeSource({"Diffusion": [paper(arxiv_id=f"2611.{n:05d}") for n in range(100)]})
    run(keyword_settings("Diffusion"), Adapters(LocalReadmeStore(readme, tmp_path), source), NOW)
    assert "older paper" not in readme.read_text()
    assert not (tmp_path / "papers").exists()


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("9999", "'9999' is not a whole number of bytes from 10000 to 100000000"),
        ("half a megabyte", "is not a whole number of bytes"),
        ("100000001", "from 10000 to 100000000"),
    ],
)
def test_max_readme_bytes_is_a_number_of_bytes_github_can_hold(given: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"{LOCAL_LABELS['max-readme-bytes']}: ")):
        local_settings(["K"], {"max-readme-bytes": given}, "README.md", url_problem=url_problem)
    with pytest.raises(ConfigError, match=re.escape(problem)):
        local_settings(["K"], {"max-readme-bytes": given}, "README.md", url_problem=url_problem)


def test_max_readme_bytes_defaults_under_githubs_cut_and_the_pages_lie_beside_the_readme(
    tmp_path: Path,
) -> None:
    (tmp_path / "notes").mkdir()
    readme = str(tmp_path / "notes" / "papers.md")
    settings = local_settings(["K"], {}, readme, url_problem=url_problem)
    assert settings.pages.max_readme_bytes == DEFAULT_MAX_README_BYTES < GITHUB_CUT
    assert settings.pages.readme_path == "papers.md"  # the local store reads from its folder
    chosen = local_settings(
        ["K"], {"max-readme-bytes": "250000"}, "README.md", url_problem=url_problem
    )
    assert chosen.pages.max_readme_bytes == 250_000


def test_headings_that_would_share_a_page_are_refused_before_any_request(tmp_path: Path) -> None:
    source = FakeSource({})
    store = LocalReadmeStore(tmp_path / "README.md", tmp_path)
    with pytest.raises(ConfigError, match=r"'C\+\+' and 'C' would share the page .* papers/c\.md"):
        run(keyword_settings("C++", "C"), Adapters(store, source), NOW)
    assert source.queries == []
