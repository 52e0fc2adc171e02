"""Relevance in the run: seeds read and fetched before the searches, each section's answer scored,
the Relevance column, min-relevance as a filter, and the score in the papers file, the feeds and
the digest; errors before any request. The judge's check is here too: seeds from an early day of
DailyArXiv, the papers of a day more than a year later as arXiv's answer, the seeded section's
papers ranked first by the README's Relevance cells."""

from __future__ import annotations

import gzip
import json
import random
import statistics
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dailypapers.arxiv.client import ArxivClient
from dailypapers.arxiv.policy import RetryPolicy
from dailypapers.config.from_inputs import local_settings
from dailypapers.domain.change import SectionChange
from dailypapers.domain.errors import ConfigError, SourceError
from dailypapers.domain.paper import ArxivId
from dailypapers.domain.settings import ConfigFile, ExtraFileSettings, RunSettings
from dailypapers.notify.apprise import url_problem
from dailypapers.notify.digest import render_digest
from dailypapers.notify.formats import FORMATS, HTML, digest_blocks
from dailypapers.readme.document import parse_readme
from dailypapers.run import Adapters, RunReport, run
from tests.emulators.arxiv import ArxivEmulator, Reply
from tests.emulators.atom import Entry
from tests.factories import FakeClock, FakeSource, MemoryStore, fixture_path, paper, recorded_feed

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "papers.schema.json"
BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "relevance"
SEEDED = "Trajectory"
QUERY = 'abs:"the day"'
CONFIG = "daily.toml"
BIBTEX = "seeds.bib"


def _client(arxiv: ArxivEmulator, clock: FakeClock) -> ArxivClient:
    return ArxivClient(
        arxiv.url, retry=RetryPolicy(jitter=lambda: 1.0), clock=clock, sleep=clock.sleep
    )


def _day(version: str) -> list[dict[str, Any]]:
    with gzip.open(BENCH_DATA / f"{version}.json.gz", "rt", encoding="utf-8") as file:
        papers: list[dict[str, Any]] = json.load(file)["papers"]
    return papers


def _bibtex(records: list[dict[str, Any]]) -> str:
    """The records as a reference manager exports them (braces dropped from the text)."""
    plain = str.maketrans("", "", "{}")
    return "\n".join(
        f"@article{{seed{index},\n  title = {{{record['title'].translate(plain)}}},\n"
        f"  abstract = {{{record['abstract'].translate(plain)}}},\n}}\n"
        for index, record in enumerate(records)
    )


def _config(extra: str = "") -> str:
    return (
        f'seed-bibtex = "{BIBTEX}"\n\n[[section]]\nheading = "The day"\nquery = \'{QUERY}\'\n'
        f'max-papers = 400\ncolumns = ["Title", "Date", "Relevance"]\n{extra}'
    )


def _relevance_cells(readme: str) -> dict[str, float]:
    """Each row's Relevance cell (the last column), by arXiv id."""
    (section,) = [s for s in parse_readme(readme).sections if s.table is not None]
    assert section.table is not None
    return {
        str(row.paper_id): float(row.text.rstrip(" |").rsplit("|", 1)[1])
        for row in section.table.rows
    }


def _auc(scores: dict[str, float], positives: set[str]) -> float:
    wins = [
        1.0 if scores[p] > scores[n] else 0.5 if scores[p] == scores[n] else 0.0
        for p in scores
        if p in positives
        for n in scores
        if n not in positives
    ]
    return sum(wins) / len(wins)


@pytest.fixture
def judged_day(arxiv: ArxivEmulator) -> tuple[str, set[str]]:
    """8 Trajectory papers of 2024-05-27 as a BibTeX file; the papers of 2025-12-02 listed in one
    section only as arXiv's answer to the section's query. The BibTeX text, and the ids of the
    seeded section's papers of the later day."""
    seeds = random.Random(1).sample(
        [record for record in _day("0060") if record["sections"] == [SEEDED]], 8
    )
    target = [record for record in _day("0453") if len(record["sections"]) == 1]
    entries = [
        Entry(
            record["id"],
            title=record["title"],
            summary=record["abstract"],
            updated=date(2025, 12, 1),
        )
        for record in target
    ]
    arxiv.serve_query(QUERY, entries)
    return _bibtex(seeds), {r["id"] for r in target if r["sections"] == [SEEDED]}


def _judged_run(arxiv: ArxivEmulator, bibtex: str, config: str) -> tuple[MemoryStore, RunReport]:
    store = MemoryStore(None)
    store.files |= {CONFIG: config, BIBTEX: bibtex}
    settings = RunSettings(
        sections=ConfigFile(CONFIG), extra_files=ExtraFileSettings(papers_file="papers.json")
    )
    now = datetime(2025, 12, 2, 12, tzinfo=UTC)
    report = run(settings, Adapters(store, _client(arxiv, FakeClock())), now)
    return store, report


def test_the_seeded_sections_papers_rank_first_and_min_relevance_keeps_those_at_or_above(
    arxiv: ArxivEmulator, judged_day: tuple[str, set[str]]
) -> None:
    bibtex, seeded = judged_day
    store, _ = _judged_run(arxiv, bibtex, _config())
    assert store.text is not None
    scores = _relevance_cells(store.text)
    assert len(scores) > 200 and seeded <= set(scores)
    auc = _auc(scores, seeded)
    median = statistics.median(scores.values())
    print(f"AUC {auc:.3f}, median {median}")
    assert auc >= 0.85, auc
    kept_store, report = _judged_run(arxiv, bibtex, _config(f"min-relevance = {median}\n"))
    assert kept_store.text is not None
    kept = _relevance_cells(kept_store.text)
    assert kept == {key: score for key, score in scores.items() if score >= median}
    (fetch,) = report.fetches
    assert dict(fetch.dropped_by) == {"min-relevance": len(scores) - len(kept)}
    again, _ = _judged_run(arxiv, bibtex, _config(f"min-relevance = {median}\n"))
    assert again.text == kept_store.text
    records = json.loads(kept_store.files["papers.json"])["papers"]
    assert {record["id"]: record["relevance"] for record in records} == kept


def test_papers_by_id_asks_arxiv_once_with_id_list(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.id_replies["0808.05394,1707.08567"] = Reply(
        body=recorded_feed("id_0808.05394_1707.08567.xml")
    )
    arxiv.id_replies["quant-ph/0201082v1"] = Reply(body=recorded_feed("id_quant-ph_0201082v1.xml"))
    arxiv.id_replies["0000.0000"] = Reply(body=recorded_feed("id_0000.0000.xml"))
    client = _client(arxiv, clock)
    two = client.papers_by_id([ArxivId("0808.05394", 0), ArxivId("1707.08567", 0)])
    # arXiv answers the one it knows, and leaves the other out.
    assert [(p.arxiv_id, p.version) for p in two] == [("1707.08567", 1)]
    assert two[0].title.startswith("Proceedings of Workshop AEW10")
    assert arxiv.requests[0].params == {
        "id_list": "0808.05394,1707.08567",
        "start": "0",
        "max_results": "2",
    }
    (old,) = client.papers_by_id([ArxivId("quant-ph/0201082", 1)])
    assert (old.arxiv_id, old.version) == ("quant-ph/0201082", 1)
    assert client.papers_by_id([ArxivId("0000.0000", 0)]) == []
    assert client.papers_by_id([]) == []
    assert len(arxiv.requests) == 3


def test_papers_by_id_surfaces_arxivs_rejection(arxiv: ArxivEmulator, clock: FakeClock) -> None:
    arxiv.id_replies["abc"] = Reply(400, recorded_feed("id_abc.xml"))
    with pytest.raises(SourceError, match="incorrect id format for abc"):
        _client(arxiv, clock).papers_by_id([ArxivId("abc", 0)])


def _seeded_run(
    arxiv: ArxivEmulator, config: str, files: dict[str, str] | None = None
) -> tuple[MemoryStore, RunReport]:
    store = MemoryStore(None)
    store.files |= {CONFIG: config, **(files or {})}
    settings = RunSettings(
        sections=ConfigFile(CONFIG),
        extra_files=ExtraFileSettings(feeds_dir="feeds", papers_file="papers.json"),
    )
    return store, run(
        settings,
        Adapters(store, _client(arxiv, FakeClock())),
        datetime(2026, 11, 24, 12, tzinfo=UTC),
    )


GRAPHS = Entry(
    "2411.00001",
    title="Graph neural networks for molecules",
    summary="We train graph neural networks on molecular graphs.",
)
SERIES = Entry(
    "2411.00002",
    title="Forecasting time series with transformers",
    summary="A transformer forecasts long time series.",
)


def test_seed_papers_are_fetched_in_one_request_and_every_output_carries_the_score(
    arxiv: ArxivEmulator,
) -> None:
    arxiv.by_id["2301.00001"] = Entry(
        "2301.00001", title="Graph neural networks", summary="Message passing on graphs."
    )
    arxiv.by_id["2301.00002"] = Entry(
        "2301.00002", title="Time series forecasting", summary="Forecasting of time series."
    )
    arxiv.serve_query(QUERY, [GRAPHS, SERIES])
    arxiv.serve_query('abs:"other"', [GRAPHS, SERIES])
    config = (
        f'[[section]]\nheading = "Graphs"\nquery = \'{QUERY}\'\nseed-papers = ["2301.00001"]\n'
        'columns = ["Title", "Date", "Relevance"]\n\n'
        '[[section]]\nheading = "Series"\nquery = \'abs:"other"\'\n'
        'seed-papers = "arXiv:2301.00002"\ninterests = "Forecasting."\n'
    )
    store, report = _seeded_run(arxiv, config)
    id_lists = [r.params["id_list"] for r in arxiv.requests if "id_list" in r.params]
    assert id_lists == ["2301.00001,2301.00002"]
    assert "id_list" in arxiv.requests[0].params  # before the searches
    graphs = _relevance_cells_of(store.text or "", "Graphs")
    assert graphs["2411.00001"] > graphs["2411.00002"]
    (fetched_series,) = [f for f in report.fetches if f.heading == "Series"]
    scores = {p.arxiv_id: p.relevance or 0.0 for p in fetched_series.papers or ()}
    assert scores["2411.00002"] > scores["2411.00001"]
    document = json.loads(store.files["papers.json"])
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    records = {r["id"]: r["relevance"] for r in document["papers"]}
    # A paper in two seeded sections carries the higher of its scores.
    assert records["2411.00001"] == max(graphs["2411.00001"], scores["2411.00001"])
    assert f"Relevance: {graphs['2411.00001']:.3f}" in store.files["feeds/graphs.xml"]
    # Why: the papers file and the feed name the terms and the seed that carried the score.
    (record,) = [r for r in document["papers"] if r["id"] == "2411.00001"]
    assert 'nearest seed: "Graph neural networks"' in record["relevance_why"]
    assert f"({record['relevance_why']})" in store.files["feeds/graphs.xml"].replace("&quot;", '"')


def _relevance_cells_of(readme: str, heading: str) -> dict[str, float]:
    (section,) = [s for s in parse_readme(readme).sections if s.heading == heading]
    assert section.table is not None
    return {
        str(row.paper_id): float(row.text.rstrip(" |").rsplit("|", 1)[1])
        for row in section.table.rows
    }


def test_a_seed_id_arxiv_does_not_know_fails_the_run_before_any_search(
    arxiv: ArxivEmulator,
) -> None:
    arxiv.by_id["2301.00001"] = Entry("2301.00001")
    config = (
        f"seed-papers = '2301.00001 2401.99999v2'\n[[section]]\nheading = 'A'\nquery = '{QUERY}'\n"
    )
    with pytest.raises(ConfigError, match=r"arXiv knows no paper '2401\.99999v2'"):
        _seeded_run(arxiv, config)
    assert [r.params.get("id_list") for r in arxiv.requests] == ["2301.00001,2401.99999v2"]


@pytest.mark.parametrize(
    ("config", "files", "message"),
    [
        ("min-relevance = 0.2\n", {}, "min-relevance need seeds"),
        ('columns = ["Title", "Date", "Relevance"]\n', {}, "Relevance need seeds"),
        ("min-relevance = 1.5\ninterests = 'x'\n", {}, "1.5 is outside 0 to 1"),
        ('seed-papers = ["2401.0123x"]\n', {}, "'2401.0123x' is not an arXiv id"),
        (f'seed-bibtex = "{BIBTEX}"\n', {}, f"'{BIBTEX}' does not exist"),
        (
            f'seed-bibtex = "{BIBTEX}"\n',
            {BIBTEX: "@article{k, author={A}}\n"},
            "no entry with a title",
        ),
    ],
)
def test_relevance_problems_fail_before_any_request(
    config: str, files: dict[str, str], message: str
) -> None:
    store = MemoryStore(None)
    store.files |= {CONFIG: config + f"[[section]]\nheading = 'A'\nquery = '{QUERY}'\n", **files}
    source = FakeSource({})
    with pytest.raises(ConfigError, match=message):
        run(
            RunSettings(sections=ConfigFile(CONFIG)),
            Adapters(store, source),
            datetime(2026, 11, 24, 12, tzinfo=UTC),
        )
    assert source.queries == []


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"min-relevance": "0.3"}, "--min-relevance: min-relevance need seeds"),
        ({"columns": "Title,Date,Relevance"}, "--columns: Relevance need seeds"),
        ({"min-relevance": "-0.1", "interests": "Graphs."}, "--min-relevance: -0.1 is outside"),
        ({"min-relevance": "high", "interests": "Graphs."}, "'high' is not a number"),
        ({"seed-papers": "2401.01234, nope"}, "--seed-papers: 'nope' is not an arXiv id"),
    ],
)
def test_relevance_flags_are_checked(flags: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        local_settings(["Graphs"], flags, str(tmp_path / "README.md"), url_problem=url_problem)


def test_keyword_sections_share_the_seed_inputs(tmp_path: Path) -> None:
    bib = tmp_path / "mine.bib"
    flags = {
        "seed-papers": "2401.01234\nhep-th/9901001v2",
        "seed-bibtex": str(bib),
        "interests": "Graphs.",
        "min-relevance": "0.25",
    }
    settings = local_settings(
        ["A", "B"], flags, str(tmp_path / "README.md"), url_problem=url_problem
    )
    assert isinstance(settings.sections, tuple)
    for section in settings.sections:
        assert section.seeds.ids == (ArxivId("2401.01234", 0), ArxivId("hep-th/9901001", 2))
        assert section.seeds.bibtex == bib.as_posix()
        assert (section.seeds.interests, section.min_relevance) == ("Graphs.", 0.25)


def test_the_digest_lists_the_most_relevant_first() -> None:
    low = replace(paper(arxiv_id="2411.00001", title="Low"), relevance=0.1)
    high = replace(paper(arxiv_id="2411.00002", title="High"), relevance=0.9)
    unscored = paper(arxiv_id="2411.00003", title="None")
    change = SectionChange("A", added=(low, unscored, high))
    digest = render_digest([change], date(2026, 11, 24), "https://example.org")
    assert digest is not None
    assert [p.title for p in digest.sections[0][1]] == ["High", "Low", "None"]
    assert "relevance 0.900" in digest.body


def test_the_digest_says_why_a_paper_ranks() -> None:
    why = 'terms: graph neural, message passing; nearest seed: "Graphs | nodes"'
    scored = replace(paper(arxiv_id="2411.00002", title="High"), relevance=0.9, relevance_why=why)
    digest = render_digest(
        [SectionChange("A", added=(scored,))], date(2026, 11, 24), "https://example.org"
    )
    assert digest is not None
    assert "relevance 0.900; terms: graph neural, message passing; nearest seed:" in digest.body
    assert "Graphs \\| nodes" in digest.body
    for form in FORMATS:
        ((_, (block,)),) = digest_blocks(digest, form).sections
        quote = "&quot;" if form == HTML else '"'
        assert f"relevance 0.900; terms: graph neural, message passing; nearest seed: {quote}" in (
            block
        ), form


WITHIN_CASES = fixture_path("relevance/within-cases.json.gz")


def _within_case(name: str) -> dict[str, Any]:
    with gzip.open(WITHIN_CASES, "rt", encoding="utf-8") as file:
        cases: list[dict[str, Any]] = json.load(file)
    (case,) = [case for case in cases if case["name"] == name]
    return case


@pytest.mark.parametrize(
    ("name", "least_auc"), [("quantum / quant-ph", 0.8), ("author 26 / astro-ph.GA", 0.95)]
)
def test_a_within_topic_case_through_the_command_ranks_the_relevant_papers_first(
    arxiv: ArxivEmulator, name: str, least_auc: float
) -> None:
    """A field and an author case of 2025 (tests/fixtures/relevance/SOURCE.md): the seeds as a
    BibTeX file, the candidates as arXiv's answer; the Relevance cells rank the relevant papers
    first, a repeat run gives the same cells, min-relevance keeps exactly those at or above it,
    and the papers file says why each ranks."""
    case = _within_case(name)
    arxiv.serve_query(
        QUERY,
        [
            Entry(c["id"], title=c["title"], summary=c["abstract"], updated=date(2025, 9, 30))
            for c in case["candidates"]
        ],
    )
    bibtex = _bibtex(case["seeds"])
    store, _ = _judged_run(arxiv, bibtex, _config())
    scores = _relevance_cells(store.text or "")
    assert set(scores) == {c["id"] for c in case["candidates"]}
    assert _auc(scores, set(case["relevant"])) >= least_auc
    again, _ = _judged_run(arxiv, bibtex, _config())
    assert _relevance_cells(again.text or "") == scores
    minimum = statistics.median(scores.values())
    kept_store, _ = _judged_run(arxiv, bibtex, _config(f"min-relevance = {minimum}\n"))
    kept = _relevance_cells(kept_store.text or "")
    assert kept == {key: score for key, score in scores.items() if score >= minimum}
    records = json.loads(kept_store.files["papers.json"])["papers"]
    titles = {seed["title"] for seed in case["seeds"]}
    for record in records:
        assert record["relevance"] == kept[record["id"]]
        nearest = record["relevance_why"].split('nearest seed: "', 1)[1].removesuffix('"')
        assert nearest in titles
