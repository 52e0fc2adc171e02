"""What one README section tracks: its heading, its arXiv query, its filters, its cap and columns.

A keyword input is the simple case (the keyword is the heading and a phrase searched in titles and
abstracts); a config file can give each section a raw arXiv query and its own filters and columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dailypapers.config.query import AUTO, keyword_query
from dailypapers.paper import Paper, in_categories

DEFAULT_MAX_PAPERS = 100
TITLE, DATE, ABSTRACT, COMMENT, AUTHORS, CATEGORIES, PDF, CODE = (
    "Title", "Date", "Abstract", "Comment", "Authors", "Categories", "PDF", "Code",
)  # fmt: skip
# The columns READMEs of this format have always had, in their order.
DEFAULT_COLUMNS = (TITLE, DATE, ABSTRACT, COMMENT)
KNOWN_COLUMNS = (*DEFAULT_COLUMNS, AUTHORS, CATEGORIES, PDF, CODE)
# The section's filters, named as the config file's keys, in the order a paper meets them.
FILTERS = ("categories", "primary-only", "exclude-categories", "exclude-words")
CATEGORIES_FILTER, PRIMARY_ONLY_FILTER, EXCLUDE_CATEGORIES_FILTER, EXCLUDE_WORDS_FILTER = FILTERS


def heading_key(heading: str) -> str:
    """What two headings are compared by: they name the same section when their keys are equal."""
    return heading.casefold()


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

    @classmethod
    def from_keyword(
        cls,
        keyword: str,
        max_papers: int = DEFAULT_MAX_PAPERS,
        categories: tuple[str, ...] = (),
        match: str = AUTO,
        *,
        primary_only: bool = False,
        columns: tuple[str, ...] = DEFAULT_COLUMNS,
    ) -> Section:
        query = keyword_query(keyword, match)
        return cls(
            keyword, query, max_papers, categories, columns=columns, primary_only=primary_only
        )

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
        return None


def _primary(paper: Paper) -> tuple[str, ...]:
    # arXiv lists the primary category first; a record without one falls back to that.
    return (paper.primary_category or paper.categories[0],) if paper.categories else ()


@cache
def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words or phrases, ignoring case: "survey" drops "A Survey of", not "surveyed".
    alternatives = "|".join(r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def keyword_sections(
    keywords: Sequence[str],
    max_papers: int = DEFAULT_MAX_PAPERS,
    categories: tuple[str, ...] = (),
    match: str = AUTO,
    *,
    primary_only: bool = False,
    columns: tuple[str, ...] = DEFAULT_COLUMNS,
) -> tuple[Section, ...]:
    """The sections of the ``keywords`` input: one per keyword, sharing the cap, the categories,
    how the keyword is matched, whether only primary categories count, and the columns."""
    return tuple(
        Section.from_keyword(
            keyword, max_papers, categories, match, primary_only=primary_only, columns=columns
        )
        for keyword in keywords
    )
