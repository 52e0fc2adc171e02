"""The consensus evidence of the relevance score: what the seeds share, weighed by its rarity.

Every term (word or two-word phrase, plurals folded, stop words and the boilerplate of abstracts
out: terms.without_boilerplate) of the seeds is weighted by how many
seeds share it and how rare it is among the papers being scored,

    weight = (r / R) ** 2 * log[(r + 0.5) / (R - r + 0.5) * (P - p + 0.5) / (p + 0.5)]

with R seeds, r of them holding the term, P papers scored, p of them holding it: the
Robertson-Sparck Jones relevance weight, times the chance that two seeds drawn at random both hold
the term. A paper's evidence is the BM25 sum of the weights of its terms (k1 = 1.2, b = 0.75). It
is what finds a keyword's papers among other keywords' (the seeds all name it); score.py adds it to
the evidences that find a person's or a category's papers within one keyword.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

# BM25: saturation of a term's count, and how much a paper's length normalises it.
K1 = 1.2
B = 0.75
# How much a term must be shared by the seeds: it is weighed by (r / R) ** 2.
CONSENSUS_POWER = 2.0


def _term_weights(
    held: Counter[str], seed_count: int, in_pool: Counter[str], pool_size: int
) -> dict[str, float]:
    """Each seed term's weight (the module's docstring has the formula); only positive ones."""
    weights = {}
    for term, count in held.items():
        if count <= 0:
            continue
        seed_odds = (count + 0.5) / (seed_count - count + 0.5)
        pool_odds = (in_pool[term] + 0.5) / (pool_size - in_pool[term] + 0.5)
        log_odds = math.log(seed_odds / pool_odds)
        if log_odds > 0:
            weights[term] = (count / seed_count) ** CONSENSUS_POWER * log_odds
    return weights


def _bm25(bag: Counter[str], weights: dict[str, float], average_length: float) -> float:
    length = sum(bag.values())
    norm = K1 * (1 - B + B * length / average_length) if average_length else K1
    return sum(
        weights[term] * count * (K1 + 1) / (count + norm)
        for term, count in bag.items()
        if term in weights
    )


def consensus_evidence(
    pool: Sequence[Counter[str]], seeds: Sequence[Counter[str]]
) -> tuple[list[float], list[float]]:
    """Each paper's evidence against all the seeds, and each seed's against the other seeds (its
    own, with one seed)."""
    held = Counter(term for bag in seeds for term in bag)
    in_pool: Counter[str] = Counter()
    for bag in pool:
        in_pool.update(bag.keys() & held.keys())
    average = sum(sum(bag.values()) for bag in pool) / len(pool)
    weights = _term_weights(held, len(seeds), in_pool, len(pool))
    papers = [_bm25(bag, weights, average) for bag in pool]
    if len(seeds) == 1:
        return papers, [_bm25(seeds[0], weights, average)]
    own = []
    for bag in seeds:
        # The other seeds hold each of this seed's terms once less; no other term counts here.
        others = Counter({term: held[term] - 1 for term in bag})
        own.append(_bm25(bag, _term_weights(others, len(seeds) - 1, in_pool, len(pool)), average))
    return papers, own
