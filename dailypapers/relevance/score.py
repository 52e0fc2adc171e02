"""Relevance scores: how close each paper of a run is to the seeds, from titles and abstracts,
offline, with no model and no key, and why each paper scores what it does.

Every text (the papers scored together, "the pool", and the seeds) becomes a TF-IDF vector of
its terms (terms.py): sublinear term counts ``1 + ln(count)`` times the smoothed inverse document
frequency ``ln((1 + N) / (1 + n)) + 1`` over the pool and the seeds, unit length. Four evidences
are then measured on each paper, and added once each is standardised over the pool:

- **profile** (Rocchio's relevance feedback): the dot product with the mean seed vector minus the
  mean pool vector. It is a linear model trained on the seeds against the pool, in closed form:
  the terms the seeds use more than the day's papers weigh, those the whole pool uses (the
  section's own keyword) weigh nothing.
- **nearest seed**: the cosine to each seed, standardised over the pool per seed (so that a seed
  with common words does not outrank one with rare words), the highest of them. A person works on
  several things; one seed is enough to bring a paper up.
- **consensus** (consensus.py): the terms all the seeds share, weighed by their rarity; what
  tells one keyword's papers from another's.
- **feedback** (pseudo-relevance feedback): the profile again, with the papers that the first
  three evidences place at least as close to the seeds as the typical seed (the papers that
  would score 0.5) counted as seeds. A category or a field is more than eight papers say: the
  pool's own papers of it widen the profile. Where few papers come that close (a person's), the
  feedback stays near the seeds' profile.

The score is calibrated against the seeds: each seed is scored too, as if it were a paper and
not a seed (left out of the profile, of its own nearest seed, of the consensus weights and of
the feedback's profile, as each paper taken as a seed is left out of its own). With
``m`` the median seed's summed evidence, ``p`` the median paper's and ``s`` the larger of
``m - p`` and the papers' standard deviation, ``u = (raw - p) / s`` and the score is
``1 / (1 + 9 ** (1 - u))``: 0.5 is as close to the seeds as the typical seed is to the others,
0.1 as close as the typical paper of the pool. Rounded to 3 places, it is the number shown and
compared with ``min-relevance``. The why of a score is the paper's three terms that add most to
its profile evidence, and its nearest seed.

A paper's score depends on the seeds and on the papers scored with it, never on their order.
docs/relevance.md has the measurements.
"""

from __future__ import annotations

import heapq
import math
import operator
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

from dailypapers.domain.paper import RELEVANCE_PLACES, Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.consensus import consensus_evidence
from dailypapers.relevance.seeds import Seeds
from dailypapers.relevance.terms import counted, without_boilerplate, words

# How many of a paper's terms explain its score.
WHY_TERMS = 3
# The score of a paper as close to the seeds as the typical paper of the pool: 1 / (1 + 9).
_POOL_ODDS = 9.0

Vector = dict[str, float]
# One evidence: its value for each paper, and for each seed scored as if it were a paper.
Evidence = tuple[list[float], list[float]]


@dataclass(frozen=True, slots=True)
class Relevance:
    """A paper's score, and what carried it: its terms that weigh most in the seeds' profile, and
    the seed it is nearest (its title, or the interest sentence)."""

    score: float
    terms: tuple[str, ...] = ()
    nearest_seed: str = ""

    @property
    def why(self) -> str:
        """One line for a reader: ``terms: a, b, c; nearest seed: "Title"``; empty when nothing
        carried the score."""
        parts = [f"terms: {', '.join(self.terms)}"] if self.terms else []
        parts += [f'nearest seed: "{self.nearest_seed}"'] if self.nearest_seed else []
        return "; ".join(parts)


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


def _words(title: str, abstract: str) -> list[str | None]:
    """Words and phrases unstemmed, only function words out: the boilerplate of abstracts and
    plurals are left to the IDF, which measured better on the within-topic cases."""
    return words(f"{title}.\n{abstract}")


def _vectors(bags: Sequence[Counter[str]]) -> list[Vector]:
    """TF-IDF vectors of unit length, the document frequencies counted over ``bags``; a term of
    one text only is left out once the length is taken, since it can meet no other text."""
    held: Counter[str] = Counter()
    for bag in bags:
        held.update(bag.keys())
    total = len(bags)
    idf = {term: math.log((1 + total) / (1 + count)) + 1 for term, count in held.items()}
    vectors = []
    for bag in bags:
        vector = {
            term: idf[term] if count == 1 else (1 + math.log(count)) * idf[term]
            for term, count in bag.items()
        }
        norm = math.hypot(*vector.values()) or 1.0
        vectors.append({t: value / norm for t, value in vector.items() if held[t] > 1})
    return vectors


def _dot(vector: Vector, other: Vector) -> float:
    return float(sum(map(operator.mul, vector.values(), map(other.get, vector, repeat(0.0)))))


def _mean(vectors: Sequence[Vector]) -> Vector:
    total: dict[str, float] = {}
    for vector in vectors:
        for term, value in vector.items():
            total[term] = total.get(term, 0.0) + value
    return {term: value / len(vectors) for term, value in total.items()}


def _spread(values: Sequence[float]) -> tuple[float, float]:
    """The mean and the standard deviation (1 when the values do not vary)."""
    mean = math.fsum(values) / len(values)
    deviation = math.sqrt(math.fsum((value - mean) ** 2 for value in values) / len(values))
    return mean, deviation or 1.0


def _profile_evidence(
    pool: list[Vector], positives: list[Vector], background: Vector
) -> tuple[Vector, list[float], list[float]]:
    """The profile of ``positives`` against ``background``, each paper's dot product with it, and
    each positive's dot product with the profile of the other positives (its own, with one)."""
    positive_mean = _mean(positives)
    profile = _profile(positive_mean, background)
    scores = [_dot(vector, profile) for vector in pool]
    count = len(positives)
    own = [_dot(positive, profile) for positive in positives]
    if count > 1:
        # Without the positive itself, the mean is (count * mean - positive) / (count - 1).
        own = [
            value - (_dot(positive, positive) - _dot(positive, positive_mean)) / (count - 1)
            for value, positive in zip(own, positives, strict=True)
        ]
    return profile, scores, own


def _profile(seed_mean: Vector, background: Vector) -> Vector:
    """The mean seed vector minus the mean pool vector, over every term of either."""
    profile = {t: v - background.get(t, 0.0) for t, v in seed_mean.items()}
    for term, value in background.items():
        profile.setdefault(term, -value)
    return profile


def score_papers(papers: Iterable[Paper], seeds: Seeds) -> dict[str, Relevance]:
    """Each paper's relevance to ``seeds`` (a score from 0 to 1, and why), by arXiv id; the same
    papers and seeds, in any order, give the same scores. Score every paper of a run in one
    call: the rarity of terms and the scale are measured among them."""
    pool_papers = _distinct(papers)
    texts = sorted(set(seeds.texts), key=lambda s: (s.title, s.abstract))
    seed_words = {text: _words(text.title, text.abstract) for text in texts}
    seed_texts = [text for text in texts if any(seed_words[text])]
    if not pool_papers or not seed_texts:
        return {paper.arxiv_id: Relevance(0.0) for paper in pool_papers}
    found = [_words(p.title, p.abstract) for p in pool_papers]
    found += [seed_words[text] for text in seed_texts]
    vectors = _vectors([counted(each) for each in found])
    pool, seed_vectors = vectors[: len(pool_papers)], vectors[len(pool_papers) :]
    background = _mean(pool)
    profile, profile_papers, profile_seeds = _profile_evidence(pool, seed_vectors, background)
    nearest, nearest_papers, nearest_seeds = _nearest_evidence(pool, seed_vectors)
    stemmed = [counted(without_boilerplate(each)) for each in found]
    evidences = [
        (profile_papers, profile_seeds),
        (nearest_papers, nearest_seeds),
        consensus_evidence(stemmed[: len(pool)], stemmed[len(pool) :]),
    ]
    evidences.append(_feedback_evidence(pool, seed_vectors, background, _summed(evidences)))
    scores = _calibrated(_summed(evidences))
    heaviest = [_heaviest(vector, profile) for vector in pool]
    return {
        paper.arxiv_id: Relevance(score, terms, _name(seed_texts[seed]))
        for paper, terms, score, seed in zip(pool_papers, heaviest, scores, nearest, strict=True)
    }


def _nearest_evidence(
    pool: list[Vector], seeds: list[Vector]
) -> tuple[list[int], list[float], list[float]]:
    """Each paper's nearest seed and its standardised cosine to it; each seed's to the nearest
    other seed (to itself, with one seed)."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for index, seed in enumerate(seeds):
        for term, value in seed.items():
            postings.setdefault(term, []).append((index, value))

    def cosines(vector: Vector) -> list[float]:
        row = [0.0] * len(seeds)
        for term, value in vector.items():
            for index, seed_value in postings.get(term, ()):
                row[index] += value * seed_value
        return row

    rows = [cosines(vector) for vector in pool]
    spreads = [_spread(column) for column in zip(*rows, strict=True)]

    def best(row: list[float], skip: int) -> tuple[float, int]:
        standard = [
            ((value - mean) / deviation, -index)
            for index, (value, (mean, deviation)) in enumerate(zip(row, spreads, strict=True))
            if index != skip
        ]
        value, index = max(standard)
        return value, -index

    nearest = [best(row, -1) for row in rows]
    skip = range(len(seeds)) if len(seeds) > 1 else [-1]
    own = [best(cosines(seed), index)[0] for seed, index in zip(seeds, skip, strict=True)]
    return [index for _, index in nearest], [value for value, _ in nearest], own


def _summed(evidences: list[Evidence]) -> Evidence:
    """The evidences (each a list for the papers and one for the seeds), each standardised over
    the papers, added."""
    raws = [0.0] * len(evidences[0][0])
    seed_raws = [0.0] * len(evidences[0][1])
    for papers, seeds in evidences:
        mean, deviation = _spread(papers)
        raws = [raw + (value - mean) / deviation for raw, value in zip(raws, papers, strict=True)]
        seed_raws = [
            raw + (value - mean) / deviation for raw, value in zip(seed_raws, seeds, strict=True)
        ]
    return raws, seed_raws


def _feedback_evidence(
    pool: list[Vector], seeds: list[Vector], background: Vector, summed: Evidence
) -> Evidence:
    """The profile evidence again, the papers that the other evidences place at least as close
    to the seeds as the typical seed (score 0.5) read as seeds too; each of them, as each seed,
    left out of its own profile."""
    raws, seed_raws = summed
    typical_seed = statistics.median(seed_raws)
    taken = [index for index, raw in enumerate(raws) if raw >= typical_seed]
    _, papers, own = _profile_evidence(pool, seeds + [pool[i] for i in taken], background)
    for index, value in zip(taken, own[len(seeds) :], strict=True):
        papers[index] = value
    return papers, own[: len(seeds)]


def _calibrated(summed: Evidence) -> list[float]:
    """The papers' scores from their summed evidence, placed on the seeds' scale (the module's
    docstring has the formula)."""
    raws, seed_raws = summed
    typical_paper = statistics.median(raws)
    typical_seed = statistics.median(seed_raws)
    # Seeds no closer to each other than the papers are get the papers' own spread as the scale.
    scale = max(typical_seed - typical_paper, _spread(raws)[1])
    return [round(_odds_score(1 - (raw - typical_paper) / scale), RELEVANCE_PLACES) for raw in raws]


def _heaviest(vector: Vector, profile: Vector) -> tuple[str, ...]:
    """The paper's terms that add most to its profile evidence, heaviest first (of equal shares,
    the later term in alphabetical order); ``profile`` holds every term of the pool."""
    weights = map(operator.mul, vector.values(), map(profile.__getitem__, vector))
    shares = zip(weights, vector, strict=True)
    return tuple(term for share, term in heapq.nlargest(WHY_TERMS, shares) if share > 0)


def _name(seed: SeedText) -> str:
    return seed.title or seed.abstract


def strongest_terms(
    papers: Iterable[Paper], seeds: Seeds, count: int = 10
) -> list[tuple[str, float]]:
    """The ``count`` terms that weigh most in the seeds' profile against ``papers``, heaviest
    first: what the seeds are taken to be about."""
    pool_papers = _distinct(papers)
    texts = [text for text in seeds.texts if any(_words(text.title, text.abstract))]
    found = [_words(p.title, p.abstract) for p in pool_papers]
    found += [_words(s.title, s.abstract) for s in texts]
    vectors = _vectors([counted(each) for each in found])
    pool, seed_vectors = vectors[: len(pool_papers)], vectors[len(pool_papers) :]
    if not seed_vectors:
        return []
    profile = _profile(_mean(seed_vectors), _mean(pool) if pool else {})
    ranked = sorted(profile.items(), key=lambda item: (-item[1], item[0]))
    return [(term, weight) for term, weight in ranked[:count] if weight > 0]


def _odds_score(distance: float) -> float:
    """The score ``distance`` scales from the typical seed (0) to the typical paper (1) gives:
    odds that fall by _POOL_ODDS for each unit (capped, so that no power overflows)."""
    return float(1 / (1 + _POOL_ODDS ** min(distance, 300.0)))
