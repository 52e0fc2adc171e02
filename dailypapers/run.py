"""One run: complete the settings, fetch every section, merge into the README, write it back if it
changed, and tell the notifiers what is new.

The same pipeline serves the GitHub action and the local command; what it talks to (the README
store, the paper source, the notifiers, the TL;DR writer) and the moment are passed in. The
settings are made complete first (the config file read through the store, every path checked),
then the README is read, so that a mistake or a wrong token fails before any request to the
source. A section whose fetch fails keeps its rows; the papers a merge gains get their TL;DRs
before their rows are rendered; a write refused because the README changed meanwhile is retried
on the new text, with the papers already fetched. The pages of older papers the README links are
read with it, and, with the extra files chosen (feeds, the papers file), rebuilt from each merge
and written with the README when their text changed. The site of every paper, when asked for, is
written last, from the same papers, into a folder that is not committed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dailypapers.arxiv.schedule import silent_since
from dailypapers.config.file import parse_config_file
from dailypapers.domain.errors import ConfigError, RetryableWriteError, StoreError
from dailypapers.domain.interfaces import (
    NO_TLDRS,
    Notifier,
    PaperSource,
    ReadmeStore,
    StoredReadme,
    Tldrs,
    TldrWriter,
)
from dailypapers.domain.pages import PageSettings
from dailypapers.domain.paper import Paper
from dailypapers.domain.section import Section
from dailypapers.domain.settings import ConfigFile, RunSettings
from dailypapers.notify.delivery import Notified, deliver
from dailypapers.notify.digest import render_digest
from dailypapers.outputs.commit_message import default_commit_message
from dailypapers.outputs.extra_files import build_extra_files, check_shared_files, known_papers
from dailypapers.readme.merge import (
    MergeOptions,
    MergeResult,
    Selection,
    render_merge,
    select_papers,
)
from dailypapers.readme.pages import StoredPages, linked_pages
from dailypapers.site.records import RunDay
from dailypapers.steps.fetch import SectionFetch, fetch_sections
from dailypapers.steps.relevance import read_seed_files, section_seeds
from dailypapers.steps.site import SiteWrite, write_site
from dailypapers.steps.tldr import check_rating_seeds, rating_interests, write_tldrs

# Each attempt re-reads and re-merges; more than a few conflicts in a row means something is wrong.
MAX_WRITE_ATTEMPTS = 4


def _quiet(message: str) -> None:
    """A log that keeps everything to itself."""


@dataclass(frozen=True, slots=True)
class Adapters:
    """What a run talks to: where the README is, where papers come from, who is told what is
    new, who writes TL;DRs (None: nobody), and where progress is logged."""

    store: ReadmeStore
    source: PaperSource
    notifiers: tuple[Notifier, ...] = ()
    write_tldrs: TldrWriter | None = None
    log: Callable[[str], None] = _quiet


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
    # What became of each notifier's delivery of the digest.
    notified: tuple[Notified, ...] = ()
    # arXiv's last announcement, when it came before the README's previous update: nothing
    # can be new, by arXiv's schedule.
    arxiv_silent_since: datetime | None = None
    # Why some new papers got no TL;DR (their rows say "Show").
    tldr_problems: tuple[str, ...] = ()
    # What writing the web page of every paper did, when the settings name a site folder.
    site: SiteWrite | None = None

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


@dataclass(frozen=True, slots=True)
class CompleteSettings:
    """A run's settings made complete by its first step: its sections (the config file's, when
    the settings name one), checked, and its day in the settings' time zone."""

    settings: RunSettings
    sections: tuple[Section, ...]
    today: date


def run(settings: RunSettings, adapters: Adapters, now: datetime) -> RunReport:
    """Everything a run at ``now`` does: complete the settings, read the README, fetch, write the
    TL;DRs of the papers gained, merge, write the README and the extra files, write the site,
    and notify; what it found and did, told once at the end."""
    complete = complete_settings(settings, adapters.store, now)
    # The README first: a wrong token, repository or branch fails before any request to arXiv.
    stored, pages = read_readme(adapters.store, settings.pages)
    seeds = section_seeds(adapters.source, complete.sections, adapters.log)
    fetches = fetch_sections(adapters.source, complete.sections, adapters.log, seeds)
    selection = _select(complete, stored, pages, fetches)
    tldrs = NO_TLDRS
    if adapters.write_tldrs is not None:
        interests = rating_interests(settings.tldr, seeds)
        tldrs = write_tldrs(selection, adapters.write_tldrs, adapters.log, interests)
    known = _known_papers(adapters.store, settings, fetches, tldrs)
    written = _write(complete, adapters, Merging(stored, selection, fetches, tldrs), known)
    gained = sum(len(c.added) + len(c.updated) for c in written.merge.changes)
    previous = written.merge.previous_update
    silent = None
    if previous is not None and not gained:
        silent = silent_since(previous, now, settings.time_zone)
    failed = tuple(fetch.heading for fetch in fetches if fetch.papers is None)
    day = RunDay(complete.today, gained, silent.date() if silent else None, failed)
    site = _site(complete, adapters, written.merge, known, day)
    return RunReport(
        adapters.store.location,
        fetches,
        written.merge,
        settings.dry_run,
        written.committed,
        written.commit_sha,
        written.extra_files,
        _notify(complete, adapters.notifiers, written),
        silent,
        tldrs.problems,
        site,
    )


def complete_settings(settings: RunSettings, store: ReadmeStore, now: datetime) -> CompleteSettings:
    """The run's first step: its sections (read from the config file through the store, when the
    settings name one), with every path they lead to checked, and its day."""
    sections = settings.sections
    if isinstance(sections, ConfigFile):
        sections = _config_file_sections(sections, store)
    sections = read_seed_files(sections, store)
    check_rating_seeds(settings.tldr, sections)
    check_shared_files(sections, settings.extra_files.feeds_dir)
    # The run's day as the README's time zone counts days.
    today = now.astimezone(ZoneInfo(settings.time_zone)).date()
    return CompleteSettings(settings, sections, today)


def _config_file_sections(config: ConfigFile, store: ReadmeStore) -> tuple[Section, ...]:
    text = store.read_file(config.path)
    if text is None:
        raise ConfigError(
            [f"the config file {config.path} does not exist; create it or fix the path"]
        )
    return parse_config_file(text, config)


def read_readme(
    store: ReadmeStore, settings: PageSettings
) -> tuple[StoredReadme | None, StoredPages]:
    """The README, and the pages of older papers it links and those they list, as stored."""
    stored = store.read()
    texts: dict[str, str] = {}
    pending = linked_pages(settings.readme_path, stored.text) if stored else []
    while pending:
        path = pending.pop(0)
        text = store.read_file(path) if path not in texts else None
        if text is not None:
            texts[path] = text
            pending += linked_pages(path, text)
    return stored, StoredPages(settings, texts)


def _select(
    complete: CompleteSettings,
    stored: StoredReadme | None,
    pages: StoredPages,
    fetches: tuple[SectionFetch, ...],
) -> Selection:
    """What merging the fetched papers into the stored README and its pages does to each
    section."""
    unordered = [fetch.heading for fetch in fetches if not fetch.ordered]
    return select_papers(
        stored.text if stored else None,
        {fetch.heading: fetch.papers for fetch in fetches if fetch.papers is not None},
        complete.sections,
        complete.today,
        MergeOptions(unordered, complete.settings.notify.watchers_notified, pages),
    )


@dataclass(frozen=True, slots=True)
class Merging:
    """What a write merges: the README as read, the selection made on it, the fetches it was
    made from (a write made again selects anew from them), and the TL;DRs of the papers gained."""

    stored: StoredReadme | None
    selection: Selection
    fetches: tuple[SectionFetch, ...]
    tldrs: Tldrs


@dataclass(frozen=True, slots=True)
class Written:
    """What the write step did: the merge, whether it was committed (and as which commit), and
    the files besides the README that were (or, in a dry run, would be) written."""

    merge: MergeResult
    committed: bool = False
    commit_sha: str | None = None
    extra_files: tuple[str, ...] = ()


def _write(
    complete: CompleteSettings, adapters: Adapters, merging: Merging, known: dict[str, Paper]
) -> Written:
    """Renders the merge and (unless a dry run, or nothing changed) writes the README, its
    pages and the extra files chosen, in one commit; a write refused for a passing reason is
    tried again on the README (and its pages) read again, merged again."""
    store, settings = adapters.store, complete.settings
    stored, selection = merging.stored, merging.selection
    last_refusal = RetryableWriteError("")
    for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
        if attempt > 1:
            stored, pages = read_readme(store, settings.pages)
            selection = _select(complete, stored, pages, merging.fetches)
        merged = render_merge(selection, complete.today, merging.tldrs)
        files = _changed_files(complete, store, merged, known)
        extra = tuple(sorted(p if t is not None else f"{p} (deleted)" for p, t in files.items()))
        if not (merged.changed or files) or settings.dry_run:
            return Written(merged, extra_files=extra)
        message = settings.commit_message or default_commit_message(
            merged.changes, complete.today, extra
        )
        try:
            sha = store.write(merged.text, stored, message, files)
        except RetryableWriteError as refused:
            adapters.log(f"Attempt {attempt}: {refused}; reading it again")
            last_refusal = refused
            continue
        return Written(merged, True, sha, extra)
    raise StoreError(
        f"{store.location} could not be updated in {MAX_WRITE_ATTEMPTS} attempts (the last: "
        f"{last_refusal}); nothing was written, the next run will try again",
        status=last_refusal.status,
    )


def _known_papers(
    store: ReadmeStore, settings: RunSettings, fetches: tuple[SectionFetch, ...], tldrs: Tldrs
) -> dict[str, Paper]:
    """The full records the extra files and the site are built from: the papers file's, then
    this run's."""
    extra_files = settings.extra_files
    if not (extra_files.enabled or settings.site_dir):
        return {}
    previous = store.read_file(extra_files.papers_file) if extra_files.papers_file else None
    fetched = (tldrs.on(paper) for fetch in fetches for paper in fetch.papers or ())
    return known_papers(previous, fetched)


def _changed_files(
    complete: CompleteSettings, store: ReadmeStore, merged: MergeResult, known: dict[str, Paper]
) -> dict[str, str | None]:
    """The pages and the extra files built from the merge whose text differs from the stored
    one, and the pages no longer linked (None: deleted)."""
    extra_files = complete.settings.extra_files
    files = dict(merged.pages)
    if extra_files.enabled:
        files |= build_extra_files(
            merged.tables,
            complete.sections,
            known,
            feeds_dir=extra_files.feeds_dir,
            papers_file=extra_files.papers_file,
            feed_id_prefix=extra_files.feed_id_prefix,
            generator_uri=complete.settings.project_url,
        )
    changed: dict[str, str | None] = dict(store.changed_files(files))
    return changed | dict.fromkeys(merged.retired_pages)


def _site(
    complete: CompleteSettings,
    adapters: Adapters,
    merged: MergeResult,
    known: dict[str, Paper],
    day: RunDay,
) -> SiteWrite | None:
    """Writes the web page of every paper the merged README and its pages hold into the site
    folder, when the settings name one (not in a dry run, which writes nothing)."""
    site_dir = complete.settings.site_dir
    if site_dir is None or complete.settings.dry_run:
        return None
    return write_site(site_dir, merged.tables, known, day, adapters.log)


def _notify(
    complete: CompleteSettings, notifiers: tuple[Notifier, ...], written: Written
) -> tuple[Notified, ...]:
    """What became of each notifier's delivery of the digest, when papers are new and were
    committed; in a dry run, what each would have sent."""
    dry_run = complete.settings.dry_run
    if not (written.committed or dry_run) or not notifiers:
        return ()
    readme_url = complete.settings.notify.readme_url
    digest = render_digest(written.merge.changes, complete.today, readme_url)
    if digest is None:
        return ()
    return deliver(notifiers, digest, complete.today, dry_run)
