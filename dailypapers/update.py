"""One run of the action: fetch every section, merge into the README, write it back if it changed.

The same engine serves the GitHub action and the local command; the store decides where the README
lives. A section whose fetch fails keeps its rows; a write refused because the README changed
meanwhile is retried on the new text, with the papers already fetched. The chosen outputs (feeds,
the papers file) are rebuilt from each merge and written with the README when their text changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from dailypapers.config import SearchSettings
from dailypapers.errors import ArxivError, PublishError, StaleReadmeError
from dailypapers.merge import MergeResult, SectionChange, merge_readme
from dailypapers.outputs import (
    NO_OUTPUTS,
    OutputSettings,
    build_outputs,
    check_feed_paths,
    known_papers,
)
from dailypapers.paper import Paper
from dailypapers.storage import ReadmeStore

# Each attempt re-reads and re-merges; more than a few conflicts in a row means something is wrong.
MAX_WRITE_ATTEMPTS = 4


class PaperSource(Protocol):
    """Anything that answers an arXiv query, such as :class:`dailypapers.arxiv.ArxivClient`."""

    def search(self, query: str, max_results: int) -> list[Paper]: ...


@dataclass(frozen=True, slots=True)
class KeywordFetch:
    """The papers found for one section, by its heading (None when the fetch failed), how many
    arXiv returned before the section's filters, and why the fetch failed."""

    keyword: str
    papers: tuple[Paper, ...] | None
    found: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run found and did."""

    location: str
    fetches: tuple[KeywordFetch, ...]
    merge: MergeResult
    committed: bool = False
    commit_sha: str | None = None
    # Files besides the README that were (or, in a dry run, would be) written.
    other_files: tuple[str, ...] = ()

    @property
    def new_papers(self) -> list[tuple[str, Paper]]:
        """Papers added or updated in this run, with their keyword."""
        return [
            (change.keyword, paper)
            for change in self.merge.changes
            for paper in (*change.added, *change.updated)
        ]

    @property
    def failures(self) -> list[KeywordFetch]:
        return [fetch for fetch in self.fetches if fetch.papers is None]


def fetch_keywords(
    source: PaperSource, settings: SearchSettings, log: Callable[[str], None]
) -> tuple[KeywordFetch, ...]:
    """One search per section; raises only when every search failed."""
    fetches: list[KeywordFetch] = []
    for topic in settings.topics:
        log(f"Searching arXiv for {topic.heading!r}: {topic.query}")
        try:
            papers = source.search(topic.query, topic.max_papers)
        except ArxivError as error:
            fetches.append(KeywordFetch(topic.heading, None, error=str(error)))
            continue
        kept = tuple(paper for paper in papers if topic.keeps(paper))
        fetches.append(KeywordFetch(topic.heading, kept, found=len(papers)))
    if all(fetch.papers is None for fetch in fetches):
        details = "; ".join(f"{fetch.keyword!r}: {fetch.error}" for fetch in fetches)
        raise ArxivError(f"every arXiv search failed, nothing was changed ({details})")
    return tuple(fetches)


def default_commit_message(
    changes: tuple[SectionChange, ...], today: date, other_files: tuple[str, ...] = ()
) -> str:
    """Names how many papers each keyword gained, for example ``Diffusion +3``; without any, the
    files written."""
    parts = []
    for change in changes:
        part = f"{change.keyword} +{len(change.added)}"
        if change.updated:
            part += f" ({len(change.updated)} updated)"
        if change.columns_changed:
            part += " (columns changed)"
        parts.append(part)
    return f"Daily papers {today.isoformat()}: {', '.join(parts or other_files)}"


def run_update(
    store: ReadmeStore,
    source: PaperSource,
    settings: SearchSettings,
    *,
    today: date,
    dry_run: bool = False,
    commit_message: str | None = None,
    outputs: OutputSettings = NO_OUTPUTS,
    log: Callable[[str], None] = lambda message: None,
) -> RunReport:
    """Fetch, merge and (unless ``dry_run`` or nothing changed) write the README, and the
    outputs chosen, in one commit."""
    check_feed_paths(settings.topics, outputs.feeds_dir)
    fetches = fetch_keywords(source, settings, log)
    fetched = {fetch.keyword: fetch.papers for fetch in fetches if fetch.papers is not None}
    known = {}
    if outputs.enabled:
        previous = store.read_file(outputs.papers_file) if outputs.papers_file else None
        known = known_papers(previous, (paper for papers in fetched.values() for paper in papers))
    for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
        stored = store.read()
        merged = merge_readme(stored.text if stored else None, fetched, settings.topics, today)
        others = (
            store.changed_files(build_outputs(merged.text, settings.topics, known, outputs))
            if outputs.enabled
            else {}
        )
        report = RunReport(store.location, fetches, merged, other_files=tuple(sorted(others)))
        if not (merged.changed or others) or dry_run:
            return report
        message = commit_message or default_commit_message(
            merged.changes, today, report.other_files
        )
        try:
            sha = store.write(merged.text, stored, message, others)
        except StaleReadmeError as conflict:
            log(f"Attempt {attempt}: {conflict}; reading it again")
            continue
        return replace(report, committed=True, commit_sha=sha)
    raise PublishError(
        f"{store.location} changed under every one of {MAX_WRITE_ATTEMPTS} attempts to update it; "
        "nothing was written, the next run will try again"
    )
