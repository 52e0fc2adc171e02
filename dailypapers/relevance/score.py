"""Relevance scores: how close each paper of a run is to the seeds, from titles and abstracts,
offline, with no model and no key.

The seeds are relevance feedback: every term (word or two-word phrase) of the seeds is weighted
by how many seeds share it and how rare it is among the papers being scored,

    weight = (r / R) ** 2 * log[(r + 0.5) / (R - r + 0.5) * (P - p + 0.5) / (p + 0.5)]

with R seeds, r of them holding the term, P papers scored, p of them holding it: the
Robertson-Sparck Jones relevance weight, times the chance that two seeds drawn at random both hold
the term. So a term of every seed that few papers hold, such as "time series" when a third of them
are about time series, outweighs the rare words of one seed, which are that seed's, not the
topic's. A paper's raw score is the BM25 sum of the weights of its terms (saturating in how often
a term occurs, normalised by the paper's length). The score shown is
``raw / (raw + median raw score of the seeds)``, rounded to 3 places: 0.5 means as close to the
seeds as the typical seed itself, and the number shown is the number compared with
``min-relevance``.

A paper's score depends on the seeds and on the papers scored with it (the rarity of terms and
the average length are theirs), never on their order. docs/relevance.md has the measurements.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dailypapers.domain.paper import RELEVANCE_PLACES, Paper
from dailypapers.relevance.seeds import Seeds
from dailypapers.relevance.terms import STOP_WORDS, term_counts

# Places the score is rounded to: the one shown, compared and filtered on.


@dataclass(frozen=True, slots=True)
class Weighting:
    """The method's settings; the defaults are the measured choice (bench/relevance.py)."""

    # BM25: saturation of a term's count, and how much a paper's length normalises it.
    k1: float = 1.2
    b: float = 0.75
    # How much a term must be shared by the seeds: 0 ignores it, 2 weighs it by (r / R) ** 2.
    consensus_power: float = 2.0
    # How many times the title's terms count (1: as often as they occur, like the abstract's).
    title_weight: int = 1
    bigrams: bool = True
    stemming: bool = True
    stop_words: frozenset[str] = STOP_WORDS


DEFAULT_WEIGHTING = Weighting()


@dataclass(frozen=True, slots=True)
class _Profile:
    """The seeds' term weights against one pool, and what a raw score is measured against."""

    weights: dict[str, float]
    average_length: float
    weighting: Weighting

    def raw_score(self, bag: Counter[str]) -> float:
        """The BM25 sum of the weights of the terms in ``bag``, in the bag's own term order."""
        k1, b = self.weighting.k1, self.weighting.b
        length = sum(bag.values())
        norm = k1 * (1 - b + b * length / self.average_length) if self.average_length else k1
        score = 0.0
        for term, count in bag.items():
            weight = self.weights.get(term)
            if weight is not None:
                score += weight * count * (k1 + 1) / (count + norm)
        return score


def _bag(title: str, abstract: str, weighting: Weighting) -> Counter[str]:
    def counts(text: str) -> Counter[str]:
        return term_counts(
            text,
            bigrams=weighting.bigrams,
            stemming=weighting.stemming,
            stop_words=weighting.stop_words,
        )

    bag = counts(abstract)
    if weighting.title_weight:
        for term, count in counts(title).items():
            bag[term] += count * weighting.title_weight
    return bag


def _term_weights(
    seed_bags: list[Counter[str]], pool_bags: list[Counter[str]], weighting: Weighting
) -> dict[str, float]:
    """Each seed term's weight (the module's docstring has the formula); only positive ones."""
    relevant, pool = len(seed_bags), len(pool_bags)
    in_seeds = Counter(term for bag in seed_bags for term in bag)
    in_pool: Counter[str] = Counter()
    for bag in pool_bags:
        in_pool.update(bag.keys() & in_seeds.keys())
    weights = {}
    for term, held in in_seeds.items():
        seed_odds = (held + 0.5) / (relevant - held + 0.5)
        pool_odds = (in_pool[term] + 0.5) / (pool - in_pool[term] + 0.5)
        log_odds = math.log(seed_odds / pool_odds)
        if log_odds > 0:
            weights[term] = (held / relevant) ** weighting.consensus_power * log_odds
    return weights


def _distinct(papers: Iterable[Paper]) -> list[Paper]:
    """One paper per id, whatever the order: of several records for one id, the newest version
    (then the greatest title and abstract, so that the choice never depends on order)."""
    chosen: dict[str, Paper] = {}
    for paper in papers:
        held = chosen.get(paper.arxiv_id)
        if held is None or _precedence(paper) > _precedence(held):
            chosen[paper.arxiv_id] = paper
    return [chosen[arxiv_id] for arxiv_id in sorted(chosen)]


def _precedence(paper: Paper) -> tuple[int, str, str]:
    return (paper.version, paper.title, paper.abstract)


def _profile(
    pool_bags: list[Counter[str]], seeds: Seeds, weighting: Weighting
) -> tuple[_Profile, list[Counter[str]]]:
    """The profile of ``seeds`` against the pool, and the bags of the seeds that have terms (one
    of stop words only is no evidence, and must not dilute the others' consensus)."""
    seed_bags = [_bag(seed.title, seed.abstract, weighting) for seed in seeds.texts]
    seed_bags = [bag for bag in seed_bags if bag]
    lengths = [sum(bag.values()) for bag in pool_bags]
    average = sum(lengths) / len(lengths) if lengths else 0.0
    weights = _term_weights(seed_bags, pool_bags, weighting)
    return _Profile(weights, average, weighting), seed_bags


def score_papers(
    papers: Iterable[Paper], seeds: Seeds, weighting: Weighting = DEFAULT_WEIGHTING
) -> dict[str, float]:
    """Each paper's relevance to ``seeds``, from 0 to 1, by arXiv id; the same papers and seeds,
    in any order, give the same scores. Score every paper of a run in one call: the rarity of
    terms is measured among them."""
    pool = _distinct(papers)
    pool_bags = [_bag(paper.title, paper.abstract, weighting) for paper in pool]
    profile, seed_bags = _profile(pool_bags, seeds, weighting)
    reference = statistics.median(profile.raw_score(bag) for bag in seed_bags) if seed_bags else 0
    scores = {}
    for paper, bag in zip(pool, pool_bags, strict=True):
        raw = profile.raw_score(bag)
        scores[paper.arxiv_id] = round(raw / (raw + reference), RELEVANCE_PLACES) if raw else 0.0
    return scores


def strongest_terms(
    papers: Iterable[Paper], seeds: Seeds, count: int = 10
) -> list[tuple[str, float]]:
    """The ``count`` terms that weigh most in the scores of ``papers``, heaviest first: what the
    seeds are taken to be about."""
    pool_bags = [
        _bag(paper.title, paper.abstract, DEFAULT_WEIGHTING) for paper in _distinct(papers)
    ]
    profile, _ = _profile(pool_bags, seeds, DEFAULT_WEIGHTING)
    ranked = sorted(profile.weights.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:count]
