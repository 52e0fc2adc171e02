"""The sections of the ``keywords`` input: each keyword is a heading and a phrase searched in
titles and abstracts; a config file gives each section a raw arXiv query instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from dailypapers.domain.arxiv import AUTO, keyword_query
from dailypapers.domain.section import DEFAULT_COLUMNS, DEFAULT_MAX_PAPERS, Section


def keyword_section(
    keyword: str,
    max_papers: int = DEFAULT_MAX_PAPERS,
    categories: tuple[str, ...] = (),
    match: str = AUTO,
    *,
    primary_only: bool = False,
    columns: tuple[str, ...] = DEFAULT_COLUMNS,
) -> Section:
    """The section of one keyword, searched as ``match`` says."""
    query = keyword_query(keyword, match)
    return Section(
        keyword, query, max_papers, categories, columns=columns, primary_only=primary_only
    )


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
        keyword_section(
            keyword, max_papers, categories, match, primary_only=primary_only, columns=columns
        )
        for keyword in keywords
    )
