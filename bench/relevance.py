"""Relevance figures: ROC AUC on real within-topic cases (field, author) against TF-IDF cosine and
arxiv-sanity-lite's SVM, on the keyword-section cases of DailyArXiv days, what a min-relevance
keeps, and the time to score 2,000 papers against 50 seeds.

`make bench-relevance` runs it all (a few minutes). It prints tables; it asserts nothing.
bench/relevance_within.py holds the within-topic cases and the baselines, bench/relevance_eval.py
the keyword-section cases; the SOURCE.md files under bench/data/relevance/ the data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence

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
    seed_draw,
    tfidf_cosine,
)
from bench.relevance_within import KINDS, RANKERS, Case, dev_cases, relevance
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.score import score_papers, strongest_terms
from dailypapers.relevance.seeds import Seeds

SEED_COUNT = 8
Cases = list[tuple[str, str]]


def _mean_min(values: Sequence[float]) -> str:
    return f"{statistics.mean(values):.3f} / {min(values):.3f}"


def print_within(cases: Sequence[Case]) -> None:
    """Per kind: each method's mean and minimum AUC, on all cases and on each half of them."""
    aucs = {name: [case.auc(ranker) for case in cases] for name, ranker in RANKERS}
    print(f"\n## Within-topic cases: {len(cases)} dev cases, mean / min AUC\n")
    print("| kind | cases | " + " | ".join(name for name, _ in RANKERS) + " |")
    print("| --- " * (len(RANKERS) + 2) + "|")
    halves = (
        ("all", lambda i: True),
        ("even", lambda i: i % 2 == 0),
        ("odd", lambda i: i % 2 == 1),
    )
    for kind in KINDS:
        indexes = [i for i, case in enumerate(cases) if case.kind == kind]
        for half, keep in halves:
            chosen = [i for n, i in enumerate(indexes) if keep(n)]
            if not chosen:
                continue
            cells = [_mean_min([aucs[name][i] for i in chosen]) for name, _ in RANKERS]
            print(f"| {kind} ({half}) | {len(chosen)} | " + " | ".join(cells) + " |")
    print("\nPer case:\n")
    print("| case | kind | relevant / candidates | " + " | ".join(n for n, _ in RANKERS) + " |")
    print("| --- " * (len(RANKERS) + 3) + "|")
    for i, case in enumerate(cases):
        cells = " | ".join(f"{aucs[name][i]:.3f}" for name, _ in RANKERS)
        size = f"{len(case.relevant)} / {len(case.candidates)}"
        print(f"| {case.name} | {case.kind} | {size} | {cells} |")


def print_scale(cases: Sequence[Case]) -> None:
    """What the scores themselves are: the share of each kind of paper a min-relevance keeps."""
    print(f"\n## Score scale: what a min-relevance keeps, {len(cases)} within-topic cases\n")
    print(
        "| min-relevance | "
        + " | ".join(f"{k}: relevant kept | {k}: others kept" for k in KINDS)
        + " |"
    )
    print("| --- " * (2 * len(KINDS) + 1) + "|")
    kept: dict[str, tuple[list[float], list[float]]] = {kind: ([], []) for kind in KINDS}
    for case in cases:
        scores = relevance(case.candidates, case.seeds)
        wanted, others = kept[case.kind]
        for arxiv_id, score in scores.items():
            (wanted if arxiv_id in case.relevant else others).append(score)
    for minimum in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        cells = [
            f"{sum(v >= minimum for v in values) / len(values):.1%}"
            for kind in KINDS
            for values in kept[kind]
            if values
        ]
        print(f"| {minimum:g} | " + " | ".join(cells) + " |")


def _aucs(scorer: Scorer, cases: Cases, draws: int) -> list[float]:
    return [
        case_auc(scorer, target, section, seed_draw(seed_day, section, draw, SEED_COUNT))
        for seed_day, target in cases
        for section in SECTIONS
        for draw in range(draws)
    ]


def print_sections(title: str, cases: Cases, draws: int) -> None:
    """The keyword-section cases: 8 seeds of one section, the later day's papers of each section."""
    print(f"\n## Keyword sections, {title}: {len(cases)} pairs x {len(SECTIONS)} sections")
    print(f"x {draws} seed draws, mean / min AUC\n")
    print("| method | mean / min |\n| --- | --- |")
    for name, scorer in (("relevance", relevance), ("TF-IDF cosine", tfidf_cosine)):
        print(f"| {name} | {_mean_min(_aucs(scorer, cases, draws))} |")


def print_why(case: Case, count: int) -> None:
    """What the seeds of one case are taken to be about, and why its top papers rank."""
    terms = ", ".join(f"{t} {w:.3f}" for t, w in strongest_terms(case.candidates, case.seeds, 8))
    print(f"\n## Why papers rank, case {case.name}\n\nThe seeds' heaviest terms: {terms}\n")
    scored = score_papers(case.candidates, case.seeds)
    ranked = sorted(case.candidates, key=lambda p: (-scored[p.arxiv_id].score, p.arxiv_id))
    print("| score | relevant | title | why |\n| --- | --- | --- | --- |")
    for paper in ranked[:count]:
        result = scored[paper.arxiv_id]
        mark = "yes" if paper.arxiv_id in case.relevant else ""
        print(f"| {result.score:.3f} | {mark} | {paper.title[:60]} | {result.why} |")


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def speed_inputs(paper_count: int, seed_count: int) -> tuple[list[Paper], Seeds]:
    """Real papers of the within-topic cases and the DailyArXiv days, and seeds drawn from them:
    what the speed of scoring is measured on, here and in the image (bench/container.py)."""
    every = {p.arxiv_id: p for case in dev_cases() for p in case.candidates}
    every |= {item.paper.arxiv_id: item.paper for v in ALL_DAYS for item in load_day(v).listed}
    papers = [every[arxiv_id] for arxiv_id in sorted(every)][:paper_count]
    drawn = random.Random(0).sample(sorted(every), seed_count)
    return papers, Seeds(tuple(SeedText.of_paper(every[arxiv_id]) for arxiv_id in drawn))


def print_speed(paper_count: int, seed_count: int, repeats: int) -> None:
    """score_papers end to end, ``repeats`` times."""
    papers, seeds = speed_inputs(paper_count, seed_count)
    timings = [_timed(lambda: score_papers(papers, seeds)) for _ in range(repeats)]
    print(f"\n## Speed: {len(papers)} papers x {seed_count} seeds, score_papers end to end\n")
    print("| calls | median s | min s | max s |\n| --- | --- | --- | --- |")
    print(
        f"| {repeats} | {statistics.median(timings):.3f} | {min(timings):.3f} "
        f"| {max(timings):.3f} |"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=0, help="at most this many per kind (0: all)")
    parser.add_argument("--draws", type=int, default=3, help="seed draws per pair and section")
    parser.add_argument("--pairs", type=int, default=0, help="at most this many pairs (0: all)")
    parser.add_argument("--papers", type=int, default=2000, help="papers in the speed check")
    parser.add_argument("--seeds", type=int, default=50, help="seeds in the speed check")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls in the speed check")
    args = parser.parse_args(argv)
    cases = [
        case
        for kind in KINDS
        for case in [c for c in dev_cases() if c.kind == kind][: args.cases or None]
    ]
    print_within(cases)
    print_scale(cases)
    limit = args.pairs or None
    print_sections(
        "held-out pairs", pairs(HELD_OUT_SEED_DAYS, HELD_OUT_TARGET_DAYS)[:limit], args.draws
    )
    print_sections("tuning pairs", pairs(TUNING_SEED_DAYS, TUNING_TARGET_DAYS)[:limit], args.draws)
    print_why(next(c for c in cases if c.kind == "author"), 5)
    print_speed(args.papers, args.seeds, args.repeats)


if __name__ == "__main__":
    main()
