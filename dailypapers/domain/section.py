"""What one README section tracks: its heading, its arXiv query, its filters, its cap, its columns
and the seeds its papers are scored against. Every part reads a section; config makes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dailypapers.domain.paper import ArxivId, Paper, in_categories

DEFAULT_MAX_PAPERS = 100
TITLE, DATE, ABSTRACT, COMMENT, AUTHORS, CATEGORIES, PDF, CODE, RELEVANCE = (
    "Title", "Date", "Abstract", "Comment", "Authors", "Categories", "PDF", "Code", "Relevance",
)  # fmt: skip
# The columns READMEs of this format have always had, in their order.
DEFAULT_COLUMNS = (TITLE, DATE, ABSTRACT, COMMENT)
KNOWN_COLUMNS = (*DEFAULT_COLUMNS, AUTHORS, CATEGORIES, PDF, CODE, RELEVANCE)
# The section's filters, named as the config file's keys, in the order a paper meets them.
FILTERS = ("categories", "primary-only", "exclude-categories", "exclude-words", "min-relevance")
(
    CATEGORIES_FILTER,
    PRIMARY_ONLY_FILTER,
    EXCLUDE_CATEGORIES_FILTER,
    EXCLUDE_WORDS_FILTER,
    MIN_RELEVANCE_FILTER,
) = FILTERS


def heading_key(heading: str) -> str:
    """What two headings are compared by: they name the same section when their keys are equal."""
    return heading.casefold()


def heading_slug(heading: str) -> str:
    """A section's file name (its feed, its page of older papers): its heading in lower case,
    words joined by dashes."""
    return "-".join(re.findall(r"\w+", heading_key(heading))) or "section"


def first_repeats(headings: Sequence[str]) -> list[tuple[int, int]]:
    """For each heading that repeats an earlier one, its index and the earlier one's."""
    first: dict[str, int] = {}
    repeats = []
    for index, heading in enumerate(headings):
        earlier = first.setdefault(heading_key(heading), index)
        if earlier != index:
            repeats.append((index, earlier))
    return repeats


@dataclass(frozen=True, slots=True)
class SeedText:
    """One seed paper's words: the title and the abstract (empty when the source has none)."""

    title: str
    abstract: str = ""

    @classmethod
    def of_paper(cls, paper: Paper) -> SeedText:
        """A seed from a paper arXiv returned for a ``seed-papers`` id."""
        return cls(paper.title, paper.abstract)


@dataclass(frozen=True, slots=True)
class SeedInputs:
    """What a section's papers are scored against, as given: seed arXiv ids, the path of a
    BibTeX file, interest sentences; and, once the run has read that file, its entries."""

    ids: tuple[ArxivId, ...] = ()
    bibtex: str = ""
    interests: str = ""
    bibtex_entries: tuple[SeedText, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.ids or self.bibtex or self.interests.strip())


NO_SEEDS = SeedInputs()


@dataclass(frozen=True, slots=True)
class Section:
    """One section: ``## heading`` over a table of the newest papers ``query`` finds."""

    heading: str
    query: str
    max_papers: int = DEFAULT_MAX_PAPERS
    categories: tuple[str, ...] = ()
    exclude_categories: tuple[str, ...] = ()
    exclude_words: tuple[str, ...] = ()
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    # Whether ``categories`` looks at the paper's primary category only, leaving cross-lists out.
    primary_only: bool = False
    # The seeds its papers are scored against (none: no scores), and the lowest score it keeps.
    seeds: SeedInputs = NO_SEEDS
    min_relevance: float | None = None

    def dropped_by(self, paper: Paper) -> str | None:
        """The first of :data:`FILTERS` that drops the paper, None when every filter keeps it."""
        if not in_categories(paper.categories, self.categories):
            return CATEGORIES_FILTER
        if self.primary_only and not in_categories(_primary(paper), self.categories):
            return PRIMARY_ONLY_FILTER
        if self.exclude_categories and in_categories(paper.categories, self.exclude_categories):
            return EXCLUDE_CATEGORIES_FILTER
        if self.exclude_words:
            excluded = _word_pattern(self.exclude_words)
            if excluded.search(paper.title) or excluded.search(paper.abstract):
                return EXCLUDE_WORDS_FILTER
        if self.min_relevance is not None and (paper.relevance or 0.0) < self.min_relevance:
            return MIN_RELEVANCE_FILTER
        return None

    def relevance_problem(self) -> str | None:
        """Why the section cannot have what it asks of relevance: a Relevance column or a
        min-relevance with no seeds to score against."""
        asked = [RELEVANCE] if RELEVANCE in self.columns else []
        asked += ["min-relevance"] if self.min_relevance is not None else []
        if not asked or self.seeds.given:
            return None
        return (
            f"{' and '.join(asked)} need seeds to score papers against: give seed-papers "
            "(arXiv ids), seed-bibtex (a BibTeX file) or interests (a few sentences)"
        )


def _primary(paper: Paper) -> tuple[str, ...]:
    # arXiv lists the primary category first; a record without one falls back to that.
    return (paper.primary_category or paper.categories[0],) if paper.categories else ()


@cache
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words or phrases, ignoring case: "survey" drops "A Survey of", not "surveyed".
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
