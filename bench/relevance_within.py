"""The within-topic relevance cases and the two baselines they are measured against.

A case is seeds and candidates, real arXiv papers of 2025 (bench/data/relevance/within/SOURCE.md):
"field" cases ask which papers naming one keyword are of the seeds' primary category, "author"
cases which papers of a category are the seeds' author's. Each is scored through the public
``score_papers`` and through two baselines:

- TF-IDF cosine to the seeds' centroid (scikit-learn's vectoriser: word 1-2-grams, English stop
  words, sublinear tf, max_df 0.1, over the seeds and the candidates);
- arxiv-sanity-lite's per-user SVM (karpathy/arxiv-sanity-lite, compute.py and serve.py): the same
  features as its compute.py builds them, LinearSVC(C=0.01, class_weight="balanced"), the seeds
  positive and every candidate negative, candidates ranked by the decision function.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bench.relevance_eval import roc_auc
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import SeedText
from dailypapers.relevance.score import score_papers
from dailypapers.relevance.seeds import Seeds

CASES = Path(__file__).resolve().parent / "data" / "relevance" / "within" / "cases.json.gz"
KINDS = ("field", "author")

Ranker = Callable[[Sequence[Paper], Seeds], dict[str, float]]


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    seeds: Seeds
    candidates: tuple[Paper, ...]
    relevant: frozenset[str]

    def auc(self, ranker: Ranker) -> float:
        scores = ranker(self.candidates, self.seeds)
        ids = [paper.arxiv_id for paper in self.candidates]
        return roc_auc(
            [scores[i] for i in ids if i in self.relevant],
            [scores[i] for i in ids if i not in self.relevant],
        )


def _paper(record: dict[str, str]) -> Paper:
    day = date.fromisoformat(record["date"])
    return Paper(record["id"], 1, record["title"], record["abstract"], "", day, day)


def read_cases(path: Path) -> list[Case]:
    """The cases of a gzip'd JSON list in the format of the SOURCE.md beside the data."""
    return [
        Case(
            record["task"],
            record["name"],
            Seeds(tuple(SeedText(s["title"], s["abstract"]) for s in record["seeds"])),
            tuple(_paper(c) for c in record["candidates"]),
            frozenset(record["relevant"]),
        )
        for record in json.loads(gzip.decompress(path.read_bytes()))
    ]


@cache
def dev_cases() -> tuple[Case, ...]:
    return tuple(read_cases(CASES))


def relevance(papers: Sequence[Paper], seeds: Seeds) -> dict[str, float]:
    return {arxiv_id: r.score for arxiv_id, r in score_papers(papers, seeds).items()}


def _features(papers: Sequence[Paper], seeds: Seeds) -> tuple[object, int]:
    """arxiv-sanity-lite's compute.py TF-IDF over the seeds, then the candidates."""
    texts = [f"{s.title} {s.abstract}" for s in seeds.texts]
    texts += [f"{p.title} {p.abstract}" for p in papers]
    vectoriser = TfidfVectorizer(
        input="content",
        encoding="utf-8",
        decode_error="replace",
        strip_accents="unicode",
        lowercase=True,
        analyzer="word",
        stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
        ngram_range=(1, 2),
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=True,
        max_df=0.1,
        min_df=1,
    )
    return vectoriser.fit_transform(texts), len(seeds.texts)


def tfidf_centroid(papers: Sequence[Paper], seeds: Seeds) -> dict[str, float]:
    """Cosine-like: each candidate's dot product with the mean of the seeds' vectors."""
    matrix, count = _features(papers, seeds)
    centroid = numpy.asarray(matrix[:count].mean(axis=0)).ravel()  # type: ignore[index]
    scores = matrix[count:] @ centroid  # type: ignore[index]
    return {paper.arxiv_id: float(s) for paper, s in zip(papers, scores, strict=True)}


def sanity_svm(papers: Sequence[Paper], seeds: Seeds) -> dict[str, float]:
    """serve.py's per-tag SVM: the seeds positive, every other paper negative."""
    matrix, count = _features(papers, seeds)
    labels = numpy.zeros(count + len(papers))
    labels[:count] = 1
    svm = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.01)
    svm.fit(matrix, labels)
    scores = svm.decision_function(matrix[count:])  # type: ignore[index]
    return {paper.arxiv_id: float(s) for paper, s in zip(papers, scores, strict=True)}


RANKERS: tuple[tuple[str, Ranker], ...] = (
    ("relevance", relevance),
    ("TF-IDF cosine", tfidf_centroid),
    ("arxiv-sanity SVM", sanity_svm),
)
