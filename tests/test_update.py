from datetime import date
from pathlib import Path

import pytest
from github import GithubRetry

from dailypapers.config import GitHubSettings, SearchSettings
from dailypapers.errors import ArxivError, ConfigError, PublishError
from dailypapers.outputs import OutputSettings
from dailypapers.paper import Paper
from dailypapers.publish import GitHubReadmeStore
from dailypapers.readme import parse_readme
from dailypapers.storage import LocalReadmeStore
from dailypapers.topic import keyword_query
from dailypapers.update import MAX_WRITE_ATTEMPTS, default_commit_message, run_update
from tests.conftest import anchor_readme
from tests.emulators.github import GitHubEmulator
from tests.memory_store import MemoryStore
from tests.test_merge import paper

TODAY = date(2026, 11, 24)


class FakeSource:
    """Answers queries from a dict; a missing keyword fails as arXiv would after its retries."""

    def __init__(self, papers: dict[str, list[Paper]]) -> None:
        self.papers = {keyword_query(keyword): found for keyword, found in papers.items()}
        self.queries: list[tuple[str, int]] = []

    def search(self, query: str, max_results: int) -> list[Paper]:
        self.queries.append((query, max_results))
        if query not in self.papers:
            raise ArxivError("HTTP 503 after 4 attempts")
        return self.papers[query][:max_results]


def settings(*keywords: str, **options: object) -> SearchSettings:
    return SearchSettings.for_keywords(keywords, **options)  # type: ignore[arg-type]


def row_count(text: str) -> int:
    return sum(len(s.table.rows) for s in parse_readme(text).sections if s.table is not None)


def test_a_run_fetches_each_keyword_once_and_writes_the_merge(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    source = FakeSource(
        {"Molecular": [paper("2504.09999", date(2025, 4, 8))], "Proteins": []},
    )
    report = run_update(
        LocalReadmeStore(path), source, settings("Molecular", "Proteins", max_papers=7), today=TODAY
    )
    assert source.queries == [(keyword_query("Molecular"), 7), (keyword_query("Proteins"), 7)]
    assert report.committed
    assert path.read_text() == report.merge.text
    assert [(keyword, p.arxiv_id) for keyword, p in report.new_papers] == [
        ("Molecular", "2504.09999")
    ]


def test_categories_filter_the_fetched_papers(tmp_path: Path) -> None:
    keep = Paper("2411.00001", 1, "Kept", "", "", TODAY, TODAY, (), ("stat.ML", "cs.LG"))
    drop = Paper("2411.00002", 1, "Dropped", "", "", TODAY, TODAY, (), ("q-bio.BM",))
    report = run_update(
        LocalReadmeStore(tmp_path / "R.md"),
        FakeSource({"K": [keep, drop]}),
        settings("K", categories=("cs",)),
        today=TODAY,
    )
    assert [p.title for _, p in report.new_papers] == ["Kept"]
    assert (report.fetches[0].found, len(report.fetches[0].papers or ())) == (2, 1)


def test_a_failed_keyword_keeps_its_rows_and_the_others_are_merged(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    before = row_count(anchor_readme())
    source = FakeSource({"Molecular Generation": [paper("2504.09999", date(2025, 4, 8))]})
    report = run_update(
        LocalReadmeStore(path),
        source,
        settings("Molecular", "Molecular Generation", max_papers=100),
        today=TODAY,
    )
    assert [f.keyword for f in report.failures] == ["Molecular"]
    assert row_count(path.read_text()) == before + 1


def test_when_every_keyword_fails_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(anchor_readme())
    with pytest.raises(ArxivError, match="every arXiv search failed, nothing was changed"):
        run_update(LocalReadmeStore(path), FakeSource({}), settings("A", "B"), today=TODAY)
    assert path.read_text() == anchor_readme()


def test_nothing_new_writes_nothing() -> None:
    store = MemoryStore(anchor_readme())
    known = paper("2403.04197", date(2025, 4, 7), version=4)
    report = run_update(
        store, FakeSource({"Molecular": [known]}), settings("Molecular"), today=TODAY
    )
    assert not report.committed
    assert not report.merge.changed
    assert store.writes == []


def test_dry_run_computes_but_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    report = run_update(
        LocalReadmeStore(path),
        FakeSource({"K": [paper("2411.00001", TODAY)]}),
        settings("K"),
        today=TODAY,
        dry_run=True,
    )
    assert report.merge.changed
    assert len(report.new_papers) == 1
    assert not report.committed
    assert not path.exists()


def test_the_default_commit_message_names_what_each_keyword_gained() -> None:
    result = run_update(
        MemoryStore(anchor_readme()),
        FakeSource(
            {
                "Molecular": [
                    paper("2504.09999", date(2025, 4, 8)),
                    paper("2403.04197", date(2025, 4, 9), version=5),
                ],
                "Proteins": [paper("2411.00001", TODAY)],
            }
        ),
        settings("Molecular", "Proteins"),
        today=TODAY,
    )
    assert default_commit_message(result.merge.changes, TODAY) == (
        "Daily papers 2026-11-24: Molecular +1 (1 updated), Proteins +1"
    )


def test_a_custom_commit_message_is_used_as_given() -> None:
    store = MemoryStore(None)
    run_update(
        store,
        FakeSource({"K": [paper("2411.00001", TODAY)]}),
        settings("K"),
        today=TODAY,
        commit_message="docs: papers",
    )
    assert store.messages == ["docs: papers"]


def test_conflicts_are_retried_a_bounded_number_of_times() -> None:
    source = FakeSource({"K": [paper("2411.00001", TODAY)]})
    store = MemoryStore(None, conflicts=MAX_WRITE_ATTEMPTS)
    with pytest.raises(PublishError, match=f"changed under every one of {MAX_WRITE_ATTEMPTS}"):
        run_update(store, source, settings("K"), today=TODAY)
    assert store.writes == []
    assert len(source.queries) == 1


def test_a_concurrent_commit_is_merged_with_not_overwritten(github: GitHubEmulator) -> None:
    """Another run commits its papers between our read and write: both sets of papers land."""
    theirs = paper("2411.00005", date(2026, 11, 22), title="Their paper")
    ours = paper("2411.00007", date(2026, 11, 23), title="Our paper")
    github.add_repo("octo/papers", {"README.md": anchor_readme().encode()})

    def another_run_lands() -> None:
        other = run_update(
            MemoryStore(anchor_readme()), FakeSource({"Molecular": [theirs]}),
            settings("Molecular"), today=TODAY,
        )  # fmt: skip
        github.commit_file("octo/papers", "README.md", other.merge.text.encode(), "their run")

    github.before_write = another_run_lands
    store = GitHubReadmeStore(
        GitHubSettings("octo/papers", github.api_url, github.token),
        retry=GithubRetry(total=0),
        pace_requests=False,
    )
    report = run_update(
        store, FakeSource({"Molecular": [ours]}), settings("Molecular"), today=TODAY
    )
    assert report.committed
    final = (github.file("octo/papers", "README.md") or b"").decode()
    assert "Their paper" in final
    assert "Our paper" in final
    assert row_count(final) == row_count(anchor_readme()) + 2
    puts = [call for call in github.calls if call[0] == "PUT"]
    assert len(puts) == 2  # one refused with 409, one accepted


def test_github_calls_per_run_one_read_and_one_write_at_most(github: GitHubEmulator) -> None:
    github.add_repo("octo/papers", {"README.md": anchor_readme().encode()})
    store = GitHubReadmeStore(
        GitHubSettings("octo/papers", github.api_url, github.token), pace_requests=False
    )
    new = FakeSource({"Molecular": [paper("2504.09999", date(2025, 4, 8))]})
    run_update(store, new, settings("Molecular"), today=TODAY)
    assert [method for method, _ in github.calls] == ["GET", "PUT"]
    run_update(store, new, settings("Molecular"), today=TODAY)
    assert [method for method, _ in github.calls] == ["GET", "PUT", "GET"]


OUTPUTS = OutputSettings("feeds", "papers.json")


def test_outputs_are_written_with_the_readme_and_only_when_they_change() -> None:
    store = MemoryStore(anchor_readme())
    source = FakeSource({"Molecular": [paper("2504.09999", date(2025, 4, 8))], "Diffusion": []})
    topics = settings("Molecular", "Diffusion")
    report = run_update(store, source, topics, today=TODAY, outputs=OUTPUTS)
    assert report.committed and len(store.writes) == 1
    assert report.other_files == ("feeds/diffusion.xml", "feeds/molecular.xml", "papers.json")
    assert sorted(store.files) == list(report.other_files)
    assert "2504.09999" in store.files["feeds/molecular.xml"]
    again = run_update(store, source, topics, today=TODAY, outputs=OUTPUTS)
    assert (again.committed, again.other_files, len(store.writes)) == (False, (), 1)


def test_turning_outputs_on_writes_them_though_no_paper_is_new() -> None:
    store = MemoryStore(anchor_readme())
    known = paper("2403.04197", date(2025, 4, 7), version=4)
    source = FakeSource({"Molecular": [known]})
    report = run_update(store, source, settings("Molecular"), today=TODAY, outputs=OUTPUTS)
    assert not report.merge.changed and report.committed
    assert store.text == anchor_readme()
    assert store.messages == ["Daily papers 2026-11-24: feeds/molecular.xml, papers.json"]
    dry = run_update(
        MemoryStore(anchor_readme()), source, settings("Molecular"), today=TODAY,
        outputs=OUTPUTS, dry_run=True,
    )  # fmt: skip
    assert (dry.committed, dry.other_files) == (False, ("feeds/molecular.xml", "papers.json"))


def test_records_of_the_previous_papers_file_survive_a_failed_search() -> None:
    store = MemoryStore(anchor_readme())
    full = Paper("2504.09999", 1, "T", "Abstract", "", date(2025, 4, 8), date(2025, 4, 1), ("Ada",))
    molecular = settings("Molecular")
    run_update(store, FakeSource({"Molecular": [full]}), molecular, today=TODAY, outputs=OUTPUTS)
    first = store.files["papers.json"]
    both = settings("Molecular", "Other")
    failed = run_update(store, FakeSource({"Other": []}), both, today=TODAY, outputs=OUTPUTS)
    assert failed.failures
    assert store.files["papers.json"] == first
    assert '"Ada"' in first


def test_sections_sharing_a_feed_file_are_refused_before_any_search() -> None:
    source = FakeSource({})
    with pytest.raises(ConfigError, match=r"would share the feed feeds/a-b\.xml"):
        run_update(MemoryStore(None), source, settings("A b", "a-b"), today=TODAY, outputs=OUTPUTS)
    assert source.queries == []
