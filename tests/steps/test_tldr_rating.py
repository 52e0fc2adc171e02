"""The TL;DR model's relevance rating in the run (summary-rates-relevance): asked in the same
batched requests as the TL;DRs, with the interests and seed titles in the system prompt; used in
place of the lexical score in the README's Relevance column, the papers file and the feeds; a bad
rating keeps the lexical score, with one warning; the option checked before any request; and,
off, requests as they were. Over real HTTP to the emulated arXiv and model, on the fake clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dailypapers.arxiv.client import ArxivClient
from dailypapers.arxiv.policy import RetryPolicy
from dailypapers.config.from_inputs import local_settings
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.settings import ConfigFile, ExtraFileSettings, RunSettings, TldrSettings
from dailypapers.entry.adapters import tldr_client
from dailypapers.notify.apprise import url_problem
from dailypapers.readme.document import parse_readme
from dailypapers.run import Adapters, RunReport, run
from tests.emulators.arxiv import ArxivEmulator
from tests.emulators.atom import Entry
from tests.emulators.models import ModelsEmulator, rating_of, tldr_of
from tests.factories import FakeClock, FakeSource, MemoryStore

CONFIG = "daily.toml"
QUERY = 'abs:"graphs"'
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
SEED = Entry("2301.00001", title="Graph neural networks", summary="Message passing on graphs.")
PAPERS = [
    Entry("2411.00001", title="Graph neural networks for molecules", summary="Graphs of atoms."),
    Entry("2411.00002", title="Message passing on large graphs", summary="Graph networks scale."),
    Entry("2411.00003", title="Forecasting time series", summary="A transformer forecasts."),
]
IDS = [entry.arxiv_id for entry in PAPERS]
INTERESTS = "Graph learning for chemistry."
SECTION = (
    f"[[section]]\nheading = 'Graphs'\nquery = '{QUERY}'\nseed-papers = ['{SEED.arxiv_id}']\n"
    f"interests = '{INTERESTS}'\ncolumns = ['Title', 'Date', 'Relevance']\n"
)


def _run(
    arxiv: ArxivEmulator, models: ModelsEmulator, clock: FakeClock, rates: bool, config: str = ""
) -> tuple[MemoryStore, RunReport]:
    arxiv.by_id[SEED.arxiv_id] = SEED
    arxiv.serve_query(QUERY, PAPERS)
    store = MemoryStore(None)
    store.files[CONFIG] = config + SECTION
    tldr = TldrSettings("gpt-4.1-mini", models.url, "key", rates_relevance=rates)
    settings = RunSettings(
        sections=ConfigFile(CONFIG),
        extra_files=ExtraFileSettings(feeds_dir="feeds", papers_file="papers.json"),
        tldr=tldr,
    )
    source = ArxivClient(
        arxiv.url, retry=RetryPolicy(jitter=lambda: 1.0), clock=clock, sleep=clock.sleep
    )
    writer = tldr_client(tldr, clock, clock.sleep).write_tldrs
    return store, run(settings, Adapters(store, source, write_tldrs=writer), NOW)


def _cells(readme: str) -> dict[str, float]:
    """Each row's Relevance cell (the last column), by arXiv id."""
    (section,) = [s for s in parse_readme(readme).sections if s.table is not None]
    assert section.table is not None
    return {
        str(row.paper_id): float(row.text.rstrip(" |").rsplit("|", 1)[1])
        for row in section.table.rows
    }


def _papers_file(store: MemoryStore, field: str = "relevance") -> dict[str, object]:
    return {r["id"]: r[field] for r in json.loads(store.files["papers.json"])["papers"]}


def test_the_models_ratings_are_the_relevance_of_the_readme_the_papers_file_and_the_feeds(
    arxiv: ArxivEmulator, models: ModelsEmulator, clock: FakeClock
) -> None:
    store, report = _run(arxiv, models, clock, rates=True)
    (request,) = models.requests
    system = request["messages"][0]["content"]
    assert f"- {INTERESTS}\n- {SEED.title}\n" in system and '"relevance": 0.7' in system
    rated = {arxiv_id: round(rating_of(arxiv_id), 3) for arxiv_id in IDS}
    assert rated != {i: rating_of(i) for i in IDS}  # the model's 4 places, shown as 3
    assert _cells(store.text or "") == rated
    assert _papers_file(store) == rated
    assert f"Relevance: {rated['2411.00002']:.3f}" in store.files["feeds/graphs.xml"]
    assert _papers_file(store, "tldr") == {arxiv_id: tldr_of(arxiv_id) for arxiv_id in IDS}
    assert report.tldr_problems == ()
    assert {p.arxiv_id: p.relevance for _, p in report.new_papers} == rated


def test_min_relevance_compares_the_lexical_score_and_the_rating_is_shown(
    arxiv: ArxivEmulator, models: ModelsEmulator, clock: FakeClock
) -> None:
    models.ratings = {"2411.00001": 0.0041, "2411.00002": 0.9}
    store, _ = _run(arxiv, models, clock, rates=True, config="min-relevance = 0.05\n")
    # The paper about time series scores 0 against graph seeds: dropped before any request.
    (request,) = models.requests
    assert models.paper_ids(request) == ["2411.00001", "2411.00002"]
    assert _cells(store.text or "") == {"2411.00001": 0.004, "2411.00002": 0.9}


def test_bad_ratings_keep_the_lexical_scores_with_one_warning(
    arxiv: ArxivEmulator, models: ModelsEmulator, clock: FakeClock
) -> None:
    lexical_store, _ = _run(arxiv, models, clock, rates=False)
    lexical = _cells(lexical_store.text or "")
    models.ratings = {"2411.00001": 1.5, "2411.00002": "high", "2411.00003": True}
    store, report = _run(arxiv, models, clock, rates=True)
    assert _cells(store.text or "") == lexical
    assert _papers_file(store) == lexical
    (problem,) = report.tldr_problems
    assert problem.startswith("3 papers the model gave no relevance from 0 to 1")
    assert _papers_file(store, "tldr") == {arxiv_id: tldr_of(arxiv_id) for arxiv_id in IDS}


def test_with_the_option_off_the_request_asks_for_no_rating(
    arxiv: ArxivEmulator, models: ModelsEmulator, clock: FakeClock
) -> None:
    store, report = _run(arxiv, models, clock, rates=False)
    (request,) = models.requests
    system = request["messages"][0]["content"]
    assert "relevan" not in system and INTERESTS not in system and SEED.title not in system
    assert system.endswith('for example {"2401.00001": "..."}.')
    cells = _cells(store.text or "")
    assert cells != {i: round(rating_of(i), 3) for i in IDS}
    assert _papers_file(store) == cells and report.tldr_problems == ()


def test_the_option_without_a_model_is_an_input_error(tmp_path: Path) -> None:
    flags = {"summary-rates-relevance": "true", "interests": "Graphs."}
    with pytest.raises(ConfigError, match=r"--summary-rates-relevance: .* set summary-model"):
        local_settings(["Graphs"], flags, str(tmp_path / "README.md"), url_problem=url_problem)
    off = local_settings(
        ["Graphs"],
        {"summary-rates-relevance": "false"},
        str(tmp_path / "R.md"),
        url_problem=url_problem,
    )
    assert off.tldr.rates_relevance is False


def test_the_option_without_seeds_fails_before_any_request(
    models: ModelsEmulator, tmp_path: Path
) -> None:
    flags = {"summary-rates-relevance": "true", "summary-model": "gpt-4.1-mini"}
    flags["summary-api-url"] = models.url
    env = {"DAILY_PAPERS_SUMMARY_KEY": "sk-model-key"}
    settings = local_settings(
        ["Graphs"], flags, str(tmp_path / "README.md"), env, url_problem=url_problem
    )
    assert settings.tldr.rates_relevance
    source = FakeSource({})
    writer = tldr_client(settings.tldr).write_tldrs
    with pytest.raises(ConfigError, match=r"summary-rates-relevance: .* no section has any"):
        run(settings, Adapters(MemoryStore(None), source, write_tldrs=writer), NOW)
    assert source.queries == [] and models.requests == []
