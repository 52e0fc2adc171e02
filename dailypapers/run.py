"""One run: fetch every section, merge into the README, write it back if it changed, announce.

The same pipeline serves the GitHub action and the local command; what it talks to (the README
store, the paper source, the announcer, the TL;DR writer) and the moment are passed in. A section
whose fetch fails keeps its rows; papers new to the README get their TL;DRs when asked; a write
refused because the README changed meanwhile is retried on the new text, with the papers already
fetched. The extra files chosen (feeds, the papers file) are rebuilt from each merge and written
with the README when their text changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from dailypapers.arxiv.schedule import silent_since
from dailypapers.config.file import parse_config_file
from dailypapers.config.settings import (
    NO_EXTRA_FILES,
    AnnouncementSettings,
    ExtraFileSettings,
    RunSettings,
    SearchSettings,
)
from dailypapers.entry.local_store import ReadmeStore, StoredReadme
from dailypapers.errors import (
    ConfigError,
    RetryableWriteError,
    StoreError,
)
from dailypapers.fetch import PaperSource, SectionFetch, fetch_sections
from dailypapers.notify.digest import Announced, Announcement, render_announcement
from dailypapers.outputs.extra_files import build_extra_files, check_feed_paths, known_papers
from dailypapers.paper import Paper
from dailypapers.readme.merge import MergeResult, SectionChange, merge_readme
from dailypapers.tldr.client import Tldrs

# Each attempt re-reads and re-merges; more than a few conflicts in a row means something is wrong.
MAX_WRITE_ATTEMPTS = 4


class Announcer(Protocol):
    """Anything that announces new papers, such as the GitHub issue notifier."""

    def announce(self, announcement: Announcement, today: date) -> Announced: ...


class Summarizer(Protocol):
    """Anything that writes TL;DRs of papers, such as
    :class:`dailypapers.tldr.client.TldrClient`."""

    def summarize(self, papers: Sequence[Paper]) -> Tldrs: ...


def _quiet(message: str) -> None:
    """A log that keeps everything to itself."""


@dataclass(frozen=True, slots=True)
class Adapters:
    """What a run talks to: where the README is, where papers come from, who announces them, and
    where progress is logged."""

    store: ReadmeStore
    source: PaperSource
    announcer: Announcer | None = None
    log: Callable[[str], None] = _quiet
    summarizer: Summarizer | None = None


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run found and did."""

    location: str
    fetches: tuple[SectionFetch, ...]
    merge: MergeResult
    dry_run: bool = False
    committed: bool = False
    commit_sha: str | None = None
    # Files besides the README that were (or, in a dry run, would be) written.
    extra_files: tuple[str, ...] = ()
    issue_url: str = ""
    # Why the new papers were not announced although the README was committed.
    announce_error: str | None = None
    # arXiv's last announcement, when it came before the README's previous update: nothing
    # can be new, by arXiv's schedule.
    arxiv_silent_since: datetime | None = None
    # Why some new papers got no TL;DR (their rows say "Show").
    tldr_problems: tuple[str, ...] = ()

    @property
    def new_papers(self) -> list[tuple[str, Paper]]:
        """Papers added or updated in this run, with the heading of their section."""
        return [
            (change.heading, paper)
            for change in self.merge.changes
            for paper in (*change.added, *change.updated)
        ]

    @property
    def failures(self) -> list[SectionFetch]:
        return [fetch for fetch in self.fetches if fetch.papers is None]


def run(settings: RunSettings, adapters: Adapters, now: datetime) -> RunReport:
    """Everything a run at ``now`` does: read the config file if there is one, fetch, merge,
    write the README and the extra files, and announce what is new."""
    # The run's day as the README's time zone counts days.
    today = now.astimezone(ZoneInfo(settings.time_zone)).date()
    search = _with_config_file(settings, adapters.store)
    report = update_readme(
        adapters.store,
        adapters.source,
        search,
        today=today,
        dry_run=settings.dry_run,
        commit_message=settings.commit_message,
        extra_files=settings.extra_files,
        announces=settings.announcement.open_issue,
        log=adapters.log,
        summarizer=adapters.summarizer,
    )
    previous = report.merge.previous_update
    if previous is not None and not report.new_papers:
        silent = silent_since(previous, now, settings.time_zone)
        report = replace(report, arxiv_silent_since=silent)
    if not report.committed or adapters.announcer is None:
        return report
    return _announce(report, settings.announcement, adapters.announcer, today)


def _with_config_file(settings: RunSettings, store: ReadmeStore) -> SearchSettings:
    """The search settings with the sections the config file, read from the store, defines."""
    config = settings.config_file
    if config is None:
        return settings.search
    text = store.read_file(config.path)
    if text is None:
        raise ConfigError(
            [f"the config file {config.path} does not exist; create it or fix the path"]
        )
    return replace(settings.search, sections=parse_config_file(text, config))


def _announce(
    report: RunReport, settings: AnnouncementSettings, announcer: Announcer, today: date
) -> RunReport:
    """The report with where its new papers were announced, when asked to and papers are new."""
    if not settings.open_issue:
        return report
    announcement = render_announcement(report.merge.changes, today, settings.readme_url)
    if announcement is None:
        return report
    try:
        announced = announcer.announce(announcement, today)
    except StoreError as error:
        return replace(report, announce_error=str(error))
    return replace(report, issue_url=announced.url)


def default_commit_message(
    changes: tuple[SectionChange, ...], today: date, extra_files: tuple[str, ...] = ()
) -> str:
    """Names how many papers each section that changed gained, for example ``Diffusion +3``;
    without any, the files written, else the date alone."""
    parts = []
    for change in changes:
        if not (change.papers_changed or change.columns_changed or change.created):
            continue
        part = f"{change.heading} +{len(change.added)}"
        if change.updated:
            part += f" ({len(change.updated)} updated)"
        if change.columns_changed:
            part += " (columns changed)"
        parts.append(part)
    what = ", ".join(parts or extra_files) or "Last update"
    return f"Daily papers {today.isoformat()}: {what}"


def update_readme(
    store: ReadmeStore,
    source: PaperSource,
    settings: SearchSettings,
    *,
    today: date,
    dry_run: bool = False,
    commit_message: str | None = None,
    extra_files: ExtraFileSettings = NO_EXTRA_FILES,
    announces: bool = False,
    log: Callable[[str], None] = _quiet,
    summarizer: Summarizer | None = None,
) -> RunReport:
    """Fetch, give new papers their TL;DRs (with a ``summarizer``), merge and (unless ``dry_run``
    or nothing changed) write the README and the extra files chosen, in one commit."""
    check_feed_paths(settings.sections, extra_files.feeds_dir)
    # The README first: a wrong token, repository or branch fails before any request to arXiv.
    stored = store.read()
    fetches = fetch_sections(source, settings, log)
    merge = partial(_merge, settings=settings, today=today, announces=announces)
    fetched = RunReport(store.location, fetches, MergeResult("", changed=False), dry_run)
    if summarizer is not None:
        fetched = _with_tldrs(fetched, merge(stored, fetches).changes, summarizer, log)
    known = _known_papers(store, extra_files, fetched.fetches) if extra_files.enabled else {}
    for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
        stored = stored if attempt == 1 else store.read()
        merged = merge(stored, fetched.fetches)
        files = _changed_extra_files(store, merged, settings, known, extra_files)
        report = replace(fetched, merge=merged, extra_files=tuple(sorted(files)))
        if not (merged.changed or files) or dry_run:
            return report
        message = commit_message or default_commit_message(
            merged.changes, today, report.extra_files
        )
        try:
            sha = store.write(merged.text, stored, message, files)
        except RetryableWriteError as refused:
            log(f"Attempt {attempt}: {refused}; reading it again")
            continue
        return replace(report, committed=True, commit_sha=sha)
    raise StoreError(
        f"{store.location} changed under every one of {MAX_WRITE_ATTEMPTS} attempts to update it; "
        "nothing was written, the next run will try again"
    )


def _with_tldrs(
    report: RunReport,
    changes: tuple[SectionChange, ...],
    summarizer: Summarizer,
    log: Callable[[str], None],
) -> RunReport:
    """The report's fetches with a TL;DR on each paper the merge would add or update (a paper
    in several sections is summarised once), and why some got none."""
    new = {
        paper.arxiv_id: paper for change in changes for paper in (*change.added, *change.updated)
    }
    if not new:
        return report
    log(f"Writing the TL;DRs of {len(new)} new papers")
    tldrs = summarizer.summarize(list(new.values()))
    summarized = tuple(
        replace(
            fetch,
            papers=tuple(
                replace(paper, tldr=tldrs.by_id.get(paper.arxiv_id, "")) for paper in fetch.papers
            ),
        )
        if fetch.papers is not None
        else fetch
        for fetch in report.fetches
    )
    return replace(report, fetches=summarized, tldr_problems=tldrs.problems)


def _changed_extra_files(
    store: ReadmeStore,
    merged: MergeResult,
    settings: SearchSettings,
    known: dict[str, Paper],
    extra_files: ExtraFileSettings,
) -> dict[str, str]:
    """The extra files built from the merged README whose text differs from the stored one."""
    if not extra_files.enabled:
        return {}
    return store.changed_files(
        build_extra_files(merged.text, settings.sections, known, extra_files)
    )


def _merge(
    stored: StoredReadme | None,
    fetches: tuple[SectionFetch, ...],
    settings: SearchSettings,
    today: date,
    announces: bool,
) -> MergeResult:
    return merge_readme(
        stored.text if stored else None,
        {fetch.heading: fetch.papers for fetch in fetches if fetch.papers is not None},
        settings.sections,
        today,
        announces=announces,
        unordered=[fetch.heading for fetch in fetches if not fetch.ordered],
    )


def _known_papers(
    store: ReadmeStore, extra_files: ExtraFileSettings, fetches: tuple[SectionFetch, ...]
) -> dict[str, Paper]:
    """The full records the extra files are built from: the papers file's, then this run's."""
    previous = store.read_file(extra_files.papers_file) if extra_files.papers_file else None
    return known_papers(previous, (paper for fetch in fetches for paper in fetch.papers or ()))
