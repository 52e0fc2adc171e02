"""Opening the day's notification issue on GitHub, or commenting on it when it exists already.

One issue a day at most: before opening one, the issues updated since the start of the day are
searched for today's title. Creating an issue is not idempotent and PyGithub's default retry would
repeat a POST whose answer was lost, opening a duplicate; so the POST is not retried by the
client: after a failed attempt the search runs again, and only if it finds nothing is the issue
posted again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import requests
from github import GithubException, GithubRetry
from github.Issue import Issue
from urllib3.util.retry import Retry

from dailypapers.config import GitHubSettings
from dailypapers.errors import PublishError
from dailypapers.notify import Notification
from dailypapers.publish import error_message, github_repository

# Each attempt searches first, so a repeated attempt never opens a second issue.
MAX_ISSUE_ATTEMPTS = 3
_PERMISSION_HINT = (
    "add 'permissions: issues: write' to the workflow or the job, or set open-issue to false"
)


def reads_only_retry() -> Retry:
    """The default retry, without POST: a repeated POST could open a second issue."""
    return GithubRetry(
        total=5,
        backoff_factor=1.0,
        max_rate_limit_wait=300,
        allowed_methods=frozenset({"GET", "HEAD", "OPTIONS"}),
    )


@dataclass(frozen=True, slots=True)
class NotifyResult:
    """Where the papers were announced: a new issue, or a comment on the day's issue."""

    url: str
    opened: bool


class IssueNotifier:
    """Announces a run's new papers in the day's issue of one repository."""

    def __init__(
        self,
        settings: GitHubSettings,
        labels: Sequence[str] = (),
        *,
        retry: Retry | None = None,
        pace_requests: bool = True,
        timeout: int = 30,
    ) -> None:
        self.settings = settings
        self.labels = list(labels)
        retry = retry if retry is not None else reads_only_retry()
        self._repository = github_repository(settings, retry, pace_requests, timeout)

    def notify(self, notification: Notification, today: date) -> NotifyResult:
        for attempt in range(1, MAX_ISSUE_ATTEMPTS + 1):
            try:
                existing = self._find(notification.title, today)
                if existing is not None:
                    return self._comment(existing, notification.body)
                issue = self._repository.create_issue(
                    notification.title, notification.body, labels=self.labels
                )
                return NotifyResult(issue.html_url, opened=True)
            except GithubException as error:
                if error.status < 500 or attempt == MAX_ISSUE_ATTEMPTS:
                    raise self._error(error) from error
            except requests.exceptions.RetryError as error:
                raise PublishError(
                    f"GitHub kept failing while looking for today's issue: {error}"
                ) from error
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _comment(self, issue: Issue, body: str) -> NotifyResult:
        """Comments on the day's issue, unless an earlier attempt of this run already said it
        (its answer lost on the way back)."""
        if issue.body == body:
            return NotifyResult(issue.html_url, opened=True)
        for comment in issue.get_comments():
            if comment.body == body:
                return NotifyResult(comment.html_url, opened=False)
        comment = issue.create_comment(body)
        return NotifyResult(comment.html_url, opened=False)

    def _find(self, title: str, today: date) -> Issue | None:
        """The issue with this title opened today, if any (updated since the day began)."""
        since = datetime.combine(today, time.min, tzinfo=UTC)
        for issue in self._repository.get_issues(state="all", since=since):
            if issue.title == title and issue.pull_request is None:
                return issue
        return None

    def _error(self, error: GithubException) -> PublishError:
        message = error_message(error)
        where = f"the issues of {self.settings.repository}"
        if error.status == 410:
            return PublishError(
                f"{where} are turned off ({message}); turn them on in the repository's "
                "settings, or set open-issue to false"
            )
        if error.status in {401, 403, 404}:
            return PublishError(
                f"GitHub refused to let the token open or comment on {where} "
                f"({error.status}: {message}); {_PERMISSION_HINT}"
            )
        return PublishError(
            f"GitHub could not open or comment on {where} ({error.status}: {message})"
        )
