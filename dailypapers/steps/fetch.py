"""Fetching every section's papers from the paper source, and what the section's filters made
of them.

One search per section; a search that failed while the source was unavailable gets another turn
after the others; the run fails when every search failed, or at once when the source is down (not
answering at all), changing nothing. Each section records how many papers the source returned,
the newest update among them and how many each filter dropped, which is what a run says when a
day brings nothing new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dailypapers.domain.errors import SourceDown, SourceError, SourceUnavailable
from dailypapers.domain.interfaces import PaperSource
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import FILTERS, Section
from dailypapers.relevance.seeds import Seeds
from dailypapers.steps.relevance import scored


@dataclass(frozen=True, slots=True)
class SectionFetch:
    """The papers found for one section, by its heading (None when the fetch failed), how many
    the source returned before the section's filters, why the fetch failed (and whether it
    failed for a passing state of the source's), and what was odd about the source's answer."""

    heading: str
    papers: tuple[Paper, ...] | None
    found: int = 0
    error: str | None = None
    unavailable: bool = False
    notes: tuple[str, ...] = ()
    ordered: bool = True
    # How many papers each filter dropped, by its name (only filters that dropped any).
    dropped_by: tuple[tuple[str, int], ...] = ()
    # The newest update date among the papers the source returned, before the filters.
    newest: date | None = None


def fetch_sections(
    source: PaperSource,
    sections: Sequence[Section],
    log: Callable[[str], None],
    seeds: Mapping[str, Seeds] | None = None,
) -> tuple[SectionFetch, ...]:
    """One search per section, its answer scored against the section's ``seeds`` (by heading)
    where it has any, and another turn, after the others, for each search that failed while the
    source was unavailable; raises when every search failed, and lets :class:`SourceDown` end
    the fetch."""
    seeds = seeds or {}
    fetches = [_fetch(source, section, log, seeds.get(section.heading)) for section in sections]
    for index, section in enumerate(sections):
        if fetches[index].unavailable:
            log(f"Searching arXiv again for {section.heading!r}: {fetches[index].error}")
            fetches[index] = _fetch(source, section, log, seeds.get(section.heading))
    if all(fetch.papers is None for fetch in fetches):
        errors = list(dict.fromkeys(str(fetch.error) for fetch in fetches))
        details = (
            errors[0]
            if len(errors) == 1
            else "; ".join(f"{fetch.heading!r}: {fetch.error}" for fetch in fetches)
        )
        raise SourceError(f"every arXiv search failed, nothing was changed ({details})")
    return tuple(fetches)


def _fetch(
    source: PaperSource, section: Section, log: Callable[[str], None], seeds: Seeds | None
) -> SectionFetch:
    log(f"Searching arXiv for {section.heading!r}: {section.query}")
    try:
        found = source.search(section.query, section.max_papers)
    except SourceDown:
        raise
    except SourceUnavailable as error:
        another_turn = not error.gone
        return SectionFetch(section.heading, None, error=str(error), unavailable=another_turn)
    except SourceError as error:
        return SectionFetch(section.heading, None, error=str(error))
    papers = scored(found.papers, seeds)
    reasons = [section.dropped_by(paper) for paper in papers]
    counts = Counter(reason for reason in reasons if reason is not None)
    return SectionFetch(
        section.heading,
        tuple(paper for paper, reason in zip(papers, reasons, strict=True) if not reason),
        found=len(found.papers),
        notes=found.notes,
        ordered=found.ordered,
        dropped_by=tuple((name, counts[name]) for name in FILTERS if counts[name]),
        newest=max((paper.updated for paper in found.papers), default=None),
    )
