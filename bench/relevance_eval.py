"""The relevance evaluation's parts: the DailyArXiv days in bench/data/relevance, seed draws, the
pairs of days, ROC AUC, and the plain TF-IDF cosine that the method is compared with.

A case: 8 papers of one section on an early day are the seeds; the papers of a day at least a
year later, each listed in one section only, are scored; the seeded section's papers should rank
first. The AUC is the chance that one of them scores above a paper of another section.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.seeds import Seeds

DATA = Path(__file__).resolve().parent / "data" / "relevance"
SECTIONS = ("Time Series", "Trajectory", "Graph Neural Networks")
# The method was tuned on the tuning pairs only; the held-out pairs share no day with them.
TUNING_SEED_DAYS, TUNING_TARGET_DAYS = ("0020", "0100"), ("0406", "0560")
HELD_OUT_SEED_DAYS = ("0060", "0130", "0160")
HELD_OUT_TARGET_DAYS = ("0335", "0453", "0501", "0600", "0633")
ALL_DAYS = (*TUNING_SEED_DAYS, *HELD_OUT_SEED_DAYS, *TUNING_TARGET_DAYS, *HELD_OUT_TARGET_DAYS)
MIN_DAYS_APART = 365

Scorer = Callable[[Sequence[Paper], Seeds], dict[str, float]]


@dataclass(frozen=True)
class Listed:
    """A paper of one day and the sections that list it."""

    paper: Paper
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Day:
    version: str
    day: date
    listed: tuple[Listed, ...]

    def in_section(self, section: str) -> list[Paper]:
        return [item.paper for item in self.listed if section in item.sections]

    def single_section(self) -> list[Listed]:
        """The papers listed in one section only: the target set."""
        return [item for item in self.listed if len(item.sections) == 1]


@cache
def load_day(version: str) -> Day:
    record = json.loads(gzip.decompress((DATA / f"{version}.json.gz").read_bytes()))
    day = date.fromisoformat(record["last_update"])
    listed = tuple(
        Listed(Paper(p["id"], 1, p["title"], p["abstract"], "", day, day), tuple(p["sections"]))
        for p in record["papers"]
    )
    return Day(version, day, listed)


def pairs(seed_days: Sequence[str], target_days: Sequence[str]) -> list[tuple[str, str]]:
    """Every (seed day, target day) at least a year apart."""
    return [
        (seed, target)
        for seed in seed_days
        for target in target_days
        if (load_day(target).day - load_day(seed).day).days >= MIN_DAYS_APART
    ]


def seed_draw(version: str, section: str, draw: int, size: int) -> list[Paper]:
    """``size`` papers of ``section`` on that day, drawn with a fixed RNG seed per draw."""
    listed = load_day(version).in_section(section)
    return random.Random(f"{version}/{section}/{draw}").sample(listed, size)


def seeds_of(papers: Sequence[Paper]) -> Seeds:
    return Seeds(tuple(SeedText.of_paper(paper) for paper in papers))


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """The chance that a positive scores above a negative, ties counting half (Mann-Whitney)."""
    ranked = sorted([(score, 1) for score in positives] + [(score, 0) for score in negatives])
    rank_sum, start = 0.0, 0
    while start < len(ranked):
        end = start
        while end < len(ranked) and ranked[end][0] == ranked[start][0]:
            end += 1
        rank_sum += (start + end + 1) / 2 * sum(label for _, label in ranked[start:end])
        start = end
    count = len(positives)
    return (rank_sum - count * (count + 1) / 2) / (count * len(negatives))


def case_auc(scorer: Scorer, target: str, section: str, seeds: Sequence[Paper]) -> float:
    """The AUC of one case: ``seeds`` against the target day's single-section papers."""
    listed = load_day(target).single_section()
    scores = scorer([item.paper for item in listed], seeds_of(seeds))
    positives = [scores[item.paper.arxiv_id] for item in listed if item.sections == (section,)]
    negatives = [scores[item.paper.arxiv_id] for item in listed if item.sections != (section,)]
    return roc_auc(positives, negatives)


_WORD = re.compile(r"\b\w\w+\b")


def _unit_tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {term: count * idf[term] for term, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / norm for term, value in vector.items()}


def tfidf_cosine(papers: Sequence[Paper], seeds: Seeds) -> dict[str, float]:
    """The baseline: plain TF-IDF (lower-case words, no stop words, no stemming, smoothed IDF
    over the papers and seeds, L2-normalised) and each paper's mean cosine to the seeds."""
    paper_counts = [Counter(_WORD.findall(f"{p.title} {p.abstract}".lower())) for p in papers]
    seed_counts = [Counter(_WORD.findall(f"{s.title} {s.abstract}".lower())) for s in seeds.texts]
    documents = paper_counts + seed_counts
    held = Counter(term for counts in documents for term in counts)
    idf = {term: math.log((1 + len(documents)) / (1 + n)) + 1 for term, n in held.items()}
    seed_vectors = [_unit_tfidf(counts, idf) for counts in seed_counts]
    scores = {}
    for paper, counts in zip(papers, paper_counts, strict=True):
        vector = _unit_tfidf(counts, idf)
        cosines = [sum(v * seed.get(t, 0.0) for t, v in vector.items()) for seed in seed_vectors]
        scores[paper.arxiv_id] = sum(cosines) / len(cosines)
    return scores
