"""Relevance figures: ROC AUC on real DailyArXiv days against a plain TF-IDF cosine, the choices
behind the method, and the time to score 2,000 papers against 50 seeds.

`make bench-relevance` runs it all (about a minute). It prints tables; it asserts nothing.
bench/relevance_eval.py defines the cases; bench/data/relevance/SOURCE.md the data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from bench.relevance_eval import (
    ALL_DAYS,
    HELD_OUT_SEED_DAYS,
    HELD_OUT_TARGET_DAYS,
    SECTIONS,
    TUNING_SEED_DAYS,
    TUNING_TARGET_DAYS,
    Scorer,
    case_auc,
    load_day,
    pairs,
    roc_auc,
    seed_draw,
    seeds_of,
    tfidf_cosine,
)
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.score import DEFAULT_WEIGHTING, Weighting, score_papers, strongest_terms
from dailypapers.relevance.seeds import Seeds
from dailypapers.relevance.terms import FUNCTION_WORDS, stem

SEED_COUNT = 8
# One sentence per section, as a user might write their interests.
INTERESTS = {
    "Time Series": "Forecasting and anomaly detection for time series.",
    "Trajectory": "Trajectory prediction and motion planning for vehicles and robots.",
    "Graph Neural Networks": "Graph neural networks and message passing on graphs.",
}
Cases = list[tuple[str, str]]


def weighted(weighting: Weighting) -> Scorer:
    return lambda papers, seeds: score_papers(papers, seeds, weighting)


RELEVANCE = weighted(DEFAULT_WEIGHTING)


def nearest_seed(papers: Sequence[Paper], seeds: Seeds) -> dict[str, float]:
    """The method with one seed at a time, each paper keeping its best score: max over seeds."""
    each = [score_papers(papers, Seeds((seed,))) for seed in seeds.papers]
    return {paper.arxiv_id: max(s[paper.arxiv_id] for s in each) for paper in papers}


def _aucs(
    scorer: Scorer, cases: Cases, draws: int, size: int = SEED_COUNT
) -> dict[str, list[float]]:
    """Each section's AUCs, one per (pair, seed draw)."""
    return {
        section: [
            case_auc(scorer, target, section, seed_draw(seed_day, section, draw, size))
            for seed_day, target in cases
            for draw in range(draws)
        ]
        for section in SECTIONS
    }


def _summary(aucs: dict[str, list[float]]) -> str:
    every = [auc for values in aucs.values() for auc in values]
    cells = [f"{statistics.mean(v):.3f} / {min(v):.3f}" for v in aucs.values()]
    return " | ".join([*cells, f"{statistics.mean(every):.3f} / {min(every):.3f}"])


def _header(first: str) -> None:
    names = " | ".join(f"{s} mean / min" for s in SECTIONS)
    print(f"| {first} | {names} | all mean / min |")
    print("| --- " * (len(SECTIONS) + 2) + "|")


def print_pairs(title: str, cases: Cases, draws: int) -> None:
    """Per pair and section: the method's and the baseline's mean AUC over the seed draws."""
    print(f"\n## {title}: {len(cases)} pairs x {len(SECTIONS)} sections x {draws} seed draws\n")
    print("| seed day -> target day | section | relevance mean (min) | TF-IDF cosine mean (min) |")
    print("| --- | --- | --- | --- |")
    totals: list[dict[str, list[float]]] = [{s: [] for s in SECTIONS} for _ in range(2)]
    for seed_day, target in cases:
        days = f"{load_day(seed_day).day} -> {load_day(target).day}"
        results = [_aucs(s, [(seed_day, target)], draws) for s in (RELEVANCE, tfidf_cosine)]
        for section in SECTIONS:
            cells = [f"{statistics.mean(r[section]):.3f} ({min(r[section]):.3f})" for r in results]
            print(f"| {days} | {section} | {cells[0]} | {cells[1]} |")
            for total, result in zip(totals, results, strict=True):
                total[section] += result[section]
    print()
    _header("method")
    print(f"| relevance | {_summary(totals[0])} |")
    print(f"| TF-IDF cosine | {_summary(totals[1])} |")


def _mixed_aucs(scorer: Scorer, cases: Cases, draws: int) -> list[float]:
    """Seeds of two sections (4 + 4); both sections' papers are the positives."""
    aucs = []
    for seed_day, target in cases:
        listed = load_day(target).single_section()
        for first, second in ((a, b) for i, a in enumerate(SECTIONS) for b in SECTIONS[i + 1 :]):
            for draw in range(draws):
                seeds = seed_draw(seed_day, first, draw, 4) + seed_draw(seed_day, second, draw, 4)
                scores = scorer([item.paper for item in listed], seeds_of(seeds))
                wanted = [
                    scores[i.paper.arxiv_id] for i in listed if i.sections[0] in (first, second)
                ]
                others = [
                    scores[i.paper.arxiv_id] for i in listed if i.sections[0] not in (first, second)
                ]
                aucs.append(roc_auc(wanted, others))
    return aucs


def print_choices(cases: Cases, draws: int) -> None:
    """The method with one choice changed at a time, on the tuning pairs."""
    variants: list[tuple[str, Scorer]] = [
        ("chosen (defaults)", RELEVANCE),
        (
            "no consensus factor (plain RSJ weights)",
            weighted(replace(DEFAULT_WEIGHTING, consensus_power=0)),
        ),
        (
            "consensus not squared (power 1)",
            weighted(replace(DEFAULT_WEIGHTING, consensus_power=1)),
        ),
        ("words only, no phrases", weighted(replace(DEFAULT_WEIGHTING, bigrams=False))),
        ("no stemming", weighted(replace(DEFAULT_WEIGHTING, stemming=False))),
        (
            "function words only as stop words",
            weighted(replace(DEFAULT_WEIGHTING, stop_words=FUNCTION_WORDS)),
        ),
        ("no stop words", weighted(replace(DEFAULT_WEIGHTING, stop_words=frozenset()))),
        ("abstract only (title weight 0)", weighted(replace(DEFAULT_WEIGHTING, title_weight=0))),
        ("title counted 3 times", weighted(replace(DEFAULT_WEIGHTING, title_weight=3))),
        ("BM25 k1 = 2.0", weighted(replace(DEFAULT_WEIGHTING, k1=2.0))),
        ("no length normalisation (b = 0)", weighted(replace(DEFAULT_WEIGHTING, b=0.0))),
        ("max over seeds, one seed at a time", nearest_seed),
        ("TF-IDF cosine (baseline)", tfidf_cosine),
    ]
    print(
        f"\n## Choices, one at a time, on the tuning pairs ({len(cases)} pairs x {draws} draws)\n"
    )
    _header("variant")
    for name, scorer in variants:
        print(f"| {name} | {_summary(_aucs(scorer, cases, draws))} |")


def _mean_min(values: list[float]) -> str:
    return f"{statistics.mean(values):.3f} / {min(values):.3f}"


def print_consensus(cases: Cases, draws: int) -> None:
    """The consensus power with fewer seeds and with seeds of two topics, on the tuning pairs."""
    print(f"\n## Consensus power, on the tuning pairs ({len(cases)} pairs x {draws} draws)\n")
    print("| consensus power | 8 seeds, mean / min | 3 seeds | 4 + 4 seeds of two sections |")
    print("| --- | --- | --- | --- |")
    for power in (0.0, 1.0, 2.0, 3.0):
        scorer = weighted(replace(DEFAULT_WEIGHTING, consensus_power=power))
        cells = [
            _mean_min([a for v in _aucs(scorer, cases, draws, size).values() for a in v])
            for size in (SEED_COUNT, 3)
        ]
        mixed = _mean_min(_mixed_aucs(scorer, cases, draws))
        print(f"| {power:g} | {cells[0]} | {cells[1]} | {mixed} |")


def _interest_aucs(scorer: Scorer, targets: Sequence[str]) -> dict[str, list[float]]:
    """No seed papers: one interest sentence per section."""
    aucs: dict[str, list[float]] = {section: [] for section in SECTIONS}
    for target in targets:
        listed = load_day(target).single_section()
        for section, sentence in INTERESTS.items():
            scores = scorer([item.paper for item in listed], Seeds.build(interests=sentence))
            wanted = [scores[i.paper.arxiv_id] for i in listed if i.sections == (section,)]
            others = [scores[i.paper.arxiv_id] for i in listed if i.sections != (section,)]
            aucs[section].append(roc_auc(wanted, others))
    return aucs


def print_robustness(cases: Cases, targets: Sequence[str], draws: int) -> None:
    print(f"\n## Other seeds, on the held-out pairs ({len(cases)} pairs x {draws} draws)\n")
    _header("seeds")
    for name, scorer in (("relevance", RELEVANCE), ("TF-IDF cosine", tfidf_cosine)):
        for size in (3, 20):
            aucs = _aucs(scorer, cases, draws, size)
            print(f"| {size} papers of the section, {name} | {_summary(aucs)} |")
        print(f"| one interest sentence, {name} | {_summary(_interest_aucs(scorer, targets))} |")
    print("\nTwo sections' seeds (4 + 4; both sections are the positives), mean / min AUC:")
    for name, scorer in (("relevance", RELEVANCE), ("TF-IDF cosine", tfidf_cosine)):
        print(f"- {name}: {_mean_min(_mixed_aucs(scorer, cases, draws))}")


def print_strongest_terms(seed_day: str, target: str) -> None:
    """What one draw of 8 seeds per section is taken to be about, on one target day."""
    papers = [item.paper for item in load_day(target).single_section()]
    print(f"\n## Strongest terms, seeds of {load_day(seed_day).day} on {load_day(target).day}\n")
    print("| seeded section | the 8 heaviest terms, weight |")
    print("| --- | --- |")
    for section in SECTIONS:
        seeds = seeds_of(seed_draw(seed_day, section, 0, SEED_COUNT))
        terms = ", ".join(
            f"{term} {weight:.2f}" for term, weight in strongest_terms(papers, seeds, 8)
        )
        print(f"| {section} | {terms} |")


def print_scale(cases: Cases, draws: int) -> None:
    """What the scores themselves are: the share of each kind of paper a min-relevance keeps."""
    wanted: list[float] = []
    others: list[float] = []
    for seed_day, target in cases:
        listed = load_day(target).single_section()
        for section, draw in ((s, d) for s in SECTIONS for d in range(draws)):
            seeds = seeds_of(seed_draw(seed_day, section, draw, SEED_COUNT))
            scores = RELEVANCE([item.paper for item in listed], seeds)
            for item in listed:
                (wanted if item.sections == (section,) else others).append(
                    scores[item.paper.arxiv_id]
                )
    print(f"\n## Score scale, on the held-out pairs ({len(cases)} pairs x {draws} draws)\n")
    print("| min-relevance | seeded section's papers kept | other papers kept |")
    print("| --- | --- | --- |")
    for minimum in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        kept = [sum(v >= minimum for v in values) / len(values) for values in (wanted, others)]
        print(f"| {minimum:g} | {kept[0]:.1%} | {kept[1]:.1%} |")


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def print_speed(paper_count: int, seed_count: int, repeats: int) -> None:
    """Real papers of the data set's days, and seeds drawn from them with a fixed RNG seed."""
    every = {item.paper.arxiv_id: item.paper for v in ALL_DAYS for item in load_day(v).listed}
    papers = [every[arxiv_id] for arxiv_id in sorted(every)][:paper_count]
    drawn = random.Random(0).sample(sorted(every), seed_count)
    seeds = Seeds(tuple(SeedText.of_paper(every[arxiv_id]) for arxiv_id in drawn))
    stem.cache_clear()
    cold = _timed(lambda: score_papers(papers, seeds))
    warm = [_timed(lambda: score_papers(papers, seeds)) for _ in range(repeats)]
    print(f"\n## Speed: {len(papers)} papers x {seed_count} seeds, score_papers end to end\n")
    print("| first call (stemming cache empty) s | later calls, median s | min s | max s |")
    print("| --- | --- | --- | --- |")
    print(f"| {cold:.3f} | {statistics.median(warm):.3f} | {min(warm):.3f} | {max(warm):.3f} |")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=5, help="seed draws per pair and section")
    parser.add_argument("--pairs", type=int, default=0, help="at most this many pairs (0: all)")
    parser.add_argument("--papers", type=int, default=2000, help="papers in the speed check")
    parser.add_argument("--seeds", type=int, default=50, help="seeds in the speed check")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls in the speed check")
    args = parser.parse_args(argv)
    limit = args.pairs or None
    held_out = pairs(HELD_OUT_SEED_DAYS, HELD_OUT_TARGET_DAYS)[:limit]
    tuning = pairs(TUNING_SEED_DAYS, TUNING_TARGET_DAYS)[:limit]
    print_pairs("Held-out pairs", held_out, args.draws)
    print_pairs("Tuning pairs", tuning, args.draws)
    print_choices(tuning, args.draws)
    print_consensus(tuning, args.draws)
    print_strongest_terms(*held_out[0])
    print_scale(held_out, args.draws)
    print_robustness(held_out, HELD_OUT_TARGET_DAYS[: len(held_out)], args.draws)
    print_speed(args.papers, args.seeds, args.repeats)


if __name__ == "__main__":
    main()
