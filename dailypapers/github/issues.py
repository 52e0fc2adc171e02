"""Opening the day's announcement issue on GitHub, or commenting on it when it exists already.

One issue a day at most: before opening one, the issues updated since the start of the day are
searched for today's title. Creating an issue is not idempotent and a retry of a POST whose answer
was lost would open a duplicate; so the run's client never repeats a POST (see
:mod:`dailypapers.github.api`): after a failed attempt the search runs again, and only if it finds
nothing is the issue posted again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from time import sleep as wait_seconds
from time import time as epoch_seconds

from github import GithubException
from github.Issue import Issue
from github.Repository import Repository

from dailypapers.errors import NotifyError, StoreError
from dailypapers.github.api import (
    MAX_RATE_LIMIT_WAIT,
    error_message,
    github_failures,
    rate_limit_wait,
)
from dailypapers.interfaces import Digest
from dailypapers.notify.delivery import ISSUE_CHANNEL

# Each attempt searches first, so a repeated attempt never opens a second issue.
MAX_ISSUE_ATTEMPTS = 3
_PERMISSION_HINT = (
    "add 'permissions: issues: write' to the workflow or the job, or set open-issue to false"
)


class IssueNotifier:
    """Delivers a run's digest in the day's issue of one repository: a notifier."""

    channel = ISSUE_CHANNEL

    def __init__(
        self,
        repository: Repository,
        name: str,
        labels: Sequence[str] = (),
        *,
        clock: Callable[[], float] = epoch_seconds,
        sleep: Callable[[float], None] = wait_seconds,
    ) -> None:
        self.name = name
        self.labels = list(labels)
        self.repository = repository
        self._clock = clock
        self._sleep = sleep

    def notify(self, digest: Digest, today: date) -> str:
        """The URL of the issue opened, or of the comment on the day's issue."""
        for attempt in range(1, MAX_ISSUE_ATTEMPTS + 1):
            try:
                with github_failures("looking for today's issue"):
                    return self._announce_once(digest, today)
            except StoreError as error:
                raise NotifyError(str(error)) from error
            except GithubException as error:
                wait = rate_limit_wait(error, self._clock())
                last = attempt == MAX_ISSUE_ATTEMPTS
                if (
                    last
                    or (wait is None and error.status < 500)
                    or (wait or 0) > MAX_RATE_LIMIT_WAIT
                ):
                    raise self._error(error, wait) from error
                # The next attempt looks for the issue first: a POST is never repeated blindly.
                self._sleep(wait or 0.0)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _announce_once(self, digest: Digest, today: date) -> str:
        existing = self._find(digest.title, today)
        if existing is not None:
            return self._comment(existing, digest.body)
        issue = self.repository.create_issue(digest.title, digest.body, labels=self.labels)
        return issue.html_url

    def _comment(self, issue: Issue, body: str) -> str:
        """Comments on the day's issue, unless an earlier attempt of this run already said it
        (its answer lost on the way back)."""
        if issue.body == body:
            return issue.html_url
        for comment in issue.get_comments():
            if comment.body == body:
                return comment.html_url
        return issue.create_comment(body).html_url

    def _find(self, title: str, today: date) -> Issue | None:
        """The issue with this title opened today, if any (updated since the day began)."""
        since = datetime.combine(today, time.min, tzinfo=UTC)
        for issue in self.repository.get_issues(state="all", since=since):
            if issue.title == title and issue.pull_request is None:
                return issue
        return None

    def _error(self, error: GithubException, rate_limited: float | None) -> NotifyError:
        message = error_message(error)
        where = f"the issues of {self.name}"
        if rate_limited is not None:
            return NotifyError(
                f"GitHub rate-limited the token on {where} ({error.status}: {message}); the "
                "next run will announce what it finds new"
            )
        if error.status == 410:
            return NotifyError(
                f"{where} are turned off ({message}); turn them on in the repository's "
                "settings, or set open-issue to false"
            )
        if error.status in {401, 403, 404}:
            return NotifyError(
                f"GitHub refused to let the token open or comment on {where} "
                f"({error.status}: {message}); {_PERMISSION_HINT}"
            )
        return NotifyError(
            f"GitHub could not open or comment on {where} ({error.status}: {message})"
        )
