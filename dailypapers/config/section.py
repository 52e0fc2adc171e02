"""The sections of the ``keywords`` input: each keyword is a heading and a phrase searched in
titles and abstracts; a config file gives each section a raw arXiv query instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dailypapers.domain.arxiv import AUTO, keyword_query
from dailypapers.domain.section import DEFAULT_MAX_PAPERS, Section


def keyword_section(
    keyword: str,
    max_papers: int = DEFAULT_MAX_PAPERS,
    categories: tuple[str, ...] = (),
    match: str = AUTO,
    **options: Any,
) -> Section:
    """The section of one keyword, searched as ``match`` says; ``options`` are the section's
    other fields (columns, primary_only, seeds, min_relevance)."""
    return Section(keyword, keyword_query(keyword, match), max_papers, categories, **options)


def keyword_sections(keywords: Sequence[str], *shared: Any, **options: Any) -> tuple[Section, ...]:
    """One section per keyword, sharing the rest, given as :func:`keyword_section` takes it."""
    return tuple(keyword_section(keyword, *shared, **options) for keyword in keywords)
