"""The relevance score: terms, seeds, and scores that are in [0, 1], deterministic, blind to
order, and that rank the seeds' topic first; the min-relevance rule keeps exactly the papers at
or above the minimum."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dailypapers.config.section import keyword_section
from dailypapers.domain.errors import ConfigError
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.score import score_papers, strongest_terms
from dailypapers.relevance.seeds import Seeds, interest_sentences
from dailypapers.relevance.terms import counted, stem, without_boilerplate, words
from tests.factories import paper

FORECASTING = [
    ("Probabilistic forecasting of multivariate time series", "We forecast time series "
     "with a transformer and evaluate the forecasting accuracy on electricity and traffic."),
    ("Anomaly detection in industrial time series", "Sensors produce time series; we detect "
     "anomalies with a reconstruction model and a forecasting head."),
    ("Foundation models for time series", "A pretrained model forecasts unseen time series "
     "zero-shot and transfers to long horizons."),
]  # fmt: skip
GRAPHS = [
    ("Oversmoothing in graph neural networks", "Deep graph neural networks oversmooth node "
     "features; message passing with residual connections keeps them apart."),
    ("Graph neural networks for molecules", "We predict molecular properties with message "
     "passing graph neural networks over atoms and bonds."),
    ("Expressive power of graph neural networks", "We bound what message passing graph neural "
     "networks distinguish with the Weisfeiler-Leman test."),
]  # fmt: skip
ROBOTS = [
    ("Trajectory planning for quadrotors", "A quadrotor follows a smooth trajectory through "
     "obstacles computed by model predictive control."),
    ("Pedestrian trajectory prediction", "We predict pedestrian trajectory in crowds with "
     "social interactions for autonomous driving."),
]  # fmt: skip
SEEDS = Seeds(
    (
        SeedText("Deep learning for time series forecasting", "Time series forecasting with "
                 "recurrent networks; long horizons and many variables."),
        SeedText("Transformers for time series", "Attention models forecast time series and "
                 "detect anomalies in sensor data."),
    )
)  # fmt: skip


def _consensus_terms(text: str) -> Counter[str]:
    return counted(without_boilerplate(words(text)))


def _scores(papers: list[Paper], seeds: Seeds) -> dict[str, float]:
    return {arxiv_id: result.score for arxiv_id, result in score_papers(papers, seeds).items()}


def _pool() -> list[Paper]:
    texts = FORECASTING + GRAPHS + ROBOTS
    return [
        paper(arxiv_id=f"2501.{n:05d}", title=title, abstract=abstract)
        for n, (title, abstract) in enumerate(texts)
    ]


def test_terms_are_stemmed_words_and_phrases_that_stop_words_break() -> None:
    counts = _consensus_terms("Graph Neural Networks for the time series of networks.")
    assert counts["network"] == 2 and counts["graph neural"] == 1 and counts["neural network"] == 1
    assert counts["time series"] == 1 and "series network" not in counts  # "of" breaks it
    assert "for" not in counts and "the" not in counts


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("networks", "network"), ("studies", "study"), ("series", "series"), ("analysis", "analysis"),
     ("class", "class"), ("trees", "tree"), ("gas", "gas")],
)  # fmt: skip
def test_stemming_folds_plurals_only(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_accents_latex_commands_and_possessives_do_not_make_terms() -> None:
    counts = _consensus_terms(r"Schrödinger's $\mathcal{O}(n)$ bound and Schrodinger")
    assert counts["schrodinger"] == 2 and "mathcal" not in counts and "s" not in counts


def test_the_seeds_topic_ranks_first_and_scores_are_in_0_1() -> None:
    scores = _scores(_pool(), SEEDS)
    topical = [scores[f"2501.{n:05d}"] for n in range(len(FORECASTING))]
    others = [scores[f"2501.{n:05d}"] for n in range(len(FORECASTING), len(_pool()))]
    assert min(topical) > max(others)
    assert all(0.0 <= score <= 1.0 for score in scores.values())
    strongest = strongest_terms(_pool(), SEEDS, 3)
    assert {term for term, _ in strongest} <= {
        "time", "series", "time series", "forecasting", "series forecasting"
    }  # fmt: skip


def test_each_score_says_which_seed_terms_and_which_seed_carried_it() -> None:
    results = score_papers(_pool(), SEEDS)
    forecasting = results["2501.00000"]
    assert forecasting.terms and set(forecasting.terms) <= {
        "time", "series", "time series", "forecasting", "series forecasting", "forecast"
    }  # fmt: skip
    assert forecasting.nearest_seed in {seed.title for seed in SEEDS.papers}
    assert forecasting.why == (
        f'terms: {", ".join(forecasting.terms)}; nearest seed: "{forecasting.nearest_seed}"'
    )
    assert len(forecasting.terms) <= 3


def test_what_the_seeds_nearest_papers_share_brings_up_a_paper_that_meets_no_seed() -> None:
    """The feedback evidence: the forecasting papers of the pool also speak of electricity load,
    which no seed names; a paper on electricity load then ranks above one on the molecules that
    other papers of the pool speak of, though neither shares a term with any seed."""
    load = " Electricity load of the grid, in many regions."
    topical = [
        paper(arxiv_id=f"2501.{n:05d}", title=title, abstract=abstract + load)
        for n, (title, abstract) in enumerate(FORECASTING)
    ]
    unrelated = [
        paper(arxiv_id=f"2502.{n:05d}", title=title, abstract=abstract)
        for n, (title, abstract) in enumerate(GRAPHS + ROBOTS)
    ]
    grid = paper(arxiv_id="2503.00001", title="Electricity load", abstract="Grid regions" + load)
    chemistry = paper(arxiv_id="2503.00002", title="Molecules", abstract="Atoms and bonds.")
    scores = _scores([*topical, *unrelated, grid, chemistry], SEEDS)
    assert scores[grid.arxiv_id] > scores[chemistry.arxiv_id]


def test_scores_are_rounded_to_what_is_shown() -> None:
    assert all(round(score, 3) == score for score in _scores(_pool(), SEEDS).values())


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_order_of_papers_and_seeds_changes_no_score(rng: random.Random) -> None:
    pool, seeds = _pool(), list(SEEDS.papers)
    rng.shuffle(pool)
    rng.shuffle(seeds)
    assert _scores(pool, Seeds(tuple(seeds))) == _scores(_pool(), SEEDS)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=6),
    st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=3),
)
def test_any_text_scores_within_0_1_and_the_same_twice(
    abstracts: list[str], interests: list[str]
) -> None:
    papers = [paper(arxiv_id=f"2501.{n:05d}", abstract=a) for n, a in enumerate(abstracts)]
    seeds = Seeds(interests=tuple(interests))
    first = _scores(papers, seeds)
    assert first == _scores(papers, seeds)
    assert set(first) == {p.arxiv_id for p in papers}
    assert all(0.0 <= score <= 1.0 for score in first.values())


def test_one_id_twice_is_scored_once_from_its_newest_version_in_any_order() -> None:
    old = paper(arxiv_id="2501.00001", version=1, title="Graph neural networks")
    new = paper(arxiv_id="2501.00001", version=2, title="Time series forecasting")
    assert _scores([old, new], SEEDS) == _scores([new, old], SEEDS)
    assert _scores([old, new], SEEDS) == _scores([new], SEEDS)


def _kept(pool: list[Paper], scores: dict[str, float], minimum: float) -> list[Paper]:
    """The papers a section with ``min-relevance`` = ``minimum`` keeps, by its own filter."""
    section = replace(keyword_section("K"), min_relevance=minimum)
    scored = [replace(p, relevance=scores[p.arxiv_id]) for p in pool]
    return [p for p in scored if section.dropped_by(p) is None]


def test_the_median_as_min_relevance_keeps_exactly_the_papers_at_or_above_it() -> None:
    pool = _pool()
    scores = _scores(pool, SEEDS)
    median = statistics.median(scores.values())
    kept = _kept(pool, scores, median)
    assert [p.arxiv_id for p in kept] == [p.arxiv_id for p in pool if scores[p.arxiv_id] >= median]
    assert {p.arxiv_id for p in pool} - {p.arxiv_id for p in kept} == {
        arxiv_id for arxiv_id, score in scores.items() if score < median
    }
    # A second run over the same papers scores the same, so it keeps the same papers.
    assert _scores(list(reversed(pool)), SEEDS) == scores
    assert _kept(pool, _scores(pool, SEEDS), median) == kept


def test_a_minimum_of_0_keeps_every_paper_and_above_1_none() -> None:
    pool = _pool()
    scores = _scores(pool, SEEDS)
    assert len(_kept(pool, scores, 0.0)) == len(pool)
    assert _kept(pool, scores, 1.01) == []


def test_no_paper_gives_no_score_and_seeds_without_terms_score_0() -> None:
    assert _scores([], SEEDS) == {}
    assert set(_scores(_pool(), Seeds(interests=("The of and.",))).values()) == {0.0}


def test_relevance_without_seeds_or_interests_is_a_config_problem() -> None:
    with pytest.raises(ConfigError, match=r"seed-papers .* seed-bibtex .* interests") as raised:
        Seeds.build(papers=[], interests="  \n ")
    assert isinstance(raised.value, ConfigError)


def test_a_seed_without_terms_leaves_the_scores_as_they_were() -> None:
    with_empty = Seeds(SEEDS.papers, interests=("The of and.",))
    assert _scores(_pool(), with_empty) == _scores(_pool(), SEEDS)


def test_interests_are_one_seed_per_sentence() -> None:
    text = (
        "Time series forecasting, e.g. of sales. Anomaly detection?\n"
        "Graph neural networks for molecules\n42."
    )
    assert interest_sentences(text) == (
        "Time series forecasting, e.g. of sales.",
        "Anomaly detection?",
        "Graph neural networks for molecules",
    )
    seeds = Seeds.build([SeedText("A title")], text)
    assert len(seeds.texts) == 4
    assert seeds.texts[1] == SeedText("", "Time series forecasting, e.g. of sales.")


def test_a_seed_paper_is_its_title_and_abstract() -> None:
    seed = SeedText.of_paper(paper(title="Graph neural networks", abstract="Message passing."))
    assert seed == SeedText("Graph neural networks", "Message passing.")


def test_the_typical_paper_of_the_pool_scores_0_1_whatever_the_seeds() -> None:
    """The calibration's lower anchor: the median paper (an odd pool) maps to 1 / (1 + 9)."""
    pool = _pool()[:7]
    for seeds in (SEEDS, Seeds(interests=("Graph neural networks and message passing.",))):
        assert statistics.median(_scores(pool, seeds).values()) == 0.1
