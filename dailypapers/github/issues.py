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

from dailypapers.domain.errors import NotifyError
from dailypapers.domain.interfaces import ISSUE_CHANNEL, Digest
from dailypapers.github.api import (
    MAX_RATE_LIMIT_WAIT,
    github_answer,
    github_failures,
    github_message,
    rate_limit_wait,
)

# Each attempt searches first, so a repeated attempt never opens a second issue.
MAX_ISSUE_ATTEMPTS = 3
_LOOKING = "looking for today's issue"
_WRITING = "opening or commenting on today's issue"
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
                with github_failures(_LOOKING, NotifyError):
                    return self._announce_once(digest, today)
            except GithubException as error:
                wait = rate_limit_wait(error, self._clock())
                last = attempt == MAX_ISSUE_ATTEMPTS
                if (
                    last
                    or (wait is None and error.status < 500)
                    or (wait or 0) > MAX_RATE_LIMIT_WAIT
                ):
                    raise self._error(error, wait, attempt) from error
                # The next attempt looks for the issue first: a POST is never repeated blindly.
                self._sleep(wait or 0.0)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def preview(self, digest: Digest) -> str:
        return (
            f"would open the issue '{digest.title}' of {self.name}, or comment on it, with "
            f"{len(digest.body):,} characters"
        )

    def _announce_once(self, digest: Digest, today: date) -> str:
        existing = self._find(digest.title, today)
        if existing is not None:
            return self._comment(existing, digest.body)
        with github_answer(_WRITING, NotifyError):
            issue = self.repository.create_issue(digest.title, digest.body, labels=self.labels)
        return issue.html_url

    def _comment(self, issue: Issue, body: str) -> str:
        """Comments on the day's issue, unless an earlier attempt of this run already said it
        (its answer lost on the way back)."""
        if issue.body == body:
            return issue.html_url
        with github_answer(_LOOKING, NotifyError):
            said = next((said for said in issue.get_comments() if said.body == body), None)
        if said is not None:
            return said.html_url
        with github_answer(_WRITING, NotifyError):
            comment = issue.create_comment(body)
        return comment.html_url

    def _find(self, title: str, today: date) -> Issue | None:
        """The issue with this title opened today, if any (updated since the day began)."""
        since = datetime.combine(today, time.min, tzinfo=UTC)
        with github_answer(_LOOKING, NotifyError):
            issues = self.repository.get_issues(state="all", since=since)
            return next(
                (issue for issue in issues if issue.title == title and issue.pull_request is None),
                None,
            )

    def _error(
        self, error: GithubException, rate_limited: float | None, attempts: int
    ) -> NotifyError:
        message, status = github_message(error), error.status
        where = f"the issues of {self.name}"
        if rate_limited is not None:
            reason = (
                f"GitHub rate-limited the token on {where} ({status}: {message}); the "
                "next run will announce what it finds new"
            )
        elif status == 410:
            reason = (
                f"{where} are turned off ({message}); turn them on in the repository's "
                "settings, or set open-issue to false"
            )
        elif status in {401, 403, 404}:
            reason = (
                f"GitHub refused to let the token open or comment on {where} "
                f"({status}: {message}); {_PERMISSION_HINT}"
            )
        else:
            reason = f"GitHub could not open or comment on {where} ({status}: {message})"
        return NotifyError(reason, status=status, attempts=attempts)
