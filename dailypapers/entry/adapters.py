"""What a run talks to, built from its settings: the README store, the arXiv client, the notifiers
its inputs ask for, and the TL;DR writer.

Each notifier is built only when its own settings are there (its input asks for it); adding a
notifier is adding its class, its settings and its line in :func:`_notifiers`, nothing in the run.
Apprise, which the notify input's URLs are sent through, is loaded only by runs that have URLs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from github.Repository import Repository

from dailypapers.arxiv.client import ArxivClient
from dailypapers.domain.interfaces import Notifier, TldrWriter
from dailypapers.domain.project import USER_AGENT
from dailypapers.domain.settings import (
    ActionSettings,
    ArxivSettings,
    GitHubSettings,
    NotifySettings,
    RunSettings,
    TldrSettings,
)
from dailypapers.entry.local_store import LocalReadmeStore
from dailypapers.github.api import connect
from dailypapers.github.issues import IssueNotifier
from dailypapers.github.store import GitHubReadmeStore
from dailypapers.run import Adapters
from dailypapers.tldr.client import TldrClient


def local_adapters(settings: RunSettings, readme: Path, log: Callable[[str], None]) -> Adapters:
    """What the local command's run talks to: the README file (and the files beside it), arXiv,
    the services of its Apprise URLs and the TL;DR writer; no issue, there is no repository to
    open one in."""
    return Adapters(
        store=LocalReadmeStore(readme, root=readme.parent),
        source=_arxiv_client(settings.arxiv, settings.user_agent),
        notifiers=_apprise_notifiers(settings.notify.urls),
        write_tldrs=_tldr_writer(settings.tldr, settings.user_agent),
        log=log,
    )


def action_adapters(settings: ActionSettings, log: Callable[[str], None]) -> Adapters:
    """What the action's run talks to: the README store and the notifiers on GitHub share one
    client."""
    github, agent = settings.github, settings.run.user_agent
    repository = connect(github.repository, github.token, github.api_url, user_agent=agent)
    return Adapters(
        store=GitHubReadmeStore(repository, github.repository, github.readme_path, github.branch),
        source=_arxiv_client(settings.run.arxiv, agent),
        notifiers=_notifiers(settings.run.notify, repository, settings.github),
        write_tldrs=_tldr_writer(settings.run.tldr, agent),
        log=log,
    )


def _notifiers(
    settings: NotifySettings, repository: Repository, github: GitHubSettings
) -> tuple[Notifier, ...]:
    """A notifier for each channel the settings ask for: the day's issue, then each Apprise
    URL's service."""
    notifiers: list[Notifier] = []
    if settings.issue is not None:
        notifiers.append(IssueNotifier(repository, github.repository, settings.issue.labels))
    return (*notifiers, *_apprise_notifiers(settings.urls))


def _apprise_notifiers(urls: tuple[str, ...]) -> tuple[Notifier, ...]:
    if not urls:
        return ()
    # Apprise takes a fifth of a second to load: only runs that notify through it load it.
    from dailypapers.notify.apprise import apprise_notifiers

    return apprise_notifiers(urls)


def notify_secrets(lines: str) -> tuple[str, ...]:
    """Each Apprise URL of ``lines`` (one a line) and the credentials in it: what no output may
    show, known before the URLs are checked."""
    urls = [line.strip() for line in lines.splitlines() if line.strip()]
    if not urls:
        return ()
    from dailypapers.notify.apprise import url_secrets

    return tuple(dict.fromkeys(secret for url in urls for secret in url_secrets(url)))


def _tldr_writer(settings: TldrSettings, agent: str) -> TldrWriter | None:
    return tldr_client(settings, agent=agent).write_tldrs if settings.model else None


def tldr_client(
    settings: TldrSettings,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    agent: str = USER_AGENT,
) -> TldrClient:
    """The client of the TL;DR settings' model, pacing itself on ``clock``, introducing itself
    as ``agent``."""
    return TldrClient(
        settings.model,
        settings.api_url,
        settings.api_key,
        language=settings.language,
        max_papers=settings.max_papers,
        batch_tokens=settings.batch_tokens,
        user_agent=agent,
        clock=clock,
        sleep=sleep,
    )


def _arxiv_client(settings: ArxivSettings, agent: str) -> ArxivClient:
    return ArxivClient(settings.api_url, request_interval=settings.request_interval, agent=agent)
