"""The interfaces a run talks through, and the values they exchange, in one place.

The run pipeline (:mod:`dailypapers.run`) and the entry points know what they talk to only by
these protocols: where the README is stored, where papers come from, who writes TL;DRs, who is
told what is new, and where the report is shown. Each implementation lives in its layer (the
local file and GitHub stores, the arXiv client, the TL;DR client, the issue notifier, the
consoles); another paper source or notifier only has to fit its protocol here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from dailypapers.domain.paper import ArxivId, Paper


@dataclass(frozen=True, slots=True)
class StoredReadme:
    """A README's text and the revision it was read at (a blob sha, or a content digest)."""

    text: str
    revision: str


class ReadmeStore(Protocol):
    """Reads and writes one README, refusing a write based on a revision no longer current;
    fails with :class:`~dailypapers.domain.errors.StoreError`."""

    location: str

    def read(self) -> StoredReadme | None:
        """The README, or None when there is none yet."""

    def read_file(self, path: str) -> str | None:
        """Another file of the same place (a config file, a previous output), None if absent."""

    def changed_files(self, files: Mapping[str, str]) -> dict[str, str]:
        """Those of ``files`` (texts by path) that are not stored with the same text."""

    def write(
        self,
        text: str,
        base: StoredReadme | None,
        message: str,
        extra_files: Mapping[str, str | None] | None = None,
    ) -> str | None:
        """Store ``text`` over ``base``, and the ``extra_files`` (texts by path; None deletes
        the file) with it, in one commit where there are commits; the commit sha where there
        is one."""


@dataclass(frozen=True, slots=True)
class Found:
    """A search's papers, most recently updated first, and what was odd about the source's
    answer; ``ordered`` is False when the order is not the source's own (it did not sort its
    answer)."""

    papers: list[Paper]
    notes: tuple[str, ...] = ()
    ordered: bool = True


class PaperSource(Protocol):
    """Anything that answers a section's query with papers, such as
    :class:`dailypapers.arxiv.client.ArxivClient`.

    A search that fails raises :class:`SourceUnavailable` when the source is
    in a passing state (worth another turn later in the run), else
    :class:`~dailypapers.domain.errors.SourceError`.
    """

    def search(self, query: str, max_results: int) -> Found: ...

    def papers_by_id(self, ids: Sequence[ArxivId]) -> list[Paper]:
        """The papers of ``ids`` (the version asked, else the newest), in one request; an id
        the source does not know is left out. Fails as :meth:`search` does."""


@dataclass(frozen=True, slots=True)
class Tldrs:
    """The TL;DRs written, by arXiv id, and why some papers got none; with them, when asked, the
    model's relevance ratings (0 to 1, rounded as the lexical score is), by arXiv id."""

    by_id: dict[str, str]
    problems: tuple[str, ...] = ()
    ratings: dict[str, float] = field(default_factory=dict)

    def on(self, paper: Paper) -> Paper:
        """The paper with its TL;DR from here (none when it has none here) and, when it has a
        relevance score and the model rated it, the model's rating as its relevance."""
        rating = self.ratings.get(paper.arxiv_id) if paper.relevance is not None else None
        return replace(
            paper,
            tldr=self.by_id.get(paper.arxiv_id, ""),
            relevance=paper.relevance if rating is None else rating,
            relevance_why=paper.relevance_why if rating is None else "",
        )


NO_TLDRS = Tldrs({})


class TldrWriter(Protocol):
    """Writes a one-sentence TL;DR of each paper, such as
    :meth:`dailypapers.tldr.client.TldrClient.write_tldrs`, and with ``interests`` (lines: the
    owner's interests and seed titles) rates each paper's relevance in the same requests; a
    failure costs only the TL;DRs of the papers concerned, each with a problem to report."""

    def __call__(self, papers: Sequence[Paper], interests: str = "") -> Tldrs: ...


@dataclass(frozen=True, slots=True)
class Digest:
    """What is new in a run: a title (which carries the day), the Markdown body GitHub shows,
    and the papers themselves, by section (each heading with its new papers), with the README
    that lists them all, for notifiers that write a format of their own."""

    title: str
    body: str
    sections: tuple[tuple[str, tuple[Paper, ...]], ...] = ()
    readme_url: str = ""


# The channel of the day's GitHub issue, which the action's `issue-url` output reports.
ISSUE_CHANNEL = "issue"


class Notifier(Protocol):
    """One way of telling people what is new, such as the day's GitHub issue or a service
    Apprise sends to; fails with :class:`NotifyError`, which costs only this
    notifier."""

    # What the log, the job summary and the report call the notifier, such as "issue" or
    # "E-Mail": never an address that holds a credential.
    channel: str

    def notify(self, digest: Digest, today: date) -> str:
        """Delivers the digest of ``today``; where it was delivered (a URL, empty when the
        channel has none)."""

    def preview(self, digest: Digest) -> str:
        """What :meth:`notify` would send, in a sentence, sending nothing: a dry run's account
        (the messages and their sizes, never an address)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed run as presented: a title, each problem with the file and line it is on, and the
    sentence that heads the job summary."""

    title: str
    problems: tuple[tuple[str, str | None, int | None], ...]
    summary: str


class Console(Protocol):
    """Where a run's progress, report and failures are shown: the terminal, or the runner's
    workflow commands and files."""

    def log(self, message: str) -> None: ...

    def section(self, heading: str, lines: list[str]) -> None: ...

    def warning(self, message: str, title: str) -> None: ...

    def error(self, message: str, title: str) -> None: ...

    def outcome(self, line: str, committed: bool) -> None: ...

    def fail(self, failure: Failure) -> None: ...

    def finish(self, outputs: dict[str, str], summary: str) -> None: ...
