"""The offline demo: the real local command against the recorded arXiv answer shipped with the
package, served on 127.0.0.1 as arXiv's API serves it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dailypapers.arxiv.feed import parse_feed
from dailypapers.domain.arxiv import keyword_query
from dailypapers.entry.demo import KEYWORDS, RECORDED_SEARCH, answer
from tests.factories import rows_by_section

RECORDING = RECORDED_SEARCH.read_bytes()


def test_a_one_word_keyword_is_answered_with_the_papers_that_name_it_in_title_and_abstract() -> (
    None
):
    page = parse_feed(answer(RECORDING, keyword_query("Fuzzing"), 100))
    (paper,) = page.papers
    assert paper.arxiv_id == "2005.14124"
    assert "fuzzing" in paper.title.lower() and "fuzzing" in paper.abstract.lower()
    assert page.total_results == 1


def test_a_phrase_is_answered_from_titles_or_abstracts_newest_first_within_max_results() -> None:
    page = parse_feed(answer(RECORDING, keyword_query("Software Testing"), 5))
    assert page.total_results == 14 and page.entries == 5
    updated = [paper.updated for paper in page.papers]
    assert updated == sorted(updated, reverse=True)
    every = parse_feed(answer(RECORDING, keyword_query("Software Testing"), 100)).papers
    assert updated == [paper.updated for paper in every[:5]]
    assert all(
        "software testing" in f"{paper.title} {paper.abstract}".lower().replace("\n", " ")
        for paper in every
    )


def test_a_query_the_recording_does_not_answer_gets_an_empty_feed() -> None:
    page = parse_feed(answer(RECORDING, keyword_query("Graph Neural Networks"), 100))
    assert (page.total_results, page.papers) == (0, [])


def test_the_demo_writes_a_readme_with_a_section_of_papers_per_keyword_and_the_page(
    tmp_path: Path,
) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "dailypapers.entry.demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Open README.demo.md" in run.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.demo.md", "demo-site"]
    assert (tmp_path / "demo-site" / "index.html").is_file()
    assert (tmp_path / "demo-site" / "pagefind" / "pagefind.js").is_file()
    rows = rows_by_section((tmp_path / "README.demo.md").read_text())
    assert {keyword: len(rows[keyword]) for keyword in KEYWORDS} == {
        "Software Testing": 14,
        "Large Language Models": 9,
        "Hypothesis Testing": 8,
    }
