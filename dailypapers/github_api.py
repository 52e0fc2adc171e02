"""The run's one PyGithub client, and what GitHub's answers mean, in words a user can act on.

The README store and the issue notifier share the client, so that PyGithub's pacing between calls
holds across both. Its retry repeats what is safe to repeat: reads, and the contents API's PUT,
which names the blob it replaces; never a POST, since a repeated POST can open a second issue (the
notifier looks for the day's issue before each of its own attempts instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import requests
from github import Auth, Github, GithubException, GithubRetry
from github.Repository import Repository
from urllib3.util.retry import Retry

from dailypapers import __version__
from dailypapers.errors import PublishError
from dailypapers.settings import GitHubSettings

# The messages GitHub's contents API answers a 404 with, where the 404 is not a missing file
# (recorded from GitHub: tests/fixtures/github/SOURCE.md).
EMPTY_REPOSITORY = "This repository is empty."
NO_COMMIT_FOR_REF = "No commit found for the ref"
USER_AGENT = f"daily-papers/{__version__}"


def default_retry(
    total: int = 5, backoff_factor: float = 1.0, secondary_rate_wait: float = 60.0
) -> Retry:
    """5xx and rate-limited 403 answers are retried with backoff, never waiting over 5 minutes;
    like urllib3 by default, and unlike PyGithub, POST and PATCH are not repeated."""
    return GithubRetry(
        total=total,
        backoff_factor=backoff_factor,
        secondary_rate_wait=secondary_rate_wait,
        max_rate_limit_wait=300,
        allowed_methods=Retry.DEFAULT_ALLOWED_METHODS,
    )


def connect(
    settings: GitHubSettings,
    *,
    retry: Retry | None = None,
    pace_requests: bool = True,
    timeout: int = 30,
) -> Repository:
    """The repository, through a PyGithub client that makes no call until one is needed."""
    client = Github(
        auth=Auth.Token(settings.token),
        base_url=settings.api_url,
        user_agent=USER_AGENT,
        timeout=timeout,
        retry=retry if retry is not None else default_retry(),
        # PyGithub's own pacing between calls; tests against a local emulator turn it off.
        seconds_between_requests=0.25 if pace_requests else None,
        seconds_between_writes=1.0 if pace_requests else None,
        # No call to fetch the repository itself: contents and commits need only its name.
        lazy=True,
    )
    return client.get_repo(settings.repository)


def error_message(error: GithubException) -> str:
    """GitHub's own message in an error answer, or what there is instead."""
    data = error.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return str(error.message or data or "")


def is_missing_ref(error: GithubException) -> bool:
    """Whether a 404 says that the branch (the ref) does not exist, rather than the file."""
    return error.status == 404 and error_message(error).startswith(NO_COMMIT_FOR_REF)


def is_empty_repository(error: GithubException) -> bool:
    return error.status == 404 and error_message(error) == EMPTY_REPOSITORY


@contextmanager
def retries_exhausted(doing: str) -> Iterator[None]:
    """Turns PyGithub's RetryError, raised when the retries ran out, into a PublishError."""
    try:
        yield
    except requests.exceptions.RetryError as error:
        raise PublishError(f"GitHub kept failing while {doing}: {error}") from error
