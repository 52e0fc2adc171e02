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
from github import Auth, BadAttributeException, Github, GithubException, GithubRetry
from github.Repository import Repository
from urllib3.util.retry import Retry

from dailypapers.domain.errors import DailyPapersError
from dailypapers.domain.project import USER_AGENT
from dailypapers.pacing.hints import retry_after_seconds

# What GitHub's messages say where a status alone does not tell what happened (recorded from
# GitHub: tests/fixtures/github/SOURCE.md).
EMPTY_REPOSITORY = "This repository is empty."
NO_COMMIT_FOR_REF = "No commit found for the ref"
RULE_VIOLATIONS = "Repository rule violations found"
REQUIRED_STATUS_CHECK = "Required status check"
RATE_LIMIT = "rate limit"
# A rate limit is waited out up to this long (GitHub asks for at least a minute when it does not
# say how long); a longer one ends the run, which the next run repeats.
MAX_RATE_LIMIT_WAIT = 300.0
_SECONDARY_RATE_LIMIT_WAIT = 60.0
# What PyGithub raises, rather than an exception of its own, on an answer it cannot read: a body
# that is not JSON (ValueError), JSON without the keys it reads or of another shape (KeyError,
# TypeError, AttributeError).
_UNREADABLE_ANSWER = (ValueError, KeyError, TypeError, AttributeError)


# The requests PyGithub's retry repeats: reads. A write is made again by the run alone, which
# reads and merges again first (the store says how long to wait), so that no write is retried
# by two layers whose waits multiply.
RETRIED_METHODS = frozenset({"GET", "HEAD"})


def default_retry(
    total: int = 5, backoff_factor: float = 1.0, secondary_rate_wait: float = 60.0
) -> Retry:
    """Reads answered 5xx or rate-limited are retried with backoff, never waiting over 5
    minutes; writes are not repeated here (see RETRIED_METHODS). A connection that cannot be
    made (refused, no such host) is tried once more at once, then reported."""
    return GithubRetry(
        total=total,
        connect=1,
        backoff_factor=backoff_factor,
        secondary_rate_wait=secondary_rate_wait,
        max_rate_limit_wait=300,
        allowed_methods=RETRIED_METHODS,
    )


def connect(
    repository: str,
    token: str,
    api_url: str,
    *,
    retry: Retry | None = None,
    pace_requests: bool = True,
    timeout: int = 30,
    user_agent: str = USER_AGENT,
) -> Repository:
    """The ``owner/name`` repository, through a PyGithub client at ``api_url`` that makes no
    call until one is needed."""
    client = Github(
        auth=Auth.Token(token),
        base_url=api_url,
        user_agent=user_agent,
        timeout=timeout,
        retry=retry if retry is not None else default_retry(),
        # PyGithub's own pacing between calls; tests against a local emulator turn it off.
        seconds_between_requests=0.25 if pace_requests else None,
        seconds_between_writes=1.0 if pace_requests else None,
        # No call to fetch the repository itself: contents and commits need only its name.
        lazy=True,
    )
    return client.get_repo(repository)


def github_message(error: GithubException) -> str:
    """GitHub's own message in an error answer, or what there is instead."""
    data = error.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return str(error.message or data or "")


def is_missing_ref(error: GithubException) -> bool:
    """Whether a 404 says that the branch (the ref) does not exist, rather than the file."""
    return error.status == 404 and github_message(error).startswith(NO_COMMIT_FOR_REF)


def is_empty_repository(error: GithubException) -> bool:
    return error.status == 404 and github_message(error) == EMPTY_REPOSITORY


def is_rule_refusal(error: GithubException) -> bool:
    """Whether a write was refused by the branch's protection or a ruleset, not because the
    file changed meanwhile (which shares the statuses 409 and 422)."""
    message = github_message(error)
    return error.status in {409, 422} and (
        RULE_VIOLATIONS in message or REQUIRED_STATUS_CHECK in message
    )


def rate_limit_wait(error: GithubException, now: float) -> float | None:
    """How long GitHub asks to wait when the error is a rate limit (primary or secondary, as
    403 or 429), None when it is not one."""
    headers = {key.lower(): value for key, value in (error.headers or {}).items()}
    limited = error.status == 429 or (
        error.status == 403
        and (
            "retry-after" in headers
            or headers.get("x-ratelimit-remaining") == "0"
            or RATE_LIMIT in github_message(error).lower()
        )
    )
    if not limited:
        return None
    retry_after = retry_after_seconds(headers.get("retry-after"))
    if retry_after is not None:
        return retry_after
    reset = str(headers.get("x-ratelimit-reset", ""))
    if headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(0.0, float(reset) - now)
    return _SECONDARY_RATE_LIMIT_WAIT


@contextmanager
def github_failures(doing: str, failure: type[DailyPapersError]) -> Iterator[None]:
    """Turns what can go wrong on the way to GitHub, short of an error answer, into one
    ``failure`` that says what happened: retries that ran out, a connection or name lookup that
    failed, an attribute of the wrong type. Only the HTTP libraries' and PyGithub's own
    exceptions: any other error of the code inside stays what it is."""
    try:
        yield
    except requests.exceptions.RetryError as error:
        raise failure(
            f"GitHub kept failing while {doing}: {error}", url=_url_asked(error)
        ) from error
    except (requests.ConnectionError, requests.Timeout) as error:
        raise failure(
            f"could not reach GitHub while {doing} ({type(error).__name__}); check the "
            "network and GITHUB_API_URL, the next run will try again",
            url=_url_asked(error),
        ) from error
    except BadAttributeException as error:
        raise failure(undocumented_answer(doing, type(error).__name__)) from error


@contextmanager
def github_answer(doing: str, failure: type[DailyPapersError]) -> Iterator[None]:
    """Around PyGithub's calls only, never around code of this package: what PyGithub raises on
    an answer it cannot read, or on a redirect it will not follow, as one ``failure``."""
    try:
        yield
    except RuntimeError as error:
        # PyGithub's refusal to follow a redirect to another host or protocol.
        raise failure(f"GitHub's answer while {doing} could not be followed: {error}") from error
    except _UNREADABLE_ANSWER as error:
        raise failure(undocumented_answer(doing, type(error).__name__)) from error


def undocumented_answer(doing: str, what: str) -> str:
    """Says that GitHub answered otherwise than its API documents, and ``what`` was wrong."""
    return (
        f"GitHub's answer while {doing} was not what its API documents ({what}); nothing more "
        "was written"
    )


def _url_asked(error: requests.RequestException) -> str | None:
    return None if error.request is None else error.request.url
